//! The opcode table: one line per opcode with its operands and meaning.
//!
//! Notation: `R[x]` is register x of the current frame, `K[x]` constant x,
//! `UpValue[x]` upvalue x, `sB`/`sC`/`sBx`/`sJ` signed operands, `RK(C)` is `K[C]` when
//! the `k` flag is set and `R[C]` otherwise. "pc++" skips the next instruction.
//! Arithmetic opcodes are always followed by an `MmBin*` instruction that the fast path
//! skips; it runs only when the operands are not numbers, so the fast path never looks
//! for metamethods. `Call`, `Return`, `TailCall`, `Vararg` and `SetList` treat a count
//! of 0 as "up to the stack top" set by the previous multi-result instruction.

/// Instruction formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpMode {
    ABC,
    ABx,
    AsBx,
    Ax,
    SJ,
}

macro_rules! opcodes {
    ($( $(#[$doc:meta])* $name:ident = $text:literal, $mode:ident, $sets_a:literal; )*) => {
        /// A Lua 5.4 opcode. Each variant's documentation is its one-line semantics.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum OpCode { $( $(#[$doc])* $name, )* }

        const ALL: &[OpCode] = &[ $( OpCode::$name, )* ];
        const NAMES: &[&str] = &[ $( $text, )* ];
        const MODES: &[OpMode] = &[ $( OpMode::$mode, )* ];
        const SETS_A: &[bool] = &[ $( $sets_a, )* ];
    };
}

opcodes! {
    /// `MOVE       A B      R[A] := R[B]`
    Move = "MOVE", ABC, true;
    /// `LOADI      A sBx    R[A] := sBx`
    LoadI = "LOADI", AsBx, true;
    /// `LOADF      A sBx    R[A] := (float)sBx`
    LoadF = "LOADF", AsBx, true;
    /// `LOADK      A Bx     R[A] := K[Bx]`
    LoadK = "LOADK", ABx, true;
    /// `LOADKX     A        R[A] := K[extra arg]`
    LoadKX = "LOADKX", ABx, true;
    /// `LOADFALSE  A        R[A] := false`
    LoadFalse = "LOADFALSE", ABC, true;
    /// `LFALSESKIP A        R[A] := false; pc++`
    LFalseSkip = "LFALSESKIP", ABC, true;
    /// `LOADTRUE   A        R[A] := true`
    LoadTrue = "LOADTRUE", ABC, true;
    /// `LOADNIL    A B      R[A], R[A+1], ..., R[A+B] := nil`
    LoadNil = "LOADNIL", ABC, true;
    /// `GETUPVAL   A B      R[A] := UpValue[B]`
    GetUpval = "GETUPVAL", ABC, true;
    /// `SETUPVAL   A B      UpValue[B] := R[A]`
    SetUpval = "SETUPVAL", ABC, false;
    /// `GETTABUP   A B C    R[A] := UpValue[B][K[C]:shortstring]`
    GetTabUp = "GETTABUP", ABC, true;
    /// `GETTABLE   A B C    R[A] := R[B][R[C]]`
    GetTable = "GETTABLE", ABC, true;
    /// `GETI       A B C    R[A] := R[B][C]`
    GetI = "GETI", ABC, true;
    /// `GETFIELD   A B C    R[A] := R[B][K[C]:shortstring]`
    GetField = "GETFIELD", ABC, true;
    /// `SETTABUP   A B C    UpValue[A][K[B]:shortstring] := RK(C)`
    SetTabUp = "SETTABUP", ABC, false;
    /// `SETTABLE   A B C    R[A][R[B]] := RK(C)`
    SetTable = "SETTABLE", ABC, false;
    /// `SETI       A B C    R[A][B] := RK(C)`
    SetI = "SETI", ABC, false;
    /// `SETFIELD   A B C    R[A][K[B]:shortstring] := RK(C)`
    SetField = "SETFIELD", ABC, false;
    /// `NEWTABLE   A B C k  R[A] := {}` (B: log2(hash size)+1, C: array size, k: C continues in EXTRAARG)
    NewTable = "NEWTABLE", ABC, true;
    /// `SELF       A B C    R[A+1] := R[B]; R[A] := R[B][RK(C):string]`
    SelfOp = "SELF", ABC, true;
    /// `ADDI       A B sC   R[A] := R[B] + sC`
    AddI = "ADDI", ABC, true;
    /// `ADDK       A B C    R[A] := R[B] + K[C]:number`
    AddK = "ADDK", ABC, true;
    /// `SUBK       A B C    R[A] := R[B] - K[C]:number`
    SubK = "SUBK", ABC, true;
    /// `MULK       A B C    R[A] := R[B] * K[C]:number`
    MulK = "MULK", ABC, true;
    /// `MODK       A B C    R[A] := R[B] % K[C]:number`
    ModK = "MODK", ABC, true;
    /// `POWK       A B C    R[A] := R[B] ^ K[C]:number`
    PowK = "POWK", ABC, true;
    /// `DIVK       A B C    R[A] := R[B] / K[C]:number`
    DivK = "DIVK", ABC, true;
    /// `IDIVK      A B C    R[A] := R[B] // K[C]:number`
    IDivK = "IDIVK", ABC, true;
    /// `BANDK      A B C    R[A] := R[B] & K[C]:integer`
    BAndK = "BANDK", ABC, true;
    /// `BORK       A B C    R[A] := R[B] | K[C]:integer`
    BOrK = "BORK", ABC, true;
    /// `BXORK      A B C    R[A] := R[B] ~ K[C]:integer`
    BXorK = "BXORK", ABC, true;
    /// `SHRI       A B sC   R[A] := R[B] >> sC`
    ShrI = "SHRI", ABC, true;
    /// `SHLI       A B sC   R[A] := sC << R[B]`
    ShlI = "SHLI", ABC, true;
    /// `ADD        A B C    R[A] := R[B] + R[C]`
    Add = "ADD", ABC, true;
    /// `SUB        A B C    R[A] := R[B] - R[C]`
    Sub = "SUB", ABC, true;
    /// `MUL        A B C    R[A] := R[B] * R[C]`
    Mul = "MUL", ABC, true;
    /// `MOD        A B C    R[A] := R[B] % R[C]`
    Mod = "MOD", ABC, true;
    /// `POW        A B C    R[A] := R[B] ^ R[C]`
    Pow = "POW", ABC, true;
    /// `DIV        A B C    R[A] := R[B] / R[C]`
    Div = "DIV", ABC, true;
    /// `IDIV       A B C    R[A] := R[B] // R[C]`
    IDiv = "IDIV", ABC, true;
    /// `BAND       A B C    R[A] := R[B] & R[C]`
    BAnd = "BAND", ABC, true;
    /// `BOR        A B C    R[A] := R[B] | R[C]`
    BOr = "BOR", ABC, true;
    /// `BXOR       A B C    R[A] := R[B] ~ R[C]`
    BXor = "BXOR", ABC, true;
    /// `SHL        A B C    R[A] := R[B] << R[C]`
    Shl = "SHL", ABC, true;
    /// `SHR        A B C    R[A] := R[B] >> R[C]`
    Shr = "SHR", ABC, true;
    /// `MMBIN      A B C    call metamethod C over R[A] and R[B]; result to the previous instruction's A`
    MmBin = "MMBIN", ABC, false;
    /// `MMBINI     A sB C k call metamethod C over R[A] and sB (k: operands swapped)`
    MmBinI = "MMBINI", ABC, false;
    /// `MMBINK     A B C k  call metamethod C over R[A] and K[B] (k: operands swapped)`
    MmBinK = "MMBINK", ABC, false;
    /// `UNM        A B      R[A] := -R[B]`
    Unm = "UNM", ABC, true;
    /// `BNOT       A B      R[A] := ~R[B]`
    BNot = "BNOT", ABC, true;
    /// `NOT        A B      R[A] := not R[B]`
    Not = "NOT", ABC, true;
    /// `LEN        A B      R[A] := #R[B]`
    Len = "LEN", ABC, true;
    /// `CONCAT     A B      R[A] := R[A] .. ... .. R[A+B-1]`
    Concat = "CONCAT", ABC, true;
    /// `CLOSE      A        close upvalues and to-be-closed variables >= R[A]`
    Close = "CLOSE", ABC, false;
    /// `TBC        A        mark R[A] as to-be-closed`
    Tbc = "TBC", ABC, false;
    /// `JMP        sJ       pc += sJ`
    Jmp = "JMP", SJ, false;
    /// `EQ         A B k    if ((R[A] == R[B]) ~= k) then pc++`
    Eq = "EQ", ABC, false;
    /// `LT         A B k    if ((R[A] <  R[B]) ~= k) then pc++`
    Lt = "LT", ABC, false;
    /// `LE         A B k    if ((R[A] <= R[B]) ~= k) then pc++`
    Le = "LE", ABC, false;
    /// `EQK        A B k    if ((R[A] == K[B]) ~= k) then pc++`
    EqK = "EQK", ABC, false;
    /// `EQI        A sB k   if ((R[A] == sB) ~= k) then pc++` (C: 1 if sB stands for a float)
    EqI = "EQI", ABC, false;
    /// `LTI        A sB k   if ((R[A] < sB) ~= k) then pc++`
    LtI = "LTI", ABC, false;
    /// `LEI        A sB k   if ((R[A] <= sB) ~= k) then pc++`
    LeI = "LEI", ABC, false;
    /// `GTI        A sB k   if ((R[A] > sB) ~= k) then pc++`
    GtI = "GTI", ABC, false;
    /// `GEI        A sB k   if ((R[A] >= sB) ~= k) then pc++`
    GeI = "GEI", ABC, false;
    /// `TEST       A k      if (not R[A] == k) then pc++`
    Test = "TEST", ABC, false;
    /// `TESTSET    A B k    if (not R[B] == k) then pc++ else R[A] := R[B]`
    TestSet = "TESTSET", ABC, true;
    /// `CALL       A B C    R[A], ..., R[A+C-2] := R[A](R[A+1], ..., R[A+B-1])`
    Call = "CALL", ABC, true;
    /// `TAILCALL   A B C k  return R[A](R[A+1], ..., R[A+B-1])` (k: close upvalues first)
    TailCall = "TAILCALL", ABC, true;
    /// `RETURN     A B C k  return R[A], ..., R[A+B-2]` (k: close first; C-1: fixed params of a vararg function)
    Return = "RETURN", ABC, false;
    /// `RETURN0             return`
    Return0 = "RETURN0", ABC, false;
    /// `RETURN1    A        return R[A]`
    Return1 = "RETURN1", ABC, false;
    /// `FORLOOP    A Bx     update counters; if loop continues then pc -= Bx`
    ForLoop = "FORLOOP", ABx, true;
    /// `FORPREP    A Bx     check values and prepare counters; if not to run then pc += Bx+1`
    ForPrep = "FORPREP", ABx, true;
    /// `TFORPREP   A Bx     mark R[A+3] to-be-closed; pc += Bx`
    TForPrep = "TFORPREP", ABx, false;
    /// `TFORCALL   A C      R[A+4], ..., R[A+3+C] := R[A](R[A+1], R[A+2])`
    TForCall = "TFORCALL", ABC, false;
    /// `TFORLOOP   A Bx     if R[A+4] ~= nil then { R[A+2] := R[A+4]; pc -= Bx }`
    TForLoop = "TFORLOOP", ABx, true;
    /// `SETLIST    A B C k  R[A][C+i] := R[A+i], 1 <= i <= B` (k: C continues in EXTRAARG)
    SetList = "SETLIST", ABC, false;
    /// `CLOSURE    A Bx     R[A] := closure(PROTO[Bx])`
    Closure = "CLOSURE", ABx, true;
    /// `VARARG     A C      R[A], R[A+1], ..., R[A+C-2] := vararg`
    Vararg = "VARARG", ABC, true;
    /// `VARARGPREP A        adjust the vararg parameters (A: number of fixed parameters)`
    VarargPrep = "VARARGPREP", ABC, true;
    /// `EXTRAARG   Ax       extra (larger) argument for the previous opcode`
    ExtraArg = "EXTRAARG", Ax, false;
    /// `GETSELF    A B      R[A] := UpValue[B]`, an upvalue that holds the running closure
    GetSelf = "GETSELF", ABC, true;
}

/// The opcodes of Lua 5.4 are the first [`NUM_LUA_OPCODES`]; the rest are Selenite's
/// own, which its compiler emits where it knows more than the reference's, and which
/// binary chunks never contain (`dump` writes the Lua opcode each one stands for,
/// [`Instruction::portable`](crate::Instruction::portable)).
pub const NUM_LUA_OPCODES: usize = 83;

/// Number of opcodes; raw opcode numbers at or above this are invalid.
pub const NUM_OPCODES: usize = ALL.len();

impl OpCode {
    /// The opcode with number `n`, if there is one.
    #[inline(always)]
    pub fn from_u8(n: u8) -> Option<OpCode> {
        ALL.get(n as usize).copied()
    }

    /// The upper-case name used in disassembly (`"GETFIELD"`).
    pub fn name(self) -> &'static str {
        NAMES[self as usize]
    }

    /// The instruction format.
    pub fn mode(self) -> OpMode {
        MODES[self as usize]
    }

    /// Whether the instruction writes register `A` (used by debug information to find
    /// which instruction last loaded a register).
    pub fn sets_a(self) -> bool {
        SETS_A[self as usize]
    }

    /// Whether this is one of the `MmBin*` instructions that follow arithmetic.
    pub fn is_mm(self) -> bool {
        matches!(self, OpCode::MmBin | OpCode::MmBinI | OpCode::MmBinK)
    }

    /// Whether the instruction is a conditional test followed by a jump.
    pub fn is_test(self) -> bool {
        matches!(
            self,
            OpCode::Eq
                | OpCode::Lt
                | OpCode::Le
                | OpCode::EqK
                | OpCode::EqI
                | OpCode::LtI
                | OpCode::LeI
                | OpCode::GtI
                | OpCode::GeI
                | OpCode::Test
                | OpCode::TestSet
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_is_dense_and_matches_lua_5_4() {
        for (n, op) in ALL.iter().enumerate() {
            assert_eq!(*op as usize, n);
            assert_eq!(OpCode::from_u8(n as u8), Some(*op));
        }
        assert_eq!(NUM_LUA_OPCODES, 83);
        assert_eq!(OpCode::Move as u8, 0);
        assert_eq!(OpCode::MmBin as u8, 46);
        assert_eq!(OpCode::Call as u8, 68);
        assert_eq!(OpCode::ExtraArg as u8, 82);
        assert_eq!(OpCode::GetSelf as u8, 83);
        assert_eq!(NUM_OPCODES, 84);
        assert_eq!(OpCode::from_u8(84), None);
    }

    #[test]
    fn the_documented_table_lists_every_opcode_in_order() {
        let table = include_str!("../../../docs/OPCODES.md");
        for (n, op) in ALL.iter().enumerate() {
            let row = format!("| {n} | `{}` |", op.name());
            assert!(table.contains(&row), "docs/OPCODES.md lacks the row starting {row}");
        }
    }
}
