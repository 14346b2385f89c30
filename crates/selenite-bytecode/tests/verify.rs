//! The verifier: it accepts the reference compiler's output (see `chunks.rs`) and the
//! hand-made functions below, rejects each class of unsafe instruction with a
//! specific message, and whatever it accepts after random mutations stays inside the
//! bounds an independent model of the VM's accesses computes.

mod common;

use common::*;
use selenite_bytecode::{undump, verify, Constant, Instruction, OpCode, Proto, UpvalDesc};
use OpCode::*;

#[track_caller]
fn accepts(p: &Proto) {
    if let Err(e) = verify(p) {
        panic!("rejected: {e}");
    }
}

#[track_caller]
fn rejects(p: &Proto, expected: &str) {
    match verify(p) {
        Ok(()) => panic!("accepted, expected: {expected}"),
        Err(e) => assert!(e.contains(expected), "got {e:?}, expected it to contain {expected:?}"),
    }
}

/// `instructions` followed by `RETURN0`.
fn run(instructions: &[Instruction]) -> Proto {
    let mut code = instructions.to_vec();
    code.push(ret0());
    function(code)
}

/// A vararg function running `instructions` followed by a vararg `RETURN`.
fn run_vararg(instructions: &[Instruction]) -> Proto {
    let mut code = instructions.to_vec();
    code.push(abc(Return, 0, 1, 2));
    vararg_function(code)
}

fn abx(op: OpCode, a: u32, bx: u32) -> Instruction {
    Instruction::abx(op, a, bx)
}

#[test]
fn well_formed_functions_pass() {
    accepts(&run(&[
        abc(Move, 9, 0, 0),
        abx(LoadK, 2, 5),
        abc(LoadNil, 0, 9, 0),
        abc(GetField, 3, 0, 0),
        abck(SetField, 0, 0, 1),
        abc(GetTabUp, 4, 1, 0),
        abc(SetTabUp, 1, 0, 9),
        abck(SelfOp, 8, 0, 3),
        abc(Add, 5, 0, 1),
        abc(MmBin, 0, 1, 6),
        abc(AddK, 5, 0, 2),
        abc(MmBinK, 0, 2, 6),
        abc(BAndK, 5, 0, 1),
        abc(MmBinK, 0, 1, 13),
        abc(AddI, 5, 0, 126),
        abc(MmBinI, 0, 128, 7),
        abc(Concat, 0, 10, 0),
        abck(EqK, 0, 4, 0),
        jmp(0),
        abc(NewTable, 0, 32, 0),
        Instruction::ax(ExtraArg, 0),
        abc(Call, 0, 10, 11),
        abx(Closure, 9, 0),
        abc(Return, 10, 1, 0),
    ]));
    accepts(&run_vararg(&[abc(Vararg, 3, 0, 0), abc(Call, 2, 0, 0), abc(Return, 2, 0, 2)]));
    accepts(&run(&[abc(Call, 3, 1, 0), abc(Return, 3, 0, 0)]));
    accepts(&run(&[abc(TailCall, 3, 1, 0), abc(Return, 3, 0, 0)]));
    accepts(&run(&[abc(Call, 4, 1, 0), abc(SetList, 3, 0, 7)]));
    // An endless loop may end the code.
    accepts(&function(vec![abc(Move, 0, 1, 0), jmp(-2)]));
}

#[test]
fn invalid_opcodes_are_rejected() {
    rejects(&run(&[Instruction(84)]), "invalid opcode 84 at pc 1 in function at line 1");
    rejects(&run(&[abc(Move, 0, 0, 0), Instruction(0x7f)]), "invalid opcode 127 at pc 2");
}

