//! Binary chunks: `string.dump`'s output and `load`'s binary input.
//!
//! Layout: the signature `\x1bLua`, version `0x54`, format byte 0 (the header is the
//! reference's, the body is Selenite's own), the conversion-check bytes, the sizes of
//! instructions, integers and floats, a test integer and a test float, then the main
//! prototype. Integers in the body are LEB128 varints; strings are a varint of
//! length + 1 (0 for "no string") followed by the bytes.
//!
//! `undump` never trusts the input: every length is checked against what remains
//! before anything is allocated, nesting is bounded, and the result still has to pass
//! [`crate::verify::verify`] before the VM runs it.

use crate::instruction::Instruction;
use crate::proto::{Constant, LocalVar, Proto, UpvalDesc};

/// The first bytes of every binary chunk.
pub const SIGNATURE: &[u8] = b"\x1bLua";
const VERSION: u8 = 0x54;
const FORMAT: u8 = 0;
const CHECK_DATA: &[u8] = b"\x19\x93\r\n\x1a\n";
const TEST_INT: i64 = 0x5678;
const TEST_NUM: f64 = 370.5;
const MAX_NESTING: usize = 200;

const TAG_NIL: u8 = 0;
const TAG_FALSE: u8 = 1;
const TAG_TRUE: u8 = 2;
const TAG_INT: u8 = 3;
const TAG_FLOAT: u8 = 4;
const TAG_STR: u8 = 5;

/// Serialises a prototype; `strip` drops debug information.
pub fn dump(proto: &Proto, strip: bool) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(SIGNATURE);
    out.push(VERSION);
    out.push(FORMAT);
    out.extend_from_slice(CHECK_DATA);
    out.push(4);
    out.push(8);
    out.push(8);
    out.extend_from_slice(&TEST_INT.to_le_bytes());
    out.extend_from_slice(&TEST_NUM.to_le_bytes());
    dump_proto(&mut out, proto, strip);
    out
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn put_str(out: &mut Vec<u8>, s: Option<&[u8]>) {
    match s {
        None => put_varint(out, 0),
        Some(b) => {
            put_varint(out, b.len() as u64 + 1);
            out.extend_from_slice(b);
        }
    }
}

fn dump_proto(out: &mut Vec<u8>, p: &Proto, strip: bool) {
    put_str(out, if strip { Some(b"=?".as_slice()) } else { Some(p.source.as_slice()) });
    put_varint(out, p.line_defined as u64);
    put_varint(out, p.last_line_defined as u64);
    out.push(p.num_params);
    out.push(p.is_vararg as u8);
    out.push(p.max_stack);
    put_varint(out, p.code.len() as u64);
    for i in &p.code {
        out.extend_from_slice(&i.0.to_le_bytes());
    }
    put_varint(out, p.constants.len() as u64);
    for k in &p.constants {
        match k {
            Constant::Nil => out.push(TAG_NIL),
            Constant::Bool(false) => out.push(TAG_FALSE),
            Constant::Bool(true) => out.push(TAG_TRUE),
            Constant::Int(i) => {
                out.push(TAG_INT);
                out.extend_from_slice(&i.to_le_bytes());
            }
            Constant::Float(f) => {
                out.push(TAG_FLOAT);
                out.extend_from_slice(&f.to_le_bytes());
            }
            Constant::Str(s) => {
                out.push(TAG_STR);
                put_str(out, Some(s));
            }
        }
    }
    put_varint(out, p.upvalues.len() as u64);
    for u in &p.upvalues {
        out.push(u.in_stack as u8);
        out.push(u.index);
        out.push(u.kind);
    }
    put_varint(out, p.protos.len() as u64);
    for child in &p.protos {
        dump_proto(out, child, strip);
    }
    if strip {
        put_varint(out, 0);
        put_varint(out, 0);
        put_varint(out, 0);
        return;
    }
    put_varint(out, p.line_info.len() as u64);
    for l in &p.line_info {
        put_varint(out, *l as u64);
    }
    put_varint(out, p.local_vars.len() as u64);
    for v in &p.local_vars {
        put_str(out, Some(&v.name));
        put_varint(out, v.start_pc as u64);
        put_varint(out, v.end_pc as u64);
    }
    put_varint(out, p.upvalues.len() as u64);
    for u in &p.upvalues {
        put_str(out, u.name.as_deref());
    }
}

