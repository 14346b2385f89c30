//! Handlers that call, return, make closures and handle varargs, concatenation and
//! to-be-closed variables: the instructions that push or pop frames.

use super::{enter_frame, reg, reload_base, save_pc, Consts, Pc, Regs, Resume};
use crate::builtins::inline_step;
use crate::call::{place_results, Flow, EXTRA_STACK};
use crate::error::LuaResult;
use crate::function::{LuaClosure, NativeCode, NativeFn};
use crate::gc::Gc;
use crate::thread::{frame_flags as ff, CallInfo, MIN_NATIVE_STACK};
use crate::value::Value;
use crate::vm::Vm;
use selenite_bytecode::{Instruction, OpCode};

// SAFETY (every handler here): operands were checked by the verifier and `base`
// points at the running frame's registers (see the module invariants in `mod.rs`);
// after anything that may move the stack, `base` is reloaded or the frame re-entered.

/// Stack index of register `r`.
///
/// # Safety
/// `base` must point at the running frame's registers.
#[inline(always)]
unsafe fn slot_of(vm: &Vm, base: Regs, r: u32) -> usize {
    // SAFETY: `base` points into the running thread's stack.
    unsafe { base.offset_from(vm.state().stack.as_ptr()) as usize + r as usize }
}

/// Pushes the frame of Lua function `callee` in slot `func`, as
/// [`Vm::push_lua_frame`], without the checks the interpreter's fast paths have made
/// and for calls that pass every parameter (padding missing ones with nils is left
/// to the general path, which keeps the call handlers free of saved registers).
///
/// # Safety
/// The stack has `func + 1 + callee.proto.max_stack` slots, the frame vector has room
/// for one more frame, and the arguments `func + 1 .. top` are at least as many as
/// the callee's parameters.
#[inline(always)]
unsafe fn push_lua_frame_unchecked(
    vm: &mut Vm,
    func: usize,
    callee: Gc<LuaClosure>,
    nresults: i32,
    flags: u16,
    c_depth: u16,
) {
    let st = vm.state();
    let frame = CallInfo::lua(func, &callee.proto, nresults, flags, c_depth);
    // SAFETY: the caller checked that the frame's registers and one more frame fit.
    unsafe {
        let len = st.frames.len();
        st.frames.as_mut_ptr().add(len).write(frame);
        st.frames.set_len(len + 1);
    }
}

pub(super) unsafe fn op_call(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        let func = slot_of(vm, base, i.a());
        if i.b() != 0 {
            vm.state().top = func + i.b() as usize;
        }
        if let Value::LuaFn(callee) = *reg(base, i.a()) {
            let st = vm.state();
            let proto = &*callee.proto;
            // Fast path: a Lua function, room on the stack and in the frame vector,
            // no hooks (a Lua caller adds no C-stack level).
            let needed = func + 1 + proto.max_stack as usize + EXTRA_STACK;
            if needed <= st.stack.len()
                && st.frames.len() < st.frames.capacity()
                && !vm.exec.hooked
                && st.top - (func + 1) >= proto.num_params as usize
            {
                // The caller's saved pc and C depth are handled together, late, so
                // that this path keeps few values live.
                let caller = st.frames.get_unchecked_mut(vm.exec.frame);
                caller.savedpc = pc;
                let c_depth = caller.c_depth;
                push_lua_frame_unchecked(vm, func, callee, i.c() as i32 - 1, ff::LUA_CALLER, c_depth);
                let code = proto.code.as_ptr();
                vm.exec.closure = callee.as_ptr();
                vm.exec.frame += 1;
                let base = vm.state().stack.as_mut_ptr().add(func + 1);
                dispatch!(vm, code, base, proto.constants.as_ptr())
            }
            save_pc(vm, pc);
            return call_slow(vm, pc, base, k, i);
        }
        save_pc(vm, pc);
        call_native(vm, pc, base, k, i)
    }
}

/// `CALL` of anything but a Lua function. Kept out of `op_call` so that the Lua-to-Lua
/// path, which makes no calls of its own, saves no registers.
#[inline(never)]
unsafe fn call_native(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above; `op_call` set `top` and saved `pc`.
    unsafe {
        if let Some(f) = plain_native(*reg(base, i.a())) {
            if native_fast_path_ok(vm) {
                let func = slot_of(vm, base, i.a());
                let flow = vm.call_native_from_lua(func, f, i.c() as i32 - 1);
                flow!(vm, pc, k, flow?)
            }
        }
        call_slow(vm, pc, base, k, i)
    }
}

