//! The io library (manual §6.8). File handles are userdata with the registry's
//! `FILE*` metatable (`__name`, `__index` with the methods, `__gc`, `__close`,
//! `__tostring`); each holds its `Stream` until closed. The default input and
//! output live in the registry under `_IO_input`/`_IO_output`, as in the reference.
//! Failures return `nil, message, errno` with the C library's texts; misuse raises the
//! reference's errors.
//!
//! Invariants: every stream opened here is also listed (weakly) in the state's
//! `OpenStreams`, so [`flush_all`] can write out everything buffered when the
//! program ends, exits or starts a process (`fflush(NULL)`); standard output goes
//! through the buffer it shares with `print` (`output.rs`), so the two interleave as
//! written; the standard streams are never closed.

mod read;
mod stream;

use crate::output;
use crate::util::{os_error_text, os_path, register};
use selenite_vm::{Gc, LuaError, LuaResult, NativeResult, NativeReturn, Table, UserData, Value, Vm};
use std::io::SeekFrom;
use std::sync::{Arc, Mutex, Weak};
use stream::{Buffering, Standard, Stream};

/// A stream shared by its handle and the list of open streams.
type SharedStream = Arc<Mutex<Stream>>;

/// The payload of a file handle: its stream, `None` once closed.
pub struct LuaFile {
    stream: Option<SharedStream>,
}

/// The streams opened in a state, so they can all be flushed.
#[derive(Default)]
struct OpenStreams {
    streams: Vec<Weak<Mutex<Stream>>>,
    /// Length past which closed entries are swept from the list.
    sweep_at: usize,
}

const INPUT_KEY: &str = "_IO_input";
const OUTPUT_KEY: &str = "_IO_output";
const HANDLE_NAME: &str = "FILE*";
/// Most formats `lines` accepts (so the iterator's upvalues fit the reference's limit).
const MAX_LINES_FORMATS: usize = 250;

pub fn open(vm: &mut Vm) -> Value {
    let io = vm.new_table();
    register(
        vm,
        io,
        &[
            ("close", io_close),
            ("flush", io_flush),
            ("input", io_input),
            ("lines", io_lines),
            ("open", io_open),
            ("output", io_output),
            ("popen", io_popen),
            ("read", io_read),
            ("tmpfile", io_tmpfile),
            ("type", io_type),
            ("write", io_write),
        ],
    );
    let metatable = vm.new_table();
    let methods = vm.new_table();
    register(
        vm,
        methods,
        &[
            ("read", f_read),
            ("write", f_write),
            ("lines", f_lines),
            ("flush", f_flush),
            ("seek", f_seek),
            ("close", f_close),
            ("setvbuf", f_setvbuf),
        ],
    );
    vm.raw_set_str(metatable, "__index", Value::Table(methods));
    register(vm, metatable, &[("__gc", f_gc), ("__close", f_gc), ("__tostring", f_tostring)]);
    let name = vm.str_value(HANDLE_NAME);
    vm.raw_set_str(metatable, "__name", name);
    let registry = vm.registry();
    vm.raw_set_str(registry, HANDLE_NAME, Value::Table(metatable));
    let stdin = new_handle(vm, Stream::standard(Standard::Input));
    let stdout = new_handle(vm, Stream::standard(Standard::Output));
    let stderr = new_handle(vm, Stream::standard(Standard::Error));
    vm.raw_set_str(registry, INPUT_KEY, stdin);
    vm.raw_set_str(registry, OUTPUT_KEY, stdout);
    vm.raw_set_str(io, "stdin", stdin);
    vm.raw_set_str(io, "stdout", stdout);
    vm.raw_set_str(io, "stderr", stderr);
    Value::Table(io)
}

/// Writes out everything buffered: standard output and every open stream (C's
/// `fflush(NULL)`). Run when the program ends or exits and before starting a process.
pub fn flush_all(vm: &mut Vm) {
    let _ = output::flush_stdout(vm);
    let Some(open) = vm.app_data::<OpenStreams>() else { return };
    for stream in open.streams.iter().filter_map(Weak::upgrade) {
        if let Ok(mut s) = stream.try_lock() {
            let _ = s.flush();
        }
    }
}

