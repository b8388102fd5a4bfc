//! The workbook reader, structure-aware: a valid `.xlsx` zip whose one XML part (chosen by the
//! first byte) is the fuzzer's bytes, read all the way through recognition and validation.
//! Never a panic, never an abort.
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

fuzz_target!(|data: &[u8]| {
    let Some((&part, xml)) = data.split_first() else { return };
    let bytes = workbook(usize::from(part), xml);
    let _ = spaser::source::load_bytes(Path::new("fuzz.xlsx"), &bytes, None, settings());
});
