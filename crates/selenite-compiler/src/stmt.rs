//! Statements and the main function, in the reference's order of code generation.

use crate::code::{ExpDesc, ExpKind};
use crate::func::{UpvalKey, VarKind, NO_JUMP};
use crate::{Compiler, R};
use selenite_bytecode::{Instruction, OpCode, Proto, UpvalDesc};
use selenite_syntax::ast::{Attrib, Block, ExprId, FuncId, IfClause, Pos, Range, Stmt, StrId, VarId};

impl Compiler<'_> {
    pub(crate) fn main_func(mut self) -> R<Proto> {
        let main = self.ast.function(self.ast.main);
        self.open_func(0);
        self.set_vararg(0);
        let env = UpvalDesc { name: Some(b"_ENV".to_vec()), in_stack: true, index: 0, kind: 0 };
        self.add_upvalue(0, UpvalKey::Env, env)?;
        self.statlist(main.body.stmts)?;
        self.pos = main.body.end;
        self.close_func()
    }

    pub(crate) fn statlist(&mut self, stmts: Range) -> R<()> {
        let ast = self.ast;
        for s in ast.stmts(stmts) {
            self.statement(s)?;
            let level = self.nvarstack();
            self.fs().free_reg = level;
        }
        Ok(())
    }

    fn block(&mut self, b: Block) -> R<()> {
        self.enter_block(false);
        self.statlist(b.stmts)?;
        self.pos = b.end;
        self.leave_block()
    }

    fn statement(&mut self, s: &Stmt) -> R<()> {
        match *s {
            Stmt::Call(e) => {
                let v = self.expr(e)?;
                if let ExpKind::Call(pc) = v.k {
                    let i = self.fs_ref().instr(pc).with_c(1);
                    *self.fs().instr_mut(pc) = i;
                }
                Ok(())
            }
            Stmt::Assign { targets, values } => self.assignment(targets, values),
            Stmt::Local { vars, values, names_end } => self.local_stat(vars, values, names_end),
            Stmt::LocalFunction { var, func } => self.local_function(var, func),
            Stmt::Function { target, is_method, func, keyword } => {
                let v = self.expr(target)?;
                let mut b = self.body(func, is_method, None)?;
                self.store_var(&v, &mut b)?;
                let line = self.ast.line(keyword);
                self.fix_line(line);
                Ok(())
            }
            Stmt::Return { values, pos } => self.ret_stat(values, pos),
            Stmt::Break(pos) => {
                self.pos = pos;
                let j = self.jump();
                self.new_goto(None, j);
                Ok(())
            }
            Stmt::Goto { name, pos } => {
                self.pos = pos;
                self.goto_stat(name)
            }
            Stmt::Label { name, last, pos } => {
                self.pos = pos;
                self.create_label(Some(name), last).map(|_| ())
            }
            Stmt::Do(b) => self.block(b),
            Stmt::While { cond, do_pos, body, end } => {
                let while_init = self.get_label();
                let cond_exit = self.cond(cond)?;
                self.enter_block(true);
                self.pos = do_pos;
                self.block(body)?;
                self.jump_to(while_init)?;
                self.pos = end;
                self.leave_block()?;
                self.patch_to_here(cond_exit)
            }
            Stmt::Repeat { body, until, cond } => self.repeat_stat(body, until, cond),
            Stmt::If { clauses, else_block, end } => {
                let mut escape = NO_JUMP;
                let ast = self.ast;
                let clauses = ast.if_clauses(clauses);
                for (i, c) in clauses.iter().enumerate() {
                    let followed = i + 1 < clauses.len() || else_block.is_some();
                    self.test_then_block(c, followed, &mut escape)?;
                }
                if let Some(b) = else_block {
                    self.block(b)?;
                }
                self.pos = end;
                self.patch_to_here(escape)
            }
            Stmt::NumericFor { var, start, limit, step, keyword, do_pos, body, end } => {
                self.enter_block(true);
                let base = self.fs_ref().free_reg;
                let hidden = self.for_state_name();
                for _ in 0..3 {
                    self.new_local_var(None, hidden);
                }
                let name = self.ast.var(var).name;
                self.new_local_var(Some(var), name);
                self.exp1(start)?;
                self.exp1(limit)?;
                match step {
                    Some(s) => self.exp1(s)?,
                    None => {
                        let r = self.fs_ref().free_reg;
                        self.code_int(r, 1);
                        self.reserve_regs(1)?;
                    }
                }
                self.adjust_local_vars(3)?;
                let line = self.ast.line(keyword);
                self.for_body(base, line, 1, false, do_pos, body)?;
                self.pos = end;
                self.leave_block()
            }
            Stmt::GenericFor { vars, exprs, call_line, do_pos, body, end } => {
                self.enter_block(true);
                let base = self.fs_ref().free_reg;
                let hidden = self.for_state_name();
                for _ in 0..4 {
                    self.new_local_var(None, hidden);
                }
                let ast = self.ast;
                let names = ast.var_list(vars);
                for &v in names {
                    self.new_local_var(Some(v), ast.var(v).name);
                }
                let (mut e, n) = self.expr_list(exprs)?;
                self.adjust_assign(4, n, &mut e)?;
                self.adjust_local_vars(4)?;
                self.mark_to_be_closed();
                self.check_stack(3)?;
                self.for_body(base, call_line, names.len(), true, do_pos, body)?;
                self.pos = end;
                self.leave_block()
            }
        }
    }

    fn for_state_name(&self) -> StrId {
        self.ast.strings.find(b"(for state)").unwrap_or_default()
    }

    fn exp1(&mut self, e: ExprId) -> R<()> {
        let mut v = self.expr(e)?;
        self.exp_to_next_reg(&mut v)
    }

    fn cond(&mut self, e: ExprId) -> R<i32> {
        let mut v = self.expr(e)?;
        if v.k == ExpKind::Nil {
            v.k = ExpKind::False;
        }
        self.go_if_true(&mut v)?;
        Ok(v.f)
    }

    fn fix_for_jump(&mut self, pc: i32, dest: i32, back: bool) -> R<()> {
        let mut offset = dest - (pc + 1);
        if back {
            offset = -offset;
        }
        if offset > Instruction::MAX_BX as i32 {
            return Err(self.error_here("control structure too long"));
        }
        let i = self.fs_ref().instr(pc).with_bx(offset as u32);
        *self.fs().instr_mut(pc) = i;
        Ok(())
    }

    fn for_body(&mut self, base: u32, line: u32, nvars: usize, generic: bool, do_pos: Pos, body: Block) -> R<()> {
        self.pos = do_pos;
        let prep = self.code_abx(if generic { OpCode::TForPrep } else { OpCode::ForPrep }, base, 0);
        self.enter_block(false);
        self.adjust_local_vars(nvars)?;
        self.reserve_regs(nvars as u32)?;
        self.block(body)?;
        self.leave_block()?;
        let here = self.get_label();
        self.fix_for_jump(prep, here, false)?;
        if generic {
            self.code_abc(OpCode::TForCall, base, 0, nvars as u32);
            self.fix_line(line);
        }
        let end_for = self.code_abx(if generic { OpCode::TForLoop } else { OpCode::ForLoop }, base, 0);
        self.fix_for_jump(end_for, prep + 1, true)?;
        self.fix_line(line);
        Ok(())
    }

    fn repeat_stat(&mut self, body: Block, until: Pos, cond: ExprId) -> R<()> {
        let repeat_init = self.get_label();
        self.enter_block(true);
        self.enter_block(false);
        self.statlist(body.stmts)?;
        self.pos = until;
        let mut cond_exit = self.cond(cond)?;
        let scope = self.current_block();
        self.leave_block()?;
        if scope.upval {
            let exit = self.jump();
            self.patch_to_here(cond_exit)?;
            let level = self.reg_level(scope.nactvar);
            self.code_abc(OpCode::Close, level, 0, 0);
            cond_exit = self.jump();
            self.patch_to_here(exit)?;
        }
        self.patch_list(cond_exit, repeat_init)?;
        self.leave_block()
    }

    fn test_then_block(&mut self, c: &IfClause, followed: bool, escape: &mut i32) -> R<()> {
        let mut v = self.expr(c.cond)?;
        self.pos = c.then;
        let jf;
        if let Some((after_break, after_semis)) = c.break_jump {
            self.go_if_false(&mut v)?;
            self.pos = after_break;
            self.enter_block(false);
            self.new_goto(None, v.t);
            self.pos = after_semis;
            if c.body.stmts.is_empty() {
                return self.leave_block();
            }
            jf = self.jump();
        } else {
            self.go_if_true(&mut v)?;
            self.enter_block(false);
            jf = v.f;
        }
        self.statlist(c.body.stmts)?;
        self.pos = c.body.end;
        self.leave_block()?;
        if followed {
            let j = self.jump();
            self.concat_jumps(escape, j)?;
        }
        self.patch_to_here(jf)
    }

    fn local_function(&mut self, var: VarId, func: FuncId) -> R<()> {
        let fvar = self.fs_ref().nactvar;
        let name = self.ast.var(var).name;
        self.new_local_var(Some(var), name);
        self.adjust_local_vars(1)?;
        self.body(func, false, Some(var))?;
        let pidx = self.var_at(fvar).pidx;
        let pc = self.fs_ref().pc() as u32;
        if let Some(lv) = self.fs().proto.local_vars.get_mut(pidx) {
            lv.start_pc = pc;
        }
        Ok(())
    }

    fn local_stat(&mut self, vars: Range, values: Range, names_end: Pos) -> R<()> {
        let ast = self.ast;
        let names = ast.var_list(vars);
        let mut to_close = None;
        let mut last_vidx = 0;
        for (i, &v) in names.iter().enumerate() {
            let decl = ast.var(v);
            last_vidx = self.new_local_var(Some(v), decl.name);
            let kind = match decl.attrib {
                Attrib::Regular => VarKind::Regular,
                Attrib::Const => VarKind::Const,
                Attrib::Close => VarKind::ToClose,
            };
            self.var_at(last_vidx).kind = kind;
            if kind == VarKind::ToClose {
                to_close = Some(self.fs_ref().nactvar + i);
            }
        }
        self.pos = names_end;
        let (mut e, nexps) = self.expr_list(values)?;
        let nvars = names.len();
        let last = *self.var_at(last_vidx);
        let constant = if nvars == nexps && last.kind == VarKind::Const { self.exp_to_const(&e) } else { None };
        if let Some(value) = constant {
            let vd = self.var_at(last_vidx);
            vd.kind = VarKind::CompileTimeConst;
            vd.value = value;
            self.adjust_local_vars(nvars - 1)?;
            self.fs().nactvar += 1;
        } else {
            self.adjust_assign(nvars, nexps, &mut e)?;
            self.adjust_local_vars(nvars)?;
        }
        if let Some(level) = to_close {
            self.mark_to_be_closed();
            let reg = self.reg_level(level);
            self.code_abc(OpCode::Tbc, reg, 0, 0);
        }
        Ok(())
    }

    pub(crate) fn adjust_assign(&mut self, nvars: usize, nexps: usize, e: &mut ExpDesc) -> R<()> {
        let needed = nvars as i32 - nexps as i32;
        if e.has_multret() {
            let extra = (needed + 1).max(0);
            self.set_returns(e, extra)?;
        } else {
            if e.k != ExpKind::Void {
                self.exp_to_next_reg(e)?;
            }
            if needed > 0 {
                let r = self.fs_ref().free_reg;
                self.code_nil(r, needed as u32);
            }
        }
        if needed > 0 {
            self.reserve_regs(needed as u32)
        } else {
            let fs = self.fs();
            fs.free_reg = (fs.free_reg as i32 + needed) as u32;
            Ok(())
        }
    }

    fn assignment(&mut self, targets: Range, values: Range) -> R<()> {
        let ast = self.ast;
        let mut lhs: Vec<ExpDesc> = Vec::new();
        for item in ast.list(targets) {
            let v = self.expr(item.expr)?;
            if !lhs.is_empty() && !v.is_indexed() {
                self.check_conflict(&mut lhs, &v)?;
            }
            lhs.push(v);
        }
        let (mut e, nexps) = self.expr_list(values)?;
        let mut rest = lhs.iter().rev();
        let Some(last) = rest.next() else {
            return Ok(());
        };
        if nexps != lhs.len() {
            self.adjust_assign(lhs.len(), nexps, &mut e)?;
            let mut top = ExpDesc::new(ExpKind::NonReloc(self.fs_ref().free_reg - 1));
            self.store_var(last, &mut top)?;
        } else {
            self.set_one_ret(&mut e);
            self.store_var(last, &mut e)?;
        }
        for v in rest {
            let mut top = ExpDesc::new(ExpKind::NonReloc(self.fs_ref().free_reg - 1));
            self.store_var(v, &mut top)?;
        }
        Ok(())
    }

    /// When a local or upvalue being assigned is also the table or key of an earlier
    /// target, the earlier target uses a copy made before any store.
    fn check_conflict(&mut self, lhs: &mut [ExpDesc], v: &ExpDesc) -> R<()> {
        let extra = self.fs_ref().free_reg;
        let mut conflict = false;
        for lh in lhs.iter_mut() {
            match (&mut lh.k, v.k) {
                (ExpKind::IndexUp { t, idx }, ExpKind::Upval(u)) if *t == u => {
                    conflict = true;
                    lh.k = ExpKind::IndexStr { t: extra, idx: *idx };
                }
                (ExpKind::Indexed { t, idx }, ExpKind::Local { ridx, .. }) => {
                    if *t == ridx {
                        conflict = true;
                        *t = extra;
                    }
                    if *idx == ridx {
                        conflict = true;
                        *idx = extra;
                    }
                }
                (ExpKind::IndexInt { t, .. } | ExpKind::IndexStr { t, .. }, ExpKind::Local { ridx, .. })
                    if *t == ridx =>
                {
                    conflict = true;
                    *t = extra;
                }
                _ => {}
            }
        }
        if conflict {
            match v.k {
                ExpKind::Local { ridx, .. } => self.code_abc(OpCode::Move, extra, ridx, 0),
                ExpKind::Upval(u) => self.code_abc(OpCode::GetUpval, extra, u, 0),
                _ => 0,
            };
            self.reserve_regs(1)?;
        }
        Ok(())
    }

    fn ret_stat(&mut self, values: Range, pos: Pos) -> R<()> {
        self.pos = pos;
        let mut first = self.nvarstack();
        let nret = if values.is_empty() {
            0
        } else {
            let (mut e, n) = self.expr_list(values)?;
            if e.has_multret() {
                self.set_multret(&mut e)?;
                if let ExpKind::Call(pc) = e.k {
                    if n == 1 && !self.current_block().inside_tbc {
                        self.make_tail_call(pc);
                    }
                }
                -1
            } else if n == 1 {
                first = self.exp_to_any_reg(&mut e)?;
                1
            } else {
                self.exp_to_next_reg(&mut e)?;
                n as i32
            }
        };
        self.ret(first, nret);
        Ok(())
    }
}
