//! The package library (manual §6.3): `require` with `package.loaded`,
//! `package.preload` and the four searchers of the reference, `package.path` and
//! `package.cpath` (from `LUA_PATH_5_4`/`LUA_PATH` and their `CPATH` twins, `;;`
//! standing for the default, unless the registry's `LUA_NOENV` is set),
//! `package.config`, `package.searchpath` and `package.loadlib`.
//!
//! A pure-Rust interpreter cannot load native (C) libraries: `loadlib` fails as a
//! reference built without dynamic libraries does, and a native module found on
//! `package.cpath` is an error saying so. Every searcher and `require` keep the
//! `package` table as their upvalue, as in the reference, so replacing the global
//! `package` changes nothing.

use crate::io::until_nul;
use crate::util::{os_path, register};
use selenite_vm::{Gc, LuaError, LuaResult, LuaStr, NativeFn, NativeResult, Table, Value, Vm};

const PATH_DEFAULT: &str = "/usr/local/share/lua/5.4/?.lua;/usr/local/share/lua/5.4/?/init.lua;\
/usr/local/lib/lua/5.4/?.lua;/usr/local/lib/lua/5.4/?/init.lua;./?.lua;./?/init.lua";
const CPATH_DEFAULT: &str = "/usr/local/lib/lua/5.4/?.so;/usr/local/lib/lua/5.4/loadall.so;./?.so";
const PRELOAD_KEY: &str = "_PRELOAD";
/// Why native libraries cannot be loaded.
const NATIVE_UNSUPPORTED: &str = "native (C) libraries are not supported by Selenite";

/// Opens the library; `require` goes into the globals.
pub fn open(vm: &mut Vm) -> Value {
    let package = vm.new_table();
    register(vm, package, &[("loadlib", loadlib), ("searchpath", searchpath)]);
    let searchers = vm.new_table_with(4, 0);
    let search_functions: [NativeFn; 4] = [search_preload, search_lua, search_native, search_native_root];
    for (i, f) in (1..).zip(search_functions) {
        let searcher = vm.new_native_closure(f, &[Value::Table(package)]);
        vm.raw_set_int(searchers, i, searcher);
    }
    vm.raw_set_str(package, "searchers", Value::Table(searchers));
    let ignore_environment = !registry_field(vm, "LUA_NOENV").is_falsy();
    for (field, variable, default) in [("path", "LUA_PATH", PATH_DEFAULT), ("cpath", "LUA_CPATH", CPATH_DEFAULT)] {
        let path = configured_path(variable, default, ignore_environment);
        let s = vm.new_string_from_vec(path);
        vm.raw_set_str(package, field, Value::Str(s));
    }
    let config = vm.str_value("/\n;\n?\n!\n-\n");
    vm.raw_set_str(package, "config", config);
    let loaded_key = vm.loaded_key();
    let registry = vm.registry();
    let loaded = registry.get_str(loaded_key);
    vm.raw_set_str(package, "loaded", loaded);
    let preload = match registry_field(vm, PRELOAD_KEY) {
        Value::Table(t) => t,
        _ => {
            let t = vm.new_table();
            vm.raw_set_str(registry, PRELOAD_KEY, Value::Table(t));
            t
        }
    };
    vm.raw_set_str(package, "preload", Value::Table(preload));
    let require = vm.new_native_closure(require, &[Value::Table(package)]);
    vm.set_global("require", require);
    Value::Table(package)
}

fn registry_field(vm: &mut Vm, key: &str) -> Value {
    let registry = vm.registry();
    let k = vm.new_string(key.as_bytes());
    registry.get_str(k)
}

/// A search path: `VARIABLE_5_4` or else `VARIABLE` from the environment, with a
/// `;;` replaced by the default, or the default itself.
fn configured_path(variable: &str, default: &str, ignore_environment: bool) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    let from_environment = std::env::var_os(format!("{variable}_5_4")).or_else(|| std::env::var_os(variable));
    let path = match from_environment {
        Some(value) if !ignore_environment => value.as_bytes().to_vec(),
        _ => return default.as_bytes().to_vec(),
    };
    let Some(mark) = path.windows(2).position(|w| w == b";;") else {
        return path;
    };
    let (before, after) = (path.get(..mark).unwrap_or_default(), path.get(mark + 2..).unwrap_or_default());
    let mut expanded = Vec::with_capacity(path.len() + default.len() + 2);
    if !before.is_empty() {
        expanded.extend_from_slice(before);
        expanded.push(b';');
    }
    expanded.extend_from_slice(default.as_bytes());
    if !after.is_empty() {
        expanded.push(b';');
        expanded.extend_from_slice(after);
    }
    expanded
}

/// The `package` table the running searcher or `require` was made with.
fn package_table(vm: &mut Vm) -> LuaResult<Gc<Table>> {
    match vm.native_upvalue(0) {
        Value::Table(t) => Ok(t),
        _ => Err(vm.error("'package' table missing")),
    }
}

