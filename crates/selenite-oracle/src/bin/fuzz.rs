//! `fuzz [--start SEED] [--count N] [--batch N] [--save] [--show SEED]`: generates the
//! programs of seeds START..START+N, runs each in the reference (in process) and in the
//! selenite binary (`SELENITE_BIN`, or `selenite` beside this executable), and reports
//! every disagreement with a diff. `--save` writes each one as a test script with its
//! expected output under `tests/fuzz/`; `--show SEED` prints the program of one seed.
#![forbid(unsafe_code)]

use selenite_oracle::{fuzz, standalone};
use std::ffi::OsString;
use std::process::ExitCode;

struct Options {
    start: u64,
    count: u64,
    batch: usize,
    save: bool,
    show: Option<u64>,
}

fn main() -> ExitCode {
    let argv: Vec<OsString> = std::env::args_os().collect();
    if let Some(status) = standalone::run_if_requested(&argv) {
        return ExitCode::from(u8::try_from(status).unwrap_or(1));
    }
    let options = match parse_options(&argv) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("fuzz: {message}");
            eprintln!("usage: fuzz [--start SEED] [--count N] [--batch N] [--save] [--show SEED]");
            return ExitCode::FAILURE;
        }
    };
    if let Some(seed) = options.show {
        print!("{}", fuzz::generator::generate(seed));
        return ExitCode::SUCCESS;
    }
    let selenite = fuzz::default_selenite();
    let seeds = options.start..options.start.saturating_add(options.count);
    let summary = match fuzz::run_campaign(&selenite, seeds, options.batch) {
        Ok(summary) => summary,
        Err(message) => {
            eprintln!("fuzz: {message}");
            return ExitCode::FAILURE;
        }
    };
    for disagreement in &summary.disagreements {
        println!("{}", disagreement.describe());
    }
    if options.save && !summary.disagreements.is_empty() {
        let interpreter = match standalone::self_as_interpreter() {
            Ok(interpreter) => interpreter,
            Err(e) => {
                eprintln!("fuzz: cannot find this executable: {e}");
                return ExitCode::FAILURE;
            }
        };
        for disagreement in &summary.disagreements {
            match fuzz::save_as_test(disagreement, &interpreter) {
                Ok(path) => println!("saved {}", path.display()),
                Err(e) => eprintln!("fuzz: cannot save seed {}: {e}", disagreement.seed),
            }
        }
    }
    println!(
        "{} programs compared, {} skipped (over budget in the reference), {} disagreements",
        summary.compared,
        summary.skipped,
        summary.disagreements.len()
    );
    if summary.disagreements.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn parse_options(argv: &[OsString]) -> Result<Options, String> {
    let mut options = Options { start: 0, count: 1000, batch: 200, save: false, show: None };
    let mut arguments = argv.iter().skip(1).map(|a| a.to_string_lossy().into_owned());
    while let Some(argument) = arguments.next() {
        let mut number = |name: &str| -> Result<u64, String> {
            let text = arguments.next().ok_or(format!("'{name}' needs a number"))?;
            text.parse::<u64>().map_err(|_| format!("'{name}' needs a number, got '{text}'"))
        };
        match argument.as_str() {
            "--start" => options.start = number("--start")?,
            "--count" => options.count = number("--count")?,
            "--batch" => options.batch = usize::try_from(number("--batch")?).unwrap_or(usize::MAX),
            "--show" => options.show = Some(number("--show")?),
            "--save" => options.save = true,
            other => return Err(format!("unknown argument '{other}'")),
        }
    }
    Ok(options)
}
