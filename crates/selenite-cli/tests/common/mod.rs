//! Shared by the command-line tests: runs the `selenite` binary.

use std::process::Command;

/// What a run of `selenite` printed and how it ended.
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    /// The exit status (`None` if a signal ended the process).
    pub status: Option<i32>,
}

/// Runs `selenite` with `args` followed by `-e code`.
pub fn run_chunk(args: &[&str], code: &str) -> Outcome {
    let out = Command::new(env!("CARGO_BIN_EXE_selenite"))
        .args(args)
        .args(["-e", code])
        .output()
        .expect("the selenite binary runs");
    Outcome {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        status: out.status.code(),
    }
}
