//! Helpers shared by the library modules: registering functions, the reference's
//! `fail` convention (`nil, message[, errno]`), and operating-system error texts.

use selenite_vm::{Gc, LuaResult, NativeFn, NativeResult, Table, Value, Vm};

/// Sets `table[name] = f` for each entry.
pub fn register(vm: &mut Vm, table: Gc<Table>, functions: &[(&str, NativeFn)]) {
    for (name, f) in functions {
        vm.raw_set_str(table, name, Value::NativeFn(*f));
    }
}

/// Returns `nil, msg` (the reference's `luaL_fileresult` failure shape without errno).
pub fn fail(vm: &mut Vm, msg: &str) -> NativeResult {
    let m = vm.str_value(msg);
    vm.ret(&[Value::Nil, m])
}

/// Returns `nil, msg, errno` for an operating-system error.
pub fn fail_os(vm: &mut Vm, prefix: Option<&str>, e: &std::io::Error) -> NativeResult {
    let text = os_error_text(e);
    let msg = match prefix {
        Some(p) => format!("{p}: {text}"),
        None => text,
    };
    let m = vm.str_value(&msg);
    let code = e.raw_os_error().unwrap_or(0) as i64;
    vm.ret(&[Value::Nil, m, Value::Int(code)])
}

/// The C library's text for an I/O error (`strerror`), without Rust's
/// " (os error N)" suffix.
pub fn os_error_text(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.rfind(" (os error ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// A file-system path from Lua string bytes.
pub fn os_path(bytes: &[u8]) -> std::path::PathBuf {
    use std::os::unix::ffi::OsStrExt;
    std::path::PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

/// Makes room for `extra` more bytes in a buffer being built by a library function,
/// failing with `not enough memory` past the state's memory limit or when the
/// allocator refuses (instead of aborting the process).
pub fn grow_buffer(vm: &mut Vm, buf: &mut Vec<u8>, extra: usize) -> LuaResult<()> {
    if buf.capacity() - buf.len() >= extra {
        return Ok(());
    }
    let wanted = buf.len().saturating_add(extra).max(buf.capacity().saturating_mul(2));
    vm.reserve_memory(wanted)?;
    if buf.try_reserve(wanted - buf.len()).is_err() && buf.try_reserve(extra).is_err() {
        return Err(vm.memory_error());
    }
    Ok(())
}