/// Replaces every occurrence of `from` (not empty) by `to`.
fn replace_all(s: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut rest = s;
    while !rest.is_empty() {
        if !from.is_empty() && rest.starts_with(from) {
            out.extend_from_slice(to);
            rest = rest.get(from.len()..).unwrap_or_default();
        } else {
            out.extend_from_slice(rest.get(..1).unwrap_or_default());
            rest = rest.get(1..).unwrap_or_default();
        }
    }
    out
}

/// Whether a file can be opened for reading (what `require` calls readable).
fn readable(name: &[u8]) -> bool {
    !name.contains(&0) && std::fs::File::open(os_path(name)).is_ok()
}

/// Looks for `name` along `path` (`?` marks where the name goes, each `sep` in the
/// name becoming `dirsep`): the first readable file, or the reference's list of the
/// files tried as the error.
fn search_path(name: &[u8], path: &[u8], sep: &[u8], dirsep: &[u8]) -> Result<Vec<u8>, Vec<u8>> {
    let name = match sep.first() {
        Some(first) if name.contains(first) => replace_all(name, sep, dirsep),
        _ => name.to_vec(),
    };
    let candidates = replace_all(path, b"?", &name);
    if let Some(found) = candidates.split(|&c| c == b';').find(|c| readable(c)) {
        return Ok(found.to_vec());
    }
    let mut message = b"no file '".to_vec();
    message.extend_from_slice(&replace_all(&candidates, b";", b"'\n\tno file '"));
    message.push(b'\'');
    Err(message)
}

/// A string argument as the C library sees it (up to a NUL).
fn c_string_arg(vm: &mut Vm, n: usize, default: Option<&[u8]>) -> LuaResult<Vec<u8>> {
    let bytes = match (vm.arg(n), default) {
        (Value::Nil, Some(d)) => d.to_vec(),
        _ => vm.check_string(n)?.as_bytes().to_vec(),
    };
    Ok(until_nul(&bytes).to_vec())
}

fn searchpath(vm: &mut Vm) -> NativeResult {
    // The reference's C compiler evaluates these checks from the last to the first.
    let dirsep = c_string_arg(vm, 4, Some(b"/"))?;
    let sep = c_string_arg(vm, 3, Some(b"."))?;
    let path = c_string_arg(vm, 2, None)?;
    let name = c_string_arg(vm, 1, None)?;
    match search_path(&name, &path, &sep, &dirsep) {
        Ok(file) => {
            let s = vm.new_string_from_vec(file);
            vm.ret1(Value::Str(s))
        }
        Err(message) => {
            let m = vm.new_string_from_vec(message);
            vm.ret(&[Value::Nil, Value::Str(m)])
        }
    }
}

/// `package.loadlib(path, funcname)`: always the failure of a library that cannot
/// be opened.
fn loadlib(vm: &mut Vm) -> NativeResult {
    vm.check_string(1)?;
    vm.check_string(2)?;
    let message = vm.str_value(NATIVE_UNSUPPORTED);
    let place = vm.str_value("absent");
    vm.ret(&[Value::Nil, message, place])
}

/// `package[field]` as a path string (`findfile`).
fn path_field(vm: &mut Vm, field: &str) -> LuaResult<Vec<u8>> {
    let package = package_table(vm)?;
    let key = vm.str_value(field);
    let value = vm.index(Value::Table(package), key)?;
    let text = match value {
        Value::Str(s) => Some(s),
        Value::Int(_) | Value::Float(_) => vm.number_to_str(&value),
        _ => None,
    };
    match text {
        Some(s) => Ok(until_nul(s.as_bytes()).to_vec()),
        None => Err(vm.error(format!("'package.{field}' must be a string"))),
    }
}

fn search_preload(vm: &mut Vm) -> NativeResult {
    let name = vm.check_string(1)?;
    let loader = match registry_field(vm, PRELOAD_KEY) {
        Value::Table(preload) => vm.index(Value::Table(preload), Value::Str(name))?,
        _ => Value::Nil,
    };
    if loader.is_nil() {
        let mut message = b"no field package.preload['".to_vec();
        message.extend_from_slice(until_nul(name.as_bytes()));
        message.extend_from_slice(b"']");
        let m = vm.new_string_from_vec(message);
        return vm.ret1(Value::Str(m));
    }
    let tag = vm.str_value(":preload:");
    vm.ret(&[loader, tag])
}