// ----- handles -----

fn handle_metatable(vm: &mut Vm) -> Option<Gc<Table>> {
    let registry = vm.registry();
    let key = vm.new_string(HANDLE_NAME.as_bytes());
    registry.get_str(key).as_table()
}

/// A new file handle for `stream`.
fn new_handle(vm: &mut Vm, stream: Stream) -> Value {
    let standard = stream.standard_kind().is_some();
    let shared = Arc::new(Mutex::new(stream));
    if vm.app_data::<OpenStreams>().is_none() {
        vm.set_app_data(OpenStreams::default());
    }
    if let Some(open) = vm.app_data_mut::<OpenStreams>() {
        if open.streams.len() >= open.sweep_at {
            open.streams.retain(|s| s.strong_count() > 0);
            open.sweep_at = (open.streams.len() * 2).max(16);
        }
        open.streams.push(Arc::downgrade(&shared));
    }
    let handle = vm.new_userdata(Box::new(LuaFile { stream: Some(shared) }), 0);
    let mt = handle_metatable(vm);
    vm.set_userdata_metatable(handle, mt);
    let v = Value::UserData(handle);
    if !standard {
        vm.check_finalizer(v);
    }
    v
}

/// The stream of a handle, `None` when it is closed.
fn stream_of(handle: Gc<UserData>) -> Option<SharedStream> {
    handle.borrow::<LuaFile>().and_then(|f| f.stream.clone())
}

/// The file handle in argument `n`, open or closed (`luaL_checkudata`).
fn handle_arg(vm: &mut Vm, n: usize) -> LuaResult<Gc<UserData>> {
    match vm.arg(n) {
        Value::UserData(u) if u.is::<LuaFile>() => Ok(u),
        _ => Err(vm.type_arg_error(n, HANDLE_NAME)),
    }
}

fn closed_file_error(vm: &mut Vm) -> LuaError {
    vm.error("attempt to use a closed file")
}

/// The open file in argument `n` and its stream (`tofile`).
fn open_handle_arg(vm: &mut Vm, n: usize) -> LuaResult<(Gc<UserData>, SharedStream)> {
    let handle = handle_arg(vm, n)?;
    match stream_of(handle) {
        Some(stream) => Ok((handle, stream)),
        None => Err(closed_file_error(vm)),
    }
}

/// The handle stored in the registry under `key`.
fn registry_handle(vm: &mut Vm, key: &str) -> Value {
    let registry = vm.registry();
    let k = vm.new_string(key.as_bytes());
    registry.get_str(k)
}

/// The default input or output, which must be open (`getiofile`).
fn default_stream(vm: &mut Vm, key: &str) -> LuaResult<(Gc<UserData>, SharedStream)> {
    if let Value::UserData(handle) = registry_handle(vm, key) {
        if let Some(stream) = stream_of(handle) {
            return Ok((handle, stream));
        }
    }
    let which = if key == INPUT_KEY { "input" } else { "output" };
    Err(vm.error(format!("default {which} file is closed")))
}

/// Runs `f` on a stream (never busy: no Lua code runs while a stream is in use).
fn with_stream<R>(vm: &mut Vm, stream: &SharedStream, f: impl FnOnce(&mut Stream) -> R) -> LuaResult<R> {
    match stream.try_lock() {
        Ok(mut s) => Ok(f(&mut s)),
        Err(_) => Err(closed_file_error(vm)),
    }
}

fn is_stdout(stream: &SharedStream) -> bool {
    stream.try_lock().is_ok_and(|s| s.standard_kind() == Some(Standard::Output))
}

/// Before a process may act on what it is sent (or is waited for), writes out what
/// was printed: the reference's `print` flushes standard output at every call, so a
/// process's own output comes after it.
fn flush_stdout_for_process(vm: &mut Vm, stream: &SharedStream, closing: bool) {
    let involves_process = stream.try_lock().is_ok_and(|s| if closing { s.is_pipe() } else { s.feeds_process() });
    if involves_process {
        let _ = output::flush_stdout(vm);
    }
}

