//! The debug library (manual §6.10) on the VM's introspection API.

use crate::util::register;
use selenite_vm::{FrameHandle, Gc, LuaError, LuaResult, LuaType, NativeResult, Thread, Value, Vm};

pub fn open(vm: &mut Vm) -> Value {
    let t = vm.new_table();
    register(
        vm,
        t,
        &[
            ("debug", debug),
            ("gethook", gethook),
            ("getinfo", getinfo),
            ("getlocal", getlocal),
            ("getmetatable", getmetatable),
            ("getregistry", getregistry),
            ("getupvalue", getupvalue),
            ("getuservalue", getuservalue),
            ("sethook", sethook),
            ("setlocal", setlocal),
            ("setmetatable", setmetatable),
            ("setupvalue", setupvalue),
            ("setuservalue", setuservalue),
            ("traceback", traceback),
            ("upvalueid", upvalueid),
            ("upvaluejoin", upvaluejoin),
            ("setcstacklimit", setcstacklimit),
        ],
    );
    // As in the reference, hooks are recorded per thread in a weak-keyed registry
    // table.
    let hooks = vm.new_table();
    let mt = vm.new_table();
    let mode = vm.str_value("k");
    vm.raw_set_str(mt, "__mode", mode);
    vm.set_table_metatable(hooks, Some(mt));
    let registry = vm.registry();
    vm.raw_set_str(registry, "_HOOKKEY", Value::Table(hooks));
    Value::Table(t)
}

/// Records `f` as the hook of `thread` in the registry's `_HOOKKEY` table.
fn record_hook(vm: &mut Vm, thread: Gc<Thread>, f: Value) {
    let registry = vm.registry();
    let key = vm.new_string(b"_HOOKKEY");
    if let Value::Table(t) = registry.get_str(key) {
        let _ = vm.raw_set(t, Value::Thread(thread), f);
    }
}

/// An optional leading thread argument: the thread and the index of the next argument.
fn thread_arg(vm: &Vm) -> (Gc<Thread>, usize) {
    match vm.arg(1) {
        Value::Thread(t) => (t, 2),
        _ => (vm.current_thread(), 1),
    }
}

/// Frame `level` of `thread` (level 0 of the running thread is the debug function
/// itself).
fn level_frame(vm: &Vm, thread: Gc<Thread>, level: i64) -> Option<FrameHandle> {
    if level < 0 {
        return None;
    }
    vm.frame_at_level(thread, level as usize)
}

fn set_field(vm: &mut Vm, t: Gc<selenite_vm::Table>, k: &str, v: Value) {
    vm.raw_set_str(t, k, v);
}

