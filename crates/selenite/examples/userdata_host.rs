//! A host exposing Rust structs to Lua: a derived `Inventory` item whose public fields
//! scripts read and write, and a hand-written `Vec2` with methods and operators.
//!
//! Run with `cargo run -p selenite --example userdata_host`.

use selenite::{Lua, MetaMethod, Result, UserData, UserDataFields, UserDataMethods};

/// Exposed with the derive macro: `name` and `count` are read-write, `sku` read-only.
#[derive(Clone, Debug, UserData)]
#[lua(methods = Item::lua_methods)]
struct Item {
    pub name: String,
    pub count: u32,
    #[lua(readonly)]
    pub sku: String,
}

impl Item {
    fn lua_methods<M: UserDataMethods<Self>>(methods: &mut M) {
        methods.add_method("label", |_, item, ()| Ok(format!("{} x{} [{}]", item.name, item.count, item.sku)));
    }
}

/// Exposed by hand: fields, methods, a constructor and metamethods.
#[derive(Clone, Copy, Debug)]
struct Vec2 {
    x: f64,
    y: f64,
}

impl UserData for Vec2 {
    fn add_fields<F: UserDataFields<Self>>(fields: &mut F) {
        fields.add_field_method_get("x", |_, v| Ok(v.x));
        fields.add_field_method_get("y", |_, v| Ok(v.y));
    }

    fn add_methods<M: UserDataMethods<Self>>(methods: &mut M) {
        methods.add_method("length", |_, v, ()| Ok(v.x.hypot(v.y)));
        methods.add_method_mut("normalize", |_, v, ()| {
            let len = v.x.hypot(v.y);
            if len > 0.0 {
                v.x /= len;
                v.y /= len;
            }
            Ok(())
        });
        methods.add_meta_method(MetaMethod::Add, |_, a, b: Vec2| Ok(Vec2 { x: a.x + b.x, y: a.y + b.y }));
        methods.add_meta_method(MetaMethod::ToString, |_, v, ()| Ok(format!("({:.2}, {:.2})", v.x, v.y)));
    }
}

fn main() -> Result<()> {
    let lua = Lua::new();
    let vec2 = lua.create_function(|_, (x, y): (f64, f64)| Ok(Vec2 { x, y }))?;
    lua.globals().set("vec2", vec2)?;
    lua.globals().set("item", Item { name: "bolt".into(), count: 3, sku: "B-17".into() })?;

    lua.load(
        r#"
        item.count = item.count + 2
        print(item:label())
        local ok, err = pcall(function() item.sku = "X" end)
        print("changing the sku:", err)

        local v = vec2(3, 4) + vec2(0, 0)
        print("v =", v, "length", v:length())
        v:normalize()
        print("normalized:", v)
        "#,
    )
    .set_name("=host")
    .exec()?;

    let item: Item = lua.globals().get("item")?;
    // Dropping the state flushes what `print` buffered before Rust prints.
    drop(lua);
    println!("back in Rust: {item:?}");
    Ok(())
}
