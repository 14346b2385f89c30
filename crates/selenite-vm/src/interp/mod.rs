//! The interpreter: executes the Lua frame on top of the running thread, one handler
//! function per opcode, each ending in a tail call to the handler of the next
//! instruction.
//!
//! Why handlers and not a `match` loop: a loop shares one indirect jump among all
//! opcodes, which the branch predictor gets wrong almost every time; a handler that
//! ends in `return TABLE[op](vm, pc, base, k, i)` has its own jump, predicted from the
//! opcode pairs the program really runs. Stable Rust has no guaranteed tail call, but
//! with a handful of scalar arguments LLVM emits a `jmp` at opt-level 2 and above on
//! x86-64 and AArch64. Four rules keep it so: handlers take only scalars and pointers
//! (the [`Handler`] signature; its small `LuaResult<()>` comes back in a register),
//! nothing with a destructor is alive at the call, no local whose address a helper
//! could keep is alive at it (values come back as pointers or go straight to
//! registers; a metamethod slow path does its work out of line, [`out_of_line!`]),
//! and a slow path is a function of the same signature that is itself tail-called
//! (an ordinary call would make the fast path save registers). Where calls do not
//! become jumps (`build.rs` decides), the same handlers run under a trampoline:
//! `dispatch!` stores the next position in [`ActiveFrame`] and returns, and
//! `run_handlers` loops. A guard test runs a long loop on a small native stack, which
//! overflows if the jumps are lost, in builds with and without LTO; a build that
//! `build.rs` took for optimised but whose code was not is caught at run time by
//! `tail_calls_jump` and runs the `GUARDED` table, which bounces before the native
//! stack runs out.
//!
//! Each opcode has a fast path (numbers, plain tables, Lua calls) and a slow path in
//! `ops.rs`/`call.rs`, which never runs Lua code itself: when a metamethod must run it
//! gets a new frame flagged `FINISH_OP`, and the instruction is completed by
//! [`Vm::finish_op`] when that frame returns. Calls and returns push and pop frames,
//! then [`enter_frame`] loads the state of the new top frame into
//! [`Vm::exec`](ActiveFrame).
//!
//! Hooks and host limits swap the dispatch table ([`ActiveFrame::table`]) for one
//! whose every entry runs the instruction hook (`HOOKED`) or charges the limits
//! (`LIMITED`, while no hook is set) and then the plain handler, so the plain
//! handlers test nothing per instruction.
//!
//! Safety invariants the handlers rely on:
//! - the running prototype passed `selenite_bytecode::verify`, so register operands
//!   are below `max_stack`, constant/upvalue/prototype indices exist, jumps stay inside
//!   the code, every opcode number is below `NUM_OPCODES`, and instructions that need
//!   a companion (`JMP` after a test, `EXTRAARG`) have one;
//! - a Lua frame's registers `base..base + max_stack` (plus `EXTRA_STACK`) are inside
//!   the thread's stack, which is only reallocated by operations after which the
//!   handler reloads `base` (`protect!`, `reload_base`) or re-enters the frame;
//! - the closure and prototype of the running frame are rooted by its stack slot, so
//!   the pointers in [`ActiveFrame`] stay valid while the frame runs;
//! - [`ActiveFrame::frame`] is the index of the running frame, the top of the frame
//!   stack: calls made from a handler push and pop frames above it only, and anything
//!   that changes the frames below (a return, an error, a coroutine switch) leaves
//!   through [`enter_frame`], the trampoline's exit or an error.

use crate::call::Flow;
use crate::error::LuaResult;
use crate::function::{LuaClosure, UpVal};
use crate::gc::Gc;
use crate::thread::Thread;
use crate::value::Value;
use crate::vm::Vm;
use selenite_bytecode::{Instruction, OpCode, NUM_OPCODES};

/// Points at the instruction after the one being executed.
pub(crate) type Pc = *const Instruction;
/// Points at register 0 of the running frame.
pub(crate) type Regs = *mut Value;
/// Points at the running prototype's constants.
pub(crate) type Consts = *const Value;

/// Upvalue `n` of the running closure.
///
/// # Safety
/// A Lua frame is running and `n` is below its closure's upvalue count (verified).
#[inline(always)]
pub(super) unsafe fn upval(vm: &Vm, n: u32) -> Gc<UpVal> {
    // SAFETY: the running closure is rooted by its frame's function slot and has
    // more than `n` upvalue slots, initialised, after it.
    unsafe { (*LuaClosure::upvals_at(vm.exec.closure).add(n as usize)).get() }
}

