//! String functions built on the byte-string engines of `selenite-text` (patterns,
//! `format`, `pack`) and on the bytecode writer (`dump`).
//!
//! `gsub` with a function or table replacement calls back into Lua; everything it
//! holds across those calls is either on the Lua stack (subject, pattern,
//! replacement are arguments) or in Rust buffers, so a collection during a callback
//! cannot free it.

use crate::string::start_pos;
use crate::util::{grow_buffer, register};
use selenite_text::format::{self as fmt, Piece};
use selenite_text::pack::{self, FormatError, Kind};
use selenite_text::pattern::{self, Capture, Matcher, PatternError};
use selenite_vm::{Gc, LuaError, LuaStr, NativeResult, NativeReturn, Table, Value, Vm};
use std::cell::Cell;

/// Adds these functions to the string library table.
pub fn register_all(vm: &mut Vm, t: Gc<Table>) {
    register(
        vm,
        t,
        &[
            ("dump", dump),
            ("find", find),
            ("format", format),
            ("gmatch", gmatch),
            ("gsub", gsub),
            ("match", match_),
            ("pack", pack_),
            ("packsize", packsize),
            ("unpack", unpack),
        ],
    );
}

fn pattern_error(vm: &mut Vm, e: PatternError) -> LuaError {
    vm.error(e.0)
}

fn capture_value(vm: &mut Vm, src: &[u8], c: Capture) -> Value {
    match c {
        Capture::Str { start, len } => Value::Str(vm.new_string(&src[start..start + len])),
        Capture::Position(p) => Value::Int(p as i64),
    }
}

/// Pushes the captures of a match `s..e` (the whole match if there are none).
fn push_captures(vm: &mut Vm, m: &Matcher<'_>, src: &[u8], s: usize, e: usize, whole: bool) -> Result<usize, LuaError> {
    let count = capture_count(m, whole);
    // Every capture is checked before any is pushed, as the reference does.
    for i in 0..count {
        m.capture(i, s, e).map_err(|err| pattern_error(vm, err))?;
    }
    vm.grow_stack(count)?;
    for i in 0..count {
        let capture = m.capture(i, s, e).map_err(|err| pattern_error(vm, err))?;
        let v = capture_value(vm, src, capture);
        vm.push(v)?;
    }
    Ok(count)
}

/// Number of values a match gives: its captures, or the whole match if there are
/// none and `whole`.
fn capture_count(m: &Matcher<'_>, whole: bool) -> usize {
    if m.level() == 0 && whole {
        1
    } else {
        m.level()
    }
}

/// Fills `values` with the captures of a match `s..e` (the whole match if there are
/// none), the arguments of a `gsub` function, and returns how many there are. Every
/// capture is checked before any value is made, as the reference does.
fn capture_values(
    vm: &mut Vm,
    m: &Matcher<'_>,
    src: &[u8],
    (s, e): (usize, usize),
    values: &mut [Value; pattern::MAX_CAPTURES],
) -> Result<usize, LuaError> {
    let count = capture_count(m, true);
    let mut captures = [Capture::Position(0); pattern::MAX_CAPTURES];
    for (i, slot) in captures.iter_mut().enumerate().take(count) {
        *slot = m.capture(i, s, e).map_err(|err| pattern_error(vm, err))?;
    }
    for (value, &capture) in values.iter_mut().zip(&captures).take(count) {
        *value = capture_value(vm, src, capture);
    }
    Ok(count)
}

