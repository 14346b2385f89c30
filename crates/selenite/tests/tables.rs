//! `Table::get` and `Table::set`: a table without a metatable is read and written
//! directly, one with a metatable through its metamethods; both ways must give
//! what Lua code would get, errors included.

use selenite::{Error, Lua, Table};

#[test]
fn plain_tables_read_and_write_as_lua_does() {
    let lua = Lua::new();
    let t = lua.create_table().unwrap();
    t.set("a", 1).unwrap();
    t.set(2, "two").unwrap();
    t.set(2.0, "two again").unwrap();
    t.set(1.5, true).unwrap();
    assert_eq!(t.get::<i64>("a").unwrap(), 1);
    assert_eq!(t.get::<String>(2).unwrap(), "two again");
    assert!(t.get::<bool>(1.5).unwrap());
    assert_eq!(t.get::<Option<i64>>("missing").unwrap(), None);
    assert_eq!(t.get::<Option<i64>>(selenite::Value::Nil).unwrap(), None);
    assert_eq!(t.get::<Option<i64>>(f64::NAN).unwrap(), None);
    t.set("a", selenite::Value::Nil).unwrap();
    assert_eq!(t.get::<Option<i64>>("a").unwrap(), None);
    lua.globals().set("t", t).unwrap();
    let seen: String =
        lua.load("return tostring(t[2]) .. ' ' .. tostring(t[1.5]) .. ' ' .. tostring(t.a)").eval().unwrap();
    assert_eq!(seen, "two again true nil");
}

#[test]
fn bad_keys_raise_the_errors_lua_raises() {
    let lua = Lua::new();
    let t = lua.create_table().unwrap();
    let err = t.set(selenite::Value::Nil, 1).unwrap_err();
    assert_eq!(err.to_string(), "table index is nil");
    let err = t.set(f64::NAN, 1).unwrap_err();
    assert_eq!(err.to_string(), "table index is NaN");
    // Removing an absent key with a bad key is still an error in Lua.
    assert!(t.set(selenite::Value::Nil, selenite::Value::Nil).is_err());
}

#[test]
fn metamethods_still_run() {
    let lua = Lua::new();
    let t: Table = lua
        .load(
            "log = {}
             return setmetatable({}, {
               __index = function(_, k) return 'default ' .. k end,
               __newindex = function(t, k, v) log[#log + 1] = k; rawset(t, k, v) end,
             })",
        )
        .eval()
        .unwrap();
    assert_eq!(t.get::<String>("x").unwrap(), "default x");
    t.set("x", 5).unwrap();
    assert_eq!(t.get::<i64>("x").unwrap(), 5);
    t.set("x", 6).unwrap();
    let log: String = lua.load("return table.concat(log, ',')").eval().unwrap();
    assert_eq!(log, "x");
    // Taking the metatable away makes the same handle plain again.
    lua.globals().set("t", t.clone()).unwrap();
    lua.load("setmetatable(t, nil)").exec().unwrap();
    assert_eq!(t.get::<Option<String>>("y").unwrap(), None);
}

#[test]
fn a_refused_growth_is_a_memory_error_and_the_state_goes_on() {
    let lua = Lua::new();
    let t = lua.create_table().unwrap();
    lua.set_memory_limit(Some(lua.used_memory() + 200_000)).unwrap();
    let mut failed = None;
    for i in 0..1_000_000i64 {
        if let Err(e) = t.set(i, i) {
            failed = Some(e);
            break;
        }
    }
    assert!(matches!(failed, Some(Error::MemoryError(_))), "{failed:?}");
    lua.set_memory_limit(None).unwrap();
    t.set("after", 1).unwrap();
    assert_eq!(t.get::<i64>("after").unwrap(), 1);
}
