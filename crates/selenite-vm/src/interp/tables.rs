//! Handlers that read, write and build tables. Each access has a fast path for a
//! plain table hit and a `#[cold]` slow path (`index_step`/`newindex_step`) for
//! metamethods, missing keys and other types.

use super::{call_metamethod, konst, meta_result, reg, save_pc, upval, Consts, Pc, Regs, Resume};
use crate::debug::Origin;
use crate::error::LuaResult;
use crate::gc::{barrier_back_needed, Gc};
use crate::meta::Tm;
use crate::ops::Step;
use crate::string::LuaStr;
use crate::table::Table;
use crate::value::Value;
use crate::vm::Vm;
use selenite_bytecode::{Instruction, OpCode};

/// How many `__index` tables `inherited_slot` follows before leaving the rest of a
/// chain to the general path (which enforces the reference's limit).
const INLINE_INDEX_CHAIN: usize = 8;

/// Most hash slots a table may have (the reference's `MAXHSIZE`).
const MAX_HASH_SIZE: usize = 1 << 30;
/// Most bytes one `NEWTABLE`/`SETLIST` may ask for at once (1 GiB). Only a forged
/// binary chunk or a constructor of tens of millions of items asks for more; the
/// reference would try the allocation, which on an overcommitting system can end the
/// process instead of failing.
const MAX_PRESIZE_BYTES: usize = 1 << 30;

// SAFETY (every handler here): operands were checked by the verifier and `base`
// points at the running frame's registers (see the module invariants in `mod.rs`);
// `base` is reloaded after every slow path that may move the stack.

/// Finishes a store whose slow path may have set up a `__newindex` call.
///
/// # Safety
/// `pc` must point into the running prototype's code.
#[inline(always)]
unsafe fn finish_store(vm: &mut Vm, pc: Pc, step: Option<Step>) -> LuaResult<Resume> {
    match step {
        // SAFETY: guaranteed by the caller.
        Some(Step::Call { f, args, nargs }) => unsafe { call_metamethod(vm, pc, f, &args[..nargs], 0) },
        _ => Ok(Resume::At(pc)),
    }
}

pub(super) unsafe fn op_get_tab_up(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above; `upval` reads the running closure's.
    unsafe {
        let t = upval(vm, i.b()).get();
        if let (Value::Table(tb), Value::Str(s)) = (t, konst(k, i.c())) {
            if s.is_short() {
                if let Some(v) = tb.short_str_slot(s) {
                    if !v.is_nil() {
                        Value::copy_from(reg(base, i.a()), v);
                        dispatch!(vm, pc, base, k)
                    }
                }
            }
        }
        get_tab_up_slow(vm, pc, base, k, i)
    }
}

out_of_line!(
    #[cold]
    get_tab_up_slow => get_tab_up_slow_work
);

#[inline(never)]
unsafe fn get_tab_up_slow_work(vm: &mut Vm, pc: Pc, _base: Regs, k: Consts, i: Instruction) -> LuaResult<Resume> {
    let base: Regs;
    // SAFETY: see above.
    unsafe {
        let t = upval(vm, i.b()).get();
        let step = protect!(vm, pc, base, vm.index_missed_step(t, konst(k, i.c()), Origin::Upval(i.b())));
        meta_result(vm, pc, base, step, i.a())
    }
}

pub(super) unsafe fn op_get_table(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        if let Value::Table(tb) = *reg(base, i.b()) {
            if let Value::Int(n) = *reg(base, i.c()) {
                if let Some(v) = tb.int_slot(n) {
                    if !v.is_nil() {
                        Value::copy_from(reg(base, i.a()), v);
                        dispatch!(vm, pc, base, k)
                    }
                }
            } else {
                return get_table_other_key(vm, pc, base, k, i);
            }
        }
        get_table_slow(vm, pc, base, k, i)
    }
}

/// `GETTABLE` with a key that is not an integer: a handler of its own, so that the
/// general lookup (which may compare long strings) does not make the integer path
/// save registers.
#[inline(never)]
unsafe fn get_table_other_key(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        if let Value::Table(tb) = *reg(base, i.b()) {
            if let Some(v) = tb.slot(reg(base, i.c())) {
                if !v.is_nil() {
                    Value::copy_from(reg(base, i.a()), v);
                    dispatch!(vm, pc, base, k)
                }
            }
        }
        get_table_slow(vm, pc, base, k, i)
    }
}

