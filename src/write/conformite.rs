//! The `Conformité 2026` sheet (§11): one row per notified contract launched since 21/08/2026
//! (outside defence and security), how it meets each obligation of the loi Climat et
//! résilience — ✔, ✘, dérogation, not required below the EU threshold, or without object for a
//! concession — and the justification of a derogation.

use super::style::Styles;
use super::table::{self, Column};
use super::{Document, SHEET_CONFORMITE};
use crate::model::Purchase;
use crate::model::compliance::Check;
use rust_xlsxwriter::{Workbook, XlsxError};

/// Writes the sheet.
pub fn write(workbook: &mut Workbook, doc: &Document<'_>, styles: &Styles) -> Result<(), XlsxError> {
    let columns = [
        Column::new("Service", 16.0),
        Column::new("Référence", 14.0),
        Column::new("Objet", 28.0),
        Column::new("Nature", 11.0),
        Column::new("Montant HT (€)", 14.0),
        Column::new("Date de lancement", 12.0),
        Column::new("Date de notification", 12.0),
        // Wide enough for « environnementale » on one line of the bold header.
        Column::new("Clause environnementale", 16.0),
        Column::new("Critère environnemental", 16.0),
        Column::new("Clause sociale (au-dessus du seuil)", 14.0),
        Column::new("Justification", 22.0),
        Column::new("Conforme", 10.0),
    ];
    let sheet = workbook.add_worksheet();
    table::begin(sheet, SHEET_CONFORMITE, &columns, styles)?;
    table::bilan_footer(sheet, doc.bilan.year);
    let mut row = 0;
    for contract in &doc.bilan.compliance.contracts {
        row += 1;
        let (purchase, compliance) = (&contract.purchase, &contract.compliance);
        table::text(sheet, row, 0, &purchase.service, &styles.wrapped)?;
        table::text(sheet, row, 1, &purchase.reference, &styles.wrapped)?;
        table::text(sheet, row, 2, &purchase.objet, &styles.wrapped)?;
        let nature = nature(purchase);
        table::text(sheet, row, 3, &nature, &styles.wrapped)?;
        table::opt_number(sheet, row, 4, purchase.montant_ht, &styles.money)?;
        match purchase.date_lancement {
            Some(date) => drop(sheet.write_date_with_format(row, 5, date, &styles.date)?),
            None => table::text(sheet, row, 5, "inconnue", &styles.text)?,
        }
        if let Some(date) = purchase.date_notification {
            sheet.write_date_with_format(row, 6, date, &styles.date)?;
        }
        let checks = [
            &compliance.clause_env,
            &compliance.critere_env,
            &compliance.clause_sociale,
        ];
        for (col, check) in (7u16..).zip(checks) {
            table::text(sheet, row, col, mark(check), &styles.wrapped)?;
        }
        let justifications: Vec<&str> = checks
            .iter()
            .filter_map(|c| match c {
                Check::Derogation(why) => Some(why.as_str()),
                _ => None,
            })
            .collect();
        let mut unique = justifications.clone();
        unique.dedup();
        let justification = unique.join(" ; ");
        table::text(sheet, row, 10, &justification, &styles.wrapped)?;
        table::text(
            sheet,
            row,
            11,
            if compliance.is_compliant() { "Oui" } else { "Non" },
            &styles.text,
        )?;
        let wrapped = [
            (0, purchase.service.as_str()),
            (2, purchase.objet.as_str()),
            (3, nature.as_str()),
            (9, mark(&compliance.clause_sociale)),
            (10, justification.as_str()),
        ];
        table::fit_height(sheet, row, wrapped.map(|(col, text)| (text, columns[col].width)))?;
    }
    table::end(
        sheet,
        row,
        &columns,
        "Aucun marché de l'année n'est soumis aux obligations de la loi Climat (consultations lancées à partir du 21/08/2026).",
        styles,
    )
}

/// The nature, said « Concession (Services) » for a contrat de concession.
fn nature(purchase: &Purchase) -> String {
    if purchase.is_concession() {
        format!("Concession ({})", purchase.nature)
    } else {
        purchase.nature.to_string()
    }
}

/// How an obligation is met, as the sheet shows it.
fn mark(check: &Check) -> &'static str {
    match check {
        Check::Met => "✔",
        Check::Missing => "✘ manquante",
        Check::Derogation(_) => "dérogation motivée",
        Check::NotRequired => "non requise (sous le seuil)",
        Check::NotApplicable => "sans objet (concession)",
    }
}
