//! SPEC §9, hostile and broken workbooks: each bomb, built here in a few kilobytes, gives one
//! diagnostic for its file (or its rows) while the other files of the folder are read, under a
//! 2 GiB address-space limit and within 20 s; folder entries that cannot be read, a full or
//! unwritable temporary folder, leftover temporary files, and out-of-range settings.

use crate::support::C::*;
use crate::support::*;
use std::io::Write;
#[cfg(unix)]
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[cfg(unix)]
const ADDRESS_SPACE: u64 = 2 * 1024 * 1024 * 1024;
const TIME_LIMIT: Duration = Duration::from_secs(20);

/// A small valid recensement.
pub fn recensement(path: &Path, reference: &str) {
    write_book(
        path,
        &[SheetSpec::new(
            "Marchés",
            vec![
                vec![
                    T("Référence"),
                    T("Objet"),
                    T("Nature"),
                    T("Montant HT (€)"),
                    T("Date de notification"),
                ],
                vec![S(reference.to_string()), T("Objet"), T("T"), N(1000.0), D(2024, 3, 1)],
            ],
        )],
    );
}

/// A recensement whose `sharedStrings.xml` declares 2³² unique strings.
pub fn shared_strings_bomb(path: &Path) {
    recensement(path, "B-1");
    patch_xlsx(path, "xl/sharedStrings.xml", |xml| {
        let at = xml.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
        let end = at + xml[at..].find('"').unwrap();
        format!("{}4294967296{}", &xml[..at], &xml[end..])
    });
}

/// Rewrites the uncompressed size that `part`'s local and central zip headers declare, leaving
/// its bytes as they are: what a forged archive says of itself.
fn declare_part_size(path: &Path, part: &str, size: u32) {
    declare_zip_field(path, part, (24, 22), size);
}

/// Rewrites one size field of `part`'s central and local zip headers (their offsets in each:
/// compressed size (20, 18), uncompressed size (24, 22)).
pub(crate) fn declare_zip_field(path: &Path, part: &str, (central_at, local_at): (usize, usize), size: u32) {
    const CENTRAL: [u8; 4] = [0x50, 0x4b, 0x01, 0x02];
    let mut bytes = std::fs::read(path).unwrap();
    let u16_at = |b: &[u8], at: usize| u16::from_le_bytes([b[at], b[at + 1]]) as usize;
    let u32_at = |b: &[u8], at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap()) as usize;
    let mut at = 0;
    let mut found = false;
    while let Some(offset) = bytes[at..].windows(4).position(|w| w == CENTRAL) {
        at += offset;
        let name_length = u16_at(&bytes, at + 28);
        if &bytes[at + 46..at + 46 + name_length] == part.as_bytes() {
            let local = u32_at(&bytes, at + 42);
            bytes[at + central_at..at + central_at + 4].copy_from_slice(&size.to_le_bytes());
            bytes[local + local_at..local + local_at + 4].copy_from_slice(&size.to_le_bytes());
            found = true;
        }
        at += 46;
    }
    assert!(found, "{part} not in {}", path.display());
    std::fs::write(path, bytes).unwrap();
}

fn sheet_patch(path: &Path, edit: impl Fn(&str) -> String) {
    patch_xlsx(path, "xl/worksheets/sheet1.xml", edit);
}

fn insert_after_sheet_data(path: &Path, xml: String) {
    sheet_patch(path, |sheet| {
        sheet.replacen("</sheetData>", &format!("</sheetData>{xml}"), 1)
    });
}