/// The Rust function behind `f` if it is a native function that `call_native_from_lua`
/// can run: a light one, or a closure over a plain function (which finds its upvalues
/// through its stack slot, as in any call). Boxed Rust closures take the general path.
#[inline(always)]
fn plain_native(f: Value) -> Option<NativeFn> {
    match f {
        Value::NativeFn(f) => Some(f),
        Value::NativeClosure(c) => match c.code {
            NativeCode::Fn(f) => Some(f),
            NativeCode::Boxed(_) => None,
        },
        _ => None,
    }
}

/// Whether a native function called now may take `call_native_from_lua`: no hooks,
/// the stack has its `MIN_NATIVE_STACK` slots above the arguments already, and the
/// frame vector room for the native's frame.
#[inline(always)]
fn native_fast_path_ok(vm: &Vm) -> bool {
    let st = vm.state();
    !vm.exec.hooked && st.top + MIN_NATIVE_STACK <= st.stack.len() && st.frames.len() < st.frames.capacity()
}

/// Calls of native functions, `__call` metamethods, and Lua functions that need a
/// larger stack.
#[cold]
#[inline(never)]
unsafe fn call_slow(vm: &mut Vm, pc: Pc, _base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        let func = slot_of(vm, _base, i.a());
        let f = vm.precall(func, i.c() as i32 - 1, 0);
        // The callee may have set or cleared a hook.
        vm.refresh_dispatch();
        flow!(vm, pc, k, f?)
    }
}

pub(super) unsafe fn op_tail_call(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        save_pc(vm, pc);
        // Fast path: a Lua callee replacing a Lua frame that has no upvalues to close
        // (`k`) and was not called with extra arguments (`C`), no hooks, room on the
        // stack.
        if let Value::LuaFn(callee) = *reg(base, i.a()) {
            let st = vm.state();
            let frame = *st.frames.get_unchecked(vm.exec.frame);
            let proto = &*callee.proto;
            let dest = frame.func;
            if !i.k()
                && i.c() == 0
                && !vm.exec.hooked
                && dest + 1 + proto.max_stack as usize + EXTRA_STACK <= st.stack.len()
            {
                let func = slot_of(vm, base, i.a());
                if i.b() != 0 {
                    st.top = func + i.b() as usize;
                }
                let moved = st.top - func;
                if moved <= proto.num_params as usize {
                    // Missing parameters: the general path pads them (`top` as set
                    // here is what it sets too).
                    return tail_call_slow(vm, pc, base, k, i);
                }
                let stack = st.stack.as_mut_ptr();
                for n in 0..moved {
                    Value::copy_from(stack.add(dest + n), stack.add(func + n));
                }
                st.top = dest + moved;
                let flags = frame.flags & ff::KEPT_BY_TAIL_CALL | ff::TAIL;
                // The callee's frame takes the place of the running one, at the same
                // index: the frame count and `exec.frame` stay as they are.
                *st.frames.get_unchecked_mut(vm.exec.frame) =
                    CallInfo::lua(dest, proto, frame.nresults, flags, frame.c_depth);
                let code = proto.code.as_ptr();
                vm.exec.closure = callee.as_ptr();
                let base = vm.state().stack.as_mut_ptr().add(dest + 1);
                dispatch!(vm, code, base, proto.constants.as_ptr())
            }
        }
        tail_call_native(vm, pc, base, k, i)
    }
}

/// `TAILCALL` of a plain native function from a frame with no upvalues to close: as
/// in the reference, the callee runs above the calling frame, with all its results
/// kept, and the `RETURN A 0` that follows returns them. Anything else goes on to
/// `tail_call_slow`.
#[inline(never)]
unsafe fn tail_call_native(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above; `op_tail_call` saved `pc`.
    unsafe {
        if let (false, Some(f)) = (i.k(), plain_native(*reg(base, i.a()))) {
            let func = slot_of(vm, base, i.a());
            if i.b() != 0 {
                vm.state().top = func + i.b() as usize;
            }
            if native_fast_path_ok(vm) {
                let flow = vm.call_native_from_lua(func, f, -1);
                flow!(vm, pc, k, flow?)
            }
        }
        tail_call_slow(vm, pc, base, k, i)
    }
}

