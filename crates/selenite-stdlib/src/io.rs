//! The io library (manual §6.8): file handles are userdata (`FILE*`) holding a
//! [`Stream`]; `io.read`/`io.write` use the default input and output kept in the
//! registry. Failures return `nil, message, errno` as the reference does.

use crate::io_stream::{Buffering, Handle, Stream};
use crate::output;
use crate::util::{fail_os, grow_buffer, os_error_text, os_path, register};
use selenite_vm::{Gc, LuaError, NativeResult, NativeReturn, Table, UserData, Value, Vm};
use std::io::SeekFrom;

/// The payload of a file handle; `None` once closed.
pub struct LuaFile {
    stream: Option<Stream>,
    /// Standard streams are never really closed.
    standard: bool,
}

const INPUT_KEY: &str = "_IO_input";
const OUTPUT_KEY: &str = "_IO_output";
const METATABLE_KEY: &str = "FILE*";
/// Longest numeral `read("n")` accepts (`L_MAXLENNUM`).
const MAX_NUMERAL: usize = 200;

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
    let mt = vm.new_table();
    let methods = vm.new_table();
    register(
        vm,
        methods,
        &[
            ("close", f_close),
            ("flush", f_flush),
            ("lines", f_lines),
            ("read", f_read),
            ("seek", f_seek),
            ("setvbuf", f_setvbuf),
            ("write", f_write),
        ],
    );
    register(vm, mt, &[("__gc", f_gc), ("__close", f_gc), ("__tostring", f_tostring)]);
    vm.raw_set_str(mt, "__index", Value::Table(methods));
    let name = vm.str_value(METATABLE_KEY);
    vm.raw_set_str(mt, "__name", name);
    let registry = vm.registry();
    vm.raw_set_str(registry, METATABLE_KEY, Value::Table(mt));
    let stdin = new_file(vm, Stream::new(Handle::Stdin), true);
    let stdout = new_file(vm, Stream::new(Handle::Stdout), true);
    let stderr = new_file(vm, Stream::new(Handle::Stderr), true);
    vm.raw_set_str(io, "stdin", stdin);
    vm.raw_set_str(io, "stdout", stdout);
    vm.raw_set_str(io, "stderr", stderr);
    vm.raw_set_str(registry, INPUT_KEY, stdin);
    vm.raw_set_str(registry, OUTPUT_KEY, stdout);
    Value::Table(io)
}

fn file_metatable(vm: &mut Vm) -> Option<Gc<Table>> {
    let registry = vm.registry();
    let key = vm.new_string(METATABLE_KEY.as_bytes());
    registry.get_str(key).as_table()
}

fn new_file(vm: &mut Vm, stream: Stream, standard: bool) -> Value {
    let ud = vm.new_userdata(Box::new(LuaFile { stream: Some(stream), standard }), 0);
    ud.set_metatable(file_metatable(vm));
    let v = Value::UserData(ud);
    if !standard {
        vm.check_finalizer(v);
    }
    v
}

/// The file handle in argument `n`, open or not.
fn to_file(vm: &mut Vm, n: usize) -> Result<Gc<UserData>, LuaError> {
    match vm.arg(n) {
        Value::UserData(u) if u.is::<LuaFile>() => Ok(u),
        _ => Err(vm.type_arg_error(n, METATABLE_KEY)),
    }
}

fn is_closed(u: Gc<UserData>) -> bool {
    u.borrow::<LuaFile>().is_none_or(|f| f.stream.is_none())
}

/// Runs `f` on the open stream of handle `u`.
fn with_stream<R>(vm: &mut Vm, u: Gc<UserData>, f: impl FnOnce(&mut Stream) -> R) -> Result<R, LuaError> {
    let mut file = match u.borrow_mut::<LuaFile>() {
        Some(file) => file,
        None => return Err(vm.error("attempt to use a closed file")),
    };
    match file.stream.as_mut() {
        Some(s) => Ok(f(s)),
        None => {
            drop(file);
            Err(vm.error("attempt to use a closed file"))
        }
    }
}

