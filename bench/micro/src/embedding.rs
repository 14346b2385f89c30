//! Small embedding API calls, each beside the same operation done on a bare
//! `selenite_vm::Vm`, so that the difference between the two is the cost of the
//! [`Lua`] wrapper: the owner lock, the VM cell's lock, the drain of released roots,
//! the handles (an `Arc` and a root slot each) and, for calls that may run Lua code,
//! the lease of the VM and the protected call. [`Wrapped`] goes through the API as an
//! embedder would; [`Bare`] calls the `Vm` methods the API's closures call. The
//! benchmarks (`benches/hot_paths.rs`, module `embedding`) and the instruction-count
//! driver (`examples/api_calls.rs`) share these, so both measure the same code.

use selenite::{Function, Lua, Table};
use selenite_vm::{NativeResult, RootId, Value as RawValue, Vm};

/// A tiny Lua function, called from Rust.
const CALLEE: &str = "return function(x) return x + 1 end";

/// A Lua loop calling the function it is given `n` times, for the Lua-to-Rust
/// direction: returns the sum of the results.
const CALL_LOOP: &str = r#"
return function(f, n)
  local sum = 0
  for i = 1, n do sum = sum + f(i) end
  return sum
end
"#;

/// The global every `x` benchmark reads or writes.
const GLOBAL: &str = "x";

/// The bytes of the strings `create_string` makes: a short string, so interned.
pub const STRING_BYTES: &[u8] = b"hello";

/// The operations through the embedding API.
pub struct Wrapped {
    lua: Lua,
    globals: Table,
    callee: Function,
    call_loop: Function,
    rust_function: Function,
}

impl Default for Wrapped {
    fn default() -> Self {
        Wrapped::new()
    }
}

impl Wrapped {
    /// A state with every standard library, `x = 1`, and the functions compiled.
    pub fn new() -> Wrapped {
        let lua = Lua::new();
        let globals = lua.globals();
        globals.set(GLOBAL, 1).expect("set x");
        let callee = lua.load(CALLEE).eval().expect("callee compiles");
        let call_loop = lua.load(CALL_LOOP).eval().expect("loop compiles");
        let rust_function = lua.create_function(|_, x: i64| Ok(x + 1)).expect("create_function");
        Wrapped { lua, globals, callee, call_loop, rust_function }
    }

    /// `lua.globals().get::<i64>("x")`: with metamethods, so a protected call.
    pub fn globals_get(&self) -> i64 {
        self.lua.globals().get(GLOBAL).expect("get")
    }

    /// `globals.raw_get::<i64>("x")` on a kept handle: one `with_vm` for the read, one
    /// for the key string.
    pub fn globals_raw_get(&self) -> i64 {
        self.globals.raw_get(GLOBAL).expect("raw_get")
    }

    /// `lua.globals().set("x", v)`: with metamethods, so a protected call.
    pub fn globals_set(&self, v: i64) {
        self.lua.globals().set(GLOBAL, v).expect("set");
    }

    /// `callee.call::<i64>(x)`: a Lua function called from Rust.
    pub fn call_lua(&self, x: i64) -> i64 {
        self.callee.call(x).expect("call")
    }

    /// `lua.create_string(..)`, the handle dropped at once (releasing its root).
    pub fn create_string(&self) {
        drop(self.lua.create_string(STRING_BYTES).expect("create_string"));
    }

    /// One call from Rust of a Lua loop that calls a `create_function` callback `n`
    /// times: the Lua-to-Rust direction.
    pub fn call_rust_from_lua(&self, n: i64) -> i64 {
        self.call_loop.call((&self.rust_function, n)).expect("loop runs")
    }
}

/// The same operations on a bare VM (no libraries; `x` in its globals).
pub struct Bare {
    vm: Vm,
    callee: RootId,
    call_loop: RootId,
    native: RootId,
}

impl Default for Bare {
    fn default() -> Self {
        Bare::new()
    }
}