/// Caps the address space of the spawned process: an allocation of what a bomb declares fails
/// there instead of taking the machine.
#[cfg(unix)]
fn cap_address_space(command: &mut Command) {
    // SAFETY: between fork and exec, only setrlimit is called, which is async-signal-safe.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: ADDRESS_SPACE,
                rlim_max: ADDRESS_SPACE,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

/// Windows caps a process's memory only through a job object; the time limit still holds, and
/// every bomb must still end in its diagnostic.
#[cfg(not(unix))]
fn cap_address_space(_command: &mut Command) {}

/// Runs `spaser check --format json` on `dir` under the limits; exit code and diagnostics.
pub(crate) fn check_bounded(dir: &Path) -> (i32, Vec<Seen>, Duration) {
    let started = Instant::now();
    let mut command = Command::new(env!("CARGO_BIN_EXE_spaser"));
    command
        .current_dir(dir)
        .args(["check", ".", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    cap_address_space(&mut command);
    let mut child = spawn_of(&mut command);
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut text).unwrap();
        text
    });
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            panic!("spaser check ran past {TIME_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = started.elapsed();
    let text = reader.join().unwrap();
    let seen = parse_json_diagnostics(&text);
    (status.code().unwrap_or(-1), seen, elapsed)
}

/// The folder with a good recensement beside the bomb: the bomb's file gives `code` and the
/// good one is read (the duplicate of its reference in `good2` proves it).
pub(crate) fn assert_contained(build: impl Fn(&Path), code: &str) {
    let dir = tempfile::tempdir().unwrap();
    recensement(&dir.path().join("good.xlsx"), "G-1");
    build(&dir.path().join("bomb.xlsx"));
    let (exit, seen, elapsed) = check_bounded(dir.path());
    assert!(exit == 0 || exit == 1, "exit {exit}: {seen:#?}");
    let bomb: Vec<&Seen> = seen.iter().filter(|d| d.file.ends_with("bomb.xlsx")).collect();
    assert!(
        bomb.iter().any(|d| d.code == code),
        "{code} expected for the bomb ({elapsed:?}): {seen:#?}"
    );
    assert!(bomb.len() <= 3, "one diagnostic for the file or its rows: {bomb:#?}");
    assert!(
        seen.iter().all(|d| !d.file.ends_with("good.xlsx")),
        "the good file is read: {seen:#?}"
    );
}

#[test]
fn a_workbook_declaring_4294967296_shared_strings_is_refused_before_loading() {
    assert_contained(shared_strings_bomb, "declaration-hors-limites");
}

#[test]
fn a_900_mib_shared_strings_part_is_refused_before_loading() {
    assert_contained(
        |path| {
            recensement(path, "B-1");
            declare_part_size(path, "xl/sharedStrings.xml", 900 * 1024 * 1024);
        },
        "fichier-trop-volumineux",
    );
}

#[test]
fn a_shared_strings_part_inflating_past_its_declared_size_is_cut_there_and_reported() {
    assert_contained(
        |path| {
            recensement(path, "B-1");
            patch_xlsx(path, "xl/sharedStrings.xml", |xml| {
                let padding = "<si><t>x</t></si>".repeat(1_000_000);
                xml.replacen("</sst>", &format!("{padding}</sst>"), 1)
            });
            declare_part_size(path, "xl/sharedStrings.xml", 4096);
        },
        "fichier-illisible",
    );
}

#[test]
fn a_shared_formula_index_of_2_pow_32_allocates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.xlsx");
    recensement(&path, "B-1");
    sheet_patch(&path, |xml| {
        xml.replacen(
            "</row></sheetData>",
            r#"<c r="H2"><f t="shared" ref="H2:H3" si="4294967296">1+1</f><v>2</v></c></row><row r="3"><c r="H3"><f t="shared" si="4294967296"/></c></row></sheetData>"#,
            1,
        )
    });
    let (exit, seen, _) = check_bounded(dir.path());
    assert!(exit == 0 || exit == 1, "{seen:#?}");
}

#[test]
fn a_merge_a1_zzzzzz1_is_left_out_with_one_warning() {
    assert_contained(
        |path| {
            recensement(path, "B-1");
            insert_after_sheet_data(
                path,
                r#"<mergeCells count="1"><mergeCell ref="A1:ZZZZZZ1"/></mergeCells>"#.to_string(),
            );
        },
        "fusion-hors-limites",
    );
}

#[test]
fn twenty_thousand_merged_blocks_of_64_by_64_are_read_within_the_limits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.xlsx");
    recensement(&path, "B-1");
    let refs: String = (0..20_000u32)
        .map(|i| {
            let (band, slot) = (i / 15, i % 15);
            let (row, col) = (band * 64 + 10, slot * 64);
            format!(
                "<mergeCell ref=\"{}:{}\"/>",
                spaser::diagnostic::a1(row, col),
                spaser::diagnostic::a1(row + 63, col + 63)
            )
        })
        .collect();
    insert_after_sheet_data(&path, format!("<mergeCells count=\"20000\">{refs}</mergeCells>"));
    let (exit, seen, elapsed) = check_bounded(dir.path());
    assert!(exit == 0 || exit == 1, "{seen:#?}");
    assert!(elapsed < TIME_LIMIT, "{elapsed:?}");
}

