//! Rebuilds Selenite's crates when their execution profile changes.
//!
//! `pgo/rustc-wrapper` adds the committed profile (`pgo/selenite.profdata`) to the
//! release compilation of every `selenite*` crate, out of Cargo's sight. Every
//! Selenite crate on the interpreter's path depends on this one, so having Cargo
//! watch the profile and `SELENITE_PGO` here recompiles them all when either changes.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=../../pgo/selenite.profdata");
    println!("cargo::rerun-if-env-changed=SELENITE_PGO");
}
