//! Cell parsers: one raw cell and its column type in, a typed value (and possibly an issue)
//! out. Pure functions, no file or sheet knowledge: the caller adds the location.

pub mod boolean;
pub mod date;
pub mod enumeration;
pub mod expression;
pub mod identifiers;
pub mod number;
mod quantity;
pub mod unit_value;

use crate::catalogue::{Catalogue, ColumnSpec, ColumnType, EnumSpec};
use crate::diagnostic::{Code, Problem};
use crate::model;
use crate::normalise::{clean_multiline, clean_text};
use crate::read::{CellValue, float_to_decimal};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::sync::Arc;

/// A typed cell value, borrowing its text from the cell (when clean already) and its
/// enumeration value from the catalogue.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// Cleaned text.
    Text(Cow<'a, str>),
    /// An exact decimal (amounts, hours, percentages 0–100).
    Decimal(Decimal),
    /// An integer.
    Integer(i64),
    /// A year.
    Year(i32),
    /// A date.
    Date(NaiveDate),
    /// A boolean.
    Bool(bool),
    /// A canonical enumeration value (the catalogue's, shared).
    Enum(Arc<str>),
    /// Codes (`FA 1`, `FA-ENV`), one or several.
    Codes(Vec<model::Code>),
    /// A fiche action label: its code and wording.
    Label {
        /// `FA 4`.
        code: model::Code,
        /// The label without its code.
        wording: String,
    },
    /// A status column marked with an `X`.
    Mark,
    /// A value kept as typed, interpreted later against its indicator.
    Raw(Cow<'a, CellValue>),
}

impl Value<'_> {
    /// The same value holding its own text, to outlive the cell it was read from.
    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Text(text) => Value::Text(Cow::Owned(text.into_owned())),
            Value::Raw(cell) => Value::Raw(Cow::Owned(cell.into_owned())),
            Value::Decimal(d) => Value::Decimal(d),
            Value::Integer(i) => Value::Integer(i),
            Value::Year(y) => Value::Year(y),
            Value::Date(d) => Value::Date(d),
            Value::Bool(b) => Value::Bool(b),
            Value::Enum(value) => Value::Enum(value),
            Value::Codes(codes) => Value::Codes(codes),
            Value::Label { code, wording } => Value::Label { code, wording },
            Value::Mark => Value::Mark,
        }
    }

    /// The text of a text, enumeration or as-typed value (cleaned).
    pub fn text(&self) -> Option<String> {
        match self {
            // Copied as `str`: `to_string` on a `Cow` or an `Arc` would go through `Display`.
            Value::Text(t) => Some(String::from(t.as_ref())),
            Value::Enum(t) => Some(String::from(t.as_ref())),
            Value::Raw(cell) => Some(text_of(cell)),
            _ => None,
        }
    }

    /// The decimal of a decimal value.
    pub fn decimal(&self) -> Option<Decimal> {
        match *self {
            Value::Decimal(d) => Some(d),
            _ => None,
        }
    }

    /// The boolean of a boolean value.
    pub fn boolean(&self) -> Option<bool> {
        match *self {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The date of a date value.
    pub fn date(&self) -> Option<NaiveDate> {
        match *self {
            Value::Date(d) => Some(d),
            _ => None,
        }
    }

    /// The year of a year value.
    pub fn year(&self) -> Option<i32> {
        match *self {
            Value::Year(y) => Some(y),
            _ => None,
        }
    }

    /// The integer of an integer value.
    pub fn integer(&self) -> Option<i64> {
        match *self {
            Value::Integer(i) => Some(i),
            _ => None,
        }
    }

    /// The codes of a codes value (none for any other).
    pub fn codes(&self) -> Vec<model::Code> {
        match self {
            Value::Codes(codes) => codes.clone(),
            _ => Vec::new(),
        }
    }
}

/// The result of reading one cell: a value (absent when empty or unusable) and maybe an issue.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reading<'a> {
    /// The value, when there is a usable one.
    pub value: Option<Value<'a>>,
    /// What was wrong with the cell.
    pub issue: Option<Problem>,
}

impl<'a> Reading<'a> {
    fn ok(value: Value<'a>) -> Self {
        Reading {
            value: Some(value),
            issue: None,
        }
    }

