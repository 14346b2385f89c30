//! One timed run of one interpreter on one workload: wall-clock time from spawn to
//! exit, the child's own peak resident set size, and whether its standard output
//! matched the reference's byte for byte.
//!
//! Peak memory: Linux carries the high-water mark of the memory image a process had
//! before `exec` (here the harness's own, shared by the spawning vfork) into the
//! `ru_maxrss` that `wait4` reports, so that figure is exact only when it exceeds the
//! harness's own peak. Below that, the child's `VmHWM` (the high-water mark of its
//! current image, from /proc) read while it runs is used instead.
//!
//! The child's stdout and stderr are drained by threads while the harness polls for
//! its exit, so a chatty child never blocks on a full pipe, and a child that outlives
//! its time limit is killed before it is reaped.

use std::fs;
use std::io::{self, Read};
use std::process::{Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use wait4::Wait4;

/// How often the harness checks whether the child has exited; bounds the error this
/// adds to a timing (well under 0.1% of the shortest workloads).
const POLL_INTERVAL: Duration = Duration::from_micros(250);

/// Every how many polls the child's /proc high-water mark is read (every 2 ms).
const POLLS_PER_MEMORY_READ: u32 = 8;

/// How much of a failing child's stderr a report keeps (the end, where the message is,
/// unless a traceback follows it; the start is kept too).
const STDERR_KEPT_BYTES: usize = 600;

#[derive(Clone, Debug)]
pub struct RunOutcome {
    pub elapsed: Duration,
    pub peak_rss_bytes: u64,
    pub verdict: Verdict,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Correct,
    /// Exited successfully but printed something else than the reference.
    WrongOutput {
        first_difference: String,
    },
    /// Exited with a failure status or a signal.
    Failed {
        status: String,
        stderr: String,
    },
    TimedOut,
}

impl Verdict {
    pub fn is_correct(&self) -> bool {
        *self == Verdict::Correct
    }

    /// One line saying what went wrong, for reports.
    pub fn summary(&self) -> String {
        match self {
            Verdict::Correct => "correct".to_owned(),
            Verdict::WrongOutput { first_difference } => format!("wrong output: {first_difference}"),
            Verdict::Failed { status, stderr } => {
                let first_line = stderr.lines().next().unwrap_or("");
                format!("{status}: {first_line}")
            }
            Verdict::TimedOut => "timed out".to_owned(),
        }
    }
}

fn drain<R: Read + Send + 'static>(source: Option<R>) -> thread::JoinHandle<io::Result<Vec<u8>>> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut source) = source {
            source.read_to_end(&mut bytes)?;
        }
        Ok(bytes)
    })
}

fn joined(handle: thread::JoinHandle<io::Result<Vec<u8>>>) -> io::Result<Vec<u8>> {
    handle.join().map_err(|_| io::Error::other("output reader thread panicked"))?
}

/// Runs `command` to completion (or until `time_limit`) and checks its stdout.
pub fn run_once(mut command: Command, expected_stdout: &[u8], time_limit: Duration) -> io::Result<RunOutcome> {
    command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = command.spawn()?;
    let inherited_floor = peak_rss_of("self").unwrap_or(u64::MAX);
    let child_status_name = child.id().to_string();
    let stdout_reader = drain(child.stdout.take());
    let stderr_reader = drain(child.stderr.take());

    let mut timed_out = false;
    let mut polled_peak: Option<u64> = None;
    let mut polls: u32 = 0;
    let usage = loop {
        if let Some(usage) = child.try_wait4()? {
            break usage;
        }
        if started.elapsed() > time_limit {
            timed_out = true;
            child.kill()?;
            break child.wait4()?;
        }
        if polls.is_multiple_of(POLLS_PER_MEMORY_READ) {
            polled_peak = peak_rss_of(&child_status_name).or(polled_peak);
        }
        polls = polls.wrapping_add(1);
        thread::sleep(POLL_INTERVAL);
    };
    let elapsed = started.elapsed();
    let peak_rss_bytes = if usage.rusage.maxrss > inherited_floor {
        usage.rusage.maxrss
    } else {
        polled_peak.unwrap_or(usage.rusage.maxrss)
    };
    let stdout = joined(stdout_reader)?;
    let stderr = joined(stderr_reader)?;

    let verdict = if timed_out {
        Verdict::TimedOut
    } else if !usage.status.success() {
        Verdict::Failed { status: describe_status(usage.status), stderr: abbreviate(&stderr) }
    } else if stdout != expected_stdout {
        Verdict::WrongOutput { first_difference: first_difference(&stdout, expected_stdout) }
    } else {
        Verdict::Correct
    };
    Ok(RunOutcome { elapsed, peak_rss_bytes, verdict })
}

