//! §7 (`spaser watch`): the real binary watches a temporary folder while the tests replay how
//! Excel and LibreOffice save, hold lock files, leave a truncated workbook and delete one. Each
//! step asserts the number of rebuilds (from the log) and the bilan's content. Waits are
//! bounded; no test runs longer than 30 s.

use crate::support::*;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(10);

/// A running `spaser watch` and the lines it logged.
struct Watching {
    child: Child,
    lines: Arc<Mutex<Vec<String>>>,
    dir: PathBuf,
}

impl Watching {
    /// Starts the watch and waits for its first bilan.
    fn start(dir: &Path, extra: &[&str]) -> Self {
        Watching::start_with(dir, extra, &[])
    }

    /// Starts the watch with `env` set, and waits for its first bilan.
    fn start_with(dir: &Path, extra: &[&str], env: &[(&str, &str)]) -> Self {
        let watching = Watching::spawn_with(dir, extra, env);
        watching.wait_for_rebuilds(1);
        watching.wait_for(|lines| lines.iter().any(|l| l.contains("surveillance de")));
        watching
    }

    /// Starts the watch without waiting for anything.
    fn spawn(dir: &Path, extra: &[&str]) -> Self {
        Watching::spawn_with(dir, extra, &[])
    }

    fn spawn_with(dir: &Path, extra: &[&str], env: &[(&str, &str)]) -> Self {
        let mut child = spawn_of(
            Command::new(env!("CARGO_BIN_EXE_spaser"))
                .current_dir(dir)
                .args(["watch", ".", "--debounce", "400"])
                .args(extra)
                .envs(env.iter().copied())
                .stderr(Stdio::piped())
                .stdout(Stdio::null()),
        );
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&lines);
        let stderr = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().expect("lock").push(line);
            }
        });
        Watching {
            child,
            lines,
            dir: dir.to_path_buf(),
        }
    }

    /// The lines logged so far.
    fn log(&self) -> Vec<String> {
        self.lines.lock().expect("lock").clone()
    }

    fn logged(&self, text: &str) -> bool {
        self.log().iter().any(|l| l.contains(text))
    }

    fn rebuilds(&self) -> usize {
        self.log().iter().filter(|l| l.contains("écrit dans")).count()
    }

    fn wait_for(&self, ready: impl Fn(&[String]) -> bool) {
        let start = Instant::now();
        while start.elapsed() < WAIT {
            if ready(&self.lines.lock().expect("lock")) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("timed out; log: {:#?}", self.log());
    }

    fn wait_for_rebuilds(&self, count: usize) {
        self.wait_for(|lines| lines.iter().filter(|l| l.contains("écrit dans")).count() >= count);
    }

    /// Asserts that no further rebuild happens during a quiet while.
    fn assert_settled(&self, count: usize) {
        std::thread::sleep(Duration::from_millis(1500));
        assert_eq!(self.rebuilds(), count, "{:#?}", self.log());
    }

    fn references(&self) -> Vec<String> {
        let mut refs: Vec<String> = Book::open(&self.dir.join("Bilan_SPASER_2024.xlsx"))
            .sheet("Recensement")
            .records()
            .into_iter()
            .map(|r| r["Référence"].clone())
            .collect();
        refs.sort();
        refs
    }

    fn anomalies(&self) -> Vec<String> {
        Book::open(&self.dir.join("Bilan_SPASER_2024.xlsx"))
            .sheet("Anomalies")
            .records()
            .into_iter()
            .map(|r| r["Code"].clone())
            .collect()
    }

    /// Stops the watch as Ctrl-C or SIGTERM does and asserts that it stops cleanly; its log.
    #[cfg(unix)]
    fn stop(mut self) -> Vec<String> {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let start = Instant::now();
        while start.elapsed() < WAIT {
            if let Ok(Some(status)) = self.child.try_wait() {
                assert!(status.success(), "clean stop: {status}");
                return self.log();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        panic!("watch did not stop on SIGTERM");
    }

    /// Ends the watch; its log. A test process cannot send Ctrl-C to a console it does not
    /// share, so the clean stop is not asserted here.
    #[cfg(windows)]
    fn stop(mut self) -> Vec<String> {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.log()
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// A recensement with the given references, all notified in 2024.
fn recensement(path: &Path, references: &[&str]) {
    recensement_dated(path, references, (2024, 3, 1));
}

/// A recensement with the given references, all notified on `date`.
fn recensement_dated(path: &Path, references: &[&str], date: (u16, u8, u8)) {
    let mut rows = vec![vec![
        C::T("Référence"),
        C::T("Objet"),
        C::T("Nature"),
        C::T("Montant HT"),
        C::T("Date de notification"),
    ]];
    for reference in references {
        rows.push(vec![
            C::S(reference.to_string()),
            C::T("Objet"),
            C::T("Services"),
            C::N(1000.0),
            C::D(date.0, date.1, date.2),
        ]);
    }
    write_book(path, &[SheetSpec::new("Marchés", rows)]);
}

/// Excel's save: a temporary file with a random name and no extension, the workbook renamed
/// away, the temporary file renamed into place, the old one deleted; `~$` lock file meanwhile.
fn excel_save(dir: &Path, name: &str, references: &[&str]) {
    let lock = dir.join(format!("~${name}"));
    std::fs::write(&lock, b"lock").expect("lock");
    let temporary = dir.join("5D3A0F21");
    recensement(&temporary, references);
    let backup = dir.join("~RF2f0b1c.TMP");
    std::fs::rename(dir.join(name), &backup).expect("rename away");
    std::fs::rename(&temporary, dir.join(name)).expect("rename into place");
    std::fs::remove_file(&backup).expect("delete old");
}

/// LibreOffice's save: `.~lock.name#`, a `.tmp` written then renamed over the workbook.
fn libreoffice_save(dir: &Path, name: &str, references: &[&str]) {
    let lock = dir.join(format!(".~lock.{name}#"));
    std::fs::write(&lock, b"lock").expect("lock");
    let temporary = dir.join("lu8421x.tmp");
    recensement(&temporary, references);
    std::fs::rename(&temporary, dir.join(name)).expect("rename into place");
}

fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    recensement(&dir.path().join("voirie.xlsx"), &["V-1", "V-2"]);
    recensement(&dir.path().join("dsi.xlsx"), &["D-1"]);
    dir
}

/// The same scenario in both modes: each save is one rebuild, lock files none, a truncated
/// workbook keeps its last good content, a deleted one leaves the bilan.
fn scenario(extra: &[&str]) {
    let dir = folder();
    let watching = Watching::start(dir.path(), extra);
    assert_eq!(watching.references(), ["D-1", "V-1", "V-2"]);

    // A lock file alone (someone opens the workbook) rebuilds nothing.
    std::fs::write(dir.path().join("~$dsi.xlsx"), b"lock").expect("lock");
    std::fs::write(dir.path().join(".~lock.dsi.xlsx#"), b"lock").expect("lock");
    watching.assert_settled(1);

    excel_save(dir.path(), "voirie.xlsx", &["V-1", "V-2", "V-3"]);
    watching.wait_for_rebuilds(2);
    watching.assert_settled(2);
    assert_eq!(watching.references(), ["D-1", "V-1", "V-2", "V-3"]);

    libreoffice_save(dir.path(), "dsi.xlsx", &["D-1", "D-2"]);
    watching.wait_for_rebuilds(3);
    watching.assert_settled(3);
    assert_eq!(watching.references(), ["D-1", "D-2", "V-1", "V-2", "V-3"]);

    // A half-written workbook never makes a service's purchases vanish.
    let bytes = std::fs::read(dir.path().join("voirie.xlsx")).expect("read");
    std::fs::write(dir.path().join("voirie.xlsx"), &bytes[..bytes.len() / 2]).expect("truncate");
    watching.wait_for_rebuilds(4);
    watching.assert_settled(4);
    assert_eq!(watching.references(), ["D-1", "D-2", "V-1", "V-2", "V-3"]);
    assert!(watching.anomalies().contains(&"contenu-precedent-conserve".to_string()));

    // Saved again properly: read again, the warning is gone.
    std::fs::write(dir.path().join("voirie.xlsx"), &bytes).expect("restore");
    watching.wait_for_rebuilds(5);
    assert!(!watching.anomalies().contains(&"contenu-precedent-conserve".to_string()));

    // Really deleted: its purchases leave the bilan.
    std::fs::remove_file(dir.path().join("dsi.xlsx")).expect("delete");
    watching.wait_for_rebuilds(6);
    watching.assert_settled(6);
    assert_eq!(watching.references(), ["V-1", "V-2", "V-3"]);

    // A service's folder moved in with its workbook (one event, for the folder), then out.
    let elsewhere = tempfile::tempdir_in(dir.path().parent().expect("parent")).expect("tmp");
    std::fs::create_dir(elsewhere.path().join("Cuisine")).expect("folder");
    recensement(&elsewhere.path().join("Cuisine").join("cuisine.xlsx"), &["C-1"]);
    std::fs::rename(elsewhere.path().join("Cuisine"), dir.path().join("Cuisine")).expect("move in");
    watching.wait_for_rebuilds(7);
    watching.assert_settled(7);
    assert_eq!(watching.references(), ["C-1", "V-1", "V-2", "V-3"]);
    std::fs::rename(dir.path().join("Cuisine"), elsewhere.path().join("Cuisine")).expect("move out");
    watching.wait_for_rebuilds(8);
    watching.assert_settled(8);
    assert_eq!(watching.references(), ["V-1", "V-2", "V-3"]);

    let lines = watching.stop();
    if cfg!(unix) {
        assert!(lines.iter().any(|l| l.contains("arrêt demandé")), "{lines:#?}");
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".~spaser"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary bilan left: {leftovers:?}");
}

#[test]
fn watch_with_native_events_rebuilds_once_per_save_and_keeps_the_last_good_content() {
    scenario(&[]);
}

#[test]
fn watch_with_polling_rebuilds_once_per_save_and_keeps_the_last_good_content() {
    scenario(&["--poll", "1"]);
}

#[test]
fn watch_polling_notices_a_workbook_replaced_by_one_with_an_older_modification_time() {
    let dir = folder();
    let watching = Watching::start(dir.path(), &["--poll", "1"]);
    // The modification time goes back: notify's own poll watcher would miss it.
    let replacement = dir.path().join("replacement.tmp");
    recensement(&replacement, &["V-9", "V-8"]);
    let old = std::fs::metadata(dir.path().join("voirie.xlsx"))
        .and_then(|m| m.modified())
        .expect("mtime");
    let file = std::fs::File::options().write(true).open(&replacement).expect("open");
    file.set_modified(old - Duration::from_secs(3600)).expect("set mtime");
    drop(file);
    std::fs::rename(&replacement, dir.path().join("voirie.xlsx")).expect("replace");
    watching.wait_for_rebuilds(2);
    assert_eq!(watching.references(), ["D-1", "V-8", "V-9"]);
    watching.stop();
}

/// §7: a save whose bytes did not change (Excel's Ctrl-S on an unmodified workbook) rebuilds
/// nothing unless the bilan was deleted; the next real change still does.
fn same_bytes_saved(extra: &[&str]) {
    let dir = folder();
    let watching = Watching::start(dir.path(), extra);
    let bilan = dir.path().join("Bilan_SPASER_2024.xlsx");
    let written = std::fs::metadata(&bilan).and_then(|m| m.modified()).expect("mtime");
    let bytes = std::fs::read(dir.path().join("voirie.xlsx")).expect("read");
    std::thread::sleep(Duration::from_millis(1100));
    std::fs::write(dir.path().join("voirie.xlsx"), &bytes).expect("same bytes");
    watching.wait_for(|lines| lines.iter().any(|l| l.contains("contenu inchangé")));
    watching.assert_settled(1);
    let after = std::fs::metadata(&bilan).and_then(|m| m.modified()).expect("mtime");
    assert_eq!(written, after, "the bilan was not rewritten");

    // The bilan deleted meanwhile: the same bytes saved again write it back.
    std::fs::remove_file(&bilan).expect("delete the bilan");
    std::fs::write(dir.path().join("voirie.xlsx"), &bytes).expect("same bytes");
    watching.wait_for_rebuilds(2);
    assert!(bilan.is_file());

    excel_save(dir.path(), "voirie.xlsx", &["V-1", "V-2", "V-3"]);
    watching.wait_for_rebuilds(3);
    assert_eq!(watching.references(), ["D-1", "V-1", "V-2", "V-3"]);
    watching.stop();
}

#[test]
fn a_save_whose_bytes_did_not_change_rebuilds_nothing() {
    same_bytes_saved(&[]);
}

#[test]
fn a_save_whose_bytes_did_not_change_rebuilds_nothing_when_polling() {
    same_bytes_saved(&["--poll", "1"]);
}

#[test]
fn watch_once_builds_the_bilan_and_exits() {
    let dir = folder();
    let output = spaser(dir.path(), &["watch", ".", "--once"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let log = String::from_utf8_lossy(&output.stderr);
    assert_eq!(log.lines().filter(|l| l.contains("écrit dans")).count(), 1, "{log}");
    assert!(log.contains("2/2 classeur(s) relu(s)"), "{log}");
    assert!(dir.path().join("Bilan_SPASER_2024.xlsx").is_file());
}

#[test]
fn when_the_old_bilan_cannot_be_replaced_the_new_one_is_written_beside_it_and_the_log_says_so() {
    let dir = folder();
    // A folder in the bilan's place cannot be renamed over, as a workbook open in Excel on
    // Windows cannot.
    std::fs::create_dir(dir.path().join("Bilan_SPASER_2024.xlsx")).expect("blocker");
    let output = spaser(dir.path(), &["watch", ".", "--once"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(log.contains("ne peut pas être remplacé"), "{log}");
    let beside = written_beside(dir.path(), 2024);
    assert_eq!(beside.len(), 1, "{log}");
    assert!(
        log.contains(&*beside[0].file_name().expect("name").to_string_lossy()),
        "the log names it: {log}"
    );
    let references = Book::open(&beside[0]).sheet("Recensement").records().len();
    assert_eq!(references, 3);
}

/// Windows: a bilan open in Excel is locked (no sharing for deletion), and renaming over it fails.
#[test]
#[cfg(windows)]
fn a_bilan_open_in_excel_on_windows_is_not_replaced_the_new_one_is_written_beside_it() {
    use std::os::windows::fs::OpenOptionsExt;
    const FILE_SHARE_READ: u32 = 1;
    let dir = folder();
    let output = spaser(dir.path(), &["watch", ".", "--once"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let bilan = dir.path().join("Bilan_SPASER_2024.xlsx");
    let _open_in_excel = std::fs::OpenOptions::new()
        .read(true)
        .share_mode(FILE_SHARE_READ)
        .open(&bilan)
        .expect("open as Excel does");
    recensement(&dir.path().join("voirie.xlsx"), &["V-1", "V-2", "V-3", "V-4"]);
    let output = spaser(dir.path(), &["watch", ".", "--once"]);
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{log}");
    assert!(log.contains("ne peut pas être remplacé"), "{log}");
    let beside = written_beside(dir.path(), 2024);
    assert_eq!(beside.len(), 1, "{log}");
    let written = Book::open(&beside[0]).sheet("Recensement").records().len();
    assert_eq!(written, 5, "the new bilan holds the save");
}

#[test]
fn the_year_decided_at_the_first_bilan_is_kept_while_watching() {
    let dir = folder();
    let watching = Watching::start(dir.path(), &[]);
    // Said once the first bilan is written: waited for, not raced.
    watching.wait_for(|lines| lines.iter().any(|l| l.contains("année du bilan : 2024")));
    assert!(
        watching.logged("année du bilan : 2024"),
        "the log says which year is kept"
    );
    // A purchase typed with next year's date does not move the bilan to another file.
    recensement_dated(&dir.path().join("futur.xlsx"), &["F-1"], (2025, 1, 15));
    watching.wait_for_rebuilds(2);
    let lines = watching.stop();
    let last = lines.iter().rev().find(|l| l.contains("écrit dans")).expect("a bilan");
    assert!(
        last.contains("bilan 2024 écrit dans") && last.contains("Bilan_SPASER_2024.xlsx"),
        "{last}"
    );
    assert!(!dir.path().join("Bilan_SPASER_2025.xlsx").exists());
}

#[test]
fn a_change_of_spaser_toml_is_read_again_and_an_invalid_one_keeps_the_previous_settings() {
    let dir = folder();
    recensement_dated(&dir.path().join("ancien.xlsx"), &["A-1"], (2023, 6, 1));
    let watching = Watching::start(dir.path(), &[]);
    assert!(dir.path().join("Bilan_SPASER_2024.xlsx").is_file());

    std::fs::write(dir.path().join("spaser.toml"), "annee = 2023\n").expect("config");
    watching.wait_for_rebuilds(2);
    watching.wait_for(|lines| lines.iter().any(|l| l.contains("Bilan_SPASER_2023.xlsx")));
    assert!(
        watching.logged("tous les classeurs sont relus"),
        "{:#?}",
        watching.log()
    );

    std::fs::write(dir.path().join("spaser.toml"), "annee = \n").expect("broken config");
    watching.wait_for(|lines| lines.iter().any(|l| l.contains("réglages précédents conservés")));
    // The previous settings and the same contents: the 2023 bilan stands as it is.
    watching.wait_for(|lines| lines.iter().any(|l| l.contains("contenu inchangé")));
    assert_eq!(watching.rebuilds(), 2, "{:#?}", watching.log());
    let lines = watching.stop();
    let last = lines.iter().rev().find(|l| l.contains("écrit dans")).expect("a bilan");
    assert!(
        last.contains("Bilan_SPASER_2023.xlsx"),
        "the previous settings still apply: {last}"
    );
}

#[test]
fn quiet_watch_logs_nothing_when_all_goes_well() {
    let dir = folder();
    let output = spaser(dir.path(), &["watch", ".", "--once", "-q"]);
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert!(dir.path().join("Bilan_SPASER_2024.xlsx").is_file());
}

#[test]
fn a_save_made_while_the_first_bilan_is_being_built_is_not_missed() {
    save_during_the_first_build(&[]);
}

#[test]
fn a_save_made_while_the_first_bilan_is_being_built_is_not_missed_when_polling() {
    save_during_the_first_build(&["--poll", "1"]);
}

fn save_during_the_first_build(extra: &[&str]) {
    let dir = tempfile::tempdir().expect("tmp");
    // The saved workbook sorts first, so the first build has read it before the save lands;
    // the others make that first build last a while.
    recensement(&dir.path().join("a_voirie.xlsx"), &["V-1"]);
    for service in 0..20 {
        let references: Vec<String> = (0..200).map(|row| format!("S{service}-{row}")).collect();
        let references: Vec<&str> = references.iter().map(String::as_str).collect();
        recensement(&dir.path().join(format!("service_{service:02}.xlsx")), &references);
    }
    let watching = Watching::spawn(dir.path(), extra);
    // Watching is armed before the first build starts (it says so): a save from now on, while
    // that build reads twenty workbooks, must end in a bilan that shows it — rebuilt after the
    // first one, or the first one itself when it read the workbook after the save (the rebuild
    // the save brings then finds the same bytes).
    watching.wait_for(|lines| lines.iter().any(|l| l.contains("premier bilan en cours")));
    excel_save(dir.path(), "a_voirie.xlsx", &["V-1", "V-2"]);
    watching.wait_for(|lines| {
        let written = lines.iter().filter(|l| l.contains("écrit dans")).count();
        written >= 2 || (written == 1 && lines.iter().any(|l| l.contains("contenu inchangé")))
    });
    let rebuilds = watching.rebuilds();
    watching.assert_settled(rebuilds);
    assert!(watching.references().contains(&"V-2".to_string()));
}

#[test]
fn watch_outlives_a_file_whose_reading_ends_its_reader_and_does_not_read_the_same_bytes_again() {
    let dir = folder();
    // The worker dies while reading bombe.xlsx, as an allocation failure would kill it.
    let watching = Watching::start_with(dir.path(), &["--poll", "1"], &[("SPASER_ESSAI_ABANDON", "bombe.xlsx")]);
    recensement(&dir.path().join("bombe.xlsx"), &["B-1"]);
    watching.wait_for_rebuilds(2);
    assert!(watching.anomalies().contains(&"lecture-interrompue".to_string()));
    excel_save(dir.path(), "voirie.xlsx", &["V-1", "V-2", "V-3"]);
    watching.wait_for_rebuilds(3);
    assert_eq!(watching.references(), ["D-1", "V-1", "V-2", "V-3"], "B-1 left out");
    assert!(
        watching.anomalies().contains(&"lecture-interrompue".to_string()),
        "the same bytes are not read again"
    );
    watching.stop();
}

#[test]
fn watch_survives_a_bomb_dropped_into_the_folder_and_the_rest_of_the_bilan_refreshes() {
    let dir = folder();
    let watching = Watching::start(dir.path(), &["--poll", "1"]);
    crate::hostile_rules::shared_strings_bomb(&dir.path().join("bombe.xlsx"));
    watching.wait_for_rebuilds(2);
    assert!(watching.anomalies().contains(&"declaration-hors-limites".to_string()));
    excel_save(dir.path(), "voirie.xlsx", &["V-1", "V-2", "V-3"]);
    watching.wait_for_rebuilds(3);
    assert_eq!(watching.references(), ["D-1", "V-1", "V-2", "V-3"]);
    watching.stop();
}

#[test]
fn watch_refreshes_the_bilan_after_each_hostile_file_dropped_into_its_folder() {
    let dir = folder();
    let staging = tempfile::tempdir().expect("tmp");
    let watching = Watching::start(dir.path(), &["--poll", "1"]);
    let mut rebuilds = 1;
    for (name, build) in crate::hostile_files::classes() {
        // Built aside and moved in whole, as a copy onto the share ends.
        let built = staging.path().join(name);
        build(&built);
        std::fs::rename(&built, dir.path().join(name)).expect("move into the folder");
        rebuilds += 1;
        watching.wait_for_rebuilds(rebuilds);
        // The two services' workbooks and every file dropped so far.
        let files = format!("/{} classeur(s)", rebuilds + 1);
        watching.wait_for(|lines| lines.iter().any(|l| l.contains("écrit dans") && l.contains(&files)));
    }
    excel_save(dir.path(), "voirie.xlsx", &["V-1", "V-2", "V-3"]);
    watching.wait_for_rebuilds(rebuilds + 1);
    let references = watching.references();
    for expected in ["D-1", "V-1", "V-2", "V-3"] {
        assert!(references.contains(&expected.to_string()), "{references:?}");
    }
    watching.stop();
}
