//! `string.pack`, `string.unpack` and `string.packsize`: format parsing, alignment,
//! endianness and the encodings, as the reference defines them on a 64-bit machine
//! (`short` 2 bytes, `int` 4, `long`, `size_t` and Lua integers 8, native order
//! little-endian, native maximum alignment 8).
//!
//! [`pack`], [`unpack`] and [`packsize`] run a whole call and report errors in the
//! reference's order and words ([`PackError`] says which argument a "bad argument"
//! error is about). [`Header`], [`pack_int`] and [`unpack_int`] are the lower-level
//! pieces they are made of. The format is a C string to the reference: it ends at its
//! first NUL byte.

/// Largest integer size (`MAXINTSIZE`).
pub const MAX_INT_SIZE: usize = 16;
/// Size of a Lua integer.
pub const LUA_INT_SIZE: usize = 8;
const NATIVE_MAX_ALIGN: usize = 8;
/// Largest total size and string size the reference handles (`MAXSIZE`: `INT_MAX`).
const MAX_SIZE: usize = i32::MAX as usize;

/// Kinds of format options (`KOption`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Signed integer (`b h i l j`).
    Int,
    /// Unsigned integer (`B H I L J T`).
    Uint,
    /// C float (`f`).
    Float,
    /// Lua float (`n`).
    Number,
    /// C double (`d`).
    Double,
    /// Fixed-size string (`cn`).
    Char,
    /// String preceded by its length (`s[n]`).
    String,
    /// Zero-terminated string (`z`).
    Zstr,
    /// One byte of padding (`x`).
    Padding,
    /// Alignment to the next option's size (`Xop`).
    PadAlign,
    /// No data: spaces and settings (`< > = !`).
    Nop,
}

/// An error in a format string from [`Header`]: `Arg` errors are "bad argument"
/// errors about argument 1 (the format), `Plain` ones are raised as they are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatError {
    Plain(String),
    Arg(String),
}

/// An error of a whole `pack`, `unpack` or `packsize` call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PackError {
    /// Raised as is (`luaL_error`).
    Message(String),
    /// `bad argument #arg to '<function>' (message)`; `arg` counts the format as 1.
    BadArgument { arg: usize, message: String },
}

impl From<FormatError> for PackError {
    fn from(e: FormatError) -> PackError {
        match e {
            FormatError::Plain(message) => PackError::Message(message),
            FormatError::Arg(message) => PackError::BadArgument { arg: 1, message },
        }
    }
}

fn bad_argument<T>(arg: usize, message: &str) -> Result<T, PackError> {
    Err(PackError::BadArgument { arg, message: message.to_string() })
}

/// Parsing state of a format: position and the current settings.
pub struct Header<'a> {
    fmt: &'a [u8],
    pos: usize,
    /// Byte order of the integers and floats that follow.
    pub little: bool,
    max_align: usize,
}

