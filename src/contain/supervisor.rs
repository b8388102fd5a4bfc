//! The supervisor's side: start the worker (this same program, same arguments), follow which
//! files it reads, and when it stops abruptly or a file takes too long, start it again without
//! that file. Standard input, output and error are the worker's own: what it prints is printed.

use super::{LEFT_OUT, LeftOut, PROGRESS, ROLE, Reason};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, ExitStatus};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// A worker is started at most this many times: each new start leaves a file out or reads
/// one file at a time, so a run ends well before.
const MAX_STARTS: usize = 64;
/// How often the worker's progress is looked at.
const TICK: Duration = Duration::from_millis(10);
/// A worker that dies before it has said anything (Windows refusing to initialise a new
/// process, 0xC0000142, on a busy machine or from a scheduled task) is started again this many
/// times in a row before the run gives up on workers.
const EARLY_DEATHS: usize = 3;

/// What a worker may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Address space of the worker, in Mio (Unix; Windows: the job's memory).
    pub memory_mib: u64,
    /// The longest one file may take to be read.
    pub per_file: Duration,
}

/// How the supervised run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The worker ended normally with this exit code (after leaving out the files that ended
    /// earlier workers, if any).
    Exited(i32),
    /// The worker stopped abruptly while reading no file (a fault of spaser itself): how.
    Failed(String),
    /// No worker could be started (the system refused a new process): the command runs
    /// without one.
    NotStarted,
}

/// Runs the current command in a worker process under `limits`, starting it again without
/// each file whose reading ends it. `normal` lists the exit codes of a normal end.
pub fn supervise(limits: Limits, normal: &[i32]) -> Outcome {
    let interrupted = Arc::new(AtomicBool::new(false));
    {
        let interrupted = Arc::clone(&interrupted);
        // Ctrl-C reaches the worker too, which ends as it should; the supervisor waits for it.
        let _ = ctrlc::set_handler(move || interrupted.store(true, Ordering::SeqCst));
    }
    let progress = tempfile::Builder::new().prefix(".spaser-lecture-").tempfile().ok();
    let mut left_out: Vec<LeftOut> = Vec::new();
    let mut one_at_a_time = false;
    let mut last = Outcome::NotStarted;
    let mut early_deaths = 0;
    for _ in 0..MAX_STARTS {
        let Some(mut child) = start_retrying(limits, progress.as_ref().map(|p| p.path()), &left_out, one_at_a_time)
        else {
            return last;
        };
        let mut follower = Follower::new(progress.as_ref().map(|p| p.path()));
        let ended = follow(&mut child, &mut follower, limits.per_file, &interrupted);
        match ended {
            Ended::Status(status) => {
                let code = status.code();
                if interrupted.load(Ordering::SeqCst) {
                    return Outcome::Exited(code.unwrap_or(130));
                }
                if let Some(code) = code.filter(|c| normal.contains(c)) {
                    return Outcome::Exited(code);
                }
                let how = describe(status);
                follower.catch_up();
                if follower.said_nothing() {
                    // It never got going: not a fault of any file, nor of spaser's reading.
                    early_deaths += 1;
                    if early_deaths < EARLY_DEATHS {
                        std::thread::sleep(Duration::from_millis(200));
                        continue;
                    }
                    // No worker gets going: the command runs without one, unless files
                    // already ended a worker (read in place, they would end the command).
                    return if left_out.is_empty() {
                        Outcome::NotStarted
                    } else {
                        Outcome::Failed(how)
                    };
                }
                early_deaths = 0;
                match follower.in_flight().as_slice() {
                    [] => return Outcome::Failed(how),
                    [culprit] => left_out.push(left_out_file(culprit, Reason::Died(how.clone()))),
                    // Two files were being read: read one at a time to know which.
                    [..] if !one_at_a_time => one_at_a_time = true,
                    several => left_out.extend(several.iter().map(|c| left_out_file(c, Reason::Died(how.clone())))),
                }
                last = Outcome::Failed(how);
            }
            Ended::TooLong(culprit) => {
                left_out.push(left_out_file(&culprit, Reason::TimedOut(limits.per_file.as_secs())));
            }
        }
    }
    last
}

