//! Problems found in inputs, as data: where (file, sheet, cell), how bad, a stable code, a French
//! message and an optional suggestion. Rendering lives in `render`; nothing here prints.

use serde::Serialize;
use std::fmt;
pub mod cap;
mod code;
mod os;
mod path;
mod tally;

pub use code::Code;
pub use os::in_french;

pub use path::{PathStyle, relative};
use std::path::Path;
use std::sync::Arc;
pub use tally::Tally;

/// How serious a diagnostic is. Only errors make `spaser check` exit with 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Severity {
    /// The value or row cannot be used as it is.
    #[serde(rename = "erreur")]
    Error,
    /// The value is used, but probably not what the service meant.
    #[serde(rename = "avertissement")]
    Warning,
    /// Something the pilot should know (ignored rows, extra columns).
    #[serde(rename = "info")]
    Info,
}

impl Severity {
    /// The French word shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "erreur",
            Severity::Warning => "avertissement",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Where a diagnostic points: a file, optionally a sheet, optionally a cell or a row.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    /// The input file, as given or found by the scan (shared: a file's diagnostics are many, and
    /// a diagnostic small enough to be returned by value on every platform).
    pub file: Arc<Path>,
    /// The sheet's name, when the problem is inside a sheet (boxed: diagnostics are many, and
    /// small enough to be returned by value).
    pub sheet: Option<Box<str>>,
    /// Position in the sheet, 0-based, absolute (already corrected for calamine's range offset).
    pub position: Position,
}

/// A position inside a sheet, 0-based, or inside a DECP file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Position {
    /// The whole file or sheet.
    None,
    /// A whole row.
    Row(u32),
    /// One cell (row, column).
    Cell(u32, u32),
    /// One contract of a DECP file (0-based index in its list), optionally one of its fields
    /// (a dotted path inside the contract: `dureeMois`, `titulaires[0].titulaire.id`).
    Entry(EntryList, u32, Option<&'static str>),
}

/// The list of a DECP file that holds its contracts, as its JSON path names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntryList {
    /// `{"marches": {"marche": [...]}}`, and the XML form `<marches><marche>…`.
    Nested,
    /// `{"marches": [...]}`.
    Flat,
    /// `{"marches": {"contrat-concession": [...]}}`, and the XML form
    /// `<marches><contrat-concession>…`.
    Concessions,
}

impl EntryList {
    /// The JSON path of the list.
    pub fn path(self) -> &'static str {
        match self {
            EntryList::Nested => "marches.marche",
            EntryList::Flat => "marches",
            EntryList::Concessions => "marches.contrat-concession",
        }
    }
}

impl Location {
    /// A location naming only a file.
    pub fn file(path: &Path) -> Self {
        Location {
            file: Arc::from(path),
            sheet: None,
            position: Position::None,
        }
    }

    /// A location naming a sheet of a file.
    pub fn sheet(path: &Path, sheet: &str) -> Self {
        Location {
            file: Arc::from(path),
            sheet: Some(sheet.into()),
            position: Position::None,
        }
    }

    /// The same sheet, at one cell.
    pub fn at_cell(&self, row: u32, col: u32) -> Self {
        Location {
            position: Position::Cell(row, col),
            ..self.clone()
        }
    }

    /// The same sheet, at one row.
    pub fn at_row(&self, row: u32) -> Self {
        Location {
            position: Position::Row(row),
            ..self.clone()
        }
    }

    /// One contract of a DECP file, optionally one of its fields.
    pub fn entry(path: &Path, list: EntryList, index: u32, field: Option<&'static str>) -> Self {
        Location {
            file: Arc::from(path),
            sheet: None,
            position: Position::Entry(list, index, field),
        }
    }

