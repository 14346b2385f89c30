//! The 32-bit instruction word and its typed operands.
//!
//! Layout (bit 0 is the least significant):
//!
//! ```text
//! iABC   C:8 (24..32) | B:8 (16..24) | k:1 (15) | A:8 (7..15) | op:7 (0..7)
//! iABx   Bx:17 (15..32)                         | A:8         | op:7
//! iAsBx  sBx:17, excess-65535                   | A:8         | op:7
//! iAx    Ax:25 (7..32)                                        | op:7
//! isJ    sJ:25, excess-16777215                               | op:7
//! ```
//!
//! Signed operands are stored in excess-K form (the stored value minus K), as in Lua
//! 5.4: `sB`/`sC` use K = 127, `sBx` K = 65535, `sJ` K = 16777215.

use crate::opcode::OpCode;

/// A register operand: an index into the current frame's registers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Reg(pub u8);

/// An index into a prototype's constant table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConstIdx(pub u32);

/// An index into a closure's upvalue list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UpvalIdx(pub u8);

/// An index into a prototype's list of nested prototypes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProtoIdx(pub u32);

/// One encoded instruction.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct Instruction(pub u32);

impl Instruction {
    pub const MAX_A: u32 = (1 << 8) - 1;
    pub const MAX_B: u32 = (1 << 8) - 1;
    pub const MAX_C: u32 = (1 << 8) - 1;
    pub const MAX_BX: u32 = (1 << 17) - 1;
    pub const MAX_AX: u32 = (1 << 25) - 1;
    pub const MAX_SJ: u32 = (1 << 25) - 1;
    /// Excess used for `sB` and `sC`.
    pub const OFFSET_SC: i32 = (Self::MAX_C >> 1) as i32;
    /// Excess used for `sBx`.
    pub const OFFSET_SBX: i32 = (Self::MAX_BX >> 1) as i32;
    /// Excess used for `sJ`.
    pub const OFFSET_SJ: i32 = (Self::MAX_SJ >> 1) as i32;

    /// Encodes an `iABC` instruction. Operands must already fit their fields.
    #[inline]
    pub const fn abc(op: OpCode, a: u32, b: u32, c: u32, k: bool) -> Instruction {
        Instruction((op as u32) | ((a & 0xff) << 7) | ((k as u32) << 15) | ((b & 0xff) << 16) | ((c & 0xff) << 24))
    }

    /// Encodes an `iABx` instruction.
    #[inline]
    pub const fn abx(op: OpCode, a: u32, bx: u32) -> Instruction {
        Instruction((op as u32) | ((a & 0xff) << 7) | ((bx & Self::MAX_BX) << 15))
    }

    /// Encodes an `iAsBx` instruction.
    #[inline]
    pub const fn asbx(op: OpCode, a: u32, sbx: i32) -> Instruction {
        Self::abx(op, a, (sbx + Self::OFFSET_SBX) as u32)
    }

    /// Encodes an `iAx` instruction.
    #[inline]
    pub const fn ax(op: OpCode, ax: u32) -> Instruction {
        Instruction((op as u32) | ((ax & Self::MAX_AX) << 7))
    }

    /// Encodes an `isJ` instruction.
    #[inline]
    pub const fn sj(op: OpCode, sj: i32) -> Instruction {
        Instruction((op as u32) | ((((sj + Self::OFFSET_SJ) as u32) & Self::MAX_SJ) << 7))
    }

    /// The instruction as Lua 5.4 knows it: a Selenite-only opcode replaced by the
    /// Lua opcode it specialises (`GETSELF` is a `GETUPVAL`), the operands unchanged.
    #[inline]
    pub fn portable(self) -> Instruction {
        match self.opcode() {
            Some(OpCode::GetSelf) => Instruction((self.0 & !0x7f) | OpCode::GetUpval as u32),
            _ => self,
        }
    }

    /// The raw 7-bit opcode number.
    #[inline(always)]
    pub const fn opcode_raw(self) -> u8 {
        (self.0 & 0x7f) as u8
    }

    /// The opcode, or `None` for a number no opcode has (possible only in
    /// unverified bytecode).
    #[inline(always)]
    pub fn opcode(self) -> Option<OpCode> {
        OpCode::from_u8(self.opcode_raw())
    }