/// Starts the worker, trying again a few times when the system refuses a new process for a
/// moment (a busy machine, an antivirus scanning the program).
fn start_retrying(limits: Limits, progress: Option<&Path>, left_out: &[LeftOut], one_at_a_time: bool) -> Option<Child> {
    (0..3).find_map(|attempt| {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(200));
        }
        start(limits, progress, left_out, one_at_a_time)
    })
}

/// Starts the worker.
fn start(limits: Limits, progress: Option<&Path>, left_out: &[LeftOut], one_at_a_time: bool) -> Option<Child> {
    let program = std::env::current_exe().ok()?;
    let mut command = Command::new(program);
    command.args(std::env::args_os().skip(1)).env(ROLE, "1");
    if let Some(progress) = progress {
        command.env(PROGRESS, progress);
    }
    if !left_out.is_empty() {
        command.env(LEFT_OUT, serde_json::to_string(left_out).ok()?);
    }
    if one_at_a_time {
        command.env("RAYON_NUM_THREADS", "1");
    }
    limit_memory(&mut command, limits.memory_mib);
    let child = command.spawn().ok()?;
    limit_job_memory(&child, limits.memory_mib);
    Some(child)
}

enum Ended {
    Status(ExitStatus),
    /// A file took longer than the limit: the worker was stopped.
    TooLong(String),
}

fn follow(child: &mut Child, follower: &mut Follower, per_file: Duration, interrupted: &AtomicBool) -> Ended {
    let mut told = false;
    loop {
        if !told && interrupted.load(Ordering::SeqCst) {
            // Asked to stop: the worker is asked too, and ends as it should (its own temporary
            // files removed, watch's last words said).
            stop(child);
            told = true;
        }
        match child.try_wait() {
            Ok(Some(status)) => return Ended::Status(status),
            Ok(None) => {}
            Err(_) => {
                // The worker cannot be waited for: wait for it once, blocking.
                return match child.wait() {
                    Ok(status) => Ended::Status(status),
                    Err(_) => Ended::TooLong(String::new()),
                };
            }
        }
        follower.catch_up();
        if let Some(culprit) = follower.longer_than(per_file) {
            let _ = child.kill();
            let _ = child.wait();
            return Ended::TooLong(culprit);
        }
        std::thread::sleep(TICK);
    }
}

/// The files the worker is reading, from its progress file.
struct Follower {
    file: Option<std::fs::File>,
    pending: String,
    in_flight: HashMap<String, Instant>,
    /// Whether the worker said anything at all (it got as far as reading).
    heard: bool,
}

impl Follower {
    fn new(progress: Option<&Path>) -> Self {
        let file = progress.and_then(|p| std::fs::File::open(p).ok()).map(|mut file| {
            // Only what this worker says: earlier workers' lines are past.
            let _ = std::io::Seek::seek(&mut file, std::io::SeekFrom::End(0));
            file
        });
        Follower {
            file,
            pending: String::new(),
            in_flight: HashMap::new(),
            heard: false,
        }
    }

    /// Whether the worker died before saying anything: it never got as far as reading. Without
    /// a progress file nothing can be told, and the worker is taken as started.
    fn said_nothing(&self) -> bool {
        self.file.is_some() && !self.heard
    }

    fn catch_up(&mut self) {
        let Some(file) = &mut self.file else { return };
        let mut fresh = String::new();
        if file.read_to_string(&mut fresh).is_err() {
            return;
        }
        self.pending.push_str(&fresh);
        while let Some(end) = self.pending.find('\n') {
            let line: String = self.pending.drain(..=end).collect();
            let (sign, path) = line.trim_end().split_at(line.chars().next().map_or(0, char::len_utf8));
            let Ok(path) = serde_json::from_str::<String>(path) else {
                continue;
            };
            self.heard = true;
            match sign {
                "+" => {
                    self.in_flight.insert(path, Instant::now());
                }
                _ => {
                    self.in_flight.remove(&path);
                }
            }
        }
    }