/// An opcode handler: runs instruction `i` (fetched from just before `pc`) and
/// everything after it, until the frame stack leaves the interpreter (`Ok`) or an
/// error is raised (`Err`, with the value in `Vm::error_value`).
pub(crate) type Handler = unsafe fn(&mut Vm, Pc, Regs, Consts, Instruction) -> LuaResult<()>;

/// One handler per opcode, indexed by opcode number.
pub(crate) type DispatchTable = [Handler; NUM_OPCODES];

/// What the handlers need about the running frame beyond their arguments, loaded by
/// [`enter_frame`] and saved around nested entries into the interpreter.
#[derive(Clone, Copy)]
pub(crate) struct ActiveFrame {
    /// The running closure; its upvalue slots follow it ([`upval`]).
    closure: *const LuaClosure,
    /// Index of the running frame in the thread's frame stack.
    frame: usize,
    /// A debug hook is set: `table` is [`HOOKED`], and calls and returns take the
    /// paths that call hooks.
    hooked: bool,
    table: &'static DispatchTable,
    /// Trampoline mode: where the next instruction is (null to leave the loop).
    #[cfg(selenite_dispatch_loop)]
    next: (Pc, Regs, Consts),
    /// Tail-call mode: the native stack address below which this activation's
    /// handlers bounce (see [`native_stack_exhausted`]).
    #[cfg(not(selenite_dispatch_loop))]
    stack_floor: usize,
    /// Tail-call mode: a handler bounced; the frame on top resumes at its saved pc.
    #[cfg(not(selenite_dispatch_loop))]
    bounced: bool,
}

impl ActiveFrame {
    pub(crate) const IDLE: ActiveFrame = ActiveFrame {
        closure: std::ptr::null(),
        frame: 0,
        hooked: false,
        table: &PLAIN,
        #[cfg(selenite_dispatch_loop)]
        next: (std::ptr::null(), std::ptr::null_mut(), std::ptr::null()),
        #[cfg(not(selenite_dispatch_loop))]
        stack_floor: 0,
        #[cfg(not(selenite_dispatch_loop))]
        bounced: false,
    };
}

/// How much native stack one activation of the interpreter may grow before its
/// handlers bounce (tail-call mode). Handlers that jump never grow it at all.
#[cfg(not(selenite_dispatch_loop))]
const NATIVE_STACK_BUDGET: usize = 128 * 1024;

/// The native stack pointer.
#[cfg(not(selenite_dispatch_loop))]
#[inline(always)]
fn native_stack_pointer() -> usize {
    let sp: usize;
    // SAFETY: copies the stack pointer register to a general one; touches no memory.
    #[cfg(target_arch = "x86_64")]
    unsafe {
        std::arch::asm!("mov {}, rsp", out(reg) sp, options(nomem, nostack, preserves_flags))
    };
    // SAFETY: as above.
    #[cfg(target_arch = "aarch64")]
    unsafe {
        std::arch::asm!("mov {}, sp", out(reg) sp, options(nomem, nostack, preserves_flags))
    };
    #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
    {
        let marker = 0u8;
        sp = std::hint::black_box(&marker) as *const u8 as usize;
    }
    sp
}

/// Whether the native stack has grown past this activation's budget (tail-call
/// mode; see [`GUARDED`]).
#[cfg(not(selenite_dispatch_loop))]
#[inline(always)]
fn native_stack_exhausted(vm: &Vm) -> bool {
    native_stack_pointer() < vm.exec.stack_floor
}

/// Leaves the handler chain to resume, from `run_handlers`, with the instruction
/// before `pc`, which has not run yet.
///
/// # Safety
/// `pc` must point just after an instruction of the running frame.
#[cfg(not(selenite_dispatch_loop))]
#[cold]
#[inline(never)]
unsafe fn bounce(vm: &mut Vm, pc: Pc) -> LuaResult<()> {
    // SAFETY: guaranteed by the caller.
    unsafe { save_pc(vm, pc.sub(1)) };
    vm.exec.bounced = true;
    Ok(())
}

