//! Async Rust functions callable from Lua ([`Lua::create_async_function`]) and the
//! futures that drive Lua code which may reach them ([`Function::call_async`],
//! [`Thread::resume_async`]).
//!
//! A call made with `call_async` runs the function in a fresh coroutine, its *driven*
//! thread (`resume_async` drives the coroutine it resumes). An async function called in that thread, or in a coroutine that Lua code
//! resumed from it, builds its future and hands it to the driver through the VM's
//! app data ([`AsyncDriving::handoff`]), then suspends: it calls
//! [`suspend_for_future`], a native that suspends the running coroutine and those
//! resuming it up to the driven thread (`NativeReturn::YieldTo`, which yields no
//! values to the driver), with [`future_settled`] as the continuation. The driver
//! sees its thread suspended with a future handed over, polls that future with its
//! own context (so the future's waker is the driver's), and once it is ready resumes
//! the thread with `true` and the results or `false` and the error value; the VM
//! passes them down to the waiting coroutine, where the continuation returns the
//! results from the async function or raises the error, so `pcall` catches it.
//!
//! Invariants: [`AsyncDriving::resuming`] lists the threads drivers are resuming,
//! innermost last, and an async function only suspends up to the innermost one, so
//! no pending future is ever yielded to Lua code or to a [`Thread::resume`] from
//! Rust. The handoff slot is filled only just before a driven thread yields to its
//! driver, which empties it as soon as the resume returns. A coroutine suspended in
//! an async function is resumed only by its driver's delivery
//! ([`AsyncDriving::delivering`]): the continuation refuses any other resumer.
//!
//! A `coroutine.yield` of the driven thread itself (not through an async function)
//! ends a `resume_async` resume with the yielded values; `call_async` has no use
//! for them and ends the call with an error.
//! Dropping the future abandons the thread where it stands, as an unreferenced
//! suspended coroutine is abandoned in Lua (its pending to-be-closed variables are
//! not closed).

use crate::boundary::{error_value, run_callback, Callback};
use crate::error::{Error, Result};
use crate::function::Function;
use crate::multi::{FromLuaMulti, IntoLuaMulti, MultiValue};
use crate::state::{Lua, Shared};
use crate::thread::{Thread, ThreadStatus};
use crate::value::{from_raw, Handle, Value};
use selenite_vm::{
    ContinuationStatus, Gc, NativeResult, NativeReturn, Protect, RootId, Thread as RawThread, Value as RawValue, Vm,
    YieldToObstacle,
};
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, Weak};
use std::task::{Context, Poll};

/// The future of a called async function, its results already converted.
type PendingFuture = Pin<Box<dyn Future<Output = Result<MultiValue>> + Send>>;

/// What async functions and their drivers share, kept in the VM's app data so that
/// plain natives and continuations reach it.
#[derive(Default)]
struct AsyncDriving {
    /// The root slots of the threads `call_async` drivers are resuming, innermost last.
    resuming: Vec<RootId>,
    /// What the async function that is suspending the driven thread hands over,
    /// until its driver takes it.
    handoff: Option<Handoff>,
    /// While a driver resumes its thread with a future's outcome, the root slot of
    /// the coroutine that waits for it, until the outcome reaches it: a resume of a
    /// waiting coroutine that is not its delivery is refused.
    delivering: Option<RootId>,
}

/// An async function's future and the coroutine that waits for it.
struct Handoff {
    future: PendingFuture,
    /// A root slot of its own, released by the driver that takes the handoff.
    waiting: RootId,
}

fn driving(vm: &mut Vm) -> &mut AsyncDriving {
    if vm.app_data::<AsyncDriving>().is_none() {
        vm.set_app_data(AsyncDriving::default());
    }
    vm.app_data_mut::<AsyncDriving>().expect("the async driving state was just set")
}

/// The thread the innermost driver is resuming, if any.
fn innermost_driven_thread(vm: &Vm) -> Option<Gc<RawThread>> {
    let id = vm.app_data::<AsyncDriving>()?.resuming.last().copied()?;
    match vm.rooted(id) {
        RawValue::Thread(t) => Some(t),
        _ => None,
    }
}