/// `error loading module 'name' from file 'file':\n\treason`.
fn loading_error(vm: &mut Vm, name: &[u8], file: &[u8], reason: &[u8]) -> LuaError {
    let mut message = b"error loading module '".to_vec();
    message.extend_from_slice(name);
    message.extend_from_slice(b"' from file '");
    message.extend_from_slice(file);
    message.extend_from_slice(b"':\n\t");
    message.extend_from_slice(reason);
    let mut text = vm.where_(1).into_bytes();
    text.extend_from_slice(&message);
    let s = vm.new_string_from_vec(text);
    vm.error_value_raise(Value::Str(s))
}

/// Returns what a searcher that did not find `name` along `field` reports.
fn not_found(vm: &mut Vm, message: Vec<u8>) -> NativeResult {
    let m = vm.new_string_from_vec(message);
    vm.ret1(Value::Str(m))
}

fn search_lua(vm: &mut Vm) -> NativeResult {
    let name = c_string_arg(vm, 1, None)?;
    let path = path_field(vm, "path")?;
    match search_path(&name, &path, b".", b"/") {
        Err(message) => not_found(vm, message),
        Ok(file) => match crate::base::load_file(vm, Some(&file), b"bt") {
            Ok(chunk) => {
                let file_name = vm.new_string_from_vec(file);
                vm.ret(&[chunk, Value::Str(file_name)])
            }
            Err(reason) => Err(loading_error(vm, &name, &file, reason.as_bytes())),
        },
    }
}

fn search_native(vm: &mut Vm) -> NativeResult {
    let name = c_string_arg(vm, 1, None)?;
    let cpath = path_field(vm, "cpath")?;
    match search_path(&name, &cpath, b".", b"/") {
        Err(message) => not_found(vm, message),
        Ok(file) => Err(loading_error(vm, &name, &file, NATIVE_UNSUPPORTED.as_bytes())),
    }
}

/// The all-in-one searcher: looks for the root of a dotted name on `cpath`.
fn search_native_root(vm: &mut Vm) -> NativeResult {
    let name = c_string_arg(vm, 1, None)?;
    let Some(dot) = name.iter().position(|&c| c == b'.') else {
        return vm.ret0();
    };
    let root = name.get(..dot).unwrap_or_default();
    let cpath = path_field(vm, "cpath")?;
    match search_path(root, &cpath, b".", b"/") {
        Err(message) => not_found(vm, message),
        Ok(file) => Err(loading_error(vm, &name, &file, NATIVE_UNSUPPORTED.as_bytes())),
    }
}

/// Asks each searcher in turn for a loader of `name`: the loader and its data, or the
/// reference's `module 'name' not found:` error listing what each searcher tried.
fn find_loader(vm: &mut Vm, name: Gc<LuaStr>) -> LuaResult<(Value, Value)> {
    let package = package_table(vm)?;
    let key = vm.str_value("searchers");
    let Value::Table(searchers) = vm.index(Value::Table(package), key)? else {
        return Err(vm.error("'package.searchers' must be a table"));
    };
    vm.push(Value::Table(searchers))?;
    let mut tried: Vec<u8> = Vec::new();
    for i in 1.. {
        let searcher = searchers.get_int(i);
        if searcher.is_nil() {
            break;
        }
        let results = vm.call_function(searcher, &[Value::Str(name)])?;
        let first = results.first().copied().unwrap_or(Value::Nil);
        if first.is_function() {
            return Ok((first, results.get(1).copied().unwrap_or(Value::Nil)));
        }
        let text = match first {
            Value::Str(s) => Some(s),
            Value::Int(_) | Value::Float(_) => vm.number_to_str(&first),
            _ => None,
        };
        if let Some(text) = text {
            tried.extend_from_slice(b"\n\t");
            tried.extend_from_slice(text.as_bytes());
        }
    }
    let mut message = vm.where_(1).into_bytes();
    message.extend_from_slice(b"module '");
    message.extend_from_slice(until_nul(name.as_bytes()));
    message.extend_from_slice(b"' not found:");
    message.extend_from_slice(&tried);
    let s = vm.new_string_from_vec(message);
    Err(vm.error_value_raise(Value::Str(s)))
}

fn require(vm: &mut Vm) -> NativeResult {
    let name = vm.check_string(1)?;
    vm.set_stack_len(1)?;
    let loaded_key = vm.loaded_key();
    let registry = vm.registry();
    let loaded = registry.get_str(loaded_key);
    vm.push(loaded)?;
    let existing = vm.index(loaded, Value::Str(name))?;
    if !existing.is_falsy() {
        return vm.ret1(existing);
    }
    let (loader, data) = find_loader(vm, name)?;
    vm.push(loader)?;
    vm.push(data)?;
    let result = vm.call1(loader, &[Value::Str(name), data])?;
    if !result.is_nil() {
        vm.set_index(loaded, Value::Str(name), result)?;
    }
    let mut module = vm.index(loaded, Value::Str(name))?;
    if module.is_nil() {
        module = Value::Bool(true);
        vm.set_index(loaded, Value::Str(name), module)?;
    }
    vm.ret(&[module, data])
}