fn find_aux(vm: &mut Vm, is_find: bool) -> NativeResult {
    let s = vm.check_string(1)?;
    let p = vm.check_string(2)?;
    let src = s.as_bytes();
    let pat = p.as_bytes();
    let init = start_pos(vm.opt_integer(3, 1)?, src.len());
    if init > src.len() + 1 {
        return vm.ret1(Value::Nil);
    }
    let init = init - 1;
    if is_find && (!vm.arg(4).is_falsy() || pattern::is_plain(pat)) {
        return match pattern::find_plain(&src[init..], pat) {
            Some(pos) => vm.ret(&[Value::Int((init + pos + 1) as i64), Value::Int((init + pos + pat.len()) as i64)]),
            None => vm.ret1(Value::Nil),
        };
    }
    let (anchor, pstart) = if pat.first() == Some(&b'^') { (true, 1) } else { (false, 0) };
    let pat = &pat[pstart..];
    let mut m = Matcher::for_search(src, pat, anchor);
    let mut s1 = init;
    loop {
        if !anchor {
            match m.next_candidate(s1).map_err(|e| pattern_error(vm, e))? {
                Some(candidate) => s1 = candidate,
                None => break,
            }
        }
        m.reset();
        match m.do_match(s1, 0) {
            Err(e) => return Err(pattern_error(vm, e)),
            Ok(Some(e)) => {
                if is_find {
                    vm.push(Value::Int(s1 as i64 + 1))?;
                    vm.push(Value::Int(e as i64))?;
                    let n = push_captures(vm, &m, src, s1, e, false)?;
                    return Ok(NativeReturn::Values(n + 2));
                }
                let n = push_captures(vm, &m, src, s1, e, true)?;
                return Ok(NativeReturn::Values(n));
            }
            Ok(None) => {}
        }
        s1 += 1;
        if anchor || s1 > src.len() {
            break;
        }
    }
    vm.ret1(Value::Nil)
}

fn find(vm: &mut Vm) -> NativeResult {
    find_aux(vm, true)
}

fn match_(vm: &mut Vm) -> NativeResult {
    find_aux(vm, false)
}

fn gmatch(vm: &mut Vm) -> NativeResult {
    let s = vm.check_string(1)?;
    let p = vm.check_string(2)?;
    let init = start_pos(vm.opt_integer(3, 1)?, s.len());
    let pos = if init > s.len() + 1 { s.len() + 1 } else { init - 1 };
    // Upvalues: subject, pattern, next position, end of the last match (-1: none).
    let f = vm.new_native_closure(gmatch_step, &[Value::Str(s), Value::Str(p), Value::Int(pos as i64), Value::Int(-1)]);
    vm.ret1(f)
}

fn gmatch_step(vm: &mut Vm) -> NativeResult {
    let (Value::Str(s), Value::Str(p), Value::Int(pos), Value::Int(last)) =
        (vm.native_upvalue(0), vm.native_upvalue(1), vm.native_upvalue(2), vm.native_upvalue(3))
    else {
        return vm.ret0();
    };
    let src = s.as_bytes();
    let mut m = Matcher::new(src, p.as_bytes());
    let mut start = pos as usize;
    while start <= src.len() {
        match m.next_candidate(start).map_err(|e| pattern_error(vm, e))? {
            Some(candidate) => start = candidate,
            None => break,
        }
        m.reset();
        match m.do_match(start, 0) {
            Err(e) => return Err(pattern_error(vm, e)),
            Ok(Some(e)) if e as i64 != last => {
                vm.set_native_upvalue(2, Value::Int(e as i64));
                vm.set_native_upvalue(3, Value::Int(e as i64));
                let n = push_captures(vm, &m, src, start, e, true)?;
                return Ok(NativeReturn::Values(n));
            }
            _ => start += 1,
        }
    }
    vm.set_native_upvalue(2, Value::Int(src.len() as i64 + 1));
    vm.ret0()
}