#[test]
fn registers_and_register_ranges_stay_below_the_stack_size() {
    let out = "register 10 out of range (stack size 10)";
    rejects(
        &run(&[abc(Move, 10, 0, 0)]),
        "register 10 out of range (stack size 10) in MOVE at pc 1 in function at line 1",
    );
    rejects(&run(&[abc(Move, 0, 10, 0)]), out);
    rejects(&run(&[abc(GetTable, 0, 1, 10)]), out);
    rejects(&run(&[abc(LoadNil, 5, 5, 0)]), out);
    rejects(&run(&[abc(Call, 5, 6, 1)]), out);
    rejects(&run(&[abc(Call, 5, 1, 7)]), out);
    rejects(&run(&[abc(Concat, 5, 6, 0)]), out);
    rejects(&run(&[abc(SetList, 5, 5, 0)]), out);
    rejects(&run(&[abc(SelfOp, 9, 0, 0)]), out);
    rejects(&run(&[abc(Return1, 10, 0, 0)]), out);
    rejects(&function(vec![abc(Return, 5, 7, 0)]), out);
    rejects(&run(&[abck(SetTable, 0, 1, 10)]), "constant 10 out of range");
    rejects(&run(&[abc(SetTable, 0, 1, 10)]), out);
    rejects(&run(&[abc(TForCall, 4, 0, 0), abx(TForLoop, 4, 1)]), out);
    rejects(&run(&[abc(TForCall, 0, 0, 7), abx(TForLoop, 0, 1)]), out);
    rejects(&run(&[abx(ForPrep, 7, 0), abx(ForLoop, 7, 1)]), out);
    rejects(&run(&[abx(TForLoop, 6, 0)]), out);
    rejects(&run_vararg(&[abc(Vararg, 5, 0, 7)]), out);
    // The last register is fine, and so is returning nothing from just past it.
    accepts(&run(&[abc(LoadNil, 5, 4, 0), abx(ForPrep, 6, 0), abx(ForLoop, 6, 1)]));
    accepts(&run(&[abc(TForCall, 3, 0, 3), abx(TForLoop, 3, 2)]));
    accepts(&function(vec![abc(Return, 10, 1, 0)]));
    rejects(&function(vec![abc(Return, 11, 1, 0)]), "register 11 beyond the stack");
}

#[test]
fn constants_exist_and_have_the_type_the_opcode_needs() {
    rejects(&run(&[abx(LoadK, 0, 6)]), "constant 6 out of range in LOADK at pc 1");
    rejects(&run(&[abc(GetField, 0, 0, 1)]), "constant 1 is not a short string key in GETFIELD");
    rejects(&run(&[abc(GetField, 0, 0, 3)]), "constant 3 is not a short string key");
    rejects(&run(&[abc(GetTabUp, 0, 0, 2)]), "constant 2 is not a short string key in GETTABUP");
    rejects(&run(&[abc(SetField, 0, 4, 0)]), "constant 4 is not a short string key in SETFIELD");
    rejects(&run(&[abc(SetTabUp, 0, 5, 0)]), "constant 5 is not a short string key in SETTABUP");
    rejects(&run(&[abck(SetField, 0, 0, 6)]), "constant 6 out of range in SETFIELD");
    rejects(&run(&[abc(AddK, 0, 0, 0), abc(MmBinK, 0, 0, 6)]), "constant 0 is not a number in ADDK");
    rejects(&run(&[abc(DivK, 0, 0, 5), abc(MmBinK, 0, 5, 11)]), "constant 5 is not a number in DIVK");
    rejects(&run(&[abc(BOrK, 0, 0, 2), abc(MmBinK, 0, 2, 14)]), "constant 2 is not an integer in BORK");
    rejects(&run(&[abck(EqK, 0, 6, 0), jmp(0)]), "constant 6 out of range in EQK");
    rejects(&run(&[abck(SelfOp, 0, 1, 1)]), "constant 1 is not a string in SELF");
    rejects(&run(&[abc(AddK, 0, 0, 1), abc(MmBinK, 0, 6, 6)]), "constant 6 out of range in MMBINK");
    rejects(&run(&[abx(LoadKX, 0, 0), Instruction::ax(ExtraArg, 6)]), "constant 6 out of range in LOADKX");
    accepts(&run(&[abx(LoadKX, 0, 0), Instruction::ax(ExtraArg, 5)]));
    accepts(&run(&[abck(EqK, 0, 4, 0), jmp(0)]));
    accepts(&run(&[abc(PowK, 0, 0, 2), abc(MmBinK, 0, 2, 10)]));
}

