//! §8 benchmark: the release binary on a synthetic corpus (see `support/corpus.rs`).
//!
//! ```text
//! cargo bench --bench corpus                                   # 1 000 000 achats, 200 classeurs
//! SPASER_BENCH_PURCHASES=20000 cargo bench --bench corpus      # a smaller authority
//! SPASER_BENCH_DECP=100000 cargo bench --bench corpus          # a DECP file of 100 000 marchés
//! SPASER_BENCH_ONLY=watch cargo bench --bench corpus           # only the watch measure
//! SPASER_BENCH_RUNS=5 cargo bench --bench corpus               # medians of 5 runs (default 9, 3 above 100 000)
//! SPASER_BENCH_STRINGS=partagees cargo bench --bench corpus    # texts in a shared-string table
//! ```
//!
//! Measures, and prints as one table:
//! 1. `spaser bilan` wall time until the bilan is written (its line printed) and peak memory
//!    (the child's maximum resident set); above 100 000 purchases, the time its companion
//!    Recensement workbook takes after it; and `spaser check` against the read floor alone,
//!    timed inside the bench and as a process of its own (as `check` is timed);
//! 2. the I/O floor: reading the same workbooks with calamine (every sheet, in parallel like
//!    spaser) plus writing the same bilan's cells with rust_xlsxwriter, doing nothing else; the
//!    companion's floor is rust_xlsxwriter writing its cells alone (§8: ≤ 1,2 ×), dates as
//!    dates (a date format on their column, as spaser writes them);
//! 3. `spaser watch`: one workbook saved → refreshed bilan, quiet period excluded (the duration
//!    that watch's own log line reports), and how many workbooks were re-read.
//!
//! 4. the CPU time (user + system) of `spaser bilan` and of the two floors, and the lower bound
//!    the floors set on this machine: their CPU time spread over every core, i.e. the wall time
//!    of calamine and rust_xlsxwriter doing the same I/O with reading and writing perfectly
//!    overlapped (no program calling them can do better).
//!
//! The corpus's texts are inline strings by default (the corpus of earlier rounds, kept
//! comparable); with `SPASER_BENCH_STRINGS=partagees` they are in a shared-string table, as Excel
//! and LibreOffice save them (a corpus of its own, `…-partagees`).
//!
//! Every time printed is a median over the runs; every ratio is the median of the ratios taken
//! run by run, each measure against the floor measured right after it (this machine's speed
//! drifts by a fifth within minutes, far less within one run).
//!
//! With `SPASER_BENCH_DECP=N`, only a DECP file (§10) of N marchés is measured instead:
//! `spaser check` on it against its floor, serde_json parsing the same bytes into nothing.
//!
//! The corpus is generated once under `target/bench-corpus/` and reused.

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/decp.rs"]
mod decp;

use calamine::{Data, Reader, open_workbook_auto};
use rayon::prelude::*;
use rust_xlsxwriter::{Format, Workbook};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

type Failure = Box<dyn std::error::Error>;