out_of_line!(
    #[cold]
    get_table_slow => get_table_slow_work
);

#[inline(never)]
unsafe fn get_table_slow_work(vm: &mut Vm, pc: Pc, mut base: Regs, _k: Consts, i: Instruction) -> LuaResult<Resume> {
    // SAFETY: see above.
    unsafe {
        let (t, key) = (*reg(base, i.b()), *reg(base, i.c()));
        let step = protect!(vm, pc, base, vm.index_step(t, key, Origin::Reg(i.b())));
        meta_result(vm, pc, base, step, i.a())
    }
}

pub(super) unsafe fn op_get_int(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        if let Value::Table(tb) = *reg(base, i.b()) {
            if let Some(v) = tb.int_slot(i.c() as i64) {
                if !v.is_nil() {
                    Value::copy_from(reg(base, i.a()), v);
                    dispatch!(vm, pc, base, k)
                }
            }
        }
        get_int_slow(vm, pc, base, k, i)
    }
}

out_of_line!(
    #[cold]
    get_int_slow => get_int_slow_work
);

#[inline(never)]
unsafe fn get_int_slow_work(vm: &mut Vm, pc: Pc, mut base: Regs, _k: Consts, i: Instruction) -> LuaResult<Resume> {
    // SAFETY: see above.
    unsafe {
        let t = *reg(base, i.b());
        let step = protect!(vm, pc, base, vm.index_step(t, Value::Int(i.c() as i64), Origin::Reg(i.b())));
        meta_result(vm, pc, base, step, i.a())
    }
}

pub(super) unsafe fn op_get_field(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        if let (Value::Table(tb), Value::Str(s)) = (*reg(base, i.b()), konst(k, i.c())) {
            if s.is_short() {
                if let Some(v) = tb.short_str_slot(s) {
                    if !v.is_nil() {
                        Value::copy_from(reg(base, i.a()), v);
                        dispatch!(vm, pc, base, k)
                    }
                }
            }
        }
        get_field_slow(vm, pc, base, k, i)
    }
}

/// `GETFIELD` missing in the table itself: a field inherited through `__index`
/// tables is found inline; anything else goes out of line.
#[inline(never)]
unsafe fn get_field_slow(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        if let (Value::Table(t), Value::Str(key)) = (*reg(base, i.b()), konst(k, i.c())) {
            let v = inherited_slot(vm, t, key);
            if !v.is_null() {
                Value::copy_from(reg(base, i.a()), v);
                dispatch!(vm, pc, base, k)
            }
        }
        get_field_meta(vm, pc, base, k, i)
    }
}

out_of_line!(
    #[cold]
    get_field_meta => get_field_slow_work
);

#[inline(never)]
unsafe fn get_field_slow_work(vm: &mut Vm, pc: Pc, mut base: Regs, k: Consts, i: Instruction) -> LuaResult<Resume> {
    // SAFETY: see above.
    unsafe {
        let t = *reg(base, i.b());
        let step = protect!(vm, pc, base, vm.index_missed_step(t, konst(k, i.c()), Origin::Reg(i.b())));
        meta_result(vm, pc, base, step, i.a())
    }
}

pub(super) unsafe fn op_self(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        // Copied memory to memory, field by field (`Value::copy_from`).
        let obj: *const Value = reg(base, i.b());
        Value::copy_from(reg(base, i.a() + 1), obj);
        // Method names are constants; a key in a register goes the general way.
        if !i.k() {
            return self_slow(vm, pc, base, k, i);
        }
        if let (Value::Table(tb), Value::Str(s)) = (*obj, konst(k, i.c())) {
            if s.is_short() {
                if let Some(v) = tb.short_str_slot(s) {
                    if !v.is_nil() {
                        Value::copy_from(reg(base, i.a()), v);
                        dispatch!(vm, pc, base, k)
                    }
                }
            }
        }
        self_slow(vm, pc, base, k, i)
    }
}

