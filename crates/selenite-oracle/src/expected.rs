//! The expected-output files of the script tests: how a script is run and how its
//! outcome becomes the text of `NAME.expected` beside `NAME.lua`.
//!
//! A script runs with its own folder as the working directory and its file name as the
//! only argument, so chunk names read `NAME.lua`. The expected text is the script's
//! stdout; then one `stderr: LINE` line for each line the script wrote to stderr before
//! an error report (warnings, `io.stderr:write`); then, if the script ended with an
//! uncaught error, `error: MESSAGE` where MESSAGE is the first line of the report with the
//! program name (`lua: `, `selenite: `) removed (the traceback is not compared); finally
//! `exit status: N` when the status is neither 0 nor the 1 of an error report. The same
//! function formats the reference's outcome (to write the files) and the tested binary's
//! (to compare), so both sides are always normalised alike.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The program names whose `NAME: message` first stderr line is an uncaught-error report.
const REPORT_PREFIXES: [&str; 2] = ["lua: ", "selenite: "];

/// Environment variables that would change how an interpreter starts; removed for runs.
const STARTUP_VARIABLES: [&str; 6] =
    ["LUA_INIT", "LUA_INIT_5_4", "LUA_PATH", "LUA_PATH_5_4", "LUA_CPATH", "LUA_CPATH_5_4"];

/// How long one script may run before it counts as hung.
pub const SCRIPT_TIMEOUT: Duration = Duration::from_secs(60);

/// What running a script produced.
#[derive(Debug, Default)]
pub struct Outcome {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// The exit status; `None` when the process was killed by a signal or timed out.
    pub status: Option<i32>,
    pub timed_out: bool,
}

/// The folder of script tests: `tests/` at the root of the workspace.
pub fn tests_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("..").join("tests");
    root.canonicalize().unwrap_or(root)
}

/// Every `*.lua` under `root`, sorted, keeping those whose path relative to `root`
/// contains one of `filters` (all of them when `filters` is empty).
pub fn discover_scripts(root: &Path, filters: &[String]) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    collect_scripts(root, &mut found)?;
    found.sort();
    found.retain(|path| {
        let relative = path.strip_prefix(root).unwrap_or(path).to_string_lossy().into_owned();
        filters.is_empty() || filters.iter().any(|f| relative.contains(f.as_str()))
    });
    Ok(found)
}

fn collect_scripts(folder: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(folder)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_scripts(&path, found)?;
        } else if path.extension().is_some_and(|e| e == "lua") {
            found.push(path);
        }
    }
    Ok(())
}

/// `NAME.expected` beside `NAME.lua`.
pub fn expected_path(script: &Path) -> PathBuf {
    script.with_extension("expected")
}

/// Runs `interpreter` (a program and its leading arguments) on `script` the way the
/// tests do: in the script's folder, with the file name as argument, no stdin, and
/// none of the variables that change how `lua` starts.
pub fn run_script(interpreter: &[String], script: &Path, timeout: Duration) -> std::io::Result<Outcome> {
    let (program, leading) =
        interpreter.split_first().ok_or_else(|| std::io::Error::other("empty interpreter command"))?;
    let folder = script.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let file_name = script.file_name().ok_or_else(|| std::io::Error::other("script path has no file name"))?;
    let mut command = Command::new(program);
    command.args(leading).arg(file_name).current_dir(folder);
    for variable in STARTUP_VARIABLES {
        command.env_remove(variable);
    }
    run_with_timeout(&mut command, &[], timeout)
}

/// Runs `command` with `stdin_bytes` as its input, capturing stdout and stderr, and kills
/// it when it runs longer than `timeout`.
pub fn run_with_timeout(command: &mut Command, stdin_bytes: &[u8], timeout: Duration) -> std::io::Result<Outcome> {
    command.stdin(if stdin_bytes.is_empty() { Stdio::null() } else { Stdio::piped() });
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = command.spawn()?;
    let writer = child.stdin.take().map(|mut stdin| {
        let input = stdin_bytes.to_vec();
        std::thread::spawn(move || {
            use std::io::Write;
            // The child may exit without reading everything; that is its business.
            let _ = stdin.write_all(&input);
        })
    });
    let stdout_reader = child.stdout.take().map(spawn_reader);
    let stderr_reader = child.stderr.take().map(spawn_reader);
    let deadline = Instant::now() + timeout;
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if Instant::now() >= deadline {
            timed_out = true;
            // The child may have exited between the two calls; the wait below settles it.
            let _ = child.kill();
            break child.wait()?;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    if let Some(writer) = writer {
        let _ = writer.join();
    }
    let join =
        |reader: Option<std::thread::JoinHandle<Vec<u8>>>| reader.and_then(|r| r.join().ok()).unwrap_or_default();
    Ok(Outcome { stdout: join(stdout_reader), stderr: join(stderr_reader), status: status.code(), timed_out })
}

fn spawn_reader(mut source: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        // A read error only truncates what is compared, which then shows as a mismatch.
        let _ = source.read_to_end(&mut bytes);
        bytes
    })
}

