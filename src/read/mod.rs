//! Opening one workbook, read-only, into [`Grid`]s: sniffing its real format, enforcing the §9
//! limits before loading, turning calamine's cells into absolute positions with merged regions,
//! and isolating the reader so that a malformed file is a diagnostic, never a crash.

pub mod declared;
pub mod decp;
mod decp_bounds;
pub mod delimited;
pub mod grid;
pub mod limits;
mod merges;
mod sheets;
pub mod sniff;
mod string_refs;

use crate::diagnostic::{Code, Diagnostic, Location};
pub use grid::{CellValue, Grid, Merge, float_to_decimal};
pub use sniff::FileFormat;
use sniff::Refusal;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

pub use decp_bounds::DecpBounds;
pub use limits::ReadLimits;

/// A workbook's zip directory, read once and shared (cloned) by its readers.
pub(crate) type Archive<'b> = zip::ZipArchive<std::io::Cursor<&'b [u8]>>;

/// The advice given with every refusal.
const SAVE_AS_XLSX: &str = "Enregistrez le classeur au format .xlsx sans mot de passe, puis relancez.";

/// One workbook's sheets, and what went wrong at sheet level while reading it.
#[derive(Debug, Clone)]
pub struct Workbook {
    /// Its sheets, in workbook order.
    pub sheets: Vec<Grid>,
    /// Sheets refused or unreadable.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads a workbook from disk. A file that cannot be read at all gives one diagnostic instead.
pub fn read_workbook(path: &Path, limits: &ReadLimits) -> Result<Workbook, Diagnostic> {
    let bytes = read_file(path, limits)?;
    open(path, &bytes, limits)?.read(limits)
}

/// Reads a file's bytes once (refused before loading when over the size limit), so that the
/// caller can both hash them and parse them without a second read.
pub fn read_file(path: &Path, limits: &ReadLimits) -> Result<Vec<u8>, Diagnostic> {
    sniff::load_bytes(path, limits).map_err(|refusal| refusal_diagnostic(path, refusal))
}

/// A workbook whose real format is known, its sheets not read yet.
pub struct Opened<'b> {
    path: &'b Path,
    bytes: &'b [u8],
    format: FileFormat,
    archive: Option<Archive<'b>>,
}

/// Tells what the file really is (§9: sniffed, never trusted to its extension), reading nothing
/// of its sheets.
pub fn open<'b>(path: &'b Path, bytes: &'b [u8], limits: &ReadLimits) -> Result<Opened<'b>, Diagnostic> {
    let (format, archive) = sniff::sniff(path, bytes, limits).map_err(|refusal| refusal_diagnostic(path, refusal))?;
    Ok(Opened {
        path,
        bytes,
        format,
        archive,
    })
}

impl Opened<'_> {
    /// The sheets' names, in workbook order, when the workbook lists them apart from its sheets
    /// (`.xlsx`): known without reading a cell.
    pub fn sheet_names(&self) -> Option<Vec<String>> {
        merges::sheet_names(self.archive.clone()?)
    }

    /// Reads every sheet, within the limits, the reader isolated so that a malformed file is a
    /// diagnostic.
    pub fn read(self, limits: &ReadLimits) -> Result<Workbook, Diagnostic> {
        let Opened {
            path,
            bytes,
            format,
            archive,
        } = self;
        declared::check(format, bytes, archive.clone(), limits).map_err(|refusal| refusal_diagnostic(path, refusal))?;
        let outcome = quietly(|| catch_unwind(AssertUnwindSafe(|| sheets::read(format, path, bytes, archive, limits))));
        match outcome {
            Ok(Ok((sheets, diagnostics))) => Ok(Workbook { sheets, diagnostics }),
            Ok(Err(refusal)) => Err(refusal_diagnostic(path, refusal)),
            Err(_) => Err(unreadable(
                path,
                "le lecteur de classeur a rencontré une structure invalide",
            )),
        }
    }
}

thread_local! {
    static READING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` with panic messages silenced on this thread: a panic inside calamine on a
/// malformed file becomes a diagnostic, not a backtrace on the pilot's console. Panics anywhere
/// else still print as usual.
pub fn quietly<T>(f: impl FnOnce() -> T) -> T {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let default_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !READING.with(std::cell::Cell::get) {
                default_hook(info);
            }
        }));
    });
    READING.with(|r| r.set(true));
    let result = f();
    READING.with(|r| r.set(false));
    result
}

fn refusal_diagnostic(path: &Path, refusal: Refusal) -> Diagnostic {
    let location = Location::file(path);
    match refusal {
        Refusal::Empty => Diagnostic::error(
            location,
            Code::FileEmpty,
            "Le fichier est vide (0 octet) : aucun classeur à lire.",
        )
        .suggest("Vérifiez que l'enregistrement s'est terminé, ou retirez le fichier du dossier."),
        Refusal::TooLarge(why) => Diagnostic::error(
            location,
            Code::FileTooLarge,
            format!("Classeur refusé sans être ouvert : {why}."),
        )
        .suggest("Découpez le classeur par service ou par année."),
        Refusal::Encrypted => Diagnostic::error(
            location,
            Code::FileEncrypted,
            "Le classeur est protégé par un mot de passe (chiffré) : il ne peut pas être lu.",
        )
        .suggest(SAVE_AS_XLSX),
        Refusal::Xlsb => Diagnostic::error(
            location,
            Code::FileFormatUnsupported,
            "Le classeur est au format binaire Excel (.xlsb), qui n'est pas lu.",
        )
        .suggest(SAVE_AS_XLSX),
        Refusal::NotAWorkbook(what) => Diagnostic::error(
            location,
            Code::FileFormatUnsupported,
            format!("Le fichier porte une extension de classeur mais contient {what}."),
        )
        .suggest(SAVE_AS_XLSX),
        Refusal::Declared(what) => Diagnostic::error(
            location,
            Code::DeclarationTooLarge,
            format!("Classeur refusé sans être chargé : il déclare {what}, ce qu'aucun classeur réel ne contient."),
        )
        .suggest("Rouvrez-le dans Excel ou LibreOffice et enregistrez-le à nouveau, ou retirez-le du dossier."),
        Refusal::RowsRepeated(what) => Diagnostic::error(
            location,
            Code::RowsRepeated,
            format!("Classeur refusé sans être chargé : {what}."),
        )
        .suggest("Supprimez les lignes répétées (ou copiées jusqu'en bas de la feuille), puis enregistrez."),
        Refusal::Broken(why) => unreadable(path, &why),
    }
}

fn unreadable(path: &Path, why: &str) -> Diagnostic {
    Diagnostic::error(
        Location::file(path),
        Code::FileUnreadable,
        format!(
            "Le classeur ne peut pas être lu : fichier tronqué, en cours d'enregistrement ou abîmé \
             (détail technique : {why})."
        ),
    )
    .suggest("Rouvrez-le dans Excel ou LibreOffice et enregistrez-le à nouveau au format .xlsx.")
}

pub(crate) fn too_large(location: Location, why: &str) -> Diagnostic {
    Diagnostic::error(
        location,
        Code::SheetTooLarge,
        format!("Feuille refusée sans être chargée : {why}."),
    )
    .suggest("Supprimez les lignes et colonnes vides en fin de feuille, ou découpez la feuille.")
}

pub(crate) fn sheet_unreadable(location: Location, why: &str) -> Diagnostic {
    Diagnostic::error(
        location,
        Code::FileUnreadable,
        format!("La feuille ne peut pas être lue (détail technique : {why})."),
    )
    .suggest("Rouvrez le classeur dans Excel ou LibreOffice et enregistrez-le à nouveau.")
}
