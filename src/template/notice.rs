//! The `Notice` sheet of a template: every column (meaning, whether it is required, allowed
//! values, an example, other headers understood), then for the suivi the `Calcul` forms and
//! shortcuts and the §6.1 status rules, in plain French. Everything comes from the catalogue,
//! the expression parser and the status rules themselves.

use super::{NOTICE_SHEET, TemplateKind, columns};
use crate::catalogue::{Catalogue, ColumnType};
use crate::compute::status::RULES;
use crate::parse::expression::shortcuts::FACILITATOR;
use crate::parse::expression::{FORMS, SHORTCUTS};
use crate::write::style::Styles;
use crate::write::table;
use rust_xlsxwriter::{Format, Worksheet, XlsxError};

/// The headers of the column table.
pub const HEADERS: [&str; 7] = [
    "Feuille",
    "Colonne",
    "Obligatoire",
    "Valeurs admises",
    "Ce qu'il faut saisir",
    "Exemple",
    "Autres en-têtes compris",
];

const WIDTHS: [f64; 7] = [14.0, 26.0, 12.0, 34.0, 60.0, 24.0, 40.0];

/// Writes the Notice.
pub fn write(
    sheet: &mut Worksheet,
    catalogue: &Catalogue,
    kind: TemplateKind,
    year: i32,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(NOTICE_SHEET)?;
    for (col, width) in (0u16..).zip(WIDTHS) {
        sheet.set_column_width(col, width)?;
    }
    let wrapped = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    sheet.write_string_with_format(0, 0, "Notice — comment remplir ce classeur", &styles.title)?;
    sheet.write_string(1, 0, introduction(kind))?;
    let mut row = 3;
    for (col, header) in (0u16..).zip(HEADERS) {
        sheet.write_string_with_format(row, col, header, &styles.header)?;
    }
    for &sheet_kind in kind.sheets() {
        let sheet_name = &catalogue.kind(sheet_kind).sheet;
        let mut seen_keys: Vec<&str> = Vec::new();
        for column in columns(catalogue, sheet_kind, year) {
            let spec = column.spec;
            if seen_keys.contains(&spec.key.as_str()) {
                continue;
            }
            seen_keys.push(&spec.key);
            row += 1;
            let header = if spec.year_suffix {
                format!(
                    "{} AAAA (une colonne par année : {} {year}, {} {}…)",
                    spec.label,
                    spec.label,
                    spec.label,
                    year + 1
                )
            } else {
                spec.label.clone()
            };
            let cells = [
                sheet_name.as_str(),
                &header,
                if spec.required { "Oui" } else { "" },
                &allowed_values(catalogue, &spec.column_type),
                &spec.help,
                &spec.example,
                &spec.synonyms.join(" ; "),
            ];
            write_row(sheet, row, &cells, &wrapped)?;
        }
    }
    if kind == TemplateKind::Suivi {
        row = section(
            sheet,
            row + 2,
            "Calcul : formes (colonne Calcul de la feuille Indicateurs)",
            styles,
        )?;
        for (form, meaning) in FORMS {
            row += 1;
            write_row(sheet, row, &["Calcul", form, "", "", meaning, "", ""], &wrapped)?;
        }
        row = section(sheet, row + 2, "Calcul : raccourcis", styles)?;
        for shortcut in SHORTCUTS {
            row += 1;
            let expansion = if shortcut.calcul == FACILITATOR {
                "(classeur du facilitateur)".to_string()
            } else if shortcut.filtre.is_empty() {
                shortcut.calcul.to_string()
            } else {
                format!("{} avec le filtre {}", shortcut.calcul, shortcut.filtre)
            };
            write_row(
                sheet,
                row,
                &["Calcul", shortcut.name, "", &expansion, shortcut.meaning, "", ""],
                &wrapped,
            )?;
        }
        row = section(sheet, row + 2, "Règles de statut", styles)?;
        for (subject, rule) in RULES {
            row += 1;
            write_row(sheet, row, &["Statut", subject, "", "", rule, "", ""], &wrapped)?;
        }
    } else {
        row = section(sheet, row + 2, "Ce que spaser en déduit", styles)?;
        for (subject, rule) in DERIVED {
            row += 1;
            write_row(sheet, row, &["Déduit", subject, "", "", rule, "", ""], &wrapped)?;
        }
    }
    sheet.set_freeze_panes(4, 0)?;
    table::print_setup(sheet, Some(3))
}

