//! A peer interpreter for Selenite's benchmarks: `mlua-peer [-joff] script.lua [args...]`
//! runs the script like the `lua` command does, on whichever interpreter this build
//! vendors (Lua 5.4, LuaJIT or Luau, chosen by a cargo feature).
//!
//! The script sees its arguments both as the chunk's varargs and in the global `arg`
//! table (`arg[0]` is the script's path). `print` writes to standard output through the
//! interpreter's own C stdio, which is flushed at exit; an error is reported on standard
//! error as `lua: message` and the process exits with status 1. `-joff` turns LuaJIT's
//! compiler off before the script runs (as `luajit -joff` does) and is refused by the
//! other interpreters. On Lua 5.4 the collector runs in generational mode, which
//! `lua.c` switches to before it runs a script (mlua leaves it incremental).
#![forbid(unsafe_code)]

use std::process::ExitCode;

use mlua::{Lua, MultiValue, Value};

struct Invocation {
    jit_off: bool,
    script: String,
    script_args: Vec<String>,
}

fn parse_invocation(mut args: impl Iterator<Item = String>) -> Result<Invocation, String> {
    let usage = "usage: mlua-peer [-joff] script.lua [args...]";
    let mut jit_off = false;
    let script = loop {
        match args.next() {
            Some(flag) if flag == "-joff" => jit_off = true,
            Some(flag) if flag.starts_with('-') => return Err(format!("unrecognized option '{flag}'\n{usage}")),
            Some(script) => break script,
            None => return Err(usage.to_owned()),
        }
    };
    Ok(Invocation { jit_off, script, script_args: args.collect() })
}

fn turn_jit_off(lua: &Lua) -> mlua::Result<()> {
    if cfg!(feature = "luajit") {
        lua.load("jit.off()").set_name("=-joff").exec()
    } else {
        Err(mlua::Error::runtime("-joff is only meaningful for LuaJIT"))
    }
}

fn run(invocation: &Invocation) -> mlua::Result<()> {
    let lua = Lua::new();
    #[cfg(feature = "lua54")]
    lua.gc_set_mode(mlua::state::GcMode::Generational(mlua::state::GcGenParams::default()));
    if invocation.jit_off {
        turn_jit_off(&lua)?;
    }
    let source = std::fs::read(&invocation.script)
        .map_err(|err| mlua::Error::runtime(format!("cannot open {}: {err}", invocation.script)))?;

    let arg_table = lua.create_table()?;
    arg_table.raw_set(0, invocation.script.as_str())?;
    let mut varargs = MultiValue::new();
    for (index, script_arg) in invocation.script_args.iter().enumerate() {
        let value = Value::String(lua.create_string(script_arg)?);
        arg_table.raw_set(index + 1, value.clone())?;
        varargs.push_back(value);
    }
    lua.globals().set("arg", arg_table)?;

    lua.load(source.as_slice()).set_name(format!("@{}", invocation.script)).call::<()>(varargs)
}

fn main() -> ExitCode {
    let invocation = match parse_invocation(std::env::args().skip(1)) {
        Ok(invocation) => invocation,
        Err(message) => {
            eprintln!("mlua-peer: {message}");
            return ExitCode::FAILURE;
        }
    };
    match run(&invocation) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("lua: {err}");
            ExitCode::FAILURE
        }
    }
}