/// The high-water mark of resident memory of process `pid` ("self" for the harness),
/// in bytes, from /proc; `None` once it has exited or where /proc is unavailable.
fn peak_rss_of(pid: &str) -> Option<u64> {
    parse_vm_hwm(&fs::read_to_string(format!("/proc/{pid}/status")).ok()?)
}

fn parse_vm_hwm(status: &str) -> Option<u64> {
    let line = status.lines().find_map(|line| line.strip_prefix("VmHWM:"))?;
    let kibibytes: u64 = line.split_whitespace().next()?.parse().ok()?;
    kibibytes.checked_mul(1024)
}

fn describe_status(status: ExitStatus) -> String {
    match status.code() {
        Some(code) => format!("exit status {code}"),
        None => format!("{status}"),
    }
}

fn abbreviate(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    if text.len() <= STDERR_KEPT_BYTES {
        return text.into_owned();
    }
    let head: String = text.chars().take(STDERR_KEPT_BYTES).collect();
    format!("{head}...")
}

/// The first line where `actual` and `expected` differ, both shown.
pub fn first_difference(actual: &[u8], expected: &[u8]) -> String {
    let actual = String::from_utf8_lossy(actual);
    let expected = String::from_utf8_lossy(expected);
    let mut actual_lines = actual.lines();
    let mut expected_lines = expected.lines();
    let mut line_number = 1usize;
    loop {
        match (actual_lines.next(), expected_lines.next()) {
            (Some(got), Some(wanted)) if got == wanted => line_number = line_number.saturating_add(1),
            (None, None) => return "outputs differ only in line endings".to_owned(),
            (got, wanted) => {
                return format!(
                    "line {line_number}: got {:?}, expected {:?}",
                    got.unwrap_or("<end of output>"),
                    wanted.unwrap_or("<end of output>")
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_the_first_differing_line() {
        assert_eq!(first_difference(b"a\nb\nc\n", b"a\nx\nc\n"), r#"line 2: got "b", expected "x""#);
        assert_eq!(first_difference(b"a\n", b"a\nb\n"), r#"line 2: got "<end of output>", expected "b""#);
    }

    #[test]
    fn reads_the_high_water_mark() {
        assert_eq!(parse_vm_hwm("Name:\tlua\nVmPeak:\t  9000 kB\nVmHWM:\t    2048 kB\n"), Some(2048 * 1024));
        assert_eq!(parse_vm_hwm("Name:\tzombie\n"), None);
    }

    #[test]
    fn measures_peak_memory_of_the_child_not_the_harness() {
        let mut small = Command::new("sh");
        small.args(["-c", "sleep 0.05; echo done"]);
        let small = run_once(small, b"done\n", Duration::from_secs(10)).unwrap();
        let mut large = Command::new("sh");
        large.args(["-c", "x=$(head -c 60000000 /dev/zero | tr '\\0' a); sleep 0.05; echo ${#x}"]);
        let large = run_once(large, b"60000000\n", Duration::from_secs(30)).unwrap();
        assert_eq!(large.verdict, Verdict::Correct);
        assert!(small.peak_rss_bytes < 16 << 20, "small child peak {}", small.peak_rss_bytes);
        assert!(large.peak_rss_bytes > 60_000_000, "large child peak {}", large.peak_rss_bytes);
    }

    #[test]
    fn measures_a_real_child() {
        let mut command = Command::new("sh");
        command.args(["-c", "echo hello"]);
        let outcome = run_once(command, b"hello\n", Duration::from_secs(10)).unwrap();
        assert_eq!(outcome.verdict, Verdict::Correct);
        assert!(outcome.peak_rss_bytes > 0);
    }

    #[test]
    fn notices_failures_wrong_output_and_time_limits() {
        let mut failing = Command::new("sh");
        failing.args(["-c", "echo oops >&2; exit 3"]);
        let outcome = run_once(failing, b"", Duration::from_secs(10)).unwrap();
        assert_eq!(
            outcome.verdict,
            Verdict::Failed { status: "exit status 3".to_owned(), stderr: "oops\n".to_owned() }
        );

        let mut wrong = Command::new("sh");
        wrong.args(["-c", "echo 41"]);
        let outcome = run_once(wrong, b"42\n", Duration::from_secs(10)).unwrap();
        assert!(matches!(outcome.verdict, Verdict::WrongOutput { .. }));

        let mut slow = Command::new("sleep");
        slow.arg("5");
        let outcome = run_once(slow, b"", Duration::from_millis(100)).unwrap();
        assert_eq!(outcome.verdict, Verdict::TimedOut);
        assert!(outcome.elapsed < Duration::from_secs(4));
    }
}