/// Whether this build turns the handlers' tail calls into jumps, as found by running
/// two probe functions shaped like handlers and comparing their stack pointers. The
/// guard test proves it for every handler in the builds CI makes; the probe catches a
/// build where this crate's code was generated unoptimised after all, which
/// `build.rs` cannot see: a final crate compiled at opt-level 0 with link-time
/// optimisation re-generates the whole program at its own level (rustdoc's doc tests
/// under a fat-LTO release profile do that).
#[cfg(not(selenite_dispatch_loop))]
pub(crate) fn tail_calls_jump() -> bool {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::OnceLock;
    /// A handler's shape, with the state as a raw pointer: the probes get null.
    type Probe = unsafe fn(*mut Vm, Pc, Regs, Consts, Instruction) -> LuaResult<()>;
    static FIRST_SP: AtomicUsize = AtomicUsize::new(0);
    static SECOND_SP: AtomicUsize = AtomicUsize::new(1);
    static PROBES: [Probe; 2] = [probe_first, probe_second];
    static RESULT: OnceLock<bool> = OnceLock::new();

    #[inline(never)]
    unsafe fn probe_first(vm: *mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
        FIRST_SP.store(native_stack_pointer(), Ordering::Relaxed);
        // A slow path, as most handlers have (never taken: the probe gets `EXTRAARG`):
        // code generated at opt-level 0 from optimised IR keeps the tail call of a
        // function with branches and calls a call, while that of a straight-line
        // function may still jump, and the probe must come out like the handlers.
        if i.opcode_raw() != OpCode::ExtraArg as u8 {
            probe_slow_path();
        }
        // SAFETY: the second probe dereferences none of its arguments; the volatile
        // read keeps the call indirect, as a handler's, without a stack slot.
        unsafe {
            let next = std::ptr::read_volatile(&PROBES[1]);
            next(vm, pc, base, k, i)
        }
    }
    #[cold]
    #[inline(never)]
    fn probe_slow_path() {
        SECOND_SP.store(usize::MAX, Ordering::Relaxed);
    }
    #[inline(never)]
    unsafe fn probe_second(_: *mut Vm, _: Pc, _: Regs, _: Consts, _: Instruction) -> LuaResult<()> {
        SECOND_SP.store(native_stack_pointer(), Ordering::Relaxed);
        Ok(())
    }

    *RESULT.get_or_init(|| {
        // SAFETY: reads an initialised static; volatile so that the first probe is
        // called, not inlined into this closure (where its call would not be last).
        let first = unsafe { std::ptr::read_volatile(&PROBES[0]) };
        let nop = Instruction::ax(OpCode::ExtraArg, 0);
        // SAFETY: the probes dereference none of their arguments.
        let _ = unsafe { first(std::ptr::null_mut(), std::ptr::null(), std::ptr::null_mut(), std::ptr::null(), nop) };
        FIRST_SP.load(Ordering::Relaxed) == SECOND_SP.load(Ordering::Relaxed)
    })
}

/// How this build chains the interpreter's handlers: `"trampoline"` (a loop calls
/// each handler), `"tail calls"` (each handler jumps to the next), or `"guarded tail
/// calls"` (tail calls that this build left as calls, run by the guarded table that
/// bounces before the native stack runs out). For tests and
/// diagnostics.
pub fn dispatch_mode() -> &'static str {
    #[cfg(selenite_dispatch_loop)]
    return "trampoline";
    #[cfg(not(selenite_dispatch_loop))]
    if tail_calls_jump() {
        "tail calls"
    } else {
        "guarded tail calls"
    }
}

/// Fetches the instruction at `pc` and runs its handler: the last thing every
/// handler does.
macro_rules! dispatch {
    ($vm:ident, $pc:expr, $base:expr, $k:expr) => {{
        let pc: $crate::interp::Pc = $pc;
        let i: selenite_bytecode::Instruction = *pc;
        #[cfg(not(selenite_dispatch_loop))]
        {
            let handler = *$vm.exec_table().get_unchecked(i.opcode_raw() as usize);
            return handler($vm, pc.add(1), $base, $k, i);
        }
        #[cfg(selenite_dispatch_loop)]
        {
            let _ = i;
            return $vm.exec_continue_at(pc, $base, $k);
        }
    }};
}

/// Runs a fallible slow path with the pc saved and `base` refreshed afterwards.
macro_rules! protect {
    ($vm:ident, $pc:ident, $base:ident, $e:expr) => {{
        $crate::interp::save_pc($vm, $pc);
        let r = $e;
        $base = $crate::interp::reload_base($vm);
        r?
    }};
}

