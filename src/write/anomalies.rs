//! The `Anomalies` sheet (every diagnostic of §5, as `spaser check` prints them) and the
//! `Sources` sheet (every input file, the tool's version and the thresholds used).

use super::style::{self, Styles};
use super::table::{self, Column, fraction};
use super::{Document, SHEET_ANOMALIES, SHEET_SOURCES, relative};
use crate::compute::summary::{PNAD_ENV_TARGET, PNAD_SOCIAL_TARGET};
use chrono::{DateTime, Local};
use rust_xlsxwriter::{Workbook, XlsxError};

/// Writes the Anomalies sheet.
pub fn write_anomalies(workbook: &mut Workbook, doc: &Document<'_>, styles: &Styles) -> Result<(), XlsxError> {
    let columns = [
        Column::new("Fichier", 32.0),
        Column::new("Feuille", 16.0),
        Column::new("Cellule", 9.0),
        Column::new("Gravité", 13.0),
        Column::new("Code", 24.0),
        Column::new("Message", 70.0),
        Column::new("Suggestion", 50.0),
    ];
    let sheet = workbook.add_worksheet_with_low_memory()?;
    table::begin(sheet, SHEET_ANOMALIES, &columns, styles)?;
    let mut row = 0;
    for diagnostic in doc.diagnostics {
        row += 1;
        let location = &diagnostic.location;
        table::text(sheet, row, 0, &relative(&location.file, doc.base), &styles.wrapped)?;
        table::opt_text(sheet, row, 1, location.sheet.as_deref(), &styles.text)?;
        table::text(sheet, row, 2, &location.cell_label(), &styles.text)?;
        table::text(sheet, row, 3, diagnostic.severity.label(), &styles.text)?;
        table::text(sheet, row, 4, diagnostic.code.as_str(), &styles.text)?;
        table::text(sheet, row, 5, diagnostic.message(), &styles.wrapped)?;
        table::opt_text(sheet, row, 6, diagnostic.suggestion(), &styles.wrapped)?;
        let file = relative(&location.file, doc.base);
        let wrapped = [
            (0, file.as_str()),
            (5, diagnostic.message()),
            (6, diagnostic.suggestion().unwrap_or_default()),
        ];
        table::fit_height(sheet, row, wrapped.map(|(col, text)| (text, columns[col].width)))?;
    }
    style::colour_severities(sheet, 1, row, 3)?;
    table::end(sheet, row, &columns, "Aucune anomalie dans les fichiers lus.", styles)
}

/// Writes the Sources sheet.
pub fn write_sources(workbook: &mut Workbook, doc: &Document<'_>, styles: &Styles) -> Result<(), XlsxError> {
    let columns = [
        Column::new("Fichier", 40.0),
        Column::new("Type", 28.0),
        Column::new("Service", 18.0),
        Column::new("Lignes lues", 10.0),
        Column::new("Erreurs", 9.0),
        Column::new("Avertissements", 13.0),
        Column::new("Modifié le", 17.0),
        Column::new("SHA-256", 66.0),
    ];
    let sheet = workbook.add_worksheet();
    table::begin(sheet, SHEET_SOURCES, &columns, styles)?;
    let mut row = 0;
    for source in &doc.inputs.sources {
        row += 1;
        let mut kinds = source.kinds.iter().map(|k| k.label()).collect::<Vec<_>>().join(", ");
        if source.concessions > 0 {
            kinds.push_str(&format!(" ; dont {} contrat(s) de concession", source.concessions));
        }
        let path = relative(&source.path, doc.base);
        table::text(sheet, row, 0, &path, &styles.wrapped)?;
        table::text(sheet, row, 1, &kinds, &styles.wrapped)?;
        table::text(sheet, row, 2, &source.service, &styles.wrapped)?;
        let wrapped = [(0, path.as_str()), (1, kinds.as_str()), (2, source.service.as_str())];
        table::fit_height(sheet, row, wrapped.map(|(col, text)| (text, columns[col].width)))?;
        sheet.write_number_with_format(row, 3, source.rows_read as f64, &styles.integer)?;
        sheet.write_number_with_format(row, 4, source.tally.errors as f64, &styles.integer)?;
        sheet.write_number_with_format(row, 5, source.tally.warnings as f64, &styles.integer)?;
        if let Some(modified) = source.modified {
            let local: DateTime<Local> = modified.into();
            sheet.write_datetime_with_format(row, 6, local.naive_local(), &styles.date_time)?;
        }
        table::opt_text(sheet, row, 7, source.sha256.as_deref(), &styles.text)?;
    }
    table::end(sheet, row, &columns, "Aucun fichier lu.", styles)?;
    let settings_row = row + 3;
    sheet.write_string_with_format(settings_row, 0, "Paramètres du calcul", &styles.subtitle)?;
    let config = doc
        .config_file
        .map_or_else(|| "aucun (valeurs par défaut)".to_string(), |p| relative(p, doc.base));
    let mut row = settings_row;
    for (label, value) in [
        ("Version de spaser", env!("CARGO_PKG_VERSION").to_string()),
        ("Année du bilan", doc.bilan.year.to_string()),
        ("Fichier de configuration", config),
    ] {
        row += 1;
        sheet.write_string(row, 0, label)?;
        table::text(sheet, row, 1, &value, &styles.text)?;
    }
    row += 1;
    sheet.write_string(
        row,
        0,
        "Seuil partiel par défaut (sauf colonne Seuil partiel de l'indicateur)",
    )?;
    table::number(sheet, row, 1, doc.bilan.partial_threshold, &styles.percent)?;
    for (label, target) in [
        ("Objectif PNAD : considération environnementale", PNAD_ENV_TARGET),
        ("Objectif PNAD : considération sociale", PNAD_SOCIAL_TARGET),
    ] {
        row += 1;
        sheet.write_string(row, 0, label)?;
        table::number(sheet, row, 1, fraction(target), &styles.percent)?;
    }
    Ok(())
}
