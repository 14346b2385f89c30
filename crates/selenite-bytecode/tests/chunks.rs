//! Binary chunks: compatibility with the reference's `string.dump`, round trips,
//! header checks with the reference's messages, and robustness against truncated,
//! corrupted and forged input.

mod common;

use common::*;
use selenite_bytecode::{
    bad_binary_format, dump, undump, verify, Constant, Instruction, LocalVar, OpCode, Proto, UpvalDesc, NUM_LUA_OPCODES,
};

/// The message `load` reports for a chunk loaded under its own text as name.
fn binary_string_error(why: &str) -> String {
    format!("binary string: bad binary format ({why})")
}

#[test]
fn reference_chunks_load_verify_and_dump_back_byte_for_byte() {
    for (chunk, strip) in [(OPCODES_CHUNK, false), (OPCODES_STRIPPED_CHUNK, true)] {
        let p = undump(chunk, chunk).expect("reference chunk loads");
        verify(&p).expect("reference chunk verifies");
        assert_eq!(dump(&p, strip), chunk, "strip = {strip}");
    }
}

#[test]
fn reference_chunk_contents() {
    let p = undump(OPCODES_CHUNK, b"=t").unwrap();
    assert_eq!(p.source, b"@opcodes.lua");
    assert_eq!((p.num_params, p.is_vararg, p.line_defined), (0, true, 0));
    assert_eq!(p.code[0].opcode(), Some(OpCode::VarargPrep));
    assert_eq!(p.upvalues, vec![UpvalDesc { name: Some(b"_ENV".to_vec()), in_stack: true, index: 0, kind: 0 }]);
    // Active lines as the reference's debug.getinfo(f, "L") reports them (the vararg
    // preparation at pc 0 excluded).
    let mut lines: Vec<u32> = p.line_info[1..].to_vec();
    lines.sort_unstable();
    lines.dedup();
    let expected = [
        2, 3, 8, 23, 40, 42, 43, 52, 62, 67, 71, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 86, 88, 89, 90, 91,
        92, 93, 94, 95, 96, 97,
    ];
    assert_eq!(lines, expected);
    assert_eq!(p.line_info.len(), p.code.len());
    let counter = &p.protos[0];
    assert_eq!(counter.source, p.source, "nested functions inherit the source");
    assert_eq!((counter.line_defined, counter.last_line_defined), (4, 8));
    assert_eq!((counter.num_params, counter.is_vararg), (1, true));
    assert_eq!(counter.local_vars[0].name, b"step");
    assert_eq!(counter.upvalues[0].name.as_deref(), Some(b"up".as_slice()));
    let strings: Vec<&[u8]> = p
        .constants
        .iter()
        .filter_map(|k| match k {
            Constant::Str(s) => Some(s.as_slice()),
            _ => None,
        })
        .collect();
    assert!(strings.contains(&b"print".as_slice()));
}

#[test]
fn stripped_reference_chunk_is_the_full_one_without_debug_information() {
    let full = undump(OPCODES_CHUNK, b"=t").unwrap();
    let bare = undump(OPCODES_STRIPPED_CHUNK, b"=t").unwrap();
    assert_same_proto(&bare, &stripped(&full));
    assert_eq!(dump(&full, true), OPCODES_STRIPPED_CHUNK);
}