/// Goes on after a call or a metamethod set-up: with the next instruction of this
/// frame, with the new top frame, or out of the interpreter.
macro_rules! flow {
    ($vm:ident, $pc:ident, $k:ident, $f:expr) => {{
        match $f {
            $crate::call::Flow::Continue => {
                let base = $crate::interp::reload_base($vm);
                dispatch!($vm, $pc, base, $k)
            }
            $crate::call::Flow::Reenter => return $crate::interp::enter_frame($vm),
            $crate::call::Flow::Exit => return Ok(()),
        }
    }};
}

/// Where a slow path's out-of-line part leaves the running frame (see
/// [`out_of_line!`]).
#[derive(Clone, Copy)]
pub(crate) enum Resume {
    /// Go on with the instruction at this position of the running frame.
    At(Pc),
    /// Frames changed: run the frame now on top.
    Reenter,
    /// Leave the interpreter.
    Exit,
}

impl Resume {
    /// Goes on at `pc` when a call or metamethod set-up says `Continue`.
    #[inline(always)]
    pub(crate) fn after(flow: Flow, pc: Pc) -> Resume {
        match flow {
            Flow::Continue => Resume::At(pc),
            Flow::Reenter => Resume::Reenter,
            Flow::Exit => Resume::Exit,
        }
    }
}

