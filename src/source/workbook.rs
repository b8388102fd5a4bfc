//! A workbook's sheets into records: each sheet recognised from its header, then validated
//! row by row into purchases, fiches action, indicators or follow-up rows. A workbook spaser
//! wrote (a bilan: `scan::own`) is known by its sheet list and not read; a
//! template's Notice and Listes sheets hold no data.

use crate::catalogue::SheetKind;
use crate::diagnostic::{Code, Diagnostic, Location, Position, Severity};
use crate::model::FileContent;
use crate::read::{self, Grid};
use crate::recognise::fiche::FicheLayout;
use crate::recognise::{self, Layout};
use crate::scan::own;
use crate::settings::RunSettings;
use crate::validate::rows::{self, Sheet};
use crate::validate::{self, bilan_table, insertion, recensement, suivi};
use std::path::Path;

/// Reads the workbook's sheets into `content`; a file that is not a readable workbook gives its
/// one diagnostic and is marked unreadable.
pub fn load(path: &Path, bytes: &[u8], settings: &RunSettings, content: &mut FileContent) {
    let opened = read::open(path, bytes, &settings.limits);
    // A workbook that lists its sheets apart (.xlsx, as spaser writes) is known as spaser's own
    // before a cell is read; the others once read.
    if let Ok(names) = opened.as_ref().map(read::Opened::sheet_names)
        && names.is_some_and(|names| own::is_own_workbook(&names))
    {
        content.diagnostics.push(own::own_workbook_ignored(path));
        return;
    }
    let workbook = match opened.and_then(|opened| opened.read(&settings.limits)) {
        Ok(workbook) => workbook,
        Err(diagnostic) => {
            content.unreadable = true;
            content.diagnostics.push(diagnostic);
            return;
        }
    };
    content.diagnostics.extend(workbook.diagnostics);
    if own::is_own_workbook(&workbook.sheets.iter().map(|g| g.name.as_str()).collect::<Vec<_>>()) {
        content.diagnostics.push(own::own_workbook_ignored(path));
        return;
    }
    load_sheets(path, &workbook.sheets, settings, content);
}

/// Reads a CSV or text export (§2) into `content`: its one table, recognised like a sheet; a
/// table of no known kind is an `info`, as an unrecognised sheet is.
pub fn load_delimited(path: &Path, bytes: &[u8], settings: &RunSettings, content: &mut FileContent) {
    match read::delimited::read(path, bytes, &settings.limits) {
        Ok(grid) if own::is_own_csv_header(&first_row(&grid)) => content.diagnostics.push(own::own_csv_ignored(path)),
        Ok(grid) => load_sheets(path, std::slice::from_ref(&grid), settings, content),
        Err(diagnostic) => {
            content.unreadable = true;
            content.diagnostics.push(diagnostic);
        }
    }
}

/// The cells of a table's first row, as text.
fn first_row(grid: &Grid) -> Vec<String> {
    (0..grid.width()).map(|col| grid.get(0, col).display()).collect()
}

/// Recognises and reads every sheet; says so when none is recognised.
fn load_sheets(path: &Path, sheets: &[Grid], settings: &RunSettings, content: &mut FileContent) {
    let service = settings.default_service(path);
    // The template's own Notice and Listes sheets explain and feed the others; they hold no data.
    for grid in sheets.iter().filter(|g| !recognise::is_template_auxiliary(&g.name)) {
        let location = Location::sheet(path, &grid.name);
        let table = settings.recogniser.recognise(grid, &settings.catalogue, &location);
        // A fiche in vertical form may hold a small follow-up table that looks like a Suivi
        // lacking its Code FA column: a table is taken only when its header is complete.
        let complete_table = table
            .as_ref()
            .filter(|l| !l.diagnostics.iter().any(|d| d.code == Code::HeaderMissing));
        if complete_table.is_none()
            && let Some(fiche) = recognise::fiche::recognise(grid, &settings.catalogue)
        {
            load_fiche(grid, &fiche, &location, settings, content);
            continue;
        }
        match table {
            Some(layout) => load_sheet(grid, &layout, &location, &service, settings, content),
            None if grid.height() > 0 => content.diagnostics.push(Diagnostic::info(
                location,
                Code::SheetNotRecognised,
                "Feuille non reconnue (aucune ligne d'en-tête connue parmi les 30 premières lignes, ni fiche action) : elle n'est pas lue.",
            )),
            None => {}
        }
    }
    if !content.kinds.is_empty() || sheets.is_empty() {
        return;
    }
    content.diagnostics.retain(|d| d.code != Code::SheetNotRecognised);
    if read::delimited::is_delimited(path) {
        content.diagnostics.push(
            Diagnostic::info(
                Location::file(path),
                Code::NoSheetRecognised,
                "Fichier texte (CSV) non reconnu : aucune ligne d'en-tête de recensement, de référentiel ou de suivi parmi ses 30 premières lignes ; il n'est pas lu.",
            )
            .suggest("Si c'est un export de marchés, vérifiez qu'il a une ligne d'en-tête (Référence, Objet, Nature, Montant HT…), ou ajoutez ses en-têtes dans spaser.toml."),
        );
    } else {
        content.diagnostics.push(
            Diagnostic::warning(
                Location::file(path),
                Code::NoSheetRecognised,
                "Aucune feuille du classeur n'est reconnue comme recensement, référentiel, suivi, tableau de bilan ou fiche action : le fichier n'est pas lu.",
            )
            .suggest("Vérifiez la ligne d'en-tête (Référence, Objet, Nature, Montant HT… pour un recensement) ou partez du modèle : spaser template recensement."),
        );
    }
}