#[test]
fn upvalues_and_nested_functions_exist() {
    rejects(&run(&[abc(GetUpval, 0, 2, 0)]), "upvalue 2 out of range in GETUPVAL");
    rejects(&run(&[abc(SetUpval, 0, 2, 0)]), "upvalue 2 out of range in SETUPVAL");
    rejects(&run(&[abc(GetSelf, 0, 2, 0)]), "upvalue 2 out of range in GETSELF");
    rejects(&run(&[abc(GetTabUp, 0, 2, 0)]), "upvalue 2 out of range in GETTABUP");
    rejects(&run(&[abc(SetTabUp, 2, 0, 0)]), "upvalue 2 out of range in SETTABUP");
    rejects(&run(&[abx(Closure, 0, 1)]), "function 1 out of range in CLOSURE");
    let mut too_many = run(&[]);
    too_many.upvalues = vec![UpvalDesc { name: None, in_stack: false, index: 0, kind: 0 }; 256];
    rejects(&too_many, "too many upvalues in function at line 1");
}

#[test]
fn jumps_land_inside_the_code() {
    rejects(&run(&[jmp(1)]), "jump to pc 3 outside the code in JMP at pc 1");
    rejects(&run(&[jmp(-2)]), "jump to pc 0 outside the code");
    rejects(&run(&[abx(ForPrep, 0, 1), abx(ForLoop, 0, 1)]), "jump to pc 4 outside the code in FORPREP");
    rejects(&run(&[abx(ForLoop, 0, 2)]), "jump to pc 0 outside the code in FORLOOP");
    rejects(&run(&[abx(TForPrep, 0, 1)]), "jump to pc 3 outside the code in TFORPREP");
    rejects(&run(&[abx(TForLoop, 0, 2)]), "jump to pc 0 outside the code in TFORLOOP");
    // A test's skip and LFALSESKIP's skip must not leave the code either.
    rejects(&function(vec![abc(Test, 0, 0, 0), jmp(-2)]), "jump to pc 3 outside the code in TEST");
    rejects(&function(vec![abc(LFalseSkip, 0, 0, 0), ret0()]), "jump to pc 3 outside the code in LFALSESKIP");
    accepts(&run(&[abc(LFalseSkip, 0, 0, 0), abc(LoadTrue, 0, 0, 0)]));
}

#[test]
fn companions_follow_the_instructions_that_need_them() {
    rejects(&run(&[abx(LoadKX, 0, 0)]), "not followed by EXTRAARG in LOADKX");
    rejects(&run(&[abc(NewTable, 0, 0, 0)]), "not followed by EXTRAARG in NEWTABLE");
    rejects(&run(&[abck(SetList, 0, 1, 0)]), "not followed by EXTRAARG in SETLIST");
    for test in [Eq, Lt, Le, EqK, EqI, LtI, LeI, GtI, GeI, Test, TestSet] {
        rejects(&run(&[abc(test, 0, 1, 0), abc(Move, 0, 0, 0)]), &format!("not followed by JMP in {}", test.name()));
    }
    rejects(&run(&[abc(TForCall, 0, 0, 1)]), "not followed by TFORLOOP in TFORCALL");
    rejects(&run(&[abc(Add, 0, 0, 1)]), "not followed by MMBIN in ADD");
    rejects(&run(&[abc(AddK, 0, 0, 1), abc(MmBin, 0, 1, 6)]), "not followed by MMBINK in ADDK");
    rejects(&run(&[abc(ShlI, 0, 0, 1), abc(MmBinK, 0, 1, 16)]), "not followed by MMBINI in SHLI");
    rejects(&run(&[abc(MmBin, 0, 1, 6)]), "not preceded by its arithmetic instruction in MMBIN at pc 1");
    rejects(&run(&[abc(Move, 0, 1, 0), abc(MmBinI, 0, 1, 6)]), "not preceded by its arithmetic instruction");
    rejects(&run(&[abc(Add, 0, 0, 1), abc(MmBin, 0, 1, 5)]), "invalid metamethod event 5 in MMBIN");
    rejects(&run(&[abc(Shr, 0, 0, 1), abc(MmBin, 0, 1, 18)]), "invalid metamethod event 18");
    rejects(&run(&[Instruction::ax(ExtraArg, 0)]), "not preceded by LOADKX, NEWTABLE or SETLIST in EXTRAARG");
    rejects(
        &run(&[abc(SetList, 0, 1, 0), Instruction::ax(ExtraArg, 0)]),
        "not preceded by LOADKX, NEWTABLE or SETLIST",
    );
    accepts(&run(&[abck(SetList, 0, 1, 0), Instruction::ax(ExtraArg, 2)]));
    accepts(&run(&[abc(Shr, 0, 0, 1), abc(MmBin, 0, 1, 17)]));
}

