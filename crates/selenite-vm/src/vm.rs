//! The state of one Lua universe: the heap, the string table, the registry, the
//! threads, and the API native functions use to read their arguments and return
//! results.
//!
//! Invariants: `thread` is the running thread, and while a native function runs, the
//! top frame of that thread is the native's frame: its arguments are the stack slots
//! from the frame's `base` to the thread's `top`, and values it pushes go above them.
//! Every GC object the VM owns is reachable from [`Vm::mark_roots`].

use crate::error::{ErrorKind, LuaError, LuaResult};
use crate::function::{NativeClosure, NativeCode, NativeFn, Proto, UpVal};
use crate::gc::{Gc, GcParams, Heap};
use crate::meta::{Tm, TM_NAMES};
use crate::string::{LuaStr, StringTable};
use crate::table::Table;
use crate::thread::{Thread, ThreadState, ThreadStatus};
use crate::userdata::UserData;
use crate::value::{LuaType, Value};
use std::any::{Any, TypeId};

/// Nested Rust-level entries into the interpreter allowed (the reference's
/// `LUAI_MAXCCALLS`).
pub const MAX_NATIVE_DEPTH: u32 = 200;

/// Receives `warn` messages and other diagnostics the VM cannot raise as errors.
pub type WarnFn = Box<dyn FnMut(&[u8], bool) + Send>;

/// A Lua state.
pub struct Vm {
    pub(crate) heap: Heap,
    pub(crate) strings: StringTable,
    pub(crate) registry: Gc<Table>,
    pub(crate) globals: Gc<Table>,
    pub(crate) main_thread: Gc<Thread>,
    /// The running thread.
    pub(crate) thread: Gc<Thread>,
    pub(crate) type_metatables: [Option<Gc<Table>>; 8],
    pub(crate) tm_names: Vec<Gc<LuaStr>>,
    /// The names `type()` returns, interned once (by [`LuaType::index`]).
    pub(crate) type_names: [Gc<LuaStr>; 8],
    /// The error in flight (see `error.rs`).
    pub(crate) error_value: Value,
    /// The frame index whose message handler already saw `error_value`, so that an
    /// error crossing several Rust-level boundaries is handled once.
    pub(crate) error_handled_at: Option<usize>,
    /// Nested Rust-level entries into the interpreter.
    pub(crate) native_depth: u32,
    /// Threads waiting for the coroutine they resumed, innermost last.
    pub(crate) resumers: Vec<Gc<Thread>>,
    /// Every coroutine not yet collected (not a root): before a sweep frees one, the
    /// collector closes its open upvalues that other closures still use.
    pub(crate) coroutines: Vec<Gc<Thread>>,
    /// Scratch space where `CLOSURE` gathers a new closure's upvalues (empty between
    /// instructions; kept to save an allocation per closure).
    pub(crate) closure_upvals: Vec<Gc<UpVal>>,
    /// Scratch space for a number's text on its way to becoming a string (kept so
    /// that `tostring` of a number allocates only the string).
    pub(crate) number_text: Vec<u8>,
    /// Values held by the embedding API (see `crate::roots`).
    pub(crate) roots: crate::roots::RootSet,
    /// Objects with a `__gc` metamethod, in registration order (not roots).
    pub(crate) finalizable: Vec<Value>,
    /// Unreachable objects whose finalizers are due (roots until they run).
    pub(crate) to_finalize: Vec<Value>,
    /// Whether finalizers are running (they do not nest).
    pub(crate) finalizing: bool,
    /// Loaded-module table for naming functions in messages (`package.loaded`).
    pub(crate) loaded_key: Gc<LuaStr>,
    pub(crate) warn: Option<WarnFn>,
    /// Host limits (see `crate::limits`); `limits_on` caches whether any is set.
    pub(crate) limits: crate::limits::Limits,
    pub(crate) limits_on: bool,
    /// A local or an upvalue was changed through the debug interface (`debug.setlocal`,
    /// `setupvalue`, `upvaluejoin`), where the compiler cannot see it: from then on
    /// `GETSELF` reads its upvalue as `GETUPVAL` does instead of taking the running
    /// closure (which the compiler proved the upvalue holds as long as only the
    /// program's own assignments change variables).
    pub(crate) variables_rewired: bool,
    /// Whether the handlers' tail calls are jumps in this build (see
    /// `crate::interp::tail_calls_jump`).
    #[cfg(not(selenite_dispatch_loop))]
    pub(crate) tail_calls_jump: bool,
    /// Data the embedder attaches to the state.
    /// Host and library data by type; the type's id is kept beside each entry so
    /// that a look-up compares ids inline instead of asking every entry's vtable.
    pub(crate) app_data: Vec<(TypeId, Box<dyn Any + Send>)>,
    /// The interpreter's view of the running Lua frame (see `crate::interp`).
    pub(crate) exec: crate::interp::ActiveFrame,
}

