//! Dev-only tooling around the reference Lua 5.4.9 (built by mlua from the `lua-src`
//! crate, so no system Lua is needed): a `lua`-compatible runner (`standalone`), the
//! format and generation of the expected-output files of `tests/` (`expected`), and a
//! differential fuzzer that generates terminating Lua programs and compares the
//! reference with the `selenite` binary (`fuzz`).
#![forbid(unsafe_code)]

pub mod expected;
pub mod fuzz;
pub mod standalone;