/// Before waiting for terminal input, shows what is pending on a terminal's
/// standard output (a prompt), as the C library does for line-buffered streams.
fn prompt_before_input(vm: &mut Vm) {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() {
        let _ = output::flush_stdout(vm);
    }
}

// ----- results and errors -----

/// A `luaL_error` whose message is made of bytes (file names need not be UTF-8).
fn error_with_bytes(vm: &mut Vm, msg: &[u8]) -> LuaError {
    let mut text = vm.where_(1).into_bytes();
    text.extend_from_slice(msg);
    let s = vm.new_string_from_vec(text);
    vm.error_value_raise(Value::Str(s))
}

/// `nil, "[name: ]message", errno` for an operating-system error
/// (`luaL_fileresult`).
pub(crate) fn fail_file_result(vm: &mut Vm, name: Option<&[u8]>, e: &std::io::Error) -> NativeResult {
    let mut text = Vec::new();
    if let Some(name) = name {
        text.extend_from_slice(name);
        text.extend_from_slice(b": ");
    }
    text.extend_from_slice(os_error_text(e).as_bytes());
    let msg = vm.new_string_from_vec(text);
    let code = e.raw_os_error().map_or(0, i64::from);
    vm.ret(&[Value::Nil, Value::Str(msg), Value::Int(code)])
}

/// `true|nil, "exit"|"signal", code` for a finished process (`luaL_execresult`).
pub(crate) fn exit_status_results(vm: &mut Vm, status: std::process::ExitStatus) -> NativeResult {
    use std::os::unix::process::ExitStatusExt;
    let (what, code) = match (status.code(), status.signal()) {
        (Some(code), _) => ("exit", i64::from(code)),
        (None, Some(signal)) => ("signal", i64::from(signal)),
        (None, None) => ("exit", i64::from(status.into_raw())),
    };
    let ok = if what == "exit" && code == 0 { Value::Bool(true) } else { Value::Nil };
    let what = vm.str_value(what);
    vm.ret(&[ok, what, Value::Int(code)])
}

/// A shell command as `popen` and `system` run it: `sh -c command`.
pub(crate) fn shell_command(command: &[u8]) -> std::process::Command {
    use std::os::unix::process::CommandExt;
    let mut shell = std::process::Command::new("/bin/sh");
    shell.arg0("sh").arg("-c").arg(os_path(until_nul(command)));
    shell
}

// ----- opening -----

/// The bytes a C function sees of a string: up to the first NUL.
pub(crate) fn until_nul(bytes: &[u8]) -> &[u8] {
    bytes.split(|&b| b == 0).next().unwrap_or_default()
}

/// Whether `mode` is one `io.open` accepts: `[rwa]%+?b*` (up to a NUL, as C reads it).
fn valid_open_mode(mode: &[u8]) -> bool {
    let Some((first, rest)) = until_nul(mode).split_first() else { return false };
    let rest = rest.strip_prefix(b"+").unwrap_or(rest);
    matches!(first, b'r' | b'w' | b'a') && rest.iter().all(|&b| b == b'b')
}

/// Opens a file as `fopen(name, mode)` does (the mode already validated).
fn open_file(name: &[u8], mode: &[u8]) -> std::io::Result<Stream> {
    let update = mode.get(1) == Some(&b'+');
    let mut options = std::fs::OpenOptions::new();
    let (readable, writable) = match mode.first() {
        Some(b'w') => {
            options.write(true).create(true).truncate(true).read(update);
            (update, true)
        }
        Some(b'a') => {
            options.append(true).create(true).read(update);
            (update, true)
        }
        _ => {
            options.read(true).write(update);
            (true, update)
        }
    };
    options.open(os_path(name)).map(|f| Stream::file(f, readable, writable))
}

