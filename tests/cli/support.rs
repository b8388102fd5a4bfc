//! Test helpers: run the real binary, build small workbooks inline, patch their XML where
//! rust_xlsxwriter cannot produce what real files contain, hash files.

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use serde_json::Value as Json;
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The real-layout fixtures, copied from the workplace's `shared/fixtures/` (see
/// `tests/fixtures/README.md`).
pub fn shared_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The shipped samples folder.
pub fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// Runs `spaser` with `args` from `dir`.
pub fn spaser(dir: &Path, args: &[&str]) -> Output {
    output_of(Command::new(env!("CARGO_BIN_EXE_spaser")).current_dir(dir).args(args))
}

/// How many times a test tries to start a process the system refused to create.
const STARTS: usize = 5;

/// Runs `command` to its end. A process the system refuses to create (Wine under load in CI:
/// « Os code 1359, Internal error » from CreateProcess) is tried again: that refusal says
/// nothing of spaser, which never started.
pub fn output_of(command: &mut Command) -> Output {
    retry_start(|| command.output())
}

/// Starts `command`, trying again when the system refuses to create the process.
pub fn spawn_of(command: &mut Command) -> std::process::Child {
    retry_start(|| command.spawn())
}

fn retry_start<T>(mut start: impl FnMut() -> std::io::Result<T>) -> T {
    let mut last = None;
    for attempt in 0..STARTS {
        if attempt > 0 {
            std::thread::sleep(std::time::Duration::from_millis(300));
        }
        match start() {
            Ok(started) => return started,
            Err(error) => last = Some(error),
        }
    }
    panic!("spaser could not be started {STARTS} times: {last:?}")
}

/// A diagnostic as printed by `check --format json`.
#[derive(Debug, Clone, PartialEq)]
pub struct Seen {
    pub file: String,
    pub sheet: String,
    pub cell: String,
    pub severity: String,
    pub code: String,
    pub message: String,
    pub suggestion: String,
}

/// Runs `spaser check --format json` on `paths` (relative to `dir`): exit code and diagnostics.
pub fn check(dir: &Path, paths: &[&str]) -> (i32, Vec<Seen>) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(paths);
    let output = spaser(dir, &args);
    let seen = parse_json_diagnostics(&String::from_utf8(output.stdout).expect("utf-8"));
    (output.status.code().unwrap_or(-1), seen)
}

/// The diagnostics `check --format json` printed.
pub fn parse_json_diagnostics(stdout: &str) -> Vec<Seen> {
    let json: Json = serde_json::from_str(stdout).unwrap_or_else(|e| panic!("JSON on stdout ({e}): {stdout}"));
    let text = |v: &Json, key: &str| v.get(key).and_then(Json::as_str).unwrap_or_default().to_string();
    json.as_array()
        .expect("an array")
        .iter()
        .map(|d| Seen {
            file: text(d, "fichier"),
            sheet: text(d, "feuille"),
            cell: text(d, "cellule"),
            severity: text(d, "gravite"),
            code: text(d, "code"),
            message: text(d, "message"),
            suggestion: text(d, "suggestion"),
        })
        .collect()
}

/// `(file, cell, code)` of each diagnostic, the file without its leading `./`.
pub fn file_cell_code(seen: &[Seen]) -> Vec<(String, String, String)> {
    seen.iter()
        .map(|d| {
            (
                d.file.trim_start_matches("./").to_string(),
                d.cell.clone(),
                d.code.clone(),
            )
        })
        .collect()
}

/// `(code, cell)` pairs, for exact comparisons.
pub fn codes(seen: &[Seen]) -> Vec<(String, String)> {
    seen.iter().map(|d| (d.code.clone(), d.cell.clone())).collect()
}

/// Owned `(code, cell)` pairs from literals.
pub fn expected(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(c, cell)| (c.to_string(), cell.to_string()))
        .collect()
}

