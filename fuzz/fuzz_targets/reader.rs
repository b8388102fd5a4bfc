//! The input reader, structure-aware: the first byte chooses what the fuzzer's bytes become — one
//! XML part of a valid `.xlsx` zip, the `content.xml` of a valid `.ods`, or a DECP file (JSON or
//! XML) — read all the way through recognition and validation. Never a panic, never an abort
//! (an abort would still be contained by the supervisor, §9, but is a finding).
#![no_main]

use libfuzzer_sys::fuzz_target;
use spaser::settings::RunSettings;
use std::io::Write;
use std::path::Path;
use std::sync::OnceLock;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Marchés" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
const SHEET: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:D2"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>R1</t></is></c><c r="B2" t="inlineStr"><is><t>Objet</t></is></c><c r="C2" t="inlineStr"><is><t>T</t></is></c><c r="D2"><v>1200</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A3:B4"/></mergeCells></worksheet>"#;
const STRINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4"><si><t>Référence</t></si><si><t>Objet</t></si><si><t>Nature</t></si><si><t>Montant HT</t></si></sst>"#;

fn settings() -> &'static RunSettings {
    static SETTINGS: OnceLock<RunSettings> = OnceLock::new();
    SETTINGS.get_or_init(|| {
        spaser::settings::run_settings(Path::new("/nonexistent-spaser-fuzz"), Some(2024), None)
            .expect("builtin settings")
    })
}

fn workbook(part: usize, xml: &[u8]) -> Vec<u8> {
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", SHEET.as_bytes()),
        ("xl/sharedStrings.xml", STRINGS.as_bytes()),
    ];
    let index = part % parts.len();
    parts[index].1 = xml;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in parts {
        if zip.start_file(name, zip::write::SimpleFileOptions::default()).is_err() || zip.write_all(content).is_err() {
            return Vec::new();
        }
    }
    zip.finish().map(|c| c.into_inner()).unwrap_or_default()
}

const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

/// A valid `.ods` whose `content.xml` is the fuzzer's bytes.
fn spreadsheet(content: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let parts: [(&str, &[u8], zip::write::SimpleFileOptions); 3] = [
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet", stored),
        ("content.xml", content, zip::write::SimpleFileOptions::default()),
        ("META-INF/manifest.xml", MANIFEST.as_bytes(), zip::write::SimpleFileOptions::default()),
    ];
    for (name, content, options) in parts {
        if zip.start_file(name, options).is_err() || zip.write_all(content).is_err() {
            return Vec::new();
        }
    }
    zip.finish().map(|c| c.into_inner()).unwrap_or_default()
}

fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else { return };
    let (name, bytes) = match choice % 9 {
        6 => ("fuzz.ods", spreadsheet(rest)),
        7 => ("decp.json", rest.to_vec()),
        8 => ("decp.xml", rest.to_vec()),
        part => ("fuzz.xlsx", workbook(usize::from(part), rest)),
    };
    let _ = spaser::source::load_bytes(Path::new(name), &bytes, None, settings());
});
