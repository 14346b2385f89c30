//! The os library (manual §6.9). Local time is computed as UTC (see
//! `docs/COMPATIBILITY.md`); everything else follows the reference.

use crate::util::{fail_os, os_path, register};
use selenite_text::time::{self, Tm};
use selenite_vm::{Gc, LuaError, NativeResult, Table, Value, Vm};

pub fn open(vm: &mut Vm) -> Value {
    let t = vm.new_table();
    register(
        vm,
        t,
        &[
            ("clock", clock),
            ("date", date),
            ("difftime", difftime),
            ("execute", execute),
            ("exit", exit),
            ("getenv", getenv),
            ("remove", remove),
            ("rename", rename),
            ("setlocale", setlocale),
            ("time", time_),
            ("tmpname", tmpname),
        ],
    );
    Value::Table(t)
}

fn clock(vm: &mut Vm) -> NativeResult {
    let secs = cpu_time::ProcessTime::try_now().map_or(0.0, |t| t.as_duration().as_secs_f64());
    vm.ret1(Value::Float(secs))
}

fn now() -> i64 {
    match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => d.as_secs() as i64,
        Err(e) => -(e.duration().as_secs() as i64),
    }
}

fn set_field(vm: &mut Vm, t: Gc<Table>, k: &str, v: Value) {
    vm.raw_set_str(t, k, v);
}

fn set_all_fields(vm: &mut Vm, t: Gc<Table>, tm: &Tm) {
    set_field(vm, t, "year", Value::Int(tm.year));
    set_field(vm, t, "month", Value::Int(tm.month));
    set_field(vm, t, "day", Value::Int(tm.day));
    set_field(vm, t, "hour", Value::Int(tm.hour));
    set_field(vm, t, "min", Value::Int(tm.min));
    set_field(vm, t, "sec", Value::Int(tm.sec));
    set_field(vm, t, "yday", Value::Int(tm.yday));
    set_field(vm, t, "wday", Value::Int(tm.wday + 1));
    set_field(vm, t, "isdst", Value::Bool(tm.isdst));
}

fn date(vm: &mut Vm) -> NativeResult {
    let fmt = vm.opt_string(1)?.map_or(b"%c".to_vec(), |s| s.as_bytes().to_vec());
    let t = if vm.arg(2).is_nil() { now() } else { vm.check_integer(2)? };
    let (utc, fmt) = match fmt.strip_prefix(b"!") {
        Some(rest) => (true, rest.to_vec()),
        None => (false, fmt),
    };
    let tm = time::gmtime(t);
    if fmt.starts_with(b"*t") {
        let table = vm.new_table_with(0, 9);
        set_all_fields(vm, table, &tm);
        return vm.ret1(Value::Table(table));
    }
    match time::strftime(&fmt, &tm, utc) {
        Ok(out) => {
            let s = vm.new_string_from_vec(out);
            vm.ret1(Value::Str(s))
        }
        Err(spec) => Err(vm.arg_error(1, &format!("invalid conversion specifier '{spec}'"))),
    }
}

/// Reads a date field, with the reference's checks and messages.
fn get_field(vm: &mut Vm, t: Gc<Table>, key: &str, default: Option<i64>, delta: i64) -> Result<i64, LuaError> {
    let k = vm.new_string(key.as_bytes());
    let v = vm.index(Value::Table(t), Value::Str(k))?;
    match v {
        Value::Nil => match default {
            Some(d) => Ok(d),
            None => Err(vm.error(format!("field '{key}' missing in date table"))),
        },
        _ => {
            let Some(n) = Vm::to_integer(&v) else {
                let msg = if matches!(v, Value::Int(_) | Value::Float(_) | Value::Str(_)) {
                    format!("field '{key}' is not an integer")
                } else {
                    format!("field '{key}' missing in date table")
                };
                return Err(vm.error(msg));
            };
            let shifted = n.checked_sub(delta);
            match shifted {
                Some(s) if s >= i32::MIN as i64 && s <= i32::MAX as i64 => Ok(n),
                _ => Err(vm.error(format!("field '{key}' is out-of-bound"))),
            }
        }
    }
}