// SAFETY: a `Vm` is the sole owner of its heap. What keeps it from being `Send`
// automatically is the pointers it holds: `Gc`s, the `*mut Value` of open upvalues,
// and `exec`'s pointers to the running closure, its code and its upvalues (its
// dispatch table is a `'static`). Every one of them points into that heap, whose
// objects refer only to each other: moving the `Vm` moves the owner of everything
// they reach. Everything
// else the heap and the `Vm` own is `Send` on its own terms: boxed natives, the warn
// function, app data and userdata payloads are required to be `Send` by the types
// of this crate's constructors (`BoxedNative`, `WarnFn`, `set_app_data`,
// `new_userdata`), prototypes share their source name through an `Arc`, and cells
// inside objects are only reached through the `Vm`. The remaining obligation is the
// rooting discipline's (`gc.rs`): a `Gc` copied out of the `Vm` is used only by the
// thread that currently has the `Vm`, just as it is used only while its object is
// reachable. The embedding API (`selenite`) never hands a `Gc` out.
unsafe impl Send for Vm {}

// What the argument above says is `Send` on its own terms is checked here.
const _: () = {
    const fn assert_send<T: Send>() {}
    assert_send::<Option<WarnFn>>();
    assert_send::<crate::function::BoxedNative>();
    assert_send::<Vec<Box<dyn Any + Send>>>();
    assert_send::<crate::limits::Limits>();
    assert_send::<std::sync::Arc<[u8]>>();
};

impl Default for Vm {
    fn default() -> Self {
        Self::new()
    }
}

impl Vm {
    /// A new state with an empty global table and no libraries.
    pub fn new() -> Vm {
        let mut heap = Heap::new();
        let mut strings = StringTable::default();
        let registry = Table::new_in(&mut heap, 2, 4);
        let globals = Table::new_in(&mut heap, 0, 64);
        let main_thread = heap.alloc(Thread::new(None));
        let tm_names = TM_NAMES.iter().map(|n| strings.intern(&mut heap, n.as_bytes())).collect();
        let loaded_key = strings.intern(&mut heap, b"_LOADED");
        let type_names = LuaType::ALL.map(|ty| strings.intern(&mut heap, ty.name().as_bytes()));
        // SAFETY: the thread was just created; nothing else refers to it.
        unsafe { Thread::state(main_thread) }.status = ThreadStatus::Running;
        let mut vm = Vm {
            heap,
            strings,
            registry,
            globals,
            main_thread,
            thread: main_thread,
            type_metatables: [None; 8],
            tm_names,
            type_names,
            error_value: Value::Nil,
            error_handled_at: None,
            native_depth: 0,
            resumers: Vec::new(),
            coroutines: Vec::new(),
            closure_upvals: Vec::new(),
            number_text: Vec::new(),
            roots: crate::roots::RootSet::default(),
            finalizable: Vec::new(),
            to_finalize: Vec::new(),
            finalizing: false,
            loaded_key,
            warn: None,
            limits: Default::default(),
            limits_on: false,
            variables_rewired: false,
            #[cfg(not(selenite_dispatch_loop))]
            tail_calls_jump: true,
            app_data: Vec::new(),
            exec: crate::interp::ActiveFrame::IDLE,
        };
        registry.set_int(&mut vm.heap, 1, Value::Thread(main_thread));
        registry.set_int(&mut vm.heap, 2, Value::Table(globals));
        // The main thread's base frame: a native frame that never returns, standing
        // for the host.
        let st = vm.state();
        st.frames.push(crate::thread::CallInfo {
            func: 0,
            base: 1,
            top: 1 + crate::thread::MIN_NATIVE_STACK,
            savedpc: std::ptr::null(),
            nresults: 0,
            flags: 0,
            n_extra_args: 0,
            cont: None,
            protect: crate::function::Protect::None,
            call_slot: 0,
            c_depth: 0,
        });
        st.top = 1;
        #[cfg(not(selenite_dispatch_loop))]
        {
            vm.tail_calls_jump = crate::interp::tail_calls_jump();
        }
        vm
    }