    /// The cell as users read it: `B12`, `ligne 12`, a DECP path `marches.marche[3].dureeMois`,
    /// or empty.
    pub fn cell_label(&self) -> String {
        match self.position {
            Position::None => String::new(),
            Position::Row(row) => format!("ligne {}", row + 1),
            Position::Cell(row, col) => a1(row, col),
            Position::Entry(list, index, None) => format!("{}[{index}]", list.path()),
            Position::Entry(list, index, Some(field)) => format!("{}[{index}].{field}", list.path()),
        }
    }
}

/// The A1 name of a 0-based (row, column): `(11, 1)` → `B12`.
pub fn a1(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), row + 1)
}

/// The letters of a 0-based column: 0 → `A`, 25 → `Z`, 26 → `AA`. A spreadsheet has at most
/// 16 384 columns, well within what rust_xlsxwriter names.
pub fn column_letters(col: u32) -> String {
    rust_xlsxwriter::utility::column_number_to_name(u16::try_from(col).unwrap_or(u16::MAX))
}

/// What is wrong, in French, and what to do about it: the part of a problem that the cell
/// parsers, the expression parser and the diagnostics share.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Explanation {
    /// What is wrong and what was expected.
    pub message: String,
    /// What to do, when there is something obvious to do.
    pub suggestion: Option<String>,
}

/// A value quoted in a message (« … ») is cut at this many characters (§9).
pub const QUOTED_CHARS: usize = 200;

impl Explanation {
    /// An explanation without suggestion.
    pub fn new(message: impl Into<String>) -> Self {
        Explanation {
            message: cut_quotes(message.into()),
            suggestion: None,
        }
    }

    /// Adds a suggestion.
    pub fn suggest(mut self, suggestion: impl Into<String>) -> Self {
        self.suggestion = Some(cut_quotes(suggestion.into()));
        self
    }
}

/// The text with every value quoted between « and » cut at [`QUOTED_CHARS`] characters: a
/// 100 MB cell never makes a 100 MB message.
fn cut_quotes(text: String) -> String {
    if text.len() <= QUOTED_CHARS {
        return text;
    }
    let mut out = String::with_capacity(text.len().min(4 * 1024));
    let mut rest = text.as_str();
    while let Some(open) = rest.find('«') {
        let (before, quoted) = rest.split_at(open + '«'.len_utf8());
        out.push_str(before);
        let close = quoted.find('»').unwrap_or(quoted.len());
        let inner = &quoted[..close];
        match inner.char_indices().nth(QUOTED_CHARS) {
            Some((at, _)) => {
                out.push_str(&inner[..at]);
                out.push_str("… ");
            }
            None => out.push_str(inner),
        }
        rest = &quoted[close..];
    }
    out.push_str(rest);
    out
}

impl From<String> for Explanation {
    fn from(message: String) -> Self {
        Explanation::new(message)
    }
}

impl From<&str> for Explanation {
    fn from(message: &str) -> Self {
        Explanation::new(message)
    }
}

/// A problem with one value, before it is given a location: the cell parsers' output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Error (value unusable) or warning (value used).
    pub severity: Severity,
    /// Stable code.
    pub code: Code,
    /// What is wrong and what to do.
    pub explanation: Explanation,
}

impl Problem {
    /// An error: the value cannot be used.
    pub fn error(code: Code, message: impl Into<Explanation>) -> Self {
        Problem {
            severity: Severity::Error,
            code,
            explanation: message.into(),
        }
    }

    /// A warning: the value is used.
    pub fn warning(code: Code, message: impl Into<Explanation>) -> Self {
        Problem {
            severity: Severity::Warning,
            code,
            explanation: message.into(),
        }
    }

    /// Adds a suggestion.
    pub fn suggest(mut self, suggestion: impl Into<String>) -> Self {
        self.explanation = self.explanation.suggest(suggestion);
        self
    }

    /// The problem at `location`.
    pub fn at(self, location: Location) -> Diagnostic {
        Diagnostic {
            location,
            severity: self.severity,
            code: self.code,
            explanation: self.explanation,
            elided: 0,
        }
    }
}