    fn empty() -> Self {
        Reading::default()
    }

    fn error(error: Problem) -> Self {
        Reading {
            value: None,
            issue: Some(error),
        }
    }

    fn warn(value: Value<'a>, warning: Problem) -> Self {
        Reading {
            value: Some(value),
            issue: Some(warning),
        }
    }

    fn from_result(result: Result<Value<'a>, Problem>) -> Self {
        match result {
            Ok(value) => Reading::ok(value),
            Err(error) => Reading::error(error),
        }
    }
}

/// Reads a cell according to its column's type.
pub fn read_cell<'a>(cell: &'a CellValue, column: &ColumnSpec, catalogue: &Catalogue) -> Reading<'a> {
    read_typed_cell(cell, column, column_enumeration(column, catalogue))
}

/// The enumeration of an enumeration column (none for another type, or for a name the
/// catalogue lacks: its cells are then read as text).
pub fn column_enumeration<'c>(column: &ColumnSpec, catalogue: &'c Catalogue) -> Option<&'c EnumSpec> {
    match &column.column_type {
        ColumnType::Enum(name) => catalogue.enumeration(name),
        _ => None,
    }
}

/// [`read_cell`] with the column's enumeration found already (once for a sheet's column, not
/// once per cell).
pub fn read_typed_cell<'a>(cell: &'a CellValue, column: &ColumnSpec, enumeration: Option<&EnumSpec>) -> Reading<'a> {
    match cell {
        CellValue::Empty => return Reading::empty(),
        CellValue::Text(text) if text.chars().all(char::is_whitespace) => return Reading::empty(),
        CellValue::Text(text) if text.len() > MAX_CELL_CHARS && text.chars().nth(MAX_CELL_CHARS).is_some() => {
            return too_long(text, column);
        }
        CellValue::Error(error) => {
            return Reading::error(
                Problem::error(
                    Code::FormulaError,
                    format!(
                        "La formule de la colonne « {} » renvoie l'erreur {error}.",
                        column.label
                    ),
                )
                .suggest("Corrigez la formule ou saisissez la valeur."),
            );
        }
        CellValue::FormulaWithoutValue(formula) => {
            return Reading::error(
                Problem::error(
                    Code::FormulaWithoutValue,
                    format!("La formule ={formula} n'a pas de valeur calculée enregistrée dans le fichier."),
                )
                .suggest("Ouvrez le classeur dans Excel ou LibreOffice et enregistrez-le pour calculer les formules."),
            );
        }
        CellValue::MissingSharedString(index) => {
            return Reading::error(
                Problem::error(
                    Code::SharedStringMissing,
                    format!(
                        "La cellule renvoie au texte partagé n° « {index} », absent du classeur (fichier abîmé) : sa valeur est illisible."
                    ),
                )
                .suggest("Ressaisissez la valeur dans Excel ou LibreOffice et enregistrez le classeur."),
            );
        }
        _ => {}
    }
    let label = column.label.as_str();
    match &column.column_type {
        ColumnType::Text => Reading::ok(Value::Text(cell_text(cell))),
        ColumnType::Value => Reading::ok(Value::Raw(Cow::Borrowed(cell))),
        ColumnType::Amount => quantity::amount_reading(cell),
        ColumnType::Decimal => quantity::decimal_reading(cell, label),
        ColumnType::Percent => percent(cell, label),
        ColumnType::Integer => Reading::from_result(positive_integer(cell, label).map(Value::Integer)),
        ColumnType::Year => Reading::from_result(year(cell, label).map(Value::Year)),
        ColumnType::Date => date(cell),
        ColumnType::Boolean => Reading::from_result(boolean(cell, label).map(Value::Bool)),
        ColumnType::Siret => siret(cell),
        ColumnType::Cpv => cpv(cell),
        ColumnType::Code => match code_with_wording(cell) {
            Some((code, wording)) => Reading::ok(Value::Label { code, wording }),
            None => Reading::from_result(code(cell, label).map(|c| Value::Codes(vec![c]))),
        },
        ColumnType::Codes => codes(cell, label),
        ColumnType::FaLabel => fa_label(cell),
        ColumnType::Mark => mark(cell, label),
        ColumnType::Enum(_) => match enumeration {
            Some(spec) => Reading::from_result(enumeration::parse_enum(&cell_text(cell), spec, label).map(Value::Enum)),
            None => Reading::ok(Value::Text(cell_text(cell))),
        },
    }
}

