//! `Lua` across OS threads (it is `Send` and `Sync`) and coroutines driven from Rust
//! with `Thread::resume`.

use selenite::{Error, Function, Lua, Table, Thread, ThreadStatus, UserData, UserDataMethods};
use std::sync::mpsc;
use std::time::Duration;

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn the_state_and_its_handles_are_send_and_sync() {
    assert_send_sync::<Lua>();
    assert_send_sync::<Table>();
    assert_send_sync::<Function>();
    assert_send_sync::<Thread>();
    assert_send_sync::<selenite::AnyUserData>();
    assert_send_sync::<selenite::Value>();
    assert_send_sync::<selenite::RegistryKey>();
    assert_send_sync::<Error>();
}

struct Tally(i64);

impl UserData for Tally {
    fn add_methods<M: UserDataMethods<Self>>(methods: &mut M) {
        methods.add_method_mut("add", |_, t, n: i64| {
            t.0 += n;
            Ok(t.0)
        });
    }
}

#[test]
fn a_state_with_callbacks_and_userdata_moves_between_threads() {
    let lua = Lua::new();
    let double = lua.create_function(|_, n: i64| Ok(n * 2)).unwrap();
    lua.globals().set("double", double).unwrap();
    lua.globals().set("tally", Tally(0)).unwrap();
    let add: Function = lua.load("return function(n) return tally:add(double(n)) end").eval().unwrap();
    let mut handles = (lua, add);
    for round in 1..=3 {
        handles = std::thread::spawn(move || {
            let (lua, add) = handles;
            assert_eq!(add.call::<i64>(round).unwrap(), round * (round + 1));
            (lua, add)
        })
        .join()
        .unwrap();
    }
    assert_eq!(handles.0.load("return tally:add(0)").eval::<i64>().unwrap(), 12);
}

#[test]
fn a_thread_using_a_busy_state_waits_for_it() {
    let lua = Lua::new();
    let (started_tx, started_rx) = mpsc::channel();
    let signal = lua
        .create_function(move |_, ()| {
            let _ = started_tx.send(());
            Ok(())
        })
        .unwrap();
    lua.globals().set("signal", signal).unwrap();
    let runner = {
        let lua = lua.clone();
        std::thread::spawn(move || {
            lua.load("signal() local t = os.clock() while os.clock() - t < 0.2 do end x = 1").exec().unwrap();
        })
    };
    started_rx.recv_timeout(Duration::from_secs(10)).unwrap();
    // The script is running on the other thread: this waits for it, then sees its work.
    assert_eq!(lua.globals().get::<i64>("x").unwrap(), 1);
    runner.join().unwrap();
}

#[test]
fn coroutines_resume_from_rust_with_values_both_ways() {
    let lua = Lua::new();
    let co: Thread = lua
        .load(
            "return coroutine.create(function(a, b)
                local c = coroutine.yield(a + b)
                local d, e = coroutine.yield(c * 2)
                return d .. e
            end)",
        )
        .eval()
        .unwrap();
    assert_eq!(co.status(), ThreadStatus::Suspended);
    assert_eq!(co.resume::<i64>((1, 2)).unwrap(), 3);
    assert_eq!(co.resume::<i64>(10).unwrap(), 20);
    assert_eq!(co.resume::<String>(("x", "y")).unwrap(), "xy");
    assert_eq!(co.status(), ThreadStatus::Dead);
    assert_eq!(co.resume::<()>(()).unwrap_err().to_string(), "cannot resume dead coroutine");
}

#[test]
fn a_rust_function_run_as_a_coroutine_and_errors_inside_one() {
    let lua = Lua::new();
    let f = lua.create_function(|_, (a, b): (i64, i64)| Ok(a - b)).unwrap();
    let co = lua.create_thread(f).unwrap();
    assert_eq!(co.resume::<i64>((5, 3)).unwrap(), 2);
    assert_eq!(co.status(), ThreadStatus::Dead);

    let failing: Function =
        lua.load("return function() coroutine.yield(1) error('boom') end").set_name("=co").eval().unwrap();
    let co = lua.create_thread(failing).unwrap();
    assert_eq!(co.resume::<i64>(()).unwrap(), 1);
    let err = co.resume::<()>(()).unwrap_err();
    assert_eq!(err.to_string(), "co:1: boom");
    assert_eq!(co.status(), ThreadStatus::Dead);
}

#[test]
fn a_coroutine_resumed_inside_a_callback_and_on_another_thread() {
    let lua = Lua::new();
    let gen: Thread =
        lua.load("return coroutine.create(function() for i = 1, 3 do coroutine.yield(i) end end)").eval().unwrap();
    lua.globals().set("gen", gen.clone()).unwrap();
    let next = lua.create_function(|lua, ()| lua.globals().get::<Thread>("gen")?.resume::<i64>(())).unwrap();
    lua.globals().set("next_value", next).unwrap();
    assert_eq!(lua.load("return next_value()").eval::<i64>().unwrap(), 1);
    let (lua, gen) = std::thread::spawn(move || {
        assert_eq!(gen.resume::<i64>(()).unwrap(), 2);
        (lua, gen)
    })
    .join()
    .unwrap();
    assert_eq!(lua.load("return next_value()").eval::<i64>().unwrap(), 3);
    gen.resume::<()>(()).unwrap();
    assert_eq!(gen.status(), ThreadStatus::Dead);
}

#[test]
fn a_yield_from_a_resumed_coroutine_across_rust_is_refused() {
    let lua = Lua::new();
    let co: Thread = lua
        .load("return coroutine.create(function() local ok, e = pcall(string.gsub, 'a', '.', coroutine.yield) return e end)")
        .eval()
        .unwrap();
    assert_eq!(co.resume::<String>(()).unwrap(), "attempt to yield across a C-call boundary");
}

#[test]
fn threads_sharing_one_state_take_turns() {
    let lua = Lua::new();
    let make = lua.create_function(|lua, n: i64| lua.create_sequence_from(0..n)).unwrap();
    lua.globals().set("make", make).unwrap();
    lua.load("counter = 0").exec().unwrap();
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let lua = lua.clone();
            std::thread::spawn(move || {
                for i in 0..200 {
                    // Handles created and dropped here while other threads run Lua.
                    let t: Table = lua.load("counter = counter + 1 return make(3)").eval().unwrap();
                    assert_eq!(t.raw_len(), 3);
                    lua.globals().set(format!("scratch{}", i % 5), t).unwrap();
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    assert_eq!(lua.globals().get::<i64>("counter").unwrap(), 800);
    lua.gc_collect().unwrap();
    assert_eq!(lua.load("return #scratch0").eval::<i64>().unwrap(), 3);
}
