//! Binary chunks: `string.dump`'s output and `load`'s binary input.
//!
//! The layout is Lua 5.4's own (`ldump.c`/`lundump.c`, format 0, little-endian,
//! 4-byte instructions, 8-byte integers and floats), so a chunk written by the
//! reference `string.dump` or `luac` loads here and one written here loads there. A
//! chunk is the header (signature `\x1bLua`, version `0x54`, format 0, the
//! conversion-check bytes, the three sizes, a test integer and a test float), one byte
//! with the main function's upvalue count, then the main function. Counts and string
//! lengths are unsigned varints written most significant group first, the last byte
//! flagged with `0x80`; a string is its length + 1 (0 for "no string") and its bytes.
//! Line information is the reference's compressed form: one signed byte per
//! instruction (the difference from the previous line), with an absolute (pc, line)
//! entry wherever that byte is `-128`.
//!
//! `undump` never trusts its input: every read is bounds-checked, every count is
//! checked against the bytes that remain before anything is allocated, varints are
//! limited as the reference limits them, and functions nest at most [`MAX_NESTING`]
//! deep. It returns a prototype or the message `load` reports; the prototype still has
//! to pass [`crate::verify::verify`] before the VM runs it.

use crate::instruction::Instruction;
use crate::opcode::NUM_LUA_OPCODES;
use crate::proto::{Constant, LocalVar, Proto, UpvalDesc};
use crate::verify::MAX_SHORT_STRING_LEN;

/// The first bytes of every binary chunk.
pub const SIGNATURE: &[u8] = b"\x1bLua";
/// Deepest nesting of functions `undump` accepts (the verifier's limit too).
const MAX_NESTING: usize = crate::verify::MAX_DEPTH;

const VERSION: u8 = 0x54;
const FORMAT: u8 = 0;
const CHECK_DATA: &[u8] = b"\x19\x93\r\n\x1a\n";
const INSTRUCTION_SIZE: u8 = 4;
const INTEGER_SIZE: u8 = 8;
const FLOAT_SIZE: u8 = 8;
const TEST_INT: i64 = 0x5678;
const TEST_FLOAT: f64 = 370.5;

/// Constant tags: the reference's type variants.
const TAG_NIL: u8 = 0x00;
const TAG_FALSE: u8 = 0x01;
const TAG_TRUE: u8 = 0x11;
const TAG_INT: u8 = 0x03;
const TAG_FLOAT: u8 = 0x13;
const TAG_SHORT_STR: u8 = 0x04;
const TAG_LONG_STR: u8 = 0x14;

/// Line-information byte meaning "see the absolute entry for this pc".
const ABS_LINE_MARK: i8 = -128;
/// Line differences this large (in magnitude) need an absolute entry.
const LINE_DIFF_LIMIT: i64 = 128;
/// Longest run of relative entries between absolute ones, so that a reader can find
/// a base line near any pc (the reference's `luaG_getfuncline` relies on it).
const MAX_RELATIVE_RUN: u32 = 128;

/// The source recorded for a function whose chunk carried none (stripped).
const UNKNOWN_SOURCE: &[u8] = b"=?";

/// Limit of the varints that encode `int` fields (sizes, lines, pcs).
const INT_LIMIT: u64 = i32::MAX as u64;
/// Limit of the varints that encode string lengths.
const SIZE_LIMIT: u64 = u64::MAX;

/// Smallest encoding of one function: an empty source, two one-byte lines, three
/// bytes of parameters/vararg/stack size, and eight one-byte counts.
const MIN_FUNCTION_SIZE: usize = 14;

/// Serialises a prototype; `strip` drops debug information (line information, local
/// and upvalue names, the source). `proto` should be one that passed
/// [`crate::verify::verify`]: its nesting depth is bounded and its upvalue count fits a
/// byte.
pub fn dump(proto: &Proto, strip: bool) -> Vec<u8> {
    let mut w = Writer { out: Vec::new(), strip };
    w.out.extend_from_slice(SIGNATURE);
    w.out.push(VERSION);
    w.out.push(FORMAT);
    w.out.extend_from_slice(CHECK_DATA);
    w.out.push(INSTRUCTION_SIZE);
    w.out.push(INTEGER_SIZE);
    w.out.push(FLOAT_SIZE);
    w.out.extend_from_slice(&TEST_INT.to_le_bytes());
    w.out.extend_from_slice(&TEST_FLOAT.to_le_bytes());
    w.out.push(proto.upvalues.len() as u8);
    w.function(proto, None);
    w.out
}

