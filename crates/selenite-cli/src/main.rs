//! The `selenite` command: runs Lua scripts like the reference `lua` command.
//!
//! `selenite [options] [script [args]]` with `-e stat`, `-l mod`, `-l g=mod`, `-i`,
//! `-v`, `-E`, `-W`, `--` and `-` (standard input); `LUA_INIT_5_4` / `LUA_INIT`;
//! `--dump file.lua` prints the bytecode listing. Errors print
//! `selenite: message` and a traceback on stderr and the status is 1.

#![forbid(unsafe_code)]

mod repl;

use selenite_stdlib::output;
use selenite_vm::{NativeResult, Value, Vm};
use std::io::Write;
use std::os::unix::ffi::OsStringExt;
use std::process::ExitCode;

const PROGNAME: &str = "selenite";

struct Options {
    /// `-e` and `-l` actions in order.
    actions: Vec<Action>,
    interactive: bool,
    version: bool,
    ignore_env: bool,
    warnings: bool,
    /// Index in argv of the script (`-` for stdin), if any.
    script: Option<usize>,
    dump: Option<String>,
    /// `--max-memory BYTES`: the collector's limit; allocations beyond it fail with
    /// "not enough memory".
    max_memory: Option<usize>,
    /// `--sandbox`: the safe library profile (`selenite_stdlib::sandbox`); implies
    /// `-E` and refuses `-l`.
    sandbox: bool,
    /// `--max-instructions N`: the script stops after N instructions.
    max_instructions: Option<u64>,
    /// `--timeout SECONDS`: the script stops once this much time has passed.
    timeout: Option<f64>,
}

enum Action {
    /// `-e`: the chunk's bytes, as given.
    Exec(Vec<u8>),
    Require {
        global: String,
        module: String,
    },
}

fn usage(bad: &str) -> ExitCode {
    eprintln!("{PROGNAME}: unrecognized option '{bad}'");
    eprintln!(
        "usage: {PROGNAME} [options] [script [args]]\n\
         Available options are:\n  \
         -e stat   execute string 'stat'\n  \
         -i        enter interactive mode after executing 'script'\n  \
         -l mod    require library 'mod' into global 'mod'\n  \
         -l g=mod  require library 'mod' into global 'g'\n  \
         -v        show version information\n  \
         -E        ignore environment variables\n  \
         -W        turn warnings on\n  \
         --        stop handling options\n  \
         -         stop handling options and execute stdin\n  \
         --dump f  print the bytecode of file 'f'\n  \
         --sandbox             run with the safe library profile\n  \
         --max-memory n        limit the heap to n bytes\n  \
         --max-instructions n  stop the script after n instructions\n  \
         --timeout s           stop the script after s seconds"
    );
    ExitCode::FAILURE
}

fn parse_args(argv: &[String], raw: &[Vec<u8>]) -> Result<Options, ExitCode> {
    let mut o = Options {
        actions: Vec::new(),
        interactive: false,
        version: false,
        ignore_env: false,
        warnings: false,
        script: None,
        dump: None,
        max_memory: None,
        max_instructions: None,
        timeout: None,
        sandbox: false,
    };
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].as_str();
        if !a.starts_with('-') || a == "-" {
            o.script = Some(i);
            break;
        }
        match a {
            "--" => {
                if i + 1 < argv.len() {
                    o.script = Some(i + 1);
                }
                break;
            }
            "-i" => {
                o.interactive = true;
                o.version = true;
            }
            "-v" => o.version = true,
            "-E" => o.ignore_env = true,
            "-W" => o.warnings = true,
            "--sandbox" => {
                o.sandbox = true;
                o.ignore_env = true;
            }
            "--max-memory" | "--max-instructions" | "--timeout" => {
                i += 1;
                let value = argv.get(i).map(String::as_str).unwrap_or("");
                let ok = match a {
                    "--max-memory" => value.parse().map(|n| o.max_memory = Some(n)).is_ok(),
                    "--max-instructions" => value.parse().map(|n| o.max_instructions = Some(n)).is_ok(),
                    _ => match value.parse::<f64>() {
                        Ok(secs) if secs.is_finite() && secs >= 0.0 => {
                            o.timeout = Some(secs);
                            true
                        }
                        _ => false,
                    },
                };
                if !ok {
                    eprintln!("{PROGNAME}: '{a}' needs a number");
                    return Err(usage(a));
                }
            }
            "--dump" => {
                i += 1;
                match argv.get(i) {
                    Some(f) => o.dump = Some(f.clone()),
                    None => return Err(usage(a)),
                }
            }
            _ if a.starts_with("-e") || a.starts_with("-l") => {
                let value = if a.len() > 2 {
                    a[2..].to_string()
                } else {
                    i += 1;
                    match argv.get(i) {
                        Some(v) if !v.starts_with('-') || a == "-e" => v.clone(),
                        _ => {
                            eprintln!("{PROGNAME}: '{a}' needs argument");
                            return Err(usage(a));
                        }
                    }
                };
                if a.starts_with("-e") {
                    // `i` now indexes the argument holding the chunk.
                    let bytes = raw.get(i).map_or(&[][..], |r| if a.len() > 2 { &r[2..] } else { &r[..] });
                    o.actions.push(Action::Exec(bytes.to_vec()));
                } else {
                    let (global, module) = match value.split_once('=') {
                        Some((g, m)) => (g.to_string(), m.to_string()),
                        None => (value.clone(), value.clone()),
                    };
                    o.actions.push(Action::Require { global, module });
                }
            }
            _ => return Err(usage(a)),
        }
        i += 1;
    }
    Ok(o)
}

