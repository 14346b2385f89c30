//! The process's standard output as Lua sees it: one buffered writer shared by
//! `print` and `io.write`, flushed when the program ends (normally, by `os.exit`, or
//! by an error) so nothing written is lost. Line-buffered when stdout is a terminal,
//! fully buffered otherwise, like C's stdio.

use selenite_vm::Vm;
use std::io::{IsTerminal, Write};

struct Stdout {
    out: std::io::BufWriter<std::io::Stdout>,
    line_buffered: bool,
}

fn new_stdout() -> Stdout {
    let line_buffered = std::io::stdout().is_terminal();
    Stdout { out: std::io::BufWriter::with_capacity(1 << 16, std::io::stdout()), line_buffered }
}

/// Runs `f` with the shared writer, creating it on first use.
fn with_stdout<R>(vm: &mut Vm, f: impl FnOnce(&mut Stdout) -> R) -> R {
    if vm.app_data::<Stdout>().is_none() {
        vm.set_app_data(new_stdout());
    }
    match vm.app_data_mut::<Stdout>() {
        Some(s) => f(s),
        None => f(&mut new_stdout()),
    }
}

/// Writes bytes to standard output. Errors are returned for `io.write`.
pub fn write_stdout_checked(vm: &mut Vm, bytes: &[u8]) -> std::io::Result<()> {
    with_stdout(vm, |s| {
        s.out.write_all(bytes)?;
        if s.line_buffered && bytes.contains(&b'\n') {
            s.out.flush()?;
        }
        Ok(())
    })
}

/// Writes bytes to standard output, ignoring errors (as `print` does).
pub fn write_stdout(vm: &mut Vm, bytes: &[u8]) {
    let _ = write_stdout_checked(vm, bytes);
}

/// Flushes standard output.
pub fn flush_stdout(vm: &mut Vm) -> std::io::Result<()> {
    with_stdout(vm, |s| s.out.flush())
}