/// `SELF` missing in the object itself: a method inherited through `__index` tables
/// (a class hierarchy), or a string method (`s:sub(...)`) found in the string
/// metatable's `__index` table, is found inline; anything else goes out of line.
#[inline(never)]
unsafe fn self_slow(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above. The object was copied to `A + 1`, which `A` does not alias.
    unsafe {
        if i.k() {
            if let Value::Str(key) = konst(k, i.c()) {
                let v = match *reg(base, i.a() + 1) {
                    Value::Table(t) => inherited_slot(vm, t, key),
                    Value::Str(_) => string_method_slot(vm, key),
                    _ => std::ptr::null(),
                };
                if !v.is_null() {
                    Value::copy_from(reg(base, i.a()), v);
                    dispatch!(vm, pc, base, k)
                }
            }
        }
        self_meta(vm, pc, base, k, i)
    }
}

/// The non-nil value of short string `key` in the `__index` table of the string
/// metatable, when that is a plain table; null otherwise (no metatable, `__index` a
/// function, the key absent), leaving the decision to `index_missed_step`.
#[inline(always)]
fn string_method_slot(vm: &Vm, key: Gc<LuaStr>) -> *const Value {
    let (Some(mt), Some(&index_name)) =
        (vm.type_metatables[crate::value::LuaType::String.index()], vm.tm_names.get(Tm::Index as usize))
    else {
        return std::ptr::null();
    };
    if !key.is_short() {
        return std::ptr::null();
    }
    let Some(&Value::Table(methods)) = mt.short_str_slot(index_name) else {
        return std::ptr::null();
    };
    match methods.short_str_slot(key) {
        Some(v) if !v.is_nil() => v,
        _ => std::ptr::null(),
    }
}

out_of_line!(
    #[cold]
    self_meta => self_slow_work
);

/// The non-nil value short string `key` has in the first table along the `__index`
/// chain above `t` (whose own value is absent or nil) that holds it, when every link
/// is a plain table; null otherwise (no metatable, a function or other value as
/// `__index`, a long key, the key found nowhere, a chain too long), leaving the
/// decision, and any error, to `index_missed_step`. A pointer rather than a value:
/// it comes back in a register (see `out_of_line!`).
#[inline(always)]
fn inherited_slot(vm: &Vm, mut t: Gc<Table>, key: Gc<LuaStr>) -> *const Value {
    let Some(&index_name) = vm.tm_names.get(Tm::Index as usize) else {
        return std::ptr::null();
    };
    if !key.is_short() {
        return std::ptr::null();
    }
    for _ in 0..INLINE_INDEX_CHAIN {
        let Some(mt) = t.metatable() else {
            return std::ptr::null();
        };
        let next = match mt.short_str_slot(index_name) {
            Some(&Value::Table(next)) => next,
            _ => return std::ptr::null(),
        };
        if let Some(v) = next.short_str_slot(key) {
            if !v.is_nil() {
                return v;
            }
        }
        t = next;
    }
    std::ptr::null()
}

#[inline(never)]
unsafe fn self_slow_work(vm: &mut Vm, pc: Pc, mut base: Regs, k: Consts, i: Instruction) -> LuaResult<Resume> {
    // SAFETY: see above. The object was copied to `A + 1`, which `A` does not alias.
    unsafe {
        let obj = *reg(base, i.a() + 1);
        let key = if i.k() { konst(k, i.c()) } else { *reg(base, i.c()) };
        let step = protect!(vm, pc, base, vm.index_missed_step(obj, key, Origin::Reg(i.b())));
        meta_result(vm, pc, base, step, i.a())
    }
}

/// The value operand of a store: a constant when `k` is set, else a register.
///
/// # Safety
/// `i` must be a verified store instruction of the running frame.
#[inline(always)]
unsafe fn store_value(base: Regs, k: Consts, i: Instruction) -> Value {
    // SAFETY: guaranteed by the caller.
    unsafe { *store_source(base, k, i) }
}