/// One problem found in the inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the problem is.
    pub location: Location,
    /// How serious it is.
    pub severity: Severity,
    /// Stable code.
    pub code: Code,
    /// What is wrong and what to do, in French.
    pub explanation: Explanation,
    /// For the diagnostic that stands for those left out of a file (§9, [`cap`]): how many.
    pub elided: usize,
}

impl Diagnostic {
    /// An error at `location`.
    pub fn error(location: Location, code: Code, message: impl Into<Explanation>) -> Self {
        Self::new(location, Severity::Error, code, message)
    }

    /// A warning at `location`.
    pub fn warning(location: Location, code: Code, message: impl Into<Explanation>) -> Self {
        Self::new(location, Severity::Warning, code, message)
    }

    /// An information at `location`.
    pub fn info(location: Location, code: Code, message: impl Into<Explanation>) -> Self {
        Self::new(location, Severity::Info, code, message)
    }

    fn new(location: Location, severity: Severity, code: Code, message: impl Into<Explanation>) -> Self {
        Diagnostic {
            location,
            severity,
            code,
            explanation: message.into(),
            elided: 0,
        }
    }

    /// Adds a suggestion.
    pub fn suggest(mut self, suggestion: impl Into<String>) -> Self {
        self.explanation = self.explanation.suggest(suggestion);
        self
    }

    /// Says in the message that the row is left out of the computations.
    pub fn excluding_row(mut self) -> Self {
        self.explanation.message.push_str(" La ligne est exclue des calculs.");
        self
    }

    /// The French message.
    pub fn message(&self) -> &str {
        &self.explanation.message
    }

    /// The suggestion, if any.
    pub fn suggestion(&self) -> Option<&str> {
        self.explanation.suggestion.as_deref()
    }
}

/// Sorts diagnostics the way they are shown: by file, sheet, position, then code.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
}

/// File, sheet, then row before column (a whole-row diagnostic comes first in its row).
fn sort_key(d: &Diagnostic) -> (&Path, Option<&str>, Option<u32>, Option<u32>, Code, &str) {
    let (row, col) = match d.location.position {
        Position::None => (None, None),
        Position::Row(row) => (Some(row), None),
        Position::Cell(row, col) => (Some(row), Some(col)),
        Position::Entry(_, index, field) => (Some(index), field.map(|_| 0)),
    };
    (
        &d.location.file,
        d.location.sheet.as_deref(),
        row,
        col,
        d.code,
        d.message(),
    )
}

#[cfg(test)]
mod quoting_tests {
    use super::*;

    #[test]
    fn a_value_quoted_in_a_message_is_cut_at_200_characters() {
        let long = "x".repeat(100_000);
        let explanation = Explanation::new(format!("Montant « {long} » : un nombre est attendu."))
            .suggest(format!("Remplacez « {long} »."));
        assert!(explanation.message.len() < 300, "{}", explanation.message.len());
        assert!(explanation.message.ends_with("… » : un nombre est attendu."));
        assert!(explanation.suggestion.is_some_and(|s| s.len() < 300));
        let short = "Montant « 12 k€ » lu comme 12 000 €.";
        assert_eq!(Explanation::new(short).message, short);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_in_a1_form() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(11, 1), "B12");
        assert_eq!(a1(0, 25), "Z1");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(4, 701), "ZZ5");
        assert_eq!(a1(4, 702), "AAA5");
    }

    #[test]
    fn a_decp_location_reads_as_its_json_path() {
        let file = Path::new("decp.json");
        let field = Location::entry(file, EntryList::Nested, 3, Some("dureeMois"));
        assert_eq!(field.cell_label(), "marches.marche[3].dureeMois");
        assert_eq!(
            Location::entry(file, EntryList::Flat, 0, None).cell_label(),
            "marches[0]"
        );
    }

    #[test]
    fn a_row_location_reads_ligne_n() {
        let loc = Location::sheet(Path::new("a.xlsx"), "Marchés").at_row(9);
        assert_eq!(loc.cell_label(), "ligne 10");
    }
}