    /// The running thread's state. The reference is not tied to the borrow of `self`
    /// so that the heap can be used alongside it; callers re-take it after anything
    /// that could switch threads or take it again.
    #[inline(always)]
    #[allow(clippy::mut_from_ref)]
    pub(crate) fn state<'a>(&self) -> &'a mut ThreadState {
        // The VM core takes the state for one operation at a time, never across a call
        // that could take it again.
        // SAFETY: the running thread is rooted (`mark_roots`), and used exclusively.
        unsafe { Thread::state(self.thread) }
    }

    // ----- objects -----

    /// Interns or creates a string.
    pub fn new_string(&mut self, bytes: &[u8]) -> Gc<LuaStr> {
        self.strings.intern(&mut self.heap, bytes)
    }

    /// Creates a string from an owned buffer.
    pub fn new_string_from_vec(&mut self, bytes: Vec<u8>) -> Gc<LuaStr> {
        self.strings.new_from_vec(&mut self.heap, bytes)
    }

    /// Creates a string of `len` bytes that `fill` writes in place (no buffer to copy
    /// from: a long result exists once, not twice), after checking the memory limit.
    /// That check may collect garbage and so run finalizers, which may change what
    /// `len` was measured from: `fill` must check that its pieces fill exactly `len`
    /// bytes (`ExactWriter`) and say so; `None` if they did not, for the caller to
    /// build the string another way.
    pub fn new_string_with(
        &mut self,
        len: usize,
        fill: impl FnOnce(&mut [u8]) -> bool,
    ) -> LuaResult<Option<Gc<LuaStr>>> {
        self.reserve_memory(len)?;
        Ok(self.strings.new_with(&mut self.heap, len, fill))
    }

    /// A string value.
    pub fn str_value(&mut self, s: &str) -> Value {
        Value::Str(self.new_string(s.as_bytes()))
    }

    pub fn new_table(&mut self) -> Gc<Table> {
        Table::new_in(&mut self.heap, 0, 0)
    }

    pub fn new_table_with(&mut self, narray: usize, nhash: usize) -> Gc<Table> {
        Table::new_in(&mut self.heap, narray, nhash)
    }

    /// A native closure with upvalues.
    pub fn new_native_closure(&mut self, f: NativeFn, upvalues: &[Value]) -> Value {
        let c = NativeClosure {
            code: NativeCode::Fn(f),
            upvalues: upvalues.iter().map(|v| std::cell::Cell::new(*v)).collect(),
            name: None,
        };
        Value::NativeClosure(self.heap.alloc(c))
    }

    /// A native closure running a boxed Rust closure.
    pub fn new_boxed_function(&mut self, f: crate::function::BoxedNative) -> Value {
        let c = NativeClosure { code: NativeCode::Boxed(f), upvalues: Box::new([]), name: None };
        Value::NativeClosure(self.heap.alloc(c))
    }

    /// A full userdata holding `data`, with `n_user_values` user-value slots.
    pub fn new_userdata(&mut self, data: Box<dyn Any + Send>, n_user_values: usize) -> Gc<UserData> {
        self.heap.alloc(UserData::new(data, n_user_values))
    }

    /// A new coroutine that will run `f`. As in the reference, it inherits the
    /// running thread's hook mask and count but not its hook function (which the
    /// reference's debug library keeps per thread): its events are counted and call
    /// nothing until a hook is set on it.
    pub fn new_thread(&mut self, f: Value) -> Gc<Thread> {
        let spare = self.heap.take_spare_stack();
        let th = self.heap.alloc(Thread::new(spare));
        let (_, mask, count) = self.hook(self.thread);
        // SAFETY: the thread was just created; nothing else refers to it.
        let st = unsafe { Thread::state(th) };
        st.stack[0] = f;
        st.top = 1;
        st.hooks.mask = mask;
        st.hooks.count = count;
        st.hooks.count_left = count;
        self.coroutines.push(th);
        th
    }

    /// Creates a Lua closure for a main chunk, with its first upvalue (`_ENV`) set to
    /// `env` and any other upvalues fresh and nil.
    pub fn new_main_closure(&mut self, proto: Gc<Proto>, env: Value) -> Value {
        let n = proto.upvalues.len();
        let mut upvals = Vec::with_capacity(n);
        for i in 0..n {
            let uv = self.heap.alloc(UpVal::new_closed(if i == 0 { env } else { Value::Nil }));
            UpVal::fix_closed_location(uv);
            upvals.push(uv);
        }
        Value::LuaFn(self.heap.alloc_lua_closure(proto, &upvals))
    }