/// Defines handler `$name` as a shell that calls `$work` (an `unsafe fn` with the
/// handler's arguments and contract, returning `LuaResult<Resume>`) and dispatches.
///
/// Why two functions: a slow path gets `Step`s and `Value`s back through stack
/// slots and passes the addresses of locals to its helpers, and LLVM turns the
/// dispatch call after that into a jump only if it can prove that no helper kept such
/// an address. With fat LTO it usually can; without (Cargo's default release profile,
/// doc tests) it cannot, and every such handler would leave a native frame behind
/// until a long loop overflowed the stack. The shell holds only scalars, so its
/// dispatch is a jump in every optimised build; the guard test checks both builds.
macro_rules! out_of_line {
    ($(#[$attr:meta])* $name:ident => $work:ident) => {
        $(#[$attr])*
        #[inline(never)]
        pub(super) unsafe fn $name(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
            // SAFETY: `$work` has this handler's contract, which the caller upholds;
            // after it, `base` is reloaded because the stack may have moved.
            unsafe {
                match $work(vm, pc, base, k, i)? {
                    $crate::interp::Resume::At(pc) => {
                        let base = $crate::interp::reload_base(vm);
                        dispatch!(vm, pc, base, k)
                    }
                    $crate::interp::Resume::Reenter => $crate::interp::enter_frame(vm),
                    $crate::interp::Resume::Exit => Ok(()),
                }
            }
        }
    };
}

/// Sets up the metamethod call `f(args)` of the instruction before `pc`, whose
/// `nresults` results `finish_op` will consume.
///
/// # Safety
/// `pc` must point into the running prototype's code.
#[inline(always)]
pub(crate) unsafe fn call_metamethod(
    vm: &mut Vm,
    pc: Pc,
    f: Value,
    args: &[Value],
    nresults: i32,
) -> LuaResult<Resume> {
    // SAFETY: guaranteed by the caller.
    unsafe { save_pc(vm, pc) };
    let top = vm.frame_top();
    Ok(Resume::after(vm.call_from_op(top, f, args, nresults)?, pc))
}

/// Finishes an instruction whose slow path produced a value for register `dest` or
/// set up a metamethod call whose first result will.
///
/// # Safety
/// `dest` must be a register of the running frame and `base` its current position.
#[inline(always)]
pub(crate) unsafe fn meta_result(
    vm: &mut Vm,
    pc: Pc,
    base: Regs,
    step: crate::ops::Step,
    dest: u32,
) -> LuaResult<Resume> {
    // SAFETY: guaranteed by the caller.
    unsafe {
        match step {
            crate::ops::Step::Done(v) => {
                *reg(base, dest) = v;
                Ok(Resume::At(pc))
            }
            crate::ops::Step::Call { f, args, nargs } => call_metamethod(vm, pc, f, &args[..nargs], 1),
        }
    }
}

/// Where the test before the `JMP` at `pc` goes on: the jump's target when `cond`
/// equals the test's `k`, otherwise the instruction after the jump.
///
/// # Safety
/// `pc` must point at the `JMP` companion of test `i` (the verifier guarantees it).
#[inline(always)]
pub(crate) unsafe fn cond_target(pc: Pc, cond: bool, i: Instruction) -> Pc {
    // SAFETY: guaranteed by the caller; jump targets are inside the code.
    unsafe {
        if cond != i.k() {
            pc.add(1)
        } else {
            pc.offset((*pc).sj_arg() as isize + 1)
        }
    }
}

/// Performs the conditional jump that follows a test: the `JMP` after it when the
/// condition equals the instruction's `k`, otherwise skips it.
macro_rules! cond_jump {
    ($vm:ident, $pc:ident, $base:ident, $k:ident, $cond:expr, $i:expr) => {{
        if ($cond) != $i.k() {
            dispatch!($vm, $pc.add(1), $base, $k)
        } else {
            let jump = *$pc;
            dispatch!($vm, $pc.offset(jump.sj_arg() as isize + 1), $base, $k)
        }
    }};
}

// The handler modules come after the macros so that they can use them.
mod arith;
mod calls;
mod compare;
mod loads;
mod support;
mod tables;

/// The plain handlers, by opcode.
static PLAIN: DispatchTable = {
    use OpCode as O;
    let mut t: DispatchTable = [calls::op_extra_arg as Handler; NUM_OPCODES];
    t[O::Move as usize] = loads::op_move;
    t[O::LoadI as usize] = loads::op_load_int;
    t[O::LoadF as usize] = loads::op_load_float;
    t[O::LoadK as usize] = loads::op_load_constant;
    t[O::LoadKX as usize] = loads::op_load_constant_extra;
    t[O::LoadFalse as usize] = loads::op_load_false;
    t[O::LFalseSkip as usize] = loads::op_load_false_skip;
    t[O::LoadTrue as usize] = loads::op_load_true;
    t[O::LoadNil as usize] = loads::op_load_nil;
    t[O::GetUpval as usize] = loads::op_get_upval;
    t[O::GetSelf as usize] = loads::op_get_self;
    t[O::SetUpval as usize] = loads::op_set_upval;
    t[O::GetTabUp as usize] = tables::op_get_tab_up;
    t[O::GetTable as usize] = tables::op_get_table;
    t[O::GetI as usize] = tables::op_get_int;
    t[O::GetField as usize] = tables::op_get_field;
    t[O::SetTabUp as usize] = tables::op_set_tab_up;
    t[O::SetTable as usize] = tables::op_set_table;
    t[O::SetI as usize] = tables::op_set_int;
    t[O::SetField as usize] = tables::op_set_field;
    t[O::NewTable as usize] = tables::op_new_table;
    t[O::SelfOp as usize] = tables::op_self;
    t[O::AddI as usize] = arith::op_add_imm;
    t[O::AddK as usize] = arith::op_add_k;
    t[O::SubK as usize] = arith::op_sub_k;
    t[O::MulK as usize] = arith::op_mul_k;
    t[O::ModK as usize] = arith::op_mod_k;
    t[O::PowK as usize] = arith::op_pow_k;
    t[O::DivK as usize] = arith::op_div_k;
    t[O::IDivK as usize] = arith::op_idiv_k;
    t[O::BAndK as usize] = arith::op_band_k;
    t[O::BOrK as usize] = arith::op_bor_k;
    t[O::BXorK as usize] = arith::op_bxor_k;
    t[O::ShrI as usize] = arith::op_shr_imm;
    t[O::ShlI as usize] = arith::op_shl_imm;
    t[O::Add as usize] = arith::op_add;
    t[O::Sub as usize] = arith::op_sub;
    t[O::Mul as usize] = arith::op_mul;
    t[O::Mod as usize] = arith::op_mod;
    t[O::Pow as usize] = arith::op_pow;
    t[O::Div as usize] = arith::op_div;
    t[O::IDiv as usize] = arith::op_idiv;
    t[O::BAnd as usize] = arith::op_band;
    t[O::BOr as usize] = arith::op_bor;
    t[O::BXor as usize] = arith::op_bxor;
    t[O::Shl as usize] = arith::op_shl;
    t[O::Shr as usize] = arith::op_shr;
    t[O::MmBin as usize] = arith::op_mm_bin;
    t[O::MmBinI as usize] = arith::op_mm_bin_imm;
    t[O::MmBinK as usize] = arith::op_mm_bin_k;
    t[O::Unm as usize] = arith::op_unm;
    t[O::BNot as usize] = arith::op_bnot;
    t[O::Not as usize] = arith::op_not;
    t[O::Len as usize] = arith::op_len;
    t[O::Concat as usize] = calls::op_concat;
    t[O::Close as usize] = calls::op_close;
    t[O::Tbc as usize] = calls::op_tbc;
    t[O::Jmp as usize] = compare::op_jmp;
    t[O::Eq as usize] = compare::op_eq;
    t[O::Lt as usize] = compare::op_lt;
    t[O::Le as usize] = compare::op_le;
    t[O::EqK as usize] = compare::op_eq_k;
    t[O::EqI as usize] = compare::op_eq_imm;
    t[O::LtI as usize] = compare::op_lt_imm;
    t[O::LeI as usize] = compare::op_le_imm;
    t[O::GtI as usize] = compare::op_gt_imm;
    t[O::GeI as usize] = compare::op_ge_imm;
    t[O::Test as usize] = compare::op_test;
    t[O::TestSet as usize] = compare::op_test_set;
    t[O::Call as usize] = calls::op_call;
    t[O::TailCall as usize] = calls::op_tail_call;
    t[O::Return as usize] = calls::op_return;
    t[O::Return0 as usize] = calls::op_return0;
    t[O::Return1 as usize] = calls::op_return1;
    t[O::ForLoop as usize] = compare::op_for_loop;
    t[O::ForPrep as usize] = compare::op_for_prep;
    t[O::TForPrep as usize] = compare::op_tfor_prep;
    t[O::TForCall as usize] = calls::op_tfor_call;
    t[O::TForLoop as usize] = compare::op_tfor_loop;
    t[O::SetList as usize] = tables::op_set_list;
    t[O::Closure as usize] = calls::op_closure;
    t[O::Vararg as usize] = calls::op_vararg;
    t[O::VarargPrep as usize] = calls::op_vararg_prep;
    t[O::ExtraArg as usize] = calls::op_extra_arg;
    t
};

/// Every entry runs the instruction hook (which also charges host limits) first.
static HOOKED: DispatchTable = [op_hooked as Handler; NUM_OPCODES];

/// Every entry charges host limits first: used while limits are set and no debug
/// hook is, so that a budget costs a counter, not the hook machinery.
static LIMITED: DispatchTable = [op_limited as Handler; NUM_OPCODES];

/// Used instead of [`PLAIN`] in a build whose tail calls stay calls (see
/// [`tail_calls_jump`]): every entry checks the native stack first and bounces when
/// this activation has used its budget, so that such a build is slow but never
/// overflows. Every handler then returns into the one before; `run_handlers`
/// resumes the bounced frame from a fresh stack.
#[cfg(not(selenite_dispatch_loop))]
static GUARDED: DispatchTable = [op_guarded as Handler; NUM_OPCODES];

/// Register `n` of the frame whose registers start at `base`.
///
/// # Safety
/// `n` must be a register of the running frame (see the module invariants).
#[inline(always)]
pub(crate) unsafe fn reg<'a>(base: Regs, n: u32) -> &'a mut Value {
    // SAFETY: guaranteed by the caller.
    unsafe { &mut *base.add(n as usize) }
}

/// Constant `n` of the running prototype.
///
/// # Safety
/// `n` must be a constant index the verifier accepted for the running prototype.
#[inline(always)]
pub(crate) unsafe fn konst(k: Consts, n: u32) -> Value {
    // SAFETY: guaranteed by the caller.
    unsafe { *k.add(n as usize) }
}

/// Stores `pc` in the running frame, for error positions, hooks and `finish_op`.
///
/// # Safety
/// `pc` must point into the running prototype's code.
#[inline(always)]
pub(crate) unsafe fn save_pc(vm: &mut Vm, pc: Pc) {
    let frame = vm.exec.frame;
    // SAFETY: `exec.frame` is the running frame (module invariants).
    unsafe { vm.state().frames.get_unchecked_mut(frame).savedpc = pc };
}

/// The running frame's register 0, recomputed after the stack may have moved.
///
/// # Safety
/// Must be called while a Lua frame runs (`exec.frame` valid).
#[inline(always)]
pub(crate) unsafe fn reload_base(vm: &mut Vm) -> Regs {
    let st = vm.state();
    // SAFETY: the running frame exists and its base is inside the stack.
    unsafe { st.stack.as_mut_ptr().add(st.frames.get_unchecked(vm.exec.frame).base) }
}

impl Vm {
    /// Runs the interpreter until frame `entry` of `entry_thread` returns.
    pub(crate) fn execute(&mut self, entry_thread: Gc<Thread>, entry: usize) -> LuaResult<()> {
        // A nested entry (a hook, a finalizer, a call from a native function) runs
        // other frames; the outer activation goes on with its own state afterwards.
        let outer = self.exec;
        #[cfg(not(selenite_dispatch_loop))]
        {
            self.exec.stack_floor = native_stack_pointer().saturating_sub(NATIVE_STACK_BUDGET);
            self.exec.bounced = false;
        }
        let result = loop {
            // SAFETY: the frame on top is a Lua frame the call machinery just pushed
            // or returned to; `enter_frame` checks it is one.
            match unsafe { run_handlers(self) } {
                Ok(()) => break Ok(()),
                Err(e) => match self.recover(e, entry_thread, entry) {
                    Ok(Flow::Exit) => break Ok(()),
                    Ok(_) => continue,
                    Err(e) => break Err(e),
                },
            }
        };
        self.exec = outer;
        result
    }

    /// The dispatch table for the running state of hooks and limits.
    pub(crate) fn refresh_dispatch(&mut self) {
        let hooked = self.state().hooks.mask != 0;
        self.exec.hooked = hooked;
        self.exec.table = if hooked {
            &HOOKED
        } else if self.limits_on {
            &LIMITED
        } else {
            self.plain_table()
        };
    }

    /// What [`Vm::refresh_dispatch`] chooses when neither hooks nor limits are on,
    /// for callers that know they are not.
    #[inline(always)]
    pub(crate) fn use_plain_dispatch(&mut self) {
        self.exec.hooked = false;
        self.exec.table = self.plain_table();
    }

    /// The table without hooks or limits: [`GUARDED`] in a build whose tail calls
    /// stay calls.
    fn plain_table(&self) -> &'static DispatchTable {
        #[cfg(not(selenite_dispatch_loop))]
        if !self.tail_calls_jump {
            return &GUARDED;
        }
        &PLAIN
    }

    #[cfg(not(selenite_dispatch_loop))]
    #[inline(always)]
    fn exec_table(&self) -> &'static DispatchTable {
        self.exec.table
    }

    #[cfg(selenite_dispatch_loop)]
    #[inline(always)]
    fn exec_continue_at(&mut self, pc: Pc, base: Regs, k: Consts) -> LuaResult<()> {
        self.exec.next = (pc, base, k);
        Ok(())
    }

    /// The running frame's `top`, where metamethod calls are set up.
    #[inline(always)]
    fn frame_top(&self) -> usize {
        self.state().frames[self.exec.frame].top
    }
}

