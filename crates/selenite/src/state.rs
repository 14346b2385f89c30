//! The Lua state ([`Lua`]) and how Rust code reaches its VM.
//!
//! The VM (`selenite_vm::Vm`) lives in a mutex cell inside [`Shared`], which every
//! [`Lua`] clone owns (through an `Arc`) and every handle refers to weakly.
//! Operations that cannot run Lua code lock it for their duration
//! ([`Lua::with_vm`]). Operations that run Lua code *lease* it ([`Shared::lease`]):
//! the VM is moved out of the cell (a spare, empty VM takes its place) and the
//! interpreter runs on the moved-out value. When the interpreter calls a Rust
//! callback, the callback's entry swaps the running VM back into the cell for the
//! callback's duration (see `boundary.rs`), so the handle API works inside callbacks
//! without any `unsafe` and without a lock held across the call. Moving a `Vm` is
//! sound because nothing points into the `Vm` struct itself: its objects live on the
//! heap and refer to each other only.
//!
//! Threads: a `Vm` is `Send`, and everything else [`Shared`] holds is behind a lock,
//! so a [`Lua`] is `Send` and `Sync`. The re-entrant *owner lock* of [`Shared`]
//! makes one thread at a time the state's user, for the whole of an operation (a
//! lease included, so a script running on one thread makes other threads wait).
//! This is also what makes it sound to reach VM objects outside the cell (userdata
//! payloads, `userdata.rs`): the VM's contract is that its object pointers are used
//! only by the thread that has the VM.

