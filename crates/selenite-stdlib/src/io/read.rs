//! Reading with the formats of `io.read`/`file:read`/`lines` (manual §6.8): `"n"`,
//! `"l"`, `"L"`, `"a"` (each optionally after a `*`) and byte counts, read in order
//! until one fails; the failing one gives nil and ends the results. A read error
//! replaces all results by `nil, message, errno`.
//!
//! A numeral is read as the reference reads it: at most 200 bytes that follow the
//! numeral syntax (sign, `0x`, digits, one point, exponent), the first byte that does
//! not fit left unread, and the text converted only at the end, so `"0x"` or a too
//! long numeral consume their bytes and give nil.

use super::stream::Stream;
use super::{fail_file_result, SharedStream};
use selenite_vm::{LuaResult, NativeResult, NativeReturn, Value, Vm};

/// Longest numeral `read("n")` accepts (the reference's `L_MAXLENNUM`).
const MAX_NUMERAL: usize = 200;

/// Reads with the formats in arguments `first..` (a line without any) from `stream`
/// and returns the results.
pub(super) fn read_formats(vm: &mut Vm, stream: &SharedStream, first: usize) -> NativeResult {
    let nargs = (vm.arg_count() + 1).saturating_sub(first);
    let Ok(mut s) = stream.try_lock() else {
        return Err(vm.error("attempt to use a closed file"));
    };
    if s.standard_kind() == Some(super::stream::Standard::Input) && s.input_exhausted() {
        super::prompt_before_input(vm);
    }
    if nargs == 0 {
        let mut line = Vec::new();
        return match s.read_line(&mut line, false) {
            Ok(found) => {
                drop(s);
                let v = string_result(vm, line, found)?;
                vm.ret1(v)
            }
            Err(e) => {
                drop(s);
                fail_file_result(vm, None, &e)
            }
        };
    }
    drop(s);
    let mut count = 0;
    for argn in first..first + nargs {
        let item = read_one(vm, stream, argn)?;
        match item {
            Err(e) => return fail_file_result(vm, None, &e),
            Ok(v) => {
                vm.push(v)?;
                count += 1;
                if v.is_nil() {
                    break;
                }
            }
        }
    }
    Ok(NativeReturn::Values(count))
}

/// A string result, or nil when the read failed; the bytes count against the memory
/// limit.
fn string_result(vm: &mut Vm, bytes: Vec<u8>, success: bool) -> LuaResult<Value> {
    if !success {
        return Ok(Value::Nil);
    }
    vm.reserve_memory(bytes.len())?;
    Ok(Value::Str(vm.new_string_from_vec(bytes)))
}

/// Reads the format in argument `argn`: the value read, nil when the read failed,
/// or the I/O error.
fn read_one(vm: &mut Vm, stream: &SharedStream, argn: usize) -> LuaResult<std::io::Result<Value>> {
    enum Format {
        Count(i64),
        Number,
        Line { keep_newline: bool },
        All,
    }
    let format = match vm.arg(argn) {
        Value::Int(_) | Value::Float(_) => Format::Count(vm.check_integer(argn)?),
        _ => {
            let spec = vm.check_string(argn)?;
            let bytes = spec.as_bytes();
            match bytes.strip_prefix(b"*").unwrap_or(bytes).first() {
                Some(b'n') => Format::Number,
                Some(b'l') => Format::Line { keep_newline: false },
                Some(b'L') => Format::Line { keep_newline: true },
                Some(b'a') => Format::All,
                _ => return Err(vm.arg_error(argn, "invalid format")),
            }
        }
    };
    let mut buf = match format {
        Format::Count(n) if n != 0 => {
            // The reference sizes its buffer for the whole count first, so a count no
            // allocation can hold (a negative one among them) runs out of memory.
            let wanted = usize::try_from(n).map_err(|_| vm.memory_error())?;
            vm.reserve_string_buffer(wanted)?
        }
        _ => Vec::new(),
    };
    let Ok(mut s) = stream.try_lock() else {
        return Err(vm.error("attempt to use a closed file"));
    };
    let outcome = match format {
        Format::Count(0) => s.peek().map(|c| c.is_some()),
        Format::Count(n) => {
            let wanted = usize::try_from(n).unwrap_or(0);
            s.read_up_to(&mut buf, wanted).map(|()| !buf.is_empty())
        }
        Format::Number => {
            let numeral = read_numeral(&mut s);
            drop(s);
            return Ok(numeral.map(|n| n.unwrap_or(Value::Nil)));
        }
        Format::Line { keep_newline } => s.read_line(&mut buf, keep_newline),
        Format::All => s.read_to_end(&mut buf).map(|()| true),
    };
    drop(s);
    match outcome {
        Ok(success) => {
            if buf.capacity() > 2 * buf.len() + 64 {
                buf.shrink_to_fit();
            }
            Ok(Ok(string_result(vm, buf, success)?))
        }
        Err(e) => Ok(Err(e)),
    }
}

/// The bytes of a numeral being read, at most [`MAX_NUMERAL`].
struct Numeral<'a> {
    stream: &'a mut Stream,
    text: Vec<u8>,
    /// A byte that fits the syntax found no room: the text is no numeral.
    too_long: bool,
}

impl Numeral<'_> {
    /// Takes the next byte if `accepts` it and there is room for it.
    fn take_if(&mut self, accepts: impl Fn(u8) -> bool) -> std::io::Result<bool> {
        match self.stream.peek()? {
            Some(c) if accepts(c) && self.text.len() < MAX_NUMERAL => {
                self.text.push(c);
                self.stream.advance();
                Ok(true)
            }
            Some(c) if accepts(c) => {
                self.too_long = true;
                Ok(false)
            }
            _ => Ok(false),
        }
    }

    fn take_one_of(&mut self, set: &[u8; 2]) -> std::io::Result<bool> {
        self.take_if(|c| set.contains(&c))
    }

    /// Takes a run of (hexadecimal) digits; returns how many.
    fn take_digits(&mut self, hex: bool) -> std::io::Result<usize> {
        let mut count = 0;
        while self.take_if(|c| if hex { c.is_ascii_hexdigit() } else { c.is_ascii_digit() })? {
            count += 1;
        }
        Ok(count)
    }
}

/// `read("n")`: a number, or `None` when the bytes read do not make one.
fn read_numeral(stream: &mut Stream) -> std::io::Result<Option<Value>> {
    while stream.peek()?.is_some_and(selenite_number::is_space) {
        stream.advance();
    }
    let mut n = Numeral { stream, text: Vec::new(), too_long: false };
    n.take_one_of(b"-+")?;
    let mut digits = 0;
    let mut hex = false;
    if n.take_one_of(b"00")? {
        if n.take_one_of(b"xX")? {
            hex = true;
        } else {
            digits = 1;
        }
    }
    digits += n.take_digits(hex)?;
    if n.take_one_of(b"..")? {
        digits += n.take_digits(hex)?;
    }
    if digits > 0 && n.take_one_of(if hex { b"pP" } else { b"eE" })? {
        n.take_one_of(b"-+")?;
        n.take_digits(false)?;
    }
    if n.too_long {
        return Ok(None);
    }
    Ok(match selenite_number::str_to_number(&n.text) {
        Some(selenite_number::Number::Int(i)) => Some(Value::Int(i)),
        Some(selenite_number::Number::Float(f)) => Some(Value::Float(f)),
        None => None,
    })
}
