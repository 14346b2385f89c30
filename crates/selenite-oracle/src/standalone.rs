//! The reference `lua` command rebuilt on mlua's Lua 5.4.9: `lua [-e stat]... [script
//! [args]]`, with the `arg` table, the script's arguments as `...`, warnings that start
//! off (as `luaL_newstate` leaves them), and errors reported as `lua: message` plus a stack
//! traceback on stderr with exit status 1.
//!
//! Invariants: everything the script prints goes through the C library's own stdout (so
//! `print` and `io.write` interleave exactly as in the reference); the Lua state is closed
//! before the status is returned, so pending `__gc` finalizers and `<close>` variables run
//! as they do when the reference `lua` exits. The standard libraries are mlua's safe set:
//! all of them but `debug` (which mlua only opens through `unsafe`), with C modules
//! disabled in `package`.
//!
//! The `lua-src` crate compiles Lua with `LUA_COMPAT_5_3`, while the project's reference
//! build does not: the compatibility functions of `math` are removed here so the
//! libraries match; the one remaining difference is that `a <= b` falls back to
//! `not (b < a)` when only `__lt` is defined, so tests must not depend on that case.

use mlua::{Function, Lua, LuaOptions, MultiValue, StdLib, Table, Value};
use std::cell::Cell;
use std::ffi::OsString;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;

/// The program name the reference prints before error messages.
pub const PROGNAME: &str = "lua";

/// A fresh reference state: safe standard libraries without the 5.3 compatibility
/// functions, `pcall`/`xpcall` left as Lua's own, and the warning system of the reference auxiliary library (off until `@on`).
pub fn new_reference_state() -> mlua::Result<Lua> {
    // Catching Rust panics keeps mlua from replacing `pcall` and `xpcall` with its own.
    let lua = Lua::new_with(StdLib::ALL_SAFE, LuaOptions::new().catch_rust_panics(true))?;
    let math: Table = lua.globals().raw_get("math")?;
    for compat_function in MATH_COMPAT_FUNCTIONS {
        math.raw_set(compat_function, Value::Nil)?;
    }
    install_warning_function(&lua);
    Ok(lua)
}

