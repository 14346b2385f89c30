//! The single-pass parser: reads tokens and emits code through `code.rs`, with the
//! reference's grammar, scoping rules, limits and messages.
//!
//! Recursion is bounded: every nested statement or sub-expression counts one level,
//! and more than [`MAX_LEVELS`] levels is the reference's "C stack overflow" error;
//! left-associative operator chains and long lists are handled by loops, so their
//! length costs no stack.

use crate::code::{BinOpr, ExpDesc, ExpKind, UnOpr, UNARY_PRIORITY};
use crate::func::{BlockCnt, FuncState, LabelDesc, StrId, VarDesc, VarKind, MAX_UPVALS, MAX_VARS, NO_JUMP};
use selenite_bytecode::{Instruction, OpCode, Proto};
use selenite_syntax::{Lexer, SyntaxError, Tok};
use std::collections::HashMap;

pub type R<T> = Result<T, SyntaxError>;

/// Nesting levels allowed (the reference's `LUAI_MAXCCALLS`, less what a typical
/// caller already uses).
const MAX_LEVELS: u32 = 195;
/// List items per `SETLIST`.
const FIELDS_PER_FLUSH: u32 = 50;

pub struct Parser<'a> {
    pub(crate) lex: Lexer<'a>,
    pub(crate) strings: Vec<Vec<u8>>,
    string_ids: HashMap<Vec<u8>, StrId>,
    pub(crate) funcs: Vec<FuncState>,
    /// Stands in when no function is open (never used for real code).
    pub(crate) dummy_fs: FuncState,
    pub(crate) actvar: Vec<VarDesc>,
    gotos: Vec<LabelDesc>,
    labels: Vec<LabelDesc>,
    depth: u32,
    source: Vec<u8>,
    env_name: StrId,
    break_name: StrId,
}

/// One target of a multiple assignment.
struct Lhs {
    v: ExpDesc,
}

