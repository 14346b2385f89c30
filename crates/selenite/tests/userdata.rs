//! Userdata from Rust types: fields, methods, metamethods, the derive macro, borrow
//! rules (errors, never panics) and userdata as Rust function arguments.

use selenite::{
    AnyUserData, Error, Lua, MetaMethod, UserData, UserDataFields, UserDataMethods, UserDataRef, UserDataRefMut, Value,
};

#[derive(Clone, Copy, Debug, PartialEq)]
struct Vec2 {
    x: f64,
    y: f64,
}

impl UserData for Vec2 {
    fn add_fields<F: UserDataFields<Self>>(fields: &mut F) {
        fields.add_field_method_get("x", |_, v| Ok(v.x));
        fields.add_field_method_get("y", |_, v| Ok(v.y));
        fields.add_field_method_set("x", |_, v, x: f64| {
            v.x = x;
            Ok(())
        });
    }

    fn add_methods<M: UserDataMethods<Self>>(methods: &mut M) {
        methods.add_method("dot", |_, a, b: Vec2| Ok(a.x * b.x + a.y * b.y));
        methods.add_method_mut("scale", |_, v, k: f64| {
            v.x *= k;
            v.y *= k;
            Ok(())
        });
        methods.add_function("new", |_, (x, y): (f64, f64)| Ok(Vec2 { x, y }));
        methods.add_meta_method(MetaMethod::Add, |_, a, b: Vec2| Ok(Vec2 { x: a.x + b.x, y: a.y + b.y }));
        methods.add_meta_method(MetaMethod::Eq, |_, a, b: Vec2| Ok(a == &b));
        methods.add_meta_method(MetaMethod::Len, |_, v, ()| Ok(v.x.hypot(v.y)));
        methods.add_meta_method(MetaMethod::ToString, |_, v, ()| Ok(format!("Vec2({}, {})", v.x, v.y)));
        methods.add_meta_method(MetaMethod::Call, |_, v, i: i64| Ok(if i == 1 { v.x } else { v.y }));
        methods.add_meta_function(MetaMethod::Unm, |_, v: Vec2| Ok(Vec2 { x: -v.x, y: -v.y }));
    }
}

fn state_with_vec() -> Lua {
    let lua = Lua::new();
    lua.globals().set("v", Vec2 { x: 3.0, y: 4.0 }).unwrap();
    lua
}

#[test]
fn fields_methods_and_metamethods_work_from_lua() {
    let lua = state_with_vec();
    let check = |code: &str| lua.load(code).set_name("=t").eval::<Value>().unwrap();
    assert!(matches!(check("return v.x + v.y"), Value::Number(n) if n == 7.0));
    assert!(matches!(check("return v:dot(v)"), Value::Number(n) if n == 25.0));
    assert!(matches!(check("return #v"), Value::Number(n) if n == 5.0));
    assert!(matches!(check("return v(1) + v(2)"), Value::Number(n) if n == 7.0));
    assert_eq!(lua.load("return tostring(v + v.new(1, 1))").eval::<String>().unwrap(), "Vec2(4, 5)");
    assert!(lua.load("return v == v.new(3, 4)").eval::<bool>().unwrap());
    assert_eq!(lua.load("return tostring(-v)").eval::<String>().unwrap(), "Vec2(-3, -4)");
    assert_eq!(lua.load("return v.nothing").eval::<Option<i64>>().unwrap(), None);
    lua.load("v:scale(2); v.x = 1").exec().unwrap();
    assert_eq!(lua.globals().get::<Vec2>("v").unwrap(), Vec2 { x: 1.0, y: 8.0 });
}

#[test]
fn the_type_name_appears_in_messages_and_the_metatable_is_protected() {
    let lua = state_with_vec();
    let err = |code: &str| lua.load(code).set_name("=t").exec().unwrap_err().to_string();
    assert!(lua.load("return tostring(getmetatable(v))").eval::<String>().unwrap() == "false");
    assert_eq!(err("setmetatable(v, {})"), "t:1: bad argument #1 to 'setmetatable' (table expected, got Vec2)");
    assert_eq!(err("v.dot(1, v)"), "t:1: bad argument #1 to 'dot' (Vec2 expected, got number)");
    assert_eq!(err("v:dot(1)"), "t:1: bad argument #1 to 'dot' (Vec2 expected, got number)");
    assert_eq!(err("v:dot()"), "t:1: bad argument #1 to 'dot' (Vec2 expected, got no value)");
    assert_eq!(err("v.x = 'a'"), "t:1: bad argument #3 to 'newindex' (number expected, got string)");
    assert_eq!(err("v.y = 1"), "field 'y' of Vec2 is read-only");
    assert_eq!(err("v.z = 1"), "Vec2 has no field 'z'");
    assert_eq!(err("v[1] = 1"), "Vec2 has no field of type number");
    assert_eq!(err("local w = v.new('a', 1)"), "t:1: bad argument #1 to 'new' (number expected, got string)");
}