    pub(crate) fn alloc_proto(&mut self, p: Proto) -> Gc<Proto> {
        self.heap.alloc(p)
    }

    // ----- well-known tables -----

    pub fn globals(&self) -> Gc<Table> {
        self.globals
    }

    /// Replaces the global table (also stored in the registry).
    pub fn set_globals(&mut self, t: Gc<Table>) {
        self.globals = t;
        self.registry.set_int(&mut self.heap, 2, Value::Table(t));
    }

    pub fn registry(&self) -> Gc<Table> {
        self.registry
    }

    pub fn main_thread(&self) -> Gc<Thread> {
        self.main_thread
    }

    pub fn current_thread(&self) -> Gc<Thread> {
        self.thread
    }

    /// Sets a global variable.
    pub fn set_global(&mut self, name: &str, v: Value) {
        let k = self.new_string(name.as_bytes());
        self.globals.set_str(&mut self.heap, k, v);
    }

    /// Reads a global variable (raw).
    pub fn get_global(&mut self, name: &str) -> Value {
        let k = self.new_string(name.as_bytes());
        self.globals.get_str(k)
    }

    /// `t[k] = v` without metamethods; errors for nil and NaN keys.
    pub fn raw_set(&mut self, t: Gc<Table>, k: Value, v: Value) -> LuaResult<()> {
        match t.set(&mut self.heap, k, v) {
            Ok(()) => Ok(()),
            Err(crate::table::KeyError::Memory) => Err(self.memory_error()),
            Err(e) => Err(self.error_str(e.message())),
        }
    }

    /// `t[k] = v` for a string key, without metamethods.
    pub fn raw_set_str(&mut self, t: Gc<Table>, k: &str, v: Value) {
        let k = self.new_string(k.as_bytes());
        t.set_str(&mut self.heap, k, v);
    }

    /// `t[i] = v` without metamethods.
    pub fn raw_set_int(&mut self, t: Gc<Table>, i: i64, v: Value) {
        t.set_int(&mut self.heap, i, v);
    }

    /// Moves `count` values of a table's array part from keys `from..` to keys
    /// `to..`, as [`Gc::<Table>::move_in_array`]: false (nothing moved) unless both
    /// ranges lie in the array part.
    pub fn table_move_in_array(&mut self, t: Gc<Table>, from: i64, to: i64, count: usize) -> bool {
        t.move_in_array(&mut self.heap, from, to, count)
    }

    /// Pushes `t[key]` for a table without a metatable, copied from the table's slot
    /// straight to the stack (a library loop that moves many elements, such as
    /// `table.sort`, would otherwise pass each through a returned `Value` and wait for
    /// its pieces to be stored before reading it whole).
    pub fn push_raw_int(&mut self, t: Gc<Table>, key: i64) -> LuaResult<()> {
        const NIL: Value = Value::Nil;
        self.push_from(|| t.int_slot(key).unwrap_or(&NIL))
    }

    /// `a < b` when no metamethod can be involved (two numbers or two strings);
    /// `None` otherwise.
    pub fn plain_less_than(a: &Value, b: &Value) -> Option<bool> {
        match (*a, *b) {
            (Value::Str(x), Value::Str(y)) => Some(crate::meta::str_order(x, y, true)),
            (x, y) => crate::meta::num_lt(x, y),
        }
    }

    /// Pre-sizes a table's array part.
    pub fn table_reserve_array(&mut self, t: Gc<Table>, n: usize) {
        t.ensure_array(&mut self.heap, n);
    }

    /// The metatable of any value.
    pub fn metatable(&self, v: &Value) -> Option<Gc<Table>> {
        match v {
            Value::Table(t) => t.metatable(),
            Value::UserData(u) => u.metatable(),
            other => self.type_metatables[other.lua_type().index()],
        }
    }

    /// Sets or removes the metatable of a table.
    pub fn set_table_metatable(&mut self, t: Gc<Table>, mt: Option<Gc<Table>>) {
        t.set_metatable(&mut self.heap, mt);
    }

    /// Sets or removes the metatable of a full userdata.
    pub fn set_userdata_metatable(&mut self, u: Gc<UserData>, mt: Option<Gc<Table>>) {
        u.set_metatable(&mut self.heap, mt);
    }