fn main() -> Result<(), Failure> {
    if let Ok(dir) = std::env::var(FLOOR_CHILD) {
        read_floor(Path::new(&dir))?;
        return Ok(());
    }
    if let Some(contracts) = std::env::var("SPASER_BENCH_DECP").ok().and_then(|v| v.parse().ok()) {
        return bench_decp(contracts);
    }
    let shape = corpus::Shape {
        purchases: env_or("SPASER_BENCH_PURCHASES", 1_000_000),
        workbooks: env_or("SPASER_BENCH_WORKBOOKS", 200),
        year: 2024,
        shared_strings: std::env::var("SPASER_BENCH_STRINGS").is_ok_and(|v| v == "partagees"),
    };
    let saves = env_or("SPASER_BENCH_SAVES", 2);
    let dir = corpus_dir(shape)?;
    // A folder of its own: above 100 000 purchases the companion Recensement workbook is
    // written beside the bilan.
    let out_dir = std::env::temp_dir().join(format!("spaser-bench-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir)?;
    let output = out_dir.join("bilan.xlsx");

    if std::env::var("SPASER_BENCH_ONLY").is_ok_and(|only| only == "watch") {
        for (ms, reread) in run_watch(&dir, shape, saves)? {
            println!("watch           : {ms:>8} ms après la période de calme ({reread})");
        }
        return Ok(());
    }
    // Each measure is taken `runs` times, the three in turn, and its median kept: one slow
    // disk write or one busy second does not make the figure.
    let runs = env_or("SPASER_BENCH_RUNS", if shape.purchases > 100_000 { 3 } else { 9 }).max(1);
    let (mut bilans, mut checks, mut floors) = (Vec::new(), Vec::new(), Vec::new());
    let mut process_floors = Vec::new();
    for _ in 0..runs {
        bilans.push(run_bilan(&dir, &output)?);
        checks.push(run_check(&dir)?);
        floors.push(io_floor(&dir, &output)?);
        process_floors.push(read_floor_process(&dir)?);
    }
    let run = BilanRun {
        bilan: median(bilans.iter().map(|r| r.bilan)),
        total: median(bilans.iter().map(|r| r.total)),
        // The first run's: later ones would also count the checks run since.
        peak_kib: bilans[0].peak_kib,
        cpu: median(bilans.iter().map(|r| r.cpu)),
    };
    // Each ratio is taken run by run, against the floor measured next to it, and its median
    // kept: the machine's speed drifts between runs, much less within one.
    let bilan_ratio = median_ratio(bilans.iter().zip(&floors).map(|(b, f)| (b.bilan, f.read + f.write)));
    let check_ratio = median_ratio(checks.iter().zip(&floors).map(|(c, f)| (*c, f.read)));
    let check_process_ratio = median_ratio(checks.iter().copied().zip(process_floors.iter().copied()));
    let companion_ratio = median_ratio(
        bilans
            .iter()
            .zip(&floors)
            .filter_map(|(b, f)| Some((b.total - b.bilan, f.companion?))),
    );
    let check_time = median(checks);
    let floor = Floor {
        read: median(floors.iter().map(|f| f.read)),
        write: median(floors.iter().map(|f| f.write)),
        cpu: median(floors.iter().map(|f| f.cpu)),
        companion: floors
            .iter()
            .map(|f| f.companion)
            .collect::<Option<Vec<_>>>()
            .map(median),
    };
    let watch = run_watch(&dir, shape, saves)?;
    std::fs::remove_dir_all(&out_dir)?;

    let secs = Duration::as_secs_f64;
    println!();
    println!(
        "corpus : {} achats dans {} classeurs ({}) ; médianes de {runs} mesures",
        shape.purchases,
        shape.workbooks,
        dir.display()
    );
    println!(
        "bilan           : {:>8.2} s jusqu'au classeur du bilan écrit, mémoire max {:.0} Mio",
        secs(&run.bilan),
        run.peak_kib as f64 / 1024.0
    );
    println!(
        "plancher E/S    : {:>8.2} s (lecture calamine {:.2} s + écriture rust_xlsxwriter du bilan {:.2} s)",
        secs(&(floor.read + floor.write)),
        secs(&floor.read),
        secs(&floor.write)
    );
    println!("rapport         : {bilan_ratio:>8.2} × le plancher (médiane des rapports mesure par mesure)");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "temps CPU       : {:>8.2} s pour le bilan{} ; plancher {:.2} s, soit au mieux {:.2} s sur {cores} cœurs (lecture et écriture parfaitement superposées)",
        secs(&run.cpu),
        if floor.companion.is_some() {
            " et son classeur à part"
        } else {
            ""
        },
        secs(&floor.cpu),
        secs(&floor.cpu) / cores as f64
    );
    if let Some(companion_floor) = floor.companion {
        let companion = run.total - run.bilan;
        println!(
            "classeur à part : {:>8.2} s ensuite, {companion_ratio:.2} × rust_xlsxwriter écrivant seul les mêmes cellules ({:.2} s) ; {:.2} s en tout",
            secs(&companion),
            secs(&companion_floor),
            secs(&run.total)
        );
    }
    println!(
        "par achat       : {:>8.1} µs (bilan)",
        secs(&run.bilan) * 1e6 / shape.purchases.max(1) as f64
    );
    println!(
        "check           : {:>8.2} s, {check_ratio:.2} × le plancher de lecture ({:.2} s) ; {check_process_ratio:.2} × ce plancher lancé comme check, en processus ({:.2} s)",
        secs(&check_time),
        secs(&floor.read),
        secs(&median(process_floors))
    );
    for (ms, reread) in &watch {
        println!("watch           : {ms:>8} ms après la période de calme ({reread})");
    }
    Ok(())
}

/// `spaser check` on one DECP file, against serde_json reading the same bytes into nothing.
fn bench_decp(contracts: usize) -> Result<(), Failure> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-corpus")
        .join(format!("decp-{contracts}"));
    let file = dir.join("decp.json");
    if !file.exists() {
        std::fs::create_dir_all(&dir)?;
        decp::generate(&file, contracts, 2024)?;
    }
    let check = run_check(&dir)?;
    let peak_kib = children_peak_kib();
    let started = Instant::now();
    let bytes = std::fs::read(&file)?;
    let _: serde::de::IgnoredAny = serde_json::from_slice(&bytes)?;
    let floor = started.elapsed();
    println!();
    println!(
        "DECP : {contracts} marchés, {:.0} Mio ({})",
        bytes.len() as f64 / 1_048_576.0,
        file.display()
    );
    println!(
        "check           : {:>8.2} s, mémoire max {:.0} Mio",
        check.as_secs_f64(),
        peak_kib as f64 / 1024.0
    );
    println!(
        "plancher JSON   : {:>8.2} s (serde_json, lecture seule)",
        floor.as_secs_f64()
    );
    println!(
        "rapport         : {:>8.2} × le plancher",
        check.as_secs_f64() / floor.as_secs_f64()
    );
    Ok(())
}

