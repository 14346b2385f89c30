//! Errors crossing the boundary: Lua errors reaching Rust (message, traceback, kind),
//! Rust errors raised in Lua (catchable with `pcall`, `tostring`-able), the original
//! Rust error recovered through `source()`, and panics carried back to the host.

use selenite::{Error, Lua, Result};
use std::error::Error as _;
use std::fmt;

#[derive(Debug)]
struct Overheated(u32);

impl fmt::Display for Overheated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "overheated at {} degrees", self.0)
    }
}

impl std::error::Error for Overheated {}

fn with_failing_functions() -> Lua {
    let lua = Lua::new();
    let g = lua.globals();
    g.set("fail_runtime", lua.create_function(|_, ()| -> Result<()> { Err(Error::runtime("plain failure")) }).unwrap())
        .unwrap();
    g.set(
        "fail_external",
        lua.create_function(|_, t: u32| -> Result<()> { Err(Error::external(Overheated(t))) }).unwrap(),
    )
    .unwrap();
    lua
}

#[test]
fn lua_errors_reach_rust_with_message_and_traceback() {
    let lua = Lua::new();
    let err =
        lua.load("local x = nil\nlocal function f() return x.y end\nf()").set_name("@demo.lua").exec().unwrap_err();
    // Expected texts: /work/bin/lua5.4.9 demo.lua (message and traceback).
    assert_eq!(err.to_string(), "demo.lua:2: attempt to index a nil value (upvalue 'x')");
    let traceback = err.traceback().unwrap();
    assert_eq!(traceback, "stack traceback:\n\tdemo.lua:2: in local 'f'\n\tdemo.lua:3: in main chunk\n\t[C]: in ?");
}

#[test]
fn non_string_error_values_are_described() {
    let lua = Lua::new();
    assert_eq!(lua.load("error({})").exec().unwrap_err().to_string(), "(error object is a table value)");
    assert_eq!(lua.load("error(42)").exec().unwrap_err().to_string(), "42");
    let custom = "error(setmetatable({}, { __tostring = function() return 'custom' end }))";
    assert_eq!(lua.load(custom).exec().unwrap_err().to_string(), "custom");
    assert_eq!(lua.load("error('no position', 0)").exec().unwrap_err().to_string(), "no position");
}

#[test]
fn runtime_errors_from_rust_are_lua_strings() {
    let lua = with_failing_functions();
    let (ok, msg, kind): (bool, String, String) =
        lua.load("local ok, e = pcall(fail_runtime); return ok, e, type(e)").eval().unwrap();
    assert_eq!((ok, msg.as_str(), kind.as_str()), (false, "plain failure", "string"));
    // Uncaught, it reaches Rust as a runtime error with a traceback.
    let err = lua.load("fail_runtime()").set_name("=main").exec().unwrap_err();
    assert_eq!(err.to_string(), "plain failure");
    assert!(err.traceback().unwrap().contains("[C]: in function 'fail_runtime'"), "{:?}", err.traceback());
}

#[test]
fn rust_errors_are_catchable_in_lua_and_keep_their_source() {
    let lua = with_failing_functions();
    let (ok, msg, kind): (bool, String, String) =
        lua.load("local ok, e = pcall(fail_external, 90); return ok, tostring(e), type(e)").eval().unwrap();
    assert_eq!((ok, msg.as_str(), kind.as_str()), (false, "overheated at 90 degrees", "userdata"));

    let err = lua.load("fail_external(120)").exec().unwrap_err();
    assert_eq!(err.to_string(), "overheated at 120 degrees");
    assert_eq!(err.downcast_ref::<Overheated>().map(|o| o.0), Some(120));
    match &err {
        Error::CallbackError { traceback, cause } => {
            assert!(traceback.contains("in function 'fail_external'"), "{traceback}");
            assert!(matches!(**cause, Error::ExternalError(_)));
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(err.source().unwrap().to_string(), "overheated at 120 degrees");
}

#[test]
fn an_error_rethrown_by_lua_keeps_its_rust_cause() {
    let lua = with_failing_functions();
    let err = lua.load("local ok, e = pcall(fail_external, 1); error(e)").exec().unwrap_err();
    assert_eq!(err.downcast_ref::<Overheated>().map(|o| o.0), Some(1));
}

#[test]
fn lua_errors_pass_through_rust_callbacks_unchanged() {
    let lua = Lua::new();
    let call_it = lua.create_function(|_, f: selenite::Function| f.call::<()>(())).unwrap();
    lua.globals().set("call_it", call_it).unwrap();
    let msg: String =
        lua.load("local ok, e = pcall(call_it, function() error('deep') end); return e").set_name("=c").eval().unwrap();
    assert_eq!(msg, "c:1: deep");
    let value_kept: bool =
        lua.load("local t = {} local ok, e = pcall(call_it, function() error(t) end) return e == t").eval().unwrap();
    // A non-string error value crossing Rust becomes its description (a string).
    assert!(!value_kept);
}

#[test]
fn syntax_errors_are_reported_as_load_reports_them() {
    let lua = Lua::new();
    let err = lua.load("x = = 1").exec().unwrap_err();
    // Expected text: /work/bin/lua5.4.9 -e 'print(load("x = = 1"))'.
    assert_eq!(err.to_string(), r#"[string "x = = 1"]:1: unexpected symbol near '='"#);
    assert!(matches!(err, Error::SyntaxError { incomplete_input: false, .. }));
    let err = lua.load("for i = 1, 2 do").exec().unwrap_err();
    assert!(matches!(err, Error::SyntaxError { incomplete_input: true, .. }), "{err:?}");
}

#[test]
fn errors_of_table_operations_are_lua_errors() {
    let lua = Lua::new();
    let t: selenite::Table = lua
        .load("return setmetatable({}, { __index = function(t, k) error('no field ' .. k) end })")
        .set_name("=m")
        .eval()
        .unwrap();
    let err = t.get::<i64>("size").unwrap_err();
    assert_eq!(err.to_string(), "m:1: no field size");
    assert_eq!(t.set(f64::NAN, 1).unwrap_err().to_string(), "table index is NaN");
    assert_eq!(t.raw_set(selenite::Value::Nil, 1).unwrap_err().to_string(), "table index is nil");
}

#[test]
fn conversion_errors_of_results_name_both_types() {
    let lua = Lua::new();
    let err = lua.load("return 'x'").eval::<i64>().unwrap_err();
    assert_eq!(err.to_string(), "error converting Lua string to i64 (number expected)");
    let err = lua.load("return 300").eval::<u8>().unwrap_err();
    assert_eq!(err.to_string(), "error converting Lua number to u8 (number out of range for u8)");
}

#[test]
fn a_panic_in_a_callback_reaches_the_host_and_the_state_survives() {
    let lua = Lua::new();
    let boom = lua.create_function(|_, ()| -> Result<()> { panic!("kaboom") }).unwrap();
    lua.globals().set("boom", boom).unwrap();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| lua.load("pcall(boom)").exec()));
    let payload = outcome.unwrap_err();
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"kaboom"));
    assert_eq!(lua.load("return 2 * 21").eval::<i64>().unwrap(), 42);
}