#[test]
fn one_stray_cell_in_column_all_on_100_000_rows_is_one_info() {
    assert_contained(
        |path| {
            recensement(path, "B-1");
            let rows: String = (10..100_010u32)
                .map(|r| format!("<row r=\"{r}\"><c r=\"ALL{r}\"><v>1</v></c></row>"))
                .collect();
            sheet_patch(path, |xml| {
                xml.replacen("</sheetData>", &format!("{rows}</sheetData>"), 1)
            });
        },
        "ligne-ignoree",
    );
}

/// A minimal ODS whose one row of values is repeated `times` times.
fn ods_repeated(path: &Path, times: u64) {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Marchés"><table:table-row><table:table-cell office:value-type="string"><text:p>Référence</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Objet</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Nature</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Montant HT</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="{times}"><table:table-cell office:value-type="string"><text:p>R1</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Objet</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>T</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="10"><text:p>10</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    ods_file(path, &content);
}

/// A minimal `.ods` whose `content.xml` is `content`.
pub(crate) fn ods_file(path: &Path, content: &str) {
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    for (name, text) in [("content.xml", content), ("META-INF/manifest.xml", manifest)] {
        zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn an_ods_row_repeated_a_million_times_is_one_diagnostic_not_a_million_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    recensement(&dir.path().join("good.xlsx"), "G-1");
    ods_repeated(&dir.path().join("bomb.ods"), 1_000_000);
    let (exit, seen, _) = check_bounded(dir.path());
    assert_eq!(exit, 1, "{seen:#?}");
    let bomb: Vec<&Seen> = seen.iter().filter(|d| d.file.ends_with("bomb.ods")).collect();
    assert_eq!(bomb.len(), 1, "{bomb:#?}");
    assert_eq!(bomb[0].code, "lignes-repetees");
    let few = dir.path().join("few");
    std::fs::create_dir(&few).unwrap();
    ods_repeated(&few.join("twice.ods"), 2);
    let (_, seen, _) = check_bounded(&few);
    assert!(
        seen.iter().all(|d| d.code != "lignes-repetees"),
        "a row repeated twice is read: {seen:#?}"
    );
}

#[test]
#[cfg(unix)]
fn a_dangling_link_or_an_unreadable_folder_is_a_diagnostic_not_the_end_of_the_run() {
    let dir = tempfile::tempdir().unwrap();
    recensement(&dir.path().join("good.xlsx"), "G-1");
    std::os::unix::fs::symlink(dir.path().join("nowhere.xlsx"), dir.path().join("lien.xlsx")).unwrap();
    let (code, seen) = check(dir.path(), &["."]);
    assert!(code == 0 || code == 1, "{seen:#?}");
    assert!(
        seen.iter()
            .any(|d| d.code == "dossier-illisible" && d.file.ends_with("lien.xlsx")),
        "{seen:#?}"
    );
    let (code, text) = bilan(dir.path(), &[".", "-o", "out.xlsx"]);
    assert_eq!(code, 0, "{text}");
    assert!(!text.contains("IO error"), "{text}");
}

#[test]
fn a_full_or_missing_temporary_folder_plays_no_part_in_writing_the_bilan() {
    let dir = tempfile::tempdir().unwrap();
    recensement(&dir.path().join("good.xlsx"), "G-1");
    let output = output_of(
        Command::new(env!("CARGO_BIN_EXE_spaser"))
            .current_dir(dir.path())
            .env("TMPDIR", "/nonexistent/spaser-tmp")
            .args(["bilan", ".", "-o", "out.xlsx"]),
    );
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(dir.path().join("out.xlsx").is_file());
}

#[test]
#[cfg(unix)]
fn an_unwritable_output_folder_exits_3_in_french_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    recensement(&dir.path().join("good.xlsx"), "G-1");
    let out = dir.path().join("lecture-seule");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("bilan.xlsx"), b"ancien").unwrap();
    // Permissions do not stop root (as CI runs): there, the folder is a read-only mount of itself.
    let _read_only = ReadOnly::make(&out);
    assert!(
        std::fs::File::create(out.join("probe")).is_err(),
        "the folder must refuse writing for this test to mean anything"
    );
    let (code, text) = bilan(dir.path(), &[".", "-o", "lecture-seule/bilan.xlsx"]);
    assert_eq!(code, 3, "{text}");
    assert!(text.contains("écriture impossible"), "{text}");
    assert_eq!(
        std::fs::read(out.join("bilan.xlsx")).unwrap(),
        b"ancien",
        "the old bilan untouched"
    );
}