/// The text of a cell, cleaned; numbers shown the French way, dates as jj/mm/aaaa.
pub fn text_of(cell: &CellValue) -> String {
    cell_text(cell).into_owned()
}

/// [`text_of`], borrowed from the cell when its text is clean already (most are).
pub fn cell_text(cell: &CellValue) -> Cow<'_, str> {
    match cell {
        CellValue::Text(text) => clean_multiline(text),
        other => Cow::Owned(clean_text(&other.display()).into_owned()),
    }
}

/// A cell holding a number, as an exact decimal (text parsed the French way).
pub fn decimal_of(cell: &CellValue) -> Option<Decimal> {
    match cell {
        CellValue::Number(n) => float_to_decimal(*n),
        CellValue::Text(text) => number::parse_decimal_text(text),
        _ => None,
    }
}

/// A 0–100 percentage. A number between 0 and 1 is kept but flagged: it is probably a share
/// typed as a fraction (0,3 for 30 %).
fn percent(cell: &CellValue, label: &str) -> Reading<'static> {
    let parsed = match cell {
        CellValue::Number(n) => float_to_decimal(*n).map(|v| (v, false)),
        CellValue::Text(text) => number::parse_percent_text(text),
        _ => None,
    };
    let Some((value, had_sign)) = parsed else {
        return Reading::error(Problem::error(
            Code::PercentInvalid,
            format!(
                "{label} « {} » illisible : un pourcentage de 0 à 100 est attendu (ex. 30 ou 30 %).",
                text_of(cell)
            ),
        ));
    };
    if value < Decimal::ZERO || value > Decimal::ONE_HUNDRED {
        return Reading::error(Problem::error(
            Code::PercentInvalid,
            format!("{label} « {} » hors de l'intervalle 0–100 %.", text_of(cell)),
        ));
    }
    if !had_sign && value > Decimal::ZERO && value < Decimal::ONE {
        let as_percent = number::format_french(value * Decimal::ONE_HUNDRED);
        return Reading::warn(
            Value::Decimal(value),
            Problem::warning(
                Code::PercentAmbiguous,
                format!(
                    "{label} « {} » : les pourcentages se notent de 0 à 100 ; vouliez-vous dire {as_percent} % ?",
                    text_of(cell)
                ),
            )
            .suggest(format!("Saisissez {as_percent} % si c'est le cas.")),
        );
    }
    Reading::ok(Value::Decimal(value))
}

fn positive_integer(cell: &CellValue, label: &str) -> Result<i64, Problem> {
    let value = match cell {
        CellValue::Text(text) => {
            let cleaned = clean_text(text).to_lowercase();
            let number = cleaned.trim_end_matches("mois").trim();
            number::parse_decimal_text(number)
        }
        other => decimal_of(other),
    };
    let invalid = || {
        Problem::error(
            Code::IntegerInvalid,
            format!(
                "{label} « {} » : un nombre entier supérieur à 0 est attendu.",
                text_of(cell)
            ),
        )
    };
    let value = value.ok_or_else(invalid)?;
    if !value.fract().is_zero() || value <= Decimal::ZERO {
        return Err(invalid());
    }
    i64::try_from(value).map_err(|_| invalid())
}

fn year(cell: &CellValue, label: &str) -> Result<i32, Problem> {
    let invalid = || {
        Problem::error(
            Code::YearInvalid,
            format!(
                "{label} « {} » : une année sur quatre chiffres est attendue (ex. 2024).",
                text_of(cell)
            ),
        )
    };
    let value = match cell {
        CellValue::Date(datetime) => return Ok(datetime.year()),
        other => decimal_of(other).ok_or_else(invalid)?,
    };
    if !value.fract().is_zero() {
        return Err(invalid());
    }
    let year = i32::try_from(value).map_err(|_| invalid())?;
    if (1990..=2100).contains(&year) {
        Ok(year)
    } else {
        Err(invalid())
    }
}