/// A prototype exercising every encoding path: all constant kinds (NaN, -0.0,
/// non-UTF-8 bytes, short/long boundary), nested functions with their own or the
/// parent's source, unnamed upvalues, lines that jump, fall and run long enough to
/// need absolute entries.
fn rich_proto() -> Proto {
    let mut lines: Vec<u32> = vec![7, 7, 300, 2, 2_000_000, 1, 0];
    lines.extend((0..400).map(|n| 10 + n / 3));
    let code = vec![Instruction::abc(OpCode::Move, 1, 0, 0, false); lines.len()];
    let child = |source: &[u8], line| Proto {
        source: source.to_vec(),
        line_defined: line,
        last_line_defined: line + 1,
        num_params: 1,
        max_stack: 2,
        code: vec![ret0()],
        upvalues: vec![UpvalDesc { name: None, in_stack: false, index: 3, kind: 2 }],
        line_info: vec![line],
        ..Proto::default()
    };
    Proto {
        source: b"@rich.lua".to_vec(),
        line_defined: 5,
        last_line_defined: 1_000_000,
        num_params: 3,
        is_vararg: true,
        max_stack: 250,
        code,
        constants: vec![
            Constant::Nil,
            Constant::Bool(false),
            Constant::Bool(true),
            Constant::Int(i64::MIN),
            Constant::Int(-1),
            Constant::Float(f64::NAN),
            Constant::Float(-0.0),
            Constant::Float(f64::INFINITY),
            Constant::Str(Vec::new()),
            Constant::Str(vec![0xff, 0x00, 0x80]),
            Constant::Str(vec![b'a'; 40]),
            Constant::Str(vec![b'b'; 41]),
            Constant::Str(vec![b'c'; 70_000]),
        ],
        upvalues: vec![
            UpvalDesc { name: Some(b"_ENV".to_vec()), in_stack: true, index: 0, kind: 0 },
            UpvalDesc { name: None, in_stack: false, index: 255, kind: 3 },
        ],
        protos: vec![child(b"@rich.lua", 20), child(b"=other", 30)],
        line_info: lines,
        local_vars: vec![
            LocalVar { name: b"x".to_vec(), start_pc: 0, end_pc: 407 },
            LocalVar { name: Vec::new(), start_pc: 3, end_pc: 3 },
        ],
    }
}

#[test]
fn dump_then_undump_gives_the_same_proto() {
    let p = rich_proto();
    assert_same_proto(&undump(&dump(&p, false), b"=t").unwrap(), &p);
}

#[test]
fn stripped_dump_drops_exactly_the_debug_information() {
    let p = rich_proto();
    let back = undump(&dump(&p, true), b"=t").unwrap();
    assert_same_proto(&back, &stripped(&p));
    assert_eq!(back.source, b"=?");
    assert_eq!(back.protos[1].source, b"=?");
}

#[test]
fn nested_source_is_written_only_when_it_differs_from_the_parent() {
    let p = rich_proto();
    let bytes = dump(&p, false);
    let count = |needle: &[u8]| bytes.windows(needle.len()).filter(|w| *w == needle).count();
    assert_eq!(count(b"@rich.lua"), 1);
    assert_eq!(count(b"=other"), 1);
}

#[test]
fn header_fields_are_checked_with_the_reference_messages() {
    // Each byte of the header incremented, with the message the reference gives.
    let expected = |offset: usize| match offset {
        0..=3 => "not a binary chunk",
        4 => "version mismatch",
        5 => "format mismatch",
        6..=11 => "corrupted chunk",
        12 => "Instruction size mismatch",
        13 => "lua_Integer size mismatch",
        14 => "lua_Number size mismatch",
        15..=22 => "integer format mismatch",
        _ => "float format mismatch",
    };
    for offset in 0..31 {
        let mut chunk = OPCODES_CHUNK.to_vec();
        chunk[offset] = chunk[offset].wrapping_add(1);
        let err = undump(&chunk, OPCODES_CHUNK).unwrap_err();
        assert_eq!(err, binary_string_error(expected(offset)), "header byte {offset}");
    }
}

#[test]
fn header_matches_the_reference_layout() {
    let chunk = dump(&function(vec![ret0()]), false);
    let mut header = b"\x1bLua\x54\x00\x19\x93\r\n\x1a\n\x04\x08\x08".to_vec();
    header.extend_from_slice(&0x5678i64.to_le_bytes());
    header.extend_from_slice(&370.5f64.to_le_bytes());
    assert_eq!(&chunk[..header.len()], header.as_slice());
    assert_eq!(chunk[header.len()], 2, "the main function's upvalue count follows the header");
}

#[test]
fn chunk_names_follow_the_reference() {
    assert_eq!(bad_binary_format(b"=stdin", "x"), "stdin: bad binary format (x)");
    assert_eq!(bad_binary_format(b"@f.lua", "x"), "f.lua: bad binary format (x)");
    assert_eq!(bad_binary_format(b"abc", "x"), "abc: bad binary format (x)");
    assert_eq!(bad_binary_format(b"\x1bLua junk", "x"), "binary string: bad binary format (x)");
    let long = format!("@{}", "d".repeat(80));
    assert_eq!(bad_binary_format(long.as_bytes(), "x"), format!("{}: bad binary format (x)", "d".repeat(80)));
    assert_eq!(undump(b"\x1bLu", b"=in").unwrap_err(), "in: bad binary format (truncated chunk)");
}