impl<'a> Header<'a> {
    pub fn new(fmt: &'a [u8]) -> Header<'a> {
        let end = fmt.iter().position(|&c| c == 0).unwrap_or(fmt.len());
        Header { fmt: &fmt[..end], pos: 0, little: true, max_align: 1 }
    }

    /// Whether the whole format has been read.
    pub fn done(&self) -> bool {
        self.pos >= self.fmt.len()
    }

    fn peek(&self) -> u8 {
        self.fmt.get(self.pos).copied().unwrap_or(0)
    }

    /// A decimal number (`getnum`): it stops before growing past what a C `int`
    /// holds, leaving the remaining digits to be read as options.
    fn num(&mut self, default: usize) -> usize {
        if !self.peek().is_ascii_digit() {
            return default;
        }
        let mut value = 0usize;
        loop {
            value = value * 10 + usize::from(self.peek() - b'0');
            self.pos += 1;
            if !(self.peek().is_ascii_digit() && value <= (MAX_SIZE - 9) / 10) {
                return value;
            }
        }
    }

    fn num_limit(&mut self, default: usize) -> Result<usize, FormatError> {
        let size = self.num(default);
        if size > MAX_INT_SIZE || size == 0 {
            return Err(FormatError::Plain(format!("integral size ({size}) out of limits [1,{MAX_INT_SIZE}]")));
        }
        Ok(size)
    }

    fn option(&mut self) -> Result<(Kind, usize), FormatError> {
        let opt = self.peek();
        self.pos += 1;
        Ok(match opt {
            b'b' => (Kind::Int, 1),
            b'B' => (Kind::Uint, 1),
            b'h' => (Kind::Int, 2),
            b'H' => (Kind::Uint, 2),
            b'l' | b'j' => (Kind::Int, 8),
            b'L' | b'J' | b'T' => (Kind::Uint, 8),
            b'f' => (Kind::Float, 4),
            b'n' => (Kind::Number, 8),
            b'd' => (Kind::Double, 8),
            b'i' => (Kind::Int, self.num_limit(4)?),
            b'I' => (Kind::Uint, self.num_limit(4)?),
            b's' => (Kind::String, self.num_limit(8)?),
            b'c' => match self.num(usize::MAX) {
                usize::MAX => return Err(FormatError::Plain("missing size for format option 'c'".into())),
                n => (Kind::Char, n),
            },
            b'z' => (Kind::Zstr, 0),
            b'x' => (Kind::Padding, 1),
            b'X' => (Kind::PadAlign, 0),
            b' ' => (Kind::Nop, 0),
            b'<' | b'=' => {
                self.little = true;
                (Kind::Nop, 0)
            }
            b'>' => {
                self.little = false;
                (Kind::Nop, 0)
            }
            b'!' => {
                self.max_align = self.num_limit(NATIVE_MAX_ALIGN)?;
                (Kind::Nop, 0)
            }
            other => {
                let shown = String::from_utf8_lossy(&[other]).into_owned();
                return Err(FormatError::Plain(format!("invalid format option '{shown}'")));
            }
        })
    }

    /// The next option (`getdetails`): its kind, its size and the padding needed
    /// before it when the data so far is `total` bytes long.
    pub fn next(&mut self, total: usize) -> Result<(Kind, usize, usize), FormatError> {
        let (kind, size) = self.option()?;
        let mut align = size;
        if kind == Kind::PadAlign {
            let invalid = || FormatError::Arg("invalid next option for option 'X'".into());
            if self.done() {
                return Err(invalid());
            }
            let (next_kind, next_size) = self.option()?;
            align = next_size;
            if next_kind == Kind::Char || align == 0 {
                return Err(invalid());
            }
        }
        if align <= 1 || kind == Kind::Char {
            return Ok((kind, size, 0));
        }
        let align = align.min(self.max_align);
        if !align.is_power_of_two() {
            return Err(FormatError::Arg("format asks for alignment not power of 2".into()));
        }
        Ok((kind, size, (align - (total & (align - 1))) & (align - 1)))
    }
}

/// Appends `n` as a `size`-byte integer; past 8 bytes the sign is extended when
/// `negative`.
pub fn pack_int(out: &mut Vec<u8>, n: u64, little: bool, size: usize, negative: bool) {
    let start = out.len();
    let fill = if negative { 0xff } else { 0 };
    out.extend((0..size).map(|i| if i < LUA_INT_SIZE { (n >> (8 * i)) as u8 } else { fill }));
    if !little {
        out[start..].reverse();
    }
}

/// Reads a `size`-byte integer from the start of `data` (`unpackint`): sign-extended
/// when `signed` and shorter than 8 bytes; `Err` with the reference's message when
/// longer and not representable.
pub fn unpack_int(data: &[u8], little: bool, size: usize, signed: bool) -> Result<i64, String> {
    let byte = |i: usize| {
        let at = if little { i } else { size.wrapping_sub(1 + i) };
        data.get(at).copied().unwrap_or(0)
    };
    let limit = size.min(LUA_INT_SIZE);
    let mut value = (0..limit).rev().fold(0u64, |acc, i| (acc << 8) | u64::from(byte(i)));
    if size < LUA_INT_SIZE {
        if signed && size > 0 {
            let mask = 1u64 << (size * 8 - 1);
            value = (value ^ mask).wrapping_sub(mask);
        }
    } else if size > LUA_INT_SIZE {
        let fill = if signed && (value as i64) < 0 { 0xff } else { 0 };
        if (limit..size).any(|i| byte(i) != fill) {
            return Err(format!("{size}-byte integer does not fit into Lua Integer"));
        }
    }
    Ok(value as i64)
}

/// The argument an option of `pack` consumes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PackArgKind {
    /// `luaL_checkinteger`.
    Integer,
    /// `luaL_checknumber`.
    Float,
    /// `luaL_checklstring`.
    String,
}