fn gsub(vm: &mut Vm) -> NativeResult {
    let s = vm.check_string(1)?;
    let p = vm.check_string(2)?;
    let repl = vm.arg(3);
    if !matches!(repl, Value::Int(_) | Value::Float(_) | Value::Str(_) | Value::Table(_)) && !repl.is_function() {
        return Err(vm.type_arg_error(3, "string/function/table"));
    }
    let repl = match repl {
        Value::Int(_) | Value::Float(_) => Value::Str(vm.check_string(3)?),
        other => other,
    };
    let src = s.as_bytes();
    let max_n = vm.opt_integer(4, src.len() as i64 + 1)?;
    let full_pat = p.as_bytes();
    let (anchor, pat) = match full_pat.first() {
        Some(b'^') => (true, &full_pat[1..]),
        _ => (false, full_pat),
    };
    let mut m = Matcher::for_search(src, pat, anchor);
    let mut out: Vec<u8> = Vec::new();
    // Expanded replacement strings, reused from match to match.
    let mut piece = Vec::new();
    let mut pos = 0usize;
    let mut last_match: Option<usize> = None;
    let mut n: i64 = 0;
    let mut changed = false;
    while n < max_n {
        if !anchor {
            // Positions where no match can start are copied as they are, at once.
            let candidate = m.next_candidate(pos).map_err(|e| pattern_error(vm, e))?;
            let skip_to = candidate.unwrap_or(src.len());
            let skipped = src.get(pos..skip_to).unwrap_or_default();
            grow_buffer(vm, &mut out, skipped.len())?;
            out.extend_from_slice(skipped);
            pos = skip_to;
            if candidate.is_none() {
                break;
            }
        }
        m.reset();
        let found = m.do_match(pos, 0).map_err(|e| pattern_error(vm, e))?;
        match found {
            Some(e) if Some(e) != last_match => {
                n += 1;
                changed |= add_value(vm, &m, src, (pos, e), repl, &mut out, &mut piece)?;
                pos = e;
                last_match = Some(e);
            }
            _ if pos < src.len() => {
                grow_buffer(vm, &mut out, 1)?;
                out.push(src[pos]);
                pos += 1;
            }
            _ => break,
        }
        if anchor {
            break;
        }
    }
    let result = if !changed {
        s
    } else {
        grow_buffer(vm, &mut out, src.len() - pos.min(src.len()))?;
        out.extend_from_slice(&src[pos.min(src.len())..]);
        vm.new_string_from_vec(out)
    };
    vm.ret(&[Value::Str(result), Value::Int(n)])
}

/// Appends the replacement for the match `s..e`; false if the match was kept as it
/// was (a table or function gave nil or false). `piece` is scratch space for an
/// expanded replacement string.
fn add_value(
    vm: &mut Vm,
    m: &Matcher<'_>,
    src: &[u8],
    (s, e): (usize, usize),
    repl: Value,
    out: &mut Vec<u8>,
    piece: &mut Vec<u8>,
) -> Result<bool, LuaError> {
    let value = match repl {
        Value::Str(r) => {
            piece.clear();
            pattern::expand_replacement(r.as_bytes(), m, s, e, src, piece).map_err(|err| pattern_error(vm, err))?;
            grow_buffer(vm, out, piece.len())?;
            out.extend_from_slice(piece);
            return Ok(true);
        }
        Value::Table(t) => {
            let first = m.capture(0, s, e).map_err(|err| pattern_error(vm, err))?;
            let key = capture_value(vm, src, first);
            vm.index(Value::Table(t), key)?
        }
        f => {
            let mut args = [Value::Nil; pattern::MAX_CAPTURES];
            let count = capture_values(vm, m, src, (s, e), &mut args)?;
            vm.call1(f, &args[..count])?
        }
    };
    match value {
        Value::Nil | Value::Bool(false) => {
            grow_buffer(vm, out, e - s)?;
            out.extend_from_slice(&src[s..e]);
            return Ok(false);
        }
        Value::Str(_) | Value::Int(_) | Value::Float(_) => {
            // Converted as `lua_tolstring` does, without `__tostring` (which a
            // string's metatable may have).
            let text = match value {
                Value::Str(text) => text,
                number => vm.number_to_str(&number).unwrap_or_else(|| vm.new_string(b"")),
            };
            grow_buffer(vm, out, text.len())?;
            out.extend_from_slice(text.as_bytes());
        }
        other => {
            return Err(vm.error(format!("invalid replacement value (a {})", other.type_name())));
        }
    }
    Ok(true)
}

thread_local! {
    /// The output and item buffers of `format`, kept between calls so that a call
    /// allocates nothing but its result. A call made while another one runs (from a
    /// `__tostring`) finds them taken and starts with empty ones.
    static FORMAT_BUFFERS: Cell<(Vec<u8>, Vec<u8>)> = const { Cell::new((Vec::new(), Vec::new())) };
}

