//! SPEC §9, crash-only reading: the reading of one input runs in a worker process whose death
//! (memory exhausted, abort) or overlong reading never ends `check`, `bilan` or `watch`; the
//! file gets `lecture-interrompue` and the others are read.

use crate::hostile_rules::recensement;
use crate::support::*;
#[cfg(unix)]
use std::io::Write;
#[cfg(unix)]
use std::path::Path;

/// An ODS whose one cell holds `<text:s text:c="2000000000"/>`: two billion spaces, which the
/// reader builds in memory.
#[cfg(unix)]
pub(crate) fn ods_with_two_billion_spaces(path: &Path) {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Marchés"><table:table-row><table:table-cell office:value-type="string"><text:p>Référence</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Objet<text:s text:c="2000000000"/>fin</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.start_file("META-INF/manifest.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    zip.finish().unwrap();
}

fn interrupted<'a>(seen: &'a [Seen], file: &str) -> Option<&'a Seen> {
    seen.iter().find(|d| d.code == "lecture-interrompue" && d.file == file)
}

#[test]
#[cfg(unix)]
fn a_file_whose_reading_ends_the_reader_is_lecture_interrompue_and_the_others_are_read() {
    let dir = tempfile::tempdir().unwrap();
    recensement(&dir.path().join("voirie.xlsx"), "V-1");
    ods_with_two_billion_spaces(&dir.path().join("bombe.ods"));
    std::fs::write(dir.path().join("spaser.toml"), "[limites]\nmemoire_mio = 512\n").unwrap();
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!(code, 1, "{seen:#?}");
    let said = interrupted(&seen, "bombe.ods").unwrap_or_else(|| panic!("{seen:#?}"));
    assert_eq!(said.severity, "erreur");
    assert!(said.message.contains("écarté du bilan"), "{}", said.message);
    assert!(
        said.suggestion.contains("enregistrez-le de nouveau"),
        "{}",
        said.suggestion
    );
    let (code, text) = bilan(dir.path(), &[".", "-o", "bilan.xlsx"]);
    assert_eq!(code, 0, "the bilan is written from the other files: {text}");
    let recensement = Book::open(&dir.path().join("bilan.xlsx")).sheet("Recensement");
    assert!(recensement.record("Référence", "V-1")["Fichier"].starts_with("voirie.xlsx"));
}

#[test]
fn a_file_read_for_longer_than_the_limit_is_interrupted_and_the_others_are_read() {
    let dir = tempfile::tempdir().unwrap();
    recensement(&dir.path().join("voirie.xlsx"), "V-1");
    let mut rows = vec![recensement_header(&[])];
    rows.extend((0..60_000).map(|i| {
        vec![
            C::S(format!("L-{i}")),
            C::T("Objet"),
            C::T("Travaux"),
            C::N(1000.0),
            C::D(2024, 3, 1),
        ]
    }));
    write_book(&dir.path().join("lourd.xlsx"), &[SheetSpec::new("Marchés", rows)]);
    std::fs::write(dir.path().join("spaser.toml"), "[limites]\nsecondes_par_fichier = 1\n").unwrap();
    let started = std::time::Instant::now();
    let (code, seen) = check(dir.path(), &["."]);
    let said = interrupted(&seen, "lourd.xlsx").unwrap_or_else(|| panic!("{seen:#?}"));
    assert!(said.message.contains("a dépassé 1 s"), "{}", said.message);
    assert_eq!(code, 1);
    assert!(seen.iter().all(|d| d.file != "voirie.xlsx"), "{seen:#?}");
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
}
