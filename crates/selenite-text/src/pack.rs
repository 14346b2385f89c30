//! `string.pack`/`unpack`/`packsize` format strings: option parsing, alignment, and
//! integer encoding, as the reference defines them for a 64-bit little-endian machine
//! (`int` 4 bytes, `long` and `size_t` 8, maximum alignment 8).

/// Largest integer size (`MAXINTSIZE`).
pub const MAX_INT_SIZE: usize = 16;
/// Size of a Lua integer.
pub const LUA_INT_SIZE: usize = 8;
const NATIVE_MAX_ALIGN: usize = 8;

/// Kinds of format options.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Int,
    Uint,
    Float,
    Number,
    Double,
    Char,
    String,
    Zstr,
    Padding,
    PadAlign,
    Nop,
}

/// An error in a format string: `Arg` errors are reported against argument 1 as
/// `bad argument` errors; `Plain` ones as plain messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatError {
    Plain(String),
    Arg(String),
}

/// Parsing state: position in the format and the current settings.
pub struct Header<'a> {
    fmt: &'a [u8],
    pos: usize,
    pub little: bool,
    max_align: usize,
}

impl<'a> Header<'a> {
    pub fn new(fmt: &'a [u8]) -> Header<'a> {
        Header { fmt, pos: 0, little: true, max_align: 1 }
    }

    pub fn done(&self) -> bool {
        self.pos >= self.fmt.len()
    }

    fn peek(&self) -> u8 {
        self.fmt.get(self.pos).copied().unwrap_or(0)
    }

    fn num(&mut self, default: i64) -> i64 {
        if !self.peek().is_ascii_digit() {
            return default;
        }
        let mut a: i64 = 0;
        loop {
            a = a * 10 + (self.peek() - b'0') as i64;
            self.pos += 1;
            if !(self.peek().is_ascii_digit() && a <= (i32::MAX as i64 - 9) / 10) {
                break;
            }
        }
        a
    }

    fn num_limit(&mut self, default: usize) -> Result<usize, FormatError> {
        let sz = self.num(default as i64);
        if sz > MAX_INT_SIZE as i64 || sz <= 0 {
            return Err(FormatError::Plain(format!("integral size ({sz}) out of limits [1,{MAX_INT_SIZE}]")));
        }
        Ok(sz as usize)
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
            b'c' => {
                let n = self.num(-1);
                if n == -1 {
                    return Err(FormatError::Plain("missing size for format option 'c'".into()));
                }
                (Kind::Char, n as usize)
            }
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
            other => return Err(FormatError::Plain(format!("invalid format option '{}'", other as char))),
        })
    }

    /// The next option: its kind, size and the padding needed before it when the
    /// data so far is `total` bytes long.
    pub fn next(&mut self, total: usize) -> Result<(Kind, usize, usize), FormatError> {
        let (kind, size) = self.option()?;
        let mut align = size;
        if kind == Kind::PadAlign {
            if self.done() {
                return Err(FormatError::Arg("invalid next option for option 'X'".into()));
            }
            let (k2, s2) = self.option()?;
            align = s2;
            if k2 == Kind::Char || align == 0 {
                return Err(FormatError::Arg("invalid next option for option 'X'".into()));
            }
        }
        let pad = if align <= 1 || kind == Kind::Char {
            0
        } else {
            let a = align.min(self.max_align);
            if a & (a - 1) != 0 {
                return Err(FormatError::Arg("format asks for alignment not power of 2".into()));
            }
            (a - (total & (a - 1))) & (a - 1)
        };
        Ok((kind, size, pad))
    }
}

/// Appends `n` as a `size`-byte integer (sign-extended past 8 bytes if `negative`).
pub fn pack_int(out: &mut Vec<u8>, n: u64, little: bool, size: usize, negative: bool) {
    let mut bytes = vec![0u8; size];
    let mut v = n;
    for (i, b) in bytes.iter_mut().enumerate() {
        *b = if i < LUA_INT_SIZE {
            let byte = (v & 0xff) as u8;
            v >>= 8;
            byte
        } else if negative {
            0xff
        } else {
            0
        };
    }
    if !little {
        bytes.reverse();
    }
    out.extend_from_slice(&bytes);
}

/// Reads a `size`-byte integer; `Err` if it does not fit in a Lua integer.
pub fn unpack_int(data: &[u8], little: bool, size: usize, signed: bool) -> Result<i64, String> {
    let byte = |i: usize| if little { data[i] } else { data[size - 1 - i] };
    let limit = size.min(LUA_INT_SIZE);
    let mut res: u64 = 0;
    for i in (0..limit).rev() {
        res = (res << 8) | byte(i) as u64;
    }
    if size < LUA_INT_SIZE {
        if signed {
            let mask = 1u64 << (size * 8 - 1);
            res = (res ^ mask).wrapping_sub(mask);
        }
    } else if size > LUA_INT_SIZE {
        let fill = if !signed || (res as i64) >= 0 { 0 } else { 0xff };
        for i in limit..size {
            if byte(i) != fill {
                return Err(format!("{size}-byte integer does not fit into Lua Integer"));
            }
        }
    }
    Ok(res as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alignment_and_ints() {
        let mut h = Header::new(b"!4 b i");
        assert_eq!(h.next(0), Ok((Kind::Nop, 0, 0)));
        assert_eq!(h.next(0), Ok((Kind::Nop, 0, 0)));
        assert_eq!(h.next(0), Ok((Kind::Int, 1, 0)));
        assert_eq!(h.next(1), Ok((Kind::Nop, 0, 0)));
        assert_eq!(h.next(1), Ok((Kind::Int, 4, 3)));
        let mut out = Vec::new();
        pack_int(&mut out, (-2i64) as u64, false, 3, true);
        assert_eq!(out, vec![0xff, 0xff, 0xfe]);
        assert_eq!(unpack_int(&out, false, 3, true), Ok(-2));
        assert!(Header::new(b"i17").next(0).is_err());
        assert!(unpack_int(&[0, 0, 0, 0, 0, 0, 0, 0, 1], true, 9, false).is_err());
    }
}