#[test]
fn function_shape_is_checked() {
    rejects(&function(Vec::new()), "empty code in function at line 1");
    rejects(&Proto { max_stack: 1, ..run(&[]) }, "stack size smaller than parameter count");
    rejects(&Proto { line_info: vec![1, 2, 3], ..run(&[]) }, "line information does not match code");
    accepts(&Proto { line_info: vec![1, 2], ..run(&[abc(Move, 0, 1, 0)]) });
    rejects(&function(vec![abc(Move, 0, 1, 0)]), "code does not end with a return or jump");
    rejects(&function(vec![abc(Call, 0, 1, 1)]), "code does not end with a return or jump");
    rejects(&run(&[abc(NewTable, 0, 33, 0), Instruction::ax(ExtraArg, 0)]), "hash size exponent 33 too large");
    rejects(&run(&[abc(Concat, 0, 0, 0)]), "no values to concatenate");
    let main = Proto { line_defined: 0, ..run(&[abc(Move, 10, 0, 0)]) };
    rejects(&main, "in MOVE at pc 1 in main chunk");
}

#[test]
fn vararg_functions_prepare_their_frame_and_restore_it_on_return() {
    rejects(&Proto { is_vararg: true, num_params: 1, ..run(&[]) }, "vararg function does not start with VARARGPREP");
    let mut wrong_count = run_vararg(&[]);
    wrong_count.code[0] = abc(VarargPrep, 0, 0, 0);
    rejects(&wrong_count, "A is 0, expected 1 in VARARGPREP at pc 1");
    rejects(&run_vararg(&[abc(VarargPrep, 1, 0, 0)]), "only allowed at the start of a vararg function");
    rejects(&run(&[abc(VarargPrep, 2, 0, 0)]), "only allowed at the start of a vararg function");
    let mut back_to_start = run_vararg(&[abc(Move, 0, 1, 0)]);
    back_to_start.code.push(jmp(-4));
    rejects(&back_to_start, "jump to VARARGPREP");
    rejects(&vararg_function(vec![abc(Return, 0, 1, 0)]), "C is 0, expected 2 in RETURN");
    rejects(&run_vararg(&[abc(TailCall, 0, 1, 0)]), "C is 0, expected 2 in TAILCALL");
    rejects(&vararg_function(vec![ret0()]), "not allowed in a vararg function in RETURN0");
    rejects(&vararg_function(vec![abc(Return1, 0, 2, 1)]), "not allowed in a vararg function in RETURN1");
    rejects(&function(vec![abc(Return, 0, 1, 2)]), "C is 2, expected 0 in RETURN");
    rejects(&run(&[abc(TailCall, 0, 1, 3)]), "C is 3, expected 0 in TAILCALL");
    rejects(&run(&[abc(Vararg, 0, 0, 2)]), "not allowed in a non-vararg function in VARARG");
    accepts(&run_vararg(&[abc(Vararg, 0, 0, 3), abc(TailCall, 0, 1, 2)]));
}

#[test]
fn the_stack_top_is_read_only_right_after_it_is_set() {
    let unset = "stack top read but not set by the previous instruction";
    rejects(&run(&[abc(Call, 0, 0, 1)]), &format!("{unset} in CALL at pc 1"));
    rejects(&run(&[abc(Move, 3, 0, 0), abc(Call, 2, 0, 1)]), unset);
    rejects(&run(&[abc(Call, 2, 1, 2), abc(Call, 1, 0, 1)]), unset);
    // The setter must leave the top above the reader's own operands.
    rejects(&run_vararg(&[abc(Vararg, 2, 0, 0), abc(Call, 2, 0, 1)]), unset);
    rejects(&run(&[abc(Call, 1, 1, 0), abc(SetList, 1, 0, 0)]), unset);
    rejects(&run(&[abc(Call, 1, 1, 0), abc(TailCall, 2, 0, 0)]), unset);
    rejects(&function(vec![abc(Call, 1, 1, 0), abc(Return, 2, 0, 0)]), "in RETURN at pc 2");
    accepts(&function(vec![abc(Call, 3, 1, 0), abc(Return, 3, 0, 0)]));
    // Reached by a jump or a test's skip, the top would be stale.
    let jumped_to = run_vararg(&[abc(Vararg, 3, 0, 0), abc(Call, 2, 0, 1), jmp(-2)]);
    rejects(&jumped_to, "stack top read at a jump target in CALL at pc 3");
    let skipped_to = function(vec![abc(Call, 3, 1, 0), abc(Test, 0, 0, 0), jmp(0), abc(Return, 3, 0, 0)]);
    rejects(&skipped_to, "stack top read at a jump target in RETURN at pc 4");
}

