//! The base library: `print`, `type`, `pcall`, `load`, `setmetatable`... (manual §6.1).
//!
//! `pcall`, `xpcall` and `dofile` hand their calls to the VM as continuations, so they
//! do not nest the interpreter and a coroutine may yield inside them.

use crate::output;
use crate::util::{fail, register};
use selenite_vm::builtins::{ipairs_step, next};
use selenite_vm::{ContinuationStatus, LuaType, NativeResult, NativeReturn, Protect, Value, Vm};

pub fn open(vm: &mut Vm) {
    let g = vm.globals();
    register(
        vm,
        g,
        &[
            ("assert", assert),
            ("collectgarbage", collectgarbage),
            ("dofile", dofile),
            ("error", error),
            ("getmetatable", getmetatable),
            ("ipairs", ipairs),
            ("load", load),
            ("loadfile", loadfile),
            ("next", next),
            ("pairs", pairs),
            ("pcall", pcall),
            ("print", print),
            ("rawequal", rawequal),
            ("rawget", rawget),
            ("rawlen", rawlen),
            ("rawset", rawset),
            ("select", select),
            ("setmetatable", setmetatable),
            ("tonumber", tonumber),
            ("tostring", tostring),
            ("type", type_),
            ("warn", warn),
            ("xpcall", xpcall),
        ],
    );
    vm.raw_set_str(g, "_G", Value::Table(g));
    let version = vm.str_value("Lua 5.4");
    vm.raw_set_str(g, "_VERSION", version);
}

fn print(vm: &mut Vm) -> NativeResult {
    let n = vm.arg_count();
    let mut line = Vec::new();
    for i in 1..=n {
        if i > 1 {
            line.push(b'\t');
        }
        let s = vm.to_display_string(vm.arg(i))?;
        line.extend_from_slice(s.as_bytes());
    }
    line.push(b'\n');
    output::write_stdout(vm, &line);
    vm.ret0()
}

fn type_(vm: &mut Vm) -> NativeResult {
    let v = vm.check_any(1)?;
    let s = vm.type_name_str(&v);
    vm.ret1(Value::Str(s))
}

fn tostring(vm: &mut Vm) -> NativeResult {
    let v = vm.check_any(1)?;
    let s = vm.to_display_string(v)?;
    vm.ret1(Value::Str(s))
}

fn tonumber(vm: &mut Vm) -> NativeResult {
    if vm.arg(2).is_nil() {
        let v = vm.check_any(1)?;
        let r = match v {
            Value::Int(_) | Value::Float(_) => v,
            Value::Str(s) => match selenite_number::str_to_number(s.as_bytes()) {
                Some(selenite_number::Number::Int(i)) => Value::Int(i),
                Some(selenite_number::Number::Float(f)) => Value::Float(f),
                None => Value::Nil,
            },
            _ => Value::Nil,
        };
        return vm.ret1(r);
    }
    let base = vm.check_integer(2)?;
    let s = match vm.arg(1) {
        Value::Str(s) => s,
        _ => return Err(vm.type_arg_error(1, "string")),
    };
    if !(2..=36).contains(&base) {
        return Err(vm.arg_error(2, "base out of range"));
    }
    let r = selenite_number::str_to_int_base(s.as_bytes(), base as u32).map_or(Value::Nil, Value::Int);
    vm.ret1(r)
}

fn ipairs(vm: &mut Vm) -> NativeResult {
    let t = vm.check_any(1)?;
    vm.ret(&[Value::NativeFn(ipairs_step), t, Value::Int(0)])
}

fn pairs(vm: &mut Vm) -> NativeResult {
    let t = vm.check_any(1)?;
    let mm = vm.metafield(&t, "__pairs");
    if mm.is_nil() {
        return vm.ret(&[Value::NativeFn(next), t, Value::Nil]);
    }
    vm.push(mm)?;
    vm.push(t)?;
    Ok(NativeReturn::Call { nargs: 1, then: Some(pairs_done), protect: Protect::None })
}

/// `__pairs` returned: keep exactly three results.
fn pairs_done(vm: &mut Vm, _status: ContinuationStatus, n: usize) -> NativeResult {
    for _ in n..3 {
        vm.push(Value::Nil)?;
    }
    let extra = n.saturating_sub(3);
    for _ in 0..extra {
        vm.pop();
    }
    Ok(NativeReturn::Values(3))
}

fn select(vm: &mut Vm) -> NativeResult {
    let n = vm.arg_count() as i64;
    if let Value::Str(s) = vm.arg(1) {
        if s.as_bytes() == b"#" {
            return vm.ret1(Value::Int(n - 1));
        }
    }
    let i = vm.check_integer(1)?;
    let i = if i < 0 {
        n + i
    } else if i > n {
        n
    } else {
        i
    };
    if i < 1 {
        return Err(vm.arg_error(1, "index out of range"));
    }
    Ok(NativeReturn::Values((n - i) as usize))
}

