//! One test per script under `tests/`: runs the `selenite` binary on `NAME.lua` (in the
//! script's folder, with its file name as argument) and compares stdout and the error
//! report with the committed `NAME.expected`, made by the reference Lua 5.4.9 (see
//! `selenite_oracle::expected` for the format). A mismatch shows a line diff.
//!
//! `SELENITE_BIN=/path/to/lua` tests another `lua`-compatible binary instead, which is
//! how the harness itself is checked against the reference. Only committed files are
//! read, so no Lua needs to be installed.

use libtest_mimic::{Arguments, Failed, Trial};
use selenite_oracle::expected;
use std::path::Path;

fn main() {
    let arguments = Arguments::from_args();
    let interpreter =
        vec![std::env::var("SELENITE_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_selenite").to_string())];
    let root = expected::tests_root();
    let trials = match expected::discover_scripts(&root, &[]) {
        Ok(scripts) => scripts.into_iter().map(|script| trial(&root, &script, &interpreter)).collect(),
        Err(e) => vec![Trial::test("discover scripts", move || Err(format!("cannot list tests/: {e}").into()))],
    };
    libtest_mimic::run(&arguments, trials).exit();
}

fn trial(root: &Path, script: &Path, interpreter: &[String]) -> Trial {
    let name = script.strip_prefix(root).unwrap_or(script).to_string_lossy().into_owned();
    let script = script.to_path_buf();
    let interpreter = interpreter.to_vec();
    Trial::test(name, move || check_script(&script, &interpreter))
}

fn check_script(script: &Path, interpreter: &[String]) -> Result<(), Failed> {
    let expected_path = expected::expected_path(script);
    let expected_text = std::fs::read(&expected_path).map_err(|e| {
        format!(
            "cannot read {}: {e} (run `cargo run -p selenite-oracle --bin regen-expected`)",
            expected_path.display()
        )
    })?;
    let outcome = expected::run_script(interpreter, script, expected::SCRIPT_TIMEOUT)
        .map_err(|e| format!("cannot run {}: {e}", interpreter.join(" ")))?;
    let actual_text = expected::expected_text(&outcome);
    if actual_text == expected_text {
        return Ok(());
    }
    let mut message = format!("output of {} differs from {}\n", script.display(), expected_path.display());
    message.push_str(&expected::diff(&expected_text, &actual_text));
    if !outcome.stderr.is_empty() {
        message.push_str("\nstderr:\n");
        message.push_str(&String::from_utf8_lossy(&outcome.stderr));
    }
    Err(message.into())
}