use crate::chunk::{AsChunk, Chunk};
use crate::error::{Error, Result};
use crate::value::{from_raw, to_raw, Handle, Value};
use crate::{FromLua, IntoLua, Table};
use parking_lot::{
    MappedRwLockReadGuard, MappedRwLockWriteGuard, Mutex, ReentrantMutex, ReentrantMutexGuard, RwLock, RwLockReadGuard,
    RwLockWriteGuard,
};
use selenite_vm::{RootId, Value as RawValue, Vm};
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::ops::BitOr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A set of standard libraries to open. The basic library (`print`, `pcall`,
/// `load`...) is always opened.
///
/// ```
/// use selenite::{Lua, LuaOptions, StdLib};
/// let lua = Lua::new_with(StdLib::STRING | StdLib::MATH, LuaOptions::default()).unwrap();
/// let has_io: bool = lua.load("return io ~= nil").eval().unwrap();
/// assert!(!has_io);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StdLib(u32);

impl StdLib {
    /// `coroutine`.
    pub const COROUTINE: StdLib = StdLib(1);
    /// `table`.
    pub const TABLE: StdLib = StdLib(1 << 1);
    /// `io`.
    pub const IO: StdLib = StdLib(1 << 2);
    /// `os`.
    pub const OS: StdLib = StdLib(1 << 3);
    /// `string` (and the string metatable, so `("x"):upper()` works).
    pub const STRING: StdLib = StdLib(1 << 4);
    /// `utf8`.
    pub const UTF8: StdLib = StdLib(1 << 5);
    /// `math`.
    pub const MATH: StdLib = StdLib(1 << 6);
    /// `package` and `require`.
    pub const PACKAGE: StdLib = StdLib(1 << 7);
    /// `debug`.
    pub const DEBUG: StdLib = StdLib(1 << 8);
    /// Only the basic library.
    pub const NONE: StdLib = StdLib(0);
    /// Every library.
    pub const ALL: StdLib = StdLib((1 << 9) - 1);

    /// Whether every library of `other` is in `self`.
    ///
    /// ```
    /// use selenite::StdLib;
    /// assert!(StdLib::ALL.contains(StdLib::IO | StdLib::OS));
    /// assert!(!StdLib::MATH.contains(StdLib::IO));
    /// ```
    pub fn contains(self, other: StdLib) -> bool {
        self.0 & other.0 == other.0
    }
}

impl BitOr for StdLib {
    type Output = StdLib;
    fn bitor(self, rhs: StdLib) -> StdLib {
        StdLib(self.0 | rhs.0)
    }
}

/// Options of a state beyond its libraries.
///
/// ```
/// use selenite::{Lua, LuaOptions, StdLib};
/// let lua = Lua::new_with(StdLib::ALL, LuaOptions::new().allow_binary_chunks(true)).unwrap();
/// assert!(lua.options().binary_chunks_allowed());
/// ```
#[derive(Clone, Debug, Default)]
pub struct LuaOptions {
    binary_chunks: bool,
}

impl LuaOptions {
    /// The defaults: binary (precompiled) chunks are refused by [`Lua::load`].
    ///
    /// ```
    /// assert!(!selenite::LuaOptions::new().binary_chunks_allowed());
    /// ```
    pub fn new() -> LuaOptions {
        LuaOptions::default()
    }

    /// Lets [`Lua::load`] accept precompiled chunks. The bytecode verifier rejects
    /// malformed ones, but a well-formed chunk can still do things source code could
    /// not express, so only allow chunks you produced.
    ///
    /// ```
    /// let opts = selenite::LuaOptions::new().allow_binary_chunks(true);
    /// assert!(opts.binary_chunks_allowed());
    /// ```
    pub fn allow_binary_chunks(mut self, allow: bool) -> LuaOptions {
        self.binary_chunks = allow;
        self
    }

    /// Whether [`Lua::load`] accepts precompiled chunks.
    ///
    /// ```
    /// assert!(!selenite::LuaOptions::default().binary_chunks_allowed());
    /// ```
    pub fn binary_chunks_allowed(&self) -> bool {
        self.binary_chunks
    }
}

/// What every clone of a [`Lua`] shares, and what handles refer to weakly.
///
/// Threads: `owner` is held (re-entrantly) by the thread using the state for the
/// whole of each operation: every [`Lua::with_vm`] and every lease, and every scoped
/// userdata or app-data borrow. So at most one thread at a time touches the VM or
/// anything inside it, and a thread that wants the state while another runs Lua code
/// on it waits. Inside one thread, the `try_lock`s of the other fields do what
/// `RefCell`'s `try_borrow` would: they fail only when the same thread is already
/// inside (a re-entrant access), which is reported as an error, never a deadlock.
pub(crate) struct Shared {
    owner: ReentrantMutex<()>,
    /// The state's VM when `vm_is_home`; otherwise a spare, empty VM standing in
    /// while the interpreter runs on the real one. Boxed so that a lease moves a
    /// pointer: moving the `Vm` itself was four to six `memcpy`s of the whole struct
    /// per call from Rust into Lua (about 1,500 of its 3,900 instructions).
    vm: Mutex<Box<Vm>>,
    vm_is_home: AtomicBool,
    /// Empty VMs to stand in for the real one, one per nesting level of leases. Kept
    /// boxed because they trade places with the box in `vm`.
    #[allow(clippy::vec_box)]
    spare_vms: Mutex<Vec<Box<Vm>>>,
    /// Root slots whose handles were dropped while the VM was away (running, in the
    /// collector, or used by another thread); released at the next access.
    released_roots: Mutex<Vec<RootId>>,
    /// Set after a push to `released_roots`, cleared before a drain: lets every access
    /// skip the queue's lock (about 40 instructions of a `with_vm`) when it is empty,
    /// which is nearly always.
    roots_pending: AtomicBool,
    app_data: RwLock<HashMap<TypeId, Box<dyn Any + Send + Sync>>>,
    options: LuaOptions,
    /// A panic caught in a Rust callback, re-raised when control is back in Rust.
    pub(crate) pending_panic: Mutex<Option<Box<dyn Any + Send>>>,
    /// The metatable of error values that wrap Rust errors.
    pub(crate) error_metatable: RootId,
    /// `coroutine.resume`, kept even when the coroutine library is not opened.
    pub(crate) resume_function: RootId,
    /// The metatables of [`crate::UserData`] types, created on first use.
    pub(crate) userdata_metatables: Mutex<HashMap<TypeId, Table>>,
    globals: Table,
}

/// Proof that the current thread owns the state (see [`Shared`]).
pub(crate) type OwnerGuard<'a> = ReentrantMutexGuard<'a, ()>;

impl Shared {
    /// Makes the current thread the state's user, waiting for any other thread using
    /// it to finish; re-entrant.
    pub(crate) fn enter(&self) -> OwnerGuard<'_> {
        self.owner.lock()
    }

    /// Releases a root slot now, or at the next access if the VM is away.
    pub(crate) fn release_root(&self, id: RootId) {
        // Dropping a handle never waits for another thread: if the state is busy
        // elsewhere, the slot joins the queue drained at the next access.
        if let Some(_owner) = self.owner.try_lock() {
            if self.vm_is_home.load(Ordering::Acquire) {
                if let Some(mut vm) = self.vm.try_lock() {
                    vm.unroot(id);
                    return;
                }
            }
        }
        // `released_roots` is only locked for a push or a drain, neither of which
        // drops handles, so this cannot wait on itself. The flag is set while the lock
        // is held, after the push: a drain that sees it clear has nothing to miss, and
        // one that clears it then takes the lock, so it gets this slot.
        let mut queue = self.released_roots.lock();
        queue.push(id);
        self.roots_pending.store(true, Ordering::Release);
    }

    #[inline]
    fn drain_released(&self, vm: &mut Vm) {
        if self.roots_pending.load(Ordering::Acquire) {
            self.roots_pending.store(false, Ordering::Relaxed);
            for id in self.released_roots.lock().drain(..) {
                vm.unroot(id);
            }
        }
    }

    /// Moves the VM out for code that may run Lua; see the module documentation.
    pub(crate) fn lease(&self) -> Result<VmLease<'_>> {
        let owner = self.enter();
        if !self.vm_is_home.load(Ordering::Acquire) {
            return Err(Error::StateUnavailable);
        }
        let mut slot = self.vm.try_lock().ok_or(Error::StateUnavailable)?;
        let spare = self.spare_vms.try_lock().and_then(|mut s| s.pop()).unwrap_or_default();
        let mut vm = std::mem::replace(&mut *slot, spare);
        self.vm_is_home.store(false, Ordering::Release);
        drop(slot);
        self.drain_released(&mut vm);
        Ok(VmLease { shared: self, vm: Some(vm), _owner: owner })
    }

    /// Puts the running VM into the cell for a Rust callback, leaving the spare in
    /// `running`. Fails if the state is not running Lua code. Runs on the thread that
    /// holds the lease, so it owns the state already.
    pub(crate) fn lend_running(&self, running: &mut Vm) -> bool {
        if self.vm_is_home.load(Ordering::Acquire) {
            return false;
        }
        let Some(mut slot) = self.vm.try_lock() else { return false };
        std::mem::swap(&mut **slot, running);
        self.vm_is_home.store(true, Ordering::Release);
        self.drain_released(&mut slot);
        true
    }

    /// Undoes [`Shared::lend_running`].
    pub(crate) fn take_back_running(&self, running: &mut Vm) {
        // Every lock of the cell is scoped to one API operation, so none is held once
        // the callback has returned (or unwound).
        let mut slot = self.vm.lock();
        std::mem::swap(&mut **slot, running);
        self.vm_is_home.store(false, Ordering::Release);
    }
}