/// A fiche action in vertical form: its action, indicators and follow-up rows.
fn load_fiche(
    grid: &Grid,
    fiche: &FicheLayout,
    location: &Location,
    settings: &RunSettings,
    content: &mut FileContent,
) {
    if !content.kinds.contains(&SheetKind::Fiche) {
        content.kinds.push(SheetKind::Fiche);
    }
    let records = validate::fiche::read(
        grid,
        fiche,
        location,
        &settings.catalogue,
        settings.default_year,
        &mut content.diagnostics,
    );
    content.rows_read += records.follow_ups.len() + records.indicators.len() + usize::from(records.action.is_some());
    content.actions.extend(records.action);
    content.indicators.extend(records.indicators);
    content.follow_ups.extend(records.follow_ups);
}

fn load_sheet(
    grid: &Grid,
    layout: &Layout,
    location: &Location,
    service: &str,
    settings: &RunSettings,
    content: &mut FileContent,
) {
    let has_missing_required = layout.diagnostics.iter().any(|d| d.code == Code::HeaderMissing);
    content.diagnostics.extend(layout.diagnostics.iter().cloned());
    if !content.kinds.contains(&layout.kind) {
        content.kinds.push(layout.kind);
    }
    content.columns.insert(
        grid.name.clone(),
        layout.columns.iter().map(|c| (c.key.clone(), c.col)).collect(),
    );
    if has_missing_required {
        return;
    }
    let sheet = Sheet {
        grid,
        layout,
        location,
        catalogue: &settings.catalogue,
    };
    let diagnostics = &mut content.diagnostics;
    if layout.kind == SheetKind::Recensement {
        let builder = recensement::PurchaseBuilder::new(&sheet, service, &settings.thresholds);
        let purchases = &mut content.purchases;
        content.rows_read += rows::for_each_row(&sheet, diagnostics, |row, diagnostics| {
            purchases.extend(builder.purchase(&sheet, row, diagnostics));
        });
        return;
    }
    let data = rows::read_rows(&sheet, diagnostics);
    let data_rows = data.len();
    content.rows_read += data_rows;
    let records = match layout.kind {
        SheetKind::Actions => extend(&mut content.actions, suivi::actions(&sheet, &data)),
        SheetKind::Indicateurs => {
            let referentiel = suivi::indicators(&sheet, &data, diagnostics);
            extend(&mut content.actions, referentiel.actions)
                + extend(&mut content.follow_ups, referentiel.follow_ups)
                + extend(&mut content.indicators, referentiel.indicators)
        }
        SheetKind::Suivi => extend(&mut content.follow_ups, suivi::follow_ups(&sheet, &data)),
        SheetKind::Insertion => extend(&mut content.insertion, insertion::rows(&sheet, &data, diagnostics)),
        SheetKind::Bilan => {
            let table = bilan_table::read(&sheet, &data, settings.default_year, diagnostics);
            extend(&mut content.actions, table.actions) + extend(&mut content.follow_ups, table.follow_ups)
        }
        // Purchases were read row by row above; fiches are recognised from their labels and DECP
        // files are no workbooks: never a table.
        SheetKind::Recensement | SheetKind::Fiche | SheetKind::Decp => 0,
    };
    if records == 0 && data_rows > 0 && !sheet_error_said(content, layout, location) {
        content.diagnostics.push(
            Diagnostic::error(
                location.clone(),
                Code::SuiviUnread,
                format!(
                    "Feuille reconnue comme {} mais aucune de ses {} ligne(s) n'a pu être lue : le bilan n'en tiendra aucun compte.",
                    layout.kind,
                    data_rows
                ),
            )
            .suggest("Corrigez les erreurs signalées sur ses lignes (codes, valeurs obligatoires), puis relancez."),
        );
    }
}

/// Whether an error about the sheet as a whole (not one of its cells or rows) was already
/// reported: it says why no row could be read.
fn sheet_error_said(content: &FileContent, layout: &Layout, location: &Location) -> bool {
    content.diagnostics.iter().any(|d| {
        d.severity == Severity::Error
            && d.location.sheet == location.sheet
            && match d.location.position {
                Position::None => true,
                Position::Row(row) => row == layout.header_row,
                Position::Cell(..) | Position::Entry(..) => false,
            }
    })
}

/// Appends `items`, returning how many there were.
fn extend<T>(into: &mut Vec<T>, items: Vec<T>) -> usize {
    let count = items.len();
    into.extend(items);
    count
}