fn rawget(vm: &mut Vm) -> NativeResult {
    let t = vm.check_table(1)?;
    let k = vm.check_any(2)?;
    vm.ret1(t.get(&k))
}

pub(crate) fn rawset(vm: &mut Vm) -> NativeResult {
    let t = vm.check_table(1)?;
    let k = vm.check_any(2)?;
    let v = vm.check_any(3)?;
    vm.raw_set(t, k, v)?;
    vm.ret1(Value::Table(t))
}

fn rawequal(vm: &mut Vm) -> NativeResult {
    let a = vm.check_any(1)?;
    let b = vm.check_any(2)?;
    vm.ret1(Value::Bool(a.raw_eq(&b)))
}

fn rawlen(vm: &mut Vm) -> NativeResult {
    match vm.arg(1) {
        Value::Table(t) => vm.ret1(Value::Int(t.len())),
        Value::Str(s) => vm.ret1(Value::Int(s.len() as i64)),
        _ => Err(vm.type_arg_error(1, "table or string")),
    }
}

fn setmetatable(vm: &mut Vm) -> NativeResult {
    let t = vm.check_table(1)?;
    let mt = match vm.arg(2) {
        Value::Nil if !vm.arg_is_none(2) => None,
        Value::Table(m) => Some(m),
        _ => return Err(vm.type_arg_error(2, "nil or table")),
    };
    if !vm.metafield(&Value::Table(t), "__metatable").is_nil() {
        return Err(vm.error("cannot change a protected metatable"));
    }
    vm.set_table_metatable(t, mt);
    vm.check_finalizer(Value::Table(t));
    vm.ret1(Value::Table(t))
}

fn getmetatable(vm: &mut Vm) -> NativeResult {
    let v = vm.check_any(1)?;
    let Some(mt) = vm.metatable(&v) else {
        return vm.ret1(Value::Nil);
    };
    let protected = vm.metafield(&v, "__metatable");
    if !protected.is_nil() {
        return vm.ret1(protected);
    }
    vm.ret1(Value::Table(mt))
}

fn assert(vm: &mut Vm) -> NativeResult {
    if !vm.arg(1).is_falsy() {
        return Ok(NativeReturn::Values(vm.arg_count()));
    }
    vm.check_any(1)?;
    if vm.arg_count() < 2 {
        return Err(vm.error("assertion failed!"));
    }
    let msg = vm.arg(2);
    Err(raise(vm, msg, 1))
}

fn error(vm: &mut Vm) -> NativeResult {
    let msg = vm.arg(1);
    let level = vm.opt_integer(2, 1)?;
    Err(raise(vm, msg, level))
}

/// Raises `msg`, prefixed with the position `level` levels up when it is a string.
fn raise(vm: &mut Vm, msg: Value, level: i64) -> selenite_vm::LuaError {
    if let (Value::Str(s), true) = (msg, level > 0) {
        let mut text = vm.where_(level as usize).into_bytes();
        text.extend_from_slice(s.as_bytes());
        let v = Value::Str(vm.new_string_from_vec(text));
        return vm.error_value_raise(v);
    }
    vm.error_value_raise(msg)
}

fn pcall(vm: &mut Vm) -> NativeResult {
    vm.check_any(1)?;
    let nargs = vm.arg_count() - 1;
    vm.insert(1, Value::Bool(true))?;
    Ok(NativeReturn::Call { nargs, then: Some(finish_pcall), protect: Protect::Catch })
}

/// `xpcall(f, msgh, ...)`; public so hosts can run code under a message handler.
pub fn xpcall(vm: &mut Vm) -> NativeResult {
    let n = vm.arg_count();
    vm.check_type(2, LuaType::Function)?;
    let f = vm.arg(1);
    let handler = vm.arg(2);
    // Layout: handler, true, f, args...
    vm.set_arg(1, handler);
    vm.set_arg(2, Value::Bool(true));
    vm.insert(3, f)?;
    Ok(NativeReturn::Call { nargs: n - 2, then: Some(finish_pcall), protect: Protect::CatchWithHandler })
}

/// Results of a protected call: `true` (already below them) and the results, or
/// `false` and the error value.
fn finish_pcall(vm: &mut Vm, status: ContinuationStatus, n: usize) -> NativeResult {
    match status {
        ContinuationStatus::Error => {
            let err = vm.pop();
            vm.pop();
            vm.ret(&[Value::Bool(false), err])
        }
        _ => Ok(NativeReturn::Values(n + 1)),
    }
}