/// The native function `Bare` calls from Lua: `x + 1`, as `create_function`'s closure
/// in `Wrapped` computes it, also boxed so the VM calls it the same way.
fn add_one(vm: &mut Vm) -> NativeResult {
    let x = vm.check_integer(1)?;
    vm.ret1(RawValue::Int(x + 1))
}

impl Bare {
    /// A bare VM with `x = 1` and the functions compiled and rooted.
    pub fn new() -> Bare {
        let mut vm = Vm::new();
        vm.set_global(GLOBAL, RawValue::Int(1));
        let callee = Bare::eval(&mut vm, CALLEE);
        let call_loop = Bare::eval(&mut vm, CALL_LOOP);
        let native = vm.new_boxed_function(Box::new(add_one));
        let (callee, call_loop, native) = (vm.root(callee), vm.root(call_loop), vm.root(native));
        Bare { vm, callee, call_loop, native }
    }

    /// The first result of running `source`.
    fn eval(vm: &mut Vm, source: &str) -> RawValue {
        let chunk = selenite_stdlib::base::load_chunk(vm, source.as_bytes(), b"=bare", b"t").expect("compiles");
        vm.call_function(chunk, &[]).expect("runs")[0]
    }

    fn integer(v: RawValue) -> i64 {
        match v {
            RawValue::Int(i) => i,
            other => panic!("expected an integer, got a {}", other.type_name()),
        }
    }

    /// `Vm::index(globals, "x")`.
    pub fn globals_get(&mut self) -> i64 {
        let key = RawValue::Str(self.vm.new_string(GLOBAL.as_bytes()));
        let globals = RawValue::Table(self.vm.globals());
        Bare::integer(self.vm.index(globals, key).expect("index"))
    }

    /// `globals.get_str("x")` (a raw read).
    pub fn globals_raw_get(&mut self) -> i64 {
        let key = self.vm.new_string(GLOBAL.as_bytes());
        Bare::integer(self.vm.globals().get_str(key))
    }

    /// `Vm::set_index(globals, "x", v)`.
    pub fn globals_set(&mut self, v: i64) {
        let key = RawValue::Str(self.vm.new_string(GLOBAL.as_bytes()));
        let globals = RawValue::Table(self.vm.globals());
        self.vm.set_index(globals, key, RawValue::Int(v)).expect("set_index");
    }

    /// `Vm::call_function(callee, [x])` (unprotected: an error would come back as
    /// `Err` without a traceback).
    pub fn call_lua(&mut self, x: i64) -> i64 {
        let callee = self.vm.rooted(self.callee);
        Bare::integer(self.vm.call_function(callee, &[RawValue::Int(x)]).expect("call")[0])
    }

    /// `Vm::new_string(..)`.
    pub fn create_string(&mut self) {
        std::hint::black_box(self.vm.new_string(STRING_BYTES));
    }

    /// The Lua loop calling the boxed native `add_one` `n` times.
    pub fn call_rust_from_lua(&mut self, n: i64) -> i64 {
        let (call_loop, native) = (self.vm.rooted(self.call_loop), self.vm.rooted(self.native));
        Bare::integer(self.vm.call_function(call_loop, &[native, RawValue::Int(n)]).expect("loop runs")[0])
    }
}

#[cfg(test)]
mod tests {
    use super::{Bare, Wrapped};

    /// Both sides compute the same results.
    #[test]
    fn wrapped_and_bare_agree() {
        let wrapped = Wrapped::new();
        let mut bare = Bare::new();
        assert_eq!(wrapped.globals_get(), 1);
        assert_eq!(bare.globals_get(), 1);
        assert_eq!(wrapped.globals_raw_get(), 1);
        assert_eq!(bare.globals_raw_get(), 1);
        wrapped.globals_set(5);
        bare.globals_set(5);
        assert_eq!(wrapped.globals_get(), 5);
        assert_eq!(bare.globals_get(), 5);
        assert_eq!(wrapped.call_lua(41), 42);
        assert_eq!(bare.call_lua(41), 42);
        wrapped.create_string();
        bare.create_string();
        assert_eq!(wrapped.call_rust_from_lua(100), 5150);
        assert_eq!(bare.call_rust_from_lua(100), 5150);
    }
}