impl Drop for Shared {
    fn drop(&mut self) {
        if *self.vm_is_home.get_mut() {
            // Run pending finalizers and flush `io` buffers, as `lua_close` does.
            selenite_stdlib::close_state(self.vm.get_mut());
        }
    }
}

/// The state's VM, moved out of its cell while Lua code runs on it.
pub(crate) struct VmLease<'a> {
    shared: &'a Shared,
    /// Always `Some` until dropped.
    vm: Option<Box<Vm>>,
    /// Released after the VM is back (fields drop after `drop` runs).
    _owner: OwnerGuard<'a>,
}

impl VmLease<'_> {
    pub(crate) fn vm(&mut self) -> &mut Vm {
        self.vm.get_or_insert_with(Box::default)
    }
}

impl Drop for VmLease<'_> {
    fn drop(&mut self) {
        let Some(mut vm) = self.vm.take() else { return };
        self.shared.drain_released(&mut vm);
        // Leases are never taken inside a `with_vm` lock, so the cell is free.
        let mut slot = self.shared.vm.lock();
        let spare = std::mem::replace(&mut *slot, vm);
        self.shared.vm_is_home.store(true, Ordering::Release);
        drop(slot);
        if let Some(mut spares) = self.shared.spare_vms.try_lock() {
            spares.push(spare);
        }
    }
}

/// A Lua state: a VM with its libraries, and the entry point of the API.
///
/// `Lua` is a cheap handle: clones share the same state, which lives until the last
/// clone is dropped. Values taken out of the state ([`Table`], [`Function`]...) stay
/// valid while they are held, but do not keep the state alive.
///
/// `Lua` and the handles are `Send` and `Sync`. A state runs one thing at a time:
/// while a thread uses it (runs Lua code, or holds an [`AppDataRef`], say), another
/// thread that wants it waits. So a Rust callback must not wait for another thread
/// that uses the same state: that thread would wait for the callback in turn.
///
/// ```
/// use selenite::Lua;
/// let lua = Lua::new();
/// lua.globals().set("name", "world").unwrap();
/// let greeting: String = lua.load("return 'hello ' .. name").eval().unwrap();
/// assert_eq!(greeting, "hello world");
/// ```
///
/// [`Function`]: crate::Function
#[derive(Clone)]
pub struct Lua {
    pub(crate) shared: Arc<Shared>,
}