fn main() -> ExitCode {
    // Arguments are bytes (a script may be given any); options are read from their
    // UTF-8 form, and the `arg` table gets the bytes as they came.
    let raw_args: Vec<Vec<u8>> = std::env::args_os().map(|a| a.into_vec()).collect();
    let argv: Vec<String> = raw_args.iter().map(|a| String::from_utf8_lossy(a).into_owned()).collect();
    let opts = match parse_args(&argv, &raw_args) {
        Ok(o) => o,
        Err(code) => return code,
    };
    if let Some(file) = &opts.dump {
        return dump(file);
    }
    let mut vm = Vm::new();
    selenite_stdlib::open_libs(&mut vm);
    // The reference `lua` command switches its state to generational mode at start.
    let mut gc = vm.gc_params();
    gc.generational = true;
    vm.set_gc_params(gc);
    if let Some(limit) = opts.max_memory {
        vm.set_memory_limit(limit);
    }
    if opts.sandbox {
        if opts.actions.iter().any(|a| matches!(a, Action::Require { .. })) {
            eprintln!("{PROGNAME}: '-l' is not available with '--sandbox'");
            return ExitCode::FAILURE;
        }
        selenite_stdlib::sandbox::restrict(&mut vm);
    }
    vm.set_instruction_limit(opts.max_instructions);
    if let Some(secs) = opts.timeout {
        let deadline =
            std::time::Duration::try_from_secs_f64(secs).ok().and_then(|d| std::time::Instant::now().checked_add(d));
        vm.set_deadline(deadline);
    }
    selenite_stdlib::set_warnings(&mut vm, opts.warnings);
    create_arg_table(&mut vm, &raw_args, opts.script);
    let ok = run(&mut vm, &raw_args, &opts);
    let _ = output::flush_stdout(&mut vm);
    selenite_stdlib::close_state(&mut vm);
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn run(vm: &mut Vm, argv: &[Vec<u8>], opts: &Options) -> bool {
    if opts.version {
        println!("{}", version_text());
    }
    if !opts.ignore_env && !run_lua_init(vm) {
        return false;
    }
    for action in &opts.actions {
        let ok = match action {
            Action::Exec(code) => run_chunk(vm, code, b"=(command line)", &[]),
            Action::Require { global, module } => require_into(vm, global, module),
        };
        if !ok {
            return false;
        }
    }
    if let Some(idx) = opts.script {
        if !run_script(vm, argv, idx) {
            return false;
        }
    }
    if opts.interactive {
        repl::run(vm);
    } else if opts.script.is_none() && opts.actions.is_empty() && !opts.version {
        use std::io::IsTerminal;
        if std::io::stdin().is_terminal() {
            println!("{}", version_text());
            repl::run(vm);
        } else {
            return run_file(vm, None, &[]);
        }
    }
    true
}

fn version_text() -> String {
    format!("Selenite {} (Lua 5.4)  Copyright (C) 2026 the Selenite authors", env!("CARGO_PKG_VERSION"))
}

/// `LUA_INIT_5_4` or `LUA_INIT`: a chunk, or `@file`.
fn run_lua_init(vm: &mut Vm) -> bool {
    let (name, value) = match std::env::var("LUA_INIT_5_4") {
        Ok(v) => ("=LUA_INIT_5_4", v),
        Err(_) => match std::env::var("LUA_INIT") {
            Ok(v) => ("=LUA_INIT", v),
            Err(_) => return true,
        },
    };
    match value.strip_prefix('@') {
        Some(file) => run_file(vm, Some(file.as_bytes()), &[]),
        None => run_chunk(vm, value.as_bytes(), name.as_bytes(), &[]),
    }
}

/// The `arg` table: script arguments at 1.., the script at 0, the interpreter and
/// its options at negative indices.
fn create_arg_table(vm: &mut Vm, argv: &[Vec<u8>], script: Option<usize>) {
    let script = script.unwrap_or(argv.len());
    let t = vm.new_table();
    for (i, a) in argv.iter().enumerate() {
        let s = Value::Str(vm.new_string(a));
        vm.raw_set_int(t, i as i64 - script as i64, s);
    }
    vm.set_global("arg", Value::Table(t));
}

fn run_script(vm: &mut Vm, argv: &[Vec<u8>], idx: usize) -> bool {
    let path = &argv[idx];
    let args: Vec<Value> = argv[idx + 1..].iter().map(|a| Value::Str(vm.new_string(a))).collect();
    if path == b"-" {
        run_file(vm, None, &args)
    } else {
        run_file(vm, Some(path), &args)
    }
}

fn run_file(vm: &mut Vm, path: Option<&[u8]>, args: &[Value]) -> bool {
    match selenite_stdlib::base::load_file(vm, path, b"bt") {
        Ok(f) => call_reporting(vm, f, args),
        Err(msg) => {
            report(vm, &msg);
            false
        }
    }
}

fn run_chunk(vm: &mut Vm, code: &[u8], name: &[u8], args: &[Value]) -> bool {
    match selenite_stdlib::base::load_chunk(vm, code, name, b"t") {
        Ok(f) => call_reporting(vm, f, args),
        Err(msg) => {
            report(vm, &msg);
            false
        }
    }
}

fn require_into(vm: &mut Vm, global: &str, module: &str) -> bool {
    let require = vm.get_global("require");
    let name = vm.str_value(module);
    let Some(results) = protected_call(vm, require, &[name]) else {
        return false;
    };
    let v = results.first().copied().unwrap_or(Value::Nil);
    vm.set_global(global, v);
    true
}

/// Calls `f` with a message handler that adds a traceback, and reports an error.
pub(crate) fn call_reporting(vm: &mut Vm, f: Value, args: &[Value]) -> bool {
    protected_call(vm, f, args).is_some()
}

/// Calls `f(args)` under `xpcall` with the traceback handler; prints the error and
/// returns `None` on failure.
pub(crate) fn protected_call(vm: &mut Vm, f: Value, args: &[Value]) -> Option<Vec<Value>> {
    let xpcall = Value::NativeFn(protected_entry);
    let mut call_args = vec![f, Value::NativeFn(message_handler)];
    call_args.extend_from_slice(args);
    match vm.call_function(xpcall, &call_args) {
        Ok(mut results) => {
            if results.first().is_some_and(|v| !v.is_falsy()) {
                results.remove(0);
                return Some(results);
            }
            let msg = results.get(1).copied().unwrap_or(Value::Nil);
            let text = match msg {
                Value::Str(s) => s.to_str_lossy().into_owned(),
                other => format!("(error object is a {} value)", other.type_name()),
            };
            report(vm, &text);
            None
        }
        Err(_) => {
            let v = vm.error_value();
            let text = match v {
                Value::Str(s) => s.to_str_lossy().into_owned(),
                other => format!("(error object is a {} value)", other.type_name()),
            };
            report(vm, &text);
            None
        }
    }
}

/// `xpcall` under a name of its own, so tracebacks end with `[C]: in ?` as the
/// reference `lua` command's do (its host function has no name).
fn protected_entry(vm: &mut Vm) -> NativeResult {
    selenite_stdlib::base::xpcall(vm)
}

/// Adds a traceback to an error message (`msghandler` of the reference `lua`).
fn message_handler(vm: &mut Vm) -> NativeResult {
    let msg = vm.arg(1);
    let text: Vec<u8> = match msg {
        Value::Str(s) => s.as_bytes().to_vec(),
        Value::Int(_) | Value::Float(_) => {
            let s = vm.to_display_string(msg)?;
            s.as_bytes().to_vec()
        }
        other => {
            if !vm.metafield(&other, "__tostring").is_nil() {
                if let Ok(s) = vm.to_display_string(other) {
                    return vm.ret1(Value::Str(s));
                }
            }
            format!("(error object is a {} value)", other.type_name()).into_bytes()
        }
    };
    let mut full = text;
    full.push(b'\n');
    full.extend_from_slice(vm.traceback(1).as_bytes());
    let s = vm.new_string_from_vec(full);
    vm.ret1(Value::Str(s))
}

/// Prints `selenite: msg` on stderr (after flushing stdout).
pub(crate) fn report(vm: &mut Vm, msg: &str) {
    let _ = output::flush_stdout(vm);
    let mut err = std::io::stderr();
    let _ = writeln!(err, "{PROGNAME}: {msg}");
    let _ = err.flush();
}

fn dump(file: &str) -> ExitCode {
    let source = match std::fs::read(file) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{PROGNAME}: cannot open {file}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let name = format!("@{file}");
    match selenite_compiler::compile(&source, name.as_bytes()) {
        Ok(p) => {
            print!("{}", selenite_bytecode::disassemble(&p));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{PROGNAME}: {}", e.message);
            ExitCode::FAILURE
        }
    }
}