fn getinfo(vm: &mut Vm) -> NativeResult {
    let (thread, a) = thread_arg(vm);
    let what = match vm.opt_string(a + 1)? {
        Some(s) => s.as_bytes().to_vec(),
        None => b"flnSrtu".to_vec(),
    };
    if what.first() == Some(&b'>') {
        return Err(vm.arg_error(a + 1, "invalid option '>'"));
    }
    let target = vm.arg(a);
    let (frame, func) = if target.is_function() {
        (None, target)
    } else {
        let level = vm.check_integer(a)?;
        match level_frame(vm, thread, level) {
            Some(h) => (Some(h), vm.frame_function(h)),
            None => return vm.ret1(Value::Nil),
        }
    };
    if what.iter().any(|c| !b"SlutnrLf".contains(c)) {
        return Err(vm.arg_error(a + 1, "invalid option"));
    }
    let t = vm.new_table();
    let info = vm.function_info(&func);
    for c in &what {
        match c {
            b'S' => {
                let src = Value::Str(vm.new_string(&info.source));
                set_field(vm, t, "source", src);
                let short = vm.str_value(&info.short_src);
                set_field(vm, t, "short_src", short);
                set_field(vm, t, "linedefined", Value::Int(info.line_defined));
                set_field(vm, t, "lastlinedefined", Value::Int(info.last_line_defined));
                let w = vm.str_value(info.what);
                set_field(vm, t, "what", w);
            }
            b'l' => {
                let line = frame.map_or(-1, |h| vm.frame_line(h));
                set_field(vm, t, "currentline", Value::Int(line));
            }
            b'u' => {
                set_field(vm, t, "nups", Value::Int(info.nups as i64));
                set_field(vm, t, "nparams", Value::Int(info.nparams as i64));
                set_field(vm, t, "isvararg", Value::Bool(info.is_vararg));
            }
            b't' => {
                let tail = frame.is_some_and(|h| vm.frame_is_tail_call(h));
                set_field(vm, t, "istailcall", Value::Bool(tail));
            }
            b'n' => {
                if let Some((namewhat, name)) = frame.and_then(|h| vm.frame_name(h)) {
                    let n = vm.str_value(&name);
                    set_field(vm, t, "name", n);
                    let nw = vm.str_value(namewhat);
                    set_field(vm, t, "namewhat", nw);
                } else {
                    let empty = vm.str_value("");
                    set_field(vm, t, "namewhat", empty);
                }
            }
            b'r' => {
                // As `CIST_TRAN` in the reference: an event that moves no values leaves
                // no transfer information, so `ftransfer` is 0 too.
                let (first, n) = match frame.map_or((0, 0), |h| vm.frame_transfer(h)) {
                    (_, 0) => (0, 0),
                    some => some,
                };
                set_field(vm, t, "ftransfer", Value::Int(first as i64));
                set_field(vm, t, "ntransfer", Value::Int(n as i64));
            }
            b'L' => {
                if matches!(func, Value::LuaFn(_)) {
                    let lines = vm.new_table();
                    for l in &info.active_lines {
                        vm.raw_set_int(lines, *l as i64, Value::Bool(true));
                    }
                    set_field(vm, t, "activelines", Value::Table(lines));
                }
            }
            b'f' => set_field(vm, t, "func", func),
            _ => {}
        }
    }
    vm.ret1(Value::Table(t))
}

fn level_error(vm: &mut Vm, n: usize) -> LuaError {
    vm.arg_error(n, "level out of range")
}

fn getlocal(vm: &mut Vm) -> NativeResult {
    let (thread, a) = thread_arg(vm);
    let n = vm.check_integer(a + 1)?;
    let target = vm.arg(a);
    if target.is_function() {
        let name = vm.parameter_name(&target, n);
        return match name {
            Some(name) => {
                let s = vm.str_value(&name);
                vm.ret1(s)
            }
            None => vm.ret1(Value::Nil),
        };
    }
    let level = vm.check_integer(a)?;
    let Some(h) = level_frame(vm, thread, level) else {
        return Err(level_error(vm, a));
    };
    match vm.get_local(h, n) {
        Some((name, v)) => {
            let s = vm.str_value(&name);
            vm.ret(&[s, v])
        }
        None => vm.ret1(Value::Nil),
    }
}

fn setlocal(vm: &mut Vm) -> NativeResult {
    let (thread, a) = thread_arg(vm);
    let level = vm.check_integer(a)?;
    let n = vm.check_integer(a + 1)?;
    let v = vm.check_any(a + 2)?;
    let Some(h) = level_frame(vm, thread, level) else {
        return Err(level_error(vm, a));
    };
    match vm.set_local(h, n, v) {
        Some(name) => {
            let s = vm.str_value(&name);
            vm.ret1(s)
        }
        None => vm.ret1(Value::Nil),
    }
}

fn getupvalue(vm: &mut Vm) -> NativeResult {
    let n = vm.check_integer(2)?;
    let f = vm.check_type(1, LuaType::Function)?;
    match usize::try_from(n).ok().and_then(|n| vm.get_upvalue(&f, n)) {
        Some((name, v)) => {
            let s = vm.str_value(&name);
            vm.ret(&[s, v])
        }
        None => vm.ret0(),
    }
}

