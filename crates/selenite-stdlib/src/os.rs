//! The os library (manual §6.9): clock, dates and times in the local zone that `TZ`
//! selects (calendar work in `selenite_text::time`), shell commands, environment,
//! files, exit and locales.
//!
//! State kept per Lua state: the local zone (rebuilt when `TZ` changes, as glibc's
//! `tzset` does), `mktime`'s last offset (which, as in glibc, decides ambiguous local
//! times), and the locale of each category. Selenite's behaviour is the "C"
//! locale's whatever the name, so the locale names are bookkeeping: the names glibc
//! always has ("C", "POSIX", "C.UTF-8" and its spellings) are accepted and reported
//! as glibc reports them, any other is refused with nil as an uninstalled locale is.

use crate::io::{create_temporary, exit_status_results, fail_file_result, shell_command, until_nul};
use crate::util::{os_path, register};
use selenite_text::time::{self, DateFields, DateOutput, LocalMktime, LocalZone, Tm};
use selenite_vm::{Gc, LuaResult, NativeResult, Table, Value, Vm};

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
            ("time", time),
            ("tmpname", tmpname),
        ],
    );
    Value::Table(t)
}

fn clock(vm: &mut Vm) -> NativeResult {
    // C's clock() counts processor time in microseconds.
    let micros = cpu_time::ProcessTime::try_now().map_or(0, |t| t.as_duration().as_micros());
    vm.ret1(Value::Float(micros as f64 / 1e6))
}

// ----- dates and times -----

/// The local zone and `mktime`'s memory, per state.
struct Clock {
    tz: Option<std::ffi::OsString>,
    zone: LocalZone,
    mktime: LocalMktime,
}

impl Clock {
    fn new(tz: Option<std::ffi::OsString>, mktime: LocalMktime) -> Clock {
        Clock { tz, zone: LocalZone::system(), mktime }
    }
}

/// Runs `f` with the state's [`Clock`], its zone the one `TZ` selects now.
fn with_clock<R>(vm: &mut Vm, f: impl FnOnce(&mut Clock) -> R) -> R {
    let tz = std::env::var_os("TZ");
    if vm.app_data::<Clock>().is_none_or(|c| c.tz != tz) {
        let mktime = vm.app_data::<Clock>().map_or_else(LocalMktime::new, |c| c.mktime);
        vm.set_app_data(Clock::new(tz.clone(), mktime));
    }
    match vm.app_data_mut::<Clock>() {
        Some(clock) => f(clock),
        None => f(&mut Clock::new(tz, LocalMktime::new())),
    }
}