fn date(cell: &CellValue) -> Reading<'static> {
    match cell {
        CellValue::Date(datetime) => Reading::ok(Value::Date(datetime.date())),
        CellValue::IsoDate(text) => Reading::from_result(date::parse_date_text(text).map(Value::Date)),
        CellValue::Text(text) => Reading::from_result(date::parse_date_text(text).map(Value::Date)),
        CellValue::Number(n) => match date::from_plain_serial(*n) {
            Some(d) => Reading::warn(
                Value::Date(d),
                Problem::warning(
                    Code::DateInvalid,
                    format!(
                        "Le nombre {} n'est pas au format date ; lu comme le {}.",
                        cell.display(),
                        d.format("%d/%m/%Y")
                    ),
                )
                .suggest("Appliquez le format de cellule « Date courte » pour lever l'ambiguïté."),
            ),
            None => Reading::error(Problem::error(
                Code::DateInvalid,
                format!(
                    "« {} » n'est pas une date : une date jj/mm/aaaa est attendue.",
                    cell.display()
                ),
            )),
        },
        other => Reading::error(Problem::error(
            Code::DateInvalid,
            format!(
                "« {} » n'est pas une date : une date jj/mm/aaaa est attendue.",
                other.display()
            ),
        )),
    }
}

fn boolean(cell: &CellValue, label: &str) -> Result<bool, Problem> {
    let parsed = match cell {
        CellValue::Bool(b) => Some(*b),
        CellValue::Number(n) if *n == 1.0 => Some(true),
        CellValue::Number(n) if *n == 0.0 => Some(false),
        CellValue::Text(text) => boolean::parse_boolean_text(text),
        _ => None,
    };
    parsed.ok_or_else(|| {
        Problem::error(
            Code::BooleanInvalid,
            format!("{label} « {} » : Oui ou Non est attendu.", text_of(cell)),
        )
        .suggest("Saisissez Oui ou Non (O/N, X ou vide, Vrai/Faux, 1/0 sont aussi acceptés).")
    })
}

fn siret(cell: &CellValue) -> Reading<'static> {
    let typed = match cell {
        CellValue::Number(n) if n.fract() == 0.0 && *n >= 0.0 => Cow::Owned(format!("{:014}", *n as u64)),
        other => cell_text(other),
    };
    match identifiers::siret_digits(&typed) {
        None => Reading::error(
            Problem::error(
                Code::SiretInvalid,
                format!("SIRET « {typed} » : 14 chiffres sont attendus."),
            )
            .suggest("Vérifiez le numéro sur annuaire-entreprises.data.gouv.fr."),
        ),
        Some(digits) if !identifiers::siret_key_is_valid(&digits) => Reading::warn(
            Value::Text(Cow::Owned(digits.clone())),
            Problem::warning(
                Code::SiretChecksum,
                format!(
                    "SIRET « {digits} » : la clé de contrôle (Luhn) est fausse, un chiffre est sans doute mal saisi."
                ),
            )
            .suggest("Vérifiez le numéro sur annuaire-entreprises.data.gouv.fr."),
        ),
        Some(digits) => Reading::ok(Value::Text(Cow::Owned(digits))),
    }
}

fn cpv(cell: &CellValue) -> Reading<'_> {
    let typed = cell_text(cell);
    if identifiers::cpv_is_well_formed(&typed) {
        Reading::ok(Value::Text(typed))
    } else {
        Reading::warn(
            Value::Text(typed.clone()),
            Problem::warning(
                Code::CpvMalformed,
                format!("Code CPV « {typed} » mal formé : la forme NNNNNNNN-N est attendue (ex. 45233140-2)."),
            )
            .suggest("Recopiez le code CPV avec son chiffre de contrôle."),
        )
    }
}

/// A code as the authority writes it (§4). A number cell is the code written with a point
/// (`1,2` in a French Excel is the number 1.2, the code `1.2`).
fn code(cell: &CellValue, label: &str) -> Result<model::Code, Problem> {
    let typed = match cell {
        CellValue::Number(n) => float_to_decimal(*n).map_or_else(|| text_of(cell), |d| d.normalize().to_string()),
        other => text_of(other),
    };
    model::Code::new(&typed).ok_or_else(|| {
        Problem::error(
            Code::FaCodeInvalid,
            format!("{label} « {typed} » : un code fait d'au moins une lettre ou un chiffre est attendu."),
        )
        .suggest("Recopiez le code tel que le référentiel l'écrit (ex. FA 4, FA-ENV, 1.2, Action 2.1).")
    })
}

