//! `lua-oracle [-e stat]... [script [args]]`: the reference Lua 5.4.9 as a command,
//! behaving like the reference `lua` for scripts and `-e` statements.
#![forbid(unsafe_code)]

use std::process::ExitCode;

fn main() -> ExitCode {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    ExitCode::from(u8::try_from(selenite_oracle::standalone::run(&argv)).unwrap_or(1))
}
