//! Debug information derived from bytecode: variable names for error messages,
//! function names for tracebacks, current lines, and `where` prefixes.
//!
//! Names are found the way the reference finds them: a register is a named local if
//! the prototype's local-variable table says so at that pc; otherwise the instruction
//! that last set it (found by a forward scan that gives up on conditional code) tells
//! whether it holds a global, a field, an upvalue, a constant or a method.

use crate::function::Proto;
use crate::thread::CallInfo;
use crate::value::Value;
use crate::vm::Vm;
use selenite_bytecode::{Instruction, OpCode};

/// Where an operand of a failing instruction came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    /// Register of the running Lua function.
    Reg(u32),
    /// Upvalue of the running Lua function.
    Upval(u32),
    /// Nowhere nameable (a temporary, a constant operand, a native caller).
    None,
}

fn upvalue_name(p: &Proto, i: usize) -> String {
    p.upvalue_name(i).map(|n| String::from_utf8_lossy(n).into_owned()).unwrap_or_else(|| "?".into())
}

fn constant_name(p: &Proto, i: usize) -> Option<String> {
    match p.constants.get(i) {
        // Names are C strings in the reference's messages: they end at a NUL.
        Some(Value::Str(s)) => {
            let bytes = s.as_bytes();
            let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
            Some(String::from_utf8_lossy(&bytes[..end]).into_owned())
        }
        _ => None,
    }
}

/// The pc of the last instruction before `last_pc` that set register `reg`
/// unconditionally, as the reference's `findsetreg`.
fn find_set_reg(p: &Proto, mut last_pc: usize, reg: u32) -> Option<usize> {
    if let Some(op) = p.code.get(last_pc).and_then(|i| i.opcode()) {
        if op.is_mm() {
            last_pc = last_pc.saturating_sub(1);
        }
    }
    let mut set_at: Option<usize> = None;
    let mut jump_target = 0usize;
    for pc in 0..last_pc.min(p.code.len()) {
        let i = p.code[pc];
        let Some(op) = i.opcode() else { continue };
        let a = i.a();
        let changes = match op {
            OpCode::LoadNil => a <= reg && reg <= a + i.b(),
            OpCode::TForCall => reg >= a + 2,
            OpCode::Call | OpCode::TailCall => reg >= a,
            OpCode::Jmp => {
                let dest = pc as i64 + 1 + i.sj_arg() as i64;
                if dest <= last_pc as i64 && dest > jump_target as i64 {
                    jump_target = dest as usize;
                }
                false
            }
            _ => op.sets_a() && reg == a,
        };
        if changes {
            set_at = if pc < jump_target { None } else { Some(pc) };
        }
    }
    set_at
}

/// Kind and name for register `reg` at `pc` considering only locals, moves,
/// upvalues and constants.
fn basic_object_name(p: &Proto, pc: &mut usize, reg: u32) -> Option<(&'static str, String)> {
    if let Some(name) = p.local_name(reg as usize + 1, *pc) {
        return Some(("local", String::from_utf8_lossy(name).into_owned()));
    }
    let set_pc = find_set_reg(p, *pc, reg)?;
    *pc = set_pc;
    let i = p.code[set_pc];
    match i.opcode()? {
        OpCode::Move if i.b() < i.a() => basic_object_name(p, pc, i.b()),
        OpCode::GetUpval | OpCode::GetSelf => Some(("upvalue", upvalue_name(p, i.b() as usize))),
        OpCode::LoadK => constant_name(p, i.bx() as usize).map(|n| ("constant", n)),
        OpCode::LoadKX => {
            let extra = p.code.get(set_pc + 1)?;
            constant_name(p, extra.ax_arg() as usize).map(|n| ("constant", n))
        }
        _ => None,
    }
}

fn register_constant_name(p: &Proto, pc: usize, reg: u32) -> String {
    let mut pc = pc;
    match basic_object_name(p, &mut pc, reg) {
        Some(("constant", name)) => name,
        _ => "?".into(),
    }
}

fn env_kind(p: &Proto, pc: usize, i: Instruction, table_is_upvalue: bool) -> &'static str {
    let t = i.b();
    let name = if table_is_upvalue {
        Some(upvalue_name(p, t as usize))
    } else {
        let mut pc = pc;
        match basic_object_name(p, &mut pc, t) {
            Some(("local", n)) | Some(("upvalue", n)) => Some(n),
            _ => None,
        }
    };
    if name.as_deref() == Some("_ENV") {
        "global"
    } else {
        "field"
    }
}