    /// Sets user value `n` (1-based) of a full userdata; false if there is no such
    /// slot.
    pub fn set_user_value(&mut self, u: Gc<UserData>, n: usize, v: Value) -> bool {
        u.set_user_value(&mut self.heap, n, v)
    }

    /// Sets the `_ENV` of a chunk just loaded (`load` with an environment): its first
    /// upvalue, a closed cell of its own that no variable shares. Unlike
    /// [`Vm::set_upvalue`], this changes no variable the compiler reasoned about, so
    /// `GETSELF` keeps its fast path (see `variables_rewired`).
    pub fn set_chunk_env(&mut self, chunk: &Value, env: Value) {
        if let Value::LuaFn(closure) = chunk {
            if let Some(uv) = closure.upval(0) {
                self.set_upval(uv, env);
            }
        }
    }

    /// Stores into an upvalue (the `SETUPVAL` instruction, `debug.setupvalue`), with
    /// the forward barrier.
    #[inline(always)]
    pub(crate) fn set_upval(&mut self, uv: Gc<UpVal>, v: Value) {
        uv.set(v);
        self.heap.barrier(uv, v);
    }

    /// Sets the metatable shared by all values of a basic type (strings, numbers...).
    pub fn set_type_metatable(&mut self, ty: LuaType, mt: Option<Gc<Table>>) {
        self.type_metatables[ty.index()] = mt;
    }

    /// The name of `v`'s type, as `type()` returns it.
    #[inline]
    pub fn type_name_str(&self, v: &Value) -> Gc<LuaStr> {
        self.type_names[v.lua_type().index()]
    }

    /// The name string of a metamethod event.
    pub(crate) fn tm_name(&self, tm: Tm) -> Gc<LuaStr> {
        self.tm_names[tm as usize]
    }

    /// Looks up metamethod `tm` of `v` (raw), or nil.
    #[inline]
    pub(crate) fn metamethod(&self, v: &Value, tm: Tm) -> Value {
        match self.metatable(v) {
            Some(mt) => self.metamethod_in(mt, tm),
            None => Value::Nil,
        }
    }

    /// Looks up event `tm` in metatable `mt`, caching absence.
    #[inline]
    pub(crate) fn metamethod_in(&self, mt: Gc<Table>, tm: Tm) -> Value {
        if mt.metamethod_known_absent(tm as u32) {
            return Value::Nil;
        }
        let r = mt.get_str(self.tm_names[tm as usize]);
        if r.is_nil() {
            mt.note_metamethod_absent(tm as u32);
        }
        r
    }

    /// Looks up a metafield by name (`__name`, `__tostring`...), raw.
    pub fn metafield(&mut self, v: &Value, name: &str) -> Value {
        match self.metatable(v) {
            Some(mt) => {
                let k = self.new_string(name.as_bytes());
                mt.get_str(k)
            }
            None => Value::Nil,
        }
    }

    // ----- errors -----

    /// Raises `v` as an error value.
    pub fn error_value_raise(&mut self, v: Value) -> LuaError {
        self.error_value = v;
        self.error_handled_at = None;
        LuaError::RUNTIME
    }

    /// An error whose value is the string `msg`, without position information.
    pub fn error_str(&mut self, msg: &str) -> LuaError {
        let v = self.str_value(msg);
        self.error_value_raise(v)
    }

    /// An error with position information of the Lua function `level` frames up the
    /// call stack (1 = the function that called the running native), like
    /// `luaL_error`.
    pub fn error_at(&mut self, level: usize, msg: &str) -> LuaError {
        let mut text = self.where_(level).into_bytes();
        text.extend_from_slice(msg.as_bytes());
        let v = Value::Str(self.new_string_from_vec(text));
        self.error_value_raise(v)
    }

    /// A runtime error raised by a native function: positioned at its caller.
    pub fn error(&mut self, msg: impl AsRef<str>) -> LuaError {
        self.error_at(1, msg.as_ref())
    }

    /// A memory error (`not enough memory`).
    pub fn memory_error(&mut self) -> LuaError {
        // This error reports any refused allocation recorded so far.
        self.heap.take_refused();
        let v = self.str_value("not enough memory");
        self.error_value = v;
        self.error_handled_at = None;
        LuaError { kind: ErrorKind::Memory }
    }

    /// The current error value.
    pub fn error_value(&self) -> Value {
        self.error_value
    }