fn now() -> i64 {
    match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

/// The fields of `tm` as `os.date("*t")` and `os.time` give them, in the reference's
/// order; `raw` for a fresh table, else through metamethods as `lua_setfield` does.
fn set_all_fields(vm: &mut Vm, t: Gc<Table>, tm: &Tm, raw: bool) -> LuaResult<()> {
    let fields = [
        ("year", Value::Int(tm.year)),
        ("month", Value::Int(tm.month)),
        ("day", Value::Int(tm.day)),
        ("hour", Value::Int(tm.hour)),
        ("min", Value::Int(tm.min)),
        ("sec", Value::Int(tm.sec)),
        ("yday", Value::Int(tm.yday)),
        ("wday", Value::Int(tm.wday + 1)),
        ("isdst", Value::Bool(tm.isdst)),
    ];
    for (key, value) in fields {
        if raw {
            vm.raw_set_str(t, key, value);
        } else {
            let k = vm.str_value(key);
            vm.set_index(Value::Table(t), k, value)?;
        }
    }
    Ok(())
}

fn date(vm: &mut Vm) -> NativeResult {
    let format = match vm.opt_string(1)? {
        Some(s) => s.as_bytes().to_vec(),
        None => b"%c".to_vec(),
    };
    let t = if vm.arg(2).is_nil() { now() } else { vm.check_integer(2)? };
    let result = with_clock(vm, |clock| time::date(&format, t, &clock.zone));
    match result {
        Ok(DateOutput::Table(tm)) => {
            let table = vm.new_table_with(0, 9);
            set_all_fields(vm, table, &tm, true)?;
            vm.ret1(Value::Table(table))
        }
        Ok(DateOutput::Text(text)) => {
            let s = vm.new_string_from_vec(text);
            vm.ret1(Value::Str(s))
        }
        Err(e @ time::DateError::Unrepresentable) => Err(vm.error(e.message())),
        Err(e) => Err(vm.arg_error(1, &e.message())),
    }
}

/// Field `key` of a date table (`getfield`): its integer value, `default` when
/// absent, or the reference's error.
fn date_field(vm: &mut Vm, t: Gc<Table>, key: &str, default: Option<i64>, delta: i64) -> LuaResult<i64> {
    let k = vm.str_value(key);
    let v = vm.index(Value::Table(t), k)?;
    match Vm::to_integer(&v) {
        Some(n) => time::check_date_field(key, n, delta).map_err(|msg| vm.error(msg)),
        None if !v.is_nil() => Err(vm.error(format!("field '{key}' is not an integer"))),
        None => default.ok_or_else(|| vm.error(format!("field '{key}' missing in date table"))),
    }
}

fn time(vm: &mut Vm) -> NativeResult {
    if vm.arg(1).is_nil() {
        return vm.ret1(Value::Int(now()));
    }
    let t = vm.check_table(1)?;
    let fields = DateFields {
        year: date_field(vm, t, "year", None, 1900)?,
        month: date_field(vm, t, "month", None, 1)?,
        day: date_field(vm, t, "day", None, 0)?,
        hour: date_field(vm, t, "hour", Some(12), 0)?,
        min: date_field(vm, t, "min", Some(0), 0)?,
        sec: date_field(vm, t, "sec", Some(0), 0)?,
        isdst: {
            let k = vm.str_value("isdst");
            let v = vm.index(Value::Table(t), k)?;
            if v.is_nil() {
                None
            } else {
                Some(!v.is_falsy())
            }
        },
    };
    let result = with_clock(vm, |clock| clock.mktime.time(&clock.zone, &fields));
    match result {
        Ok((seconds, tm)) => {
            set_all_fields(vm, t, &tm, false)?;
            vm.ret1(Value::Int(seconds))
        }
        Err(msg) => Err(vm.error(msg)),
    }
}

fn difftime(vm: &mut Vm) -> NativeResult {
    let t1 = vm.check_integer(1)?;
    let t2 = vm.check_integer(2)?;
    vm.ret1(Value::Float((i128::from(t1) - i128::from(t2)) as f64))
}

// ----- processes and environment -----

fn execute(vm: &mut Vm) -> NativeResult {
    let Some(command) = vm.opt_string(1)? else {
        return vm.ret1(Value::Bool(std::path::Path::new("/bin/sh").exists()));
    };
    // The reference's `print` flushes standard output each time, so what was printed
    // is out before the command runs; this one buffers it, so it flushes here.
    let _ = crate::output::flush_stdout(vm);
    match shell_command(command.as_bytes()).status() {
        Ok(status) => exit_status_results(vm, status),
        Err(e) => fail_file_result(vm, None, &e),
    }
}

fn exit(vm: &mut Vm) -> NativeResult {
    let status = match vm.arg(1) {
        Value::Bool(success) => i32::from(!success),
        // C's exit takes an int: larger statuses are cut as the cast cuts them.
        _ => vm.opt_integer(1, 0)? as i32,
    };
    if !vm.arg(2).is_falsy() {
        crate::close_state(vm);
    } else {
        crate::io::flush_all(vm);
    }
    std::process::exit(status)
}

fn getenv(vm: &mut Vm) -> NativeResult {
    let name = vm.check_string(1)?;
    let name = until_nul(name.as_bytes());
    // No variable has an empty name or one with '=' (and std refuses to look them up).
    if name.is_empty() || name.contains(&b'=') {
        return vm.ret1(Value::Nil);
    }
    match std::env::var_os(os_path(name)) {
        Some(value) => {
            use std::os::unix::ffi::OsStrExt;
            let s = vm.new_string(value.as_bytes());
            vm.ret1(Value::Str(s))
        }
        None => vm.ret1(Value::Nil),
    }
}

// ----- files -----

fn remove(vm: &mut Vm) -> NativeResult {
    let name = vm.check_string(1)?;
    let name = until_nul(name.as_bytes());
    let path = os_path(name);
    // C's remove() removes empty directories too.
    let removed = match std::fs::symlink_metadata(&path) {
        Ok(m) if m.is_dir() => std::fs::remove_dir(&path),
        _ => std::fs::remove_file(&path),
    };
    match removed {
        Ok(()) => vm.ret1(Value::Bool(true)),
        Err(e) => fail_file_result(vm, Some(name), &e),
    }
}

fn rename(vm: &mut Vm) -> NativeResult {
    let from = vm.check_string(1)?;
    let to = vm.check_string(2)?;
    match std::fs::rename(os_path(until_nul(from.as_bytes())), os_path(until_nul(to.as_bytes()))) {
        Ok(()) => vm.ret1(Value::Bool(true)),
        Err(e) => fail_file_result(vm, None, &e),
    }
}

fn tmpname(vm: &mut Vm) -> NativeResult {
    match create_temporary("/tmp/lua_") {
        Ok((name, _file)) => {
            let s = vm.str_value(&name);
            vm.ret1(s)
        }
        Err(_) => Err(vm.error("unable to generate a unique filename")),
    }
}

// ----- locales -----

/// glibc's locale categories, in the order of its composite names.
const CATEGORIES: [&str; 12] = [
    "LC_CTYPE",
    "LC_NUMERIC",
    "LC_TIME",
    "LC_COLLATE",
    "LC_MONETARY",
    "LC_MESSAGES",
    "LC_PAPER",
    "LC_NAME",
    "LC_ADDRESS",
    "LC_TELEPHONE",
    "LC_MEASUREMENT",
    "LC_IDENTIFICATION",
];

/// The categories `os.setlocale` names, as indexes into [`CATEGORIES`] (`None`: all).
const LUA_CATEGORIES: [Option<usize>; 6] = [None, Some(3), Some(0), Some(4), Some(1), Some(2)];

/// The locale name of each category.
struct Locales {
    names: [Vec<u8>; 12],
}

impl Default for Locales {
    fn default() -> Locales {
        Locales { names: std::array::from_fn(|_| b"C".to_vec()) }
    }
}

/// The name glibc records for a locale it always has, or `None` for any other.
fn builtin_locale(name: &[u8]) -> Option<Vec<u8>> {
    if name == b"C" || name == b"POSIX" {
        return Some(b"C".to_vec());
    }
    let codeset = name.strip_prefix(b"C.")?;
    let normalized: Vec<u8> =
        codeset.iter().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect();
    (normalized == b"utf8").then(|| name.to_vec())
}

/// The locale the environment selects for a category (`LC_ALL`, then the
/// category's variable, then `LANG`; "C" when none is set).
fn environment_locale(category: &str) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    ["LC_ALL", category, "LANG"]
        .iter()
        .filter_map(std::env::var_os)
        .find(|v| !v.is_empty())
        .map_or_else(|| b"C".to_vec(), |v| v.as_bytes().to_vec())
}