/// Why an async function cannot suspend the running thread, if it cannot.
fn suspension_obstacle(vm: &mut Vm) -> Option<&'static str> {
    let outside = YieldToObstacle::OutsideCoroutine;
    let Some(driven) = innermost_driven_thread(vm) else {
        let running_main = vm.current_thread() == vm.main_thread();
        return Some(if running_main { outside.message() } else { NOT_DRIVEN });
    };
    match vm.yield_to_obstacle(driven)? {
        YieldToObstacle::NotResuming => Some(NOT_DRIVEN),
        other => Some(other.message()),
    }
}

/// The error of an async function called in a coroutine that no `call_async` call
/// is resuming, directly or through coroutines it resumed.
const NOT_DRIVEN: &str = "attempt to yield from a coroutine not run by call_async";

/// The native entry of an async function: checks that the running thread can wait
/// for it, runs the callback (which hands the future over), then suspends the thread.
fn start_async_call(state: &Weak<Shared>, vm: &mut Vm, callback: &Callback) -> NativeResult {
    if let Some(message) = suspension_obstacle(vm) {
        return Err(vm.error_str(message));
    }
    // The callback returns no values; its future is in the handoff slot.
    run_callback(state, vm, callback)?;
    vm.push(RawValue::NativeFn(suspend_for_future))?;
    Ok(NativeReturn::Call { nargs: 0, then: Some(future_settled), protect: Protect::None })
}

/// Suspends the running thread, and the coroutines it runs in up to the driven
/// thread, which yields to its driver. Called through [`NativeReturn::Call`] so that
/// the async function's frame waits below it with a continuation, which receives the
/// values the driver resumes the driven thread with.
fn suspend_for_future(vm: &mut Vm) -> NativeResult {
    match innermost_driven_thread(vm) {
        Some(target) => Ok(NativeReturn::YieldTo { target, n: 0 }),
        None => Err(vm.error_str(NOT_DRIVEN)),
    }
}

/// Runs when the thread is resumed: by its driver, with `true` and the future's
/// results or `false` and its error value.
fn future_settled(vm: &mut Vm, _status: ContinuationStatus, n: usize) -> NativeResult {
    let awaited = driving(vm).delivering.map(|id| vm.rooted(id));
    if !matches!(awaited, Some(RawValue::Thread(t)) if t == vm.current_thread()) {
        return Err(vm.error_str("cannot resume a coroutine waiting for an async function"));
    }
    driving(vm).delivering = None;
    let first = vm.stack_len() - n + 1;
    match (n, vm.stack_get(first)) {
        (1.., RawValue::Bool(true)) => Ok(NativeReturn::Values(n - 1)),
        _ => {
            let error = vm.stack_get(first + 1);
            Err(vm.error_value_raise(error))
        }
    }
}