/// The median of some durations (the upper one of the two middle ones for an even count).
fn median(durations: impl IntoIterator<Item = Duration>) -> Duration {
    let mut sorted: Vec<Duration> = durations.into_iter().collect();
    sorted.sort();
    sorted.get(sorted.len() / 2).copied().unwrap_or_default()
}

/// The median of `measure / floor` over pairs measured one after the other.
fn median_ratio(pairs: impl IntoIterator<Item = (Duration, Duration)>) -> f64 {
    let mut ratios: Vec<f64> = pairs
        .into_iter()
        .map(|(measure, floor)| measure.as_secs_f64() / floor.as_secs_f64())
        .collect();
    ratios.sort_by(f64::total_cmp);
    ratios.get(ratios.len() / 2).copied().unwrap_or(f64::NAN)
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The corpus of this shape, generated on first use.
fn corpus_dir(shape: corpus::Shape) -> Result<PathBuf, Failure> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-corpus")
        .join(format!(
            "{}-{}{}",
            shape.purchases,
            shape.workbooks,
            if shape.shared_strings { "-partagees" } else { "" }
        ));
    let done = dir.join(".complet");
    if !done.exists() {
        let started = Instant::now();
        corpus::generate(&dir, shape)?;
        std::fs::write(&done, "")?;
        eprintln!("corpus généré en {:.1} s", started.elapsed().as_secs_f64());
    }
    Ok(dir)
}

fn spaser() -> Command {
    Command::new(env!("CARGO_BIN_EXE_spaser"))
}

/// One `spaser bilan` run.
struct BilanRun {
    /// Until the bilan is written (its line printed): a companion workbook follows.
    bilan: Duration,
    /// Until the process ends.
    total: Duration,
    /// The child's peak resident memory.
    peak_kib: i64,
    /// The child's CPU time, start to end.
    cpu: Duration,
}

/// `spaser bilan`: the time its line « Bilan … écrit dans » appears, the time it ends, and the
/// child's peak resident memory.
fn run_bilan(dir: &Path, output: &Path) -> Result<BilanRun, Failure> {
    let cpu_before = children_cpu();
    let started = Instant::now();
    let mut child = spaser()
        .arg("bilan")
        .arg(dir)
        .arg("-o")
        .arg(output)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let stdout = child.stdout.take().ok_or("pas de sortie")?;
    let mut bilan = None;
    for line in BufReader::new(stdout).lines() {
        if line?.starts_with("Bilan ") {
            bilan.get_or_insert(started.elapsed());
        }
    }
    let status = child.wait()?;
    let total = started.elapsed();
    if !status.success() {
        return Err(format!("spaser bilan a échoué : {status}").into());
    }
    Ok(BilanRun {
        bilan: bilan.ok_or("ligne du bilan absente")?,
        total,
        peak_kib: children_peak_kib(),
        cpu: children_cpu() - cpu_before,
    })
}

/// `spaser check`: wall time (its exit code says whether errors were found, not a failure).
fn run_check(dir: &Path) -> Result<Duration, Failure> {
    let started = Instant::now();
    let status = spaser()
        .arg("check")
        .arg(dir)
        .arg("-q")
        .stdout(Stdio::null())
        .status()?;
    let elapsed = started.elapsed();
    if status.code().is_none_or(|c| c > 1) {
        return Err(format!("spaser check a échoué : {status}").into());
    }
    Ok(elapsed)
}

/// Resource usage of the bench and of the processes it waited for: `getrusage` on Unix.
#[cfg(unix)]
mod usage {
    use std::time::Duration;

    pub fn children_peak_kib() -> i64 {
        usage(libc::RUSAGE_CHILDREN).ru_maxrss
    }

    /// CPU time (user + system) of the children waited for so far.
    pub fn children_cpu() -> Duration {
        cpu_of(&usage(libc::RUSAGE_CHILDREN))
    }

