//! Rust functions called from Lua: argument conversion, results, and the argument
//! errors, whose expected texts come from the reference interpreter running the same
//! calls against `string.rep` (which checks `(string, integer)` as these do).

use selenite::{Error, Function, Lua, Result, Variadic};

/// A Rust `rep(s, n)` checking its arguments as `string.rep` does.
fn rep(lua: &Lua) -> Function {
    lua.create_function(|_, (s, n): (String, i64)| Ok(s.repeat(n.max(0) as usize))).unwrap()
}

fn pcall_message(lua: &Lua, code: &str) -> String {
    let (ok, msg): (bool, String) = lua.load(code).set_name("=t").eval().unwrap();
    assert!(!ok, "expected an error from {code}");
    msg
}

#[test]
fn arguments_convert_and_results_return() {
    let lua = Lua::new();
    lua.globals().set("rep", rep(&lua)).unwrap();
    assert_eq!(lua.load("return rep('ab', 3)").eval::<String>().unwrap(), "ababab");
    // Numeric strings and integral floats are accepted, as by luaL_checkinteger.
    assert_eq!(lua.load("return rep('x', '2')").eval::<String>().unwrap(), "xx");
    assert_eq!(lua.load("return rep('x', 2.0)").eval::<String>().unwrap(), "xx");
    // Numbers are accepted as strings, in their tostring form.
    assert_eq!(lua.load("return rep(1.5, 2)").eval::<String>().unwrap(), "1.51.5");
}

#[test]
fn argument_errors_read_like_the_reference() {
    let lua = Lua::new();
    lua.globals().set("rep", rep(&lua)).unwrap();
    lua.load("t = { f = rep }; obj = { m = rep }").exec().unwrap();
    // Expected texts: /work/bin/lua5.4.9 with string.rep in place of rep.
    let cases = [
        ("return pcall(function() t.f(1) end)", "t:1: bad argument #2 to 'f' (number expected, got no value)"),
        ("return pcall(function() rep(nil, 1) end)", "t:1: bad argument #1 to 'rep' (string expected, got nil)"),
        (
            "return pcall(function() rep('x', 1.5) end)",
            "t:1: bad argument #2 to 'rep' (number has no integer representation)",
        ),
        ("return pcall(function() rep('x', 'y') end)", "t:1: bad argument #2 to 'rep' (number expected, got string)"),
        ("return pcall(function() rep({}, 1) end)", "t:1: bad argument #1 to 'rep' (string expected, got table)"),
        (
            "return pcall(function() rep(setmetatable({}, {__name = 'MyType'}), 1) end)",
            "t:1: bad argument #1 to 'rep' (string expected, got MyType)",
        ),
        ("return pcall(function() obj:m(2) end)", "t:1: calling 'm' on bad self (string expected, got table)"),
        ("return pcall(function() obj.m(obj, 2) end)", "t:1: bad argument #1 to 'm' (string expected, got table)"),
        (
            "return pcall(function() local f = rep; f() end)",
            "t:1: bad argument #1 to 'f' (string expected, got no value)",
        ),
    ];
    for (code, expected) in cases {
        assert_eq!(pcall_message(&lua, code), expected, "{code}");
    }
}

#[test]
fn the_issue_example_message() {
    let lua = Lua::new();
    let f = lua.create_function(|_, (_a, _b): (i64, String)| Ok(())).unwrap();
    lua.globals().set("f", f).unwrap();
    let err = lua.load("f(1, nil)").set_name("=input").exec().unwrap_err();
    assert_eq!(err.to_string(), "input:1: bad argument #2 to 'f' (string expected, got nil)");
    assert!(matches!(err, Error::RuntimeError { .. }));
}

#[test]
fn variadic_arguments_are_numbered_after_the_fixed_ones() {
    let lua = Lua::new();
    let f = lua.create_function(|_, (sep, parts): (String, Variadic<i64>)| {
        Ok(parts.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(&sep))
    });
    lua.globals().set("join", f.unwrap()).unwrap();
    assert_eq!(lua.load("return join('-', 1, 2, 3)").eval::<String>().unwrap(), "1-2-3");
    assert_eq!(
        pcall_message(&lua, "return pcall(join, ',', 1, 2, {})"),
        "bad argument #4 to 'join' (number expected, got table)"
    );
}

