//! How a diagnostic names its file: one path style for text, JSON and the Anomalies sheet.

use std::path::{Path, PathBuf};

/// How every diagnostic names its file, in text, in JSON and in the Anomalies sheet: relative
/// to the folder that was given, with `/`; a file given directly keeps the path as given.
#[derive(Debug, Clone, Default)]
pub struct PathStyle {
    folders: Vec<PathBuf>,
}

impl PathStyle {
    /// The style of a run given `paths` (folders and files).
    pub fn of(paths: &[PathBuf]) -> PathStyle {
        PathStyle {
            folders: paths.iter().filter(|p| p.is_dir()).cloned().collect(),
        }
    }

    /// `path` as the pilot reads it.
    pub fn show(&self, path: &Path) -> String {
        self.folders
            .iter()
            .find_map(|folder| relative_to(path, folder))
            .unwrap_or_else(|| path.display().to_string())
    }
}

/// `path` relative to `folder`, with `/`, as the pilot reads it; as given when outside it.
pub fn relative(path: &Path, folder: &Path) -> String {
    relative_to(path, folder).unwrap_or_else(|| path.display().to_string())
}

fn relative_to(path: &Path, folder: &Path) -> Option<String> {
    let inside = path.strip_prefix(folder).ok()?;
    let parts: Vec<_> = inside.components().map(|c| c.as_os_str().to_string_lossy()).collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}