#[test]
fn every_proper_prefix_is_a_truncated_chunk() {
    let selenite_chunk = dump(&rich_proto(), false);
    for chunk in [OPCODES_CHUNK, OPCODES_STRIPPED_CHUNK, selenite_chunk.as_slice()] {
        for len in 0..chunk.len() {
            let err = undump(&chunk[..len], chunk).unwrap_err();
            assert_eq!(err, binary_string_error("truncated chunk"), "prefix of {len} bytes");
        }
    }
}

/// The offset just after the header and the main upvalue count: the main function.
const BODY: usize = 32;

fn with_body(body: &[u8]) -> Vec<u8> {
    let mut chunk = OPCODES_CHUNK[..BODY].to_vec();
    chunk.extend_from_slice(body);
    chunk
}

#[test]
fn forged_counts_and_lengths_fail_without_allocating() {
    // Source string of length 2^56: more than the input holds.
    let huge_string = with_body(&[0x01, 0, 0, 0, 0, 0, 0, 0, 0x80]);
    assert_eq!(undump(&huge_string, b"=t").unwrap_err(), "t: bad binary format (truncated chunk)");
    // A code size of 2^28 - 1 instructions.
    let huge_code = with_body(&[0x80, 0x80, 0x80, 0, 0, 2, 0x7f, 0x7f, 0x7f, 0xff]);
    assert_eq!(undump(&huge_code, b"=t").unwrap_err(), "t: bad binary format (truncated chunk)");
    // Varints beyond their limits.
    let big_int = with_body(&[0x80, 0x08, 0, 0, 0, 0x80]);
    assert_eq!(undump(&big_int, b"=t").unwrap_err(), "t: bad binary format (integer overflow)");
    let big_size = with_body(&[0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80]);
    assert_eq!(undump(&big_size, b"=t").unwrap_err(), "t: bad binary format (integer overflow)");
}

#[test]
fn deep_nesting_is_refused() {
    // Every function: no source, lines 0 and 0, 0 params, not vararg, 2 registers, no
    // code, constants or upvalues, and one nested function.
    let opening = [0x80, 0x80, 0x80, 0, 0, 2, 0x80, 0x80, 0x80, 0x81];
    let body: Vec<u8> = opening.iter().copied().cycle().take(opening.len() * 100_000).collect();
    assert_eq!(undump(&with_body(&body), b"=t").unwrap_err(), "t: bad binary format (functions nested too deeply)");
}

#[test]
fn bad_constants_and_line_information_are_rejected() {
    let function_with = |constants: &[u8], debug: &[u8]| {
        let mut body = vec![0x80, 0x80, 0x80, 0, 0, 2, 0x81];
        body.extend_from_slice(&Instruction::abc(OpCode::Return0, 0, 1, 1, false).0.to_le_bytes());
        body.extend_from_slice(constants);
        body.extend_from_slice(&[0x80, 0x80]);
        body.extend_from_slice(debug);
        with_body(&body)
    };
    let ok = function_with(&[0x80], &[0x80, 0x80, 0x80, 0x80]);
    assert!(undump(&ok, b"=t").is_ok());
    let missing_string = function_with(&[0x81, 0x04, 0x80], &[0x80, 0x80, 0x80, 0x80]);
    assert_eq!(undump(&missing_string, b"=t").unwrap_err(), "t: bad binary format (bad format for constant string)");
    let bad_tag = function_with(&[0x81, 0x07], &[0x80, 0x80, 0x80, 0x80]);
    assert_eq!(undump(&bad_tag, b"=t").unwrap_err(), "t: bad binary format (bad constant type)");
    // An absolute-line marker with no absolute entry, then one whose pc is wrong.
    let unmatched = function_with(&[0x80], &[0x81, 0x80, 0x80, 0x80, 0x80]);
    assert_eq!(undump(&unmatched, b"=t").unwrap_err(), "t: bad binary format (bad line information)");
    let wrong_pc = function_with(&[0x80], &[0x81, 0x80, 0x81, 0x81, 0x85, 0x80, 0x80]);
    assert_eq!(undump(&wrong_pc, b"=t").unwrap_err(), "t: bad binary format (bad line information)");
    let matched = function_with(&[0x80], &[0x81, 0x80, 0x81, 0x80, 0x85, 0x80, 0x80]);
    assert_eq!(undump(&matched, b"=t").unwrap().line_info, vec![5]);
    // A line below zero.
    let negative = function_with(&[0x80], &[0x81, 0xff, 0x80, 0x80, 0x80]);
    assert_eq!(undump(&negative, b"=t").unwrap_err(), "t: bad binary format (bad line information)");
    let unnamed_local = function_with(&[0x80], &[0x80, 0x80, 0x81, 0x80, 0x80, 0x81, 0x80]);
    assert_eq!(undump(&unnamed_local, b"=t").unwrap_err(), "t: bad binary format (bad format for local variable name)");
}