impl Default for Lua {
    fn default() -> Self {
        Lua::new()
    }
}

impl std::fmt::Debug for Lua {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Lua({:p})", Arc::as_ptr(&self.shared))
    }
}

impl Lua {
    /// A state with every standard library and default options.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let n: i64 = lua.load("return #string.rep('ab', 3)").eval().unwrap();
    /// assert_eq!(n, 6);
    /// ```
    pub fn new() -> Lua {
        Lua::build(StdLib::ALL, LuaOptions::default())
    }

    /// A state with the chosen libraries (the basic library is always there).
    ///
    /// ```
    /// use selenite::{Lua, LuaOptions, StdLib};
    /// let lua = Lua::new_with(StdLib::NONE, LuaOptions::default()).unwrap();
    /// let kind: String = lua.load("return type(string)").eval().unwrap();
    /// assert_eq!(kind, "nil");
    /// ```
    pub fn new_with(libs: StdLib, options: LuaOptions) -> Result<Lua> {
        Ok(Lua::build(libs, options))
    }

    fn build(libs: StdLib, options: LuaOptions) -> Lua {
        let mut vm = Vm::new();
        open_libraries(&mut vm, libs);
        // `warn` behaves as in the reference interpreter: off until `warn("@on")`.
        selenite_stdlib::set_warnings(&mut vm, false);
        let error_metatable = crate::boundary::create_error_metatable(&mut vm);
        let error_metatable = vm.root(RawValue::Table(error_metatable));
        let resume_function = match selenite_stdlib::coroutine::open(&mut vm) {
            RawValue::Table(t) => {
                let key = vm.new_string(b"resume");
                t.get_str(key)
            }
            _ => RawValue::Nil,
        };
        let resume_function = vm.root(resume_function);
        let globals = RawValue::Table(vm.globals());
        Lua {
            shared: Arc::new_cyclic(|weak| Shared {
                globals: Table(Handle::with_state(weak.clone(), &mut vm, globals)),
                owner: ReentrantMutex::new(()),
                vm: Mutex::new(Box::new(vm)),
                vm_is_home: AtomicBool::new(true),
                spare_vms: Mutex::new(Vec::new()),
                released_roots: Mutex::new(Vec::new()),
                roots_pending: AtomicBool::new(false),
                app_data: RwLock::new(HashMap::new()),
                options,
                pending_panic: Mutex::new(None),
                error_metatable,
                resume_function,
                userdata_metatables: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// The options the state was created with.
    ///
    /// ```
    /// assert!(!selenite::Lua::new().options().binary_chunks_allowed());
    /// ```
    pub fn options(&self) -> &LuaOptions {
        &self.shared.options
    }

    /// Runs `f` with the VM borrowed; `f` must not run Lua code.
    pub(crate) fn with_vm<R>(&self, f: impl FnOnce(&mut Vm) -> R) -> Result<R> {
        let _owner = self.shared.enter();
        if !self.shared.vm_is_home.load(Ordering::Acquire) {
            return Err(Error::StateUnavailable);
        }
        let mut vm = self.shared.vm.try_lock().ok_or(Error::StateUnavailable)?;
        self.shared.drain_released(&mut vm);
        Ok(f(&mut vm))
    }

    /// Re-raises a panic caught in a Rust callback once the state is back in Rust.
    pub(crate) fn resume_pending_panic(&self) {
        let pending = self.shared.pending_panic.try_lock().and_then(|mut p| p.take());
        if let Some(payload) = pending {
            std::panic::resume_unwind(payload);
        }
    }

    /// Prepares a chunk of Lua source (or, if the options allow it, a precompiled
    /// chunk) to run.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// lua.load("x = 6 * 7").exec().unwrap();
    /// assert_eq!(lua.globals().get::<i64>("x").unwrap(), 42);
    /// ```
    pub fn load<'a>(&'a self, chunk: impl AsChunk<'a>) -> Chunk<'a> {
        Chunk::new(self, chunk.into_source())
    }

    /// The global table (`_G`).
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// lua.globals().set("answer", 42).unwrap();
    /// assert_eq!(lua.load("answer").eval::<i64>().unwrap(), 42);
    /// assert!(lua.globals().contains_key("print").unwrap());
    /// ```
    pub fn globals(&self) -> Table {
        self.shared.globals.clone()
    }

    /// A new empty table.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let t = lua.create_table().unwrap();
    /// t.set(1, "one").unwrap();
    /// assert_eq!(t.len().unwrap(), 1);
    /// ```
    pub fn create_table(&self) -> Result<Table> {
        self.with_vm(|vm| {
            let t = RawValue::Table(vm.new_table());
            Table(Handle::new(self, vm, t))
        })
    }

    /// A new table filled with key-value pairs.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let t = lua.create_table_from([("a", 1), ("b", 2)]).unwrap();
    /// assert_eq!(t.get::<i64>("b").unwrap(), 2);
    /// ```
    pub fn create_table_from<K: IntoLua, V: IntoLua>(&self, pairs: impl IntoIterator<Item = (K, V)>) -> Result<Table> {
        let t = self.create_table()?;
        for (k, v) in pairs {
            t.raw_set(k, v)?;
        }
        Ok(t)
    }

    /// A new sequence (array-like table) with the given values at 1, 2, ...
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let t = lua.create_sequence_from([10, 20, 30]).unwrap();
    /// assert_eq!(t.len().unwrap(), 3);
    /// ```
    pub fn create_sequence_from<V: IntoLua>(&self, values: impl IntoIterator<Item = V>) -> Result<Table> {
        let t = self.create_table()?;
        for (i, v) in values.into_iter().enumerate() {
            t.raw_set(i as i64 + 1, v)?;
        }
        Ok(t)
    }

    /// A new Lua string from any bytes.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let s = lua.create_string(b"\xffbytes").unwrap();
    /// assert_eq!(s.to_bytes().unwrap(), b"\xffbytes");
    /// ```
    pub fn create_string(&self, bytes: impl AsRef<[u8]>) -> Result<crate::LuaString> {
        self.with_vm(|vm| {
            let s = RawValue::Str(vm.new_string(bytes.as_ref()));
            crate::LuaString(Handle::new(self, vm, s))
        })
    }

    /// Converts a Rust value to a Lua [`Value`].
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let v = lua.pack(vec![1, 2]).unwrap();
    /// assert_eq!(v.type_name(), "table");
    /// ```
    pub fn pack(&self, value: impl IntoLua) -> Result<Value> {
        value.into_lua(self)
    }

    /// Converts a Lua [`Value`] to a Rust value.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let n: f64 = lua.unpack(selenite::Value::Integer(3)).unwrap();
    /// assert_eq!(n, 3.0);
    /// ```
    pub fn unpack<T: FromLua>(&self, value: Value) -> Result<T> {
        T::from_lua(value, self)
    }

    /// Runs a full garbage collection, finalizers (`__gc`) included.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// lua.load("setmetatable({}, {__gc = function() collected = true end})").exec().unwrap();
    /// lua.gc_collect().unwrap();
    /// assert!(lua.globals().get::<bool>("collected").unwrap());
    /// ```
    pub fn gc_collect(&self) -> Result<()> {
        let mut lease = self.shared.lease()?;
        lease.vm().collect_garbage();
        drop(lease);
        self.resume_pending_panic();
        Ok(())
    }

    /// Bytes the state's heap holds (what `collectgarbage("count")` reports, in bytes).
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// assert!(lua.used_memory() > 0);
    /// ```
    pub fn used_memory(&self) -> usize {
        self.with_vm(|vm| vm.memory_used()).unwrap_or(0)
    }

    /// Limits the heap to `bytes` (`None`: no limit). An allocation beyond it fails
    /// with "not enough memory", which Lua code can catch with `pcall` and which
    /// reaches Rust as [`Error::MemoryError`]; the state stays usable.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// lua.set_memory_limit(Some(lua.used_memory() + 1_000_000)).unwrap();
    /// let err = lua.load("local t = {} for i = 1, 1e8 do t[i] = i end").exec().unwrap_err();
    /// assert!(matches!(err, selenite::Error::MemoryError(_)));
    /// lua.set_memory_limit(None).unwrap();
    /// assert_eq!(lua.load("return 1 + 1").eval::<i64>().unwrap(), 2);
    /// ```
    pub fn set_memory_limit(&self, bytes: Option<usize>) -> Result<()> {
        self.with_vm(|vm| vm.set_memory_limit(bytes.unwrap_or(usize::MAX)))
    }

    /// Allows at most `n` more Lua instructions (`None`: no limit), across every
    /// call, coroutine and metamethod. Running out ends the script with
    /// [`Error::LimitExceeded`], which Lua code cannot catch.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// lua.set_instruction_limit(Some(10_000)).unwrap();
    /// let err = lua.load("while true do end").exec().unwrap_err();
    /// assert!(matches!(err, selenite::Error::LimitExceeded(_)));
    /// assert_eq!(err.to_string(), "instruction limit exceeded");
    /// ```
    pub fn set_instruction_limit(&self, n: Option<u64>) -> Result<()> {
        self.with_vm(|vm| vm.set_instruction_limit(n))
    }

    /// Ends any script still running at `deadline` (`None`: no deadline) with
    /// [`Error::LimitExceeded`] ("time limit exceeded").
    ///
    /// ```
    /// use std::time::{Duration, Instant};
    /// let lua = selenite::Lua::new();
    /// lua.set_deadline(Some(Instant::now() + Duration::from_millis(50))).unwrap();
    /// let err = lua.load("while true do end").exec().unwrap_err();
    /// assert_eq!(err.to_string(), "time limit exceeded");
    /// ```
    pub fn set_deadline(&self, deadline: Option<std::time::Instant>) -> Result<()> {
        self.with_vm(|vm| vm.set_deadline(deadline))
    }

    /// Applies the safe library profile for untrusted scripts: no `io`, `package`,
    /// `require`, `dofile` or `loadfile`; `os` reduced to `clock`, `date`, `time` and
    /// `difftime`; `debug` to `traceback`; text chunks only; the libraries and the
    /// string metatable read-only. Combine it with the limits above.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// lua.sandbox().unwrap();
    /// assert_eq!(lua.load("return io").eval::<Option<i64>>().unwrap(), None);
    /// let err = lua.load("string.rep = nil").exec().unwrap_err();
    /// assert!(err.to_string().ends_with("attempt to modify a read-only table"));
    /// ```
    pub fn sandbox(&self) -> Result<()> {
        self.with_vm(selenite_stdlib::sandbox::restrict)
    }

    /// Stores `value` in the registry until the returned key is dropped or passed to
    /// [`Lua::remove_registry_value`].
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let key = lua.create_registry_value("kept").unwrap();
    /// assert_eq!(lua.registry_value::<String>(&key).unwrap(), "kept");
    /// ```
    pub fn create_registry_value(&self, value: impl IntoLua) -> Result<RegistryKey> {
        let value = value.into_lua(self)?;
        self.with_vm(|vm| {
            let raw = to_raw(self, vm, &value)?;
            Ok(RegistryKey(Handle::new(self, vm, raw)))
        })?
    }

    /// The value stored under a registry key.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let key = lua.create_registry_value(7).unwrap();
    /// assert_eq!(lua.registry_value::<i64>(&key).unwrap(), 7);
    /// ```
    pub fn registry_value<T: FromLua>(&self, key: &RegistryKey) -> Result<T> {
        let value = self.with_vm(|vm| key.0.raw(self, vm).map(|raw| from_raw(self, vm, raw)))??;
        T::from_lua(value, self)
    }

    /// Replaces the value stored under a registry key.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let key = lua.create_registry_value(1).unwrap();
    /// lua.replace_registry_value(&key, 2).unwrap();
    /// assert_eq!(lua.registry_value::<i64>(&key).unwrap(), 2);
    /// ```
    pub fn replace_registry_value(&self, key: &RegistryKey, value: impl IntoLua) -> Result<()> {
        let value = value.into_lua(self)?;
        self.with_vm(|vm| {
            key.0.raw(self, vm)?;
            let raw = to_raw(self, vm, &value)?;
            vm.set_rooted(key.0.root_id(), raw);
            Ok(())
        })?
    }

    /// Removes a registry value now (dropping the key does the same).
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// let t: selenite::Table = lua.load("setmetatable({}, {__gc = function() freed = true end})").eval().unwrap();
    /// let key = lua.create_registry_value(t).unwrap();
    /// lua.gc_collect().unwrap();
    /// assert!(!lua.globals().get::<bool>("freed").unwrap());
    /// lua.remove_registry_value(key).unwrap();
    /// lua.gc_collect().unwrap();
    /// assert!(lua.globals().get::<bool>("freed").unwrap());
    /// ```
    pub fn remove_registry_value(&self, key: RegistryKey) -> Result<()> {
        self.with_vm(|vm| key.0.raw(self, vm).map(|_| ()))??;
        drop(key);
        Ok(())
    }

    /// Sets `registry[name] = value` (the registry is shared with the standard
    /// library: avoid names it uses, such as `_LOADED`).
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// lua.set_named_registry_value("my.config", 5).unwrap();
    /// assert_eq!(lua.named_registry_value::<i64>("my.config").unwrap(), 5);
    /// ```
    pub fn set_named_registry_value(&self, name: &str, value: impl IntoLua) -> Result<()> {
        let value = value.into_lua(self)?;
        self.with_vm(|vm| {
            let raw = to_raw(self, vm, &value)?;
            let registry = vm.registry();
            vm.raw_set_str(registry, name, raw);
            Ok(())
        })?
    }

    /// Reads `registry[name]`.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// assert_eq!(lua.named_registry_value::<Option<i64>>("unset").unwrap(), None);
    /// ```
    pub fn named_registry_value<T: FromLua>(&self, name: &str) -> Result<T> {
        let value = self.with_vm(|vm| {
            let key = vm.new_string(name.as_bytes());
            let raw = vm.registry().get_str(key);
            from_raw(self, vm, raw)
        })?;
        T::from_lua(value, self)
    }

    /// Attaches host data of type `T` to the state, replacing (and returning) any
    /// previous value of that type. Callbacks reach it through their `&Lua`. The
    /// data must be `Send` and `Sync`, since the state may move to or be shared with
    /// other threads (wrap single-threaded types in a `Mutex`).
    ///
    /// # Panics
    ///
    /// If app data is borrowed (an [`AppDataRef`] or [`AppDataRefMut`] is alive); see
    /// [`Lua::try_set_app_data`].
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// lua.set_app_data(String::from("host state"));
    /// assert_eq!(*lua.app_data_ref::<String>().unwrap(), "host state");
    /// ```
    pub fn set_app_data<T: Send + Sync + 'static>(&self, data: T) -> Option<T> {
        match self.try_set_app_data(data) {
            Ok(old) => old,
            Err(_) => panic!("app data is borrowed"),
        }
    }

    /// Like [`Lua::set_app_data`], but gives the value back instead of panicking when
    /// app data is borrowed.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// assert_eq!(lua.try_set_app_data(1u8), Ok(None));
    /// let guard = lua.app_data_ref::<u8>().unwrap();
    /// assert_eq!(lua.try_set_app_data(2u8), Err(2));
    /// drop(guard);
    /// ```
    pub fn try_set_app_data<T: Send + Sync + 'static>(&self, data: T) -> std::result::Result<Option<T>, T> {
        let _owner = self.shared.enter();
        let Some(mut map) = self.shared.app_data.try_write() else { return Err(data) };
        let old = map.insert(TypeId::of::<T>(), Box::new(data));
        Ok(old.and_then(|b| b.downcast::<T>().ok()).map(|b| *b))
    }

    /// Borrows the app data of type `T`, if any. Several shared borrows may coexist;
    /// while one lives, other threads wait to use the state.
    ///
    /// # Panics
    ///
    /// If app data is mutably borrowed.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// lua.set_app_data(3_i32);
    /// assert_eq!(*lua.app_data_ref::<i32>().unwrap(), 3);
    /// assert!(lua.app_data_ref::<u64>().is_none());
    /// ```
    pub fn app_data_ref<T: 'static>(&self) -> Option<AppDataRef<'_, T>> {
        let owner = self.shared.enter();
        let Some(map) = self.shared.app_data.try_read() else { panic!("app data is mutably borrowed") };
        let data = RwLockReadGuard::try_map(map, |m| m.get(&TypeId::of::<T>()).and_then(|b| b.downcast_ref::<T>()));
        data.ok().map(|data| AppDataRef { data, _owner: owner })
    }

    /// Mutably borrows the app data of type `T`, if any. The borrow is exclusive over
    /// all app data.
    ///
    /// # Panics
    ///
    /// If app data is borrowed.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// lua.set_app_data(vec![1]);
    /// lua.app_data_mut::<Vec<i32>>().unwrap().push(2);
    /// assert_eq!(*lua.app_data_ref::<Vec<i32>>().unwrap(), vec![1, 2]);
    /// ```
    pub fn app_data_mut<T: 'static>(&self) -> Option<AppDataRefMut<'_, T>> {
        let owner = self.shared.enter();
        let Some(map) = self.shared.app_data.try_write() else { panic!("app data is borrowed") };
        let data =
            RwLockWriteGuard::try_map(map, |m| m.get_mut(&TypeId::of::<T>()).and_then(|b| b.downcast_mut::<T>()));
        data.ok().map(|data| AppDataRefMut { data, _owner: owner })
    }

    /// Removes and returns the app data of type `T`.
    ///
    /// # Panics
    ///
    /// If app data is borrowed.
    ///
    /// ```
    /// let lua = selenite::Lua::new();
    /// lua.set_app_data(1_u16);
    /// assert_eq!(lua.remove_app_data::<u16>(), Some(1));
    /// assert_eq!(lua.remove_app_data::<u16>(), None);
    /// ```
    pub fn remove_app_data<T: 'static>(&self) -> Option<T> {
        let _owner = self.shared.enter();
        let Some(mut map) = self.shared.app_data.try_write() else { panic!("app data is borrowed") };
        map.remove(&TypeId::of::<T>()).and_then(|b| b.downcast::<T>().ok()).map(|b| *b)
    }
}

/// A shared borrow of app data (see [`Lua::app_data_ref`]).
///
/// ```
/// let lua = selenite::Lua::new();
/// lua.set_app_data(5_u8);
/// let r: selenite::AppDataRef<u8> = lua.app_data_ref().unwrap();
/// assert_eq!(*r + 1, 6);
/// ```
pub struct AppDataRef<'a, T> {
    data: MappedRwLockReadGuard<'a, T>,
    _owner: OwnerGuard<'a>,
}