pub(crate) fn collectgarbage(vm: &mut Vm) -> NativeResult {
    const OPTIONS: [&str; 10] = [
        "stop",
        "restart",
        "collect",
        "count",
        "step",
        "setpause",
        "setstepmul",
        "isrunning",
        "generational",
        "incremental",
    ];
    let opt = vm.check_option(1, Some("collect"), &OPTIONS)?;
    if vm.in_finalizer() {
        return vm.ret1(Value::Nil);
    }
    match OPTIONS[opt] {
        "stop" => {
            vm.gc_stop();
            vm.ret1(Value::Int(0))
        }
        "restart" => {
            vm.gc_restart();
            vm.ret1(Value::Int(0))
        }
        "collect" => {
            vm.collect_garbage();
            vm.ret1(Value::Int(0))
        }
        "count" => {
            let bytes = vm.memory_used();
            vm.ret1(Value::Float(bytes as f64 / 1024.0))
        }
        "step" => {
            let kb = vm.opt_integer(2, 0)?;
            let finished = vm.gc_step(kb);
            vm.ret1(Value::Bool(finished))
        }
        "setpause" => {
            let mut p = vm.gc_params();
            let old = p.pause;
            p.pause = gc_param(vm.opt_integer(2, 0)?);
            vm.set_gc_params(p);
            vm.ret1(Value::Int(old as i64))
        }
        "setstepmul" => {
            let mut p = vm.gc_params();
            let old = p.step_mul;
            p.step_mul = gc_param(vm.opt_integer(2, 0)?);
            vm.set_gc_params(p);
            vm.ret1(Value::Int(old as i64))
        }
        "isrunning" => {
            let r = vm.gc_is_running();
            vm.ret1(Value::Bool(r))
        }
        mode => {
            let pause = vm.opt_integer(2, 0)?;
            let stepmul = vm.opt_integer(3, 0)?;
            let stepsize = if mode == "incremental" { vm.opt_integer(4, 0)? } else { 0 };
            let mut p = vm.gc_params();
            let previous = if p.generational { "generational" } else { "incremental" };
            p.generational = mode == "generational";
            if mode == "incremental" {
                if pause != 0 {
                    p.pause = gc_param(pause);
                }
                if stepmul != 0 {
                    p.step_mul = gc_param(stepmul);
                }
                if stepsize != 0 {
                    p.step_size = stepsize as i32 as u8 as u32;
                }
            }
            vm.set_gc_params(p);
            let s = vm.str_value(previous);
            vm.ret1(s)
        }
    }
}

/// A pause or step multiplier as the reference stores it: an `int` divided by 4 in
/// one byte, read back times 4 (so `setpause(150)` then reads 148).
fn gc_param(v: i64) -> u32 {
    (v as i32 / 4) as u8 as u32 * 4
}

fn warn(vm: &mut Vm) -> NativeResult {
    let n = vm.arg_count();
    vm.check_string(1)?;
    for i in 2..=n {
        vm.check_string(i)?;
    }
    for i in 1..=n {
        let s = vm.check_string(i)?;
        let bytes = s.as_bytes().to_vec();
        vm.warn(&bytes, i < n);
    }
    vm.ret0()
}

// ----- loading -----

/// Compiles or undumps `chunk` with chunk name `name`, honouring `mode` ("b", "t" or
/// "bt"). Errors are messages, as `load` returns them.
pub fn load_chunk(vm: &mut Vm, chunk: &[u8], name: &[u8], mode: &[u8]) -> Result<Value, String> {
    let is_binary = chunk.first() == selenite_bytecode::SIGNATURE.first();
    if is_binary && !mode.contains(&b'b') {
        return Err(format!("attempt to load a binary chunk (mode is '{}')", String::from_utf8_lossy(mode)));
    }
    if !is_binary && !mode.contains(&b't') {
        return Err(format!("attempt to load a text chunk (mode is '{}')", String::from_utf8_lossy(mode)));
    }
    let proto = if is_binary {
        selenite_bytecode::undump(chunk, name)?
    } else {
        selenite_compiler::compile(chunk, name).map_err(|e| e.message)?
    };
    vm.load_proto(&proto).map_err(|e| selenite_bytecode::bad_binary_format(name, &e.to_string()))
}

/// Sets the first upvalue of a loaded chunk (its `_ENV`).
fn set_env(vm: &mut Vm, f: Value, env: Value) {
    vm.set_chunk_env(&f, env);
}