/// The most characters Excel keeps in a cell (§9).
pub const MAX_CELL_CHARS: usize = 32_767;

/// A cell text over Excel's own limit: an error, and the text cut (kept for a text column).
fn too_long<'a>(text: &str, column: &ColumnSpec) -> Reading<'a> {
    let problem = Problem::error(
        Code::TextTooLong,
        format!(
            "Texte de plus de {MAX_CELL_CHARS} caractères dans la colonne « {} » : Excel n'en garde pas davantage, il est coupé.",
            column.label
        ),
    )
    .suggest("Raccourcissez la cellule, ou mettez le texte long dans un document à part.");
    let cut: String = text.chars().take(MAX_CELL_CHARS).collect();
    Reading {
        value: (column.column_type == ColumnType::Text).then_some(Value::Text(Cow::Owned(cut))),
        issue: Some(problem),
    }
}

/// A code cell that also holds the action's title (`Action 1.1 : Construire une stratégie…`,
/// `FA 4 – Augmenter…`): its code and the title. A code alone (`FA-ENV`, `O1-A2`) is not one.
fn code_with_wording(cell: &CellValue) -> Option<(model::Code, String)> {
    let CellValue::Text(text) = cell else { return None };
    let (code, wording) = identifiers::fa_label(text)?;
    let after_code = text.get(text.find(code.spelling()).map(|at| at + code.spelling().len())?..)?;
    let separated = after_code.trim_start().starts_with([':', '–', '—', '-']);
    let words = wording.split_whitespace().count();
    (words >= 2 && (separated || words >= 3)).then_some((code, wording))
}

/// Several codes separated by `;`, `,` or line breaks: punctuation-only parts are warned
/// about, the others kept (a number cell is one code).
fn codes(cell: &CellValue, label: &str) -> Reading<'static> {
    if matches!(cell, CellValue::Number(_)) {
        return Reading::from_result(code(cell, label).map(|c| Value::Codes(vec![c])));
    }
    let typed = cell_text(cell);
    let mut codes: Vec<model::Code> = Vec::new();
    let mut unreadable = Vec::new();
    for part in typed.split([';', ',', '\n']).map(str::trim).filter(|p| !p.is_empty()) {
        match model::Code::new(part) {
            Some(code) if !codes.contains(&code) => codes.push(code),
            Some(_) => {}
            None => unreadable.push(part.to_string()),
        }
    }
    if unreadable.is_empty() {
        return Reading::ok(Value::Codes(codes));
    }
    Reading::warn(
        Value::Codes(codes),
        Problem::warning(
            Code::FaCodeInvalid,
            format!("Code(s) de fiche action illisible(s) : {}.", unreadable.join(", ")),
        )
        .suggest("Séparez les codes par ; (ex. FA1; FA4)."),
    )
}

fn fa_label(cell: &CellValue) -> Reading<'static> {
    let typed = text_of(cell);
    match identifiers::fa_label(&typed) {
        Some((code, wording)) => Reading::ok(Value::Label { code, wording }),
        None => Reading::error(Problem::error(
            Code::FaCodeInvalid,
            format!("Fiche action « {typed} » : le libellé doit commencer par son code (ex. « FA 4- Augmenter … »)."),
        )),
    }
}

fn mark(cell: &CellValue, label: &str) -> Reading<'static> {
    let typed = text_of(cell);
    match boolean::parse_boolean_text(&typed) {
        Some(true) => Reading::ok(Value::Mark),
        Some(false) => Reading::empty(),
        None if matches!(typed.as_str(), "✓" | "✔" | "●" | "•" | "+") => Reading::ok(Value::Mark),
        None => Reading::warn(
            Value::Mark,
            Problem::warning(
                Code::MarkUnexpected,
                format!("Colonne « {label} » : « {typed} » lu comme une croix."),
            )
            .suggest("Marquez le statut d'un simple X."),
        ),
    }
}