fn setupvalue(vm: &mut Vm) -> NativeResult {
    let v = vm.check_any(3)?;
    let n = vm.check_integer(2)?;
    let f = vm.check_type(1, LuaType::Function)?;
    match usize::try_from(n).ok().and_then(|n| vm.set_upvalue(&f, n, v)) {
        Some(name) => {
            let s = vm.str_value(&name);
            vm.ret1(s)
        }
        None => vm.ret0(),
    }
}

fn upvalueid(vm: &mut Vm) -> NativeResult {
    let n = vm.check_integer(2)?;
    let f = vm.check_type(1, LuaType::Function)?;
    match usize::try_from(n).ok().and_then(|n| vm.upvalue_id(&f, n)) {
        Some(id) => vm.ret1(Value::LightUserData(id)),
        None => vm.ret1(Value::Nil),
    }
}

/// Kept from 5.4.0 for compatibility: the limit is fixed, and the reference answers
/// every request with its value, `LUAI_MAXCCALLS`.
fn setcstacklimit(vm: &mut Vm) -> NativeResult {
    vm.check_integer(1)?;
    vm.ret1(Value::Int(200))
}

/// `checkupval` of the reference with a required index: the index, then the function,
/// then whether the upvalue exists (C closures' upvalues count).
fn check_upvalue(vm: &mut Vm, argf: usize, argnup: usize) -> LuaResult<(Value, i64)> {
    let n = vm.check_integer(argnup)?;
    let f = vm.check_type(argf, LuaType::Function)?;
    if usize::try_from(n).ok().and_then(|i| vm.upvalue_id(&f, i)).is_none() {
        return Err(vm.arg_error(argnup, "invalid upvalue index"));
    }
    Ok((f, n))
}

fn upvaluejoin(vm: &mut Vm) -> NativeResult {
    let (f1, n1) = check_upvalue(vm, 1, 2)?;
    let (f2, n2) = check_upvalue(vm, 3, 4)?;
    if !matches!(f1, Value::LuaFn(_)) {
        return Err(vm.arg_error(1, "Lua function expected"));
    }
    if !matches!(f2, Value::LuaFn(_)) {
        return Err(vm.arg_error(3, "Lua function expected"));
    }
    vm.upvalue_join(&f1, n1 as usize, &f2, n2 as usize);
    vm.ret0()
}

fn getmetatable(vm: &mut Vm) -> NativeResult {
    let v = vm.check_any(1)?;
    match vm.metatable(&v) {
        Some(mt) => vm.ret1(Value::Table(mt)),
        None => vm.ret1(Value::Nil),
    }
}

fn setmetatable(vm: &mut Vm) -> NativeResult {
    let v = vm.arg(1);
    let mt = match vm.arg(2) {
        Value::Nil if !vm.arg_is_none(2) => None,
        Value::Table(t) => Some(t),
        _ => return Err(vm.type_arg_error(2, "nil or table")),
    };
    match v {
        Value::Table(t) => vm.set_table_metatable(t, mt),
        Value::UserData(u) => vm.set_userdata_metatable(u, mt),
        other => vm.set_type_metatable(other.lua_type(), mt),
    }
    vm.check_finalizer(v);
    vm.ret1(v)
}

fn getregistry(vm: &mut Vm) -> NativeResult {
    let r = vm.registry();
    vm.ret1(Value::Table(r))
}

/// Full userdata: the value and `true`, or one `nil` when it has no user value `n`;
/// anything else: one `nil`.
fn getuservalue(vm: &mut Vm) -> NativeResult {
    let n = vm.opt_integer(2, 1)?;
    match vm.arg(1) {
        Value::UserData(u) => match usize::try_from(n).ok().filter(|&n| n >= 1).and_then(|n| u.user_value(n)) {
            Some(v) => vm.ret(&[v, Value::Bool(true)]),
            None => vm.ret1(Value::Nil),
        },
        _ => vm.ret1(Value::Nil),
    }
}

fn setuservalue(vm: &mut Vm) -> NativeResult {
    let n = vm.opt_integer(3, 1)?;
    let u = match vm.arg(1) {
        Value::UserData(u) => u,
        _ => return Err(vm.type_arg_error(1, "userdata")),
    };
    let v = vm.check_any(2)?;
    if usize::try_from(n).ok().filter(|&n| n >= 1).is_some_and(|n| vm.set_user_value(u, n, v)) {
        vm.ret1(Value::UserData(u))
    } else {
        vm.ret1(Value::Nil)
    }
}