/// One cell of an inline workbook.
#[derive(Debug, Clone)]
pub enum C {
    /// Text.
    T(&'static str),
    /// Owned text.
    S(String),
    /// A number.
    N(f64),
    /// A date cell (dd/mm/yyyy format).
    D(u16, u8, u8),
    /// A boolean cell.
    B(bool),
    /// A formula with its cached result (`#DIV/0!` gives an error value).
    F(&'static str, &'static str),
    /// Nothing.
    E,
}

/// A sheet to write: name, rows from A1 (or from `origin`), merged ranges.
pub struct SheetSpec {
    pub name: &'static str,
    pub origin: (u32, u16),
    pub rows: Vec<Vec<C>>,
    pub merges: Vec<(u32, u16, u32, u16)>,
}

impl SheetSpec {
    pub fn new(name: &'static str, rows: Vec<Vec<C>>) -> Self {
        SheetSpec {
            name,
            origin: (0, 0),
            rows,
            merges: Vec::new(),
        }
    }

    pub fn at(mut self, row: u32, col: u16) -> Self {
        self.origin = (row, col);
        self
    }

    pub fn merge(mut self, first_row: u32, first_col: u16, last_row: u32, last_col: u16) -> Self {
        self.merges.push((first_row, first_col, last_row, last_col));
        self
    }
}

/// The five required headers of a recensement (§3), then `extra` ones.
pub fn recensement_header(extra: &[&'static str]) -> Vec<C> {
    ["Référence", "Objet", "Nature", "Montant HT (€)", "Date de notification"]
        .iter()
        .chain(extra)
        .map(|h| C::T(h))
        .collect()
}

/// An `Actions` sheet of one fiche action, `code` entitled `intitule`.
pub fn one_action(code: &'static str, intitule: &'static str) -> SheetSpec {
    SheetSpec::new(
        "Actions",
        vec![
            vec![C::T("Code FA"), C::T("Intitulé")],
            vec![C::T(code), C::T(intitule)],
        ],
    )
}

/// One computed indicator: code, fiche action, libellé, unité, `Calcul`, `Filtre` (empty for
/// none), target.
pub type ComputedIndicator = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    f64,
);

/// An `Indicateurs` sheet of computed indicators, their targets under the header `cible`
/// (`Cible 2024`).
pub fn computed_indicators(cible: &'static str, indicators: &[ComputedIndicator]) -> SheetSpec {
    let header = [
        "Code indicateur",
        "Code FA",
        "Libellé",
        "Unité",
        "Calcul",
        "Filtre",
        cible,
    ];
    let rows = indicators
        .iter()
        .map(|(code, fa, libelle, unite, calcul, filtre, target)| {
            let filtre = if filtre.is_empty() { C::E } else { C::T(filtre) };
            vec![
                C::T(code),
                C::T(fa),
                C::T(libelle),
                C::T(unite),
                C::T(calcul),
                filtre,
                C::N(*target),
            ]
        });
    SheetSpec::new(
        "Indicateurs",
        std::iter::once(header.iter().map(|h| C::T(h)).collect())
            .chain(rows)
            .collect(),
    )
}

/// Writes a workbook with the given sheets.
pub fn write_book(path: &Path, sheets: &[SheetSpec]) {
    let mut workbook = Workbook::new();
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    for spec in sheets {
        let sheet = workbook.add_worksheet().set_name(spec.name).expect("sheet name");
        for (r, row) in spec.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (spec.origin.0 + r as u32, spec.origin.1 + c as u16);
                match cell {
                    C::T(t) => drop(sheet.write_string(r, c, *t).expect("write")),
                    C::S(t) => drop(sheet.write_string(r, c, t).expect("write")),
                    C::N(n) => drop(sheet.write_number(r, c, *n).expect("write")),
                    C::D(y, m, d) => drop(
                        sheet
                            .write_datetime_with_format(
                                r,
                                c,
                                ExcelDateTime::from_ymd(*y, *m, *d).expect("date"),
                                &date_format,
                            )
                            .expect("write"),
                    ),
                    C::B(b) => drop(sheet.write_boolean(r, c, *b).expect("write")),
                    C::F(f, result) => drop(
                        sheet
                            .write_formula(r, c, Formula::new(*f).set_result(*result))
                            .expect("write"),
                    ),
                    C::E => {}
                }
            }
        }
        for (fr, fc, lr, lc) in &spec.merges {
            let text = match spec
                .rows
                .get((fr - spec.origin.0) as usize)
                .and_then(|r| r.get((fc - spec.origin.1) as usize))
            {
                Some(C::T(t)) => t.to_string(),
                Some(C::S(t)) => t.clone(),
                _ => String::new(),
            };
            sheet
                .merge_range(*fr, *fc, *lr, *lc, &text, &Format::new())
                .expect("merge");
        }
    }
    workbook.save(path).expect("save");
}