#[test]
fn nested_functions_capture_existing_variables_and_are_verified() {
    let mut p = run(&[]);
    p.protos[0].upvalues[0].index = 10;
    rejects(&p, "upvalue 1 of function 1 captures missing register 10 in function at line 1");
    p.protos[0].upvalues[0].index = 9;
    accepts(&p);
    p.protos[0].upvalues[0] = UpvalDesc { name: None, in_stack: false, index: 2, kind: 0 };
    rejects(&p, "captures missing upvalue 2");
    p.protos[0].upvalues[0].index = 1;
    accepts(&p);
    p.protos[0].code[0] = abc(GetUpval, 0, 1, 0);
    rejects(&p, "upvalue 1 out of range in GETUPVAL at pc 1 in function at line 2");
}

#[test]
fn nesting_depth_is_bounded() {
    let nest = |levels: usize| {
        let mut p = Proto { max_stack: 2, code: vec![ret0()], ..Proto::default() };
        for _ in 0..levels {
            p = Proto { max_stack: 2, code: vec![ret0()], protos: vec![p], ..Proto::default() };
        }
        p
    };
    accepts(&nest(200));
    rejects(&nest(201), "functions nested too deeply");
}

/// What an instruction touches when the VM runs it, modelled from the reference's
/// `lvm.c` one opcode at a time: registers (including whole ranges), constants,
/// upvalues, nested functions, and the pcs control may go to next. Instructions that
/// read the stack top contribute only their fixed operands.
#[derive(Default)]
struct Access {
    registers: Vec<u32>,
    constants: Vec<u32>,
    upvalues: Vec<u32>,
    functions: Vec<u32>,
    next: Vec<i64>,
}