/// Reads a binary chunk (all of `bytes`, signature included) loaded under the name
/// `chunk_name`. An error is the whole message `load` returns, such as
/// `binary string: bad binary format (truncated chunk)`.
pub fn undump(bytes: &[u8], chunk_name: &[u8]) -> Result<Proto, String> {
    let mut r = Reader { data: bytes, pos: 0 };
    r.chunk().map_err(|why| bad_binary_format(chunk_name, why))
}

/// The message for a rejected binary chunk, `<name>: bad binary format (<why>)`, with
/// the chunk named as the reference names it here (not as `chunk_id` would): without
/// its `@`/`=` prefix, and `binary string` when the name starts with ESC (as it does
/// when `load` names a string chunk after itself). Meant for verifier errors
/// too, so that all binary-chunk errors name the chunk alike.
pub fn bad_binary_format(chunk_name: &[u8], why: &str) -> String {
    let name = match chunk_name.first() {
        Some(b'@') | Some(b'=') => String::from_utf8_lossy(&chunk_name[1..]),
        Some(first) if SIGNATURE.first() == Some(first) => "binary string".into(),
        _ => String::from_utf8_lossy(chunk_name),
    };
    format!("{name}: bad binary format ({why})")
}

struct Writer {
    out: Vec<u8>,
    strip: bool,
}

impl Writer {
    fn size(&mut self, x: u64) {
        let groups = (64 - x.leading_zeros()).div_ceil(7).max(1);
        for g in (0..groups).rev() {
            let bits = ((x >> (7 * g)) & 0x7f) as u8;
            self.out.push(if g == 0 { bits | 0x80 } else { bits });
        }
    }

    fn count(&mut self, n: usize) {
        self.size(n as u64);
    }

    fn string(&mut self, s: Option<&[u8]>) {
        match s {
            None => self.size(0),
            Some(bytes) => {
                self.size(bytes.len() as u64 + 1);
                self.out.extend_from_slice(bytes);
            }
        }
    }

    /// Writes `p`; a nested function whose source is its parent's (the usual case)
    /// records none, as the reference does.
    fn function(&mut self, p: &Proto, parent_source: Option<&[u8]>) {
        let own_source = (!self.strip && parent_source != Some(p.source.as_slice())).then_some(p.source.as_slice());
        self.string(own_source);
        self.size(p.line_defined.into());
        self.size(p.last_line_defined.into());
        self.out.push(p.num_params);
        self.out.push(p.is_vararg.into());
        self.out.push(p.max_stack);
        self.count(p.code.len());
        for i in &p.code {
            self.out.extend_from_slice(&i.portable().0.to_le_bytes());
        }
        self.constants(&p.constants);
        self.count(p.upvalues.len());
        for u in &p.upvalues {
            self.out.extend_from_slice(&[u.in_stack.into(), u.index, u.kind]);
        }
        self.count(p.protos.len());
        for child in &p.protos {
            self.function(child, Some(&p.source));
        }
        self.debug(p);
    }

    fn constants(&mut self, constants: &[Constant]) {
        self.count(constants.len());
        for k in constants {
            match k {
                Constant::Nil => self.out.push(TAG_NIL),
                Constant::Bool(false) => self.out.push(TAG_FALSE),
                Constant::Bool(true) => self.out.push(TAG_TRUE),
                Constant::Int(i) => {
                    self.out.push(TAG_INT);
                    self.out.extend_from_slice(&i.to_le_bytes());
                }
                Constant::Float(f) => {
                    self.out.push(TAG_FLOAT);
                    self.out.extend_from_slice(&f.to_le_bytes());
                }
                Constant::Str(s) => {
                    self.out.push(if s.len() <= MAX_SHORT_STRING_LEN { TAG_SHORT_STR } else { TAG_LONG_STR });
                    self.string(Some(s));
                }
            }
        }
    }

    fn debug(&mut self, p: &Proto) {
        if self.strip {
            self.out.extend_from_slice(&[0x80; 4]);
            return;
        }
        let (relative, absolute) = encode_lines(p);
        self.count(relative.len());
        self.out.extend(relative.iter().map(|&d| d as u8));
        self.count(absolute.len());
        for (pc, line) in absolute {
            self.count(pc);
            self.size(line.into());
        }
        self.count(p.local_vars.len());
        for v in &p.local_vars {
            self.string(Some(&v.name));
            self.size(v.start_pc.into());
            self.size(v.end_pc.into());
        }
        self.count(p.upvalues.len());
        for u in &p.upvalues {
            self.string(u.name.as_deref());
        }
    }
}