/// What the recensement feeds (§3, §4.1).
const DERIVED: [(&str, &str); 3] = [
    (
        "Considération environnementale",
        "Oui quand la clause environnementale ou le critère environnemental vaut Oui.",
    ),
    (
        "Considération sociale",
        "Oui quand la clause sociale d'insertion, le critère social ou le marché réservé vaut Oui.",
    ),
    (
        "Marchés comptés pour l'année N",
        "Statut Notifié et date de notification dans l'année N (un statut vide vaut Notifié quand une date de notification est saisie).",
    ),
];

fn section(sheet: &mut Worksheet, row: u32, title: &str, styles: &Styles) -> Result<u32, XlsxError> {
    sheet.write_string_with_format(row, 0, title, &styles.subtitle)?;
    Ok(row)
}

fn write_row(sheet: &mut Worksheet, row: u32, cells: &[&str], format: &Format) -> Result<(), XlsxError> {
    for (col, text) in (0u16..).zip(cells) {
        if !text.is_empty() {
            sheet.write_string_with_format(row, col, *text, format)?;
        }
    }
    table::fit_height(sheet, row, cells.iter().copied().zip(WIDTHS))
}

/// The allowed values of a type, in words.
fn allowed_values(catalogue: &Catalogue, column_type: &ColumnType) -> String {
    match column_type {
        ColumnType::Text => "Texte libre".to_string(),
        ColumnType::Amount => "Nombre ≥ 0, en euros hors taxes".to_string(),
        ColumnType::Decimal => "Nombre ≥ 0".to_string(),
        ColumnType::Percent => "Nombre de 0 à 100".to_string(),
        ColumnType::Integer => "Nombre entier > 0".to_string(),
        ColumnType::Year => "Année sur 4 chiffres".to_string(),
        ColumnType::Date => "Date jj/mm/aaaa".to_string(),
        ColumnType::Boolean => "Oui ; Non (X, vrai, 1 compris)".to_string(),
        ColumnType::Siret => "14 chiffres (clé de contrôle vérifiée)".to_string(),
        ColumnType::Cpv => "NNNNNNNN-N".to_string(),
        ColumnType::Code => {
            "Code tel que le référentiel l'écrit (FA 4, FA-ENV, 1.2, Action 2.1…) ; FA 4, FA-04 et Action n°4 désignent la même fiche".to_string()
        }
        ColumnType::Codes => "Codes de fiches action séparés par ; (FA 1; FA-ENV)".to_string(),
        ColumnType::FaLabel => "Libellé commençant par le code (FA 4- …)".to_string(),
        ColumnType::Mark => "X".to_string(),
        ColumnType::Value => "Nombre, pourcentage ou texte selon le type de l'indicateur".to_string(),
        ColumnType::Enum(name) => catalogue
            .enumeration(name)
            .map(|spec| spec.canonical_values().join(" ; "))
            .unwrap_or_default(),
    }
}

/// The first lines: what a row is, and what spaser tolerates.
fn introduction(kind: TemplateKind) -> &'static str {
    match kind {
        TemplateKind::Recensement => {
            "Une ligne par marché (ou par lot) ; ne changez pas les en-têtes. spaser lit aussi les montants « 1 234,56 € », les dates saisies en texte et Oui/Non/X, et signale cellule par cellule ce qu'il ne comprend pas (spaser check)."
        }
        TemplateKind::Suivi => {
            "Actions : une ligne par fiche action. Indicateurs : une ligne par indicateur, rattaché à une fiche action. Suivi : chaque année, une ligne par indicateur (ou par action, Code indicateur vide) avec le réalisé et le commentaire du pilote. Ne changez pas les en-têtes ; ajoutez une colonne « Cible <année> » par année suivie."
        }
    }
}