struct Counter {
    count: i64,
}

impl UserData for Counter {
    fn add_methods<M: UserDataMethods<Self>>(methods: &mut M) {
        methods.add_method("get", |_, c, ()| Ok(c.count));
        methods.add_method_mut("bump", |_, c, ()| {
            c.count += 1;
            Ok(c.count)
        });
        // Calls back into Lua with the value borrowed.
        methods.add_method("with", |_, c, f: selenite::Function| f.call::<i64>(c.count));
        methods.add_method_mut("with_mut", |_, c, f: selenite::Function| f.call::<i64>(c.count));
    }
}

#[test]
fn borrow_conflicts_are_lua_errors() {
    let lua = Lua::new();
    lua.globals().set("c", Counter { count: 1 }).unwrap();
    // Shared borrows nest.
    assert_eq!(lua.load("return c:with(function(n) return n + c:get() end)").eval::<i64>().unwrap(), 2);
    // An exclusive borrow excludes every other use, and the error is catchable.
    let message: String = lua
        .load("local ok, e = pcall(c.with_mut, c, function() return c:get() end) return tostring(e)")
        .eval()
        .unwrap();
    assert!(message.ends_with(":1: calling 'get' on bad self (userdata is already borrowed)"), "{message}");
    let err = lua.load("c:with(function() c:bump() end)").set_name("=t").exec().unwrap_err();
    assert_eq!(err.to_string(), "t:1: calling 'bump' on bad self (userdata is already borrowed)");
    // After the errors the value is intact and usable.
    assert_eq!(lua.load("return c:bump()").eval::<i64>().unwrap(), 2);
}

#[test]
fn rust_guards_exclude_lua_access_until_dropped() {
    let lua = Lua::new();
    let ud = lua.create_userdata(Counter { count: 5 }).unwrap();
    lua.globals().set("c", &ud).unwrap();
    let mut guard = ud.borrow_mut::<Counter>().unwrap();
    guard.count = 10;
    let err = lua.load("return c:get()").set_name("=t").eval::<i64>().unwrap_err();
    assert_eq!(err.to_string(), "t:1: calling 'get' on bad self (userdata is already borrowed)");
    assert!(matches!(ud.borrow::<Counter>(), Err(Error::UserDataBorrowError)));
    drop(guard);
    assert_eq!(lua.load("return c:get()").eval::<i64>().unwrap(), 10);
    assert!(matches!(ud.borrow::<Vec2>(), Err(Error::UserDataTypeMismatch)));
    assert!(ud.is::<Counter>());
}

#[test]
fn userdata_are_taken_by_value_and_by_reference_in_rust_functions() {
    let lua = state_with_vec();
    let by_value = lua.create_function(|_, v: Vec2| Ok(v.x)).unwrap();
    let by_ref = lua.create_function(|_, v: UserDataRef<Vec2>| Ok(v.y)).unwrap();
    let by_mut = lua
        .create_function(|_, (mut v, k): (UserDataRefMut<Vec2>, f64)| {
            v.x += k;
            Ok(())
        })
        .unwrap();
    let any = lua.create_function(|_, v: AnyUserData| Ok(v.is::<Vec2>())).unwrap();
    let g = lua.globals();
    g.set("by_value", by_value).unwrap();
    g.set("by_ref", by_ref).unwrap();
    g.set("by_mut", by_mut).unwrap();
    g.set("any", any).unwrap();
    lua.load("by_mut(v, 10)").exec().unwrap();
    assert_eq!(
        lua.load("return by_value(v), by_ref(v), any(v)").eval::<(f64, f64, bool)>().unwrap(),
        (13.0, 4.0, true)
    );
    let err = |code: &str| lua.load(code).set_name("=t").exec().unwrap_err().to_string();
    assert_eq!(err("by_ref({})"), "t:1: bad argument #1 to 'by_ref' (Vec2 expected, got table)");
    assert_eq!(err("by_value(io.stdout)"), "t:1: bad argument #1 to 'by_value' (Vec2 expected, got FILE*)");
    assert_eq!(err("by_mut(v, 'x')"), "t:1: bad argument #2 to 'by_mut' (number expected, got string)");
}

