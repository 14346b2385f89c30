//! The package library (manual §6.3): `require`, `package.path`, `package.cpath`,
//! `package.loaded`, `package.preload`, `package.searchers`, `package.searchpath`,
//! `package.config`. Lua modules are found on `package.path`; native (C) modules
//! cannot be loaded by a pure-Rust interpreter, so a native module found on
//! `package.cpath` is reported as unsupported.

use crate::util::register;
use selenite_vm::{Gc, NativeResult, NativeReturn, Table, Value, Vm};

const PATH_DEFAULT: &str = "/usr/local/share/lua/5.4/?.lua;/usr/local/share/lua/5.4/?/init.lua;\
/usr/local/lib/lua/5.4/?.lua;/usr/local/lib/lua/5.4/?/init.lua;./?.lua;./?/init.lua";
const CPATH_DEFAULT: &str = "/usr/local/lib/lua/5.4/?.so;/usr/local/lib/lua/5.4/loadall.so;./?.so";

/// Opens the library; `require` goes into the globals.
pub fn open(vm: &mut Vm) -> Value {
    let package = vm.new_table();
    let preload = vm.new_table();
    vm.raw_set_str(package, "preload", Value::Table(preload));
    let registry = vm.registry();
    vm.raw_set_str(registry, "_PRELOAD", Value::Table(preload));
    let loaded_key = vm.loaded_key();
    let loaded = registry.get_str(loaded_key);
    vm.raw_set_str(package, "loaded", loaded);
    let config = vm.str_value("/\n;\n?\n!\n-\n");
    vm.raw_set_str(package, "config", config);
    let path = env_path("LUA_PATH_5_4", "LUA_PATH", PATH_DEFAULT);
    let p = vm.str_value(&path);
    vm.raw_set_str(package, "path", p);
    let cpath = env_path("LUA_CPATH_5_4", "LUA_CPATH", CPATH_DEFAULT);
    let c = vm.str_value(&cpath);
    vm.raw_set_str(package, "cpath", c);
    register(vm, package, &[("searchpath", searchpath)]);
    let searchers = vm.new_table();
    for (i, f) in
        [search_preload as selenite_vm::NativeFn, search_lua, search_native, search_native_root].into_iter().enumerate()
    {
        let s = vm.new_native_closure(f, &[Value::Table(package)]);
        vm.raw_set_int(searchers, i as i64 + 1, s);
    }
    vm.raw_set_str(package, "searchers", Value::Table(searchers));
    let req = vm.new_native_closure(require, &[Value::Table(package)]);
    vm.set_global("require", req);
    Value::Table(package)
}

/// A path from the environment (`;;` stands for the default), or the default.
fn env_path(versioned: &str, plain: &str, default: &str) -> String {
    if std::env::var_os("LUA_NOENV").is_some() {
        return default.to_string();
    }
    let Ok(v) = std::env::var(versioned).or_else(|_| std::env::var(plain)) else {
        return default.to_string();
    };
    match v.find(";;") {
        None => v,
        Some(i) => {
            let (before, after) = (&v[..i], &v[i + 2..]);
            let mut out = String::new();
            out.push_str(before);
            if !before.is_empty() {
                out.push(';');
            }
            out.push_str(default);
            if !after.is_empty() {
                out.push(';');
            }
            out.push_str(after);
            out
        }
    }
}

fn package_table(vm: &Vm) -> Option<Gc<Table>> {
    vm.native_upvalue(0).as_table()
}

/// Replaces every occurrence of `from` by `to`.
fn replace_all(s: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    if from.is_empty() {
        return s.to_vec();
    }
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    out
}

/// Looks for `name` along `path`: the first readable file, or the list of tried
/// names as the reference's error text.
fn search_path(name: &[u8], path: &[u8], sep: &[u8], dirsep: &[u8]) -> Result<Vec<u8>, Vec<u8>> {
    let name = if !sep.is_empty() && name.windows(sep.len()).any(|w| w == sep) {
        replace_all(name, sep, dirsep)
    } else {
        name.to_vec()
    };
    let full = replace_all(path, b"?", &name);
    for candidate in full.split(|&c| c == b';').filter(|c| !c.is_empty()) {
        if std::fs::File::open(crate::util::os_path(candidate)).is_ok() {
            return Ok(candidate.to_vec());
        }
    }
    let mut msg = b"no file '".to_vec();
    msg.extend_from_slice(&replace_all(&full, b";", b"'\n\tno file '"));
    msg.push(b'\'');
    Err(msg)
}

fn searchpath(vm: &mut Vm) -> NativeResult {
    let name = vm.check_string(1)?.as_bytes().to_vec();
    let path = vm.check_string(2)?.as_bytes().to_vec();
    let sep = vm.opt_string(3)?.map_or(b".".to_vec(), |s| s.as_bytes().to_vec());
    let rep = vm.opt_string(4)?.map_or(b"/".to_vec(), |s| s.as_bytes().to_vec());
    match search_path(&name, &path, &sep, &rep) {
        Ok(f) => {
            let s = vm.new_string_from_vec(f);
            vm.ret1(Value::Str(s))
        }
        Err(msg) => {
            let m = vm.new_string_from_vec(msg);
            vm.ret(&[Value::Nil, Value::Str(m)])
        }
    }
}