/// The open file in argument `n`.
fn check_open(vm: &mut Vm, n: usize) -> Result<Gc<UserData>, LuaError> {
    let u = to_file(vm, n)?;
    if is_closed(u) {
        return Err(vm.error("attempt to use a closed file"));
    }
    Ok(u)
}

fn default_file(vm: &mut Vm, key: &str, what: &str) -> Result<Gc<UserData>, LuaError> {
    let registry = vm.registry();
    let k = vm.new_string(key.as_bytes());
    match registry.get_str(k) {
        Value::UserData(u) if !is_closed(u) => Ok(u),
        _ => Err(vm.error(format!("default {what} file is closed"))),
    }
}

// ----- closing -----

/// Closes a handle: `true`, or the reference's failure results for pipes.
fn close_file(vm: &mut Vm, u: Gc<UserData>) -> NativeResult {
    let stream = {
        let Some(mut f) = u.borrow_mut::<LuaFile>() else {
            return vm.ret1(Value::Nil);
        };
        if f.standard {
            // Standard files stay usable; closing them only flushes.
            if let Some(s) = f.stream.as_mut() {
                let _ = s.flush();
            }
            drop(f);
            if u.borrow::<LuaFile>().is_some_and(|f| f.stream.as_ref().is_some_and(|s| s.is_stdout())) {
                let _ = output::flush_stdout(vm);
            }
            let msg = vm.str_value("cannot close standard file");
            return vm.ret(&[Value::Nil, msg]);
        }
        f.stream.take()
    };
    let Some(stream) = stream else {
        return vm.ret1(Value::Nil);
    };
    match stream.close() {
        Ok(None) => vm.ret1(Value::Bool(true)),
        Ok(Some(status)) => exit_status_results(vm, status),
        Err(e) => fail_os(vm, None, &e),
    }
}

/// `true|nil, "exit"|"signal", code` for a finished process.
pub fn exit_status_results(vm: &mut Vm, status: std::process::ExitStatus) -> NativeResult {
    use std::os::unix::process::ExitStatusExt;
    let (what, code) = match (status.code(), status.signal()) {
        (Some(c), _) => ("exit", c as i64),
        (None, Some(s)) => ("signal", s as i64),
        (None, None) => ("exit", 1),
    };
    let ok = if what == "exit" && code == 0 { Value::Bool(true) } else { Value::Nil };
    let w = vm.str_value(what);
    vm.ret(&[ok, w, Value::Int(code)])
}

fn f_close(vm: &mut Vm) -> NativeResult {
    let u = check_open(vm, 1)?;
    close_file(vm, u)
}

fn io_close(vm: &mut Vm) -> NativeResult {
    if vm.arg_is_none(1) {
        let u = default_file(vm, OUTPUT_KEY, "output")?;
        return close_file(vm, u);
    }
    f_close(vm)
}

fn f_gc(vm: &mut Vm) -> NativeResult {
    let u = to_file(vm, 1)?;
    if let Some(mut f) = u.borrow_mut::<LuaFile>() {
        if !f.standard {
            if let Some(s) = f.stream.take() {
                let _ = s.close();
            }
        }
    }
    vm.ret0()
}

fn f_tostring(vm: &mut Vm) -> NativeResult {
    let u = to_file(vm, 1)?;
    let text = if is_closed(u) { "file (closed)".to_string() } else { format!("file ({:#x})", u.addr()) };
    let s = vm.str_value(&text);
    vm.ret1(s)
}

// ----- opening -----

fn check_mode(mode: &[u8]) -> bool {
    let mut m = mode;
    match m.first() {
        Some(b'r' | b'w' | b'a') => m = &m[1..],
        _ => return false,
    }
    if m.first() == Some(&b'+') {
        m = &m[1..];
    }
    m.is_empty() || m == b"b"
}

