//! Running untrusted scripts: each gets a fresh state with the safe library profile,
//! a memory limit, an instruction budget and a deadline, and every way it can fail
//! comes back to the host as an `Error` it can report.
//!
//! Run with `cargo run -p selenite --example sandboxed_scripts`.

use selenite::{Error, Lua, Value};
use std::time::{Duration, Instant};

/// Runs `source` in a sandboxed state and describes the outcome.
fn run_untrusted(name: &str, source: &str) -> String {
    let lua = Lua::new();
    let limits = lua
        .sandbox()
        .and_then(|()| lua.set_memory_limit(Some(lua.used_memory() + 4 * 1024 * 1024)))
        .and_then(|()| lua.set_instruction_limit(Some(5_000_000)))
        .and_then(|()| lua.set_deadline(Some(Instant::now() + Duration::from_secs(1))));
    if let Err(e) = limits {
        return format!("could not set up the sandbox: {e}");
    }
    match lua.load(source).set_name(format!("={name}")).eval::<Value>() {
        Ok(value) => format!("returned {value:?}"),
        Err(Error::MemoryError(m)) => format!("stopped: {m}"),
        Err(Error::LimitExceeded(m)) => format!("stopped: {m}"),
        Err(Error::SyntaxError { message, .. }) => format!("rejected: {message}"),
        Err(e) => format!("failed: {e}"),
    }
}

fn main() {
    let scripts = [
        ("sum", "local s = 0 for i = 1, 100 do s = s + i end return s"),
        ("endless", "while true do end"),
        ("hog", "local t = {} for i = 1, 1e9 do t[i] = ('x'):rep(100) end"),
        ("escape_io", "return io.open('/etc/passwd')"),
        ("escape_os", "return os.execute('echo hi')"),
        ("tamper", "string.rep = nil"),
        ("bytecode", "return select(2, load(string.dump(function() end)))"),
        ("broken", "return 1 +"),
    ];
    for (name, source) in scripts {
        println!("{name:>10}: {}", run_untrusted(name, source));
    }
}