fn time_(vm: &mut Vm) -> NativeResult {
    if vm.arg(1).is_nil() {
        return vm.ret1(Value::Int(now()));
    }
    let t = vm.check_table(1)?;
    let year = get_field(vm, t, "year", None, 1900)?;
    let month = get_field(vm, t, "month", None, 1)?;
    let day = get_field(vm, t, "day", None, 0)?;
    let hour = get_field(vm, t, "hour", Some(12), 0)?;
    let min = get_field(vm, t, "min", Some(0), 0)?;
    let sec = get_field(vm, t, "sec", Some(0), 0)?;
    let tm = Tm { year, month, day, hour, min, sec, ..Tm::default() };
    let secs = time::timegm(&tm);
    let normalized = time::gmtime(secs);
    set_all_fields(vm, t, &normalized);
    vm.ret1(Value::Int(secs))
}

fn difftime(vm: &mut Vm) -> NativeResult {
    let t1 = vm.check_integer(1)?;
    let t2 = vm.opt_integer(2, 0)?;
    vm.ret1(Value::Float(t1 as f64 - t2 as f64))
}

fn execute(vm: &mut Vm) -> NativeResult {
    let Some(cmd) = vm.opt_string(1)? else {
        return vm.ret1(Value::Bool(true));
    };
    let _ = crate::output::flush_stdout(vm);
    match std::process::Command::new("/bin/sh").arg("-c").arg(os_path(cmd.as_bytes())).status() {
        Ok(status) => crate::io::exit_status_results(vm, status),
        Err(e) => fail_os(vm, None, &e),
    }
}

fn exit(vm: &mut Vm) -> NativeResult {
    let code = match vm.arg(1) {
        Value::Nil | Value::Bool(true) => 0,
        Value::Bool(false) => 1,
        _ => vm.check_integer(1)? as i32,
    };
    if !vm.arg(2).is_falsy() {
        crate::close_state(vm);
    } else {
        crate::io::flush_all(vm);
    }
    std::process::exit(code)
}

fn getenv(vm: &mut Vm) -> NativeResult {
    let name = vm.check_string(1)?;
    match std::env::var_os(os_path(name.as_bytes())) {
        Some(v) => {
            use std::os::unix::ffi::OsStrExt;
            let s = vm.new_string(v.as_bytes());
            vm.ret1(Value::Str(s))
        }
        None => vm.ret1(Value::Nil),
    }
}

fn remove(vm: &mut Vm) -> NativeResult {
    let name = vm.check_string(1)?;
    let path = os_path(name.as_bytes());
    let r = match std::fs::symlink_metadata(&path) {
        Ok(m) if m.is_dir() => std::fs::remove_dir(&path),
        _ => std::fs::remove_file(&path),
    };
    match r {
        Ok(()) => vm.ret1(Value::Bool(true)),
        Err(e) => fail_os(vm, Some(&name.to_str_lossy()), &e),
    }
}

fn rename(vm: &mut Vm) -> NativeResult {
    let from = vm.check_string(1)?;
    let to = vm.check_string(2)?;
    match std::fs::rename(os_path(from.as_bytes()), os_path(to.as_bytes())) {
        Ok(()) => vm.ret1(Value::Bool(true)),
        Err(e) => fail_os(vm, Some(&from.to_str_lossy()), &e),
    }
}

fn setlocale(vm: &mut Vm) -> NativeResult {
    let locale = vm.opt_string(1)?.map(|s| s.as_bytes().to_vec());
    vm.check_option(2, Some("all"), &["all", "collate", "ctype", "monetary", "numeric", "time"])?;
    match locale.as_deref() {
        None | Some(b"") | Some(b"C") | Some(b"POSIX") => {
            let s = vm.str_value("C");
            vm.ret1(s)
        }
        Some(_) => vm.ret1(Value::Nil),
    }
}

fn tmpname(vm: &mut Vm) -> NativeResult {
    for attempt in 0..100u32 {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let name = format!(
            "/tmp/lua_{:06x}",
            (nanos ^ (std::process::id() << 8) ^ attempt.wrapping_mul(2654435761)) & 0xffffff
        );
        if std::fs::OpenOptions::new().write(true).create_new(true).open(&name).is_ok() {
            let s = vm.str_value(&name);
            return vm.ret1(s);
        }
    }
    Err(vm.error("unable to generate a unique filename"))
}
