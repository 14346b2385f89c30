//! Values held by Rust: they survive collections while held, are released when
//! dropped (memory returns to its level), work inside callbacks, refuse to cross into
//! another state, and report a dropped state instead of touching freed memory.

use selenite::{Error, Function, Lua, LuaString, Table, Value};

/// Memory after a full collection.
fn settled_memory(lua: &Lua) -> usize {
    lua.gc_collect().unwrap();
    lua.gc_collect().unwrap();
    lua.used_memory()
}

#[test]
fn held_values_survive_collections() {
    let lua = Lua::new();
    let t: Table = lua.load("local t = { 'kept' }; return t").eval().unwrap();
    let s: LuaString = lua.load("return string.rep('x', 100)").eval().unwrap();
    let f: Function = lua.load("return function(a) return a + 1 end").eval().unwrap();
    lua.load("collectgarbage(); collectgarbage()").exec().unwrap();
    lua.gc_collect().unwrap();
    assert_eq!(t.get::<String>(1).unwrap(), "kept");
    assert_eq!(s.len(), 100);
    assert_eq!(f.call::<i64>(1).unwrap(), 2);
}

#[test]
fn dropped_values_are_released() {
    let lua = Lua::new();
    let baseline = settled_memory(&lua);
    for round in 0..3 {
        let held: Vec<Table> = (0..2000).map(|i| lua.create_sequence_from([i; 32]).unwrap()).collect();
        assert!(lua.used_memory() > baseline + 2000 * 32 * 16, "round {round}");
        drop(held);
        // Everything the handles held is collectable again.
        assert!(settled_memory(&lua) <= baseline + 4096, "round {round}: {} vs {baseline}", lua.used_memory());
    }
}

#[test]
fn clones_share_one_root() {
    let lua = Lua::new();
    let baseline = settled_memory(&lua);
    let t = lua.create_sequence_from([1; 1000]).unwrap();
    let clones: Vec<Table> = (0..100).map(|_| t.clone()).collect();
    drop(t);
    lua.gc_collect().unwrap();
    assert_eq!(clones[99].len().unwrap(), 1000);
    drop(clones);
    assert!(settled_memory(&lua) <= baseline + 1024);
}

#[test]
fn handles_captured_by_collected_callbacks_are_released() {
    let lua = Lua::new();
    let baseline = settled_memory(&lua);
    for _ in 0..200 {
        let big = lua.create_sequence_from([7; 256]).unwrap();
        // The callback owns `big`; when Lua collects the callback, the handle is
        // dropped by the collector and its root released afterwards.
        let f = lua.create_function(move |_, ()| big.len()).unwrap();
        assert_eq!(f.call::<i64>(()).unwrap(), 256);
    }
    assert!(settled_memory(&lua) <= baseline + 4096, "{} vs {baseline}", lua.used_memory());
}

#[test]
fn handles_dropped_by_another_thread_while_the_state_is_busy_are_released() {
    let lua = Lua::new();
    lua.set_app_data(0_u8);
    let baseline = settled_memory(&lua);
    let held: Vec<Table> = (0..200).map(|_| lua.create_sequence_from([7; 256]).unwrap()).collect();
    {
        // While this thread uses the state, the other thread's drops cannot release
        // their roots: they are queued and released at the next access.
        let _busy = lua.app_data_ref::<u8>().unwrap();
        std::thread::scope(|s| {
            s.spawn(move || drop(held));
        });
    }
    assert!(settled_memory(&lua) <= baseline + 4096, "{} vs {baseline}", lua.used_memory());
}

#[test]
fn handles_work_inside_callbacks_and_outlive_them() {
    let lua = Lua::new();
    let keep = lua.create_table().unwrap();
    let keep_inside = keep.clone();
    let stash = lua
        .create_function(move |lua, v: Value| {
            let n = keep_inside.raw_len();
            keep_inside.raw_set(n + 1, v)?;
            lua.gc_collect()?;
            Ok(())
        })
        .unwrap();
    lua.globals().set("stash", stash).unwrap();
    lua.load("stash({ name = 'a' }); stash('b'); collectgarbage()").exec().unwrap();
    let first: Table = keep.get(1).unwrap();
    assert_eq!(first.get::<String>("name").unwrap(), "a");
    assert_eq!(keep.get::<String>(2).unwrap(), "b");
}

#[test]
fn registry_keys_keep_values_until_removed() {
    let lua = Lua::new();
    let baseline = settled_memory(&lua);
    let key = lua.create_registry_value(lua.create_sequence_from([0; 2000]).unwrap()).unwrap();
    lua.gc_collect().unwrap();
    assert_eq!(lua.registry_value::<Table>(&key).unwrap().raw_len(), 2000);
    lua.replace_registry_value(&key, "small").unwrap();
    assert_eq!(lua.registry_value::<String>(&key).unwrap(), "small");
    lua.remove_registry_value(key).unwrap();
    assert!(settled_memory(&lua) <= baseline + 1024);
}

