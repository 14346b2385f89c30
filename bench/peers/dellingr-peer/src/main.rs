//! A peer interpreter for Selenite's benchmarks: `dellingr-peer script.lua [args...]` runs
//! the script on dellingr with no cost budget, passing the arguments as the chunk's
//! varargs. `print` goes to standard output; an error is reported on standard error as
//! `lua: message` and the process exits with status 1. dellingr runs a subset of Lua
//! (no coroutines, pcall, goto, integer division or bitwise operators), so the harness
//! expects it to fail on the workloads that need those.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use dellingr::{ArgCount, RetCount, State};

fn run(script: &str, script_args: &[String]) -> Result<(), String> {
    let source = std::fs::read_to_string(script).map_err(|err| format!("cannot open {script}: {err}"))?;
    let arg_count = u8::try_from(script_args.len()).map_err(|_| "too many script arguments".to_owned())?;
    let mut state = State::new();
    state.load_string_named(&source, Some(script.to_owned())).map_err(|err| err.to_string())?;
    for script_arg in script_args {
        state.push_string(script_arg).map_err(|err| err.to_string())?;
    }
    state.call(ArgCount::Fixed(arg_count), RetCount::Fixed(0)).map_err(|err| err.to_string())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((script, script_args)) = args.split_first() else {
        eprintln!("usage: dellingr-peer script.lua [args...]");
        return ExitCode::FAILURE;
    };
    match run(script, script_args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("lua: {message}");
            ExitCode::FAILURE
        }
    }
}
