//! States and chunks: library selection, chunk names, environments, `eval`, calling
//! chunks with arguments, and precompiled chunks allowed only by the options.

use selenite::{Bytes, ChunkMode, Error, Lua, LuaOptions, StdLib, Table};

#[test]
fn new_opens_every_library() {
    let lua = Lua::new();
    let names: String = lua
        .load(
            "local out = {}
             for _, n in ipairs { 'coroutine', 'table', 'io', 'os', 'string', 'utf8', 'math', 'package', 'debug' } do
                 out[#out + 1] = type(_G[n]) .. ':' .. type(package.loaded[n])
             end
             return table.concat(out, ' ')",
        )
        .eval()
        .unwrap();
    assert_eq!(names, ["table:table"; 9].join(" "));
}

#[test]
fn new_with_opens_only_the_chosen_libraries() {
    let lua = Lua::new_with(StdLib::STRING | StdLib::TABLE, LuaOptions::default()).unwrap();
    let present: String = lua
        .load("return table.concat({ type(string), type(table), type(io), type(os), type(print) }, ' ')")
        .eval()
        .unwrap();
    assert_eq!(present, "table table nil nil function");
    // The string metatable comes with the string library.
    assert_eq!(lua.load("return ('x'):rep(3)").eval::<String>().unwrap(), "xxx");
    let bare = Lua::new_with(StdLib::NONE, LuaOptions::default()).unwrap();
    let err = bare.load("return ('x'):rep(3)").set_name("=b").exec().unwrap_err();
    // Expected text: /work/bin/lua5.4.9 with string's metatable removed.
    assert_eq!(err.to_string(), "b:1: attempt to index a string value (constant 'x')");
}

#[test]
fn chunk_names_appear_in_messages_as_in_the_reference() {
    let lua = Lua::new();
    let message = |name: Option<&str>| {
        let chunk = lua.load("error('e')");
        let chunk = match name {
            Some(n) => chunk.set_name(n),
            None => chunk,
        };
        chunk.exec().unwrap_err().to_string()
    };
    // Expected texts: load("error('e')", name) in /work/bin/lua5.4.9.
    assert_eq!(message(None), r#"[string "error('e')"]:1: e"#);
    assert_eq!(message(Some("=stdin")), "stdin:1: e");
    assert_eq!(message(Some("@lib/x.lua")), "lib/x.lua:1: e");
    assert_eq!(message(Some("plain")), r#"[string "plain"]:1: e"#);
}

#[test]
fn environments_isolate_globals() {
    let lua = Lua::new();
    let env = lua.create_table().unwrap();
    env.set("print_count", 0).unwrap();
    lua.load("x = 1; print_count = print_count + 1").set_environment(env.clone()).exec().unwrap();
    assert_eq!(env.get::<i64>("x").unwrap(), 1);
    assert_eq!(env.get::<i64>("print_count").unwrap(), 1);
    assert!(lua.globals().get::<Option<i64>>("x").unwrap().is_none());
    // Without the standard library in the environment, its functions are absent.
    let err = lua.load("print('hi')").set_name("=sandboxed").set_environment(env).exec().unwrap_err();
    assert_eq!(err.to_string(), "sandboxed:1: attempt to call a nil value (global 'print')");
}

#[test]
fn eval_takes_expressions_and_statements() {
    let lua = Lua::new();
    assert_eq!(lua.load("1 + 2, 'x'").eval::<(i64, String)>().unwrap(), (3, "x".to_string()));
    assert_eq!(lua.load("local a = 5; return a * a").eval::<i64>().unwrap(), 25);
    assert_eq!(lua.load("3 // 2, 3 / 2").eval::<(selenite::Value, f64)>().unwrap().1, 1.5);
    // An expression's runtime error keeps its reference text and position.
    let err = lua.load("nil + 1").eval::<i64>().unwrap_err();
    assert_eq!(err.to_string(), r#"[string "nil + 1"]:1: attempt to perform arithmetic on a nil value"#);
}

#[test]
fn chunks_take_arguments_and_become_functions() {
    let lua = Lua::new();
    let sum: i64 = lua.load("local s = 0 for _, v in ipairs({...}) do s = s + v end return s").call((1, 2, 3)).unwrap();
    assert_eq!(sum, 6);
    let f = lua.load("return (...) * 2").into_function().unwrap();
    assert_eq!(f.call::<i64>(21).unwrap(), 42);
    assert_eq!(f.call::<i64>(5).unwrap(), 10);
}

fn dumped_chunk(lua: &Lua) -> Vec<u8> {
    lua.load("return string.dump(function(a) return (a or 0) + 42 end)").eval::<Bytes>().unwrap().0
}

#[test]
fn binary_chunks_are_refused_by_default() {
    let lua = Lua::new();
    let bytes = dumped_chunk(&lua);
    let err = lua.load(bytes).exec().unwrap_err();
    // Expected text: load(string.dump(f), nil, 't') in /work/bin/lua5.4.9.
    assert_eq!(err.to_string(), "attempt to load a binary chunk (mode is 't')");
    assert!(matches!(err, Error::SyntaxError { .. }));
    let err = lua.load(dumped_chunk(&lua)).set_mode(ChunkMode::Binary).exec().unwrap_err();
    assert_eq!(err.to_string(), "binary chunks are not allowed (see LuaOptions::allow_binary_chunks)");
}

#[test]
fn binary_chunks_load_when_allowed() {
    let lua = Lua::new_with(StdLib::ALL, LuaOptions::new().allow_binary_chunks(true)).unwrap();
    let bytes = dumped_chunk(&lua);
    assert_eq!(lua.load(bytes.clone()).call::<i64>(1).unwrap(), 43);
    assert_eq!(lua.load(bytes.clone()).eval::<i64>().unwrap(), 42);
    let err = lua.load(bytes).set_mode(ChunkMode::Text).exec().unwrap_err();
    assert_eq!(err.to_string(), "attempt to load a binary chunk (mode is 't')");
    let err = lua.load("return 1").set_mode(ChunkMode::Binary).exec().unwrap_err();
    assert_eq!(err.to_string(), "attempt to load a text chunk (mode is 'b')");
    // A corrupted chunk is rejected by the verifier, never run.
    let mut broken = dumped_chunk(&lua);
    let cut = broken.len() / 2;
    broken.truncate(cut);
    assert!(matches!(lua.load(broken).exec(), Err(Error::SyntaxError { .. })));
}

#[test]
fn named_registry_values_and_globals() {
    let lua = Lua::new();
    lua.set_named_registry_value("host.config", lua.create_table_from([("level", 3)]).unwrap()).unwrap();
    let config: Table = lua.named_registry_value("host.config").unwrap();
    assert_eq!(config.get::<i64>("level").unwrap(), 3);
    let g = lua.globals();
    g.set("answer", 42).unwrap();
    assert_eq!(lua.load("return answer").eval::<i64>().unwrap(), 42);
    assert_eq!(g, lua.load("return _G").eval::<Table>().unwrap());
}

#[test]
fn warn_is_off_until_turned_on() {
    // As in the reference interpreter; this only checks that `warn` runs.
    let lua = Lua::new();
    lua.load("warn('silent')").exec().unwrap();
}