fn access(p: &Proto, pc: usize) -> Access {
    let i = p.code[pc];
    let (a, b, c, k) = (i.a(), i.b(), i.c(), i.k());
    let here = pc as i64;
    let mut x = Access { next: vec![here + 1], ..Access::default() };
    let range = |first: u32, n: u32| (first..first + n).collect::<Vec<u32>>();
    let rk = |x: &mut Access, v| if k { x.constants.push(v) } else { x.registers.push(v) };
    match i.opcode().expect("verified") {
        Move | Unm | BNot | Not | Len | GetI => x.registers = vec![a, b],
        GetTable => x.registers = vec![a, b, c],
        // Arithmetic continues at its metamethod fallback or skips it.
        Add | Sub | Mul | Mod | Pow | Div | IDiv | BAnd | BOr | BXor | Shl | Shr => {
            x.registers = vec![a, b, c];
            x.next.push(here + 2);
        }
        AddI | ShrI | ShlI => {
            x.registers = vec![a, b];
            x.next.push(here + 2);
        }
        AddK | SubK | MulK | ModK | PowK | DivK | IDivK | BAndK | BOrK | BXorK => {
            x.registers = vec![a, b];
            x.constants.push(c);
            x.next.push(here + 2);
        }
        LoadI | LoadF | LoadFalse | LoadTrue | Close | Tbc => x.registers = vec![a],
        Return1 => {
            x.registers = vec![a];
            x.next.clear();
        }
        LoadK => {
            x.registers = vec![a];
            x.constants.push(i.bx());
        }
        LoadKX => {
            x.registers = vec![a];
            x.constants.push(p.code[pc + 1].ax_arg());
            x.next = vec![here + 2];
        }
        LFalseSkip => {
            x.registers = vec![a];
            x.next = vec![here + 2];
        }
        LoadNil => x.registers = range(a, b + 1),
        GetUpval | GetSelf | SetUpval => {
            x.registers = vec![a];
            x.upvalues.push(b);
        }
        GetTabUp => {
            x.registers = vec![a];
            x.upvalues.push(b);
            x.constants.push(c);
        }
        GetField => {
            x.registers = vec![a, b];
            x.constants.push(c);
        }
        SetTabUp => {
            x.upvalues.push(a);
            x.constants.push(b);
            rk(&mut x, c);
        }
        SetTable | SetI | SetField => {
            x.registers = vec![a];
            match i.opcode() {
                Some(SetTable) => x.registers.push(b),
                Some(SetField) => x.constants.push(b),
                _ => {}
            }
            rk(&mut x, c);
        }
        NewTable => {
            x.registers = vec![a];
            x.next = vec![here + 2];
        }
        SelfOp => {
            x.registers = vec![a, a + 1, b];
            rk(&mut x, c);
        }
        MmBin | MmBinI | MmBinK => {
            // The result goes to the arithmetic instruction's A.
            x.registers = vec![a, p.code[pc - 1].a()];
            match i.opcode() {
                Some(MmBin) => x.registers.push(b),
                Some(MmBinK) => x.constants.push(b),
                _ => {}
            }
        }
        Concat => x.registers = range(a, b),
        Jmp => x.next = vec![here + 1 + i64::from(i.sj_arg())],
        Eq | Lt | Le | TestSet | EqK | EqI | LtI | LeI | GtI | GeI | Test => {
            x.registers = vec![a];
            match i.opcode() {
                Some(Eq | Lt | Le | TestSet) => x.registers.push(b),
                Some(EqK) => x.constants.push(b),
                _ => {}
            }
            let jump = p.code[pc + 1];
            x.next = vec![here + 2, here + 2 + i64::from(jump.sj_arg())];
        }
        Call => {
            x.registers = range(a, b.max(1));
            x.registers.extend(range(a, c.saturating_sub(1)));
        }
        TailCall => {
            x.registers = range(a, b.max(1));
            x.next.clear();
        }
        Return => {
            x.registers = range(a, b.saturating_sub(1));
            x.next.clear();
        }
        Return0 => x.next.clear(),
        ForPrep => {
            x.registers = range(a, 4);
            x.next.push(here + 2 + i64::from(i.bx()));
        }
        ForLoop | TForLoop => {
            x.registers = range(a, if i.opcode() == Some(ForLoop) { 4 } else { 5 });
            x.next.push(here + 1 - i64::from(i.bx()));
        }
        TForPrep => {
            x.registers = range(a, 4);
            x.next = vec![here + 1 + i64::from(i.bx())];
        }
        TForCall => x.registers = range(a, 4 + c.max(3)),
        SetList => {
            x.registers = range(a, b + 1);
            if k {
                x.next = vec![here + 2];
            }
        }
        Closure => {
            x.registers = vec![a];
            x.functions.push(i.bx());
        }
        Vararg => x.registers = range(a, c.saturating_sub(1).max(1)),
        VarargPrep | ExtraArg => {}
    }
    x
}

/// Checks every access of every instruction of `p` (and of its nested functions)
/// against its bounds, independently of the verifier's own rules.
fn check_accesses(p: &Proto) -> Result<(), String> {
    for pc in 0..p.code.len() {
        let x = access(p, pc);
        let fail = |what: &str| Err(format!("pc {} ({:?}): {what}", pc + 1, p.code[pc]));
        if x.registers.iter().any(|&r| r >= u32::from(p.max_stack)) {
            return fail("register out of range");
        }
        if x.constants.iter().any(|&k| k as usize >= p.constants.len()) {
            return fail("constant out of range");
        }
        if x.upvalues.iter().any(|&u| u as usize >= p.upvalues.len()) {
            return fail("upvalue out of range");
        }
        if x.functions.iter().any(|&f| f as usize >= p.protos.len()) {
            return fail("function out of range");
        }
        if x.next.iter().any(|&n| n < 0 || n as usize >= p.code.len()) {
            return fail("control leaves the code");
        }
    }
    p.protos.iter().try_for_each(check_accesses)
}

fn count_protos(p: &Proto) -> usize {
    1 + p.protos.iter().map(count_protos).sum::<usize>()
}

/// The `n`-th prototype of the tree in pre-order.
fn nth_proto(p: &mut Proto, n: usize) -> &mut Proto {
    if n == 0 {
        return p;
    }
    let mut rest = n - 1;
    for child in &mut p.protos {
        let size = count_protos(child);
        if rest < size {
            return nth_proto(child, rest);
        }
        rest -= size;
    }
    unreachable!("n is below the tree's size")
}