fn io_open(vm: &mut Vm) -> NativeResult {
    let name = vm.check_string(1)?;
    let mode = vm.opt_string(2)?.map_or(b"r".to_vec(), |m| m.as_bytes().to_vec());
    if !check_mode(&mode) {
        return Err(vm.arg_error(2, "invalid mode"));
    }
    let mut opts = std::fs::OpenOptions::new();
    let plus = mode.contains(&b'+');
    match mode[0] {
        b'r' => opts.read(true).write(plus),
        b'w' => opts.write(true).create(true).truncate(true).read(plus),
        _ => opts.append(true).create(true).read(plus),
    };
    match opts.open(os_path(name.as_bytes())) {
        Ok(f) => {
            let readable = mode[0] == b'r' || plus;
            let writable = mode[0] != b'r' || plus;
            let v = new_file(vm, Stream::file(f, readable, writable), false);
            vm.ret1(v)
        }
        Err(e) => fail_os(vm, Some(&name.to_str_lossy()), &e),
    }
}

fn io_popen(vm: &mut Vm) -> NativeResult {
    let cmd = vm.check_string(1)?;
    let mode = vm.opt_string(2)?.map_or(b"r".to_vec(), |m| m.as_bytes().to_vec());
    if mode != b"r" && mode != b"w" {
        return Err(vm.arg_error(2, "invalid mode"));
    }
    let _ = output::flush_stdout(vm);
    let mut command = std::process::Command::new("/bin/sh");
    command.arg("-c").arg(os_path(cmd.as_bytes()));
    let handle = if mode == b"r" {
        command.stdout(std::process::Stdio::piped());
        match command.spawn() {
            Ok(mut child) => match child.stdout.take() {
                Some(out) => Handle::PipeRead(child, out),
                None => return fail_os(vm, Some(&cmd.to_str_lossy()), &std::io::Error::from_raw_os_error(32)),
            },
            Err(e) => return fail_os(vm, Some(&cmd.to_str_lossy()), &e),
        }
    } else {
        command.stdin(std::process::Stdio::piped());
        match command.spawn() {
            Ok(mut child) => match child.stdin.take() {
                Some(inp) => Handle::PipeWrite(child, inp),
                None => return fail_os(vm, Some(&cmd.to_str_lossy()), &std::io::Error::from_raw_os_error(32)),
            },
            Err(e) => return fail_os(vm, Some(&cmd.to_str_lossy()), &e),
        }
    };
    let v = new_file(vm, Stream::new(handle), false);
    vm.ret1(v)
}

fn io_tmpfile(vm: &mut Vm) -> NativeResult {
    let path = std::env::temp_dir().join(format!(
        "lua_{}_{}",
        std::process::id(),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos())
    ));
    match std::fs::OpenOptions::new().read(true).write(true).create_new(true).open(&path) {
        Ok(f) => {
            // The file disappears once closed, as C's tmpfile does.
            let _ = std::fs::remove_file(&path);
            let v = new_file(vm, Stream::new(Handle::File(f)), false);
            vm.ret1(v)
        }
        Err(e) => fail_os(vm, None, &e),
    }
}

fn io_type(vm: &mut Vm) -> NativeResult {
    vm.check_any(1)?;
    let r = match vm.arg(1) {
        Value::UserData(u) if u.is::<LuaFile>() => {
            if is_closed(u) {
                vm.str_value("closed file")
            } else {
                vm.str_value("file")
            }
        }
        _ => Value::Nil,
    };
    vm.ret1(r)
}

/// `io.input`/`io.output`: get or set a default file.
fn default_io(vm: &mut Vm, key: &str, mode: &[u8]) -> NativeResult {
    let registry = vm.registry();
    if !vm.arg(1).is_nil() {
        let v = match vm.arg(1) {
            Value::Str(name) => {
                let mut opts = std::fs::OpenOptions::new();
                if mode == b"r" {
                    opts.read(true);
                } else {
                    opts.write(true).create(true).truncate(true);
                }
                match opts.open(os_path(name.as_bytes())) {
                    Ok(f) => new_file(vm, Stream::file(f, mode == b"r", mode != b"r"), false),
                    Err(e) => {
                        return Err(vm.error(format!("{}: {}", name.to_str_lossy(), os_error_text(&e))));
                    }
                }
            }
            _ => {
                check_open(vm, 1)?;
                vm.arg(1)
            }
        };
        vm.raw_set_str(registry, key, v);
    }
    let k = vm.new_string(key.as_bytes());
    vm.ret1(registry.get_str(k))
}