/// Loads `chunk` and, when it loads and verifies, checks that dumping it again is
/// a fixed point. Never panics on a correct implementation, whatever the input.
fn load_anything(chunk: &[u8]) -> bool {
    match undump(chunk, b"=fuzz") {
        Err(e) => {
            assert!(e.starts_with("fuzz: bad binary format ("), "{e}");
            false
        }
        Ok(p) => {
            if verify(&p).is_err() {
                return false;
            }
            let again = dump(&p, false);
            let back = undump(&again, b"=fuzz").expect("a dumped verified prototype loads");
            verify(&back).expect("and verifies");
            assert_eq!(dump(&back, false), again);
            true
        }
    }
}

fn mutate(rng: &mut Rng, base: &[u8]) -> Vec<u8> {
    let mut chunk = base.to_vec();
    for _ in 0..=rng.below(3) {
        let at = rng.below(chunk.len() as u64) as usize;
        match rng.below(6) {
            0 => chunk[at] ^= 1 << rng.below(8),
            1 => chunk[at] = rng.next() as u8,
            2 => chunk[at] = [0x00, 0x7f, 0x80, 0xff][rng.below(4) as usize],
            3 => {
                chunk.remove(at);
            }
            4 => chunk.insert(at, rng.next() as u8),
            _ => {
                let len = (rng.below(8) as usize).min(chunk.len() - at);
                let filler = rng.bytes(len);
                chunk[at..at + len].copy_from_slice(&filler);
            }
        }
        if chunk.is_empty() {
            chunk.push(0x1b);
        }
    }
    chunk
}

#[test]
fn random_mutations_never_panic() {
    let selenite_chunk = dump(&rich_proto(), false);
    let bases = [OPCODES_CHUNK, OPCODES_STRIPPED_CHUNK, selenite_chunk.as_slice()];
    let mut rng = Rng::new(0x5e1e_0001);
    let mut accepted = 0;
    for round in 0..30_000 {
        let base = bases[round % bases.len()];
        // Mutate the body most of the time: the header only ever gives header errors.
        let mut chunk = mutate(&mut rng, &base[BODY..]);
        chunk.splice(0..0, base[..BODY].iter().copied());
        if rng.chance(10) {
            chunk = mutate(&mut rng, base);
        }
        if load_anything(&chunk) {
            accepted += 1;
        }
    }
    // Some mutations (of line numbers, constants, names) leave a valid chunk.
    assert!(accepted > 100, "only {accepted} mutated chunks were accepted");
}

#[test]
fn random_bytes_after_a_valid_header_never_panic() {
    let mut rng = Rng::new(77);
    for _ in 0..20_000 {
        let len = rng.below(64) as usize;
        let mut body = rng.bytes(len);
        // Favour small varints so that the parser gets further.
        for b in body.iter_mut() {
            if rng.chance(2) {
                *b = 0x80 | (*b & 3);
            }
        }
        load_anything(&with_body(&body));
    }
}

/// Largest line or pc the format holds: the reference's varint reader refuses to
/// shift a value of 2^24 - 1 or more, so the largest readable value is 0x7fff_ff7f.
const MAX_INT_FIELD: u32 = 0x7fff_ff7f;

