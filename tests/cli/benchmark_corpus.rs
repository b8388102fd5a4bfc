//! The §8 synthetic corpus (the benchmark's input) reads in each of its three layouts — title
//! rows, synonyms, text amounts and dates, abbreviations, `X` for yes — with only its deliberate
//! `k€` amounts reported, so that the benchmark measures spaser reading real-looking workbooks.

#[path = "../../benches/support/corpus.rs"]
mod corpus;

use crate::support::*;

#[test]
fn the_benchmark_corpus_reads_in_every_layout_with_only_its_k_euro_amounts_reported() {
    reads_with_only_its_k_euro_amounts_reported(false);
}

#[test]
fn the_benchmark_corpus_reads_the_same_with_its_texts_in_a_shared_string_table_as_excel_saves_them() {
    reads_with_only_its_k_euro_amounts_reported(true);
}

fn reads_with_only_its_k_euro_amounts_reported(shared_strings: bool) {
    let dir = tempfile::tempdir().expect("temp dir");
    let shape = corpus::Shape {
        purchases: 3_300,
        workbooks: 3,
        year: 2024,
        shared_strings,
    };
    corpus::generate(dir.path(), shape).expect("corpus written");

    let (_, seen) = check(dir.path(), &["."]);
    // Only the title-rows layout types amounts as text; one row in a thousand says `k€`.
    let want = [
        ("Recensement_service_001.xlsx", "F8", "unite-lue"),
        ("Recensement_service_001.xlsx", "F1008", "unite-lue"),
    ]
    .map(|(f, c, k)| (f.to_string(), c.to_string(), k.to_string()));
    assert_eq!(file_cell_code(&seen), want);

    let (code, _) = bilan(dir.path(), &["-o", "bilan.xlsx"]);
    assert_eq!(code, 0);
    let recensement = Book::open(&dir.path().join("bilan.xlsx")).sheet("Recensement");
    // The `k€` amounts are read (as thousands of euros) with their warning: every row counts.
    assert_eq!(recensement.records().len(), shape.purchases);
}
