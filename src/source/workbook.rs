//! A workbook's sheets into records: each sheet recognised from its header, then validated
//! row by row into purchases, fiches action, indicators or follow-up rows. spaser's own outputs
//! (a bilan, a template's Notice and Listes) are recognised and not read as data.

use crate::catalogue::SheetKind;
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::model::FileContent;
use crate::read::{self, Grid};
use crate::recognise::{self, Layout, own};
use crate::settings::ReadSettings;
use crate::validate::rows::{self, Sheet};
use crate::validate::{recensement, suivi};
use std::path::Path;
use std::sync::Arc;

/// Reads the workbook's sheets into `content`; a file that is not a readable workbook gives its
/// one diagnostic and is marked unreadable.
pub fn load(path: &Path, bytes: &[u8], settings: &ReadSettings, content: &mut FileContent) {
    let workbook = match read::read_workbook_bytes(path, bytes) {
        Ok(workbook) => workbook,
        Err(diagnostic) => {
            content.unreadable = true;
            content.diagnostics.push(diagnostic);
            return;
        }
    };
    content.diagnostics.extend(workbook.diagnostics);
    if own::is_own_bilan(&workbook.sheets) {
        content.diagnostics.push(Diagnostic::info(
            Location::file(path),
            Code::OwnBilanIgnored,
            "Classeur de bilan produit par spaser (feuilles Synthèse, Actions, Indicateurs, Recensement, Anomalies, Sources) : il n'est pas relu comme une entrée.",
        ));
        return;
    }
    let service = settings.default_service(path);
    // The template's own Notice and Listes sheets explain and feed the others; they hold no data.
    for grid in workbook.sheets.iter().filter(|g| !own::is_template_auxiliary(&g.name)) {
        let location = Location::sheet(path, &grid.name);
        match recognise::recognise(grid, &settings.catalogue, &location) {
            Some(layout) => load_sheet(grid, &layout, &location, &service, settings, content),
            None if grid.height() > 0 => content.diagnostics.push(Diagnostic::info(
                location,
                Code::SheetNotRecognised,
                "Feuille non reconnue (aucune ligne d'en-tête connue parmi les 30 premières lignes) : elle n'est pas lue.",
            )),
            None => {}
        }
    }
    if content.kinds.is_empty() && !workbook.sheets.is_empty() {
        content.diagnostics.retain(|d| d.code != Code::SheetNotRecognised);
        content.diagnostics.push(
            Diagnostic::warning(
                Location::file(path),
                Code::NoSheetRecognised,
                "Aucune feuille du classeur n'est reconnue comme recensement, référentiel, suivi ou tableau de bilan : le fichier n'est pas lu.",
            )
            .suggest("Vérifiez la ligne d'en-tête (Référence, Objet, Nature, Montant HT… pour un recensement) ou partez du modèle : spaser template recensement."),
        );
    }
}

fn load_sheet(
    grid: &Grid,
    layout: &Layout,
    location: &Location,
    service: &str,
    settings: &ReadSettings,
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
    let data = rows::read_rows(&sheet, diagnostics);
    content.rows_read += data.len();
    match layout.kind {
        SheetKind::Recensement => content.purchases.extend(
            recensement::purchases(&sheet, &data, service, diagnostics)
                .into_iter()
                .map(Arc::new),
        ),
        SheetKind::Actions => content.actions.extend(suivi::actions(&sheet, &data)),
        SheetKind::Indicateurs => content.indicators.extend(suivi::indicators(&sheet, &data, diagnostics)),
        SheetKind::Suivi => content.follow_ups.extend(suivi::follow_ups(&sheet, &data)),
        SheetKind::Bilan => {
            let table = suivi::bilan_table(&sheet, &data, settings.default_year, diagnostics);
            content.follow_ups.extend(table.follow_ups);
            content.actions.extend(table.actions);
        }
    }
}