/// Largest buffer `format` keeps for the next call: a huge result's buffer is freed.
const FORMAT_BUFFER_KEPT: usize = 4096;

fn format(vm: &mut Vm) -> NativeResult {
    let f = vm.check_string(1)?;
    fmt::check_item_lengths(f.as_bytes()).map_err(|m| vm.error(m))?;
    // Each numeric or quoted item is written to `item` first, so that `out` grows
    // through `grow_buffer` by the item's exact length.
    let (mut out, mut item) = FORMAT_BUFFERS.take();
    out.clear();
    let result = format_into(vm, &f, &mut out, &mut item);
    let s = result.map(|()| vm.new_string(&out));
    if out.capacity() <= FORMAT_BUFFER_KEPT && item.capacity() <= FORMAT_BUFFER_KEPT {
        FORMAT_BUFFERS.set((out, item));
    }
    vm.ret1(Value::Str(s?))
}

/// Appends the result of `string.format` with format string `f` to `out`.
fn format_into(vm: &mut Vm, f: &LuaStr, out: &mut Vec<u8>, item: &mut Vec<u8>) -> Result<(), LuaError> {
    let top = vm.arg_count();
    let mut arg = 1;
    for piece in fmt::pieces(f.as_bytes()) {
        let (conv, form) = match piece {
            Piece::Literal(l) => {
                out.extend_from_slice(l);
                continue;
            }
            Piece::Conversion { conv, form } => (conv, form),
        };
        arg += 1;
        if arg > top {
            return Err(vm.arg_error(arg, "no value"));
        }
        item.clear();
        match conv {
            b'c' => {
                let spec = fmt::check(form, b"-", false).map_err(|m| vm.error(m))?;
                let n = vm.check_integer(arg)?;
                fmt::write_char(&spec, n, item);
            }
            b'd' | b'i' | b'u' | b'o' | b'x' | b'X' => {
                let n = vm.check_integer(arg)?;
                let flags: &[u8] = match conv {
                    b'd' | b'i' => b"-+0 ",
                    b'u' => b"-0",
                    _ => b"-#0",
                };
                let spec = fmt::check(form, flags, true).map_err(|m| vm.error(m))?;
                fmt::write_integer(conv, &spec, n, item);
            }
            b'a' | b'A' | b'e' | b'E' | b'f' | b'g' | b'G' => {
                let x = vm.check_float(arg)?;
                let spec = fmt::check(form, b"-+#0 ", true).map_err(|m| vm.error(m))?;
                fmt::write_float(conv, &spec, x, item);
            }
            b'p' => {
                let spec = fmt::check(form, b"-", false).map_err(|m| vm.error(m))?;
                let v = vm.arg(arg);
                let id = match v {
                    Value::Table(_)
                    | Value::LuaFn(_)
                    | Value::NativeFn(_)
                    | Value::NativeClosure(_)
                    | Value::UserData(_)
                    | Value::Thread(_)
                    | Value::LightUserData(_)
                    | Value::Str(_) => v.identity(),
                    _ => 0,
                };
                fmt::write_pointer(&spec, id, item);
            }
            b'q' => {
                if form.len() > 2 {
                    return Err(vm.error("specifier '%q' cannot have modifiers"));
                }
                match vm.arg(arg) {
                    Value::Str(s) => fmt::quote_string(s.as_bytes(), item),
                    Value::Int(i) => fmt::quote_integer(i, item),
                    Value::Float(x) => item.extend_from_slice(fmt::quote_float(x).as_bytes()),
                    v @ (Value::Nil | Value::Bool(_)) => {
                        let s = vm.to_display_string(v)?;
                        item.extend_from_slice(s.as_bytes());
                    }
                    _ => return Err(vm.arg_error(arg, "value has no literal form")),
                }
            }
            b's' => {
                let s = vm.to_display_string(vm.arg(arg))?;
                if form.len() > 2 {
                    if s.as_bytes().contains(&0) {
                        return Err(vm.arg_error(arg, "string contains zeros"));
                    }
                    let spec = fmt::check(form, b"-", true).map_err(|m| vm.error(m))?;
                    if spec.precision.is_some() || s.len() < 100 {
                        fmt::write_padded_string(&spec, s.as_bytes(), item);
                        grow_buffer(vm, out, item.len())?;
                        out.extend_from_slice(item);
                        continue;
                    }
                }
                // Copied whole: straight from the string, with no copy in `item`.
                grow_buffer(vm, out, s.len())?;
                out.extend_from_slice(s.as_bytes());
                continue;
            }
            _ => return Err(vm.error(fmt::invalid_conversion(form))),
        }
        grow_buffer(vm, out, item.len())?;
        out.extend_from_slice(item);
    }
    Ok(())
}

