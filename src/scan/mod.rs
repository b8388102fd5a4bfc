//! Finding the inputs: a folder scanned recursively (or files given one by one), keeping
//! spreadsheets and DECP files and leaving out spaser's own files ([`own`]: lock and temporary
//! files, the bilan and what is written with it). Sorted by path so that results never depend
//! on the order the disk lists files in.

pub mod own;

use crate::diagnostic::{Code, Diagnostic, Location};
pub use own::Outputs;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// What a scan finds: the workbooks, and the folder entries that could not be read (a dangling
/// link, a folder without permission), each a diagnostic rather than the end of the run (§9).
#[derive(Debug, Clone, Default)]
pub struct Scanned {
    /// The workbooks, sorted.
    pub files: Vec<PathBuf>,
    /// One warning per entry that could not be read.
    pub problems: Vec<Diagnostic>,
}

/// Extensions read as inputs: workbooks, CSV and text exports (§2), and DECP files (`.json`,
/// `.xml`, §10). `.xlsb` is listed so that it gets a diagnostic of its own.
pub const INPUT_EXTENSIONS: [&str; 9] = ["xlsx", "xlsm", "xls", "ods", "xlsb", "csv", "txt", "json", "xml"];

/// Whether the path has the extension of an input (a workbook or a DECP file).
pub fn has_input_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| INPUT_EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// Lists the workbooks under `paths` (folders scanned recursively, files taken as given),
/// leaving out the run's `outputs`. Sorted and without duplicates. Only a path given that does
/// not exist is an error; an entry that cannot be read inside a folder is a problem reported
/// and skipped.
pub fn scan(paths: &[PathBuf], outputs: &Outputs) -> std::io::Result<Scanned> {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        if path.is_dir() {
            for entry in WalkDir::new(path)
                .follow_links(true)
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !own::is_temporary_name(&e.file_name().to_string_lossy()))
            {
                match entry {
                    Ok(entry) if entry.file_type().is_file() && has_input_extension(entry.path()) => {
                        found.push(entry.into_path());
                    }
                    Ok(entry) if entry.file_type().is_file() && is_shortcut(entry.path()) => {
                        problems.push(shortcut_ignored(entry.path()));
                    }
                    Ok(_) => {}
                    Err(error) => problems.push(unreadable_entry(&error)),
                }
            }
        } else if path.is_file() {
            found.push(path.clone());
        } else {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{} : fichier ou dossier introuvable", path.display()),
            ));
        }
    }
    found.retain(|p| !outputs.contains(p));
    found.sort();
    found.dedup();
    Ok(Scanned { files: found, problems })
}

/// A Windows shortcut (`.lnk`): a service may drop one to its workbook kept elsewhere.
fn is_shortcut(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("lnk"))
}

fn shortcut_ignored(path: &Path) -> Diagnostic {
    Diagnostic::info(
        Location::file(path),
        Code::ShortcutIgnored,
        "Raccourci Windows ignoré : spaser ne suit pas les raccourcis, le classeur vers lequel il pointe n'est pas lu.",
    )
    .suggest("Placez le classeur lui-même (ou une copie) dans le dossier du SPASER.")
}

/// A folder entry that cannot be read, in French: a link to nothing, no permission, a loop.
fn unreadable_entry(error: &walkdir::Error) -> Diagnostic {
    let path = error.path().map(Path::to_path_buf).unwrap_or_default();
    let why = if error.loop_ancestor().is_some() {
        "un lien symbolique qui boucle sur un dossier parent".to_string()
    } else {
        match error.io_error().map(std::io::Error::kind) {
            Some(std::io::ErrorKind::NotFound) => "un lien qui ne mène à rien".to_string(),
            Some(std::io::ErrorKind::PermissionDenied) => "accès refusé".to_string(),
            _ => "lecture impossible".to_string(),
        }
    };
    Diagnostic::warning(
        Location::file(&path),
        Code::FolderUnreadable,
        format!("Élément du dossier ignoré ({why}) : ce qu'il contient n'est pas lu."),
    )
    .suggest("Vérifiez le lien ou les droits d'accès de cet élément, ou retirez-le du dossier.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_is_scanned_recursively_sorted_without_the_output() {
        let dir = tempfile::tempdir().expect("tempdir");
        let sub = dir.path().join("voirie");
        std::fs::create_dir(&sub).expect("mkdir");
        for name in [
            "b.xlsx",
            "a.ods",
            "~$b.xlsx",
            "notes.txt",
            "notes.docx",
            "Bilan_SPASER_2024.xlsx",
        ] {
            std::fs::write(dir.path().join(name), b"x").expect("write");
        }
        std::fs::write(sub.join("c.xls"), b"x").expect("write");
        let found = scan(&[dir.path().to_path_buf()], &Outputs::of(None, dir.path(), &[]))
            .expect("scan")
            .files;
        let names: Vec<String> = found
            .iter()
            .map(|p| crate::diagnostic::relative(p, dir.path()))
            .collect();
        assert_eq!(names, ["a.ods", "b.xlsx", "notes.txt", "voirie/c.xls"]);
    }
}