/// Where the value operand of a store is. The fast paths copy it from there straight
/// into the table slot (`Value::copy_from`), memory to memory: a copy held in
/// registers is split around the tag and takes more of them, and a value passed by
/// address keeps the handler's own stack out of the call (see `out_of_line!`).
///
/// # Safety
/// As [`store_value`].
#[inline(always)]
unsafe fn store_source(base: Regs, k: Consts, i: Instruction) -> *const Value {
    // SAFETY: guaranteed by the caller.
    unsafe {
        if i.k() {
            k.add(i.c() as usize)
        } else {
            base.add(i.c() as usize)
        }
    }
}

pub(super) unsafe fn op_set_tab_up(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above; `upval` reads the running closure's.
    unsafe {
        let t = upval(vm, i.a()).get();
        if let (Value::Table(tb), Value::Str(s)) = (t, konst(k, i.b())) {
            let src = store_source(base, k, i);
            if let Some(slot) = replaceable_slot(&tb, s, &*src) {
                Value::copy_from(slot, src);
                if barrier_back_needed(tb, *src) {
                    return store_barrier(vm, pc, base, k, i);
                }
                dispatch!(vm, pc, base, k)
            }
        }
        set_tab_up_slow(vm, pc, base, k, i)
    }
}

out_of_line!(
    set_tab_up_slow => set_tab_up_slow_work
);

#[inline(never)]
unsafe fn set_tab_up_slow_work(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<Resume> {
    // SAFETY: see above.
    unsafe {
        let t = upval(vm, i.a()).get();
        let (key, val) = (konst(k, i.b()), store_value(base, k, i));
        if let (Value::Table(tb), Value::Str(s)) = (t, key) {
            if fast_set_str(vm, tb, s, &val) {
                return Ok(Resume::At(pc));
            }
        }
        save_pc(vm, pc);
        let step = vm.newindex_step(t, key, val, Origin::Upval(i.a()))?;
        finish_store(vm, pc, step)
    }
}

pub(super) unsafe fn op_set_table(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        if let Value::Table(tb) = *reg(base, i.a()) {
            match *reg(base, i.b()) {
                Value::Int(n) => {
                    if let Some(slot) = tb.array_slot(n) {
                        if !slot.is_nil() || tb.metatable().is_none() {
                            let src = store_source(base, k, i);
                            Value::copy_from(slot, src);
                            if barrier_back_needed(tb, *src) {
                                return store_barrier(vm, pc, base, k, i);
                            }
                            dispatch!(vm, pc, base, k)
                        }
                    } else if tb.metatable().is_none() {
                        return set_table_hash_int(vm, pc, base, k, i);
                    }
                }
                Value::Str(_) => return set_table_str(vm, pc, base, k, i),
                _ => {}
            }
        }
        set_table_slow(vm, pc, base, k, i)
    }
}

/// `SETTABLE` with a string key: a handler of its own so that the string store's
/// calls do not make `op_set_table`'s array path save registers.
#[inline(never)]
unsafe fn set_table_str(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        if let (Value::Table(tb), Value::Str(s)) = (*reg(base, i.a()), *reg(base, i.b())) {
            if fast_set_str(vm, tb, s, &*store_source(base, k, i)) {
                dispatch!(vm, pc, base, k)
            }
        }
        set_table_slow(vm, pc, base, k, i)
    }
}

/// `SETTABLE` with an integer key outside the array part of a table without a
/// metatable. A handler of its own, so that the call into the hash part does not make
/// `op_set_table`'s array path save registers.
#[inline(never)]
unsafe fn set_table_hash_int(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        if let (Value::Table(tb), Value::Int(n)) = (*reg(base, i.a()), *reg(base, i.b())) {
            // A refused growth takes the slow path, which raises the memory error.
            if tb.set_int_from(&mut vm.heap, n, &*store_source(base, k, i)) {
                dispatch!(vm, pc, base, k)
            }
        }
        set_table_slow(vm, pc, base, k, i)
    }
}

out_of_line!(
    #[cold]
    set_table_slow => set_table_slow_work
);

