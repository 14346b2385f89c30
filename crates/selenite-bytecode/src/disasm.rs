//! Human-readable listing of a prototype, in the spirit of `luac -l -l`: header,
//! instructions with their lines, then constants (`K`), local variables (`L` name,
//! first and last-plus-one instruction, 1-based) and upvalues (`U` name, in-stack,
//! index, kind). The compiler's golden tests compare this text.

use crate::opcode::{OpCode, OpMode};
use crate::proto::{Constant, Proto};
use std::fmt::Write;

/// Disassembles `proto` and, after it, every nested prototype.
pub fn disassemble(proto: &Proto) -> String {
    let mut out = String::new();
    write_proto(&mut out, proto);
    out
}

fn write_proto(out: &mut String, p: &Proto) {
    let kind = if p.line_defined == 0 { "main" } else { "function" };
    let _ = writeln!(
        out,
        "{} <{}:{},{}> ({} instructions)",
        kind,
        String::from_utf8_lossy(&p.source),
        p.line_defined,
        p.last_line_defined,
        p.code.len()
    );
    let _ = writeln!(
        out,
        "{}{} params, {} slots, {} upvalues, {} locals, {} constants, {} functions",
        p.num_params,
        if p.is_vararg { "+" } else { "" },
        p.max_stack,
        p.upvalues.len(),
        p.local_vars.len(),
        p.constants.len(),
        p.protos.len()
    );
    for (pc, ins) in p.code.iter().enumerate() {
        let line = p.line_at(pc).map(|l| l.to_string()).unwrap_or_else(|| "?".into());
        let Some(op) = ins.opcode() else {
            let _ = writeln!(out, "\t{}\t[{}]\t<invalid {:#010x}>", pc + 1, line, ins.0);
            continue;
        };
        let operands = match op.mode() {
            OpMode::ABC => format!("{} {} {}{}", ins.a(), ins.b(), ins.c(), if ins.k() { "k" } else { "" }),
            OpMode::ABx => format!("{} {}", ins.a(), ins.bx()),
            OpMode::AsBx => format!("{} {}", ins.a(), ins.sbx()),
            OpMode::Ax => format!("{}", ins.ax_arg()),
            OpMode::SJ => format!("{}", ins.sj_arg()),
        };
        let note = match op {
            OpCode::LoadK => constant_text(p, ins.bx() as usize),
            OpCode::GetField | OpCode::GetTabUp => constant_text(p, ins.c() as usize),
            OpCode::SetField | OpCode::SetTabUp => constant_text(p, ins.b() as usize),
            OpCode::Jmp => format!("to {}", pc as i64 + 2 + ins.sj_arg() as i64),
            _ => String::new(),
        };
        let _ = writeln!(out, "\t{}\t[{}]\t{:<10}\t{}\t{}", pc + 1, line, op.name(), operands, note);
    }
    for i in 0..p.constants.len() {
        let _ = writeln!(out, "\tK{}\t{}", i, constant_text(p, i).trim_start_matches("; "));
    }
    for (i, v) in p.local_vars.iter().enumerate() {
        let name = String::from_utf8_lossy(&v.name);
        let _ = writeln!(out, "\tL{}\t{}\t{}\t{}", i, name, v.start_pc + 1, v.end_pc + 1);
    }
    for (i, u) in p.upvalues.iter().enumerate() {
        let name = u.name.as_deref().map(String::from_utf8_lossy).unwrap_or_default();
        let _ = writeln!(out, "\tU{}\t{}\t{}\t{}\t{}", i, name, u.in_stack as u8, u.index, u.kind);
    }
    for child in &p.protos {
        out.push('\n');
        write_proto(out, child);
    }
}

fn constant_text(p: &Proto, i: usize) -> String {
    match p.constants.get(i) {
        Some(Constant::Nil) => "; nil".into(),
        Some(Constant::Bool(b)) => format!("; {b}"),
        Some(Constant::Int(n)) => format!("; {n}"),
        Some(Constant::Float(f)) => format!("; {f:?}"),
        Some(Constant::Str(s)) => format!("; {:?}", String::from_utf8_lossy(s)),
        None => "; ?".into(),
    }
}