/// The expected-file text of an outcome (see the module documentation).
pub fn expected_text(outcome: &Outcome) -> Vec<u8> {
    let mut text = outcome.stdout.clone();
    let ensure_line_start = |text: &mut Vec<u8>| {
        if text.last().is_some_and(|&b| b != b'\n') {
            text.push(b'\n');
        }
    };
    let mut reported_error = false;
    let stderr = outcome.stderr.strip_suffix(b"\n").unwrap_or(&outcome.stderr);
    let stderr_lines = stderr.split(|&b| b == b'\n').filter(|_| !outcome.stderr.is_empty());
    for line in stderr_lines {
        if let Some(message) = REPORT_PREFIXES.iter().find_map(|prefix| line.strip_prefix(prefix.as_bytes())) {
            ensure_line_start(&mut text);
            text.extend_from_slice(b"error: ");
            text.extend_from_slice(message);
            text.push(b'\n');
            reported_error = true;
            break;
        }
        ensure_line_start(&mut text);
        text.extend_from_slice(b"stderr: ");
        text.extend_from_slice(line);
        text.push(b'\n');
    }
    if outcome.timed_out {
        ensure_line_start(&mut text);
        text.extend_from_slice(b"timed out\n");
    } else {
        match outcome.status {
            Some(0) => {}
            Some(1) if reported_error => {}
            Some(code) => {
                ensure_line_start(&mut text);
                text.extend_from_slice(format!("exit status: {code}\n").as_bytes());
            }
            None => {
                ensure_line_start(&mut text);
                text.extend_from_slice(b"killed by a signal\n");
            }
        }
    }
    text
}

/// A readable line diff of the expected and actual texts (`-` expected, `+` actual).
pub fn diff(expected: &[u8], actual: &[u8]) -> String {
    let expected = String::from_utf8_lossy(expected);
    let actual = String::from_utf8_lossy(actual);
    similar::TextDiff::from_lines(expected.as_ref(), actual.as_ref())
        .unified_diff()
        .context_radius(3)
        .header("expected", "actual")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(stdout: &str, stderr: &str, status: i32) -> Outcome {
        Outcome { stdout: stdout.into(), stderr: stderr.into(), status: Some(status), timed_out: false }
    }

    #[test]
    fn successful_run_is_its_stdout() {
        assert_eq!(expected_text(&outcome("a\nb\n", "", 0)), b"a\nb\n");
    }

    #[test]
    fn error_report_keeps_its_first_line_without_the_program_name() {
        let report = "lua: t.lua:3: boom\nstack traceback:\n\t[C]: in ?\n";
        assert_eq!(expected_text(&outcome("x\n", report, 1)), b"x\nerror: t.lua:3: boom\n");
        let selenite_report = "selenite: t.lua:3: boom\nstack traceback:\n";
        assert_eq!(expected_text(&outcome("x\n", selenite_report, 1)), b"x\nerror: t.lua:3: boom\n");
    }

    #[test]
    fn unterminated_stdout_gets_a_newline_before_the_error() {
        assert_eq!(expected_text(&outcome("partial", "lua: stop\n", 1)), b"partial\nerror: stop\n");
    }

    #[test]
    fn stderr_lines_before_the_report_are_kept() {
        let stderr = "Lua warning: careful\nlua: t.lua:1: boom\n";
        assert_eq!(expected_text(&outcome("", stderr, 1)), b"stderr: Lua warning: careful\nerror: t.lua:1: boom\n");
    }

    #[test]
    fn unusual_exit_statuses_are_recorded() {
        assert_eq!(expected_text(&outcome("out\n", "", 3)), b"out\nexit status: 3\n");
        assert_eq!(expected_text(&outcome("", "", 1)), b"exit status: 1\n");
        let killed = Outcome { status: None, ..Outcome::default() };
        assert_eq!(expected_text(&killed), b"killed by a signal\n");
        let hung = Outcome { timed_out: true, ..Outcome::default() };
        assert_eq!(expected_text(&hung), b"timed out\n");
    }

    #[test]
    fn diff_marks_changed_lines() {
        let shown = diff(b"same\nold\n", b"same\nnew\n");
        assert!(shown.contains("-old") && shown.contains("+new") && shown.contains(" same"), "{shown}");
    }
}