/// Reads a binary chunk. Errors are the full message `load` returns.
pub fn undump(bytes: &[u8], chunk_name: &[u8]) -> Result<Proto, String> {
    let name = match chunk_name.first() {
        Some(b'@') | Some(b'=') => String::from_utf8_lossy(&chunk_name[1..]).into_owned(),
        Some(0x1b) => "binary string".to_string(),
        _ => String::from_utf8_lossy(chunk_name).into_owned(),
    };
    let mut r = Reader { data: bytes, pos: 0 };
    let result = r.header().and_then(|()| r.proto(0));
    result.map_err(|why| format!("{name}: bad binary format ({why})"))
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

type Res<T> = Result<T, &'static str>;

impl Reader<'_> {
    fn bytes(&mut self, n: usize) -> Res<&[u8]> {
        let end = self.pos.checked_add(n).ok_or("truncated chunk")?;
        let s = self.data.get(self.pos..end).ok_or("truncated chunk")?;
        self.pos = end;
        Ok(s)
    }

    fn byte(&mut self) -> Res<u8> {
        Ok(self.bytes(1)?[0])
    }

    fn varint(&mut self) -> Res<u64> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err("corrupted chunk")
    }

    /// A count of items each at least `min_size` bytes long, checked against the
    /// remaining input so that a forged count cannot cause a huge allocation.
    fn count(&mut self, min_size: usize) -> Res<usize> {
        let n = self.varint()?;
        let remaining = (self.data.len() - self.pos) as u64;
        if n.saturating_mul(min_size.max(1) as u64) > remaining {
            return Err("truncated chunk");
        }
        Ok(n as usize)
    }

    fn u32_value(&mut self) -> Res<u32> {
        let v = self.varint()?;
        u32::try_from(v).map_err(|_| "corrupted chunk")
    }

    fn string(&mut self) -> Res<Option<Vec<u8>>> {
        let n = self.varint()?;
        if n == 0 {
            return Ok(None);
        }
        let len = usize::try_from(n - 1).map_err(|_| "truncated chunk")?;
        Ok(Some(self.bytes(len)?.to_vec()))
    }

    fn header(&mut self) -> Res<()> {
        // The caller recognised the first byte; the rest must follow.
        self.pos = 1;
        if self.bytes(SIGNATURE.len() - 1)? != &SIGNATURE[1..] {
            return Err("not a binary chunk");
        }
        if self.byte()? != VERSION {
            return Err("version mismatch");
        }
        if self.byte()? != FORMAT {
            return Err("format mismatch");
        }
        if self.bytes(CHECK_DATA.len())? != CHECK_DATA {
            return Err("corrupted chunk");
        }
        if self.byte()? != 4 {
            return Err("Instruction size mismatch");
        }
        if self.byte()? != 8 {
            return Err("lua_Integer size mismatch");
        }
        if self.byte()? != 8 {
            return Err("lua_Number size mismatch");
        }
        let mut int_bytes = [0u8; 8];
        int_bytes.copy_from_slice(self.bytes(8)?);
        if i64::from_le_bytes(int_bytes) != TEST_INT {
            return Err("integer format mismatch");
        }
        let mut num_bytes = [0u8; 8];
        num_bytes.copy_from_slice(self.bytes(8)?);
        if f64::from_le_bytes(num_bytes) != TEST_NUM {
            return Err("float format mismatch");
        }
        Ok(())
    }

    fn proto(&mut self, depth: usize) -> Res<Proto> {
        if depth > MAX_NESTING {
            return Err("corrupted chunk");
        }
        let source = self.string()?.unwrap_or_default();
        let line_defined = self.u32_value()?;
        let last_line_defined = self.u32_value()?;
        let num_params = self.byte()?;
        let is_vararg = self.byte()? != 0;
        let max_stack = self.byte()?;
        let ncode = self.count(4)?;
        let mut code = Vec::with_capacity(ncode);
        for _ in 0..ncode {
            let mut w = [0u8; 4];
            w.copy_from_slice(self.bytes(4)?);
            code.push(Instruction(u32::from_le_bytes(w)));
        }
        let nk = self.count(1)?;
        let mut constants = Vec::with_capacity(nk);
        for _ in 0..nk {
            let k = match self.byte()? {
                TAG_NIL => Constant::Nil,
                TAG_FALSE => Constant::Bool(false),
                TAG_TRUE => Constant::Bool(true),
                TAG_INT => {
                    let mut b = [0u8; 8];
                    b.copy_from_slice(self.bytes(8)?);
                    Constant::Int(i64::from_le_bytes(b))
                }
                TAG_FLOAT => {
                    let mut b = [0u8; 8];
                    b.copy_from_slice(self.bytes(8)?);
                    Constant::Float(f64::from_le_bytes(b))
                }
                TAG_STR => Constant::Str(self.string()?.ok_or("corrupted chunk")?),
                _ => return Err("corrupted chunk"),
            };
            constants.push(k);
        }
        let nup = self.count(3)?;
        let mut upvalues = Vec::with_capacity(nup);
        for _ in 0..nup {
            let in_stack = self.byte()? != 0;
            let index = self.byte()?;
            let kind = self.byte()?;
            upvalues.push(UpvalDesc { name: None, in_stack, index, kind });
        }
        let np = self.count(1)?;
        let mut protos = Vec::with_capacity(np);
        for _ in 0..np {
            protos.push(self.proto(depth + 1)?);
        }
        let nlines = self.count(1)?;
        let mut line_info = Vec::with_capacity(nlines);
        for _ in 0..nlines {
            line_info.push(self.u32_value()?);
        }
        let nlocals = self.count(3)?;
        let mut local_vars = Vec::with_capacity(nlocals);
        for _ in 0..nlocals {
            let name = self.string()?.ok_or("corrupted chunk")?;
            let start_pc = self.u32_value()?;
            let end_pc = self.u32_value()?;
            local_vars.push(LocalVar { name, start_pc, end_pc });
        }
        let nnames = self.count(1)?;
        if nnames != 0 && nnames != upvalues.len() {
            return Err("corrupted chunk");
        }
        for u in upvalues.iter_mut().take(nnames) {
            u.name = self.string()?;
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
}
