//! Selenite's embedding API: run Lua 5.4 from Rust, in pure Rust.
//!
//! Create a state with [`Lua::new`], run code with [`Lua::load`], exchange values
//! through [`IntoLua`] / [`FromLua`], and expose Rust functions with
//! [`Lua::create_function`]:
//!
//! ```
//! use selenite::{Lua, Result};
//!
//! fn main() -> Result<()> {
//!     let lua = Lua::new();
//!     let greet = lua.create_function(|_, name: String| Ok(format!("hello, {name}")))?;
//!     lua.globals().set("greet", greet)?;
//!     let text: String = lua.load("return greet('moon')").eval()?;
//!     assert_eq!(text, "hello, moon");
//!     Ok(())
//! }
//! ```
//!
//! Values that live in Lua ([`Table`], [`Function`], [`LuaString`], [`Thread`],
//! [`AnyUserData`]) are handles: they keep their object alive while held and release
//! it when dropped. Errors of both sides meet in one [`Error`] type; Lua code can
//! catch a Rust callback's error with `pcall`, and Rust gets Lua's message and
//! traceback.
//!
//! Rust types become Lua values with fields, methods and metamethods by implementing
//! [`UserData`] (or, with the default `derive` feature, `#[derive(UserData)]`).
//!
//! Async Rust functions ([`Lua::create_async_function`]) are callable from Lua code
//! that [`Function::call_async`] (or [`Thread::resume_async`]) runs: the calling
//! coroutine is suspended while their future is pending, and the call's future is
//! pending meanwhile. No executor is needed beyond the one that polls the call:
//!
//! ```
//! # fn block_on<F: std::future::Future>(f: F) -> F::Output {
//! #     struct Unpark(std::thread::Thread);
//! #     impl std::task::Wake for Unpark { fn wake(self: std::sync::Arc<Self>) { self.0.unpark() } }
//! #     let waker = std::sync::Arc::new(Unpark(std::thread::current())).into();
//! #     let mut f = std::pin::pin!(f);
//! #     loop {
//! #         if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut std::task::Context::from_waker(&waker)) { return v; }
//! #         std::thread::park();
//! #     }
//! # }
//! let lua = selenite::Lua::new();
//! let fetch = lua.create_async_function(|_, id: i64| async move { Ok(format!("record {id}")) }).unwrap();
//! lua.globals().set("fetch", fetch).unwrap();
//! let report: selenite::Function = lua.load("return function() return fetch(1) .. ', ' .. fetch(2) end").eval().unwrap();
//! assert_eq!(block_on(report.call_async::<String>(())).unwrap(), "record 1, record 2");
//! ```
//!
//! A [`Lua`] is `Send` and `Sync`: a state can move to another thread (or async
//! task), and handles can travel with it. One thread at a time uses a state; a
//! thread that wants it while another runs Lua code on it waits. Rust functions,
//! userdata and app data stored in a state must be `Send` for this. It is checked at
//! compile time:
//!
//! ```
//! fn assert_send_sync<T: Send + Sync>() {}
//! assert_send_sync::<selenite::Lua>();
//! assert_send_sync::<selenite::Table>();
//! assert_send_sync::<selenite::Function>();
//! let lua = selenite::Lua::new();
//! let sum = std::thread::spawn(move || lua.load("return 1 + 2").eval::<i64>().unwrap()).join().unwrap();
//! assert_eq!(sum, 3);
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

/// `Debug` (the root slot it holds) and `PartialEq` (the same Lua object) for a
/// handle type wrapping a `Handle`.
macro_rules! handle_identity {
    ($ty:ident) => {
        impl std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, concat!(stringify!($ty), "({:?})"), self.0.root_id())
            }
        }

        impl PartialEq for $ty {
            fn eq(&self, other: &$ty) -> bool {
                self.0.same_object(&other.0)
            }
        }
    };
}

mod async_call;
mod boundary;
mod chunk;
mod conversion;
mod error;
mod function;
mod multi;
#[cfg(feature = "serde")]
pub mod serde;
mod state;
mod string;
mod table;
mod thread;
mod userdata;
mod userdata_type;
mod value;

pub use chunk::{AsChunk, Chunk, ChunkMode};
pub use conversion::{Bytes, FromLua, IntoLua};
pub use error::{Error, ExternalResult, Result};
pub use function::Function;
pub use multi::{FromLuaMulti, IntoLuaMulti, MultiValue, Variadic};
pub use state::{AppDataRef, AppDataRefMut, Lua, LuaOptions, RegistryKey, StdLib};
pub use string::LuaString;
pub use table::{Table, TablePairs, TableSequence};
pub use thread::{Thread, ThreadStatus};
pub use userdata::{AnyUserData, UserDataRef, UserDataRefMut};
pub use userdata_type::{MetaMethod, UserData, UserDataFields, UserDataMethods};

/// `#[derive(UserData)]`: see [the macro's documentation](selenite_derive::UserData).
#[cfg(feature = "derive")]
pub use selenite_derive::UserData;
pub use value::Value;

// `Lua` and its handles stay `Send + Sync`: the crate does not build otherwise.
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Lua>();
    assert_send_sync::<Value>();
    assert_send_sync::<Table>();
    assert_send_sync::<Function>();
    assert_send_sync::<Thread>();
    assert_send_sync::<AnyUserData>();
    assert_send_sync::<RegistryKey>();
    assert_send_sync::<Error>();
};