/// Opens a file or raises `cannot open file 'name' (reason)` (`opencheck`).
fn open_or_raise(vm: &mut Vm, name: &[u8], mode: &[u8]) -> LuaResult<Value> {
    let name = until_nul(name);
    match open_file(name, mode) {
        Ok(stream) => Ok(new_handle(vm, stream)),
        Err(e) => {
            let mut msg = b"cannot open file '".to_vec();
            msg.extend_from_slice(name);
            msg.extend_from_slice(b"' (");
            msg.extend_from_slice(os_error_text(&e).as_bytes());
            msg.push(b')');
            Err(error_with_bytes(vm, &msg))
        }
    }
}

fn io_open(vm: &mut Vm) -> NativeResult {
    let name = vm.check_string(1)?;
    let mode = match vm.opt_string(2)? {
        Some(m) => m.as_bytes().to_vec(),
        None => b"r".to_vec(),
    };
    if !valid_open_mode(&mode) {
        return Err(vm.arg_error(2, "invalid mode"));
    }
    let name = until_nul(name.as_bytes());
    match open_file(name, until_nul(&mode)) {
        Ok(stream) => {
            let handle = new_handle(vm, stream);
            vm.ret1(handle)
        }
        Err(e) => fail_file_result(vm, Some(name), &e),
    }
}

fn io_popen(vm: &mut Vm) -> NativeResult {
    let command = vm.check_string(1)?;
    let mode = match vm.opt_string(2)? {
        Some(m) => until_nul(m.as_bytes()).to_vec(),
        None => b"r".to_vec(),
    };
    let reading = match mode.as_slice() {
        b"r" => true,
        b"w" => false,
        _ => return Err(vm.arg_error(2, "invalid mode")),
    };
    flush_all(vm);
    let command = until_nul(command.as_bytes());
    let mut shell = shell_command(command);
    if reading {
        shell.stdout(std::process::Stdio::piped());
    } else {
        shell.stdin(std::process::Stdio::piped());
    }
    let mut child = match shell.spawn() {
        Ok(child) => child,
        Err(e) => return fail_file_result(vm, Some(command), &e),
    };
    let stream = match (child.stdout.take(), child.stdin.take()) {
        (Some(output), _) if reading => Stream::pipe_from(child, output),
        (_, Some(input)) if !reading => Stream::pipe_to(child, input),
        _ => return fail_file_result(vm, Some(command), &std::io::Error::from_raw_os_error(32)),
    };
    let handle = new_handle(vm, stream);
    vm.ret1(handle)
}

/// A name for a temporary file that does not exist yet: `prefix` and six random
/// letters or digits, as `mkstemp` makes them.
pub(crate) fn temporary_name(prefix: &str, attempt: u32) -> String {
    use std::hash::{BuildHasher, Hasher};
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    hasher.write_u32(attempt);
    if let Ok(now) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        hasher.write_u128(now.as_nanos());
    }
    let mut bits = hasher.finish();
    let mut name = String::from(prefix);
    for _ in 0..6 {
        let index = usize::try_from(bits % ALPHABET.len() as u64).unwrap_or(0);
        name.push(char::from(ALPHABET.get(index).copied().unwrap_or(b'X')));
        bits /= ALPHABET.len() as u64;
    }
    name
}