/// Compresses absolute lines into the reference's relative bytes plus absolute
/// entries, placing the absolute entries where its code generator would.
fn encode_lines(p: &Proto) -> (Vec<i8>, Vec<(usize, u32)>) {
    let mut relative = Vec::with_capacity(p.line_info.len());
    let mut absolute = Vec::new();
    let mut previous = i64::from(p.line_defined);
    let mut since_absolute = 0u32;
    for (pc, &line) in p.line_info.iter().enumerate() {
        let diff = i64::from(line) - previous;
        let needs_absolute = diff.abs() >= LINE_DIFF_LIMIT || {
            since_absolute += 1;
            since_absolute > MAX_RELATIVE_RUN
        };
        if needs_absolute {
            absolute.push((pc, line));
            relative.push(ABS_LINE_MARK);
            since_absolute = 1;
        } else {
            relative.push(diff as i8);
        }
        previous = i64::from(line);
    }
    (relative, absolute)
}

type Read<T> = Result<T, &'static str>;

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn remaining(&self) -> usize {
        self.data.len().saturating_sub(self.pos)
    }

    fn take(&mut self, n: usize) -> Read<&'a [u8]> {
        let end = self.pos.checked_add(n).ok_or("truncated chunk")?;
        let bytes = self.data.get(self.pos..end).ok_or("truncated chunk")?;
        self.pos = end;
        Ok(bytes)
    }

    fn byte(&mut self) -> Read<u8> {
        Ok(self.take(1)?[0])
    }

    fn eight_bytes(&mut self) -> Read<[u8; 8]> {
        let mut b = [0u8; 8];
        b.copy_from_slice(self.take(8)?);
        Ok(b)
    }

    /// A varint no larger than `limit`, rejected as the reference rejects it.
    fn unsigned(&mut self, limit: u64) -> Read<u64> {
        let guard = limit >> 7;
        let mut x: u64 = 0;
        loop {
            let b = self.byte()?;
            if x >= guard {
                return Err("integer overflow");
            }
            x = (x << 7) | u64::from(b & 0x7f);
            if b & 0x80 != 0 {
                return Ok(x);
            }
        }
    }

    fn int(&mut self) -> Read<u32> {
        // The limit keeps the value within 31 bits.
        Ok(self.unsigned(INT_LIMIT)? as u32)
    }

    /// A count of items each encoded in at least `min_size` bytes; a count the
    /// remaining input cannot hold is a truncation, found before anything is allocated.
    fn count(&mut self, min_size: usize) -> Read<usize> {
        let n = self.int()? as usize;
        if n.saturating_mul(min_size) > self.remaining() {
            return Err("truncated chunk");
        }
        Ok(n)
    }

    fn string(&mut self) -> Read<Option<Vec<u8>>> {
        let size = self.unsigned(SIZE_LIMIT)?;
        if size == 0 {
            return Ok(None);
        }
        let len = usize::try_from(size - 1).map_err(|_| "truncated chunk")?;
        Ok(Some(self.take(len)?.to_vec()))
    }

    fn chunk(&mut self) -> Read<Proto> {
        self.header()?;
        // The main closure's upvalue count. The VM sizes closures from their
        // prototype, so the byte is skipped unchecked, as the reference's release
        // build does.
        self.byte()?;
        self.function(0, UNKNOWN_SOURCE)
    }

    fn header(&mut self) -> Read<()> {
        if self.take(SIGNATURE.len())? != SIGNATURE {
            return Err("not a binary chunk");
        }
        if self.byte()? != VERSION {
            return Err("version mismatch");
        }
        if self.byte()? != FORMAT {
            return Err("format mismatch");
        }
        if self.take(CHECK_DATA.len())? != CHECK_DATA {
            return Err("corrupted chunk");
        }
        if self.byte()? != INSTRUCTION_SIZE {
            return Err("Instruction size mismatch");
        }
        if self.byte()? != INTEGER_SIZE {
            return Err("lua_Integer size mismatch");
        }
        if self.byte()? != FLOAT_SIZE {
            return Err("lua_Number size mismatch");
        }
        if i64::from_le_bytes(self.eight_bytes()?) != TEST_INT {
            return Err("integer format mismatch");
        }
        if f64::from_le_bytes(self.eight_bytes()?) != TEST_FLOAT {
            return Err("float format mismatch");
        }
        Ok(())
    }

    fn function(&mut self, depth: usize, parent_source: &[u8]) -> Read<Proto> {
        if depth > MAX_NESTING {
            return Err("functions nested too deeply");
        }
        let source = self.string()?.unwrap_or_else(|| parent_source.to_vec());
        let line_defined = self.int()?;
        let last_line_defined = self.int()?;
        let num_params = self.byte()?;
        let is_vararg = self.byte()? != 0;
        let max_stack = self.byte()?;
        let code = self.code()?;
        let constants = self.constants()?;
        let mut upvalues = self.upvalues()?;
        let count = self.count(MIN_FUNCTION_SIZE)?;
        let mut protos = Vec::with_capacity(count);
        for _ in 0..count {
            protos.push(self.function(depth + 1, &source)?);
        }
        let line_info = self.line_info(line_defined)?;
        let local_vars = self.local_vars()?;
        // As in the reference, a nonzero count means "every upvalue has a name".
        if self.int()? != 0 {
            for u in &mut upvalues {
                u.name = self.string()?;
            }
        }
        Ok(Proto {
            source,
            line_defined,
            last_line_defined,
            num_params,
            is_vararg,
            max_stack,
            code,
            constants,
            upvalues,
            protos,
            line_info,
            local_vars,
        })
    }

    fn code(&mut self) -> Read<Vec<Instruction>> {
        let count = self.count(4)?;
        let bytes = self.take(count * 4)?;
        let code: Vec<Instruction> =
            bytes.chunks_exact(4).map(|w| Instruction(u32::from_le_bytes([w[0], w[1], w[2], w[3]]))).collect();
        // Binary chunks hold Lua 5.4's instructions only: Selenite's own opcodes stand
        // for what its compiler proved about the source, which a chunk cannot vouch for.
        if code.iter().any(|i| usize::from(i.opcode_raw()) >= NUM_LUA_OPCODES) {
            return Err("invalid opcode");
        }
        Ok(code)
    }

    fn constants(&mut self) -> Read<Vec<Constant>> {
        let count = self.count(1)?;
        let mut constants = Vec::with_capacity(count);
        for _ in 0..count {
            let k = match self.byte()? {
                TAG_NIL => Constant::Nil,
                TAG_FALSE => Constant::Bool(false),
                TAG_TRUE => Constant::Bool(true),
                TAG_INT => Constant::Int(i64::from_le_bytes(self.eight_bytes()?)),
                TAG_FLOAT => Constant::Float(f64::from_le_bytes(self.eight_bytes()?)),
                TAG_SHORT_STR | TAG_LONG_STR => Constant::Str(self.string()?.ok_or("bad format for constant string")?),
                _ => return Err("bad constant type"),
            };
            constants.push(k);
        }
        Ok(constants)
    }

    fn upvalues(&mut self) -> Read<Vec<UpvalDesc>> {
        let count = self.count(3)?;
        let mut upvalues = Vec::with_capacity(count);
        for _ in 0..count {
            let in_stack = self.byte()? != 0;
            let index = self.byte()?;
            let kind = self.byte()?;
            upvalues.push(UpvalDesc { name: None, in_stack, index, kind });
        }
        Ok(upvalues)
    }

    /// Reads the compressed line information and expands it to one absolute line per
    /// instruction. Each `-128` byte must be matched, in order, by an absolute entry
    /// for the same pc, and every absolute entry must be used.
    fn line_info(&mut self, line_defined: u32) -> Read<Vec<u32>> {
        let count = self.count(1)?;
        let relative = self.take(count)?;
        let absolute_count = self.count(2)?;
        let mut absolute = Vec::with_capacity(absolute_count);
        for _ in 0..absolute_count {
            let pc = self.int()?;
            let line = self.int()?;
            absolute.push((pc as usize, line));
        }
        let mut entries = absolute.into_iter();
        let mut line = i64::from(line_defined);
        let mut lines = Vec::with_capacity(count);
        for (pc, &byte) in relative.iter().enumerate() {
            let diff = byte as i8;
            if diff == ABS_LINE_MARK {
                match entries.next() {
                    Some((entry_pc, entry_line)) if entry_pc == pc => line = i64::from(entry_line),
                    _ => return Err("bad line information"),
                }
            } else {
                line += i64::from(diff);
            }
            lines.push(u32::try_from(line).map_err(|_| "bad line information")?);
        }
        if entries.next().is_some() {
            return Err("bad line information");
        }
        Ok(lines)
    }

    fn local_vars(&mut self) -> Read<Vec<LocalVar>> {
        let count = self.count(3)?;
        let mut vars = Vec::with_capacity(count);
        for _ in 0..count {
            let name = self.string()?.ok_or("bad format for local variable name")?;
            let start_pc = self.int()?;
            let end_pc = self.int()?;
            vars.push(LocalVar { name, start_pc, end_pc });
        }
        Ok(vars)
    }
}