/// The string field `field` of `package`, or an error naming it.
fn path_field(vm: &mut Vm, field: &str) -> Result<Vec<u8>, selenite_vm::LuaError> {
    let package = package_table(vm).ok_or_else(|| vm.error("'package' table missing"))?;
    let key = vm.new_string(field.as_bytes());
    match package.get_str(key) {
        Value::Str(s) => Ok(s.as_bytes().to_vec()),
        _ => Err(vm.error(format!("'package.{field}' must be a string"))),
    }
}

fn search_preload(vm: &mut Vm) -> NativeResult {
    let name = vm.check_string(1)?;
    let registry = vm.registry();
    let key = vm.new_string(b"_PRELOAD");
    let loader = match registry.get_str(key) {
        Value::Table(t) => t.get_str(name),
        _ => Value::Nil,
    };
    if loader.is_nil() {
        let msg = format!("no field package.preload['{}']", name.to_str_lossy());
        let m = vm.str_value(&msg);
        return vm.ret1(m);
    }
    let tag = vm.str_value(":preload:");
    vm.ret(&[loader, tag])
}

fn search_lua(vm: &mut Vm) -> NativeResult {
    let name = vm.check_string(1)?.as_bytes().to_vec();
    let path = path_field(vm, "path")?;
    match search_path(&name, &path, b".", b"/") {
        Err(msg) => {
            let m = vm.new_string_from_vec(msg);
            vm.ret1(Value::Str(m))
        }
        Ok(file) => match crate::base::load_file(vm, Some(&file), b"bt") {
            Ok(f) => {
                let fname = vm.new_string_from_vec(file);
                vm.ret(&[f, Value::Str(fname)])
            }
            Err(msg) => Err(vm.error(format!(
                "error loading module '{}' from file '{}':\n\t{}",
                String::from_utf8_lossy(&name),
                String::from_utf8_lossy(&file),
                msg
            ))),
        },
    }
}

fn native_unsupported(vm: &mut Vm, name: &[u8], file: &[u8]) -> selenite_vm::LuaError {
    vm.error(format!(
        "error loading module '{}' from file '{}':\n\tnative (C) modules are not supported by Selenite",
        String::from_utf8_lossy(name),
        String::from_utf8_lossy(file)
    ))
}

fn search_native(vm: &mut Vm) -> NativeResult {
    let name = vm.check_string(1)?.as_bytes().to_vec();
    let cpath = path_field(vm, "cpath")?;
    match search_path(&name, &cpath, b".", b"/") {
        Err(msg) => {
            let m = vm.new_string_from_vec(msg);
            vm.ret1(Value::Str(m))
        }
        Ok(file) => Err(native_unsupported(vm, &name, &file)),
    }
}

/// The all-in-one searcher: looks for the root of a dotted name on `cpath`.
fn search_native_root(vm: &mut Vm) -> NativeResult {
    let name = vm.check_string(1)?.as_bytes().to_vec();
    let Some(dot) = name.iter().position(|&c| c == b'.') else {
        return vm.ret0();
    };
    let root = &name[..dot];
    let cpath = path_field(vm, "cpath")?;
    match search_path(root, &cpath, b".", b"/") {
        Err(msg) => {
            let m = vm.new_string_from_vec(msg);
            vm.ret1(Value::Str(m))
        }
        Ok(file) => Err(native_unsupported(vm, &name, &file)),
    }
}

fn require(vm: &mut Vm) -> NativeResult {
    let name = vm.check_string(1)?;
    vm.set_stack_len(1)?;
    let registry = vm.registry();
    let loaded_key = vm.loaded_key();
    let Value::Table(loaded) = registry.get_str(loaded_key) else {
        return Err(vm.error("'package.loaded' must be a table"));
    };
    let existing = loaded.get_str(name);
    if !existing.is_falsy() {
        return vm.ret1(existing);
    }
    let package = package_table(vm).ok_or_else(|| vm.error("'package' table missing"))?;
    let key = vm.new_string(b"searchers");
    let Value::Table(searchers) = package.get_str(key) else {
        return Err(vm.error("'package.searchers' must be a table"));
    };
    // Keep the tables rooted on the stack while searchers and loaders run.
    vm.push(Value::Table(loaded))?;
    vm.push(Value::Table(searchers))?;
    let mut msg: Vec<u8> = Vec::new();
    let mut i = 1;
    let (loader, data) = loop {
        let searcher = searchers.get_int(i);
        if searcher.is_nil() {
            let text = format!("module '{}' not found:{}", name.to_str_lossy(), String::from_utf8_lossy(&msg));
            return Err(vm.error(text));
        }
        let results = vm.call_function(searcher, &[Value::Str(name)])?;
        let first = results.first().copied().unwrap_or(Value::Nil);
        let second = results.get(1).copied().unwrap_or(Value::Nil);
        if first.is_function() {
            break (first, second);
        }
        if let Value::Str(s) = first {
            msg.extend_from_slice(b"\n\t");
            msg.extend_from_slice(s.as_bytes());
        } else if let v @ (Value::Int(_) | Value::Float(_)) = first {
            msg.extend_from_slice(b"\n\t");
            let s = vm.to_display_string(v)?;
            msg.extend_from_slice(s.as_bytes());
        }
        i += 1;
    };
    vm.push(data)?;
    let result = vm.call1(loader, &[Value::Str(name), data])?;
    if !result.is_nil() {
        vm.raw_set(loaded, Value::Str(name), result)?;
    }
    let mut value = loaded.get_str(name);
    if value.is_nil() {
        value = Value::Bool(true);
        vm.raw_set(loaded, Value::Str(name), value)?;
    }
    vm.push(value)?;
    vm.push(data)?;
    Ok(NativeReturn::Values(2))
}
