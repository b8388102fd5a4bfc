//! Diagnostics as one JSON array, for scripts (`spaser check --format json`).

use crate::diagnostic::{Diagnostic, PathStyle};
use serde::Serialize;

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    fichier: String,
    feuille: Option<&'a str>,
    cellule: Option<String>,
    gravite: &'static str,
    code: &'static str,
    message: &'a str,
    suggestion: Option<&'a str>,
}

/// The diagnostics as a JSON array (pretty-printed, one object per diagnostic).
pub fn report(diagnostics: &[Diagnostic], paths: &PathStyle) -> String {
    let items: Vec<JsonDiagnostic<'_>> = diagnostics
        .iter()
        .map(|d| {
            let cell = d.location.cell_label();
            JsonDiagnostic {
                fichier: paths.show(&d.location.file),
                feuille: d.location.sheet.as_deref(),
                cellule: (!cell.is_empty()).then_some(cell),
                gravite: d.severity.label(),
                code: d.code.as_str(),
                message: d.message(),
                suggestion: d.suggestion(),
            }
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_string())
}