/// Runs handlers from the top frame until the interpreter is left.
///
/// # Safety
/// See the module invariants; the top frame must be a Lua frame.
#[cfg(not(selenite_dispatch_loop))]
unsafe fn run_handlers(vm: &mut Vm) -> LuaResult<()> {
    loop {
        // SAFETY: guaranteed by the caller; after a bounce the frame on top is the
        // Lua frame that bounced, with its pc saved.
        unsafe { enter_frame(vm)? };
        if !vm.exec.bounced {
            return Ok(());
        }
    }
}

/// Runs handlers from the top frame until the interpreter is left, one instruction per
/// trip around the loop.
///
/// # Safety
/// See the module invariants; the top frame must be a Lua frame.
#[cfg(selenite_dispatch_loop)]
unsafe fn run_handlers(vm: &mut Vm) -> LuaResult<()> {
    vm.exec.next.0 = std::ptr::null();
    // SAFETY: guaranteed by the caller; each handler leaves a valid next position in
    // `exec.next` or a null pc when the interpreter is left.
    unsafe {
        enter_frame(vm)?;
        loop {
            let (pc, base, k) = vm.exec.next;
            if pc.is_null() {
                return Ok(());
            }
            vm.exec.next.0 = std::ptr::null();
            let i = *pc;
            let handler = *vm.exec.table.get_unchecked(i.opcode_raw() as usize);
            handler(vm, pc.add(1), base, k, i)?;
        }
    }
}