/// Rewrites one XML part of an xlsx file.
pub fn patch_xlsx(path: &Path, part: &str, edit: impl Fn(&str) -> String) {
    let bytes = std::fs::read(path).expect("read");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let name = entry.name().expect("name").to_string();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).expect("inflate");
        if name == part {
            content = edit(&String::from_utf8(content).expect("xml")).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        out.write_all(&content).expect("write");
    }
    let cursor = out.finish().expect("finish");
    std::fs::write(path, cursor.into_inner()).expect("write back");
}

/// One XML part of an xlsx file, as text.
/// The 2022 bilan of seed 001's table (long texts, no purchases), written in a folder of its
/// own: the folder and the workbook, `out.xlsx` (its document beside it, `out.docx`).
pub fn seed_001_bilan() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::copy(
        shared_fixtures().join("gosb-2022-bilan.xlsx"),
        dir.path().join("gosb-2022-bilan.xlsx"),
    )
    .expect("copy");
    let (code, text) = bilan(dir.path(), &[".", "-o", "out.xlsx", "--year", "2022"]);
    assert!(code == 0 || code == 1, "{text}");
    let path = dir.path().join("out.xlsx");
    (dir, path)
}

/// The XML of the sheet named `name` (rust_xlsxwriter numbers its parts in sheet order).
pub fn sheet_xml(path: &Path, name: &str) -> String {
    let names = Book::open(path).sheet_names();
    let index = names.iter().position(|n| n == name).expect("the sheet") + 1;
    xlsx_part(path, &format!("xl/worksheets/sheet{index}.xml"))
}

pub fn xlsx_part(path: &Path, part: &str) -> String {
    let bytes = std::fs::read(path).expect("read");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut entry = archive.by_name(part).unwrap_or_else(|e| panic!("{part}: {e}"));
    let mut text = String::new();
    entry.read_to_string(&mut text).expect("utf-8 xml");
    text
}

/// SHA-256 of a file's bytes.
pub fn sha256(path: &Path) -> Vec<u8> {
    Sha256::digest(std::fs::read(path).expect("read")).to_vec()
}

/// Every file under `dir` with its hash.
pub fn hashes(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut all: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), sha256(e.path())))
        .collect();
    all.sort();
    all
}

/// Reading settings for library-level tests on `dir`.
pub fn settings(dir: &Path) -> spaser::settings::RunSettings {
    spaser::settings::run_settings(dir, None, None).expect("settings")
}

/// Loads every workbook under `paths` through the library.
pub fn load(paths: &[PathBuf], base: &Path) -> spaser::model::Inputs {
    let scanned = spaser::scan::scan(paths, &spaser::scan::Outputs::none()).expect("scan");
    let settings = settings(base);
    spaser::pipeline::load(&scanned, &settings, None, &|_| {}).inputs(&settings)
}

/// The bilans written beside `Bilan_SPASER_<year>.xlsx` in `dir`, when it could not be replaced.
pub fn written_beside(dir: &Path, year: i32) -> Vec<PathBuf> {
    let prefix = format!("Bilan_SPASER_{year} (mis à jour ");
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

/// Runs `spaser bilan` with `args` from `dir`; returns the exit code and stdout + stderr.
pub fn bilan(dir: &Path, args: &[&str]) -> (i32, String) {
    let mut all = vec!["bilan"];
    all.extend_from_slice(args);
    let output = spaser(dir, &all);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code().unwrap_or(-1), text)
}

/// Writes the samples' bilan into a temporary folder (with `extra` arguments); the folder and
/// the bilan's path.
pub fn samples_bilan(extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().expect("tmp");
    let path = out.path().join("bilan.xlsx");
    let mut args = vec![".", "-o", path.to_str().expect("utf-8")];
    args.extend_from_slice(extra);
    let (code, text) = bilan(&samples(), &args);
    assert_eq!(code, 0, "{text}");
    (out, path)
}