    #[inline(always)]
    pub const fn a(self) -> u32 {
        (self.0 >> 7) & 0xff
    }
    #[inline(always)]
    pub const fn k(self) -> bool {
        (self.0 >> 15) & 1 != 0
    }
    #[inline(always)]
    pub const fn b(self) -> u32 {
        (self.0 >> 16) & 0xff
    }
    #[inline(always)]
    pub const fn c(self) -> u32 {
        self.0 >> 24
    }
    /// `B` read as a signed excess-127 operand.
    #[inline(always)]
    pub const fn sb(self) -> i32 {
        self.b() as i32 - Self::OFFSET_SC
    }
    /// `C` read as a signed excess-127 operand.
    #[inline(always)]
    pub const fn sc(self) -> i32 {
        self.c() as i32 - Self::OFFSET_SC
    }
    #[inline(always)]
    pub const fn bx(self) -> u32 {
        self.0 >> 15
    }
    #[inline(always)]
    pub const fn sbx(self) -> i32 {
        self.bx() as i32 - Self::OFFSET_SBX
    }
    #[inline(always)]
    pub const fn ax_arg(self) -> u32 {
        self.0 >> 7
    }
    #[inline(always)]
    pub const fn sj_arg(self) -> i32 {
        (self.0 >> 7) as i32 - Self::OFFSET_SJ
    }

    /// Operand `A` as a register.
    #[inline(always)]
    pub const fn reg_a(self) -> Reg {
        Reg(self.a() as u8)
    }
    /// Operand `B` as a register.
    #[inline(always)]
    pub const fn reg_b(self) -> Reg {
        Reg(self.b() as u8)
    }
    /// Operand `C` as a register.
    #[inline(always)]
    pub const fn reg_c(self) -> Reg {
        Reg(self.c() as u8)
    }

    /// Returns a copy with field `A` replaced.
    #[inline]
    pub const fn with_a(self, a: u32) -> Instruction {
        Instruction((self.0 & !(0xff << 7)) | ((a & 0xff) << 7))
    }
    /// Returns a copy with field `B` replaced.
    #[inline]
    pub const fn with_b(self, b: u32) -> Instruction {
        Instruction((self.0 & !(0xff << 16)) | ((b & 0xff) << 16))
    }
    /// Returns a copy with field `C` replaced.
    #[inline]
    pub const fn with_c(self, c: u32) -> Instruction {
        Instruction((self.0 & !(0xff << 24)) | ((c & 0xff) << 24))
    }
    /// Returns a copy with flag `k` replaced.
    #[inline]
    pub const fn with_k(self, k: bool) -> Instruction {
        Instruction((self.0 & !(1 << 15)) | ((k as u32) << 15))
    }
    /// Returns a copy with field `Bx` replaced.
    #[inline]
    pub const fn with_bx(self, bx: u32) -> Instruction {
        Instruction((self.0 & 0x7fff) | ((bx & Self::MAX_BX) << 15))
    }
    /// Returns a copy with field `sBx` replaced.
    #[inline]
    pub const fn with_sbx(self, sbx: i32) -> Instruction {
        self.with_bx((sbx + Self::OFFSET_SBX) as u32)
    }
    /// Returns a copy with field `sJ` replaced.
    #[inline]
    pub const fn with_sj(self, sj: i32) -> Instruction {
        Instruction((self.0 & 0x7f) | ((((sj + Self::OFFSET_SJ) as u32) & Self::MAX_SJ) << 7))
    }
}

impl std::fmt::Debug for Instruction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.opcode() {
            Some(op) => write!(f, "{:?}({:#010x})", op, self.0),
            None => write!(f, "?({:#010x})", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_round_trip() {
        let i = Instruction::abc(OpCode::Add, 3, 200, 255, true);
        assert_eq!(i.opcode(), Some(OpCode::Add));
        assert_eq!((i.a(), i.b(), i.c(), i.k()), (3, 200, 255, true));
        let j = Instruction::asbx(OpCode::LoadI, 7, -65535);
        assert_eq!((j.a(), j.sbx()), (7, -65535));
        let j = Instruction::asbx(OpCode::LoadI, 7, 65536);
        assert_eq!(j.sbx(), 65536);
        let s = Instruction::sj(OpCode::Jmp, -16777215);
        assert_eq!(s.sj_arg(), -16777215);
        assert_eq!(s.with_sj(42).sj_arg(), 42);
        let x = Instruction::abc(OpCode::EqI, 1, (-5 + 127) as u32, 0, false);
        assert_eq!(x.sb(), -5);
        assert_eq!(i.with_b(9).b(), 9);
        assert_eq!(i.with_b(9).c(), 255);
        assert!(!i.with_k(false).k());
        assert_eq!(Instruction::ax(OpCode::ExtraArg, 1 << 24).ax_arg(), 1 << 24);
    }
}
