//! A DECP file (§10), JSON or XML, into the same [`FileContent`] as a workbook: its marchés and
//! its contrats de concession (type de contrat Concession) as purchases located by their JSON
//! path, and its deviations from the format one warning per kind.

use crate::catalogue::SheetKind;
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::model::FileContent;
use crate::read::DecpBounds;
use crate::read::decp::{self, Entry, Shape};
use crate::settings::RunSettings;
use crate::validate::decp::{Context, Deviations, Place, purchase};
use std::path::Path;
use std::sync::Arc;

/// Whether a file is read as DECP: by its extension.
pub fn is_decp(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json") || e.eq_ignore_ascii_case("xml"))
}

/// Reads a DECP file's contracts into `content`.
pub fn load(path: &Path, bytes: &[u8], settings: &RunSettings, content: &mut FileContent) {
    let xml = bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<');
    let service = |buyer: Option<&str>| settings.buyer_service(buyer, path);
    let context = Context {
        file: path,
        catalogue: &settings.catalogue,
        thresholds: &settings.thresholds,
        service: &service,
        typed: !xml,
        plausible: crate::validate::plausibility::Plausible::on(chrono::Local::now().date_naive()),
    };
    let mut deviations = Deviations::default();
    let mut diagnostics = Vec::new();
    let mut next_cap = crate::diagnostic::cap::COMPACT_EVERY;
    let mut purchases = Vec::new();
    let (mut marches, mut concessions) = (0, 0);
    let mut on_entry = |entry: Entry| {
        let (place, fields) = match entry {
            Entry::Marche { list, index, fields } => {
                marches += 1;
                let place = Place {
                    list,
                    index,
                    concession: false,
                };
                (place, fields)
            }
            Entry::Concession { list, index, fields } => {
                concessions += 1;
                let place = Place {
                    list,
                    index,
                    concession: true,
                };
                (place, fields)
            }
        };
        purchases.extend(purchase(&context, place, &fields, &mut deviations, &mut diagnostics));
        if diagnostics.len() >= next_cap {
            crate::diagnostic::cap::cap(&mut diagnostics);
            next_cap = diagnostics.len() + crate::diagnostic::cap::COMPACT_EVERY;
        }
    };
    let shape = if xml {
        decp::read_xml(bytes, DecpBounds::of(&settings.limits), &mut on_entry)
    } else {
        decp::read_json(bytes, DecpBounds::of(&settings.limits), &mut on_entry)
    };
    let shape = match shape {
        Ok(shape) => shape,
        Err(broken) => {
            content.unreadable = true;
            content.diagnostics.push(
                Diagnostic::error(
                    Location::file(path),
                    Code::FileUnreadable,
                    format!("Le fichier DECP ne peut pas être lu : {}.", broken.0),
                )
                .suggest(
                    "Exportez à nouveau les données essentielles depuis le profil d'acheteur, au format JSON ou XML.",
                ),
            );
            return;
        }
    };
    if !shape.recognised {
        content.diagnostics.push(not_decp(path, xml));
        return;
    }
    content.kinds.push(SheetKind::Decp);
    content.rows_read = marches + concessions;
    content.concessions = concessions;
    content.purchases.extend(purchases.into_iter().map(Arc::new));
    content.diagnostics.extend(diagnostics);
    content.diagnostics.extend(deviations.into_diagnostics());
    content.diagnostics.extend(shape_notes(path, shape, concessions));
}

fn not_decp(path: &Path, xml: bool) -> Diagnostic {
    Diagnostic::info(
        Location::file(path),
        Code::DecpNotRecognised,
        format!(
            "Fichier {} sans liste « marches » : ce n'est pas un fichier DECP, il n'est pas lu.",
            if xml { "XML" } else { "JSON" }
        ),
    )
    .suggest("Un fichier DECP commence par {\"marches\": …} en JSON, ou <marches> en XML.")
}

/// What is said of the file as a whole: concessions set apart, `NaN` read as empty.
fn shape_notes(path: &Path, shape: Shape, concessions: usize) -> Vec<Diagnostic> {
    let mut notes = Vec::new();
    if concessions > 0 {
        notes.push(Diagnostic::info(
            Location::file(path),
            Code::ConcessionsApart,
            format!(
                "{concessions} contrat(s) de concession, comptés à part des marchés (bloc Concessions de la Synthèse) : les parts PNAD et L.2111-3 portent sur les marchés, sauf Filtre type_contrat = concession."
            ),
        ));
    }
    if shape.non_numbers > 0 {
        notes.push(
            Diagnostic::warning(
                Location::file(path),
                Code::DecpDeviation,
                format!(
                    "Écart au format DECP : {} valeur(s) NaN ou Infinity (hors JSON) lue(s) comme vides.",
                    shape.non_numbers
                ),
            )
            .suggest("Signalez l'écart à l'éditeur du profil d'acheteur qui produit l'export."),
        );
    }
    notes
}