/// Creates a new file that nobody else has opened, as `mkstemp` does.
pub(crate) fn create_temporary(prefix: &str) -> std::io::Result<(String, std::fs::File)> {
    let mut last_error = std::io::Error::from(std::io::ErrorKind::AlreadyExists);
    for attempt in 0..100 {
        let name = temporary_name(prefix, attempt);
        let mut options = std::fs::OpenOptions::new();
        options.read(true).write(true).create_new(true);
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&name) {
            Ok(file) => return Ok((name, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last_error = e,
            Err(e) => return Err(e),
        }
    }
    Err(last_error)
}

fn io_tmpfile(vm: &mut Vm) -> NativeResult {
    match create_temporary("/tmp/tmpf") {
        Ok((name, file)) => {
            // Like C's tmpfile, the file has no name left: it disappears once closed.
            let _ = std::fs::remove_file(name);
            let handle = new_handle(vm, Stream::file(file, true, true));
            vm.ret1(handle)
        }
        Err(e) => fail_file_result(vm, None, &e),
    }
}

fn io_type(vm: &mut Vm) -> NativeResult {
    vm.check_any(1)?;
    let result = match vm.arg(1) {
        Value::UserData(u) if u.is::<LuaFile>() => {
            vm.str_value(if stream_of(u).is_some() { "file" } else { "closed file" })
        }
        _ => Value::Nil,
    };
    vm.ret1(result)
}

/// `io.input`/`io.output`: replaces the default file (given by name or handle) and
/// returns the current one.
fn set_default(vm: &mut Vm, key: &str, mode: &[u8]) -> NativeResult {
    if !vm.arg(1).is_nil() {
        let handle = match vm.arg(1) {
            Value::Str(_) | Value::Int(_) | Value::Float(_) => {
                let name = vm.check_string(1)?;
                open_or_raise(vm, name.as_bytes(), mode)?
            }
            _ => {
                open_handle_arg(vm, 1)?;
                vm.arg(1)
            }
        };
        let registry = vm.registry();
        vm.raw_set_str(registry, key, handle);
    }
    let current = registry_handle(vm, key);
    vm.ret1(current)
}

fn io_input(vm: &mut Vm) -> NativeResult {
    set_default(vm, INPUT_KEY, b"r")
}

fn io_output(vm: &mut Vm) -> NativeResult {
    set_default(vm, OUTPUT_KEY, b"w")
}

// ----- closing -----

/// Closes an open handle: `true`, the status of a pipe's process, or a failure
/// (standard files refuse).
fn close_handle(vm: &mut Vm, handle: Gc<UserData>, stream: SharedStream) -> NativeResult {
    if stream.try_lock().is_ok_and(|s| s.standard_kind().is_some()) {
        let msg = vm.str_value("cannot close standard file");
        return vm.ret(&[Value::Nil, msg]);
    }
    if let Some(mut file) = handle.borrow_mut::<LuaFile>() {
        file.stream = None;
    }
    flush_stdout_for_process(vm, &stream, true);
    match with_stream(vm, &stream, Stream::close)? {
        Ok(None) => vm.ret1(Value::Bool(true)),
        Ok(Some(status)) => exit_status_results(vm, status),
        Err(e) => fail_file_result(vm, None, &e),
    }
}

fn f_close(vm: &mut Vm) -> NativeResult {
    let (handle, stream) = open_handle_arg(vm, 1)?;
    close_handle(vm, handle, stream)
}

fn io_close(vm: &mut Vm) -> NativeResult {
    if vm.arg_is_none(1) {
        let output = registry_handle(vm, OUTPUT_KEY);
        vm.push(output)?;
    }
    f_close(vm)
}

/// `__gc` and `__close`: closes the file unless it is closed or standard.
fn f_gc(vm: &mut Vm) -> NativeResult {
    let handle = handle_arg(vm, 1)?;
    if let Some(stream) = stream_of(handle) {
        if stream.try_lock().is_ok_and(|s| s.standard_kind().is_none()) {
            if let Some(mut file) = handle.borrow_mut::<LuaFile>() {
                file.stream = None;
            }
            flush_stdout_for_process(vm, &stream, true);
            if let Ok(mut s) = stream.try_lock() {
                let _ = s.close();
            }
        }
    }
    vm.ret0()
}

fn f_tostring(vm: &mut Vm) -> NativeResult {
    let handle = handle_arg(vm, 1)?;
    let text = match stream_of(handle) {
        Some(_) => format!("file ({:#x})", handle.addr()),
        None => "file (closed)".to_string(),
    };
    let s = vm.str_value(&text);
    vm.ret1(s)
}

// ----- reading -----

fn f_read(vm: &mut Vm) -> NativeResult {
    let (_, stream) = open_handle_arg(vm, 1)?;
    read::read_formats(vm, &stream, 2)
}

fn io_read(vm: &mut Vm) -> NativeResult {
    let (_, stream) = default_stream(vm, INPUT_KEY)?;
    read::read_formats(vm, &stream, 1)
}

/// The iterator of `lines`. Upvalues: the handle, how many formats, whether to close
/// the file at the end, and the formats.
fn lines_step(vm: &mut Vm) -> NativeResult {
    let Value::UserData(handle) = vm.native_upvalue(0) else {
        return Err(vm.error("file is already closed"));
    };
    let Some(stream) = stream_of(handle) else {
        return Err(vm.error("file is already closed"));
    };
    let nformats = match vm.native_upvalue(1) {
        Value::Int(n) => usize::try_from(n).unwrap_or(0),
        _ => 0,
    };
    let close_at_end = !vm.native_upvalue(2).is_falsy();
    vm.set_stack_len(0)?;
    vm.push(Value::UserData(handle))?;
    for i in 0..nformats {
        let format = vm.native_upvalue(3 + i);
        vm.push(format)?;
    }
    let NativeReturn::Values(n) = read::read_formats(vm, &stream, 2)? else {
        return vm.ret0();
    };
    let top = vm.stack_len();
    let first = vm.stack_get(top + 1 - n);
    if !first.is_falsy() {
        return Ok(NativeReturn::Values(n));
    }
    if n > 1 {
        let message = vm.stack_get(top + 2 - n);
        let text = match message {
            Value::Str(s) => s.as_bytes().to_vec(),
            _ => Vec::new(),
        };
        return Err(error_with_bytes(vm, &text));
    }
    if close_at_end {
        if let Some(mut file) = handle.borrow_mut::<LuaFile>() {
            file.stream = None;
        }
        with_stream(vm, &stream, |s| {
            let _ = s.close();
        })?;
    }
    vm.ret0()
}

/// Returns the iterator over `file` with the formats from argument `first_format` on.
fn lines_iterator(vm: &mut Vm, file: Value, first_format: usize, close_at_end: bool) -> NativeResult {
    let nformats = (vm.arg_count() + 1).saturating_sub(first_format);
    if nformats > MAX_LINES_FORMATS {
        return Err(vm.arg_error(MAX_LINES_FORMATS + 2, "too many arguments"));
    }
    let mut upvalues = vec![file, Value::Int(nformats as i64), Value::Bool(close_at_end)];
    upvalues.extend((0..nformats).map(|i| vm.arg(first_format + i)));
    let iterator = vm.new_native_closure(lines_step, &upvalues);
    if close_at_end {
        vm.ret(&[iterator, Value::Nil, Value::Nil, file])
    } else {
        vm.ret1(iterator)
    }
}

fn f_lines(vm: &mut Vm) -> NativeResult {
    let (handle, _) = open_handle_arg(vm, 1)?;
    lines_iterator(vm, Value::UserData(handle), 2, false)
}

fn io_lines(vm: &mut Vm) -> NativeResult {
    if vm.arg(1).is_nil() {
        let input = registry_handle(vm, INPUT_KEY);
        if vm.arg_is_none(1) {
            vm.push(input)?;
        } else {
            vm.set_arg(1, input);
        }
        let (handle, _) = open_handle_arg(vm, 1)?;
        return lines_iterator(vm, Value::UserData(handle), 2, false);
    }
    let name = vm.check_string(1)?;
    let file = open_or_raise(vm, name.as_bytes(), b"r")?;
    lines_iterator(vm, file, 2, true)
}

// ----- writing -----

/// Writes the arguments from `first` on; returns the handle, or a failure. As in the
/// reference, the arguments after a failed write are still checked but not written.
fn write_values(vm: &mut Vm, handle: Gc<UserData>, stream: &SharedStream, first: usize) -> NativeResult {
    let to_stdout = is_stdout(stream);
    flush_stdout_for_process(vm, stream, false);
    let mut outcome = Ok(());
    let mut newline_written = false;
    for i in first..=vm.arg_count() {
        let formatted: Vec<u8>;
        let string;
        let bytes: &[u8] = match vm.arg(i) {
            Value::Int(x) => {
                formatted = x.to_string().into_bytes();
                &formatted
            }
            Value::Float(x) => {
                formatted = selenite_number::printf::format_g(x, 14, false, false);
                &formatted
            }
            _ => {
                string = vm.check_string(i)?;
                string.as_bytes()
            }
        };
        if outcome.is_err() {
            continue;
        }
        newline_written |= bytes.contains(&b'\n');
        outcome = if to_stdout {
            output::write_stdout_checked(vm, bytes)
        } else {
            with_stream(vm, stream, |s| s.write(bytes))?
        };
    }
    if to_stdout && outcome.is_ok() {
        let buffering = with_stream(vm, stream, |s| s.buffering())?;
        if buffering == Buffering::No || (buffering == Buffering::Line && newline_written) {
            outcome = output::flush_stdout(vm);
        }
    }
    match outcome {
        Ok(()) => vm.ret1(Value::UserData(handle)),
        Err(e) => fail_file_result(vm, None, &e),
    }
}

fn f_write(vm: &mut Vm) -> NativeResult {
    let (handle, stream) = open_handle_arg(vm, 1)?;
    write_values(vm, handle, &stream, 2)
}

fn io_write(vm: &mut Vm) -> NativeResult {
    let (handle, stream) = default_stream(vm, OUTPUT_KEY)?;
    write_values(vm, handle, &stream, 1)
}

fn flush_stream(vm: &mut Vm, stream: &SharedStream) -> NativeResult {
    flush_stdout_for_process(vm, stream, false);
    let outcome = if is_stdout(stream) { output::flush_stdout(vm) } else { with_stream(vm, stream, Stream::flush)? };
    match outcome {
        Ok(()) => vm.ret1(Value::Bool(true)),
        Err(e) => fail_file_result(vm, None, &e),
    }
}

fn f_flush(vm: &mut Vm) -> NativeResult {
    let (_, stream) = open_handle_arg(vm, 1)?;
    flush_stream(vm, &stream)
}

fn io_flush(vm: &mut Vm) -> NativeResult {
    let (_, stream) = default_stream(vm, OUTPUT_KEY)?;
    flush_stream(vm, &stream)
}

// ----- positioning and buffering -----

fn f_seek(vm: &mut Vm) -> NativeResult {
    let (_, stream) = open_handle_arg(vm, 1)?;
    let whence = vm.check_option(2, Some("cur"), &["set", "cur", "end"])?;
    let offset = vm.opt_integer(3, 0)?;
    let position = match (whence, u64::try_from(offset)) {
        (0, Ok(from_start)) => SeekFrom::Start(from_start),
        (0, Err(_)) => return fail_file_result(vm, None, &std::io::Error::from_raw_os_error(22)),
        (1, _) => SeekFrom::Current(offset),
        _ => SeekFrom::End(offset),
    };
    if is_stdout(&stream) {
        if let Err(e) = output::flush_stdout(vm) {
            return fail_file_result(vm, None, &e);
        }
    }
    match with_stream(vm, &stream, |s| s.seek(position))? {
        Ok(p) => vm.ret1(Value::Int(i64::try_from(p).unwrap_or(i64::MAX))),
        Err(e) => fail_file_result(vm, None, &e),
    }
}

fn f_setvbuf(vm: &mut Vm) -> NativeResult {
    let (_, stream) = open_handle_arg(vm, 1)?;
    let mode = vm.check_option(2, None, &["no", "full", "line"])?;
    vm.opt_integer(3, stream::BUFFER_SIZE as i64)?;
    let buffering = match mode {
        0 => Buffering::No,
        1 => Buffering::Full,
        _ => Buffering::Line,
    };
    if is_stdout(&stream) {
        let _ = output::flush_stdout(vm);
    }
    match with_stream(vm, &stream, |s| s.set_buffering(buffering))? {
        Ok(()) => vm.ret1(Value::Bool(true)),
        Err(e) => fail_file_result(vm, None, &e),
    }
}