impl Lua {
    /// Makes an async Rust function callable from Lua. Called from a coroutine that
    /// [`Function::call_async`] or [`Thread::resume_async`] runs, it suspends that
    /// coroutine until the future it returns is ready, then returns the future's results to Lua, or raises its
    /// error there (Lua code can catch it with `pcall`, as a callback's error). Lua
    /// code sees an ordinary function call.
    ///
    /// Coroutines that Lua code creates and resumes inside that coroutine (with
    /// `coroutine.resume` or `coroutine.wrap`) may call it too: they are suspended
    /// along with it, and resumed as they were, without their resumers noticing.
    ///
    /// Called anywhere else, it raises a Lua error instead of running: `attempt to
    /// yield from outside a coroutine` (from [`Function::call`] or a chunk), `attempt
    /// to yield from a coroutine not run by call_async` (in a coroutine that
    /// [`Thread::resume`] drives), or `attempt to yield across a C-call boundary` (in
    /// or under a call from Rust, such as a [`Function::call`] made by a callback, or
    /// `table.sort`'s comparator).
    ///
    /// Arguments convert as for [`Lua::create_function`]. The closure gets an owned
    /// `Lua` that its future may keep. The closure and its futures must be `Send`,
    /// as the state may move to another thread; so the futures of `call_async` are
    /// `Send` too.
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     struct Unpark(std::thread::Thread);
    /// #     impl std::task::Wake for Unpark { fn wake(self: std::sync::Arc<Self>) { self.0.unpark() } }
    /// #     let waker = std::sync::Arc::new(Unpark(std::thread::current())).into();
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop {
    /// #         if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut std::task::Context::from_waker(&waker)) { return v; }
    /// #         std::thread::park();
    /// #     }
    /// # }
    /// let lua = selenite::Lua::new();
    /// let fetch = lua
    ///     .create_async_function(|_, key: String| async move { Ok(format!("value of {key}")) })
    ///     .unwrap();
    /// lua.globals().set("fetch", fetch).unwrap();
    /// let f: selenite::Function = lua.load("return function() return fetch('a') .. '!' end").eval().unwrap();
    /// assert_eq!(block_on(f.call_async::<String>(())).unwrap(), "value of a!");
    ///
    /// let err = f.call::<String>(()).unwrap_err();
    /// assert_eq!(err.to_string(), "attempt to yield from outside a coroutine");
    /// ```
    pub fn create_async_function<A, R, F, FR>(&self, func: F) -> Result<Function>
    where
        A: FromLuaMulti,
        R: IntoLuaMulti,
        F: Fn(Lua, A) -> FR + Send + 'static,
        FR: Future<Output = Result<R>> + Send + 'static,
    {
        let callback: Callback = Box::new(move |lua, args| {
            let args = A::from_lua_args(args, 1, lua)?;
            let future = func(lua.clone(), args);
            let owner = lua.clone();
            let pending: PendingFuture = Box::pin(async move { future.await?.into_lua_multi(&owner) });
            lua.with_vm(|vm| {
                let waiting = vm.root(RawValue::Thread(vm.current_thread()));
                driving(vm).handoff = Some(Handoff { future: pending, waiting });
            })?;
            Ok(MultiValue::new())
        });
        let state = Arc::downgrade(&self.shared);
        self.create_native(Box::new(move |vm: &mut Vm| start_async_call(&state, vm, &callback)))
    }
}

impl Function {
    /// Calls the function in a new coroutine, as a future: whenever an async Rust
    /// function ([`Lua::create_async_function`]) called anywhere in that coroutine
    /// (through `pcall`, metamethods, other functions...) waits for its future, the
    /// coroutine is suspended and this future is pending; when it is polled again
    /// it polls the async function's future, and resumes the coroutine once that is
    /// ready. The result is the function's results, converted, or its error.
    ///
    /// The arguments convert at once. The future is `Send` (the async functions'
    /// futures are). Dropping it before it is ready abandons the coroutine and
    /// drops the future it waits for; the state is unaffected. While the future is
    /// polled, the state is in use as by any call (another thread that wants it
    /// waits); between polls it is free.
    ///
    /// Lua code may not yield the coroutine itself with `coroutine.yield` (only
    /// async functions suspend it): such a yield ends the call with the error
    /// `attempt to yield across an async boundary`. Coroutines the Lua code creates
    /// yield and resume as usual.
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     struct Unpark(std::thread::Thread);
    /// #     impl std::task::Wake for Unpark { fn wake(self: std::sync::Arc<Self>) { self.0.unpark() } }
    /// #     let waker = std::sync::Arc::new(Unpark(std::thread::current())).into();
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop {
    /// #         if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut std::task::Context::from_waker(&waker)) { return v; }
    /// #         std::thread::park();
    /// #     }
    /// # }
    /// let lua = selenite::Lua::new();
    /// let double = lua.create_async_function(|_, n: i64| async move { Ok(n * 2) }).unwrap();
    /// lua.globals().set("double", double).unwrap();
    /// let sum: selenite::Function = lua
    ///     .load("return function(n) local s = 0; for i = 1, n do s = s + double(i) end; return s end")
    ///     .eval()
    ///     .unwrap();
    /// assert_eq!(block_on(sum.call_async::<i64>(3)).unwrap(), 12);
    ///
    /// let yields: selenite::Function = lua.load("return function() coroutine.yield(1) end").eval().unwrap();
    /// let err = block_on(yields.call_async::<()>(())).unwrap_err();
    /// assert_eq!(err.to_string(), "attempt to yield across an async boundary");
    /// ```
    pub fn call_async<R: FromLuaMulti>(&self, args: impl IntoLuaMulti) -> impl Future<Output = Result<R>> + Send {
        let start = || {
            let lua = self.0.lua()?;
            let args = args.into_lua_multi(&lua)?;
            let thread = lua.create_thread(self.clone())?;
            Ok(Step::Start { thread, args })
        };
        AsyncCall {
            step: start().unwrap_or_else(Step::Failed),
            yields_end_it: false,
            _results: PhantomData::<fn() -> R>,
        }
    }
}

impl Thread {
    /// Resumes the coroutine with `args`, as a future: as [`Thread::resume`], it
    /// ends with what the coroutine yields (with `coroutine.yield`) or returns, or
    /// with its error; meanwhile, async Rust functions called in it may wait, as in
    /// [`Function::call_async`] (whose coroutine, unlike this one, may not yield).
    /// So a coroutine can produce values one resume at a time while waiting for
    /// futures in between. A coroutine waiting in an async function, because a
    /// future of this method was dropped before it was ready, cannot be resumed
    /// again (the resume fails, `cannot resume a coroutine waiting for an async
    /// function`, and the coroutine dies).
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     struct Unpark(std::thread::Thread);
    /// #     impl std::task::Wake for Unpark { fn wake(self: std::sync::Arc<Self>) { self.0.unpark() } }
    /// #     let waker = std::sync::Arc::new(Unpark(std::thread::current())).into();
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop {
    /// #         if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut std::task::Context::from_waker(&waker)) { return v; }
    /// #         std::thread::park();
    /// #     }
    /// # }
    /// let lua = selenite::Lua::new();
    /// let fetch = lua.create_async_function(|_, page: i64| async move { Ok(page * 100) }).unwrap();
    /// lua.globals().set("fetch", fetch).unwrap();
    /// let pages: selenite::Thread = lua
    ///     .load("return coroutine.create(function(n) for i = 1, n do coroutine.yield(fetch(i)) end return 'end' end)")
    ///     .eval()
    ///     .unwrap();
    /// assert_eq!(block_on(pages.resume_async::<i64>(2)).unwrap(), 100);
    /// assert_eq!(block_on(pages.resume_async::<i64>(())).unwrap(), 200);
    /// assert_eq!(block_on(pages.resume_async::<String>(())).unwrap(), "end");
    /// assert_eq!(pages.status(), selenite::ThreadStatus::Dead);
    /// ```
    pub fn resume_async<R: FromLuaMulti>(&self, args: impl IntoLuaMulti) -> impl Future<Output = Result<R>> + Send {
        let start = || {
            let lua = self.0.lua()?;
            let args = args.into_lua_multi(&lua)?;
            Ok(Step::Start { thread: self.clone(), args })
        };
        AsyncCall {
            step: start().unwrap_or_else(Step::Failed),
            yields_end_it: true,
            _results: PhantomData::<fn() -> R>,
        }
    }
}

/// Where a `call_async` call or a `resume_async` resume stands; `thread` is its
/// driven thread.
enum Step {
    /// Not started: the function's arguments.
    Start { thread: Thread, args: MultiValue },
    /// The thread is suspended in an async function, which waits for `future` in
    /// coroutine `waiting` (the driven thread or one the Lua code resumed from it).
    Waiting { thread: Thread, future: PendingFuture, waiting: Thread },
    /// The call could not start.
    Failed(Error),
    /// The call is over (or a poll of the awaited future panicked).
    Finished,
}

/// The future of a `call_async` call or a `resume_async` resume whose results
/// convert to `R`.
struct AsyncCall<R> {
    step: Step,
    /// A plain yield of the driven thread ends the resume (`resume_async`) rather
    /// than failing it (`call_async`).
    yields_end_it: bool,
    _results: PhantomData<fn() -> R>,
}

impl<R: FromLuaMulti> Future for AsyncCall<R> {
    type Output = Result<R>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<R>> {
        let call = &mut *self;
        loop {
            let (thread, resume_args, delivering) = match std::mem::replace(&mut call.step, Step::Finished) {
                Step::Start { thread, args } => (thread, args, None),
                Step::Waiting { thread, mut future, waiting } => match future.as_mut().poll(cx) {
                    Poll::Pending => {
                        call.step = Step::Waiting { thread, future, waiting };
                        return Poll::Pending;
                    }
                    Poll::Ready(outcome) => match settlement(&thread, outcome) {
                        Ok(args) => (thread, args, Some(waiting)),
                        Err(e) => return Poll::Ready(Err(e)),
                    },
                },
                Step::Failed(e) => return Poll::Ready(Err(e)),
                Step::Finished => return Poll::Ready(Err(Error::runtime("future polled after completion"))),
            };
            match resume_as_driver(&thread, resume_args, delivering.as_ref(), call.yields_end_it) {
                Ok(Resumed::Waiting { future, waiting }) => call.step = Step::Waiting { thread, future, waiting },
                Ok(Resumed::Done(lua, results)) => return Poll::Ready(R::from_lua_multi(results, &lua)),
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
    }
}

/// What a resume of the driven thread ended with.
enum Resumed {
    /// The thread waits for an async function's future, in coroutine `waiting`.
    Waiting { future: PendingFuture, waiting: Thread },
    /// The thread returned these results, or yielded them if yields end the resume.
    Done(Lua, MultiValue),
}

/// The values to resume `thread` with once the future it waits for is ready (what
/// [`future_settled`] expects).
fn settlement(thread: &Thread, outcome: Result<MultiValue>) -> Result<MultiValue> {
    let lua = thread.0.lua()?;
    let mut args = MultiValue::new();
    match outcome {
        Ok(results) => {
            args.push(Value::Boolean(true));
            args.extend(results.into_vec());
        }
        Err(error) => {
            let error = lua.with_vm(|vm| {
                let raw = error_value(&lua, vm, error);
                from_raw(&lua, vm, raw)
            })?;
            args.push(Value::Boolean(false));
            args.push(error);
        }
    }
    Ok(args)
}

/// Resumes the driven `thread` with `args`, as its driver; `delivering` is the
/// coroutine that waits for them when they are a future's outcome.
fn resume_as_driver(
    thread: &Thread,
    args: MultiValue,
    delivering: Option<&Thread>,
    yields_end_it: bool,
) -> Result<Resumed> {
    let lua = thread.0.lua()?;
    let outcome = {
        let _driving = ResumingGuard::enter(&lua, thread, delivering)?;
        thread.resume_with(&lua, args)
    };
    // Taken even when the resume failed, so that no future outlives its call; it is
    // dropped outside the VM's lock, as dropping it may use the state.
    let handed_over = lua.with_vm(|vm| {
        let handoff = driving(vm).handoff.take()?;
        let waiting = Thread(Handle::new(&lua, vm, vm.rooted(handoff.waiting)));
        vm.unroot(handoff.waiting);
        Some(Resumed::Waiting { future: handoff.future, waiting })
    })?;
    let results = outcome?;
    match (thread.status(), handed_over) {
        (ThreadStatus::Suspended, Some(waiting)) => Ok(waiting),
        (ThreadStatus::Suspended, None) if !yields_end_it => {
            Err(Error::runtime("attempt to yield across an async boundary"))
        }
        _ => Ok(Resumed::Done(lua, results)),
    }
}

/// Marks a thread as being resumed by its driver, for the duration of the resume.
struct ResumingGuard<'a> {
    lua: &'a Lua,
}

impl<'a> ResumingGuard<'a> {
    fn enter(lua: &'a Lua, thread: &Thread, delivering: Option<&Thread>) -> Result<ResumingGuard<'a>> {
        lua.with_vm(|vm| {
            let driving = driving(vm);
            driving.resuming.push(thread.0.root_id());
            driving.delivering = delivering.map(|waiting| waiting.0.root_id());
        })?;
        Ok(ResumingGuard { lua })
    }
}

impl Drop for ResumingGuard<'_> {
    fn drop(&mut self) {
        // The resume has returned (or unwound) and given the VM back, so this cannot
        // fail; if it did, the state would be unusable anyway.
        let _ = self.lua.with_vm(|vm| {
            let driving = driving(vm);
            driving.resuming.pop();
            // Still set if the resume never reached the waiting function.
            driving.delivering = None;
        });
    }
}