/// Loads the state of the frame on top of the stack (after a call, a return, a
/// coroutine switch or an error was handled) and runs it.
///
/// Never inlined: its dispatch must stay a jump, and a caller that keeps a local's
/// address alive (the slow paths of returns, with their roots) would turn it into a
/// call if this were inlined into it, as profile-guided inlining is apt to do.
///
/// # Safety
/// See the module invariants.
#[inline(never)]
pub(crate) unsafe fn enter_frame(vm: &mut Vm) -> LuaResult<()> {
    let st = vm.state();
    let frame_idx = st.frames.len() - 1;
    let frame = st.frames[frame_idx];
    let Value::LuaFn(closure) = st.stack[frame.func] else {
        // Only reachable if a native frame is on top, which the call machinery never
        // leaves when it asks to re-enter.
        return Err(vm.runtime_error("internal error: native frame on top"));
    };
    let cl: *const LuaClosure = closure.as_ptr();
    // SAFETY: the closure is rooted by the frame's function slot, and so is its
    // prototype; see the module invariants for the rest.
    unsafe {
        let proto = &*(*cl).proto;
        vm.exec.closure = cl;
        vm.exec.frame = frame_idx;
        vm.refresh_dispatch();
        // A frame resumed after a bounce has had its call hook already.
        #[cfg(not(selenite_dispatch_loop))]
        let resumed = std::mem::take(&mut vm.exec.bounced);
        #[cfg(selenite_dispatch_loop)]
        let resumed = false;
        if vm.exec.hooked && frame.savedpc == proto.code.as_ptr() && !proto.is_vararg && !resumed {
            vm.hook_call()?;
        }
        let pc = frame.savedpc;
        let base = reload_base(vm);
        let k = proto.constants.as_ptr();
        dispatch!(vm, pc, base, k)
    }
}