/// A converted argument for `pack`.
#[derive(Clone, Debug, PartialEq)]
pub enum PackArg {
    Int(i64),
    Float(f64),
    Str(Vec<u8>),
}

/// A value read by `unpack`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Unpacked<'a> {
    Int(i64),
    Float(f64),
    Str(&'a [u8]),
}

/// `string.pack`: `argument(n, kind)` converts Lua argument `n` (2 for the first
/// value) to `kind` when the format asks for it, so conversion errors come in the
/// reference's order. A result longer than `max_size` fails with "not enough
/// memory", as the reference would under a memory limit.
pub fn pack<E: From<PackError>>(
    fmt: &[u8],
    max_size: usize,
    mut argument: impl FnMut(usize, PackArgKind) -> Result<PackArg, E>,
) -> Result<Vec<u8>, E> {
    let mut header = Header::new(fmt);
    let mut out = Vec::new();
    let mut arg = 1;
    while !header.done() {
        let (kind, size, padding) = header.next(out.len()).map_err(PackError::from)?;
        let fixed = if kind == Kind::Char { size } else { 0 };
        if out.len().saturating_add(padding).saturating_add(fixed) > max_size {
            return Err(PackError::Message("not enough memory".into()).into());
        }
        out.resize(out.len() + padding, 0);
        arg += 1;
        let wanted = match kind {
            Kind::Int | Kind::Uint => PackArgKind::Integer,
            Kind::Float | Kind::Number | Kind::Double => PackArgKind::Float,
            Kind::Char | Kind::String | Kind::Zstr => PackArgKind::String,
            Kind::Padding | Kind::PadAlign | Kind::Nop => {
                if kind == Kind::Padding {
                    out.push(0);
                }
                arg -= 1;
                continue;
            }
        };
        let value = argument(arg, wanted)?;
        pack_value(&mut out, kind, size, header.little, value, arg)?;
        if out.len() > max_size {
            return Err(PackError::Message("not enough memory".into()).into());
        }
    }
    Ok(out)
}

fn pack_value(
    out: &mut Vec<u8>,
    kind: Kind,
    size: usize,
    little: bool,
    value: PackArg,
    arg: usize,
) -> Result<(), PackError> {
    let float_bytes = |x: f64| -> Vec<u8> {
        let mut bytes = if kind == Kind::Float { (x as f32).to_le_bytes().to_vec() } else { x.to_le_bytes().to_vec() };
        if !little {
            bytes.reverse();
        }
        bytes
    };
    match (kind, value) {
        (Kind::Int, PackArg::Int(n)) => {
            if size < LUA_INT_SIZE {
                let limit = 1i64 << (size * 8 - 1);
                if !(-limit..limit).contains(&n) {
                    return bad_argument(arg, "integer overflow");
                }
            }
            pack_int(out, n as u64, little, size, n < 0);
        }
        (Kind::Uint, PackArg::Int(n)) => {
            if size < LUA_INT_SIZE && (n as u64) >= (1u64 << (size * 8)) {
                return bad_argument(arg, "unsigned overflow");
            }
            pack_int(out, n as u64, little, size, false);
        }
        (Kind::Float | Kind::Number | Kind::Double, PackArg::Float(x)) => out.extend_from_slice(&float_bytes(x)),
        (Kind::Float | Kind::Number | Kind::Double, PackArg::Int(n)) => out.extend_from_slice(&float_bytes(n as f64)),
        (Kind::Char, PackArg::Str(s)) => {
            if s.len() > size {
                return bad_argument(arg, "string longer than given size");
            }
            out.extend_from_slice(&s);
            out.resize(out.len() + size - s.len(), 0);
        }
        (Kind::String, PackArg::Str(s)) => {
            if size < LUA_INT_SIZE && (s.len() as u64) >= (1u64 << (size * 8)) {
                return bad_argument(arg, "string length does not fit in given size");
            }
            pack_int(out, s.len() as u64, little, size, false);
            out.extend_from_slice(&s);
        }
        (Kind::Zstr, PackArg::Str(s)) => {
            if s.contains(&0) {
                return bad_argument(arg, "string contains zeros");
            }
            out.extend_from_slice(&s);
            out.push(0);
        }
        (_, PackArg::Str(_)) => return bad_argument(arg, "number expected"),
        _ => return bad_argument(arg, "string expected"),
    }
    Ok(())
}