#[test]
fn multiple_results_and_options() {
    let lua = Lua::new();
    let f = lua.create_function(|_, x: Option<i64>| Ok((x.is_some(), x.unwrap_or(-1), Variadic::from(vec![7, 8]))));
    lua.globals().set("f", f.unwrap()).unwrap();
    let all: (bool, i64, i64, i64) = lua.load("return f()").eval().unwrap();
    assert_eq!(all, (false, -1, 7, 8));
    let n: i64 = lua.load("return select('#', f(3))").eval().unwrap();
    assert_eq!(n, 4);
}

#[test]
fn callbacks_reenter_lua_and_lua_reenters_callbacks() {
    let lua = Lua::new();
    // fact(n) in Rust calls the Lua global `fact` for n - 1.
    let fact = lua
        .create_function(|lua, n: i64| -> Result<i64> {
            if n <= 1 {
                return Ok(1);
            }
            let next: Function = lua.globals().get("fact")?;
            Ok(n * next.call::<i64>(n - 1)?)
        })
        .unwrap();
    lua.globals().set("fact", fact).unwrap();
    assert_eq!(lua.load("return fact(20)").eval::<i64>().unwrap(), 2432902008176640000);
}

#[test]
fn unbounded_recursion_through_rust_ends_in_a_lua_error() {
    let lua = Lua::new();
    let f = lua
        .create_function(|lua, ()| -> Result<()> {
            let me: Function = lua.globals().get("f")?;
            me.call::<()>(())
        })
        .unwrap();
    lua.globals().set("f", f).unwrap();
    let err = lua.load("f()").exec().unwrap_err();
    // The innermost error is "C stack overflow"; the message handler recording the
    // traceback then has no room left, as in the reference (LUA_ERRERR).
    assert_eq!(err.to_string(), "error in error handling");
    // The state is still usable.
    assert_eq!(lua.load("return 1 + 1").eval::<i64>().unwrap(), 2);
}

#[test]
fn mutable_callbacks_keep_state_and_refuse_recursion() {
    let lua = Lua::new();
    let mut total = 0;
    let add = lua
        .create_function_mut(move |_, n: i64| {
            total += n;
            Ok(total)
        })
        .unwrap();
    lua.globals().set("add", add).unwrap();
    assert_eq!(lua.load("add(1); add(2); return add(3)").eval::<i64>().unwrap(), 6);

    let again = lua
        .create_function_mut(|lua, ()| -> Result<()> {
            let me: Function = lua.globals().get("again")?;
            me.call::<()>(())
        })
        .unwrap();
    lua.globals().set("again", again.clone()).unwrap();
    let err = again.call::<()>(()).unwrap_err();
    match err {
        // The inner failure is the cause: callback errors passing through several
        // callbacks are not nested.
        Error::CallbackError { cause, .. } => assert!(matches!(*cause, Error::RecursiveMutCallback)),
        other => panic!("unexpected {other:?}"),
    }
    let msg: String = lua.load("local ok, e = pcall(again); return tostring(e)").eval().unwrap();
    assert_eq!(msg, "mutable callback called recursively");
}

#[test]
fn callbacks_reach_app_data() {
    let lua = Lua::new();
    lua.set_app_data(Vec::<String>::new());
    let log = lua
        .create_function(|lua, line: String| {
            if let Some(mut lines) = lua.app_data_mut::<Vec<String>>() {
                lines.push(line);
            }
            Ok(())
        })
        .unwrap();
    lua.globals().set("log", log).unwrap();
    lua.load("log('a'); log('b')").exec().unwrap();
    assert_eq!(*lua.app_data_ref::<Vec<String>>().unwrap(), ["a", "b"]);
}

#[test]
fn callbacks_run_inside_coroutines() {
    let lua = Lua::new();
    let double = lua.create_function(|_, n: i64| Ok(n * 2)).unwrap();
    lua.globals().set("double", double).unwrap();
    let co: selenite::Thread = lua
        .load("return coroutine.create(function(n) while true do n = coroutine.yield(double(n)) end end)")
        .eval()
        .unwrap();
    assert_eq!(co.resume::<i64>(1).unwrap(), 2);
    assert_eq!(co.resume::<i64>(21).unwrap(), 42);
    // A Rust function cannot yield on its own, but Lua code around it can.
    let wrapped: i64 = lua.load("return coroutine.wrap(function() coroutine.yield(double(4)) end)()").eval().unwrap();
    assert_eq!(wrapped, 8);
}