    /// CPU time (user + system) of this process, every thread.
    pub fn own_cpu() -> Duration {
        cpu_of(&usage(libc::RUSAGE_SELF))
    }

    fn usage(who: libc::c_int) -> libc::rusage {
        // SAFETY: getrusage only writes into the struct it is given.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: a valid `who` and a valid pointer.
        unsafe { libc::getrusage(who, &mut usage) };
        usage
    }

    fn cpu_of(usage: &libc::rusage) -> Duration {
        let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1_000);
        time(usage.ru_utime) + time(usage.ru_stime)
    }

    /// Stops `watch` as Ctrl-C would.
    pub fn interrupt(child: &mut std::process::Child) {
        // SAFETY: sending SIGTERM to our own child.
        unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    }
}

/// Windows has no `getrusage` for the processes waited for: memory and CPU print as zero there
/// (the bench's figures are taken on Linux).
#[cfg(not(unix))]
mod usage {
    use std::time::Duration;

    pub fn children_peak_kib() -> i64 {
        0
    }

    pub fn children_cpu() -> Duration {
        Duration::ZERO
    }

    pub fn own_cpu() -> Duration {
        Duration::ZERO
    }

    pub fn interrupt(child: &mut std::process::Child) {
        let _ = child.kill();
    }
}

use usage::{children_cpu, children_peak_kib, own_cpu};

struct Floor {
    read: Duration,
    /// Writing the bilan's cells.
    write: Duration,
    /// The CPU time of reading (every thread of the parallel read) and of writing the bilan's
    /// cells, and the companion's when there is one.
    cpu: Duration,
    /// Writing the companion's cells alone, when there is one.
    companion: Option<Duration>,
}

/// The environment variable that makes the bench, run as a child, only read the floor of the
/// folder it names.
const FLOOR_CHILD: &str = "SPASER_BENCH_FLOOR_CHILD";

/// The read floor timed the way `check` is: a process of its own (this bench again, reading
/// only), from its start to its end — thread pool, heap and exit included, as spaser pays them.
fn read_floor_process(dir: &Path) -> Result<Duration, Failure> {
    let started = Instant::now();
    let status = Command::new(std::env::current_exe()?)
        .env(FLOOR_CHILD, dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()?;
    let elapsed = started.elapsed();
    if !status.success() {
        return Err(format!("le plancher en processus a échoué : {status}").into());
    }
    Ok(elapsed)
}

/// Every sheet of every workbook of `dir` read with calamine, in parallel; how long it took.
fn read_floor(dir: &Path) -> Result<Duration, Failure> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    files.sort();
    let started = Instant::now();
    let cells: usize = files
        .par_iter()
        .map(|f| count_cells(f))
        .sum::<Result<usize, String>>()?;
    let read = started.elapsed();
    eprintln!("plancher : {cells} cellules lues");
    Ok(read)
}

/// Reading the inputs, writing the bilan's cells, and then the companion's, nothing else —
/// one after the other, like spaser.
fn io_floor(dir: &Path, bilan: &Path) -> Result<Floor, Failure> {
    let cpu_before = own_cpu();
    let read = read_floor(dir)?;
    let read_cpu = own_cpu() - cpu_before;

    let companion = std::fs::read_dir(bilan.parent().ok_or("bilan sans dossier")?)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("Recensement_SPASER_"))
        });
    let copy = std::env::temp_dir().join(format!("spaser-floor-{}.xlsx", std::process::id()));
    let (write, write_cpu) = timed_write(&read_sheets(bilan)?, &copy)?;
    let companion = match companion {
        Some(companion) => Some(timed_write(&read_sheets(&companion)?, &copy)?),
        None => None,
    };
    Ok(Floor {
        read,
        write,
        cpu: read_cpu + write_cpu + companion.map_or(Duration::ZERO, |(_, cpu)| cpu),
        companion: companion.map(|(wall, _)| wall),
    })
}

/// How long writing these cells takes, wall and CPU (the file is removed afterwards).
fn timed_write(sheets: &[(String, calamine::Range<Data>)], path: &Path) -> Result<(Duration, Duration), Failure> {
    let elapsed = write_sheets(sheets, path)?;
    std::fs::remove_file(path)?;
    Ok(elapsed)
}

fn count_cells(path: &Path) -> Result<usize, String> {
    let mut workbook = open_workbook_auto(path).map_err(|e| e.to_string())?;
    let mut cells = 0;
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).map_err(|e| e.to_string())?;
        cells += range.used_cells().count();
    }
    Ok(cells)
}