/// Tail calls of native functions and `__call` metamethods, with hooks, from vararg
/// functions or with upvalues to close.
#[cold]
#[inline(never)]
unsafe fn tail_call_slow(vm: &mut Vm, pc: Pc, _base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        let f = vm.tail_call(vm.exec.frame, i);
        vm.refresh_dispatch();
        flow!(vm, pc, k, f?)
    }
}

pub(super) unsafe fn op_return(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    let frame = vm.exec.frame;
    // Fast path: no variables to close (`k`), not a vararg frame (`C`), no hooks, a
    // plain Lua caller.
    // SAFETY: `exec.frame` is the running frame.
    if i.k() || i.c() != 0 || vm.exec.hooked {
        // SAFETY: see above.
        return unsafe { op_return_slow(vm, pc, base, k, i) };
    }
    // SAFETY: see above.
    if !unsafe { returns_plainly(vm, frame) } {
        // SAFETY: see above; no variables to close, not a vararg frame, no hooks.
        return unsafe { return_other(vm, pc, base, k, i) };
    }
    // SAFETY: `exec.frame` is the running frame; its results and its function slot
    // and the slots above it (the frame's own) are inside the stack.
    unsafe {
        let first = slot_of(vm, base, i.a());
        let st = vm.state();
        let returning = st.frames.get_unchecked(frame);
        let (dest, wanted) = (returning.func, returning.nresults);
        let n = if i.b() != 0 { i.b() as usize - 1 } else { st.top - first };
        let wanted = if wanted < 0 { n } else { wanted as usize };
        match place_results(&mut st.stack, first + n, dest, n, wanted) {
            Some(top) => st.top = top,
            None => return op_return_slow(vm, pc, base, k, i),
        }
        st.frames.set_len(frame);
        resume_caller(vm, frame - 1)
    }
}

out_of_line!(op_return_slow => op_return_work);

/// `RETURN` with variables to close, hooks, from a vararg frame or to something
/// other than a plain Lua caller: the general return, in `Vm::op_return`.
///
/// # Safety
/// A handler's contract (see the module invariants in `mod.rs`).
#[inline(never)]
unsafe fn op_return_work(vm: &mut Vm, pc: Pc, _base: Regs, _k: Consts, i: Instruction) -> LuaResult<Resume> {
    // SAFETY: see above.
    unsafe { save_pc(vm, pc) };
    let f = vm.op_return(vm.exec.frame, i, vm.exec.hooked)?;
    Ok(Resume::after(f, pc))
}

/// Whether running frame `frame` returns plainly to a Lua caller: not the first
/// frame of a call from the host or of a coroutine, nor a metamethod whose
/// instruction must be finished, and called from Lua (`LUA_CALLER`, set when the
/// frame was pushed).
///
/// # Safety
/// `frame` is the running frame's index.
#[inline(always)]
unsafe fn returns_plainly(vm: &Vm, frame: usize) -> bool {
    // SAFETY: the running frame exists.
    unsafe { vm.state().frames.get_unchecked(frame).flags & ff::LUA_CALLER != 0 }
}

pub(super) unsafe fn op_return0(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    let frame = vm.exec.frame;
    // SAFETY: `exec.frame` is the running frame.
    if vm.exec.hooked || !unsafe { returns_plainly(vm, frame) } {
        // SAFETY: see above.
        return unsafe { return_other(vm, pc, base, k, i) };
    }
    // SAFETY: `exec.frame` is the running frame and the slots below `top` exist.
    unsafe {
        let st = vm.state();
        let returning = st.frames.get_unchecked(frame);
        let (dest, wanted) = (returning.func, returning.nresults.max(0) as usize);
        for slot in st.stack.get_unchecked_mut(dest..dest + wanted) {
            *slot = Value::Nil;
        }
        st.top = dest + wanted;
        st.frames.set_len(frame);
        resume_caller(vm, frame - 1)
    }
}

pub(super) unsafe fn op_return1(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    let frame = vm.exec.frame;
    // SAFETY: `exec.frame` is the running frame.
    if vm.exec.hooked || !unsafe { returns_plainly(vm, frame) } {
        // SAFETY: see above.
        return unsafe { return_other(vm, pc, base, k, i) };
    }
    // SAFETY: `exec.frame` is the running frame; its function slot and the caller's
    // registers above it are inside the stack.
    unsafe {
        let st = vm.state();
        let returning = st.frames.get_unchecked(frame);
        let (dest, nresults) = (returning.func, returning.nresults);
        if nresults > 1 {
            // Padding with nils is left to the general path, which keeps this one
            // small enough to need no saved registers.
            return return_slow(vm, pc, base, k, i);
        }
        Value::copy_from(st.stack.as_mut_ptr().add(dest), reg(base, i.a()));
        let wanted = if nresults < 0 { 1 } else { nresults as usize };
        st.top = dest + wanted;
        st.frames.set_len(frame);
        resume_caller(vm, frame - 1)
    }
}