fn mutate_field(rng: &mut Rng, i: Instruction) -> Instruction {
    let small = |rng: &mut Rng| rng.below(12) as u32;
    match rng.below(9) {
        0 => i.with_a(small(rng)),
        1 => i.with_b(small(rng)),
        2 => i.with_c(small(rng)),
        3 => i.with_k(!i.k()),
        4 => i.with_a(i.a() + 1),
        5 => i.with_bx(i.bx() ^ (1 << rng.below(17))),
        6 => i.with_sj(i.sj_arg() + rng.below(5) as i32 - 2),
        7 => Instruction((i.0 & !0x7f) | rng.below(83) as u32),
        _ => Instruction(rng.next() as u32),
    }
}

fn mutate_proto(rng: &mut Rng, p: &mut Proto) {
    match rng.below(10) {
        0 => p.max_stack = p.max_stack.saturating_sub(1 + rng.below(2) as u8),
        1 => {
            p.constants.pop();
        }
        2 => {
            p.upvalues.pop();
        }
        3 if p.code.len() > 1 => {
            let (x, y) = (rng.below(p.code.len() as u64) as usize, rng.below(p.code.len() as u64) as usize);
            p.code.swap(x, y);
        }
        4 => {
            let at = rng.below(p.code.len() as u64) as usize;
            p.code.remove(at);
            if !p.line_info.is_empty() {
                p.line_info.remove(at);
            }
        }
        5 => {
            if let Some(k) = p.constants.get_mut(rng.below(8) as usize) {
                *k = [Constant::Nil, Constant::Int(3), Constant::Float(0.5), Constant::Str(vec![b'z'; 41])]
                    [rng.below(4) as usize]
                    .clone();
            }
        }
        _ => {
            let at = rng.below(p.code.len() as u64) as usize;
            p.code[at] = mutate_field(rng, p.code[at]);
        }
    }
}

#[test]
fn property_whatever_survives_random_mutations_stays_in_bounds() {
    let reference = undump(OPCODES_CHUNK, b"=t").unwrap();
    let hand_made = run_vararg(&[
        abc(Vararg, 3, 0, 0),
        abc(Call, 2, 0, 0),
        abc(Add, 5, 0, 1),
        abc(MmBin, 0, 1, 6),
        abc(LtI, 0, 130, 0),
        jmp(1),
        abx(LoadKX, 0, 0),
        Instruction::ax(ExtraArg, 5),
        abx(TForPrep, 4, 0),
        abc(TForCall, 0, 0, 2),
        abx(TForLoop, 0, 2),
    ]);
    accepts(&hand_made);
    let mut rng = Rng::new(99);
    let (mut accepted, mut rejected) = (0, 0);
    for round in 0..20_000 {
        let mut p = if round % 4 == 0 { hand_made.clone() } else { reference.clone() };
        for _ in 0..=rng.below(2) {
            let which = rng.below(count_protos(&p) as u64) as usize;
            let target = nth_proto(&mut p, which);
            if !target.code.is_empty() {
                mutate_proto(&mut rng, target);
            }
        }
        match verify(&p) {
            Ok(()) => {
                accepted += 1;
                if let Err(e) = check_accesses(&p) {
                    panic!("round {round}: verified but {e}");
                }
            }
            Err(_) => rejected += 1,
        }
    }
    assert!(accepted > 2_000 && rejected > 2_000, "accepted {accepted}, rejected {rejected}");
}

#[test]
fn random_words_never_panic_the_verifier() {
    let mut rng = Rng::new(4242);
    for _ in 0..20_000 {
        let len = 1 + rng.below(12) as usize;
        let mut code: Vec<Instruction> =
            (0..len).map(|_| Instruction(rng.next() as u32 & !0x7f | rng.below(84) as u32)).collect();
        if rng.chance(2) {
            code.push(ret0());
        }
        let p = Proto {
            is_vararg: rng.chance(2),
            num_params: rng.below(3) as u8,
            max_stack: rng.next() as u8,
            ..function(code)
        };
        if verify(&p).is_ok() {
            check_accesses(&p).unwrap();
        }
    }
}