fn read_sheets(path: &Path) -> Result<Vec<(String, calamine::Range<Data>)>, Failure> {
    let mut workbook = open_workbook_auto(path)?;
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name)?;
        sheets.push((name, range));
    }
    Ok(sheets)
}

/// The same cells, in the same writing modes as spaser (constant memory, deflate level 1), dates
/// as dates: a column holding dates takes a date format, as spaser's date columns do (found
/// before the clock starts).
fn write_sheets(sheets: &[(String, calamine::Range<Data>)], path: &Path) -> Result<(Duration, Duration), Failure> {
    let date_columns: Vec<Vec<u16>> = sheets.iter().map(|(_, range)| date_columns(range)).collect();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let cpu_before = own_cpu();
    let started = Instant::now();
    let mut workbook = Workbook::new();
    workbook.set_zip_compression_level(1);
    for ((name, range), dates) in sheets.iter().zip(&date_columns) {
        let sheet = workbook.add_worksheet_with_constant_memory()?;
        sheet.set_name(name)?;
        for &col in dates {
            sheet.set_column_format(col, &date)?;
        }
        for (row, col, value) in range.used_cells() {
            let (row, col) = (row as u32, col as u16);
            match value {
                Data::Float(f) => sheet.write_number(row, col, *f)?,
                Data::Int(i) => sheet.write_number(row, col, *i as f64)?,
                Data::DateTime(d) => sheet.write_number(row, col, d.as_f64())?,
                Data::Bool(b) => sheet.write_boolean(row, col, *b)?,
                other => sheet.write_string(row, col, other.to_string())?,
            };
        }
    }
    workbook.save(path)?;
    Ok((started.elapsed(), own_cpu() - cpu_before))
}

/// The columns of a sheet that hold dates.
fn date_columns(range: &calamine::Range<Data>) -> Vec<u16> {
    let mut columns: Vec<u16> = range
        .used_cells()
        .filter(|(_, _, value)| matches!(value, Data::DateTime(_)))
        .map(|(_, col, _)| col as u16)
        .collect();
    columns.sort_unstable();
    columns.dedup();
    columns
}

/// `spaser watch`: rewrites one workbook `saves` times, returns each rebuild's logged duration.
fn run_watch(dir: &Path, shape: corpus::Shape, saves: usize) -> Result<Vec<(u64, String)>, Failure> {
    let out_dir = std::env::temp_dir().join(format!("spaser-watch-bench-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir)?;
    let output = out_dir.join("bilan.xlsx");
    let mut child = spaser()
        .arg("watch")
        .arg(dir)
        .arg("-o")
        .arg(&output)
        .args(["--debounce", "300"])
        .stderr(Stdio::piped())
        .spawn()?;
    let stderr = child.stderr.take().ok_or("pas de sortie d'erreur")?;
    let mut lines = BufReader::new(stderr).lines();
    let mut next_rebuild = || -> Result<(u64, String), Failure> {
        for line in lines.by_ref() {
            let line = line?;
            if line.contains(" écrit dans ") {
                return parse_log_line(&line).ok_or_else(|| format!("ligne inattendue : {line}").into());
            }
            if line.contains("non écrit") {
                return Err(line.into());
            }
        }
        Err("watch s'est arrêté".into())
    };
    next_rebuild()?;
    // Let the watcher settle after the first build before the first save.
    std::thread::sleep(Duration::from_millis(500));
    let mut results = Vec::new();
    let target = dir.join("Recensement_service_000.xlsx");
    let original = std::fs::read(&target)?;
    let per_workbook = shape.purchases / shape.workbooks.max(1);
    for save in 0..saves {
        let mut rng = corpus::Lcg::new(save as u64 + 1);
        let temporary = dir.join("~tmp-bench.tmp");
        corpus::write_recensement(&temporary, 0, per_workbook + 1 + save, shape, &mut rng)?;
        std::fs::rename(&temporary, &target)?;
        results.push(next_rebuild()?);
    }
    usage::interrupt(&mut child);
    child.wait()?;
    // Put the corpus back as generated, for the next run.
    std::fs::write(&target, original)?;
    let _ = std::fs::remove_dir_all(&out_dir);
    Ok(results)
}

/// `… : 1/201 classeur(s) relu(s), 0 erreur(s), 0 avertissement(s), 850 ms` → (850, "1/201 …").
fn parse_log_line(line: &str) -> Option<(u64, String)> {
    let ms = line.rsplit(", ").next()?.trim_end_matches(" ms").parse().ok()?;
    let reread = line.split(" : ").last()?.split(", ").next()?.to_string();
    Some((ms, reread))
}