fn traceback(vm: &mut Vm) -> NativeResult {
    let (thread, a) = thread_arg(vm);
    let msg = vm.arg(a);
    if !matches!(msg, Value::Str(_) | Value::Nil | Value::Int(_) | Value::Float(_)) {
        return vm.ret1(msg);
    }
    let default_level = if thread == vm.current_thread() { 1 } else { 0 };
    let level = vm.opt_integer(a + 1, default_level)?;
    let mut text = Vec::new();
    if !msg.is_nil() {
        let s = vm.to_display_string(msg)?;
        text.extend_from_slice(s.as_bytes());
        text.push(b'\n');
    }
    if level >= 0 {
        text.extend_from_slice(vm.thread_traceback(thread, level as usize).as_bytes());
    } else {
        // No frame has a negative level: the reference prints the header alone.
        text.extend_from_slice(b"stack traceback:");
    }
    let s = vm.new_string_from_vec(text);
    vm.ret1(Value::Str(s))
}

fn sethook(vm: &mut Vm) -> NativeResult {
    let (thread, a) = thread_arg(vm);
    let f = vm.arg(a);
    if f.is_nil() || vm.arg_is_none(a) {
        vm.set_hook(thread, Value::Nil, 0, 0);
        record_hook(vm, thread, Value::Nil);
        return vm.ret0();
    }
    let mask_text = vm.check_string(a + 1)?.as_bytes().to_vec();
    vm.check_type(a, LuaType::Function)?;
    // The reference keeps the count as a C int (`(int)luaL_optinteger`): it wraps,
    // and only a positive count turns count events on.
    let count = vm.opt_integer(a + 2, 0)? as i32;
    record_hook(vm, thread, f);
    let mut mask = 0u8;
    for c in mask_text {
        match c {
            b'c' => mask |= 1,
            b'r' => mask |= 2,
            b'l' => mask |= 4,
            _ => {}
        }
    }
    if count > 0 {
        mask |= 8;
    }
    vm.set_hook(thread, f, mask, count as u32);
    vm.ret0()
}

fn gethook(vm: &mut Vm) -> NativeResult {
    let (thread, _) = thread_arg(vm);
    let (f, mask, count) = vm.hook(thread);
    // A coroutine's inherited mask comes without a function: `nil, mask, count`.
    if mask == 0 {
        return vm.ret1(Value::Nil);
    }
    let mut text = String::new();
    if mask & 1 != 0 {
        text.push('c');
    }
    if mask & 2 != 0 {
        text.push('r');
    }
    if mask & 4 != 0 {
        text.push('l');
    }
    let s = vm.str_value(&text);
    vm.ret(&[f, s, Value::Int(i64::from(count as i32))])
}

/// `debug.debug()`: reads and runs lines from standard input until `cont`.
fn debug(vm: &mut Vm) -> NativeResult {
    use std::io::{BufRead, Write};
    let stdin = std::io::stdin();
    loop {
        let _ = crate::output::flush_stdout(vm);
        let _ = write!(std::io::stderr(), "lua_debug> ");
        let mut line = String::new();
        match stdin.lock().read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        if line.trim_end() == "cont" {
            break;
        }
        let result = crate::base::load_chunk(vm, line.as_bytes(), b"=(debug command)", b"t")
            .map_err(|m| m.into_bytes())
            .and_then(|f| {
                vm.pcall_function(f, &[]).map(|_| ()).map_err(|_| match vm.error_value() {
                    Value::Str(s) => s.as_bytes().to_vec(),
                    other => format!("(error object is a {} value)", other.type_name()).into_bytes(),
                })
            });
        if let Err(msg) = result {
            let mut err = std::io::stderr();
            let _ = err.write_all(&msg);
            let _ = err.write_all(b"\n");
        }
    }
    vm.ret0()
}
