//! Diagnostics as lines of French text for the console.

use crate::diagnostic::{Diagnostic, PathStyle, Tally};
use std::fmt::Write;

/// One diagnostic: `fichier › feuille › cellule : gravité [code] message` and, on the next
/// line, the suggestion.
pub fn diagnostic(d: &Diagnostic, paths: &PathStyle) -> String {
    let mut place = paths.show(&d.location.file);
    if let Some(sheet) = &d.location.sheet {
        let _ = write!(place, " › {sheet}");
    }
    let cell = d.location.cell_label();
    if !cell.is_empty() {
        let _ = write!(place, " › {cell}");
    }
    let mut line = format!("{place} : {} [{}] {}", d.severity, d.code, d.message());
    if let Some(suggestion) = d.suggestion() {
        let _ = write!(line, "\n    → {suggestion}");
    }
    line
}

/// Every diagnostic, then a summary line.
pub fn report(diagnostics: &[Diagnostic], files: usize, paths: &PathStyle) -> String {
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&diagnostic(d, paths));
        out.push('\n');
    }
    out.push_str(&summary(Tally::of(diagnostics), files));
    out.push('\n');
    out
}

/// `3 fichiers lus : 1 erreur, 2 avertissements, 0 info.`
pub fn summary(tally: Tally, files: usize) -> String {
    format!(
        "{} lu{} : {}, {}, {}.",
        plural(files, "fichier", "fichiers"),
        if files > 1 { "s" } else { "" },
        plural(tally.errors, "erreur", "erreurs"),
        plural(tally.warnings, "avertissement", "avertissements"),
        plural(tally.infos, "info", "infos"),
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n > 1 { many } else { one })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Code, Location};
    use std::path::Path;

    #[test]
    fn a_diagnostic_names_file_sheet_cell_severity_code_message_and_suggestion() {
        let d = Diagnostic::error(
            Location::sheet(Path::new("voirie.xlsx"), "Marchés").at_cell(11, 4),
            Code::AmountInvalid,
            "Montant « 12 k€ » refusé.",
        )
        .suggest("Écrivez 12 000.");
        assert_eq!(
            diagnostic(&d, &PathStyle::default()),
            "voirie.xlsx › Marchés › E12 : erreur [montant-invalide] Montant « 12 k€ » refusé.\n    → Écrivez 12 000."
        );
    }

    #[test]
    fn a_file_is_named_relative_to_the_folder_given_with_slashes_or_as_given() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("voirie").join("marchés.xlsx");
        let folder = PathStyle::of(&[dir.path().to_path_buf()]);
        assert_eq!(folder.show(&file), "voirie/marchés.xlsx");
        let direct = PathStyle::of(std::slice::from_ref(&file));
        assert_eq!(direct.show(&file), file.display().to_string());
        let dot = PathStyle::of(&[std::path::PathBuf::from(".")]);
        assert_eq!(dot.show(Path::new("./voirie/marchés.xlsx")), "voirie/marchés.xlsx");
    }

    #[test]
    fn the_summary_counts_by_severity_in_french() {
        let tally = Tally {
            errors: 1,
            warnings: 2,
            infos: 0,
        };
        assert_eq!(
            summary(tally, 3),
            "3 fichiers lus : 1 erreur, 2 avertissements, 0 info."
        );
    }
}