/// Goes on with Lua frame `caller` after the frame above it returned plainly (no
/// hooks: the dispatch table stays as it is).
///
/// # Safety
/// Frame `caller` must be the Lua frame now on top of the thread's frame stack.
#[inline(always)]
unsafe fn resume_caller(vm: &mut Vm, caller: usize) -> LuaResult<()> {
    let st = vm.state();
    // SAFETY: guaranteed by the caller; a Lua frame's function slot holds its closure,
    // which that slot keeps alive.
    unsafe {
        let frame = st.frames.get_unchecked(caller);
        let Value::LuaFn(closure) = *st.stack.get_unchecked(frame.func) else {
            return enter_frame(vm);
        };
        let proto = &*closure.proto;
        vm.exec.closure = closure.as_ptr();
        vm.exec.frame = caller;
        let base = st.stack.as_mut_ptr().add(frame.base);
        dispatch!(vm, frame.savedpc, base, proto.constants.as_ptr())
    }
}

/// `RETURN`, `RETURN0` and `RETURN1` that do not return plainly to a Lua caller. A
/// return to the host or to a native function that called this one (a `FRESH`
/// frame: a `table.sort` comparator, a `gsub` replacement function), without hooks,
/// puts its results in place and leaves the interpreter directly, as `poscall` and
/// `after_return` would; anything else takes the general return.
///
/// # Safety
/// A handler's contract (see the module invariants in `mod.rs`); `i` is `RETURN0`,
/// `RETURN1`, or a `RETURN` without variables to close (`k`) from a frame without
/// extra arguments (`C`).
#[inline(never)]
unsafe fn return_other(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above; `exec.frame` is the running frame.
    unsafe {
        let general = i.opcode_raw() == OpCode::Return as u8;
        let frame = vm.exec.frame;
        let st = vm.state();
        let returning = st.frames.get_unchecked(frame);
        let (dest, wanted, flags) = (returning.func, returning.nresults, returning.flags);
        let first = slot_of(vm, base, i.a());
        let n = if !general {
            usize::from(i.opcode_raw() == OpCode::Return1 as u8)
        } else if i.b() != 0 {
            i.b() as usize - 1
        } else {
            st.top - first
        };
        let wanted = if wanted < 0 { n } else { wanted as usize };
        let placed = if vm.exec.hooked || flags & ff::FRESH == 0 {
            None
        } else {
            place_results(&mut st.stack, first + n, dest, n, wanted)
        };
        let Some(top) = placed else {
            return if general { op_return_slow(vm, pc, base, k, i) } else { return_slow(vm, pc, base, k, i) };
        };
        st.top = top;
        st.frames.set_len(frame);
        Ok(())
    }
}

out_of_line!(
    #[cold]
    return_slow => return_slow_work
);

/// `RETURN0` and `RETURN1` with a return hook, or returning to something other than
/// a plain Lua caller (a native function, a metamethod's instruction, a coroutine's
/// resumer, the host).
///
/// # Safety
/// A handler's contract (see the module invariants in `mod.rs`).
#[inline(never)]
unsafe fn return_slow_work(vm: &mut Vm, pc: Pc, _base: Regs, _k: Consts, i: Instruction) -> LuaResult<Resume> {
    let frame = vm.exec.frame;
    let n = usize::from(i.opcode() == Some(selenite_bytecode::OpCode::Return1));
    let first = vm.state().frames[frame].base + if n == 1 { i.a() as usize } else { 0 };
    if vm.exec.hooked {
        // SAFETY: `pc` points into the running code.
        unsafe { save_pc(vm, pc) };
        vm.hook_return(first, n)?;
    }
    let st = vm.state();
    st.top = st.frames[frame].base + if n == 1 { i.a() as usize + 1 } else { 0 };
    let popped = vm.poscall(frame, n);
    Ok(match vm.after_return(popped)? {
        Flow::Exit => Resume::Exit,
        // The call machinery left a Lua frame on top.
        _ => Resume::Reenter,
    })
}

