//! The data validation of each template column: a dropdown for every enumeration and boolean
//! (values from the hidden `Listes` sheet, beyond Excel's 255-character literal lists), number
//! and date bounds where the type has some, `Code FA` / `Code indicateur` fed from the
//! référentiel's sheets, the `Calcul` shortcuts — and on every column an input message saying
//! what to type, taken from the catalogue.

use super::{LISTS_SHEET, TemplateColumn, columns};
use crate::catalogue::{Catalogue, ColumnType, SheetKind};
use crate::diagnostic::column_letters;
use crate::parse::expression::SHORTCUTS;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Formula, Worksheet, XlsxError,
};

/// Excel's limits on an input message.
const TITLE_MAX: usize = 32;
const MESSAGE_MAX: usize = 255;

/// Rows of a référentiel sheet that a dropdown fed from it covers.
const REFERENCE_ROWS: u32 = 1_000;

/// The enumerations' values, one column each in the hidden `Listes` sheet.
pub struct Lists {
    columns: Vec<(String, Vec<String>)>,
}

impl Lists {
    /// The lists of every enumeration of the catalogue.
    pub fn new(catalogue: &Catalogue) -> Self {
        let columns = catalogue
            .enums
            .iter()
            .map(|(name, spec)| {
                let values = spec.canonical_values().into_iter().map(String::from).collect();
                (name.clone(), values)
            })
            .collect();
        Lists { columns }
    }

    /// `='Listes'!$B$2:$B$6` for the enumeration `name`.
    fn range(&self, name: &str) -> Option<String> {
        let col = self.columns.iter().position(|(n, _)| n == name)?;
        let letter = column_letters(u32::try_from(col).ok()?);
        let last = self.columns[col].1.len() + 1;
        Some(format!("='{LISTS_SHEET}'!${letter}$2:${letter}${last}"))
    }

    /// Writes the hidden sheet.
    pub fn write(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        sheet.set_name(LISTS_SHEET)?;
        for (col, (name, values)) in (0u16..).zip(&self.columns) {
            sheet.write_string(0, col, name)?;
            for (row, value) in (1u32..).zip(values) {
                sheet.write_string(row, col, value)?;
            }
        }
        sheet.set_hidden(true);
        Ok(())
    }
}

/// The validation of one column of a template sheet of `kind`.
pub fn rule(
    catalogue: &Catalogue,
    kind: SheetKind,
    column: &TemplateColumn<'_>,
    lists: &Lists,
) -> Result<DataValidation, XlsxError> {
    let spec = column.spec;
    let (validation, error) = match (&spec.column_type, spec.key.as_str()) {
        (ColumnType::Enum(name), _) => match lists.range(name) {
            Some(range) => (
                DataValidation::new().allow_list_formula(Formula::new(range)),
                Some(Expected::warning("Choisissez une valeur de la liste.")),
            ),
            None => (DataValidation::new().allow_any_value(), None),
        },
        (ColumnType::Boolean, _) => (
            DataValidation::new().allow_list_strings(&["Oui", "Non"])?,
            Some(Expected::warning("Choisissez Oui ou Non.")),
        ),
        (ColumnType::Amount | ColumnType::Decimal, _) => (
            DataValidation::new().allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0)),
            Some(Expected::stop(
                "Saisissez un nombre positif ou nul, sans « k€ » ni texte.",
            )),
        ),
        (ColumnType::Percent, _) => (
            DataValidation::new().allow_decimal_number(DataValidationRule::Between(0.0, 100.0)),
            Some(Expected::stop("Saisissez un pourcentage entre 0 et 100.")),
        ),
        (ColumnType::Integer, _) => (
            DataValidation::new().allow_whole_number(DataValidationRule::GreaterThan(0)),
            Some(Expected::stop("Saisissez un nombre entier supérieur à 0.")),
        ),
        (ColumnType::Year, _) => (
            DataValidation::new().allow_whole_number(DataValidationRule::Between(1990, 2100)),
            Some(Expected::stop("Saisissez une année sur 4 chiffres (ex. 2025).")),
        ),
        (ColumnType::Date, _) => (
            DataValidation::new().allow_date(DataValidationRule::Between(
                ExcelDateTime::from_ymd(1990, 1, 1)?,
                ExcelDateTime::from_ymd(2100, 12, 31)?,
            )),
            Some(Expected::stop("Saisissez une date jj/mm/aaaa.")),
        ),
        (ColumnType::Siret, _) => (
            DataValidation::new().allow_text_length(DataValidationRule::EqualTo(14)),
            Some(Expected::warning("Un SIRET a 14 chiffres.")),
        ),
        (ColumnType::Cpv, _) => (
            DataValidation::new().allow_text_length(DataValidationRule::EqualTo(10)),
            Some(Expected::warning("Un code CPV s'écrit NNNNNNNN-N.")),
        ),
        (ColumnType::Code, "code_fa") if kind != SheetKind::Actions => (
            DataValidation::new().allow_list_formula(Formula::new(reference_range(
                catalogue,
                SheetKind::Actions,
                "code_fa",
            ))),
            Some(Expected::warning("Ce code n'est pas (encore) dans la feuille Actions.")),
        ),
        (_, "code_indicateur") if kind == SheetKind::Suivi => (
            DataValidation::new().allow_list_formula(Formula::new(reference_range(
                catalogue,
                SheetKind::Indicateurs,
                "code_indicateur",
            ))),
            Some(Expected::warning(
                "Ce code n'est pas (encore) dans la feuille Indicateurs.",
            )),
        ),
        (_, "calcul") => {
            let names: Vec<&str> = ["nombre", "montant"]
                .into_iter()
                .chain(SHORTCUTS.iter().map(|s| s.name))
                .collect();
            (
                DataValidation::new().allow_list_strings(&names)?,
                Some(Expected::information(
                    "Hors de la liste, spaser lit aussi somme:<champ>, part:<condition> et part_montant:<condition> (voir la Notice).",
                )),
            )
        }
        _ => (DataValidation::new().allow_any_value(), None),
    };
    let validation = with_input_message(validation, column)?;
    match error {
        Some(expected) => Ok(validation
            .set_error_style(expected.style)
            .set_error_title(truncate(&column.header, TITLE_MAX))?
            .set_error_message(truncate(expected.message, MESSAGE_MAX))?),
        None => Ok(validation),
    }
}