#[test]
fn values_of_one_state_are_refused_by_another() {
    let a = Lua::new();
    let b = Lua::new();
    let t = a.create_table().unwrap();
    let err = b.globals().set("t", t.clone()).unwrap_err();
    assert!(matches!(err, Error::MismatchedState), "{err:?}");
    let f = a.create_function(|_, ()| Ok(1)).unwrap();
    assert!(matches!(b.create_thread(f), Err(Error::MismatchedState)));
    let key = a.create_registry_value(1).unwrap();
    assert!(matches!(b.registry_value::<i64>(&key), Err(Error::MismatchedState)));
}

#[test]
fn handles_outliving_their_state_report_it() {
    let lua = Lua::new();
    let t = lua.create_table().unwrap();
    let f: Function = lua.load("return function() end").eval().unwrap();
    let s = lua.create_string("x").unwrap();
    drop(lua);
    assert!(matches!(t.get::<Value>(1), Err(Error::StateDropped)));
    assert!(matches!(f.call::<()>(()), Err(Error::StateDropped)));
    assert!(matches!(s.to_str(), Err(Error::StateDropped)));
    assert_eq!(t.raw_len(), 0);
}

#[test]
fn a_callback_keeping_its_state_alive_does_not_leak_handles_it_holds() {
    // Handles refer to their state weakly: a state whose callbacks hold handles is
    // still freed when the last `Lua` goes away (checked by the drop running).
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    struct Flag(Arc<AtomicBool>);
    impl Drop for Flag {
        fn drop(&mut self) {
            self.0.store(true, Ordering::SeqCst);
        }
    }
    let dropped = Arc::new(AtomicBool::new(false));
    {
        let lua = Lua::new();
        let t = lua.create_table().unwrap();
        let flag = Flag(dropped.clone());
        let f = lua
            .create_function(move |_, ()| {
                let _ = &flag;
                t.raw_len();
                Ok(())
            })
            .unwrap();
        lua.globals().set("f", f).unwrap();
    }
    assert!(dropped.load(Ordering::SeqCst));
}

#[test]
fn pairs_and_sequences_iterate_raw_contents() {
    let lua = Lua::new();
    let t: Table = lua.load("return { 'a', 'b', 'c', x = 1, y = 2 }").eval().unwrap();
    let seq: Vec<String> = t.sequence_values().collect::<selenite::Result<_>>().unwrap();
    assert_eq!(seq, ["a", "b", "c"]);
    let mut keys: Vec<String> =
        t.pairs::<Value, Value>().map(|p| p.map(|(k, _)| format!("{k:?}"))).collect::<selenite::Result<_>>().unwrap();
    keys.sort();
    assert_eq!(keys, ["\"x\"", "\"y\"", "1", "2", "3"]);
    // A collection between steps keeps the iteration valid.
    let mut n = 0;
    for pair in t.pairs::<Value, Value>() {
        pair.unwrap();
        lua.gc_collect().unwrap();
        n += 1;
    }
    assert_eq!(n, 5);
}

#[test]
fn threads_resume_from_rust_and_report_errors() {
    let lua = Lua::new();
    let gen: Function =
        lua.load("return function(n) for i = 1, n do coroutine.yield(i) end return 'done' end").eval().unwrap();
    let co = lua.create_thread(gen).unwrap();
    assert_eq!(co.resume::<i64>(2).unwrap(), 1);
    assert_eq!(co.resume::<i64>(()).unwrap(), 2);
    assert_eq!(co.resume::<String>(()).unwrap(), "done");
    assert_eq!(co.status(), selenite::ThreadStatus::Dead);
    // Expected text: coroutine.resume of a dead coroutine in /work/bin/lua5.4.9.
    assert_eq!(co.resume::<()>(()).unwrap_err().to_string(), "cannot resume dead coroutine");
    let failing: Function = lua.load("return function() local x = nil; return x.y end").set_name("=co").eval().unwrap();
    let co = lua.create_thread(failing).unwrap();
    assert_eq!(co.resume::<()>(()).unwrap_err().to_string(), "co:1: attempt to index a nil value (local 'x')");
}

#[test]
fn metamethods_implemented_in_rust_run_from_rust_calls() {
    let lua = Lua::new();
    let index = lua.create_function(|_, (_t, k): (Table, String)| Ok(format!("<{k}>"))).unwrap();
    let len = lua.create_function(|lua, _t: Table| lua.load("return 40 + 2").eval::<i64>()).unwrap();
    let mt = lua.create_table().unwrap();
    mt.set("__index", index).unwrap();
    mt.set("__len", len).unwrap();
    let t = lua.create_table().unwrap();
    t.set_metatable(Some(&mt)).unwrap();
    assert_eq!(t.get::<String>("key").unwrap(), "<key>");
    assert_eq!(t.len().unwrap(), 42);
    lua.globals().set("t", t).unwrap();
    assert_eq!(lua.load("return t.abc .. #t").eval::<String>().unwrap(), "<abc>42");
}