#[test]
fn values_are_dropped_when_collected_or_when_the_state_goes() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    struct Tracked(Arc<AtomicUsize>);
    impl UserData for Tracked {}
    impl Drop for Tracked {
        fn drop(&mut self) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
    let drops = Arc::new(AtomicUsize::new(0));
    let lua = Lua::new();
    lua.globals().set("a", Tracked(drops.clone())).unwrap();
    lua.globals().set("b", Tracked(drops.clone())).unwrap();
    lua.load("a = nil").exec().unwrap();
    lua.gc_collect().unwrap();
    assert_eq!(drops.load(Ordering::SeqCst), 1);
    drop(lua);
    assert_eq!(drops.load(Ordering::SeqCst), 2);
}

/// A record with one fixed field and any number of extra ones kept in a map.
struct Record {
    id: i64,
    extra: std::collections::BTreeMap<String, i64>,
}

impl UserData for Record {
    fn add_fields<F: UserDataFields<Self>>(fields: &mut F) {
        fields.add_field_method_get("id", |_, r| Ok(r.id));
    }

    fn add_methods<M: UserDataMethods<Self>>(methods: &mut M) {
        methods.add_method("count", |_, r, ()| Ok(r.extra.len()));
        methods.add_meta_method(MetaMethod::Index, |_, r, key: String| Ok(r.extra.get(&key).copied()));
        methods.add_meta_method_mut(MetaMethod::NewIndex, |_, r, (key, value): (String, i64)| {
            r.extra.insert(key, value);
            Ok(())
        });
    }
}

#[test]
fn a_types_own_index_and_newindex_come_after_fields_and_methods() {
    let lua = Lua::new();
    lua.globals().set("r", Record { id: 1, extra: Default::default() }).unwrap();
    lua.load("r.a = 10; r.b = 20; r.count = 5").exec().unwrap();
    let (id, a, missing, count): (i64, i64, Option<i64>, i64) =
        lua.load("return r.id, r.a, r.zzz, r:count()").eval().unwrap();
    assert_eq!((id, a, missing, count), (1, 10, None, 3));
    // The read-only field goes to the type's __newindex, which wants an integer.
    let err = lua.load("r.id = 'x'").set_name("=t").exec().unwrap_err();
    assert_eq!(err.to_string(), "t:1: bad argument #3 to 'newindex' (number expected, got string)");
}

#[cfg(feature = "derive")]
mod derived {
    use super::*;

    #[derive(Clone, Debug, PartialEq, selenite::UserData)]
    #[lua(methods = Item::lua_methods)]
    pub struct Item {
        pub name: String,
        #[lua(readonly)]
        pub id: u32,
        #[lua(name = "qty")]
        pub quantity: i64,
        #[lua(skip)]
        pub note: String,
        hidden: bool,
    }

    impl Item {
        fn lua_methods<M: UserDataMethods<Self>>(methods: &mut M) {
            methods.add_method("describe", |_, item, ()| Ok(format!("{} x{}", item.name, item.quantity)));
        }
    }

    #[derive(selenite::UserData)]
    pub struct Plain {
        pub n: u8,
    }

    #[test]
    fn derived_fields_follow_their_attributes() {
        let lua = Lua::new();
        let item = Item { name: "bolt".into(), id: 9, quantity: 3, note: "n".into(), hidden: true };
        lua.globals().set("item", item).unwrap();
        lua.globals().set("plain", Plain { n: 1 }).unwrap();
        lua.load("item.qty = item.qty * 2; item.name = 'nut'; plain.n = plain.n + 1").exec().unwrap();
        let (desc, id, note, hidden, quantity): (String, u32, Option<String>, Option<bool>, Option<i64>) =
            lua.load("return item:describe(), item.id, item.note, item.hidden, item.quantity").eval().unwrap();
        assert_eq!((desc.as_str(), id, note, hidden, quantity), ("nut x6", 9, None, None, None));
        let back: Item = lua.globals().get("item").unwrap();
        assert_eq!((back.quantity, back.note.as_str(), back.hidden), (6, "n", true));
        let err = |code: &str| lua.load(code).set_name("=t").exec().unwrap_err().to_string();
        assert_eq!(err("item.id = 1"), "field 'id' of Item is read-only");
        assert_eq!(err("item.note = 'x'"), "Item has no field 'note'");
        assert_eq!(err("plain.n = 300"), "t:1: bad argument #3 to 'newindex' (number out of range for u8)");
        assert_eq!(lua.load("return plain.n").eval::<u8>().unwrap(), 2);
    }
}