impl Locales {
    /// The name of a category, or for all of them the common name or glibc's
    /// composite `LC_CTYPE=...;LC_NUMERIC=...` list.
    fn query(&self, category: Option<usize>) -> Vec<u8> {
        if let Some(i) = category {
            return self.names.get(i).cloned().unwrap_or_default();
        }
        let first = &self.names[0];
        if self.names.iter().all(|n| n == first) {
            return first.clone();
        }
        let mut composite = Vec::new();
        for (i, (category, name)) in CATEGORIES.iter().zip(&self.names).enumerate() {
            if i > 0 {
                composite.push(b';');
            }
            composite.extend_from_slice(category.as_bytes());
            composite.push(b'=');
            composite.extend_from_slice(name);
        }
        composite
    }

    /// The names `request` gives the categories it changes, or `None` if it names a
    /// locale that is not available (then nothing changes).
    fn resolve(&self, request: &[u8], category: Option<usize>) -> Option<Vec<(usize, Vec<u8>)>> {
        let targets: Vec<usize> = match category {
            Some(i) => vec![i],
            None => (0..CATEGORIES.len()).collect(),
        };
        if category.is_none() && request.contains(&b';') {
            return self.resolve_composite(request);
        }
        targets
            .into_iter()
            .map(|i| {
                let wanted = if request.is_empty() {
                    environment_locale(CATEGORIES.get(i).copied().unwrap_or("LC_ALL"))
                } else {
                    request.to_vec()
                };
                builtin_locale(&wanted).map(|name| (i, name))
            })
            .collect()
    }

    /// A composite name as [`Locales::query`] makes them.
    fn resolve_composite(&self, request: &[u8]) -> Option<Vec<(usize, Vec<u8>)>> {
        request
            .split(|&b| b == b';')
            .map(|part| {
                let eq = part.iter().position(|&b| b == b'=')?;
                let (category, name) = (part.get(..eq)?, part.get(eq + 1..)?);
                let i = CATEGORIES.iter().position(|c| c.as_bytes() == category)?;
                builtin_locale(name).map(|name| (i, name))
            })
            .collect()
    }
}

fn setlocale(vm: &mut Vm) -> NativeResult {
    let request = vm.opt_string(1)?.map(|s| until_nul(s.as_bytes()).to_vec());
    let option = vm.check_option(2, Some("all"), &["all", "collate", "ctype", "monetary", "numeric", "time"])?;
    let category = LUA_CATEGORIES.get(option).copied().flatten();
    if vm.app_data::<Locales>().is_none() {
        vm.set_app_data(Locales::default());
    }
    let Some(locales) = vm.app_data_mut::<Locales>() else {
        return vm.ret1(Value::Nil);
    };
    let name = match request {
        None => Some(locales.query(category)),
        Some(request) => locales.resolve(&request, category).map(|changes| {
            for (i, name) in changes {
                if let Some(slot) = locales.names.get_mut(i) {
                    *slot = name;
                }
            }
            locales.query(category)
        }),
    };
    match name {
        Some(name) => {
            let s = vm.new_string_from_vec(name);
            vm.ret1(Value::Str(s))
        }
        None => vm.ret1(Value::Nil),
    }
}