/// Kind and name of whatever register `reg` holds at `last_pc` (`getobjname`).
pub(crate) fn object_name(p: &Proto, last_pc: usize, reg: u32) -> Option<(&'static str, String)> {
    let mut pc = last_pc;
    if let Some(found) = basic_object_name(p, &mut pc, reg) {
        return Some(found);
    }
    // `basic_object_name` moved `pc` to the setting instruction if it found one.
    let set_pc = find_set_reg(p, last_pc, reg)?;
    let i = p.code[set_pc];
    match i.opcode()? {
        OpCode::GetTabUp => {
            let name = constant_name(p, i.c() as usize).unwrap_or_else(|| "?".into());
            Some((env_kind(p, set_pc, i, true), name))
        }
        OpCode::GetTable => {
            let name = register_constant_name(p, set_pc, i.c());
            Some((env_kind(p, set_pc, i, false), name))
        }
        OpCode::GetI => Some(("field", "integer index".into())),
        OpCode::GetField => {
            let name = constant_name(p, i.c() as usize).unwrap_or_else(|| "?".into());
            Some((env_kind(p, set_pc, i, false), name))
        }
        OpCode::SelfOp => {
            let name = if i.k() {
                constant_name(p, i.c() as usize).unwrap_or_else(|| "?".into())
            } else {
                register_constant_name(p, set_pc, i.c())
            };
            Some(("method", name))
        }
        _ => None,
    }
}

/// How the function running in a frame was called, from the calling instruction
/// (`funcnamefromcode`): e.g. `("global", "print")`, `("method", "push")`,
/// `("metamethod", "index")`.
pub(crate) fn name_from_calling_instruction(p: &Proto, pc: usize) -> Option<(&'static str, String)> {
    let i = *p.code.get(pc)?;
    let tm = match i.opcode()? {
        OpCode::Call | OpCode::TailCall => return object_name(p, pc, i.a()),
        OpCode::TForCall => return Some(("for iterator", "for iterator".into())),
        OpCode::SelfOp | OpCode::GetTabUp | OpCode::GetTable | OpCode::GetI | OpCode::GetField => "index",
        OpCode::SetTabUp | OpCode::SetTable | OpCode::SetI | OpCode::SetField => "newindex",
        OpCode::MmBin | OpCode::MmBinI | OpCode::MmBinK => {
            crate::meta::Tm::from_u32(i.c()).map(|t| &t.name()[2..]).unwrap_or("?")
        }
        OpCode::Unm => "unm",
        OpCode::BNot => "bnot",
        OpCode::Len => "len",
        OpCode::Concat => "concat",
        OpCode::Eq => "eq",
        OpCode::Lt | OpCode::LtI | OpCode::GtI => "lt",
        OpCode::Le | OpCode::LeI | OpCode::GeI => "le",
        OpCode::Close | OpCode::Return => "close",
        _ => return None,
    };
    Some(("metamethod", tm.into()))
}

impl Vm {
    /// The Lua prototype running in frame `ci`, if it is a Lua frame.
    pub(crate) fn frame_proto(&self, ci: &CallInfo) -> Option<&Proto> {
        if !ci.is_lua() {
            return None;
        }
        match self.state().stack.get(ci.func)? {
            Value::LuaFn(c) => Some(&c.proto),
            _ => None,
        }
    }

    /// The current line of frame `ci`, or -1 for native frames.
    pub(crate) fn current_line(&self, ci: &CallInfo) -> i64 {
        match self.frame_proto(ci) {
            Some(p) => p.line_at(ci.current_pc(p)).map_or(-1, |l| l as i64),
            None => -1,
        }
    }

    /// `"chunk:line: "` for the Lua function `level` frames up (0 = the running
    /// frame), or `""` if that frame is native or absent (`luaL_where`).
    pub fn where_(&self, level: usize) -> String {
        let st = self.state();
        let Some(idx) = st.frames.len().checked_sub(1 + level) else {
            return String::new();
        };
        let ci = st.frames[idx];
        if let Some(p) = self.frame_proto(&ci) {
            let line = self.current_line(&ci);
            if line > 0 {
                return format!("{}:{}: ", selenite_bytecode::chunk_id(&p.source), line);
            }
        }
        String::new()
    }

    /// " (local 'x')"-style suffix for an operand of the running Lua instruction.
    pub(crate) fn var_info(&self, origin: Origin) -> String {
        let st = self.state();
        let ci = st.frames[st.ci()];
        let Some(p) = self.frame_proto(&ci) else {
            return String::new();
        };
        let found = match origin {
            Origin::Upval(u) => Some(("upvalue", upvalue_name(p, u as usize))),
            Origin::Reg(r) => object_name(p, ci.current_pc(p), r),
            Origin::None => None,
        };
        match found {
            Some((kind, name)) => format!(" ({kind} '{name}')"),
            None => String::new(),
        }
    }