pub(crate) fn load(vm: &mut Vm) -> NativeResult {
    let chunk = vm.arg(1);
    let mode = match vm.opt_string(3)? {
        Some(m) => m.as_bytes().to_vec(),
        None => b"bt".to_vec(),
    };
    let has_env = !vm.arg_is_none(4);
    let env = vm.arg(4);
    // A number is loaded as its string form, as `lua_tolstring` would give it.
    let text = match chunk {
        Value::Str(s) => Some(s.as_bytes().to_vec()),
        Value::Int(_) | Value::Float(_) => Some(vm.to_display_string(chunk)?.as_bytes().to_vec()),
        _ => None,
    };
    let (source, name) = match text {
        Some(text) => {
            let name = match vm.opt_string(2)? {
                Some(n) => n.as_bytes().to_vec(),
                None => text.clone(),
            };
            (text, name)
        }
        None => {
            let name = match vm.opt_string(2)? {
                Some(n) => n.as_bytes().to_vec(),
                None => b"=(load)".to_vec(),
            };
            if !matches!(chunk, Value::LuaFn(_) | Value::NativeFn(_) | Value::NativeClosure(_)) {
                return Err(vm.type_arg_error(1, "function"));
            }
            match read_chunk_pieces(vm, chunk) {
                Ok(source) => (source, name),
                Err(()) => {
                    let msg = vm.error_value();
                    return vm.ret(&[Value::Nil, msg]);
                }
            }
        }
    };
    match load_chunk(vm, &source, &name, &mode) {
        Ok(f) => {
            if has_env {
                set_env(vm, f, env);
            }
            vm.ret1(f)
        }
        Err(msg) => {
            let m = vm.str_value(&msg);
            vm.ret(&[Value::Nil, m])
        }
    }
}

/// Calls a `load` reader until it returns nil or an empty string. An error (the
/// reader's own, or a piece that is not a string) is left in the VM's error value.
fn read_chunk_pieces(vm: &mut Vm, reader: Value) -> Result<Vec<u8>, ()> {
    let mut source = Vec::new();
    loop {
        match vm.call1(reader, &[]) {
            Ok(Value::Nil) => return Ok(source),
            Ok(Value::Str(s)) if s.is_empty() => return Ok(source),
            Ok(Value::Str(s)) => source.extend_from_slice(s.as_bytes()),
            Ok(_) => {
                // Positioned at the caller of `load`, as the reference's reader error.
                let _ = vm.error("reader function must return a string");
                return Err(());
            }
            Err(_) => return Err(()),
        }
    }
}

/// Reads and loads a file (`None`: standard input), as `luaL_loadfilex`.
pub fn load_file(vm: &mut Vm, path: Option<&[u8]>, mode: &[u8]) -> Result<Value, String> {
    let (bytes, name) = match path {
        Some(p) => {
            let display = String::from_utf8_lossy(p).into_owned();
            match std::fs::read(crate::util::os_path(p)) {
                Ok(b) => {
                    let mut name = b"@".to_vec();
                    name.extend_from_slice(p);
                    (b, name)
                }
                Err(e) => return Err(format!("cannot open {}: {}", display, crate::util::os_error_text(&e))),
            }
        }
        None => {
            use std::io::Read;
            let mut b = Vec::new();
            if let Err(e) = std::io::stdin().read_to_end(&mut b) {
                return Err(format!("cannot read stdin: {}", crate::util::os_error_text(&e)));
            }
            (b, b"=stdin".to_vec())
        }
    };
    let source = skip_comment_line(&bytes);
    load_chunk(vm, source, &name, mode)
}

/// Skips a UTF-8 byte-order mark and a first line starting with `#` (a Unix
/// "shebang"), keeping its newline so line numbers stay right.
fn skip_comment_line(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.first() != Some(&b'#') {
        return bytes;
    }
    match bytes.iter().position(|&c| c == b'\n') {
        // A binary chunk may follow the comment line directly.
        Some(nl) if bytes.get(nl + 1) == selenite_bytecode::SIGNATURE.first() => &bytes[nl + 1..],
        Some(nl) => &bytes[nl..],
        None => &[],
    }
}

fn loadfile(vm: &mut Vm) -> NativeResult {
    let path = vm.opt_string(1)?.map(|s| s.as_bytes().to_vec());
    let mode = match vm.opt_string(2)? {
        Some(m) => m.as_bytes().to_vec(),
        None => b"bt".to_vec(),
    };
    let has_env = !vm.arg_is_none(3);
    let env = vm.arg(3);
    match load_file(vm, path.as_deref(), &mode) {
        Ok(f) => {
            if has_env {
                set_env(vm, f, env);
            }
            vm.ret1(f)
        }
        Err(msg) => fail(vm, &msg),
    }
}

fn dofile(vm: &mut Vm) -> NativeResult {
    let path = vm.opt_string(1)?.map(|s| s.as_bytes().to_vec());
    let f = match load_file(vm, path.as_deref(), b"bt") {
        Ok(f) => f,
        Err(msg) => return Err(vm.error_str(&msg)),
    };
    vm.set_stack_len(0)?;
    vm.push(f)?;
    Ok(NativeReturn::Call { nargs: 0, then: None, protect: Protect::None })
}
