//! Byte-string algorithms of the Lua standard library, free of VM types so they can
//! be tested on their own: Lua patterns, `string.format` items, `string.pack`
//! formats, `strftime` and calendar arithmetic. The standard library
//! (`selenite-stdlib`) turns Lua values into the plain inputs these take and their
//! results back into Lua values; every error is returned with the reference's text.
#![forbid(unsafe_code)]

pub mod format;
pub mod pack;
pub mod pattern;
pub mod time;

#[cfg(test)]
mod test_support;
