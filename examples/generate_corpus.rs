//! Writes the synthetic corpus of §8 into a folder, to measure spaser on a large input.
//!
//! ```text
//! cargo run --release --example generate_corpus -- DOSSIER [ACHATS] [CLASSEURS] [ANNÉE]
//! cargo run --release --example generate_corpus -- /tmp/corpus 1000000 200 2024
//! ```
//!
//! The same generator feeds `cargo bench --bench corpus` (see `benches/corpus.rs`).

#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(
        args.next()
            .ok_or("usage : generate_corpus DOSSIER [ACHATS] [CLASSEURS] [ANNÉE]")?,
    );
    let purchases = args.next().map(|a| a.parse()).transpose()?.unwrap_or(10_000);
    let workbooks = args.next().map(|a| a.parse()).transpose()?.unwrap_or(20);
    let year = args.next().map(|a| a.parse()).transpose()?.unwrap_or(2024);
    let shape = corpus::Shape {
        purchases,
        workbooks,
        year,
        // As Excel saves them.
        shared_strings: true,
    };
    let files = corpus::generate(&dir, shape)?;
    println!(
        "{} classeurs écrits dans {} ({purchases} achats)",
        files.len(),
        dir.display()
    );
    Ok(())
}