impl<T> std::ops::Deref for AppDataRef<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.data
    }
}

/// A mutable borrow of app data (see [`Lua::app_data_mut`]).
///
/// ```
/// let lua = selenite::Lua::new();
/// lua.set_app_data(5_u8);
/// *lua.app_data_mut::<u8>().unwrap() += 1;
/// assert_eq!(*lua.app_data_ref::<u8>().unwrap(), 6);
/// ```
pub struct AppDataRefMut<'a, T> {
    data: MappedRwLockWriteGuard<'a, T>,
    _owner: OwnerGuard<'a>,
}

impl<T> std::ops::Deref for AppDataRefMut<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.data
    }
}

impl<T> std::ops::DerefMut for AppDataRefMut<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.data
    }
}

/// A value kept in the state for Rust: it stays alive until the key is dropped or
/// given to [`Lua::remove_registry_value`].
///
/// ```
/// let lua = selenite::Lua::new();
/// let f = lua.create_function(|_, x: i64| Ok(x + 1)).unwrap();
/// let key = lua.create_registry_value(f).unwrap();
/// let f: selenite::Function = lua.registry_value(&key).unwrap();
/// assert_eq!(f.call::<i64>(1).unwrap(), 2);
/// ```
pub struct RegistryKey(pub(crate) Handle);

