//! The safe profile of the standard library, for scripts the host does not trust.
//!
//! [`restrict`] turns a state opened with every library into one where a script can
//! compute, print, use strings, tables, math, utf8 and coroutines, read the clock and
//! format dates, and nothing else: no `io`, no `os` beyond `clock`, `date`, `time`
//! and `difftime`, no `package`/`require`/`dofile`/`loadfile`, `load` of text chunks
//! only, `debug` reduced to `traceback`, and `collectgarbage` limited to the options
//! that only observe or help the collector.
//!
//! The libraries a script sees are read-only: each global library is an empty proxy
//! whose protected metatable (`__metatable` is false) reads through to the real table
//! and refuses writes, `rawset` refuses the proxies too, and the string metatable is
//! protected and indexes the proxy. So no script can replace a library function that
//! the host, or another part of the script, relies on. Limits on memory, instructions
//! and time are separate (`Vm::set_memory_limit`, `Vm::set_instruction_limit`,
//! `Vm::set_deadline`) and combine with this profile.

use selenite_vm::{Gc, LuaType, NativeFn, NativeResult, Table, Value, Vm};

/// Libraries removed from the globals.
const REMOVED_GLOBALS: [&str; 6] = ["io", "package", "require", "dofile", "loadfile", "debug"];
/// What remains of `os`.
const OS_KEPT: [&str; 4] = ["clock", "date", "difftime", "time"];
/// The `collectgarbage` options a sandboxed script may use.
const GC_OPTIONS_KEPT: [&str; 4] = ["collect", "count", "isrunning", "step"];

/// Applies the safe profile to `vm`, which must have been opened with
/// [`crate::open_libs`].
pub fn restrict(vm: &mut Vm) {
    let globals = vm.globals();
    let traceback = library_field(vm, "debug", "traceback");
    for name in REMOVED_GLOBALS {
        vm.set_global(name, Value::Nil);
    }
    let os = vm.new_table();
    for name in OS_KEPT {
        let f = library_field(vm, "os", name);
        vm.raw_set_str(os, name, f);
    }
    vm.set_global("os", Value::Table(os));
    let debug = vm.new_table();
    vm.raw_set_str(debug, "traceback", traceback);
    vm.set_global("debug", Value::Table(debug));
    vm.set_global("load", Value::NativeFn(load_text_only));
    vm.set_global("collectgarbage", Value::NativeFn(collectgarbage_observing));
    vm.set_global("rawset", Value::NativeFn(rawset_unless_read_only));

    for name in ["coroutine", "debug", "math", "os", "string", "table", "utf8"] {
        let Value::Table(library) = vm.get_global(name) else { continue };
        let proxy = read_only_proxy(vm, library);
        vm.set_global(name, Value::Table(proxy));
        if name == "string" {
            protect_string_metatable(vm, proxy);
        }
    }
    // `package.loaded` went with `package`; `_G` stays the script's own.
    vm.raw_set_str(globals, "_G", Value::Table(globals));
}

/// `library.field` of the fully opened state (nil if absent).
fn library_field(vm: &mut Vm, library: &str, field: &str) -> Value {
    match vm.get_global(library) {
        Value::Table(t) => {
            let key = vm.str_value(field);
            t.get(&key)
        }
        _ => Value::Nil,
    }
}

/// An empty table that reads through to `library` and refuses writes.
fn read_only_proxy(vm: &mut Vm, library: Gc<Table>) -> Gc<Table> {
    let proxy = vm.new_table();
    let meta = vm.new_table();
    vm.raw_set_str(meta, "__index", Value::Table(library));
    vm.raw_set_str(meta, "__newindex", Value::NativeFn(refuse_write));
    vm.raw_set_str(meta, "__metatable", Value::Bool(false));
    vm.raw_set_str(meta, "__pairs", Value::NativeFn(pairs_through_proxy));
    vm.set_table_metatable(proxy, Some(meta));
    proxy
}

/// The library behind a read-only proxy (`None` for any other value, so the
/// iterator cannot enumerate the `__index` table of an arbitrary object).
fn library_behind(vm: &mut Vm, proxy: &Value) -> Option<Gc<Table>> {
    if !is_read_only(vm, proxy) {
        return None;
    }
    let meta = vm.metatable(proxy)?;
    let key = vm.str_value("__index");
    match meta.get(&key) {
        Value::Table(t) => Some(t),
        _ => None,
    }
}

/// `__pairs` of the proxies: iterates the library without handing the library
/// table itself to the script (the iterator is given the proxy as its state).
fn pairs_through_proxy(vm: &mut Vm) -> NativeResult {
    let proxy = vm.arg(1);
    vm.ret(&[Value::NativeFn(next_through_proxy), proxy, Value::Nil])
}

fn next_through_proxy(vm: &mut Vm) -> NativeResult {
    let proxy = vm.arg(1);
    let key = vm.arg(2);
    let Some(library) = library_behind(vm, &proxy) else {
        return vm.ret1(Value::Nil);
    };
    match library.next(&key) {
        Ok(Some((k, v))) => vm.ret(&[k, v]),
        Ok(None) => vm.ret1(Value::Nil),
        Err(_) => Err(vm.error("invalid key to 'next'")),
    }
}

/// Points the string metatable's `__index` at the read-only `string` proxy and hides
/// the metatable from `getmetatable`.
fn protect_string_metatable(vm: &mut Vm, string_proxy: Gc<Table>) {
    let meta = vm.new_table();
    let any_string = vm.str_value("");
    if let Some(old) = vm.metatable(&any_string) {
        // Keep the arithmetic metamethods strings have (`"10" + 1`).
        let mut key = Value::Nil;
        while let Ok(Some((k, v))) = old.next(&key) {
            vm.raw_set(meta, k, v).ok();
            key = k;
        }
    }
    vm.raw_set_str(meta, "__index", Value::Table(string_proxy));
    vm.raw_set_str(meta, "__metatable", Value::Bool(false));
    vm.set_type_metatable(LuaType::String, Some(meta));
}

/// Whether `v` is one of the read-only proxies (its metatable refuses writes).
fn is_read_only(vm: &mut Vm, v: &Value) -> bool {
    let Some(meta) = vm.metatable(v) else { return false };
    let key = vm.str_value("__newindex");
    matches!(meta.get(&key), Value::NativeFn(f) if f as usize == refuse_write as NativeFn as usize)
}

/// `__newindex` of the proxies.
fn refuse_write(vm: &mut Vm) -> NativeResult {
    Err(vm.error("attempt to modify a read-only table"))
}

/// `rawset` that refuses the read-only proxies.
fn rawset_unless_read_only(vm: &mut Vm) -> NativeResult {
    let t = vm.check_table(1)?;
    if is_read_only(vm, &Value::Table(t)) {
        return Err(vm.error("attempt to modify a read-only table"));
    }
    crate::base::rawset(vm)
}

/// `load` restricted to text chunks: a binary chunk is refused as with mode "t".
fn load_text_only(vm: &mut Vm) -> NativeResult {
    let t = vm.str_value("t");
    while vm.arg_count() < 2 {
        vm.push(Value::Nil)?;
    }
    if vm.arg_count() < 3 {
        vm.push(t)?;
    } else {
        vm.set_arg(3, t);
    }
    crate::base::load(vm)
}

/// `collectgarbage` limited to the options that observe or help the collector.
fn collectgarbage_observing(vm: &mut Vm) -> NativeResult {
    vm.check_option(1, Some("collect"), &GC_OPTIONS_KEPT)?;
    crate::base::collectgarbage(vm)
}