/// No constraint, only the column's input message: for the header cell itself, so that
/// clicking a header says what the column wants.
pub fn header_message(column: &TemplateColumn<'_>) -> Result<DataValidation, XlsxError> {
    with_input_message(DataValidation::new().allow_any_value(), column)
}

fn with_input_message(validation: DataValidation, column: &TemplateColumn<'_>) -> Result<DataValidation, XlsxError> {
    validation
        .set_input_title(truncate(&column.header, TITLE_MAX))?
        .set_input_message(truncate(&input_message(column), MESSAGE_MAX))
}

/// What a cell expects, and how firmly (Stop refuses; Warning and Information let the value
/// through, for spellings that the reader understands although the list does not show them).
struct Expected {
    style: DataValidationErrorStyle,
    message: &'static str,
}

impl Expected {
    fn stop(message: &'static str) -> Self {
        Expected {
            style: DataValidationErrorStyle::Stop,
            message,
        }
    }
    fn warning(message: &'static str) -> Self {
        Expected {
            style: DataValidationErrorStyle::Warning,
            message,
        }
    }
    fn information(message: &'static str) -> Self {
        Expected {
            style: DataValidationErrorStyle::Information,
            message,
        }
    }
}

/// `Obligatoire. <help> Ex. : <example>`.
pub fn input_message(column: &TemplateColumn<'_>) -> String {
    let spec = column.spec;
    let mut message = String::new();
    if spec.required {
        message.push_str("Obligatoire. ");
    }
    message.push_str(&spec.help);
    if !spec.example.is_empty() {
        message.push_str(&format!(" Ex. : {}", spec.example));
    }
    message
}

/// The column of `key` in the template sheet of `kind`, as an absolute range over its rows.
fn reference_range(catalogue: &Catalogue, kind: SheetKind, key: &str) -> String {
    let sheet = &catalogue.kind(kind).sheet;
    let col = columns(catalogue, kind, 0)
        .iter()
        .position(|c| c.spec.key == key)
        .and_then(|c| u32::try_from(c).ok())
        .unwrap_or(0);
    let letter = column_letters(col);
    format!("='{sheet}'!${letter}$2:${letter}${}", REFERENCE_ROWS + 1)
}

/// At most `max` UTF-16 units (Excel's unit), cut on a character boundary.
fn truncate(text: &str, max: usize) -> String {
    if text.encode_utf16().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut units = 0;
    for ch in text.chars() {
        // One unit is kept for the ellipsis.
        if units + ch.len_utf16() > max - 1 {
            break;
        }
        units += ch.len_utf16();
        out.push(ch);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_texts_are_cut_to_excel_limits_with_an_ellipsis() {
        assert_eq!(truncate("Montant HT (€)", 32), "Montant HT (€)");
        let long = "é".repeat(300);
        let cut = truncate(&long, 255);
        assert_eq!(cut.chars().count(), 255);
        assert!(cut.ends_with('…'));
    }
}
