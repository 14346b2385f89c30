//! Async Rust functions called from Lua (`Lua::create_async_function`) in calls
//! driven by `Function::call_async`, run with a minimal executor.

use selenite::{Error, Function, Lua, Table, Thread, ThreadStatus};
use std::future::Future;
use std::pin::{pin, Pin};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

/// Counts its wake-ups.
#[derive(Default)]
struct WakeCounter(AtomicUsize);

impl Wake for WakeCounter {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// Polls `future` until it is ready (the futures in these tests wake themselves
/// before returning `Pending`); returns its output and the number of polls.
fn run<F: Future>(future: F) -> (F::Output, usize) {
    let counter = Arc::new(WakeCounter::default());
    let waker = Waker::from(counter.clone());
    let mut future = pin!(future);
    let mut polls = 0;
    loop {
        polls += 1;
        let woken_before = counter.0.load(Ordering::SeqCst);
        if let Poll::Ready(output) = future.as_mut().poll(&mut Context::from_waker(&waker)) {
            return (output, polls);
        }
        assert!(counter.0.load(Ordering::SeqCst) > woken_before, "pending without a wake-up");
    }
}

fn block_on<F: Future>(future: F) -> F::Output {
    run(future).0
}

/// Pending `n` times (waking itself each time), then ready.
struct PendingTimes(usize);

impl Future for PendingTimes {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 == 0 {
            return Poll::Ready(());
        }
        self.0 -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// A state with `sleep(n)` (pending `n` times, returns `n`) and `add(a, b)` (pending
/// once) as async functions.
fn state() -> Lua {
    let lua = Lua::new();
    let sleep = lua
        .create_async_function(|_, n: usize| async move {
            PendingTimes(n).await;
            Ok(n)
        })
        .unwrap();
    let add = lua
        .create_async_function(|_, (a, b): (i64, i64)| async move {
            PendingTimes(1).await;
            Ok(a + b)
        })
        .unwrap();
    lua.globals().set("sleep", sleep).unwrap();
    lua.globals().set("add", add).unwrap();
    lua
}

fn function(lua: &Lua, source: &str) -> Function {
    lua.load(source).set_name("=test").eval().unwrap()
}

#[test]
fn an_async_function_returns_values_and_takes_arguments() {
    let lua = state();
    let pair = lua
        .create_async_function(|_, (a, b): (String, Option<i64>)| async move {
            PendingTimes(1).await;
            Ok((b.unwrap_or(0) * 2, format!("<{a}>")))
        })
        .unwrap();
    lua.globals().set("pair", pair).unwrap();
    let f = function(&lua, "return function(x) local n, s = pair(x, 4); return n, s, select('#', pair(x)) end");
    let (n, s, count): (i64, String, i64) = block_on(f.call_async("x")).unwrap();
    assert_eq!((n, s.as_str(), count), (8, "<x>", 2));

    let none = lua.create_async_function(|_, ()| async { Ok(()) }).unwrap();
    lua.globals().set("none", none).unwrap();
    let f = function(&lua, "return function() return select('#', none()) end");
    assert_eq!(block_on(f.call_async::<i64>(())).unwrap(), 0);
}

#[test]
fn a_bad_argument_is_raised_before_the_function_runs() {
    let lua = state();
    let f = function(&lua, "return function() return add(1, 'x') end");
    let err = block_on(f.call_async::<i64>(())).unwrap_err();
    assert_eq!(err.to_string(), "test:1: bad argument #2 to 'add' (number expected, got string)");
}

#[test]
fn the_call_is_pending_while_the_future_is() {
    let lua = state();
    let f = function(&lua, "return function() return sleep(5) + sleep(0) end");
    let (result, polls) = run(f.call_async::<i64>(()));
    assert_eq!(result.unwrap(), 5);
    assert_eq!(polls, 6);
}

#[test]
fn a_call_without_async_functions_is_ready_at_once() {
    let lua = state();
    let f = function(&lua, "return function(a, b) return a .. b end");
    let (result, polls) = run(f.call_async::<String>(("a", "b")));
    assert_eq!(result.unwrap(), "ab");
    assert_eq!(polls, 1);
}

#[test]
fn an_async_function_error_is_catchable_in_lua() {
    let lua = state();
    let fail = lua
        .create_async_function(|_, message: String| async move {
            PendingTimes(2).await;
            Err::<(), _>(Error::runtime(message))
        })
        .unwrap();
    lua.globals().set("fail", fail).unwrap();
    let f = function(&lua, "return function() local ok, e = pcall(fail, 'nope'); return ok, e, sleep(1) end");
    let (ok, message, after): (bool, String, i64) = block_on(f.call_async(())).unwrap();
    assert_eq!((ok, message.as_str(), after), (false, "nope", 1));
}

#[test]
fn an_uncaught_async_function_error_reaches_rust() {
    let lua = state();
    let fail = lua
        .create_async_function(|_, ()| async move {
            PendingTimes(1).await;
            Err::<(), _>(Error::external(std::io::Error::other("disk on fire")))
        })
        .unwrap();
    lua.globals().set("fail", fail).unwrap();
    let f = function(&lua, "return function() fail() end");
    let err = block_on(f.call_async::<()>(())).unwrap_err();
    match &err {
        Error::CallbackError { cause, .. } => assert!(matches!(**cause, Error::ExternalError(_))),
        other => panic!("unexpected error {other:?}"),
    }
    assert!(err.to_string().contains("disk on fire"), "{err}");

    let f = function(&lua, "return function() error('plain', 0) end");
    assert_eq!(block_on(f.call_async::<()>(())).unwrap_err().to_string(), "plain");
}

#[test]
fn async_functions_wait_inside_pcall_metamethods_and_iterators() {
    let lua = state();
    let f = function(
        &lua,
        r#"return function()
            local out = {}
            local ok, v = pcall(function() return add(1, 2) end)
            out[#out + 1] = tostring(ok) .. v
            local mt = {
                __index = function(_, k) return add(k, 100) end,
                __add = function(a, b) return add(a.n, b.n) end,
                __call = function(self, x) return sleep(x) end,
            }
            local t = setmetatable({n = 4}, mt)
            out[#out + 1] = t[1]
            out[#out + 1] = t + t
            out[#out + 1] = t(2)
            local function counter(limit, i)
                if i < limit then return add(i, 1) end
            end
            for i in counter, 3, 0 do out[#out + 1] = i end
            local ok2, v2 = xpcall(function() return sleep(3) end, debug.traceback)
            out[#out + 1] = tostring(ok2) .. v2
            return table.concat(out, ",")
        end"#,
    );
    assert_eq!(block_on(f.call_async::<String>(())).unwrap(), "true3,101,8,2,1,2,3,true3");
}

#[test]
fn async_functions_called_from_rust_callbacks_inside_the_call_cannot_wait() {
    let lua = state();
    let f = function(&lua, "return function() table.sort({3, 1, 2}, function(a, b) return add(a, b) > 0 end) end");
    let err = block_on(f.call_async::<()>(())).unwrap_err();
    assert!(err.to_string().ends_with("attempt to yield across a C-call boundary"), "{err}");

    let call_from_rust = lua.create_function(|lua, ()| lua.load("return add(1, 2)").eval::<i64>()).unwrap();
    lua.globals().set("call_from_rust", call_from_rust).unwrap();
    let f = function(&lua, "return function() return pcall(call_from_rust) end");
    let (ok, err): (bool, String) = block_on(f.call_async(())).unwrap();
    assert!(!ok);
    assert!(err.ends_with("attempt to yield across a C-call boundary"), "{err}");
}

#[test]
fn lua_coroutines_inside_the_call_wait_for_async_functions_too() {
    let lua = state();
    let f = function(
        &lua,
        r#"return function()
            -- A producer that waits for async functions between its own yields.
            local numbers = coroutine.wrap(function()
                for i = 1, 3 do coroutine.yield(add(i, sleep(2))) end
            end)
            local out = {numbers(), numbers(), numbers()}
            -- Three levels deep, through coroutine.resume, with an error on the way.
            local outer = coroutine.create(function(x)
                local inner = coroutine.create(function(y)
                    local z = coroutine.yield(add(y, 1))
                    local ok, e = pcall(add, z, 'bad')
                    return add(z, sleep(1)), ok, e
                end)
                local _, first = coroutine.resume(inner, x)
                local _, second, ok, e = coroutine.resume(inner, first * 10)
                coroutine.yield(second)
                return ok, e, coroutine.status(inner)
            end)
            local _, a = coroutine.resume(outer, 4)
            local _, ok, e, status = coroutine.resume(outer)
            out[#out + 1] = a
            out[#out + 1] = tostring(ok)
            out[#out + 1] = e
            out[#out + 1] = status
            out[#out + 1] = tostring(coroutine.isyieldable())
            return table.concat(out, " ")
        end"#,
    );
    let (result, polls) = run(f.call_async::<String>(()));
    assert_eq!(result.unwrap(), "3 4 5 51 false bad argument #2 to 'add' (number expected, got string) dead true");
    // One poll to start, then one per pending: three numbers of `sleep(2)` (2) and
    // `add` (1); in the nested coroutines two `add`s (the failing one fails before
    // its future exists) and `sleep(1)`.
    assert_eq!(polls, 1 + 3 * (2 + 1) + 2 + 1);
}

#[test]
fn suspended_coroutine_chains_survive_collections() {
    let lua = state();
    let f = function(
        &lua,
        r#"return function()
            local total = 0
            for _ = 1, 3 do
                local co = coroutine.wrap(function()
                    local inner = coroutine.wrap(function() return add(sleep(2), {}, 1) end)
                    return inner()
                end)
                total = total + co()
            end
            return total
        end"#,
    );
    let add3 = lua
        .create_async_function(|_, (a, t, b): (i64, Table, i64)| async move {
            PendingTimes(1).await;
            Ok(a + b + t.raw_len() as i64)
        })
        .unwrap();
    lua.globals().set("add", add3).unwrap();
    let waker = Waker::from(Arc::new(WakeCounter::default()));
    let mut call = Box::pin(f.call_async::<i64>(()));
    let result = loop {
        if let Poll::Ready(result) = call.as_mut().poll(&mut Context::from_waker(&waker)) {
            break result;
        }
        lua.load("collectgarbage()").exec().unwrap();
    };
    assert_eq!(result.unwrap(), 9);
}

#[test]
fn a_coroutine_resumed_from_rust_inside_the_call_cannot_wait() {
    let lua = state();
    let resume_from_rust = lua
        .create_function(|lua, ()| {
            let body: Function = lua.load("return function() return add(1, 2) end").eval()?;
            lua.create_thread(body)?.resume::<i64>(())
        })
        .unwrap();
    lua.globals().set("resume_from_rust", resume_from_rust).unwrap();
    let f = function(&lua, "return function() return pcall(resume_from_rust) end");
    let (ok, err): (bool, String) = block_on(f.call_async(())).unwrap();
    assert!(!ok);
    assert!(err.ends_with("attempt to yield across a C-call boundary"), "{err}");
}

#[test]
fn a_waiting_coroutine_resumed_by_lua_code_fails_and_its_resumer_is_told() {
    let lua = state();
    // `first` and `second` are coroutines suspended in `sleep` inside two calls;
    // a third call resumes `first` behind its call's back, which kills it.
    let first_call = function(
        &lua,
        r#"return function()
            first = coroutine.create(function() return sleep(3) end)
            local ok, err = coroutine.resume(first)
            -- The outcome of `sleep` found `first` dead; the next resume is not a
            -- delivery either.
            local ok2, err2 = coroutine.resume(second)
            return ok, err, ok2, err2
        end"#,
    );
    let second_call = function(
        &lua,
        r#"return function()
            second = coroutine.create(function() return sleep(1000) end)
            return coroutine.resume(second)
        end"#,
    );
    let intruder = function(&lua, "return function() return coroutine.resume(first) end");
    let waker = Waker::from(Arc::new(WakeCounter::default()));
    let mut cx = Context::from_waker(&waker);
    let mut first_call = Box::pin(first_call.call_async::<(bool, String, bool, String)>(()));
    let mut second_call = Box::pin(second_call.call_async::<(bool, String)>(()));
    assert!(first_call.as_mut().poll(&mut cx).is_pending());
    assert!(second_call.as_mut().poll(&mut cx).is_pending());
    let (ok, err) = block_on(intruder.call_async::<(bool, String)>(())).unwrap();
    assert!(!ok);
    assert_eq!(err, "cannot resume a coroutine waiting for an async function");
    let (ok, err, ok2, err2) = block_on(first_call).unwrap();
    assert_eq!((ok, err.as_str()), (false, "cannot resume dead coroutine"));
    assert_eq!((ok2, err2.as_str()), (false, "cannot resume a coroutine waiting for an async function"));
    // `second` died of that resume too; its resumer learns it once its future is ready.
    let (ok, err) = block_on(second_call).unwrap();
    assert_eq!((ok, err.as_str()), (false, "cannot resume dead coroutine"));
}

#[test]
fn an_async_function_may_await_another_call_async() {
    let lua = state();
    let twice = lua
        .create_async_function(|lua, n: i64| async move {
            let inner: Function = lua.globals().get("inner")?;
            let once: i64 = inner.call_async(n).await?;
            // A plain call from the future runs outside any `call_async` coroutine.
            let plain = inner.call::<i64>(n).unwrap_err();
            assert_eq!(plain.to_string(), "attempt to yield from outside a coroutine");
            Ok(once * 2)
        })
        .unwrap();
    lua.globals().set("twice", twice).unwrap();
    lua.load("function inner(n) return add(n, sleep(2)) end").exec().unwrap();
    let f = function(&lua, "return function() return twice(5) end");
    assert_eq!(block_on(f.call_async::<i64>(())).unwrap(), 14);
}

#[test]
fn several_calls_interleave_on_one_state() {
    let lua = state();
    lua.load("log = {}").exec().unwrap();
    let f = function(
        &lua,
        r#"return function(name, steps)
            for i = 1, steps do
                sleep(1)
                log[#log + 1] = name .. i
            end
            return name
        end"#,
    );
    let mut a = Box::pin(f.call_async::<String>(("a", 3)));
    let mut b = Box::pin(f.call_async::<String>(("b", 2)));
    let waker = Waker::from(Arc::new(WakeCounter::default()));
    let mut cx = Context::from_waker(&waker);
    let mut done = (None, None);
    while done.0.is_none() || done.1.is_none() {
        if done.0.is_none() {
            if let Poll::Ready(r) = a.as_mut().poll(&mut cx) {
                done.0 = Some(r.unwrap());
            }
        }
        if done.1.is_none() {
            if let Poll::Ready(r) = b.as_mut().poll(&mut cx) {
                done.1 = Some(r.unwrap());
            }
        }
    }
    assert_eq!(done, (Some("a".to_string()), Some("b".to_string())));
    let log: Vec<String> =
        lua.globals().get::<Table>("log").unwrap().sequence_values().collect::<Result<_, _>>().unwrap();
    assert_eq!(log, ["a1", "b1", "a2", "b2", "a3"]);
}

#[test]
fn outside_call_async_an_async_function_raises_an_error() {
    let lua = state();
    let err = lua.load("return add(1, 2)").eval::<i64>().unwrap_err();
    assert_eq!(err.to_string(), "attempt to yield from outside a coroutine");

    let add: Function = lua.globals().get("add").unwrap();
    let err = add.call::<i64>((1, 2)).unwrap_err();
    assert_eq!(err.to_string(), "attempt to yield from outside a coroutine");

    let co = lua.create_thread(function(&lua, "return function() return add(1, 2) end")).unwrap();
    let err = co.resume::<i64>(()).unwrap_err();
    assert_eq!(err.to_string(), "attempt to yield from a coroutine not run by call_async");

    let (ok, err): (bool, String) = lua.load("return pcall(add, 1, 2)").eval().unwrap();
    assert!(!ok);
    assert_eq!(err, "attempt to yield from outside a coroutine");
}

#[test]
fn a_plain_coroutine_yield_ends_the_call_with_an_error() {
    let lua = state();
    let f = function(&lua, "return function() sleep(1); coroutine.yield('x'); return 1 end");
    let err = block_on(f.call_async::<i64>(())).unwrap_err();
    assert_eq!(err.to_string(), "attempt to yield across an async boundary");
    assert_eq!(lua.load("return 1 + 1").eval::<i64>().unwrap(), 2);
}

/// Counts the live instances of a future.
struct Tracked(Arc<AtomicUsize>);

impl Drop for Tracked {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

#[test]
fn dropping_a_pending_call_drops_its_future_and_leaves_the_state_usable() {
    let lua = state();
    let live = Arc::new(AtomicUsize::new(0));
    let counted = live.clone();
    let wait = lua
        .create_async_function(move |_, ()| {
            counted.fetch_add(1, Ordering::SeqCst);
            let tracked = Tracked(counted.clone());
            async move {
                PendingTimes(1000).await;
                drop(tracked);
                Ok(())
            }
        })
        .unwrap();
    lua.globals().set("wait", wait).unwrap();
    lua.load("function remember() waiting = coroutine.running(); wait() end").exec().unwrap();
    let f: Function = lua.globals().get("remember").unwrap();
    {
        let mut call = Box::pin(f.call_async::<()>(()));
        let waker = Waker::from(Arc::new(WakeCounter::default()));
        for _ in 0..3 {
            assert!(call.as_mut().poll(&mut Context::from_waker(&waker)).is_pending());
        }
        assert_eq!(live.load(Ordering::SeqCst), 1);
    }
    assert_eq!(live.load(Ordering::SeqCst), 0);
    lua.gc_collect().unwrap();
    // The abandoned coroutine refuses any resumer but its (dropped) driver.
    let (ok, err): (bool, String) = lua.load("return coroutine.resume(waiting)").eval().unwrap();
    assert!(!ok);
    assert_eq!(err, "cannot resume a coroutine waiting for an async function");
    assert_eq!(block_on(function(&lua, "return function() return add(2, 3) end").call_async::<i64>(())).unwrap(), 5);
}

#[test]
fn the_instruction_limit_applies_across_suspensions() {
    let lua = state();
    lua.set_instruction_limit(Some(100_000)).unwrap();
    let f = function(&lua, "return function() local n = 0 while true do n = n + sleep(1) end end");
    let err = block_on(f.call_async::<()>(())).unwrap_err();
    assert!(matches!(err, Error::LimitExceeded(_)), "{err:?}");
    lua.set_instruction_limit(None).unwrap();
    assert_eq!(block_on(function(&lua, "return function() return add(1, 1) end").call_async::<i64>(())).unwrap(), 2);
}

#[test]
fn the_future_can_use_the_state_while_the_coroutine_waits() {
    let lua = state();
    let lookup = lua
        .create_async_function(|lua, key: String| async move {
            PendingTimes(1).await;
            let value: i64 = lua.globals().get(key.as_str())?;
            let double: Function = lua.load("return function(x) return x * 2 end").eval()?;
            double.call::<i64>(value)
        })
        .unwrap();
    lua.globals().set("lookup", lookup).unwrap();
    lua.globals().set("answer", 21).unwrap();
    let f = function(&lua, "return function() return lookup('answer') end");
    assert_eq!(block_on(f.call_async::<i64>(())).unwrap(), 42);
}

#[test]
fn call_async_futures_are_send_and_run_on_other_threads() {
    fn assert_send<T: Send>(value: T) -> T {
        value
    }
    let lua = state();
    let f = function(&lua, "return function(n) return sleep(n) * 10 end");
    let call = assert_send(f.call_async::<i64>(3));
    let result = std::thread::spawn(move || block_on(call)).join().unwrap();
    assert_eq!(result.unwrap(), 30);
}

#[test]
fn a_finished_call_async_future_polled_again_reports_an_error() {
    let lua = state();
    let f = function(&lua, "return function() return 1 end");
    let mut call = Box::pin(f.call_async::<i64>(()));
    let waker = Waker::from(Arc::new(WakeCounter::default()));
    let mut cx = Context::from_waker(&waker);
    assert!(matches!(call.as_mut().poll(&mut cx), Poll::Ready(Ok(1))));
    match call.as_mut().poll(&mut cx) {
        Poll::Ready(Err(e)) => assert_eq!(e.to_string(), "future polled after completion"),
        _ => panic!("a finished call ran again"),
    }
}

#[test]
fn resume_async_ends_at_yields_and_waits_in_between() {
    let lua = state();
    let pages: Thread = lua
        .load(
            r#"return coroutine.create(function(n)
                local step = 1
                for i = 1, n do
                    step = coroutine.yield(add(i * step, sleep(1))) or step
                end
                return "end"
            end)"#,
        )
        .eval()
        .unwrap();
    let (first, polls) = run(pages.resume_async::<i64>(2));
    assert_eq!((first.unwrap(), polls), (2, 3));
    assert_eq!(pages.status(), ThreadStatus::Suspended);
    assert_eq!(block_on(pages.resume_async::<i64>(10)).unwrap(), 21);
    assert_eq!(block_on(pages.resume_async::<String>(())).unwrap(), "end");
    let err = block_on(pages.resume_async::<()>(())).unwrap_err();
    assert_eq!(err.to_string(), "cannot resume dead coroutine");
}

#[test]
fn a_coroutine_left_waiting_by_a_dropped_resume_async_cannot_be_resumed() {
    let lua = state();
    let co: Thread = lua.load("return coroutine.create(function() return sleep(10) end)").eval().unwrap();
    {
        let mut resume = Box::pin(co.resume_async::<i64>(()));
        let waker = Waker::from(Arc::new(WakeCounter::default()));
        assert!(resume.as_mut().poll(&mut Context::from_waker(&waker)).is_pending());
    }
    let err = block_on(co.resume_async::<i64>(())).unwrap_err();
    assert_eq!(err.to_string(), "cannot resume a coroutine waiting for an async function");
    assert_eq!(co.status(), ThreadStatus::Dead);
}

#[test]
fn debug_hooks_run_across_suspensions() {
    let lua = state();
    let f = function(
        &lua,
        r#"return function()
            local events = 0
            local function count() events = events + 1 end
            debug.sethook(count, "crl", 1)
            local inner = coroutine.wrap(function()
                debug.sethook(count, "crl", 1)
                return add(sleep(2), 1)
            end)
            local value = add(inner(), sleep(1))
            debug.sethook()
            return value, events > 0
        end"#,
    );
    let (value, counted): (i64, bool) = block_on(f.call_async(())).unwrap();
    assert_eq!((value, counted), (4, true));
}

#[test]
fn a_panic_in_an_async_function_reaches_the_poller_and_the_state_survives() {
    let lua = state();
    let explode_later = lua
        .create_async_function(|_, fuse: i64| async move {
            PendingTimes(1).await;
            assert!(fuse > 0, "future exploded");
            Ok(())
        })
        .unwrap();
    let explode_now = lua
        .create_async_function(|_, ()| -> std::future::Ready<selenite::Result<()>> { panic!("closure exploded") })
        .unwrap();
    lua.globals().set("explode_later", explode_later).unwrap();
    lua.globals().set("explode_now", explode_now).unwrap();
    for (name, message) in [("explode_later", "future exploded"), ("explode_now", "closure exploded")] {
        let f = function(&lua, &format!("return function() pcall({name}, 0) end"));
        let payload =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| block_on(f.call_async::<()>(())))).unwrap_err();
        assert_eq!(payload.downcast_ref::<&str>(), Some(&message));
    }
    assert_eq!(block_on(function(&lua, "return function() return add(1, 2) end").call_async::<i64>(())).unwrap(), 3);
}