/// A folder made read-only for the test: by its permissions for a user, by a read-only bind
/// mount of itself for root (whom permissions do not stop); undone when dropped.
#[cfg(unix)]
enum ReadOnly {
    Permissions,
    Mounted(PathBuf),
}

#[cfg(unix)]
impl ReadOnly {
    fn make(folder: &Path) -> ReadOnly {
        if unsafe { libc::geteuid() } != 0 {
            let mut permissions = std::fs::metadata(folder).unwrap().permissions();
            std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o555);
            std::fs::set_permissions(folder, permissions).unwrap();
            return ReadOnly::Permissions;
        }
        let mount = |args: &[&str]| {
            Command::new("mount")
                .args(args)
                .arg(folder)
                .arg(folder)
                .status()
                .is_ok_and(|s| s.success())
        };
        assert!(
            mount(&["--bind"]) && mount(&["-o", "remount,bind,ro"]),
            "as root, this test needs mount rights (a read-only bind mount of a temporary folder)"
        );
        ReadOnly::Mounted(folder.to_path_buf())
    }
}

#[cfg(unix)]
impl Drop for ReadOnly {
    fn drop(&mut self) {
        if let ReadOnly::Mounted(folder) = self {
            let _ = Command::new("umount").arg(&*folder).status();
        }
    }
}

/// A small file system mounted for the test (root only, as CI runs); `None` where mounting is
/// not allowed.
#[cfg(target_os = "linux")]
struct Mounted(PathBuf);

#[cfg(target_os = "linux")]
impl Mounted {
    fn tmpfs(at: &Path, size: &str) -> Option<Mounted> {
        std::fs::create_dir_all(at).ok()?;
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .stderr(Stdio::null())
            .status()
            .ok()?;
        status.success().then(|| Mounted(at.to_path_buf()))
    }
}

