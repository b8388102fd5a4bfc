//! spaser's own files, recognised in this one place so that no run reads them back and no write
//! of them wakes `watch`: office and spaser temporary and lock files, this run's outputs by
//! name (the bilan, the copy written beside a bilan that is open, the companion Recensement
//! workbook, the committee's document, the export), and any other workbook spaser wrote by its
//! sheet list alone, known before a cell is read.

use crate::catalogue::own_sheets;
use crate::diagnostic::{Code, Diagnostic, Location};
use std::path::{Path, PathBuf};

/// The stem of the default bilan, followed by its year: `Bilan_SPASER_2024.xlsx`.
pub const DEFAULT_BILAN_STEM: &str = "Bilan_SPASER_";

/// What follows a bilan's stem in the name of the copy written beside it when it cannot be
/// replaced (§7): `Bilan_SPASER_2024 (mis à jour 14-05-01).xlsx`.
const WRITTEN_BESIDE: &str = " (mis à jour ";

/// Whether a file name is one spaser must never read: Excel's `~$name.xlsx` lock file,
/// LibreOffice's `.~lock.name#`, hidden files (spaser's own `.~spaser-*.tmp` among them), and
/// office temporary files.
pub fn is_temporary_name(name: &str) -> bool {
    name.starts_with("~$")
        || name.starts_with('.')
        || name.starts_with('~')
        || name.ends_with('#')
        || name.ends_with(".tmp")
        || name.ends_with(".osl-tmp")
}

/// The files a run of `bilan` or `watch` writes, recognised by name.
#[derive(Debug, Clone, Default)]
pub struct Outputs {
    /// The folder holding the bilan, its companion and its document (canonical).
    folder: Option<PathBuf>,
    /// The stem of `-o`; `None` for the default `Bilan_SPASER_<année>`.
    stem: Option<String>,
    /// `--export` and `--agec` (canonical).
    exports: Vec<PathBuf>,
}

impl Outputs {
    /// A run that writes nothing (`check`).
    pub fn none() -> Outputs {
        Outputs::default()
    }

    /// The outputs of a bilan written to `output` (by default `Bilan_SPASER_<année>.xlsx` in
    /// `input_dir`), with the `exports` asked (`--export`, `--agec`).
    pub fn of(output: Option<&Path>, input_dir: &Path, exports: &[&Path]) -> Outputs {
        let folder = match output {
            Some(output) => folder_of(output),
            None => input_dir.to_path_buf(),
        };
        Outputs {
            folder: Some(canonical(&folder)),
            stem: output
                .and_then(Path::file_stem)
                .map(|stem| stem.to_string_lossy().to_string()),
            exports: exports.iter().map(|e| canonical_file(e)).collect(),
        }
    }

    /// Whether `path` is one of the outputs (whether it exists yet or not).
    pub fn contains(&self, path: &Path) -> bool {
        let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
            return false;
        };
        if self.exports.contains(&canonical_file(path)) {
            return true;
        }
        let named_like_ours = self.is_bilan_name(&name) || is_companion_name(&name);
        named_like_ours && self.folder.as_ref().is_some_and(|f| *f == canonical(&folder_of(path)))
    }

    /// `<stem>.xlsx`, `<stem>.docx`, or either written beside: `<stem> (mis à jour …).xlsx`.
    fn is_bilan_name(&self, name: &str) -> bool {
        let Some(stem) = name.strip_suffix(".xlsx").or_else(|| name.strip_suffix(".docx")) else {
            return false;
        };
        let stem = stem.split(WRITTEN_BESIDE).next().unwrap_or(stem);
        match &self.stem {
            Some(own) => stem == own,
            None => stem.strip_prefix(DEFAULT_BILAN_STEM).is_some_and(is_year),
        }
    }
}

/// The copy written beside a bilan that cannot be replaced (open in Excel), at `time`
/// (`14-05-01`): `Bilan_SPASER_2024 (mis à jour 14-05-01).xlsx`.
pub fn written_beside(bilan: &Path, time: &str) -> PathBuf {
    let stem = bilan
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    bilan.with_file_name(format!("{stem}{WRITTEN_BESIDE}{time}).xlsx"))
}

/// `Recensement_SPASER_<année>.xlsx`: the companion workbook of a large bilan (§6).
pub fn is_companion_name(name: &str) -> bool {
    name.strip_prefix(own_sheets::COMPANION_PREFIX)
        .and_then(|rest| rest.strip_suffix(".xlsx"))
        .is_some_and(is_year)
}