    /// How the function in frame `idx` was called: `(kind, name)`.
    pub(crate) fn frame_call_name(&self, idx: usize) -> Option<(&'static str, String)> {
        let st = self.state();
        let ci = st.frames.get(idx)?;
        if ci.flags & crate::thread::frame_flags::HOOK != 0 {
            return Some(("hook", "?".into()));
        }
        if ci.flags & crate::thread::frame_flags::FINALIZER != 0 {
            return Some(("metamethod", "__gc".into()));
        }
        if ci.flags & crate::thread::frame_flags::TAIL != 0 {
            return None;
        }
        let caller = st.frames.get(idx.checked_sub(1)?)?;
        if ci.flags & crate::thread::frame_flags::CLOSE_HANDLER != 0 {
            return Some(("metamethod", "close".into()));
        }
        let p = self.frame_proto(caller)?;
        name_from_calling_instruction(p, caller.current_pc(p))
    }

    /// A name for the running native function, for "bad argument" messages: how it
    /// was called, or where it is found in the loaded modules (`string.rep`).
    pub(crate) fn native_name(&mut self) -> (Option<&'static str>, String) {
        let idx = self.state().ci();
        if let Some((kind, name)) = self.frame_call_name(idx) {
            return (Some(kind), name);
        }
        let func = {
            let st = self.state();
            st.stack[st.frames[idx].func]
        };
        match self.global_function_name(&func) {
            Some(n) => (None, n),
            None => (None, "?".into()),
        }
    }

    /// Searches `package.loaded` for `f`: `"string.rep"`, or `"print"` for `_G.print`.
    pub(crate) fn global_function_name(&mut self, f: &Value) -> Option<String> {
        let loaded = self.registry.get_str(self.loaded_key).as_table()?;
        let mut key = Value::Nil;
        while let Ok(Some((k, v))) = loaded.next(&key) {
            key = k;
            let (Value::Str(modname), Value::Table(module)) = (k, v) else {
                continue;
            };
            let mut inner = Value::Nil;
            while let Ok(Some((fk, fv))) = module.next(&inner) {
                inner = fk;
                if let Value::Str(fname) = fk {
                    if fv.raw_eq(f) {
                        let m = modname.to_str_lossy();
                        let n = fname.to_str_lossy();
                        return Some(if m == "_G" { n.into_owned() } else { format!("{m}.{n}") });
                    }
                }
            }
        }
        None
    }

    /// The standard traceback text (`stack traceback:\n\t...`), starting `level`
    /// frames up from the running one, for the running thread.
    pub fn traceback(&mut self, level: usize) -> String {
        let th = self.thread;
        self.traceback_of(th, level)
    }

    /// The traceback of any thread.
    pub fn traceback_of(&mut self, th: crate::gc::Gc<crate::thread::Thread>, level: usize) -> String {
        let saved = self.thread;
        self.thread = th;
        let frames: Vec<usize> = {
            let st = self.state();
            // The bottom frame of the main thread stands for the host and is not shown.
            let lowest = if th == self.main_thread { 1 } else { 0 };
            (lowest..st.frames.len()).rev().skip(level).collect()
        };
        let mut out = String::from("stack traceback:");
        // As the reference: with more than 22 levels, show the first 10 and the last
        // 11, and report the skip with the reference's count.
        const SHOW_FIRST: usize = 10;
        const SHOW_LAST: usize = 11;
        let total = frames.len();
        let abbreviate = total > SHOW_FIRST + SHOW_LAST + 1;
        for (n, idx) in frames.iter().enumerate() {
            if abbreviate && n >= SHOW_FIRST && n < total - SHOW_LAST {
                if n == SHOW_FIRST {
                    let reported = total - SHOW_FIRST - SHOW_LAST - 1;
                    out.push_str(&format!("\n\t...\t(skipping {reported} levels)"));
                }
                continue;
            }
            out.push_str("\n\t");
            out.push_str(&self.describe_frame(*idx));
        }
        self.thread = saved;
        out
    }

    /// One traceback line: `file:12: in function 'name'`.
    fn describe_frame(&mut self, idx: usize) -> String {
        let ci = self.state().frames[idx];
        let func = self.state().stack[ci.func];
        let mut line = match self.frame_proto(&ci) {
            Some(p) => {
                let src = selenite_bytecode::chunk_id(&p.source);
                match p.line_at(ci.current_pc(p)) {
                    Some(l) => format!("{src}:{l}:"),
                    None => format!("{src}:?:"),
                }
            }
            None => "[C]:".to_string(),
        };
        line.push_str(" in ");
        if let Some(g) = self.global_function_name(&func) {
            line.push_str(&format!("function '{g}'"));
        } else if let Some((kind, name)) = self.frame_call_name(idx) {
            line.push_str(&format!("{kind} '{name}'"));
        } else {
            match self.frame_proto(&ci) {
                Some(p) if p.line_defined == 0 => line.push_str("main chunk"),
                Some(p) => {
                    let src = selenite_bytecode::chunk_id(&p.source);
                    line.push_str(&format!("function <{}:{}>", src, p.line_defined));
                }
                None => line.push('?'),
            }
        }
        if ci.flags & crate::thread::frame_flags::TAIL != 0 {
            line.push_str("\n\t(...tail calls...)");
        }
        line
    }
}