/// The handler of every opcode while hooks or limits are on: runs the instruction
/// hook, then the plain handler.
///
/// # Safety
/// See the module invariants.
unsafe fn op_hooked(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    let mut base = base;
    // Hooks and limits run every instruction through these handlers, so they also
    // keep the native stack in check, whatever the probe found: where a final crate
    // re-generates this crate's code (fat LTO at its own opt-level, as rustdoc's
    // release doc tests do), the probe can come out optimised while these handlers
    // do not, and their calls to the plain handlers then stay calls.
    #[cfg(not(selenite_dispatch_loop))]
    if native_stack_exhausted(vm) {
        // SAFETY: `pc` is just after the instruction about to run.
        return unsafe { bounce(vm, pc) };
    }
    // SAFETY: see the module invariants; `reload_base` refreshes `base` after the hook,
    // which may grow the stack.
    unsafe {
        // `VARARGPREP` calls the call hook itself, once the frame is in place.
        if i.opcode_raw() != OpCode::VarargPrep as u8 {
            save_pc(vm, pc);
            let closure = &*vm.exec.closure;
            let at = pc.offset_from(closure.proto.code.as_ptr()) as usize - 1;
            let r = vm.hook_instruction(vm.exec.frame, at, uses_top(i));
            base = reload_base(vm);
            r?;
            vm.refresh_dispatch();
        }
        let handler = *PLAIN.get_unchecked(i.opcode_raw() as usize);
        handler(vm, pc, base, k, i)
    }
}

/// The handler of every opcode while limits are set and no hook is: charges the
/// instruction, then runs the plain handler. `VARARGPREP` is not charged, as under
/// the hooked table.
///
/// # Safety
/// See the module invariants.
unsafe fn op_limited(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see the module invariants.
    unsafe {
        // As in `op_hooked`: checked in every build.
        #[cfg(not(selenite_dispatch_loop))]
        if native_stack_exhausted(vm) {
            return bounce(vm, pc);
        }
        if i.opcode_raw() != OpCode::VarargPrep as u8 {
            if let Err(e) = vm.charge_instruction() {
                save_pc(vm, pc);
                return Err(e);
            }
        }
        let handler = *PLAIN.get_unchecked(i.opcode_raw() as usize);
        handler(vm, pc, base, k, i)
    }
}

/// The handler of every opcode in a build whose tail calls stay calls: bounces when
/// the native stack is exhausted, then runs the plain handler.
///
/// # Safety
/// See the module invariants.
#[cfg(not(selenite_dispatch_loop))]
unsafe fn op_guarded(vm: &mut Vm, pc: Pc, base: Regs, k: Consts, i: Instruction) -> LuaResult<()> {
    // SAFETY: see the module invariants.
    unsafe {
        if native_stack_exhausted(vm) {
            return bounce(vm, pc);
        }
        let handler = *PLAIN.get_unchecked(i.opcode_raw() as usize);
        handler(vm, pc, base, k, i)
    }
}

/// Whether an instruction reads the stack top set by the previous one (a "to top"
/// operand), so hooks must not move the top before it runs.
fn uses_top(i: Instruction) -> bool {
    match i.opcode() {
        Some(OpCode::Call) | Some(OpCode::TailCall) => i.b() == 0,
        Some(OpCode::Return) | Some(OpCode::SetList) => i.b() == 0,
        _ => false,
    }
}
