//! Guard for the interpreter's tail-called handlers (see `crates/selenite-vm/src/
//! interp/mod.rs`): `tests/dispatch/every_handler.lua` runs every handler, fast and
//! slow paths, plain and hooked, 200,000 times in one activation. If any handler
//! called the next one instead of jumping to it, each run of it would leave a native
//! frame behind and the 256 KiB stack given here would overflow. It runs once plain
//! and once under host limits (the third dispatch table).
//!
//! Only a release build chains handlers by tail calls (`build.rs`); CI runs this test
//! with `--release` too, with and without link-time optimisation (Cargo's default
//! release profile has none, and an embedder may keep it), and once with the handlers
//! forced into tail-call mode at opt-level 0, where the calls stay calls and the
//! guarded table must bounce instead of overflowing. In a debug build the trampoline
//! runs the same handlers and the test checks their results.

use std::path::Path;
use std::process::Command;

/// Runs the guard script with `extra` options on a 256 KiB native stack and checks
/// its output.
fn run_on_small_stack(extra: &[&str]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let script = root.join("tests/dispatch/every_handler.lua");
    let expected = std::fs::read_to_string(root.join("tests/dispatch/every_handler.expected")).expect("expected file");
    let out = Command::new("sh")
        .args(["-c", "ulimit -s 256 && exec \"$@\"", "sh"])
        .arg(env!("CARGO_BIN_EXE_selenite"))
        .args(extra)
        .arg(&script)
        .output()
        .expect("sh runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "status {:?}, stderr: {stderr}", out.status);
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
}

#[test]
fn every_handler_runs_on_a_small_native_stack() {
    run_on_small_stack(&[]);
}

/// With a limit set and no hook, every instruction goes through the limits table.
#[test]
fn every_handler_runs_on_a_small_native_stack_under_limits() {
    run_on_small_stack(&["--max-instructions", "1000000000000", "--timeout", "3600"]);
}

/// An optimised build must really jump: the guarded table would pass the tests above
/// too, only slowly. CI sets `SELENITE_EXPECT_DISPATCH` for its opt-level 0 run.
#[test]
fn dispatch_mode_is_the_expected_one() {
    let mode = selenite_vm::dispatch_mode();
    match std::env::var("SELENITE_EXPECT_DISPATCH") {
        Ok(expected) => assert_eq!(mode, expected),
        Err(_) => assert_ne!(mode, "guarded tail calls"),
    }
}