/// A written workbook read back with calamine.
pub struct Book {
    pub workbook: calamine::Xlsx<std::io::BufReader<std::fs::File>>,
}

impl Book {
    pub fn open(path: &Path) -> Self {
        Book {
            workbook: calamine::open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        }
    }

    pub fn sheet_names(&self) -> Vec<String> {
        use calamine::Reader;
        self.workbook.sheet_names()
    }

    /// Every cell of a sheet as text, from A1 (numbers in Rust notation, empty cells as "").
    pub fn sheet(&mut self, name: &str) -> Table {
        use calamine::Reader;
        let range = self.workbook.worksheet_range(name).expect("sheet");
        let (height, width) = range.end().map_or((0, 0), |(r, c)| (r as usize + 1, c as usize + 1));
        let rows = (0..height)
            .map(|r| {
                (0..width)
                    .map(|c| range.get_value((r as u32, c as u32)).map(text_of).unwrap_or_default())
                    .collect()
            })
            .collect();
        Table { rows }
    }

    /// The formulas of a sheet (empty when every cell holds a value).
    pub fn formulas(&mut self, name: &str) -> Vec<String> {
        use calamine::Reader;
        let range = self.workbook.worksheet_formula(name).expect("formulas");
        range
            .used_cells()
            .map(|(_, _, f)| f.clone())
            .filter(|f| !f.is_empty())
            .collect()
    }
}

fn text_of(data: &calamine::Data) -> String {
    use calamine::Data;
    match data {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => format!("{i}"),
        Data::Bool(b) => format!("{b}"),
        Data::DateTime(d) => d
            .as_datetime()
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default(),
        other => other.to_string(),
    }
}

/// A sheet's cells as text.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// The header row (row 1).
    pub fn headers(&self) -> Vec<String> {
        let mut headers = self.rows.first().cloned().unwrap_or_default();
        while headers.last().is_some_and(String::is_empty) {
            headers.pop();
        }
        headers
    }

    /// Column index of a header.
    pub fn col(&self, header: &str) -> usize {
        self.headers()
            .iter()
            .position(|h| h == header)
            .unwrap_or_else(|| panic!("no column {header} in {:?}", self.headers()))
    }

    /// Data rows (below the header), as maps from header to text.
    pub fn records(&self) -> Vec<std::collections::BTreeMap<String, String>> {
        let headers = self.headers();
        self.rows
            .iter()
            .skip(1)
            .filter(|row| row.iter().any(|c| !c.is_empty()))
            .map(|row| headers.iter().cloned().zip(row.iter().cloned()).collect())
            .collect()
    }

    /// The record whose `key` column equals `value`.
    pub fn record(&self, key: &str, value: &str) -> std::collections::BTreeMap<String, String> {
        self.records()
            .into_iter()
            .find(|r| r.get(key).map(String::as_str) == Some(value))
            .unwrap_or_else(|| panic!("no row with {key} = {value}"))
    }

    /// The record whose `key` column is a spelling of the code `code` (§4: `FA 4` is `FA4`).
    pub fn record_with_code(&self, key: &str, code: &str) -> std::collections::BTreeMap<String, String> {
        self.records()
            .into_iter()
            .find(|r| {
                r.get(key)
                    .and_then(|c| spaser::model::Code::new(c))
                    .is_some_and(|c| c == code)
            })
            .unwrap_or_else(|| panic!("no row with {key} = {code}"))
    }

    /// The row whose first cell is `label` (blocks of the Synthèse).
    pub fn row_labelled(&self, label: &str) -> Vec<String> {
        self.rows
            .iter()
            .find(|r| r.first().map(String::as_str) == Some(label))
            .cloned()
            .unwrap_or_else(|| panic!("no row labelled {label}"))
    }
}

/// A number written by the bilan, read back.
pub fn num(text: &str) -> f64 {
    text.parse().unwrap_or_else(|_| panic!("not a number: {text:?}"))
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().filter_map(Result::ok) {
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