fn format_error(vm: &mut Vm, e: FormatError) -> LuaError {
    match e {
        FormatError::Plain(m) => vm.error(m),
        FormatError::Arg(m) => vm.arg_error(1, &m),
    }
}

fn pack_(vm: &mut Vm) -> NativeResult {
    let f = vm.check_string(1)?;
    // The reference pushes a nil after the arguments (its mark before the buffer), so
    // the first missing value is reported as "got nil" rather than "got no value".
    vm.push(Value::Nil)?;
    let mut h = pack::Header::new(f.as_bytes());
    let mut out: Vec<u8> = Vec::new();
    let mut arg = 1;
    let mut total = 0usize;
    while !h.done() {
        let (kind, size, pad) = h.next(total).map_err(|e| format_error(vm, e))?;
        total += pad + size;
        out.resize(out.len() + pad, 0);
        arg += 1;
        match kind {
            Kind::Int => {
                let n = vm.check_integer(arg)?;
                if size < pack::LUA_INT_SIZE {
                    let lim = 1i64 << (size * 8 - 1);
                    if !(-lim <= n && n < lim) {
                        return Err(vm.arg_error(arg, "integer overflow"));
                    }
                }
                pack::pack_int(&mut out, n as u64, h.little, size, n < 0);
            }
            Kind::Uint => {
                let n = vm.check_integer(arg)?;
                if size < pack::LUA_INT_SIZE && (n as u64) >= (1u64 << (size * 8)) {
                    return Err(vm.arg_error(arg, "unsigned overflow"));
                }
                pack::pack_int(&mut out, n as u64, h.little, size, false);
            }
            Kind::Float | Kind::Number | Kind::Double => {
                let x = vm.check_float(arg)?;
                let mut bytes =
                    if kind == Kind::Float { (x as f32).to_le_bytes().to_vec() } else { x.to_le_bytes().to_vec() };
                if !h.little {
                    bytes.reverse();
                }
                out.extend_from_slice(&bytes);
            }
            Kind::Char => {
                let s = vm.check_string(arg)?;
                if s.len() > size {
                    return Err(vm.arg_error(arg, "string longer than given size"));
                }
                grow_buffer(vm, &mut out, size)?;
                out.extend_from_slice(s.as_bytes());
                out.resize(out.len() + size - s.len(), 0);
            }
            Kind::String => {
                let s = vm.check_string(arg)?;
                if size < 8 && (s.len() as u64) >= (1u64 << (size * 8)) {
                    return Err(vm.arg_error(arg, "string length does not fit in given size"));
                }
                pack::pack_int(&mut out, s.len() as u64, h.little, size, false);
                grow_buffer(vm, &mut out, s.len())?;
                out.extend_from_slice(s.as_bytes());
                total += s.len();
            }
            Kind::Zstr => {
                let s = vm.check_string(arg)?;
                if s.as_bytes().contains(&0) {
                    return Err(vm.arg_error(arg, "string contains zeros"));
                }
                grow_buffer(vm, &mut out, s.len() + 1)?;
                out.extend_from_slice(s.as_bytes());
                out.push(0);
                total += s.len() + 1;
            }
            Kind::Padding => {
                out.push(0);
                arg -= 1;
            }
            Kind::PadAlign | Kind::Nop => arg -= 1,
        }
    }
    let s = vm.new_string_from_vec(out);
    vm.ret1(Value::Str(s))
}

