//! Selenite's virtual machine: values, the collector, strings, tables, closures,
//! threads, the interpreter and the API native functions use.
//!
//! This crate never parses source text: it loads verified bytecode prototypes
//! (`selenite_bytecode::Proto`). It is the only crate of the workspace with `unsafe`
//! code, confined to the collector (`gc`), the interpreter core (`interp`, `call`,
//! `thread`, `function`, `table`) and the state (`vm`), each block stating the
//! invariant it relies on.

mod api;
pub mod builtins;
mod call;
mod coroutine;
mod debug;
mod debug_api;
mod error;
mod function;
mod gc;
mod gc_cycle;
mod gc_pool;
mod hooks;
mod interp;
mod limits;
mod load;
mod meta;
mod ops;
mod roots;
mod string;
mod table;
mod thread;
mod userdata;
mod value;
mod vm;

pub use coroutine::YieldToObstacle;
pub use debug_api::{FrameHandle, FunctionInfo};
pub use error::{ErrorKind, LuaError, LuaResult};
pub use function::{
    BoxedNative, Continuation, ContinuationStatus, LuaClosure, NativeClosure, NativeCode, NativeFn, NativeResult,
    NativeReturn, Protect, Proto, UpVal,
};
pub use gc::{Gc, GcParams};
pub use hooks::HookState;
pub use interp::dispatch_mode;
pub use meta::Tm;
pub use roots::RootId;
pub use string::{ExactWriter, LuaStr, SHORT_STRING_MAX};
pub use table::Table;
pub use thread::{Thread, ThreadStatus, MAX_STACK};
pub use userdata::UserData;
pub use value::{LuaType, Value};
pub use vm::{Vm, WarnFn, MAX_NATIVE_DEPTH};