    // ----- memory -----

    /// Bytes in use by the heap.
    pub fn memory_used(&self) -> usize {
        self.heap.bytes()
    }

    /// Sets the memory limit in bytes (`usize::MAX` for none).
    pub fn set_memory_limit(&mut self, limit: usize) {
        self.heap.set_limit(limit);
    }

    pub fn memory_limit(&self) -> usize {
        self.heap.limit()
    }

    /// An empty buffer with room for `len` bytes, or `not enough memory` if that would
    /// exceed the memory limit or the allocator refuses.
    pub fn reserve_string_buffer(&mut self, len: usize) -> LuaResult<Vec<u8>> {
        self.reserve_memory(len)?;
        let mut buf = Vec::new();
        if buf.try_reserve_exact(len).is_err() {
            return Err(self.memory_error());
        }
        Ok(buf)
    }

    /// Fails with `not enough memory` if `extra` more bytes would exceed the limit.
    pub fn reserve_memory(&mut self, extra: usize) -> LuaResult<()> {
        if self.heap.would_exceed(extra) {
            self.collect_garbage();
            if self.heap.would_exceed(extra) {
                return Err(self.memory_error());
            }
        }
        Ok(())
    }

    pub fn gc_params(&self) -> GcParams {
        self.heap.params
    }

    pub fn set_gc_params(&mut self, p: GcParams) {
        self.heap.params = p;
    }

    /// A finalizer is running: the collector is not reentrant, so `collectgarbage`
    /// refuses every option then, as the reference does.
    pub fn in_finalizer(&self) -> bool {
        self.finalizing
    }

    pub fn gc_is_running(&self) -> bool {
        self.heap.running
    }

    pub fn gc_stop(&mut self) {
        self.heap.running = false;
        self.heap.postpone();
    }

    pub fn gc_restart(&mut self) {
        self.heap.running = true;
        self.heap.request_collection();
    }

    // ----- stack API for native functions -----

    /// Number of arguments of the running native function.
    #[inline]
    pub fn arg_count(&self) -> usize {
        let st = self.state();
        st.top - st.frames[st.ci()].base
    }

    /// Argument `n` (1-based), or nil when absent.
    #[inline]
    pub fn arg(&self, n: usize) -> Value {
        let st = self.state();
        let Some(frame) = st.frames.last() else { return Value::Nil };
        let slot = frame.base.wrapping_add(n).wrapping_sub(1);
        match st.stack.get(slot) {
            Some(v) if n >= 1 && slot < st.top => Value::load(v),
            _ => Value::Nil,
        }
    }

    /// Whether argument `n` is absent (beyond the argument count).
    #[inline]
    pub fn arg_is_none(&self, n: usize) -> bool {
        n > self.arg_count()
    }

    /// Overwrites argument `n` (which must exist).
    pub fn set_arg(&mut self, n: usize, v: Value) {
        let st = self.state();
        let base = st.frames[st.ci()].base;
        if n >= 1 && base + n - 1 < st.top {
            st.stack[base + n - 1] = v;
        }
    }

    /// Pushes a value on the running frame's stack.
    #[inline]
    pub fn push(&mut self, v: Value) -> LuaResult<()> {
        self.push_from(|| &v)
    }