pub(super) unsafe fn op_tfor_call(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above; the generic `for` keeps its three control values at `A..A+3`
    // and the verifier reserved `A+4..A+7` for the call.
    unsafe {
        let a = i.a();
        let func = slot_of(vm, base, a + 4);
        if let Value::NativeFn(f) = *reg(base, a) {
            if !vm.exec.hooked {
                // The value goes to `A+5` even for a loop with one variable: that
                // register belongs to the call, and nothing reads it afterwards.
                if inline_step(f, *reg(base, a + 1), reg(base, a + 2), reg(base, a + 4), reg(base, a + 5)) {
                    let wanted = i.c();
                    for extra in 6..wanted + 4 {
                        *reg(base, a + extra) = Value::Nil;
                    }
                    vm.state().top = func + wanted as usize;
                    dispatch!(vm, pc, base, k)
                }
            }
        }
        Value::copy_from(reg(base, a + 4), reg(base, a));
        Value::copy_from(reg(base, a + 5), reg(base, a + 1));
        Value::copy_from(reg(base, a + 6), reg(base, a + 2));
        vm.state().top = func + 3;
        save_pc(vm, pc);
        if let Some(f) = plain_native(*reg(base, a)) {
            if native_fast_path_ok(vm) {
                let flow = vm.call_native_from_lua(func, f, i.c() as i32);
                flow!(vm, pc, k, flow?)
            }
        }
        let f = vm.precall(func, i.c() as i32, 0);
        flow!(vm, pc, k, f?)
    }
}

pub(super) unsafe fn op_closure(vm: &mut Vm, pc: Pc, mut base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above; `exec.closure` is the running closure, rooted by its frame.
    unsafe {
        let parent = &*vm.exec.closure;
        let p = *parent.proto.protos.get_unchecked(i.bx() as usize);
        let new = vm.make_closure(p, parent, slot_of(vm, base, 0));
        *reg(base, i.a()) = new;
        protect!(vm, pc, base, vm.op_safepoint(i.a()));
        dispatch!(vm, pc, base, k)
    }
}

pub(super) unsafe fn op_vararg(vm: &mut Vm, pc: Pc, _base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    let base: Regs;
    // SAFETY: see above.
    unsafe {
        protect!(vm, pc, base, vm.op_vararg(vm.exec.frame, i));
        dispatch!(vm, pc, base, k)
    }
}

pub(super) unsafe fn op_vararg_prep(vm: &mut Vm, pc: Pc, _base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    let mut base: Regs;
    // SAFETY: see above.
    unsafe {
        protect!(vm, pc, base, vm.op_vararg_prep(vm.exec.frame, i.a() as usize));
        if vm.exec.hooked {
            vm.hook_call()?;
            // The next instruction counts as a new line.
            vm.state().hooks.old_pc = 1;
            base = reload_base(vm);
        }
        dispatch!(vm, pc, base, k)
    }
}

pub(super) unsafe fn op_concat(vm: &mut Vm, pc: Pc, mut base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        let n = i.b() as usize;
        vm.state().top = slot_of(vm, base, i.a()) + n;
        save_pc(vm, pc);
        match vm.concat(n)? {
            Flow::Continue => {
                protect!(vm, pc, base, vm.op_safepoint(i.a()));
                dispatch!(vm, pc, base, k)
            }
            other => flow!(vm, pc, k, other),
        }
    }
}

pub(super) unsafe fn op_close(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        save_pc(vm, pc);
        let level = slot_of(vm, base, i.a());
        let call_at = vm.frame_top();
        let f = vm.close_step(level, call_at);
        flow!(vm, pc, k, f?)
    }
}

pub(super) unsafe fn op_tbc(vm: &mut Vm, pc: Pc, mut base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe {
        let slot = slot_of(vm, base, i.a());
        protect!(vm, pc, base, vm.mark_tbc(slot, i.a()));
        dispatch!(vm, pc, base, k)
    }
}

/// `EXTRAARG` is only ever read as the companion of the instruction before it; the
/// verifier rejects code that would execute one, so this runs only on a bug.
pub(super) unsafe fn op_extra_arg(vm: &mut Vm, pc: Pc, _base: Regs, _k: Consts, _i: Instruction) -> LuaResult<()> {
    // SAFETY: see above.
    unsafe { save_pc(vm, pc) };
    Err(vm.runtime_error("invalid instruction"))
}
