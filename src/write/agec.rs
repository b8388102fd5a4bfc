//! The loi AGEC art. 58 declaration (§10): the `Déclaration AGEC` sheet of the bilan (written
//! when a category has spending in N) and `--agec FILE.csv`, year N's declaration exactly in the
//! data.gouv.fr schema `schema-declaration-biens-reemploi-reutilisation-recycle` v0.1.0 — UTF-8,
//! `,` separator as the schema's example, `.` decimals, one row per category with spending.

use super::save::{WriteError, save_bytes};
use super::style::Styles;
use super::table::{self, Column, fraction};
use super::{Document, SHEET_AGEC};
use crate::compute::agec::{AgecDeclaration, AgecRow};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Workbook, XlsxError};
use std::path::Path;

/// The schema's fields, in its order.
pub const CSV_COLUMNS: [&str; 9] = crate::catalogue::own_sheets::AGEC_COLUMNS;

/// Who declares: the buyer's SIRET (14 digits) and raison sociale.
#[derive(Debug, Clone)]
pub struct Declarant {
    /// SIRET, 14 digits.
    pub siret: String,
    /// Raison sociale.
    pub raison_sociale: String,
}

/// Writes year N's declaration at `path`, atomically.
pub fn save_csv(declaration: &AgecDeclaration, declarant: &Declarant, path: &Path) -> Result<(), WriteError> {
    save_bytes(path, &csv(declaration, declarant))
}

/// The declaration as the schema's CSV.
pub fn csv(declaration: &AgecDeclaration, declarant: &Declarant) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b',')
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // Writing into memory fails only if a row had another width, which the columns rule out.
    let _ = writer.write_record(CSV_COLUMNS);
    let year = declaration.year.to_string();
    for row in &declaration.rows {
        let amounts = [row.total, row.reemploi, row.don, row.recycle].map(|a| a.normalize().to_string());
        let _ = writer.write_record([
            year.as_str(),
            &declarant.siret,
            &declarant.raison_sociale,
            &row.category,
            &amounts[0],
            &amounts[1],
            &amounts[2],
            &amounts[3],
            &comment(row, declaration.year),
        ]);
    }
    writer.into_inner().unwrap_or_default()
}

/// `12 marchés notifiés en 2024 (recensement SPASER)`, with those left out for want of amount.
fn comment(row: &AgecRow, year: i32) -> String {
    let counted = format!("{} marché(s) notifié(s) en {year} (recensement SPASER)", row.contracts);
    match row.without_amount {
        0 => counted,
        missing => format!("{counted}, dont {missing} sans montant, non compté(s)"),
    }
}

/// The `Déclaration AGEC` sheet, when a category has spending in N.
pub fn write(workbook: &mut Workbook, doc: &Document<'_>, styles: &Styles) -> Result<(), XlsxError> {
    let declaration = &doc.bilan.agec;
    if declaration.rows.is_empty() && declaration.uncategorised == 0 {
        return Ok(());
    }
    let year = declaration.year;
    let columns = [
        Column::new(format!("Catégorie de produits (loi AGEC art. 58) — {year}"), 40.0),
        Column::new("Marchés notifiés", 10.0),
        Column::new("Montant total HT (€)", 15.0),
        Column::new("Réemploi et réutilisation HT (€)", 15.0),
        Column::new("Part réemploi", 10.0),
        Column::new("dont produits issus de dons HT (€)", 15.0),
        Column::new("Produits recyclés HT (€)", 15.0),
        Column::new("Part recyclés", 10.0),
    ];
    let sheet = workbook.add_worksheet();
    table::begin(sheet, SHEET_AGEC, &columns, styles)?;
    table::bilan_footer(sheet, year);
    let mut row = 0;
    for line in &declaration.rows {
        row += 1;
        table::text(sheet, row, 0, &line.category, &styles.wrapped)?;
        table::fit_height(sheet, row, [(&*line.category, columns[0].width)])?;
        sheet.write_with_format(row, 1, line.contracts as u32, &styles.integer)?;
        table::number(sheet, row, 2, line.total, &styles.money)?;
        table::number(sheet, row, 3, line.reemploi, &styles.money)?;
        table::opt_number(sheet, row, 4, line.share(line.reemploi).map(fraction), &styles.percent)?;
        table::number(sheet, row, 5, line.don, &styles.money)?;
        table::number(sheet, row, 6, line.recycle, &styles.money)?;
        table::opt_number(sheet, row, 7, line.share(line.recycle).map(fraction), &styles.percent)?;
    }
    if row > 0 {
        write_total(sheet, row + 1, declaration, styles)?;
    }
    if declaration.uncategorised > 0 {
        let note = format!(
            "{} marché(s) de fournitures notifié(s) en {year} ont une part réemploi, don ou recyclée sans catégorie AGEC : ils ne sont pas déclarés. Indiquez leur catégorie (ou « Hors champ AGEC ») dans une colonne « Catégorie AGEC ».",
            declaration.uncategorised
        );
        sheet.merge_range(row + 3, 0, row + 3, 7, &note, &styles.wrapped)?;
        table::set_lines(sheet, row + 3, 2)?;
    }
    table::end(
        sheet,
        row,
        &columns,
        "Aucune dépense classée par catégorie AGEC cette année.",
        styles,
    )
}

fn write_total(
    sheet: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    declaration: &AgecDeclaration,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let sum = |part: fn(&AgecRow) -> Decimal| declaration.rows.iter().map(part).sum::<Decimal>();
    let total = AgecRow {
        category: "Total".into(),
        contracts: declaration.rows.iter().map(|r| r.contracts).sum(),
        without_amount: 0,
        total: sum(|r| r.total),
        reemploi: sum(|r| r.reemploi),
        don: sum(|r| r.don),
        recycle: sum(|r| r.recycle),
    };
    table::text(sheet, row, 0, "Total", &styles.total)?;
    sheet.write_with_format(row, 1, total.contracts as u32, &styles.total)?;
    for (col, value) in [
        (2, total.total),
        (3, total.reemploi),
        (5, total.don),
        (6, total.recycle),
    ] {
        table::number(sheet, row, col, value, &styles.total_money)?;
    }
    table::opt_number(
        sheet,
        row,
        4,
        total.share(total.reemploi).map(fraction),
        &styles.total_percent,
    )?;
    table::opt_number(
        sheet,
        row,
        7,
        total.share(total.recycle).map(fraction),
        &styles.total_percent,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn the_csv_has_the_schemas_columns_a_row_per_category_dot_decimals_and_quotes_where_needed() {
        let declaration = AgecDeclaration {
            year: 2024,
            rows: vec![AgecRow {
                category: "Gros électroménager, y compris appareils professionnels".into(),
                contracts: 2,
                without_amount: 1,
                total: dec!(15000.50),
                reemploi: dec!(5000),
                don: dec!(1000.00),
                recycle: dec!(0),
            }],
            uncategorised: 0,
        };
        let declarant = Declarant {
            siret: "21940028000016".to_string(),
            raison_sociale: "Département du Val-de-Marne".to_string(),
        };
        let text = String::from_utf8(csv(&declaration, &declarant)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], CSV_COLUMNS.join(","));
        assert_eq!(
            lines[1],
            "2024,21940028000016,Département du Val-de-Marne,\"Gros électroménager, y compris appareils professionnels\",15000.5,5000,1000,0,\"2 marché(s) notifié(s) en 2024 (recensement SPASER), dont 1 sans montant, non compté(s)\""
        );
        assert_eq!(lines.len(), 2);
    }
}