fn is_year(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a workbook is one spaser wrote, from its sheet names alone: exactly the sheets of a
/// bilan (§6, or of a bilan of an earlier version), or of the companion Recensement workbook.
pub fn is_own_workbook<S: AsRef<str>>(sheets: &[S]) -> bool {
    let names: Vec<&str> = sheets.iter().map(AsRef::as_ref).collect();
    names == own_sheets::BILAN
        || names == own_sheets::BILAN_WITH_AGEC
        || names == own_sheets::COMPANION
        || own_sheets::EARLIER_BILANS.contains(&names.as_slice())
}

/// Whether a CSV's header row is one spaser writes (the open-data export, the AGEC declaration):
/// such a file found among the inputs is spaser's own, never an input.
pub fn is_own_csv_header<S: AsRef<str>>(header: &[S]) -> bool {
    let cells: Vec<&str> = header.iter().map(|c| c.as_ref().trim()).collect();
    let ends = cells.iter().rposition(|c| !c.is_empty()).map_or(0, |last| last + 1);
    let cells = &cells[..ends];
    cells == own_sheets::EXPORT_COLUMNS || cells == own_sheets::AGEC_COLUMNS
}

/// The information given for a CSV of spaser's found among the inputs, which is not read.
pub fn own_csv_ignored(path: &Path) -> Diagnostic {
    Diagnostic::info(
        Location::file(path),
        Code::OwnBilanIgnored,
        "Fichier publié par spaser (indicateurs en données ouvertes ou déclaration AGEC) : il n'est pas relu comme une entrée.",
    )
}

/// The information given for a workbook of spaser's found among the inputs, which is not read.
pub fn own_workbook_ignored(path: &Path) -> Diagnostic {
    Diagnostic::info(
        Location::file(path),
        Code::OwnBilanIgnored,
        "Classeur de bilan produit par spaser (feuilles Synthèse, Bilan par fiche, Actions, Indicateurs…) : il n'est pas relu comme une entrée.",
    )
}

/// The folder a file is in (`.` for a bare file name).
pub fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// The canonical path of a file that may not exist yet: its folder's, joined with its name.
pub fn canonical_file(path: &Path) -> PathBuf {
    match path.file_name() {
        Some(name) => canonical(&folder_of(path)).join(name),
        None => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_hidden_and_temporary_files_are_never_read() {
        for name in [
            "~$recensement.xlsx",
            ".~lock.recensement.xlsx#",
            ".cache.xlsx",
            ".~spaser-1234.tmp",
            "abc.tmp",
            "x.osl-tmp",
        ] {
            assert!(is_temporary_name(name), "{name}");
        }
        assert!(!is_temporary_name("recensement.xlsx"));
    }

    #[test]
    fn the_default_bilan_its_copy_its_document_and_companion_are_outputs_in_their_folder_only() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("voirie")).expect("mkdir");
        let outputs = Outputs::of(None, dir.path(), &[]);
        for own in [
            "Bilan_SPASER_2024.xlsx",
            "Bilan_SPASER_2023.xlsx",
            "Bilan_SPASER_2024.docx",
            "Bilan_SPASER_2024 (mis à jour 14-05-01).xlsx",
            "Recensement_SPASER_2024.xlsx",
        ] {
            assert!(outputs.contains(&dir.path().join(own)), "{own}");
            assert!(!outputs.contains(&dir.path().join("voirie").join(own)), "voirie/{own}");
        }
        for input in [
            "Bilan_SPASER_voirie.xlsx",
            "Bilan 2024.xlsx",
            "Recensement_SPASER_.xlsx",
            "marchés.xlsx",
        ] {
            assert!(!outputs.contains(&dir.path().join(input)), "{input}");
        }
    }

    #[test]
    fn an_output_named_with_o_is_recognised_by_its_own_name_not_by_a_prefix() {
        let dir = tempfile::tempdir().expect("tempdir");
        let output = dir.path().join("bilan.xlsx");
        let export = dir.path().join("indicateurs.csv");
        let outputs = Outputs::of(Some(&output), Path::new("ailleurs"), &[&export]);
        assert!(outputs.contains(&output));
        assert!(outputs.contains(&written_beside(&output, "10-00-00")));
        assert!(outputs.contains(&export));
        assert!(!outputs.contains(&dir.path().join("bilan_voirie.xlsx")));
        assert!(!outputs.contains(&dir.path().join("Bilan_SPASER_2024.xlsx")));
        assert!(!Outputs::none().contains(&output));
    }

    #[test]
    fn a_workbook_is_spasers_own_by_its_exact_sheet_list() {
        assert!(is_own_workbook(&own_sheets::BILAN));
        assert!(is_own_workbook(&own_sheets::COMPANION));
        assert!(!is_own_workbook(&["Marchés"]));
        assert!(!is_own_workbook(&["Synthèse", "Actions", "Indicateurs", "Suivi"]));
    }
}