fn packsize(vm: &mut Vm) -> NativeResult {
    let f = vm.check_string(1)?;
    let mut h = pack::Header::new(f.as_bytes());
    let mut total: usize = 0;
    while !h.done() {
        let (kind, size, pad) = h.next(total).map_err(|e| format_error(vm, e))?;
        if kind == Kind::String || kind == Kind::Zstr {
            return Err(vm.arg_error(1, "variable-length format"));
        }
        let size = size + pad;
        if total > i32::MAX as usize - size {
            return Err(vm.arg_error(1, "format result too large"));
        }
        total += size;
    }
    vm.ret1(Value::Int(total as i64))
}

fn unpack(vm: &mut Vm) -> NativeResult {
    let f = vm.check_string(1)?;
    let data_s = vm.check_string(2)?;
    let data = data_s.as_bytes();
    let ld = data.len();
    let mut pos = start_pos(vm.opt_integer(3, 1)?, ld) - 1;
    if pos > ld {
        return Err(vm.arg_error(3, "initial position out of string"));
    }
    let mut h = pack::Header::new(f.as_bytes());
    let mut n = 0;
    while !h.done() {
        let (kind, size, pad) = h.next(pos).map_err(|e| format_error(vm, e))?;
        if pad + size > ld - pos {
            return Err(vm.arg_error(2, "data string too short"));
        }
        pos += pad;
        if vm.grow_stack(2).is_err() {
            return Err(vm.error("stack overflow (too many results)"));
        }
        let v = match kind {
            Kind::Int | Kind::Uint => {
                let r = pack::unpack_int(&data[pos..pos + size], h.little, size, kind == Kind::Int)
                    .map_err(|m| vm.error(m))?;
                Value::Int(r)
            }
            Kind::Float => {
                let mut b = [0u8; 4];
                b.copy_from_slice(&data[pos..pos + 4]);
                if !h.little {
                    b.reverse();
                }
                Value::Float(f32::from_le_bytes(b) as f64)
            }
            Kind::Number | Kind::Double => {
                let mut b = [0u8; 8];
                b.copy_from_slice(&data[pos..pos + 8]);
                if !h.little {
                    b.reverse();
                }
                Value::Float(f64::from_le_bytes(b))
            }
            Kind::Char => Value::Str(vm.new_string(&data[pos..pos + size])),
            Kind::String => {
                let len =
                    pack::unpack_int(&data[pos..pos + size], h.little, size, false).map_err(|m| vm.error(m))? as u64;
                if len > (ld - pos - size) as u64 {
                    return Err(vm.arg_error(2, "data string too short"));
                }
                let len = len as usize;
                let v = Value::Str(vm.new_string(&data[pos + size..pos + size + len]));
                pos += len;
                v
            }
            Kind::Zstr => {
                let len = data[pos..].iter().position(|&c| c == 0).unwrap_or(ld - pos);
                if pos + len >= ld {
                    return Err(vm.arg_error(2, "unfinished string for format 'z'"));
                }
                let v = Value::Str(vm.new_string(&data[pos..pos + len]));
                pos += len + 1;
                v
            }
            Kind::PadAlign | Kind::Padding | Kind::Nop => {
                pos += size;
                continue;
            }
        };
        vm.push(v)?;
        n += 1;
        pos += size;
    }
    vm.push(Value::Int(pos as i64 + 1))?;
    Ok(NativeReturn::Values(n + 1))
}

fn dump(vm: &mut Vm) -> NativeResult {
    let f = vm.arg(1);
    let strip = !vm.arg(2).is_falsy();
    if !f.is_function() {
        return Err(vm.type_arg_error(1, "function"));
    }
    let Some(proto) = vm.proto_to_bytecode(&f) else {
        return Err(vm.error("unable to dump given function"));
    };
    let bytes = selenite_bytecode::dump(&proto, strip);
    let s = vm.new_string_from_vec(bytes);
    vm.ret1(Value::Str(s))
}