#[inline(never)]
unsafe fn set_table_slow_work(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<Resume> {
    // SAFETY: see above.
    unsafe {
        let (t, key, val) = (*reg(base, i.a()), *reg(base, i.b()), store_value(base, k, i));
        save_pc(vm, pc);
        let step = vm.newindex_step(t, key, val, Origin::Reg(i.a()))?;
        finish_store(vm, pc, step)
    }
}

pub(super) unsafe fn op_set_int(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        if let Value::Table(tb) = *reg(base, i.a()) {
            if let Some(slot) = tb.array_slot(i.b() as i64) {
                if !slot.is_nil() || tb.metatable().is_none() {
                    let src = store_source(base, k, i);
                    Value::copy_from(slot, src);
                    if barrier_back_needed(tb, *src) {
                        return store_barrier(vm, pc, base, k, i);
                    }
                    dispatch!(vm, pc, base, k)
                }
            }
        }
        set_int_slow(vm, pc, base, k, i)
    }
}

out_of_line!(
    #[cold]
    set_int_slow => set_int_slow_work
);

#[inline(never)]
unsafe fn set_int_slow_work(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<Resume> {
    // SAFETY: see above.
    unsafe {
        let (t, key, val) = (*reg(base, i.a()), Value::Int(i.b() as i64), store_value(base, k, i));
        save_pc(vm, pc);
        let step = vm.newindex_step(t, key, val, Origin::Reg(i.a()))?;
        finish_store(vm, pc, step)
    }
}

pub(super) unsafe fn op_set_field(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        if let (Value::Table(tb), Value::Str(s)) = (*reg(base, i.a()), konst(k, i.b())) {
            let src = store_source(base, k, i);
            if let Some(slot) = replaceable_slot(&tb, s, &*src) {
                Value::copy_from(slot, src);
                if barrier_back_needed(tb, *src) {
                    return store_barrier(vm, pc, base, k, i);
                }
                dispatch!(vm, pc, base, k)
            }
            return set_field_new_key(vm, pc, base, k, i);
        }
        set_field_slow(vm, pc, base, k, i)
    }
}

/// `SETFIELD` of a key the table does not hold yet (or of nil): kept out of
/// `op_set_field` so that the insertion's calls do not make it save registers.
#[inline(never)]
unsafe fn set_field_new_key(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        if let (Value::Table(tb), Value::Str(s)) = (*reg(base, i.a()), konst(k, i.b())) {
            if fast_set_str(vm, tb, s, &*store_source(base, k, i)) {
                dispatch!(vm, pc, base, k)
            }
        }
        set_field_slow(vm, pc, base, k, i)
    }
}

out_of_line!(
    #[cold]
    set_field_slow => set_field_slow_work
);

#[inline(never)]
unsafe fn set_field_slow_work(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<Resume> {
    // SAFETY: see above.
    unsafe {
        let (t, key, val) = (*reg(base, i.a()), konst(k, i.b()), store_value(base, k, i));
        save_pc(vm, pc);
        let step = vm.newindex_step(t, key, val, Origin::Reg(i.a()))?;
        finish_store(vm, pc, step)
    }
}

/// The slot a store of `val` under short string `key` may overwrite in place: the
/// key is present with a non-nil value and `val` is not nil, so no key appears or
/// disappears and no metamethod is involved.
#[inline(always)]
fn replaceable_slot<'t>(t: &'t Table, key: Gc<LuaStr>, val: &Value) -> Option<&'t mut Value> {
    if val.is_nil() || !key.is_short() {
        return None;
    }
    let slot = t.short_str_slot_mut(key)?;
    (!slot.is_nil()).then_some(slot)
}

/// Applies the back barrier after a store handler wrote table `A` (or upvalue `A`
/// for `SETTABUP`) in place, then goes on: kept out of line so that the store
/// handlers make no calls.
#[cold]
#[inline(never)]
unsafe fn store_barrier(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        let t = if i.opcode() == Some(OpCode::SetTabUp) { upval(vm, i.a()).get() } else { *reg(base, i.a()) };
        if let Value::Table(tb) = t {
            crate::gc::barrier_back(&mut vm.heap, tb, &*store_source(base, k, i));
        }
        dispatch!(vm, pc, base, k)
    }
}

