//! `regen-expected [--check] [--with PROGRAM] [FILTER...]`: runs every `tests/**/*.lua`
//! (or those whose path contains a FILTER) under the reference Lua 5.4.9 and writes its
//! `NAME.expected`. `--check` compares with the committed files instead of writing
//! them, and `--with PROGRAM` runs another `lua`-compatible interpreter (for instance a
//! local reference build, to confirm the oracle agrees with it).
//!
//! Each script runs in a process of its own: this same executable, started again with
//! `--lua-standalone`, where it behaves as `lua-oracle`.
#![forbid(unsafe_code)]

use selenite_oracle::{expected, standalone};
use std::ffi::OsString;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

struct Options {
    check: bool,
    interpreter: Vec<String>,
    filters: Vec<String>,
}

fn main() -> ExitCode {
    let argv: Vec<OsString> = std::env::args_os().collect();
    if let Some(status) = standalone::run_if_requested(&argv) {
        return ExitCode::from(u8::try_from(status).unwrap_or(1));
    }
    match parse_options(&argv) {
        Ok(options) => regenerate(&options),
        Err(message) => {
            eprintln!("regen-expected: {message}");
            eprintln!("usage: regen-expected [--check] [--with PROGRAM] [FILTER...]");
            ExitCode::FAILURE
        }
    }
}

fn parse_options(argv: &[OsString]) -> Result<Options, String> {
    let interpreter = standalone::self_as_interpreter().map_err(|e| format!("cannot find this executable: {e}"))?;
    let mut options = Options { check: false, interpreter, filters: Vec::new() };
    let mut arguments = argv.iter().skip(1).map(|a| a.to_string_lossy().into_owned());
    while let Some(argument) = arguments.next() {
        match argument.as_str() {
            "--check" => options.check = true,
            "--with" => {
                let program = arguments.next().ok_or("'--with' needs a program")?;
                options.interpreter = vec![program];
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option '{flag}'")),
            _ => options.filters.push(argument),
        }
    }
    Ok(options)
}

fn regenerate(options: &Options) -> ExitCode {
    let root = expected::tests_root();
    let scripts = match expected::discover_scripts(&root, &options.filters) {
        Ok(scripts) => scripts,
        Err(e) => {
            eprintln!("regen-expected: cannot list {}: {e}", root.display());
            return ExitCode::FAILURE;
        }
    };
    let next = AtomicUsize::new(0);
    let problems: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let changed = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some(script) = scripts.get(next.fetch_add(1, Ordering::Relaxed)) {
                    match process(options, script) {
                        Ok(Progress::Unchanged) => {}
                        Ok(Progress::Changed) => {
                            changed.fetch_add(1, Ordering::Relaxed);
                        }
                        Err(problem) => problems.lock().unwrap_or_else(|p| p.into_inner()).push(problem),
                    }
                }
            });
        }
    });
    let mut problems = problems.into_inner().unwrap_or_else(|p| p.into_inner());
    problems.sort();
    for problem in &problems {
        eprintln!("{problem}");
    }
    let changed = changed.into_inner();
    if options.check {
        println!("{} scripts checked, {} differ", scripts.len(), problems.len());
    } else {
        println!("{} scripts run, {changed} expected files written, {} problems", scripts.len(), problems.len());
    }
    if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

enum Progress {
    Unchanged,
    Changed,
}

fn process(options: &Options, script: &Path) -> Result<Progress, String> {
    let outcome = expected::run_script(&options.interpreter, script, expected::SCRIPT_TIMEOUT)
        .map_err(|e| format!("{}: cannot run: {e}", script.display()))?;
    let text = expected::expected_text(&outcome);
    let path = expected::expected_path(script);
    let old = std::fs::read(&path).ok();
    if options.check {
        return match old {
            Some(old) if old == text => Ok(Progress::Unchanged),
            Some(old) => Err(format!("{}: differs\n{}", script.display(), expected::diff(&old, &text))),
            None => Err(format!("{}: no expected file", script.display())),
        };
    }
    if outcome.timed_out {
        return Err(format!("{}: timed out", script.display()));
    }
    if old.as_deref() == Some(text.as_slice()) {
        return Ok(Progress::Unchanged);
    }
    std::fs::write(&path, &text).map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
    Ok(Progress::Changed)
}