fn io_input(vm: &mut Vm) -> NativeResult {
    default_io(vm, INPUT_KEY, b"r")
}

fn io_output(vm: &mut Vm) -> NativeResult {
    default_io(vm, OUTPUT_KEY, b"w")
}

// ----- reading -----

/// A numeral being read by `read("n")`.
struct Numeral {
    buf: Vec<u8>,
    too_long: bool,
}

impl Numeral {
    /// Consumes the next byte if it is in `set`.
    fn accept(&mut self, s: &mut Stream, set: &[u8]) -> std::io::Result<bool> {
        match s.peek()? {
            Some(ch) if set.contains(&ch) => {
                if self.buf.len() >= MAX_NUMERAL {
                    self.too_long = true;
                    return Ok(false);
                }
                self.buf.push(ch);
                s.getc()?;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    fn digits(&mut self, s: &mut Stream, hex: bool) -> std::io::Result<usize> {
        let set: &[u8] = if hex { b"0123456789abcdefABCDEF" } else { b"0123456789" };
        let mut n = 0;
        while self.accept(s, set)? {
            n += 1;
        }
        Ok(n)
    }
}

/// Reads a numeral as C's `l_getn` does: at most 200 characters following the
/// numeral syntax (the first byte that does not fit stays unread), then converts it.
fn read_number(s: &mut Stream) -> std::io::Result<Option<Value>> {
    while s.peek()?.is_some_and(selenite_number::is_space) {
        s.getc()?;
    }
    let mut n = Numeral { buf: Vec::new(), too_long: false };
    n.accept(s, b"-+")?;
    let mut count = 0;
    let mut hex = false;
    if n.accept(s, b"0")? {
        if n.accept(s, b"xX")? {
            hex = true;
        } else {
            count = 1;
        }
    }
    count += n.digits(s, hex)?;
    if n.accept(s, b".")? {
        count += n.digits(s, hex)?;
    }
    if count > 0 && n.accept(s, if hex { b"pP" } else { b"eE" })? {
        n.accept(s, b"-+")?;
        n.digits(s, false)?;
    }
    if n.too_long {
        return Ok(None);
    }
    Ok(match selenite_number::str_to_number(&n.buf) {
        Some(selenite_number::Number::Int(i)) => Some(Value::Int(i)),
        Some(selenite_number::Number::Float(f)) => Some(Value::Float(f)),
        None => None,
    })
}

/// Reads with the formats in arguments `first..`: pushes the results and returns
/// how many (a failed read ends with nil).
fn g_read(vm: &mut Vm, u: Gc<UserData>, first: usize) -> NativeResult {
    let nargs = vm.arg_count().saturating_sub(first - 1);
    let _ = output::flush_stdout(vm);
    let mut results: Vec<Option<Value>> = Vec::new();
    let formats: Vec<Value> = (first..first + nargs).map(|i| vm.arg(i)).collect();
    if formats.is_empty() {
        let line = with_stream(vm, u, |s| s.read_line(false))?;
        match line {
            Ok(l) => results.push(l.map(|b| Value::Str(vm.new_string_from_vec(b)))),
            Err(e) => return fail_os(vm, None, &e),
        }
    }
    for (k, fmt) in formats.iter().enumerate() {
        let argn = first + k;
        let r: std::io::Result<Option<Value>> = match fmt {
            Value::Int(_) | Value::Float(_) => {
                let n = vm.check_integer(argn)?;
                if n == 0 {
                    with_stream(vm, u, |s| s.peek().map(|c| c.map(|_| Value::Nil)))?
                        .map(|o| o.map(|_| Value::Str(vm.new_string(b""))))
                } else {
                    let n = n.max(0) as usize;
                    match with_stream(vm, u, |s| s.read_n(n))? {
                        Ok(b) if b.is_empty() => Ok(None),
                        Ok(b) => Ok(Some(Value::Str(vm.new_string_from_vec(b)))),
                        Err(e) => Err(e),
                    }
                }
            }
            _ => {
                let f = vm.check_string(argn)?;
                let spec = f.as_bytes();
                let spec = spec.strip_prefix(b"*").unwrap_or(spec);
                match spec.first() {
                    Some(b'n') => with_stream(vm, u, read_number)?,
                    Some(b'l') => with_stream(vm, u, |s| s.read_line(false))?
                        .map(|o| o.map(|b| Value::Str(vm.new_string_from_vec(b)))),
                    Some(b'L') => with_stream(vm, u, |s| s.read_line(true))?
                        .map(|o| o.map(|b| Value::Str(vm.new_string_from_vec(b)))),
                    Some(b'a') => {
                        with_stream(vm, u, |s| s.read_all())?.map(|b| Some(Value::Str(vm.new_string_from_vec(b))))
                    }
                    _ => return Err(vm.arg_error(argn, "invalid format")),
                }
            }
        };
        match r {
            Ok(v) => {
                let failed = v.is_none();
                results.push(v);
                if failed {
                    break;
                }
            }
            Err(e) => return fail_os(vm, None, &e),
        }
    }
    vm.grow_stack(results.len())?;
    let n = results.len();
    for r in results {
        vm.push(r.unwrap_or(Value::Nil))?;
    }
    Ok(NativeReturn::Values(n))
}

fn f_read(vm: &mut Vm) -> NativeResult {
    let u = check_open(vm, 1)?;
    g_read(vm, u, 2)
}

fn io_read(vm: &mut Vm) -> NativeResult {
    let u = default_file(vm, INPUT_KEY, "input")?;
    g_read(vm, u, 1)
}

/// `lines` iterator: upvalues are the file, whether to close it at the end, and the
/// formats.
fn lines_step(vm: &mut Vm) -> NativeResult {
    let Value::UserData(u) = vm.native_upvalue(0) else {
        return vm.ret0();
    };
    if is_closed(u) {
        return Err(vm.error("file is already closed"));
    }
    let close_at_end = !vm.native_upvalue(1).is_falsy();
    let Value::Int(nformats) = vm.native_upvalue(2) else {
        return vm.ret0();
    };
    vm.set_stack_len(0)?;
    vm.push(Value::UserData(u))?;
    for i in 0..nformats as usize {
        let f = vm.native_upvalue(3 + i);
        vm.push(f)?;
    }
    let NativeReturn::Values(n) = g_read(vm, u, 2)? else {
        return vm.ret0();
    };
    let first = vm.stack_get(vm.stack_len() + 1 - n);
    if !first.is_falsy() {
        return Ok(NativeReturn::Values(n));
    }
    if n > 1 {
        if let Value::Str(msg) = vm.stack_get(vm.stack_len() + 2 - n) {
            return Err(vm.error(msg.to_str_lossy()));
        }
    }
    if close_at_end {
        if let Some(mut f) = u.borrow_mut::<LuaFile>() {
            if let Some(s) = f.stream.take() {
                let _ = s.close();
            }
        }
    }
    vm.ret0()
}

fn make_lines(vm: &mut Vm, file: Value, first_format: usize, close_at_end: bool) -> NativeResult {
    let n = vm.arg_count().saturating_sub(first_format - 1);
    if n > 250 {
        return Err(vm.arg_error(252, "too many arguments"));
    }
    let mut ups = vec![file, Value::Bool(close_at_end), Value::Int(n as i64)];
    for i in 0..n {
        ups.push(vm.arg(first_format + i));
    }
    let f = vm.new_native_closure(lines_step, &ups);
    if close_at_end {
        vm.ret(&[f, Value::Nil, Value::Nil, file])
    } else {
        vm.ret1(f)
    }
}

fn f_lines(vm: &mut Vm) -> NativeResult {
    let u = check_open(vm, 1)?;
    make_lines(vm, Value::UserData(u), 2, false)
}

fn io_lines(vm: &mut Vm) -> NativeResult {
    if vm.arg(1).is_nil() {
        let u = default_file(vm, INPUT_KEY, "input")?;
        return make_lines(vm, Value::UserData(u), 2, false);
    }
    let name = vm.check_string(1)?;
    match std::fs::File::open(os_path(name.as_bytes())) {
        Ok(f) => {
            let v = new_file(vm, Stream::file(f, true, false), false);
            make_lines(vm, v, 2, true)
        }
        Err(e) => Err(vm.error(format!("{}: {}", name.to_str_lossy(), os_error_text(&e)))),
    }
}

// ----- writing -----

fn g_write(vm: &mut Vm, u: Gc<UserData>, first: usize) -> NativeResult {
    let n = vm.arg_count();
    let mut data = Vec::new();
    for i in first..=n {
        match vm.arg(i) {
            Value::Int(x) => data.extend_from_slice(x.to_string().as_bytes()),
            Value::Float(x) => {
                data.extend_from_slice(selenite_number::printf::format_g(x, 14, false, false).as_bytes())
            }
            _ => {
                let s = vm.check_string(i)?;
                grow_buffer(vm, &mut data, s.len())?;
                data.extend_from_slice(s.as_bytes());
            }
        }
    }
    let to_stdout = u.borrow::<LuaFile>().is_some_and(|f| f.stream.as_ref().is_some_and(|s| s.is_stdout()));
    let r = if to_stdout { output::write_stdout_checked(vm, &data) } else { with_stream(vm, u, |s| s.write(&data))? };
    match r {
        Ok(()) => vm.ret1(Value::UserData(u)),
        Err(e) => fail_os(vm, None, &e),
    }
}

fn f_write(vm: &mut Vm) -> NativeResult {
    let u = check_open(vm, 1)?;
    g_write(vm, u, 2)
}

fn io_write(vm: &mut Vm) -> NativeResult {
    let u = default_file(vm, OUTPUT_KEY, "output")?;
    g_write(vm, u, 1)
}

fn flush_file(vm: &mut Vm, u: Gc<UserData>) -> NativeResult {
    let to_stdout = u.borrow::<LuaFile>().is_some_and(|f| f.stream.as_ref().is_some_and(|s| s.is_stdout()));
    let r = if to_stdout { output::flush_stdout(vm) } else { with_stream(vm, u, |s| s.flush())? };
    match r {
        Ok(()) => vm.ret1(Value::UserData(u)),
        Err(e) => fail_os(vm, None, &e),
    }
}

fn f_flush(vm: &mut Vm) -> NativeResult {
    let u = check_open(vm, 1)?;
    flush_file(vm, u)
}

fn io_flush(vm: &mut Vm) -> NativeResult {
    let u = default_file(vm, OUTPUT_KEY, "output")?;
    flush_file(vm, u)
}

fn f_seek(vm: &mut Vm) -> NativeResult {
    let u = check_open(vm, 1)?;
    let whence = vm.check_option(2, Some("cur"), &["set", "cur", "end"])?;
    let offset = vm.opt_integer(3, 0)?;
    let pos = match whence {
        0 => SeekFrom::Start(offset.max(0) as u64),
        1 => SeekFrom::Current(offset),
        _ => SeekFrom::End(offset),
    };
    if whence == 0 && offset < 0 {
        return fail_os(vm, None, &std::io::Error::from_raw_os_error(22));
    }
    match with_stream(vm, u, |s| s.seek(pos))? {
        Ok(p) => vm.ret1(Value::Int(p as i64)),
        Err(e) => fail_os(vm, None, &e),
    }
}

fn f_setvbuf(vm: &mut Vm) -> NativeResult {
    let u = check_open(vm, 1)?;
    let mode = vm.check_option(2, None, &["no", "full", "line"])?;
    vm.opt_integer(3, 0)?;
    let b = [Buffering::No, Buffering::Full, Buffering::Line][mode];
    with_stream(vm, u, |s| s.buffering = b)?;
    vm.ret1(Value::Bool(true))
}

/// Flushes every buffered output (at exit).
pub fn flush_all(vm: &mut Vm) {
    let _ = output::flush_stdout(vm);
}