impl std::fmt::Debug for RegistryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RegistryKey({:?})", self.0.root_id())
    }
}

/// Opens the chosen libraries as `luaL_openlibs` does for all of them.
fn open_libraries(vm: &mut Vm, libs: StdLib) {
    use selenite_stdlib as std_;
    let registry = vm.registry();
    let loaded = vm.new_table();
    let key = vm.loaded_key();
    // A string key is never nil or NaN: this cannot fail.
    let _ = vm.raw_set(registry, RawValue::Str(key), RawValue::Table(loaded));
    std_::base::open(vm);
    let globals = vm.globals();
    vm.raw_set_str(loaded, "_G", RawValue::Table(globals));
    type Open = fn(&mut Vm) -> RawValue;
    let modules: [(StdLib, &str, Open); 9] = [
        (StdLib::PACKAGE, "package", std_::package::open),
        (StdLib::COROUTINE, "coroutine", std_::coroutine::open),
        (StdLib::IO, "io", std_::io::open),
        (StdLib::OS, "os", std_::os::open),
        (StdLib::STRING, "string", std_::string::open),
        (StdLib::TABLE, "table", std_::table::open),
        (StdLib::MATH, "math", std_::math::open),
        (StdLib::UTF8, "utf8", std_::utf8::open),
        (StdLib::DEBUG, "debug", std_::debug::open),
    ];
    for (flag, name, open) in modules {
        if libs.contains(flag) {
            let module = open(vm);
            vm.raw_set_str(loaded, name, module);
            vm.set_global(name, module);
        }
    }
}
