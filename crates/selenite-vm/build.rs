//! Chooses how the interpreter's opcode handlers are chained (see `src/interp/mod.rs`).
//!
//! Handlers end in a tail call to the next handler. In a release build (opt-level 2
//! or 3, whole-program inlining) on x86-64 and AArch64, LLVM turns those calls into
//! jumps. Elsewhere some would stay calls (a debug build passes a `Value` to a helper
//! it did not inline through a stack slot, and then cannot jump), and a long loop
//! would overflow the native stack, so the same handlers run under a trampoline
//! instead (`cfg(selenite_dispatch_loop)`). `SELENITE_DISPATCH=loop` or `=tail`
//! overrides the choice. The guard test `crates/selenite-cli/tests/dispatch_guard.rs`
//! fails if a release build loses a jump.

use std::env;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(selenite_dispatch_loop)");
    println!("cargo::rerun-if-env-changed=SELENITE_DISPATCH");
    println!("cargo::rerun-if-changed=build.rs");
    let arch = env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    let opt_level = env::var("OPT_LEVEL").unwrap_or_default();
    let release = env::var("PROFILE").is_ok_and(|p| p == "release");
    let jumps = release && matches!(arch.as_str(), "x86_64" | "aarch64") && matches!(opt_level.as_str(), "2" | "3");
    let use_loop = match env::var("SELENITE_DISPATCH").as_deref() {
        Ok("loop") => true,
        Ok("tail") => false,
        _ => !jumps,
    };
    if use_loop {
        println!("cargo::rustc-cfg=selenite_dispatch_loop");
    }
}
