//! The `Calcul` / `Filtre` parser on any text: never a panic. The first line is the `Calcul`,
//! the rest the `Filtre`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spaser::catalogue::Catalogue;
use spaser::parse::expression::parse_computation;
use std::sync::OnceLock;

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue::builtin().expect("builtin catalogue"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (calcul, filtre) = match text.split_once('\n') {
        Some((c, f)) => (c, Some(f)),
        None => (text, None),
    };
    let _ = parse_computation(calcul, filtre, catalogue());
});