    fn in_flight(&self) -> Vec<String> {
        let mut files: Vec<String> = self.in_flight.keys().cloned().collect();
        files.sort();
        files
    }

    fn longer_than(&self, limit: Duration) -> Option<String> {
        self.in_flight
            .iter()
            .filter(|(_, started)| started.elapsed() > limit)
            .min_by_key(|(_, started)| **started)
            .map(|(path, _)| path.clone())
    }
}

/// Asks the worker to stop as Ctrl-C or SIGTERM would.
#[cfg(unix)]
fn stop(child: &Child) {
    if let Ok(pid) = libc::pid_t::try_from(child.id()) {
        // SAFETY: a signal sent to the worker this supervisor started and has not reaped.
        unsafe {
            libc::kill(pid, libc::SIGTERM);
        }
    }
}

/// Windows delivers Ctrl-C to every process of the console, the worker included.
#[cfg(not(unix))]
fn stop(_child: &Child) {}

fn left_out_file(path: &str, reason: Reason) -> LeftOut {
    LeftOut {
        path: path.to_string(),
        sha256: std::fs::read(path).ok().map(|bytes| super::sha256_hex(&bytes)),
        reason,
    }
}

/// How a worker stopped, in French.
fn describe(status: ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            let what = match signal {
                6 => "abandon : mémoire épuisée ou erreur interne",
                9 => "arrêt forcé par le système, souvent faute de mémoire",
                11 => "accès mémoire invalide ou pile dépassée",
                _ => "signal du système",
            };
            return format!("{what}, signal {signal}");
        }
    }
    match status.code() {
        #[cfg(windows)]
        Some(code) if code as u32 == 0xC000_0409 => "abandon : mémoire épuisée ou erreur interne".to_string(),
        #[cfg(windows)]
        Some(code) if code as u32 == 0xC000_00FD => "pile dépassée".to_string(),
        #[cfg(windows)]
        Some(code) if code as u32 == 0xC000_0142 => {
            "démarrage refusé par le système (initialisation d'une bibliothèque)".to_string()
        }
        Some(code) => format!("code de sortie {code}"),
        None => "arrêt inattendu".to_string(),
    }
}

/// Caps the worker's address space (Unix): an allocation beyond fails there, ending the
/// worker only. On Linux, the worker also ends with its supervisor.
#[cfg(unix)]
fn limit_memory(command: &mut Command, mib: u64) {
    use std::os::unix::process::CommandExt;
    let bytes = mib.saturating_mul(1024 * 1024);
    // SAFETY: only async-signal-safe calls (getrlimit, setrlimit) between fork and exec.
    unsafe {
        command.pre_exec(move || {
            let mut current = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            if libc::getrlimit(libc::RLIMIT_AS, &mut current) == 0 {
                let cap = libc::rlim_t::try_from(bytes).unwrap_or(libc::RLIM_INFINITY);
                let wanted = libc::rlimit {
                    rlim_cur: cap.min(current.rlim_max).min(current.rlim_cur),
                    rlim_max: current.rlim_max,
                };
                libc::setrlimit(libc::RLIMIT_AS, &wanted);
            }
            // A supervisor killed outright takes its worker with it.
            #[cfg(target_os = "linux")]
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM);
            Ok(())
        });
    }
}

#[cfg(not(unix))]
fn limit_memory(_command: &mut Command, _mib: u64) {}

/// Windows caps a process's memory through a job object.
#[cfg(windows)]
fn limit_job_memory(child: &Child, mib: u64) {
    super::job::limit(child, mib);
}

#[cfg(not(windows))]
fn limit_job_memory(_child: &Child, _mib: u64) {}
