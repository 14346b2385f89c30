//! String functions built on the byte-string engines of `selenite-text` (patterns,
//! `format`, `pack`) and on the bytecode writer (`dump`).

use crate::util::register;
use selenite_vm::{Gc, NativeResult, Table, Value, Vm};

/// Adds these functions to the string library table.
pub fn register_all(vm: &mut Vm, t: Gc<Table>) {
    register(vm, t, &[("dump", dump)]);
}

fn dump(vm: &mut Vm) -> NativeResult {
    let f = vm.arg(1);
    let strip = !vm.arg(2).is_falsy();
    if !f.is_function() {
        return Err(vm.type_arg_error(1, "function"));
    }
    let Some(proto) = vm.proto_to_bytecode(&f) else {
        return Err(vm.error("unable to dump given function"));
    };
    let bytes = selenite_bytecode::dump(&proto, strip);
    let s = vm.new_string_from_vec(bytes);
    vm.ret1(Value::Str(s))
}