/// Stores into a table field through the fast paths: an existing key, or any key of a
/// table without a metatable. Returns false when the slow path is needed. The value
/// is passed where it lies (a register or constant), never copied to the handler's
/// stack: see `out_of_line!`.
#[inline(always)]
fn fast_set_str(vm: &mut Vm, t: Gc<Table>, key: Gc<LuaStr>, val: &Value) -> bool {
    if !val.is_nil() && t.replace_existing_str(&mut vm.heap, key, val) {
        return true;
    }
    // A refused growth takes the slow path, which raises the memory error.
    t.metatable().is_none() && t.set_str_from(&mut vm.heap, key, val)
}

pub(super) unsafe fn op_new_table(vm: &mut Vm, pc: Pc, _base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    let mut base: Regs;
    // SAFETY: see above; the verifier guarantees the `EXTRAARG` companion.
    unsafe {
        let b = i.b();
        let hash_size = if b > 0 { 1usize << (b - 1) } else { 0 };
        let mut array_size = i.c() as usize;
        if i.k() {
            array_size += (*pc).ax_arg() as usize * (Instruction::MAX_C as usize + 1);
        }
        let pc = pc.add(1);
        protect!(vm, pc, base, vm.check_table_sizes(array_size, hash_size));
        let t = new_table_work(vm, array_size, hash_size);
        *reg(base, i.a()) = Value::Table(t);
        protect!(vm, pc, base, vm.op_safepoint(i.a()));
        dispatch!(vm, pc, base, k)
    }
}

/// A new table with the given part sizes. Out of line, returning only the pointer:
/// inlined, the table is built in a stack slot whose address goes to the allocator,
/// and a handler with an escaping local cannot jump to the next one.
#[inline(never)]
fn new_table_work(vm: &mut Vm, array_size: usize, hash_size: usize) -> Gc<Table> {
    Table::new_in(&mut vm.heap, array_size, hash_size)
}

out_of_line!(
    op_set_list => set_list_work
);

#[inline(never)]
unsafe fn set_list_work(vm: &mut Vm, pc: Pc, mut base: Regs, _k: Consts, i: Instruction) -> LuaResult<Resume> {
    // SAFETY: see above; with `B == 0` the previous instruction left `top` above the
    // values, and the verifier guarantees the `EXTRAARG` companion when `k` is set.
    unsafe {
        let a = i.a() as usize;
        let frame_base = base.offset_from(vm.state().stack.as_ptr()) as usize;
        let n = if i.b() == 0 { vm.state().top - (frame_base + a) - 1 } else { i.b() as usize };
        let mut last = i.c() as usize;
        let mut pc = pc;
        if i.k() {
            last += (*pc).ax_arg() as usize * (Instruction::MAX_C as usize + 1);
            pc = pc.add(1);
        }
        last += n;
        if let Value::Table(t) = *reg(base, i.a()) {
            if last > t.array_len() {
                protect!(vm, pc, base, vm.check_table_sizes(last, 0));
                t.ensure_array(&mut vm.heap, last);
            }
            for j in 1..=n {
                let v = Value::load(&*base.add(a + j));
                t.set_int(&mut vm.heap, (last - n + j) as i64, v);
            }
            // Raises the error if the table could not grow.
            save_pc(vm, pc);
            vm.op_safepoint(i.a())?;
        }
        Ok(Resume::At(pc))
    }
}

impl Vm {
    /// Checks the sizes a `NEWTABLE` or `SETLIST` asks for before allocating. The
    /// compiler never asks for more than a constructor holds, but a binary chunk may
    /// carry any operands: as the reference, a hash part beyond 2^30 slots is a "table
    /// overflow" and an array part the heap cannot hold is "not enough memory".
    fn check_table_sizes(&mut self, array_size: usize, hash_size: usize) -> LuaResult<()> {
        if hash_size > MAX_HASH_SIZE {
            return Err(self.runtime_error("table overflow"));
        }
        let bytes = Table::bytes_for(array_size, hash_size);
        if bytes > MAX_PRESIZE_BYTES || self.heap.would_exceed(bytes) {
            return Err(self.memory_error());
        }
        Ok(())
    }
}