#[cfg(target_os = "linux")]
impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
#[cfg(target_os = "linux")]
#[ignore = "needs root to mount a 64 KiB tmpfs; CI runs it (cargo test -- --ignored)"]
fn a_full_disk_leaves_the_old_bilan_and_says_so_in_french_only() {
    let dir = tempfile::tempdir().unwrap();
    for (i, service) in ["voirie", "dsi", "cuisine"].iter().enumerate() {
        recensement(&dir.path().join(format!("{service}.xlsx")), &format!("R-{i}"));
    }
    let disk = Mounted::tmpfs(&dir.path().join("plein"), "64k").expect("root: mount -t tmpfs");
    std::fs::write(disk.0.join("bilan.xlsx"), b"ancien").unwrap();
    // Leaves the disk almost full: the bilan starts being written, then the disk is full.
    std::fs::write(disk.0.join("remplissage"), vec![0u8; 48 * 1024]).unwrap();
    let (code, text) = bilan(dir.path(), &[".", "-o", "plein/bilan.xlsx"]);
    assert_eq!(code, 3, "{text}");
    assert!(text.contains("écriture impossible"), "{text}");
    assert!(
        !text.contains("ZipWriter"),
        "no English line from the zip writer: {text}"
    );
    assert_eq!(std::fs::read(disk.0.join("bilan.xlsx")).unwrap(), b"ancien");
    let leftovers: Vec<_> = std::fs::read_dir(&disk.0)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".~spaser"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn temporary_files_of_an_interrupted_run_are_removed_at_once_unless_a_running_spaser_holds_them() {
    let dir = tempfile::tempdir().unwrap();
    recensement(&dir.path().join("good.xlsx"), "G-1");
    let killed: PathBuf = dir.path().join(".~spaser-KILLED.tmp");
    std::fs::write(&killed, b"left by a run killed a second ago").unwrap();
    let running = dir.path().join(".~spaser-RUNNING.tmp");
    let held = std::fs::File::create(&running).unwrap();
    // Another run writing it holds its lock, as spaser does on its own temporary files.
    held.lock().unwrap();
    let (code, text) = bilan(dir.path(), &[".", "-o", "out.xlsx"]);
    assert_eq!(code, 0, "{text}");
    assert!(
        !killed.exists(),
        "a temporary file no running spaser holds is removed at once"
    );
    assert!(running.exists(), "a file another run is writing now is left alone");
    drop(held);
}

#[test]
fn out_of_range_values_of_spaser_toml_are_refused_with_exit_2_in_french() {
    let dir = tempfile::tempdir().unwrap();
    recensement(&dir.path().join("good.xlsx"), "G-1");
    for toml in [
        "annee = 99999",
        "seuil_partiel = 5",
        "seuil_partiel = -0.5",
        "annee = 2024\n[services\n",
    ] {
        std::fs::write(dir.path().join("spaser.toml"), toml).unwrap();
        let (code, text) = bilan(dir.path(), &[".", "-o", "out.xlsx"]);
        assert_eq!(code, 2, "{toml}: {text}");
        assert!(
            text.contains("refusé") || text.contains("syntaxe TOML incorrecte"),
            "{toml}: {text}"
        );
    }
}

#[test]
fn a_fraction_target_among_targets_above_one_of_a_percent_indicator_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    write_book(
        &dir.path().join("ref.xlsx"),
        &[
            one_action("FA 1", "Agir"),
            SheetSpec::new(
                "Indicateurs",
                vec![
                    vec![
                        T("Code indicateur"),
                        T("Code FA"),
                        T("Libellé"),
                        T("Unité"),
                        T("Cible 2024"),
                        T("Cible 2025"),
                        T("Cible 2026"),
                    ],
                    vec![T("I1"), T("FA 1"), T("Part"), T("%"), N(40.0), N(0.3), N(50.0)],
                ],
            ),
        ],
    );
    let (_, seen) = check(dir.path(), &["."]);
    assert_eq!(codes(&seen), expected(&[("pourcentage-ambigu", "F2")]), "{seen:#?}");
    assert!(
        seen[0].message.contains("vouliez-vous dire 30 %"),
        "{}",
        seen[0].message
    );
}

#[test]
fn an_xls_declaring_four_billion_rows_is_refused_before_the_reader_reserves_them() {
    let dir = tempfile::tempdir().unwrap();
    recensement(&dir.path().join("good.xlsx"), "G-1");
    let mut bytes = std::fs::read(shared_fixtures().join("vdm-2023-recensement.xls")).unwrap();
    let at = bytes
        .windows(4)
        .position(|w| w == [0x00, 0x02, 0x0E, 0x00])
        .expect("a DIMENSIONS record");
    bytes[at + 8..at + 12].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
    std::fs::write(dir.path().join("bomb.xls"), bytes).unwrap();
    let (exit, seen, _) = check_bounded(dir.path());
    assert!(exit == 0 || exit == 1, "{seen:#?}");
    let bomb: Vec<&Seen> = seen.iter().filter(|d| d.file.ends_with("bomb.xls")).collect();
    assert_eq!(
        bomb.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(),
        ["declaration-hors-limites"],
        "{bomb:#?}"
    );
}

#[test]
fn the_limits_can_be_raised_or_lowered_in_spaser_toml() {
    let dir = tempfile::tempdir().unwrap();
    recensement(&dir.path().join("good.xlsx"), "G-1");
    std::fs::write(dir.path().join("spaser.toml"), "[limites]\ncolonnes = 3\n").unwrap();
    let (_, seen) = check(dir.path(), &["."]);
    assert!(
        seen.iter()
            .any(|d| d.code == "feuille-trop-grande" && d.message.contains("limite de 3")),
        "{seen:#?}"
    );
    std::fs::write(dir.path().join("spaser.toml"), "[limites]\nlignes = 0\n").unwrap();
    let (code, text) = bilan(dir.path(), &[".", "-o", "out.xlsx"]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("lignes = 0 refusé"), "{text}");
}