/// A random prototype within the format's limits ([`MAX_INT_FIELD`], at most 255
/// upvalues), nested up to `depth` levels.
fn random_proto(rng: &mut Rng, depth: u32) -> Proto {
    let name = |rng: &mut Rng| {
        let len = rng.below(50) as usize;
        rng.bytes(len)
    };
    let int = |rng: &mut Rng| rng.below(u64::from(MAX_INT_FIELD) + 1) as u32;
    let ncode = rng.below(300) as usize;
    let constants = (0..rng.below(20))
        .map(|_| match rng.below(6) {
            0 => Constant::Nil,
            1 => Constant::Bool(rng.chance(2)),
            2 => Constant::Int(rng.next() as i64),
            3 => Constant::Float(f64::from_bits(rng.next())),
            _ => Constant::Str(name(rng)),
        })
        .collect();
    let upvalues = (0..rng.below(5))
        .map(|_| UpvalDesc {
            name: if rng.chance(3) { None } else { Some(name(rng)) },
            in_stack: rng.chance(2),
            index: rng.next() as u8,
            kind: rng.next() as u8,
        })
        .collect();
    let line_defined = if rng.chance(2) { int(rng) } else { rng.below(100) as u32 };
    let mut line = i64::from(line_defined);
    let line_info = if rng.chance(4) {
        Vec::new()
    } else {
        (0..ncode)
            .map(|_| {
                line = match rng.below(10) {
                    0 => i64::from(int(rng)),
                    1..=3 => line + rng.below(300) as i64 - 150,
                    _ => line + rng.below(5) as i64 - 2,
                }
                .clamp(0, i64::from(MAX_INT_FIELD));
                line as u32
            })
            .collect()
    };
    let protos =
        if depth == 0 { Vec::new() } else { (0..rng.below(3)).map(|_| random_proto(rng, depth - 1)).collect() };
    Proto {
        source: if rng.chance(2) { b"@same.lua".to_vec() } else { name(rng) },
        line_defined,
        last_line_defined: int(rng),
        num_params: rng.next() as u8,
        is_vararg: rng.chance(2),
        max_stack: rng.next() as u8,
        // Any operands, and any of Lua 5.4's opcodes (a chunk holds no others).
        code: (0..ncode)
            .map(|_| Instruction((rng.next() as u32 & !0x7f) | rng.below(NUM_LUA_OPCODES as u64) as u32))
            .collect(),
        constants,
        upvalues,
        protos,
        line_info,
        local_vars: (0..rng.below(4))
            .map(|_| LocalVar { name: name(rng), start_pc: int(rng), end_pc: int(rng) })
            .collect(),
    }
}

#[test]
fn property_any_proto_within_the_format_limits_round_trips() {
    let mut rng = Rng::new(2024);
    for _ in 0..500 {
        let p = random_proto(&mut rng, 2);
        let back = undump(&dump(&p, false), b"=t").unwrap();
        assert_same_proto(&back, &p);
        let bare = undump(&dump(&p, true), b"=t").unwrap();
        assert_same_proto(&bare, &stripped(&p));
    }
}

#[test]
fn selenite_opcodes_are_dumped_as_the_lua_opcodes_they_stand_for() {
    let p = function(vec![abc(OpCode::GetSelf, 3, 1, 0), abc(OpCode::Return1, 3, 2, 1)]);
    let back = undump(&dump(&p, false), b"=t").unwrap();
    assert_eq!(back.code, vec![abc(OpCode::GetUpval, 3, 1, 0), abc(OpCode::Return1, 3, 2, 1)]);
    assert_eq!(dump(&back, false), dump(&p, false));
}

#[test]
fn binary_chunks_with_opcodes_outside_lua_5_4_are_refused() {
    for op in [OpCode::GetSelf as u32, 84, 0x7f] {
        let mut chunk = dump(&function(vec![ret0()]), false);
        let at = chunk.windows(4).rposition(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]) == ret0().0).unwrap();
        chunk[at..at + 4].copy_from_slice(&((ret0().0 & !0x7f) | op).to_le_bytes());
        assert_eq!(undump(&chunk, b"=t").unwrap_err(), "t: bad binary format (invalid opcode)", "opcode {op}");
    }
}