/// `string.packsize`.
pub fn packsize(fmt: &[u8]) -> Result<i64, PackError> {
    let mut header = Header::new(fmt);
    let mut total = 0usize;
    while !header.done() {
        let (kind, size, padding) = header.next(total)?;
        if matches!(kind, Kind::String | Kind::Zstr) {
            return bad_argument(1, "variable-length format");
        }
        let size = size + padding;
        if total > MAX_SIZE.saturating_sub(size) || size > MAX_SIZE {
            return bad_argument(1, "format result too large");
        }
        total += size;
    }
    Ok(total as i64)
}

/// `string.unpack` from the 0-based position `init` (already made absolute by the
/// caller; past the end is "initial position out of string"): the values read and
/// the 0-based position after them.
pub fn unpack<'a>(fmt: &[u8], data: &'a [u8], init: usize) -> Result<(Vec<Unpacked<'a>>, usize), PackError> {
    if init > data.len() {
        return bad_argument(3, "initial position out of string");
    }
    let mut header = Header::new(fmt);
    let mut values = Vec::new();
    let mut pos = init;
    while !header.done() {
        let (kind, size, padding) = header.next(pos)?;
        let available = data.len() - pos;
        if padding > available || size > available - padding {
            return bad_argument(2, "data string too short");
        }
        pos += padding;
        let here = &data[pos..];
        let value = match kind {
            Kind::Int | Kind::Uint => {
                Unpacked::Int(unpack_int(here, header.little, size, kind == Kind::Int).map_err(PackError::Message)?)
            }
            Kind::Float => {
                let bytes = [here[0], here[1], here[2], here[3]];
                let x = if header.little { f32::from_le_bytes(bytes) } else { f32::from_be_bytes(bytes) };
                Unpacked::Float(f64::from(x))
            }
            Kind::Number | Kind::Double => {
                let mut bytes = [0u8; 8];
                bytes.copy_from_slice(&here[..8]);
                Unpacked::Float(if header.little { f64::from_le_bytes(bytes) } else { f64::from_be_bytes(bytes) })
            }
            Kind::Char => Unpacked::Str(&here[..size]),
            Kind::String => {
                let len = unpack_int(here, header.little, size, false).map_err(PackError::Message)? as u64;
                if len > (here.len() - size) as u64 {
                    return bad_argument(2, "data string too short");
                }
                let len = len as usize;
                pos += len;
                Unpacked::Str(&here[size..size + len])
            }
            Kind::Zstr => {
                let Some(len) = here.iter().position(|&c| c == 0) else {
                    return bad_argument(2, "unfinished string for format 'z'");
                };
                pos += len + 1;
                Unpacked::Str(&here[..len])
            }
            Kind::Padding | Kind::PadAlign | Kind::Nop => {
                pos += size;
                continue;
            }
        };
        values.push(value);
        pos += size;
    }
    Ok((values, pos))
}

#[cfg(test)]
mod tests;
