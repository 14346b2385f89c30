//! Correctness of every benchmark workload on Selenite: each `bench/workloads/NAME.lua`
//! runs at the tiny size and must print exactly `NAME.tiny.expected`, the reference Lua
//! 5.4.9's output (bench/regen-expected.sh). One test per workload.
//!
//! The Selenite binary is `$SELENITE_BIN` when set, otherwise the `selenite` built in
//! the same target profile directory as this test (`cargo test --workspace` builds it
//! for selenite-cli's own tests; with `-p selenite-bench` alone, build selenite-cli
//! first).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use libtest_mimic::{Arguments, Failed, Trial};

fn workloads_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../workloads")
}

fn selenite_binary() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os("SELENITE_BIN") {
        return Ok(PathBuf::from(path));
    }
    let test_executable = std::env::current_exe().map_err(|err| err.to_string())?;
    let profile_dir = test_executable
        .parent()
        .and_then(Path::parent)
        .ok_or_else(|| format!("no target directory above {}", test_executable.display()))?;
    let binary = profile_dir.join("selenite");
    if binary.is_file() {
        Ok(binary)
    } else {
        Err(format!("{} not found: build it (cargo build -p selenite-cli) or set SELENITE_BIN", binary.display()))
    }
}

fn check_workload(selenite: &Path, name: &str) -> Result<(), Failed> {
    let directory = workloads_dir();
    let expected = fs::read_to_string(directory.join(format!("{name}.tiny.expected")))
        .map_err(|err| format!("{name}.tiny.expected: {err}"))?;
    let output = Command::new(selenite)
        .arg(format!("{name}.lua"))
        .arg("tiny")
        .current_dir(&directory)
        .output()
        .map_err(|err| format!("cannot run {}: {err}", selenite.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!(
            "{} exited with {}: {}",
            selenite.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    if stdout != expected {
        return Err(format!("output differs from the reference\n--- expected\n{expected}--- selenite\n{stdout}").into());
    }
    Ok(())
}

fn main() -> ExitCode {
    let arguments = Arguments::from_args();
    let mut names: Vec<String> = match fs::read_dir(workloads_dir()) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .filter_map(|entry| {
                entry.file_name().to_str().and_then(|name| name.strip_suffix(".lua")).map(str::to_owned)
            })
            .collect(),
        Err(err) => {
            eprintln!("{}: {err}", workloads_dir().display());
            return ExitCode::FAILURE;
        }
    };
    names.sort();
    let selenite = selenite_binary();
    let trials = names
        .into_iter()
        .map(|name| {
            let selenite = selenite.clone();
            Trial::test(format!("workload::{name}"), move || {
                let selenite = selenite.map_err(Failed::from)?;
                check_workload(&selenite, &name)
            })
        })
        .collect();
    libtest_mimic::run(&arguments, trials).exit_code()
}