/// What `LUA_COMPAT_MATHLIB` adds to `math`.
const MATH_COMPAT_FUNCTIONS: [&str; 7] = ["cosh", "sinh", "tanh", "pow", "frexp", "ldexp", "log10"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum WarningMode {
    Off,
    On,
    /// Inside a message whose previous piece was marked "to be continued".
    Continuing,
}

/// The auxiliary library's warning behaviour: `@on`/`@off` control messages, pieces
/// joined until one is complete, each message written as `Lua warning: ...\n`.
fn install_warning_function(lua: &Lua) {
    let mode = Cell::new(WarningMode::Off);
    lua.set_warning_function(move |_, piece, to_be_continued| {
        let mut stderr = std::io::stderr().lock();
        let current = mode.get();
        if current != WarningMode::Continuing {
            if !to_be_continued {
                if let Some(control) = piece.strip_prefix('@') {
                    match control {
                        "on" => mode.set(WarningMode::On),
                        "off" => mode.set(WarningMode::Off),
                        _ => {}
                    }
                    return Ok(());
                }
            }
            if current == WarningMode::Off {
                return Ok(());
            }
            let _ = stderr.write_all(b"Lua warning: ");
        }
        let _ = stderr.write_all(piece.as_bytes());
        if to_be_continued {
            mode.set(WarningMode::Continuing);
        } else {
            let _ = stderr.write_all(b"\n");
            mode.set(WarningMode::On);
        }
        let _ = stderr.flush();
        Ok(())
    });
}

/// The first argument with which a tool asks to run as `lua-oracle` (used to start the
/// reference in a process of its own from the same executable).
pub const SELF_EXEC_FLAG: &str = "--lua-standalone";

/// When `argv[1]` is [`SELF_EXEC_FLAG`], runs the rest of the command line as
/// `lua-oracle` would and returns its exit status.
pub fn run_if_requested(argv: &[OsString]) -> Option<i32> {
    if argv.get(1).is_none_or(|a| a != SELF_EXEC_FLAG) {
        return None;
    }
    let standalone_argv: Vec<OsString> = argv.iter().take(1).chain(argv.iter().skip(2)).cloned().collect();
    Some(run(&standalone_argv))
}

/// The command that runs the current executable as `lua-oracle`.
pub fn self_as_interpreter() -> std::io::Result<Vec<String>> {
    let own_path = std::env::current_exe()?;
    Ok(vec![own_path.to_string_lossy().into_owned(), SELF_EXEC_FLAG.to_string()])
}

/// Runs the command line `argv` (with `argv[0]` the program name) and returns the exit
/// status: 0 on success, 1 after an error was reported.
pub fn run(argv: &[OsString]) -> i32 {
    let lua = match new_reference_state() {
        Ok(lua) => lua,
        Err(e) => {
            report(format!("cannot create state: {e}").as_bytes());
            return 1;
        }
    };
    let status = match run_in_state(&lua, argv) {
        Ok(true) => 0,
        Ok(false) => 1,
        Err(e) => {
            report(e.to_string().as_bytes());
            1
        }
    };
    drop(lua);
    status
}

/// The standard functions the runner needs, taken before any script can replace them.
struct Entry {
    xpcall: Function,
    load: Function,
    loadfile: Function,
    handler: Function,
}

fn run_in_state(lua: &Lua, argv: &[OsString]) -> mlua::Result<bool> {
    let globals = lua.globals();
    let entry = Entry {
        xpcall: globals.raw_get("xpcall")?,
        load: globals.raw_get("load")?,
        loadfile: globals.raw_get("loadfile")?,
        handler: message_handler(lua, globals.raw_get("getmetatable")?)?,
    };
    let mut index = 1;
    while index < argv.len() {
        let Some(statement) = argv.get(index + 1).filter(|_| argv[index] == "-e") else {
            break;
        };
        let source = lua.create_string(statement.as_bytes())?;
        let loaded = entry.load.call::<MultiValue>((source, "=(command line)"))?;
        if !call_loaded(lua, &entry, loaded, MultiValue::new())? {
            return Ok(false);
        }
        index += 2;
    }
    let Some(script) = argv.get(index) else {
        return Ok(true);
    };
    globals.raw_set("arg", argument_table(lua, argv, index)?)?;
    let mut script_args = MultiValue::new();
    for argument in argv.iter().skip(index + 1) {
        script_args.push_back(Value::String(lua.create_string(argument.as_bytes())?));
    }
    let file_name = if script == "-" { Value::Nil } else { Value::String(lua.create_string(script.as_bytes())?) };
    let loaded = entry.loadfile.call::<MultiValue>(file_name)?;
    call_loaded(lua, &entry, loaded, script_args)
}

/// `arg[0]` is the script, its arguments follow, the interpreter and options precede.
fn argument_table(lua: &Lua, argv: &[OsString], script_index: usize) -> mlua::Result<Table> {
    let table = lua.create_table()?;
    for (position, argument) in argv.iter().enumerate() {
        let key = i64::try_from(position).unwrap_or(i64::MAX) - i64::try_from(script_index).unwrap_or(i64::MAX);
        table.raw_set(key, lua.create_string(argument.as_bytes())?)?;
    }
    Ok(table)
}

/// Takes the results of `load`/`loadfile`: runs the chunk, or reports the load error.
fn call_loaded(lua: &Lua, entry: &Entry, loaded: MultiValue, args: MultiValue) -> mlua::Result<bool> {
    let mut loaded = loaded.into_iter();
    match loaded.next() {
        Some(Value::Function(chunk)) => {
            let mut call_args = MultiValue::new();
            call_args.push_back(Value::Function(chunk));
            call_args.push_back(Value::Function(entry.handler.clone()));
            call_args.extend(args);
            let mut results = entry.xpcall.call::<MultiValue>(call_args)?.into_iter();
            if matches!(results.next(), Some(Value::Boolean(true))) {
                return Ok(true);
            }
            report(&message_bytes(lua, results.next().unwrap_or(Value::Nil))?);
            Ok(false)
        }
        _ => {
            report(&message_bytes(lua, loaded.next().unwrap_or(Value::Nil))?);
            Ok(false)
        }
    }
}

/// The text C's `%s` prints for `lua_tostring` of the error value.
fn message_bytes(lua: &Lua, message: Value) -> mlua::Result<Vec<u8>> {
    Ok(match lua.coerce_string(message)? {
        Some(s) => s.as_bytes().to_vec(),
        None => b"(null)".to_vec(),
    })
}

/// Writes `lua: message` on stderr; like C's `%s`, the message ends at its first NUL.
fn report(message: &[u8]) {
    let shown = message.split(|&b| b == 0).next().unwrap_or_default();
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(PROGNAME.as_bytes());
    let _ = stderr.write_all(b": ");
    let _ = stderr.write_all(shown);
    let _ = stderr.write_all(b"\n");
    let _ = stderr.flush();
}

/// The outermost frame of a traceback taken here is the `xpcall` this runner calls from
/// Rust; the reference's host calls the chunk from an anonymous C function instead.
const XPCALL_FRAME: &str = "\n\t[C]: in function 'xpcall'";
const HOST_FRAME: &str = "\n\t[C]: in ?";

/// The reference `lua`'s message handler: strings and numbers get a traceback, other
/// values their `__tostring` text (without traceback) or `(error object is a X value)`.
fn message_handler(lua: &Lua, getmetatable: Function) -> mlua::Result<Function> {
    lua.create_function(move |lua, message: Value| -> mlua::Result<Value> {
        let mut text = match &message {
            Value::String(s) => s.as_bytes().to_vec(),
            Value::Integer(_) | Value::Number(_) => message_bytes(lua, message.clone())?,
            _ => {
                if let Some(tostring) = metafield(&getmetatable, &message, "__tostring")? {
                    let shown: Value = tostring.call(message.clone())?;
                    if let Value::String(_) = shown {
                        return Ok(shown);
                    }
                }
                format!("(error object is a {} value)", message.type_name()).into_bytes()
            }
        };
        // Level 0 is this handler itself (a C function); level 1 raised the error.
        let traceback = lua.traceback(None, 1)?;
        let traceback = traceback.as_bytes();
        let traceback = match traceback.strip_suffix(XPCALL_FRAME.as_bytes()) {
            Some(inner) => [inner, HOST_FRAME.as_bytes()].concat(),
            None => traceback.to_vec(),
        };
        text.push(b'\n');
        text.extend_from_slice(&traceback);
        Ok(Value::String(lua.create_string(text)?))
    })
}

/// A field of the value's metatable, read raw as the auxiliary library does.
fn metafield(getmetatable: &Function, value: &Value, event: &str) -> mlua::Result<Option<Function>> {
    let metatable = match value {
        Value::Table(t) => t.metatable(),
        _ => match getmetatable.call::<Value>(value.clone())? {
            Value::Table(t) => Some(t),
            _ => None,
        },
    };
    match metatable {
        Some(mt) => match mt.raw_get::<Value>(event)? {
            Value::Function(f) => Ok(Some(f)),
            _ => Ok(None),
        },
        None => Ok(None),
    }
}