    /// Pushes the value `source` points at once there is room for it (growing the
    /// stack does not move what it points at: a table slot, a local).
    #[inline(always)]
    fn push_from<'v>(&mut self, source: impl FnOnce() -> &'v Value) -> LuaResult<()> {
        let slot = self.claim_slots(1)?;
        let st = self.state();
        Value::assign(&mut st.stack[slot], source());
        Ok(())
    }

    /// Makes room for `count` more values and raises the top over them (the running
    /// frame's limit follows); returns the first of those slots, for the caller to
    /// fill before anything else runs.
    #[inline(always)]
    pub(crate) fn claim_slots(&mut self, count: usize) -> LuaResult<usize> {
        if self.state().top + count > self.state().stack.len() {
            self.grow_stack(count)?;
        }
        let st = self.state();
        let first = st.top;
        st.top += count;
        // A thread being closed has no frames left.
        if let Some(frame) = st.frames.last_mut() {
            frame.top = frame.top.max(st.top);
        }
        Ok(first)
    }

    /// Makes room for `n` more values above the top.
    pub fn grow_stack(&mut self, n: usize) -> LuaResult<()> {
        let needed = self.state().top + n;
        self.ensure_slots(needed)
    }

    /// Number of values on the running frame's stack (arguments plus pushed values).
    #[inline]
    pub fn stack_len(&self) -> usize {
        self.arg_count()
    }

    /// Value at 1-based position `n` of the running frame's stack.
    pub fn stack_get(&self, n: usize) -> Value {
        self.arg(n)
    }

    /// Drops values so that `n` remain on the running frame's stack (or adds nils).
    pub fn set_stack_len(&mut self, n: usize) -> LuaResult<()> {
        let cur = self.arg_count();
        if n > cur {
            self.grow_stack(n - cur)?;
        }
        let st = self.state();
        let base = st.frames[st.ci()].base;
        for i in st.top..base + n {
            st.stack[i] = Value::Nil;
        }
        st.top = base + n;
        let ci = st.ci();
        if st.frames[ci].top < st.top {
            st.frames[ci].top = st.top;
        }
        Ok(())
    }

    /// Removes and returns the top value.
    pub fn pop(&mut self) -> Value {
        let st = self.state();
        let base = st.frames[st.ci()].base;
        if st.top > base {
            st.top -= 1;
            Value::load(&st.stack[st.top])
        } else {
            Value::Nil
        }
    }

    /// Inserts `v` at 1-based position `n`, shifting the values above it up.
    pub fn insert(&mut self, n: usize, v: Value) -> LuaResult<()> {
        self.push(Value::Nil)?;
        let st = self.state();
        let base = st.frames[st.ci()].base;
        let pos = base + n - 1;
        st.stack.copy_within(pos..st.top - 1, pos + 1);
        st.stack[pos] = v;
        Ok(())
    }

    /// Returns the given values from a native function.
    pub fn ret(&mut self, values: &[Value]) -> crate::function::NativeResult {
        for v in values {
            self.push(*v)?;
        }
        Ok(crate::function::NativeReturn::Values(values.len()))
    }

    /// Returns one value from a native function.
    #[inline]
    pub fn ret1(&mut self, v: Value) -> crate::function::NativeResult {
        self.push(v)?;
        Ok(crate::function::NativeReturn::Values(1))
    }

    /// Returns no values.
    #[inline]
    pub fn ret0(&mut self) -> crate::function::NativeResult {
        Ok(crate::function::NativeReturn::Values(0))
    }

    /// The upvalues of the running native closure.
    pub fn native_upvalue(&self, n: usize) -> Value {
        let st = self.state();
        match st.stack[st.frames[st.ci()].func] {
            Value::NativeClosure(c) => c.upvalues.get(n).map_or(Value::Nil, |c| c.get()),
            _ => Value::Nil,
        }
    }

    /// Sets an upvalue of the running native closure.
    pub fn set_native_upvalue(&mut self, n: usize, v: Value) {
        let st = self.state();
        if let Value::NativeClosure(c) = st.stack[st.frames[st.ci()].func] {
            if let Some(cell) = c.upvalues.get(n) {
                cell.set(v);
                self.heap.barrier(c, v);
            }
        }
    }

    // ----- embedding data -----

    /// Attaches host data; replaces data of the same type.
    pub fn set_app_data<T: Send + 'static>(&mut self, data: T) {
        let id = TypeId::of::<T>();
        self.app_data.retain(|(entry, _)| *entry != id);
        self.app_data.push((id, Box::new(data)));
    }

    pub fn app_data<T: 'static>(&self) -> Option<&T> {
        let id = TypeId::of::<T>();
        self.app_data.iter().find(|(entry, _)| *entry == id)?.1.downcast_ref::<T>()
    }

    pub fn app_data_mut<T: 'static>(&mut self) -> Option<&mut T> {
        let id = TypeId::of::<T>();
        self.app_data.iter_mut().find(|(entry, _)| *entry == id)?.1.downcast_mut::<T>()
    }

    /// Installs the receiver of warnings.
    pub fn set_warn_fn(&mut self, f: Option<WarnFn>) {
        self.warn = f;
    }

    /// Emits a warning piece (`tocont`: more pieces follow).
    pub fn warn(&mut self, msg: &[u8], tocont: bool) {
        if let Some(w) = self.warn.as_mut() {
            w(msg, tocont);
        }
    }

    /// The key under which `package.loaded` is kept in the registry.
    pub fn loaded_key(&self) -> Gc<LuaStr> {
        self.loaded_key
    }
}
