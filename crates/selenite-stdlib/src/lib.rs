//! The Lua 5.4 standard library for Selenite, written on the same native-function
//! interface (`selenite_vm::Vm`) that embedders use.

#![forbid(unsafe_code)]

pub mod base;
pub mod coroutine;
pub mod debug;
pub mod io;
pub mod math;
pub mod os;
pub mod output;
pub mod package;
pub mod sandbox;
pub mod string;
pub mod string_ext;
pub mod table;
pub mod utf8;
pub mod util;

use selenite_vm::{Value, Vm};

/// Opens every standard library into `vm`'s global table and records them in
/// `package.loaded` (the registry's `_LOADED` table).
/// A library's constructor: builds its table (or value) in the given state.
type OpenLibrary = fn(&mut Vm) -> Value;

pub fn open_libs(vm: &mut Vm) {
    let registry = vm.registry();
    let loaded = vm.new_table();
    let key = vm.loaded_key();
    vm.raw_set(registry, Value::Str(key), Value::Table(loaded)).ok();
    base::open(vm);
    let g = vm.globals();
    vm.raw_set_str(loaded, "_G", Value::Table(g));
    let modules: [(&str, OpenLibrary); 9] = [
        ("package", package::open),
        ("coroutine", coroutine::open),
        ("io", io::open),
        ("os", os::open),
        ("string", string::open),
        ("table", table::open),
        ("math", math::open),
        ("utf8", utf8::open),
        ("debug", debug::open),
    ];
    for (name, open) in modules {
        let m = open(vm);
        vm.raw_set_str(loaded, name, m);
        vm.set_global(name, m);
    }
}

/// Turns `warn` output on or off (the command line's `-W`). Warnings go to stderr as
/// `Lua warning: ...`; the control messages `@on` and `@off` switch them.
pub fn set_warnings(vm: &mut Vm, on: bool) {
    let mut enabled = on;
    let mut buf = Vec::<u8>::new();
    vm.set_warn_fn(Some(Box::new(move |msg: &[u8], tocont: bool| {
        if buf.is_empty() && !tocont && msg.first() == Some(&b'@') {
            match msg {
                b"@on" => enabled = true,
                b"@off" => enabled = false,
                _ => {}
            }
            return;
        }
        buf.extend_from_slice(msg);
        if tocont {
            return;
        }
        if enabled {
            use std::io::Write;
            let mut err = std::io::stderr();
            let _ = err.write_all(b"Lua warning: ");
            let _ = err.write_all(&buf);
            let _ = err.write_all(b"\n");
        }
        buf.clear();
    })));
}

/// Finishes a state before the program exits: runs pending finalizers and flushes
/// buffered output.
pub fn close_state(vm: &mut Vm) {
    vm.close_finalizers();
    io::flush_all(vm);
}