impl<'a> Parser<'a> {
    pub fn new(src: &'a [u8], chunk_name: &[u8]) -> Parser<'a> {
        let mut p = Parser {
            lex: Lexer::new(src, chunk_name),
            strings: Vec::new(),
            string_ids: HashMap::new(),
            funcs: Vec::new(),
            dummy_fs: FuncState::new(chunk_name, 0, 0, 0),
            actvar: Vec::new(),
            gotos: Vec::new(),
            labels: Vec::new(),
            depth: 0,
            source: chunk_name.to_vec(),
            env_name: 0,
            break_name: 0,
        };
        p.env_name = p.intern(b"_ENV");
        p.break_name = p.intern(b"break");
        p
    }

    pub(crate) fn intern(&mut self, s: &[u8]) -> StrId {
        if let Some(&id) = self.string_ids.get(s) {
            return id;
        }
        let id = self.strings.len() as StrId;
        self.strings.push(s.to_vec());
        self.string_ids.insert(s.to_vec(), id);
        id
    }

    fn name_of(&self, id: StrId) -> String {
        String::from_utf8_lossy(&self.strings[id as usize]).into_owned()
    }

    // ----- errors and token helpers -----

    /// A semantic error: no `near` part (`luaK_semerror`).
    fn sem_error(&self, msg: &str) -> SyntaxError {
        self.lex.error_near(msg, None)
    }

    fn error_expected(&self, t: Tok) -> SyntaxError {
        self.lex.syntax_error(&format!("{} expected", t.describe()))
    }

    fn tok(&self) -> Tok {
        self.lex.token.tok
    }

    fn next(&mut self) -> R<()> {
        self.lex.next()
    }

    fn test_next(&mut self, t: Tok) -> R<bool> {
        if self.tok() == t {
            self.next()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    fn check(&self, t: Tok) -> R<()> {
        if self.tok() != t {
            return Err(self.error_expected(t));
        }
        Ok(())
    }

    fn check_next(&mut self, t: Tok) -> R<()> {
        self.check(t)?;
        self.next()
    }

    fn check_match(&mut self, what: Tok, who: Tok, where_: u32) -> R<()> {
        if !self.test_next(what)? {
            if where_ == self.lex.line {
                return Err(self.error_expected(what));
            }
            let msg = format!("{} expected (to close {} at line {})", what.describe(), who.describe(), where_);
            return Err(self.lex.syntax_error(&msg));
        }
        Ok(())
    }

    fn str_check_name(&mut self) -> R<StrId> {
        self.check(Tok::Name)?;
        let bytes = std::mem::take(&mut self.lex.token.bytes);
        let id = self.intern(&bytes);
        self.next()?;
        Ok(id)
    }

    fn enter_level(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > MAX_LEVELS {
            return Err(SyntaxError("C stack overflow".into()));
        }
        Ok(())
    }

    fn leave_level(&mut self) {
        self.depth -= 1;
    }

    fn error_limit(&self, limit: usize, what: &str) -> SyntaxError {
        let line = self.fs_ref().proto.line_defined;
        let where_ = if line == 0 { "main function".to_string() } else { format!("function at line {line}") };
        self.lex.syntax_error(&format!("too many {what} (limit is {limit}) in {where_}"))
    }

    // ----- variables -----

    fn local_desc(&self, vidx: usize) -> &VarDesc {
        &self.actvar[self.fs_ref().first_local + vidx]
    }

    fn local_desc_mut(&mut self, vidx: usize) -> &mut VarDesc {
        let i = self.fs_ref().first_local + vidx;
        &mut self.actvar[i]
    }

    /// Registers in use by the first `nvar` active variables.
    fn reg_level(&self, nvar: usize) -> u32 {
        for i in (0..nvar).rev() {
            let vd = self.local_desc(i);
            if vd.kind != VarKind::CompileTimeConst {
                return vd.ridx + 1;
            }
        }
        0
    }

    /// Registers in use by active local variables.
    pub(crate) fn nvarstack(&self) -> u32 {
        self.reg_level(self.fs_ref().nactvar)
    }

    fn new_local_var(&mut self, name: StrId) -> R<usize> {
        let n = self.actvar.len() + 1 - self.fs_ref().first_local;
        if n > MAX_VARS {
            return Err(self.error_limit(MAX_VARS, "local variables"));
        }
        self.actvar.push(VarDesc { name, kind: VarKind::Regular, ridx: 0, pidx: 0, value: None });
        Ok(self.actvar.len() - 1 - self.fs_ref().first_local)
    }

    fn new_local_var_literal(&mut self, name: &[u8]) -> R<usize> {
        let id = self.intern(name);
        self.new_local_var(id)
    }

    fn adjust_local_vars(&mut self, nvars: usize) {
        let mut reg = self.nvarstack();
        for _ in 0..nvars {
            let vidx = self.fs_ref().nactvar;
            self.fs().nactvar += 1;
            let name = self.local_desc(vidx).name;
            let bytes = self.strings[name as usize].clone();
            let pidx = self.fs().add_local_debug(bytes);
            let vd = self.local_desc_mut(vidx);
            vd.ridx = reg;
            vd.pidx = pidx;
            reg += 1;
        }
    }

    fn remove_vars(&mut self, to_level: usize) {
        let fs_n = self.fs_ref().nactvar;
        let pc = self.fs_ref().pc() as u32;
        for vidx in (to_level..fs_n).rev() {
            let vd = self.local_desc(vidx).clone();
            if vd.kind != VarKind::CompileTimeConst {
                if let Some(lv) = self.fs().proto.local_vars.get_mut(vd.pidx) {
                    lv.end_pc = pc;
                }
            }
        }
        let remove = fs_n - to_level;
        let new_len = self.actvar.len() - remove;
        self.actvar.truncate(new_len);
        self.fs().nactvar = to_level;
    }

    fn search_var(&self, fs_index: usize, name: StrId) -> Option<ExpKind> {
        let fs = &self.funcs[fs_index];
        for i in (0..fs.nactvar).rev() {
            let vd = &self.actvar[fs.first_local + i];
            if vd.name == name {
                return Some(if vd.kind == VarKind::CompileTimeConst {
                    ExpKind::Const(fs.first_local + i)
                } else {
                    ExpKind::Local { ridx: vd.ridx, vidx: i }
                });
            }
        }
        None
    }

    fn mark_upval(&mut self, fs_index: usize, level: usize) {
        let fs = &mut self.funcs[fs_index];
        let mut bi = fs.blocks.len();
        while bi > 0 && fs.blocks[bi - 1].nactvar > level {
            bi -= 1;
        }
        if bi > 0 {
            fs.blocks[bi - 1].upval = true;
        }
        fs.need_close = true;
    }

    fn mark_to_be_closed(&mut self) {
        let fs = self.fs();
        if let Some(bl) = fs.blocks.last_mut() {
            bl.upval = true;
            bl.inside_tbc = true;
        }
        fs.need_close = true;
    }

    /// Finds `name` as a local, upvalue or (None) global, from function `fs_index`.
    fn single_var_aux(&mut self, fs_index: usize, name: StrId, base: bool) -> R<Option<ExpKind>> {
        if let Some(k) = self.search_var(fs_index, name) {
            if let (ExpKind::Local { vidx, .. }, false) = (k, base) {
                self.mark_upval(fs_index, vidx);
            }
            return Ok(Some(k));
        }
        if let Some(idx) = self.funcs[fs_index].search_upvalue(name) {
            return Ok(Some(ExpKind::Upval(idx as u32)));
        }
        if fs_index == 0 {
            return Ok(None);
        }
        let outer = self.single_var_aux(fs_index - 1, name, false)?;
        let (in_stack, index, kind) = match outer {
            Some(ExpKind::Local { ridx, vidx }) => {
                let f = &self.funcs[fs_index - 1];
                (true, ridx, self.actvar[f.first_local + vidx].kind as u8)
            }
            Some(ExpKind::Upval(u)) => (false, u, self.funcs[fs_index - 1].proto.upvalues[u as usize].kind),
            other => return Ok(other),
        };
        if self.funcs[fs_index].proto.upvalues.len() + 1 > MAX_UPVALS {
            let line = self.funcs[fs_index].proto.line_defined;
            let where_ = if line == 0 { "main function".to_string() } else { format!("function at line {line}") };
            return Err(self.lex.syntax_error(&format!("too many upvalues (limit is {MAX_UPVALS}) in {where_}")));
        }
        let bytes = self.strings[name as usize].clone();
        let idx = self.funcs[fs_index].add_upvalue(name, &bytes, in_stack, index as u8, kind);
        Ok(Some(ExpKind::Upval(idx as u32)))
    }

    fn single_var(&mut self) -> R<ExpDesc> {
        let name = self.str_check_name()?;
        let top = self.funcs.len() - 1;
        match self.single_var_aux(top, name, true)? {
            Some(k) => Ok(ExpDesc::new(k)),
            None => {
                let env = self.env_name;
                let k = self.single_var_aux(top, env, true)?.unwrap_or(ExpKind::Void);
                let mut var = ExpDesc::new(k);
                self.exp_to_any_reg_up(&mut var)?;
                let mut key = ExpDesc::new(ExpKind::KStr(name));
                self.indexed(&mut var, &mut key)?;
                Ok(var)
            }
        }
    }

    fn check_readonly(&self, e: &ExpDesc) -> R<()> {
        let name = match e.k {
            ExpKind::Const(i) => Some(self.actvar[i].name),
            ExpKind::Local { vidx, .. } => {
                let vd = self.local_desc(vidx);
                (vd.kind != VarKind::Regular).then_some(vd.name)
            }
            ExpKind::Upval(u) => {
                let fs = self.fs_ref();
                (fs.proto.upvalues[u as usize].kind != VarKind::Regular as u8).then(|| fs.upval_names[u as usize])
            }
            _ => None,
        };
        match name {
            Some(n) => Err(self.sem_error(&format!("attempt to assign to const variable '{}'", self.name_of(n)))),
            None => Ok(()),
        }
    }

    fn adjust_assign(&mut self, nvars: i32, nexps: i32, e: &mut ExpDesc) -> R<()> {
        let needed = nvars - nexps;
        if e.has_multret() {
            let extra = (needed + 1).max(0);
            self.set_returns(e, extra)?;
        } else {
            if e.k != ExpKind::Void {
                self.exp_to_next_reg(e)?;
            }
            if needed > 0 {
                let free = self.fs_ref().free_reg;
                self.code_nil(free, needed as u32);
            }
        }
        if needed > 0 {
            self.reserve_regs(needed as u32)?;
        } else {
            let f = self.fs_ref().free_reg as i32 + needed;
            self.fs().free_reg = f as u32;
        }
        Ok(())
    }

    // ----- labels, gotos and blocks -----

    fn find_label(&self, name: StrId) -> Option<usize> {
        (self.fs_ref().first_label..self.labels.len()).find(|&i| self.labels[i].name == name)
    }

    fn new_goto(&mut self, name: StrId, line: u32, pc: i32) {
        let nactvar = self.fs_ref().nactvar;
        let reg_level = self.nvarstack();
        self.gotos.push(LabelDesc { name, pc, line, nactvar, reg_level, close: false });
    }

    fn solve_goto(&mut self, g: usize, label: &LabelDesc) -> R<()> {
        let gt = self.gotos[g].clone();
        if gt.nactvar < label.nactvar {
            let var = self.name_of(self.local_desc(gt.nactvar).name);
            let msg =
                format!("<goto {}> at line {} jumps into the scope of local '{}'", self.name_of(gt.name), gt.line, var);
            return Err(self.sem_error(&msg));
        }
        self.patch_list(gt.pc, label.pc)?;
        self.gotos.remove(g);
        Ok(())
    }

    fn solve_gotos(&mut self, lb: &LabelDesc) -> R<bool> {
        let mut i = self.fs_ref().blocks.last().map_or(0, |b| b.first_goto);
        let mut needs_close = false;
        while i < self.gotos.len() {
            if self.gotos[i].name == lb.name {
                needs_close |= self.gotos[i].close;
                self.solve_goto(i, lb)?;
            } else {
                i += 1;
            }
        }
        Ok(needs_close)
    }

    fn create_label(&mut self, name: StrId, line: u32, last: bool) -> R<bool> {
        let pc = self.get_label();
        let mut nactvar = self.fs_ref().nactvar;
        if last {
            nactvar = self.fs_ref().blocks.last().map_or(0, |b| b.nactvar);
        }
        let reg_level = self.reg_level(nactvar);
        let lb = LabelDesc { name, pc, line, nactvar, reg_level, close: false };
        self.labels.push(lb.clone());
        if self.solve_gotos(&lb)? {
            let level = self.nvarstack();
            self.code_abc(OpCode::Close, level, 0, 0);
            return Ok(true);
        }
        Ok(false)
    }

    fn move_gotos_out(&mut self, bl: &BlockCnt) {
        let block_level = self.reg_level(bl.nactvar);
        for i in bl.first_goto..self.gotos.len() {
            if self.gotos[i].reg_level > block_level {
                self.gotos[i].close |= bl.upval;
            }
            self.gotos[i].nactvar = bl.nactvar;
            self.gotos[i].reg_level = block_level;
        }
    }

    fn enter_block(&mut self, is_loop: bool) {
        let inside_tbc = self.fs_ref().blocks.last().is_some_and(|b| b.inside_tbc);
        let bl = BlockCnt {
            first_label: self.labels.len(),
            first_goto: self.gotos.len(),
            nactvar: self.fs_ref().nactvar,
            upval: false,
            is_loop,
            inside_tbc,
        };
        self.fs().blocks.push(bl);
    }

    fn undef_goto(&self, gt: &LabelDesc) -> SyntaxError {
        if gt.name == self.break_name {
            self.sem_error(&format!("break outside loop at line {}", gt.line))
        } else {
            self.sem_error(&format!("no visible label '{}' for <goto> at line {}", self.name_of(gt.name), gt.line))
        }
    }

    fn leave_block(&mut self) -> R<()> {
        let Some(bl) = self.fs_ref().blocks.last().cloned() else {
            return Ok(());
        };
        let stack_level = self.reg_level(bl.nactvar);
        self.remove_vars(bl.nactvar);
        let mut has_close = false;
        if bl.is_loop {
            let brk = self.break_name;
            has_close = self.create_label(brk, 0, false)?;
        }
        let has_previous = self.fs_ref().blocks.len() > 1;
        if !has_close && has_previous && bl.upval {
            self.code_abc(OpCode::Close, stack_level, 0, 0);
        }
        self.fs().free_reg = stack_level;
        self.labels.truncate(bl.first_label);
        self.fs().blocks.pop();
        if has_previous {
            self.move_gotos_out(&bl);
        } else if bl.first_goto < self.gotos.len() {
            return Err(self.undef_goto(&self.gotos[bl.first_goto].clone()));
        }
        Ok(())
    }

    // ----- functions -----

    fn open_func(&mut self, line_defined: u32) {
        let fs = FuncState::new(&self.source, line_defined, self.actvar.len(), self.labels.len());
        self.funcs.push(fs);
        self.enter_block(false);
    }

    fn close_func(&mut self) -> R<Proto> {
        let first = self.nvarstack();
        self.ret(first, 0);
        self.leave_block()?;
        self.finish()?;
        let Some(fs) = self.funcs.pop() else {
            return Err(self.sem_error("internal error: no function"));
        };
        Ok(fs.proto)
    }

    fn set_vararg(&mut self, nparams: u32) {
        self.fs().proto.is_vararg = true;
        self.code_abc(OpCode::VarargPrep, nparams, 0, 0);
    }

    /// Compiles the main chunk.
    pub fn main_func(mut self) -> R<Proto> {
        self.open_func(0);
        self.set_vararg(0);
        let env = self.env_name;
        self.fs().add_upvalue(env, b"_ENV", true, 0, VarKind::Regular as u8);
        self.next()?;
        self.stat_list()?;
        self.check(Tok::Eos)?;
        self.close_func()
    }

    fn block_follow(&self, with_until: bool) -> bool {
        match self.tok() {
            Tok::Else | Tok::Elseif | Tok::End | Tok::Eos => true,
            Tok::Until => with_until,
            _ => false,
        }
    }

    fn stat_list(&mut self) -> R<()> {
        while !self.block_follow(true) {
            if self.tok() == Tok::Return {
                return self.statement();
            }
            self.statement()?;
        }
        Ok(())
    }

    fn field_sel(&mut self, v: &mut ExpDesc) -> R<()> {
        self.exp_to_any_reg_up(v)?;
        self.next()?;
        let name = self.str_check_name()?;
        let mut key = ExpDesc::new(ExpKind::KStr(name));
        self.indexed(v, &mut key)
    }

    fn y_index(&mut self) -> R<ExpDesc> {
        self.next()?;
        let mut v = self.expr()?;
        self.exp_to_val(&mut v)?;
        self.check_next(Tok::Char(b']'))?;
        Ok(v)
    }

    // ----- table constructors -----

    fn constructor(&mut self) -> R<ExpDesc> {
        let line = self.lex.line;
        let pc = self.code_abc(OpCode::NewTable, 0, 0, 0);
        self.code_extra_arg(0);
        let treg = self.fs_ref().free_reg;
        let t = ExpDesc::new(ExpKind::NonReloc(treg));
        self.reserve_regs(1)?;
        let mut na: u32 = 0;
        let mut nh: u32 = 0;
        let mut tostore: u32 = 0;
        let mut v = ExpDesc::new(ExpKind::Void);
        self.check_next(Tok::Char(b'{'))?;
        loop {
            if self.tok() == Tok::Char(b'}') {
                break;
            }
            // Close the previous list item.
            if v.k != ExpKind::Void {
                self.exp_to_next_reg(&mut v)?;
                v.k = ExpKind::Void;
                if tostore == FIELDS_PER_FLUSH {
                    self.set_list(treg, na, tostore as i32);
                    na += tostore;
                    tostore = 0;
                }
            }
            let is_record = match self.tok() {
                Tok::Name => self.lex.peek()? == Tok::Char(b'='),
                Tok::Char(b'[') => true,
                _ => false,
            };
            if is_record {
                self.rec_field(&t, &mut nh)?;
            } else {
                v = self.expr()?;
                tostore += 1;
            }
            if (tostore + na + nh) as u64 > (i32::MAX / 2) as u64 {
                return Err(self.error_limit(i32::MAX as usize / 2, "items in a constructor"));
            }
            if !(self.test_next(Tok::Char(b','))? || self.test_next(Tok::Char(b';'))?) {
                break;
            }
        }
        self.check_match(Tok::Char(b'}'), Tok::Char(b'{'), line)?;
        if tostore > 0 {
            if v.has_multret() {
                self.set_multret(&mut v)?;
                self.set_list(treg, na, -1);
                na += tostore - 1;
            } else {
                if v.k != ExpKind::Void {
                    self.exp_to_next_reg(&mut v)?;
                }
                self.set_list(treg, na, tostore as i32);
                na += tostore;
            }
        }
        self.set_table_size(pc, treg, na, nh);
        Ok(t)
    }

    fn rec_field(&mut self, t: &ExpDesc, nh: &mut u32) -> R<()> {
        let reg = self.fs_ref().free_reg;
        let mut key = if self.tok() == Tok::Name {
            let name = self.str_check_name()?;
            ExpDesc::new(ExpKind::KStr(name))
        } else {
            self.y_index()?
        };
        *nh += 1;
        self.check_next(Tok::Char(b'='))?;
        let mut tab = *t;
        self.indexed(&mut tab, &mut key)?;
        let mut val = self.expr()?;
        self.store_var(&tab, &mut val)?;
        self.fs().free_reg = reg;
        Ok(())
    }

    // ----- function bodies and calls -----

    fn par_list(&mut self) -> R<()> {
        let mut nparams = 0;
        let mut is_vararg = false;
        if self.tok() != Tok::Char(b')') {
            loop {
                match self.tok() {
                    Tok::Name => {
                        let name = self.str_check_name()?;
                        self.new_local_var(name)?;
                        nparams += 1;
                    }
                    Tok::Dots => {
                        self.next()?;
                        is_vararg = true;
                    }
                    _ => return Err(self.lex.syntax_error("<name> or '...' expected")),
                }
                if is_vararg || !self.test_next(Tok::Char(b','))? {
                    break;
                }
            }
        }
        self.adjust_local_vars(nparams);
        let nactvar = self.fs_ref().nactvar as u32;
        self.fs().proto.num_params = nactvar as u8;
        if is_vararg {
            self.set_vararg(nactvar);
        }
        self.reserve_regs(nactvar)
    }

    fn body(&mut self, is_method: bool, line: u32) -> R<ExpDesc> {
        self.open_func(line);
        self.check_next(Tok::Char(b'('))?;
        if is_method {
            self.new_local_var_literal(b"self")?;
            self.adjust_local_vars(1);
        }
        self.par_list()?;
        self.check_next(Tok::Char(b')'))?;
        self.stat_list()?;
        self.fs().proto.last_line_defined = self.lex.line;
        self.check_match(Tok::End, Tok::Function, line)?;
        let proto = self.close_func()?;
        let np = self.fs_ref().proto.protos.len() as u32;
        if np >= Instruction::MAX_BX {
            return Err(self.error_limit(Instruction::MAX_BX as usize, "functions"));
        }
        self.fs().proto.protos.push(proto);
        let mut e = ExpDesc::new(ExpKind::Reloc(self.code_abx(OpCode::Closure, 0, np)));
        self.exp_to_next_reg(&mut e)?;
        Ok(e)
    }

    fn exp_list(&mut self) -> R<(i32, ExpDesc)> {
        let mut n = 1;
        let mut v = self.expr()?;
        while self.test_next(Tok::Char(b','))? {
            self.exp_to_next_reg(&mut v)?;
            v = self.expr()?;
            n += 1;
        }
        Ok((n, v))
    }

    fn func_args(&mut self, f: &mut ExpDesc, line: u32) -> R<()> {
        let mut args = match self.tok() {
            Tok::Char(b'(') => {
                self.next()?;
                if self.tok() == Tok::Char(b')') {
                    let a = ExpDesc::new(ExpKind::Void);
                    self.check_match(Tok::Char(b')'), Tok::Char(b'('), line)?;
                    a
                } else {
                    let (_, mut a) = self.exp_list()?;
                    if a.has_multret() {
                        self.set_multret(&mut a)?;
                    }
                    self.check_match(Tok::Char(b')'), Tok::Char(b'('), line)?;
                    a
                }
            }
            Tok::Char(b'{') => self.constructor()?,
            Tok::String => {
                let bytes = std::mem::take(&mut self.lex.token.bytes);
                let id = self.intern(&bytes);
                self.next()?;
                ExpDesc::new(ExpKind::KStr(id))
            }
            _ => return Err(self.lex.syntax_error("function arguments expected")),
        };
        let base = f.reg();
        let nparams: i32 = if args.has_multret() {
            -1
        } else {
            if args.k != ExpKind::Void {
                self.exp_to_next_reg(&mut args)?;
            }
            self.fs_ref().free_reg as i32 - (base as i32 + 1)
        };
        f.k = ExpKind::Call(self.code_abc(OpCode::Call, base, (nparams + 1) as u32, 2));
        f.t = NO_JUMP;
        f.f = NO_JUMP;
        self.fix_line(line);
        self.fs().free_reg = base + 1;
        Ok(())
    }

    // ----- expressions -----

    fn primary_exp(&mut self) -> R<ExpDesc> {
        match self.tok() {
            Tok::Char(b'(') => {
                let line = self.lex.line;
                self.next()?;
                let mut v = self.expr()?;
                self.check_match(Tok::Char(b')'), Tok::Char(b'('), line)?;
                self.discharge_vars(&mut v);
                Ok(v)
            }
            Tok::Name => self.single_var(),
            _ => Err(self.lex.syntax_error("unexpected symbol")),
        }
    }

    fn suffixed_exp(&mut self) -> R<ExpDesc> {
        let mut v = self.primary_exp()?;
        loop {
            match self.tok() {
                Tok::Char(b'.') => self.field_sel(&mut v)?,
                Tok::Char(b'[') => {
                    self.exp_to_any_reg_up(&mut v)?;
                    let mut key = self.y_index()?;
                    self.indexed(&mut v, &mut key)?;
                }
                Tok::Char(b':') => {
                    let line = self.lex.line;
                    self.next()?;
                    let name = self.str_check_name()?;
                    let mut key = ExpDesc::new(ExpKind::KStr(name));
                    self.code_self(&mut v, &mut key)?;
                    self.func_args(&mut v, line)?;
                }
                Tok::Char(b'(') | Tok::String | Tok::Char(b'{') => {
                    let line = self.lex.line;
                    self.exp_to_next_reg(&mut v)?;
                    self.func_args(&mut v, line)?;
                }
                _ => return Ok(v),
            }
        }
    }

    fn simple_exp(&mut self) -> R<ExpDesc> {
        let e = match self.tok() {
            Tok::Float => ExpDesc::new(ExpKind::KFlt(self.lex.token.float)),
            Tok::Int => ExpDesc::new(ExpKind::KInt(self.lex.token.int)),
            Tok::String => {
                let bytes = std::mem::take(&mut self.lex.token.bytes);
                ExpDesc::new(ExpKind::KStr(self.intern(&bytes)))
            }
            Tok::Nil => ExpDesc::new(ExpKind::Nil),
            Tok::True => ExpDesc::new(ExpKind::True),
            Tok::False => ExpDesc::new(ExpKind::False),
            Tok::Dots => {
                if !self.fs_ref().proto.is_vararg {
                    return Err(self.lex.syntax_error("cannot use '...' outside a vararg function"));
                }
                ExpDesc::new(ExpKind::Vararg(self.code_abc(OpCode::Vararg, 0, 0, 1)))
            }
            Tok::Char(b'{') => return self.constructor(),
            Tok::Function => {
                self.next()?;
                let line = self.lex.line;
                return self.body(false, line);
            }
            _ => return self.suffixed_exp(),
        };
        self.next()?;
        Ok(e)
    }

    fn unary_op(t: Tok) -> Option<UnOpr> {
        match t {
            Tok::Not => Some(UnOpr::Not),
            Tok::Char(b'-') => Some(UnOpr::Minus),
            Tok::Char(b'~') => Some(UnOpr::BNot),
            Tok::Char(b'#') => Some(UnOpr::Len),
            _ => None,
        }
    }

    fn binary_op(t: Tok) -> Option<BinOpr> {
        Some(match t {
            Tok::Char(b'+') => BinOpr::Add,
            Tok::Char(b'-') => BinOpr::Sub,
            Tok::Char(b'*') => BinOpr::Mul,
            Tok::Char(b'%') => BinOpr::Mod,
            Tok::Char(b'^') => BinOpr::Pow,
            Tok::Char(b'/') => BinOpr::Div,
            Tok::IDiv => BinOpr::IDiv,
            Tok::Char(b'&') => BinOpr::BAnd,
            Tok::Char(b'|') => BinOpr::BOr,
            Tok::Char(b'~') => BinOpr::BXor,
            Tok::Shl => BinOpr::Shl,
            Tok::Shr => BinOpr::Shr,
            Tok::Concat => BinOpr::Concat,
            Tok::Ne => BinOpr::Ne,
            Tok::Eq => BinOpr::Eq,
            Tok::Char(b'<') => BinOpr::Lt,
            Tok::Le => BinOpr::Le,
            Tok::Char(b'>') => BinOpr::Gt,
            Tok::Ge => BinOpr::Ge,
            Tok::And => BinOpr::And,
            Tok::Or => BinOpr::Or,
            _ => return None,
        })
    }

    /// `subexpr -> (simpleexp | unop subexpr) { binop subexpr }`, reading operators
    /// whose left priority exceeds `limit`; returns the first operator not taken.
    fn sub_expr(&mut self, v: &mut ExpDesc, limit: u8) -> R<Option<BinOpr>> {
        self.enter_level()?;
        if let Some(uop) = Self::unary_op(self.tok()) {
            let line = self.lex.line;
            self.next()?;
            self.sub_expr(v, UNARY_PRIORITY)?;
            self.prefix(uop, v, line)?;
        } else {
            *v = self.simple_exp()?;
        }
        let mut op = Self::binary_op(self.tok());
        while let Some(o) = op {
            if o.priority().0 <= limit {
                break;
            }
            let line = self.lex.line;
            self.next()?;
            self.infix(o, v)?;
            let mut v2 = ExpDesc::new(ExpKind::Void);
            let next_op = self.sub_expr(&mut v2, o.priority().1)?;
            self.posfix(o, v, &mut v2, line)?;
            op = next_op;
        }
        self.leave_level();
        Ok(op)
    }

    pub(crate) fn expr(&mut self) -> R<ExpDesc> {
        let mut v = ExpDesc::new(ExpKind::Void);
        self.sub_expr(&mut v, 0)?;
        Ok(v)
    }

    // ----- statements -----

    fn block(&mut self) -> R<()> {
        self.enter_block(false);
        self.stat_list()?;
        self.leave_block()
    }

    /// Detects that a target of a multiple assignment is used as the table or key
    /// of an earlier target, and makes the earlier one use a copy.
    fn check_conflict(&mut self, lhs: &mut [Lhs], v: &ExpDesc) -> R<()> {
        let extra = self.fs_ref().free_reg;
        let mut conflict = false;
        for lh in lhs.iter_mut() {
            match lh.v.k {
                ExpKind::IndexUp { t, idx } => {
                    if let ExpKind::Upval(u) = v.k {
                        if t == u {
                            conflict = true;
                            lh.v.k = ExpKind::IndexStr { t: extra, idx };
                        }
                    }
                }
                ExpKind::Indexed { t, idx } => {
                    if let ExpKind::Local { ridx, .. } = v.k {
                        let mut nt = t;
                        let mut nidx = idx;
                        if t == ridx {
                            conflict = true;
                            nt = extra;
                        }
                        if idx == ridx {
                            conflict = true;
                            nidx = extra;
                        }
                        lh.v.k = ExpKind::Indexed { t: nt, idx: nidx };
                    }
                }
                ExpKind::IndexInt { t, idx } => {
                    if let ExpKind::Local { ridx, .. } = v.k {
                        if t == ridx {
                            conflict = true;
                            lh.v.k = ExpKind::IndexInt { t: extra, idx };
                        }
                    }
                }
                ExpKind::IndexStr { t, idx } => {
                    if let ExpKind::Local { ridx, .. } = v.k {
                        if t == ridx {
                            conflict = true;
                            lh.v.k = ExpKind::IndexStr { t: extra, idx };
                        }
                    }
                }
                _ => {}
            }
        }
        if conflict {
            match v.k {
                ExpKind::Local { ridx, .. } => {
                    self.code_abc(OpCode::Move, extra, ridx, 0);
                }
                ExpKind::Upval(u) => {
                    self.code_abc(OpCode::GetUpval, extra, u, 0);
                }
                _ => {}
            }
            self.reserve_regs(1)?;
        }
        Ok(())
    }

    /// The rest of an assignment after its first target: more targets, then `=`
    /// and the values. Iterative over the target list.
    fn rest_assign(&mut self, first: ExpDesc) -> R<()> {
        let mut lhs = vec![Lhs { v: first }];
        loop {
            let last = lhs.len() - 1;
            if !lhs[last].v.is_var() {
                return Err(self.lex.syntax_error("syntax error"));
            }
            self.check_readonly(&lhs[last].v)?;
            if !self.test_next(Tok::Char(b','))? {
                break;
            }
            let v = self.suffixed_exp()?;
            if !v.is_indexed() {
                self.check_conflict(&mut lhs, &v)?;
            }
            self.enter_level()?;
            lhs.push(Lhs { v });
        }
        let nvars = lhs.len() as i32;
        let result = (|| {
            self.check_next(Tok::Char(b'='))?;
            let (nexps, mut e) = self.exp_list()?;
            // Values are stored from the last target to the first.
            let mut iter = lhs.iter().rev();
            if nexps != nvars {
                self.adjust_assign(nvars, nexps, &mut e)?;
            } else {
                self.set_one_ret(&mut e);
                if let Some(last) = iter.next() {
                    self.store_var(&last.v, &mut e)?;
                }
            }
            for lh in iter {
                let r = self.fs_ref().free_reg - 1;
                let mut e = ExpDesc::new(ExpKind::NonReloc(r));
                self.store_var(&lh.v, &mut e)?;
            }
            Ok(())
        })();
        for _ in 1..lhs.len() {
            self.leave_level();
        }
        result
    }

    fn cond(&mut self) -> R<i32> {
        let mut v = self.expr()?;
        if v.k == ExpKind::Nil {
            v.k = ExpKind::False;
        }
        self.go_if_true(&mut v)?;
        Ok(v.f)
    }

    fn goto_stat(&mut self) -> R<()> {
        let line = self.lex.line;
        let name = self.str_check_name()?;
        match self.find_label(name) {
            None => {
                let j = self.jump();
                self.new_goto(name, line, j);
            }
            Some(li) => {
                let lb_level = self.reg_level(self.labels[li].nactvar);
                if self.nvarstack() > lb_level {
                    self.code_abc(OpCode::Close, lb_level, 0, 0);
                }
                let j = self.jump();
                let target = self.labels[li].pc;
                self.patch_list(j, target)?;
            }
        }
        Ok(())
    }

    fn break_stat(&mut self) -> R<()> {
        let line = self.lex.line;
        self.next()?;
        let j = self.jump();
        let brk = self.break_name;
        self.new_goto(brk, line, j);
        Ok(())
    }

    fn label_stat(&mut self, name: StrId, line: u32) -> R<()> {
        self.check_next(Tok::DbColon)?;
        while self.tok() == Tok::Char(b';') || self.tok() == Tok::DbColon {
            self.statement()?;
        }
        if let Some(li) = self.find_label(name) {
            let msg = format!("label '{}' already defined on line {}", self.name_of(name), self.labels[li].line);
            return Err(self.sem_error(&msg));
        }
        let last = self.block_follow(false);
        self.create_label(name, line, last)?;
        Ok(())
    }

    fn while_stat(&mut self, line: u32) -> R<()> {
        self.next()?;
        let while_init = self.get_label();
        let cond_exit = self.cond()?;
        self.enter_block(true);
        self.check_next(Tok::Do)?;
        self.block()?;
        self.jump_to(while_init)?;
        self.check_match(Tok::End, Tok::While, line)?;
        self.leave_block()?;
        self.patch_to_here(cond_exit)
    }

    fn repeat_stat(&mut self, line: u32) -> R<()> {
        let repeat_init = self.get_label();
        self.enter_block(true);
        self.enter_block(false);
        self.next()?;
        self.stat_list()?;
        self.check_match(Tok::Until, Tok::Repeat, line)?;
        let mut cond_exit = self.cond()?;
        let scope = self.fs_ref().blocks.last().cloned();
        self.leave_block()?;
        if let Some(bl2) = scope {
            if bl2.upval {
                let exit = self.jump();
                self.patch_to_here(cond_exit)?;
                let level = self.reg_level(bl2.nactvar);
                self.code_abc(OpCode::Close, level, 0, 0);
                cond_exit = self.jump();
                self.patch_to_here(exit)?;
            }
        }
        self.patch_list(cond_exit, repeat_init)?;
        self.leave_block()
    }

    fn exp1(&mut self) -> R<()> {
        let mut e = self.expr()?;
        self.exp_to_next_reg(&mut e)
    }

    fn fix_for_jump(&mut self, pc: i32, dest: i32, back: bool) -> R<()> {
        let mut offset = dest - (pc + 1);
        if back {
            offset = -offset;
        }
        if offset < 0 || offset as u32 > Instruction::MAX_BX {
            return Err(self.lex.syntax_error("control structure too long"));
        }
        let i = self.fs_ref().instr(pc).with_bx(offset as u32);
        *self.fs().instr_mut(pc) = i;
        Ok(())
    }

    fn for_body(&mut self, base: u32, line: u32, nvars: usize, is_generic: bool) -> R<()> {
        self.check_next(Tok::Do)?;
        let prep = self.code_abx(if is_generic { OpCode::TForPrep } else { OpCode::ForPrep }, base, 0);
        self.enter_block(false);
        self.adjust_local_vars(nvars);
        self.reserve_regs(nvars as u32)?;
        self.block()?;
        self.leave_block()?;
        let here = self.get_label();
        self.fix_for_jump(prep, here, false)?;
        if is_generic {
            self.code_abc(OpCode::TForCall, base, 0, nvars as u32);
            self.fix_line(line);
        }
        let end_for = self.code_abx(if is_generic { OpCode::TForLoop } else { OpCode::ForLoop }, base, 0);
        self.fix_for_jump(end_for, prep + 1, true)?;
        self.fix_line(line);
        Ok(())
    }

    fn for_num(&mut self, var_name: StrId, line: u32) -> R<()> {
        let base = self.fs_ref().free_reg;
        for _ in 0..3 {
            self.new_local_var_literal(b"(for state)")?;
        }
        self.new_local_var(var_name)?;
        self.check_next(Tok::Char(b'='))?;
        self.exp1()?;
        self.check_next(Tok::Char(b','))?;
        self.exp1()?;
        if self.test_next(Tok::Char(b','))? {
            self.exp1()?;
        } else {
            let free = self.fs_ref().free_reg;
            self.code_int(free, 1);
            self.reserve_regs(1)?;
        }
        self.adjust_local_vars(3);
        self.for_body(base, line, 1, false)
    }

    fn for_list(&mut self, index_name: StrId) -> R<()> {
        let base = self.fs_ref().free_reg;
        let mut nvars = 5;
        for _ in 0..4 {
            self.new_local_var_literal(b"(for state)")?;
        }
        self.new_local_var(index_name)?;
        while self.test_next(Tok::Char(b','))? {
            let name = self.str_check_name()?;
            self.new_local_var(name)?;
            nvars += 1;
        }
        self.check_next(Tok::In)?;
        let line = self.lex.line;
        let (nexps, mut e) = self.exp_list()?;
        self.adjust_assign(4, nexps, &mut e)?;
        self.adjust_local_vars(4);
        self.mark_to_be_closed();
        self.check_stack(3)?;
        self.for_body(base, line, nvars - 4, true)
    }

    fn for_stat(&mut self, line: u32) -> R<()> {
        self.enter_block(true);
        self.next()?;
        let var_name = self.str_check_name()?;
        match self.tok() {
            Tok::Char(b'=') => self.for_num(var_name, line)?,
            Tok::Char(b',') | Tok::In => self.for_list(var_name)?,
            _ => return Err(self.lex.syntax_error("'=' or 'in' expected")),
        }
        self.check_match(Tok::End, Tok::For, line)?;
        self.leave_block()
    }

    fn test_then_block(&mut self, escape_list: &mut i32) -> R<()> {
        self.next()?;
        let mut v = self.expr()?;
        self.check_next(Tok::Then)?;
        let jf;
        if self.tok() == Tok::Break {
            let line = self.lex.line;
            self.go_if_false(&mut v)?;
            self.next()?;
            self.enter_block(false);
            let brk = self.break_name;
            self.new_goto(brk, line, v.t);
            while self.test_next(Tok::Char(b';'))? {}
            if self.block_follow(false) {
                return self.leave_block();
            }
            jf = self.jump();
        } else {
            self.go_if_true(&mut v)?;
            self.enter_block(false);
            jf = v.f;
        }
        self.stat_list()?;
        self.leave_block()?;
        if self.tok() == Tok::Else || self.tok() == Tok::Elseif {
            let j = self.jump();
            self.concat_jumps(escape_list, j)?;
        }
        self.patch_to_here(jf)
    }

    fn if_stat(&mut self, line: u32) -> R<()> {
        let mut escape_list = NO_JUMP;
        self.test_then_block(&mut escape_list)?;
        while self.tok() == Tok::Elseif {
            self.test_then_block(&mut escape_list)?;
        }
        if self.test_next(Tok::Else)? {
            self.block()?;
        }
        self.check_match(Tok::End, Tok::If, line)?;
        self.patch_to_here(escape_list)
    }

    fn local_func(&mut self) -> R<()> {
        let fvar = self.fs_ref().nactvar;
        let name = self.str_check_name()?;
        self.new_local_var(name)?;
        self.adjust_local_vars(1);
        let line = self.lex.line;
        self.body(false, line)?;
        let pidx = self.local_desc(fvar).pidx;
        let pc = self.fs_ref().pc() as u32;
        if let Some(lv) = self.fs().proto.local_vars.get_mut(pidx) {
            lv.start_pc = pc;
        }
        Ok(())
    }

    fn local_attribute(&mut self) -> R<VarKind> {
        if self.test_next(Tok::Char(b'<'))? {
            let attr = self.str_check_name()?;
            self.check_next(Tok::Char(b'>'))?;
            return match self.strings[attr as usize].as_slice() {
                b"const" => Ok(VarKind::Const),
                b"close" => Ok(VarKind::ToClose),
                _ => Err(self.sem_error(&format!("unknown attribute '{}'", self.name_of(attr)))),
            };
        }
        Ok(VarKind::Regular)
    }

    fn local_stat(&mut self) -> R<()> {
        let mut to_close: Option<usize> = None;
        let mut nvars = 0usize;
        let mut vidx;
        loop {
            let name = self.str_check_name()?;
            vidx = self.new_local_var(name)?;
            let kind = self.local_attribute()?;
            self.local_desc_mut(vidx).kind = kind;
            if kind == VarKind::ToClose {
                if to_close.is_some() {
                    return Err(self.sem_error("multiple to-be-closed variables in local list"));
                }
                to_close = Some(self.fs_ref().nactvar + nvars);
            }
            nvars += 1;
            if !self.test_next(Tok::Char(b','))? {
                break;
            }
        }
        let (nexps, mut e) =
            if self.test_next(Tok::Char(b'='))? { self.exp_list()? } else { (0, ExpDesc::new(ExpKind::Void)) };
        let last_kind = self.local_desc(vidx).kind;
        let constant = if nvars as i32 == nexps && last_kind == VarKind::Const { self.exp_to_const(&e) } else { None };
        if let Some(value) = constant {
            let vd = self.local_desc_mut(vidx);
            vd.kind = VarKind::CompileTimeConst;
            vd.value = Some(value);
            self.adjust_local_vars(nvars - 1);
            self.fs().nactvar += 1;
        } else {
            self.adjust_assign(nvars as i32, nexps, &mut e)?;
            self.adjust_local_vars(nvars);
        }
        if let Some(level) = to_close {
            self.mark_to_be_closed();
            let reg = self.reg_level(level);
            self.code_abc(OpCode::Tbc, reg, 0, 0);
        }
        Ok(())
    }

    fn func_name(&mut self) -> R<(ExpDesc, bool)> {
        let mut v = self.single_var()?;
        while self.tok() == Tok::Char(b'.') {
            self.field_sel(&mut v)?;
        }
        let mut is_method = false;
        if self.tok() == Tok::Char(b':') {
            is_method = true;
            self.field_sel(&mut v)?;
        }
        Ok((v, is_method))
    }

    fn func_stat(&mut self, line: u32) -> R<()> {
        self.next()?;
        let (v, is_method) = self.func_name()?;
        let mut b = self.body(is_method, line)?;
        self.check_readonly(&v)?;
        self.store_var(&v, &mut b)?;
        self.fix_line(line);
        Ok(())
    }

    fn expr_stat(&mut self) -> R<()> {
        let v = self.suffixed_exp()?;
        if self.tok() == Tok::Char(b'=') || self.tok() == Tok::Char(b',') {
            return self.rest_assign(v);
        }
        match v.k {
            ExpKind::Call(pc) => {
                let i = self.fs_ref().instr(pc).with_c(1);
                *self.fs().instr_mut(pc) = i;
                Ok(())
            }
            _ => Err(self.lex.syntax_error("syntax error")),
        }
    }

    fn ret_stat(&mut self) -> R<()> {
        let mut first = self.nvarstack();
        let nret;
        if self.block_follow(true) || self.tok() == Tok::Char(b';') {
            nret = 0;
        } else {
            let (n, mut e) = self.exp_list()?;
            if e.has_multret() {
                self.set_multret(&mut e)?;
                let inside_tbc = self.fs_ref().blocks.last().is_some_and(|b| b.inside_tbc);
                if let (ExpKind::Call(pc), 1, false) = (e.k, n, inside_tbc) {
                    let i = self.fs_ref().instr(pc);
                    *self.fs().instr_mut(pc) = Instruction((i.0 & !0x7f) | OpCode::TailCall as u32);
                }
                nret = -1;
            } else if n == 1 {
                first = self.exp_to_any_reg(&mut e)?;
                nret = 1;
            } else {
                self.exp_to_next_reg(&mut e)?;
                nret = n;
            }
        }
        self.ret(first, nret);
        self.test_next(Tok::Char(b';'))?;
        Ok(())
    }

    fn statement(&mut self) -> R<()> {
        let line = self.lex.line;
        self.enter_level()?;
        match self.tok() {
            Tok::Char(b';') => self.next()?,
            Tok::If => self.if_stat(line)?,
            Tok::While => self.while_stat(line)?,
            Tok::Do => {
                self.next()?;
                self.block()?;
                self.check_match(Tok::End, Tok::Do, line)?;
            }
            Tok::For => self.for_stat(line)?,
            Tok::Repeat => self.repeat_stat(line)?,
            Tok::Function => self.func_stat(line)?,
            Tok::Local => {
                self.next()?;
                if self.test_next(Tok::Function)? {
                    self.local_func()?;
                } else {
                    self.local_stat()?;
                }
            }
            Tok::DbColon => {
                self.next()?;
                let name = self.str_check_name()?;
                self.label_stat(name, line)?;
            }
            Tok::Return => {
                self.next()?;
                self.ret_stat()?;
            }
            Tok::Break => self.break_stat()?,
            Tok::Goto => {
                self.next()?;
                self.goto_stat()?;
            }
            _ => self.expr_stat()?,
        }
        let level = self.nvarstack();
        self.fs().free_reg = level;
        self.leave_level();
        Ok(())
    }
}
