//! Expressions: the tree walked in the reference's parse order, with the current
//! position set wherever the reference consumed a token before emitting code.

use crate::code::{ExpDesc, ExpKind};
use crate::func::NO_JUMP;
use crate::{Compiler, R};
use selenite_bytecode::{Instruction, OpCode};
use selenite_syntax::ast::{Args, ArgsKind, Expr, ExprId, FuncId, ItemKind, Pos, Range, Suffix, TableId, VarId};

/// List items stored by one `SETLIST`.
const FIELDS_PER_FLUSH: u32 = 50;

impl Compiler<'_> {
    pub(crate) fn expr(&mut self, id: ExprId) -> R<ExpDesc> {
        let e = match self.ast.expr(id) {
            Expr::Nil(p) => self.literal(p, ExpKind::Nil),
            Expr::True(p) => self.literal(p, ExpKind::True),
            Expr::False(p) => self.literal(p, ExpKind::False),
            Expr::Int(i, p) => self.literal(p, ExpKind::KInt(i)),
            Expr::Float(f, p) => self.literal(p, ExpKind::KFlt(f)),
            Expr::Str(s, p) => self.literal(p, ExpKind::KStr(s)),
            Expr::Vararg(before) => {
                self.pos = before;
                let pc = self.code_abc(OpCode::Vararg, 0, 0, 1);
                self.pos = Pos(before.0 + 1);
                ExpDesc::new(ExpKind::Vararg(pc))
            }
            Expr::Table(t) => self.constructor(t)?,
            Expr::Function(f) => self.body(f, false, None)?,
            Expr::Name(name, p) => {
                self.pos = p;
                self.single_var(name)?
            }
            Expr::Paren(inner, close) => {
                let mut e = self.expr(inner)?;
                self.pos = close;
                self.discharge_vars(&mut e);
                e
            }
            Expr::Suffixed { primary, suffixes } => self.suffixed(primary, suffixes)?,
            Expr::Unary { op, pos, operand } => {
                let mut e = self.expr(operand)?;
                let line = self.ast.line(pos);
                self.prefix(op, &mut e, line)?;
                e
            }
            Expr::Binary { .. } => self.binary_chain(id)?,
        };
        Ok(e)
    }

    fn literal(&mut self, pos: Pos, k: ExpKind) -> ExpDesc {
        self.pos = pos;
        ExpDesc::new(k)
    }

    /// A left-associative chain, operator by operator from the innermost left
    /// operand, as the reference's loop processes it.
    fn binary_chain(&mut self, id: ExprId) -> R<ExpDesc> {
        let mut spine = Vec::new();
        let mut leaf = id;
        while let Expr::Binary { lhs, .. } = self.ast.expr(leaf) {
            spine.push(leaf);
            leaf = lhs;
        }
        let mut v = self.expr(leaf)?;
        for &node in spine.iter().rev() {
            let Expr::Binary { op, pos, rhs, .. } = self.ast.expr(node) else {
                continue;
            };
            self.pos = pos;
            self.infix(op, &mut v)?;
            let mut v2 = self.expr(rhs)?;
            let line = self.ast.line(pos);
            self.posfix(op, &mut v, &mut v2, line)?;
        }
        Ok(v)
    }

    fn suffixed(&mut self, primary: ExprId, suffixes: Range) -> R<ExpDesc> {
        let mut v = self.expr(primary)?;
        let ast = self.ast;
        for s in ast.suffixes(suffixes) {
            match *s {
                Suffix::Field { name, pos } => {
                    self.exp_to_any_reg_up(&mut v)?;
                    self.pos = pos;
                    let mut key = ExpDesc::new(ExpKind::KStr(name));
                    self.indexed(&mut v, &mut key)?;
                }
                Suffix::Index { key, close } => {
                    self.exp_to_any_reg_up(&mut v)?;
                    let mut k = self.expr(key)?;
                    self.exp_to_val(&mut k)?;
                    self.pos = close;
                    self.indexed(&mut v, &mut k)?;
                }
                Suffix::Method { name, pos, args } => {
                    self.pos = pos;
                    let mut key = ExpDesc::new(ExpKind::KStr(name));
                    self.code_self(&mut v, &mut key)?;
                    self.func_args(&mut v, args)?;
                }
                Suffix::Call(args) => {
                    self.exp_to_next_reg(&mut v)?;
                    self.func_args(&mut v, args)?;
                }
            }
        }
        Ok(v)
    }

    fn func_args(&mut self, f: &mut ExpDesc, args: Args) -> R<()> {
        let line = self.ast.line(args.open);
        let mut a = match args.kind {
            ArgsKind::List(list) => {
                self.pos = args.open;
                if list.is_empty() {
                    ExpDesc::new(ExpKind::Void)
                } else {
                    let (mut e, _) = self.expr_list(list)?;
                    if e.has_multret() {
                        self.set_multret(&mut e)?;
                    }
                    e
                }
            }
            ArgsKind::Table(t) => self.constructor(t)?,
            ArgsKind::Str(s) => {
                self.pos = args.open;
                ExpDesc::new(ExpKind::KStr(s))
            }
        };
        self.pos = args.close;
        let base = f.reg();
        let nparams = if a.has_multret() {
            -1
        } else {
            if a.k != ExpKind::Void {
                self.exp_to_next_reg(&mut a)?;
            }
            self.fs_ref().free_reg as i32 - (base as i32 + 1)
        };
        let pc = self.code_abc(OpCode::Call, base, (nparams + 1) as u32, 2);
        self.fix_line(line);
        f.k = ExpKind::Call(pc);
        f.t = NO_JUMP;
        f.f = NO_JUMP;
        self.fs().free_reg = base + 1;
        Ok(())
    }

    /// Compiles `e1, e2, ...`, every value but the last put in the next register;
    /// returns the last expression and the count.
    pub(crate) fn expr_list(&mut self, list: Range) -> R<(ExpDesc, usize)> {
        let items = self.ast.list(list);
        let Some(first) = items.first() else {
            return Ok((ExpDesc::new(ExpKind::Void), 0));
        };
        let mut v = self.expr(first.expr)?;
        for pair in items.windows(2) {
            self.pos = pair[0].comma;
            self.exp_to_next_reg(&mut v)?;
            v = self.expr(pair[1].expr)?;
        }
        Ok((v, items.len()))
    }

    fn constructor(&mut self, t: TableId) -> R<ExpDesc> {
        let table = self.ast.table(t);
        self.pos = table.before;
        let pc = self.code_abc(OpCode::NewTable, 0, 0, 0);
        self.code_extra_arg(0);
        let treg = self.fs_ref().free_reg;
        self.reserve_regs(1)?;
        self.pos = table.open;
        let (mut na, mut nh, mut tostore) = (0u32, 0u32, 0u32);
        let mut pending: Option<ExpDesc> = None;
        let items = self.ast.table_items(table.items);
        for (i, item) in items.iter().enumerate() {
            if let Some(sep) = i.checked_sub(1).and_then(|p| items[p].sep) {
                self.pos = sep;
            }
            if let Some(mut v) = pending.take() {
                self.exp_to_next_reg(&mut v)?;
                if tostore == FIELDS_PER_FLUSH {
                    self.set_list(treg, na, tostore as i32);
                    na += tostore;
                    tostore = 0;
                }
            }
            match item.kind {
                ItemKind::Positional(e) => {
                    pending = Some(self.expr(e)?);
                    tostore += 1;
                }
                ItemKind::Named { name, eq, value } => {
                    let reg = self.fs_ref().free_reg;
                    nh += 1;
                    let key = ExpDesc::new(ExpKind::KStr(name));
                    self.rec_field(treg, key, eq, value, reg)?;
                }
                ItemKind::Keyed { key, eq, value } => {
                    let reg = self.fs_ref().free_reg;
                    let mut k = self.expr(key)?;
                    self.exp_to_val(&mut k)?;
                    nh += 1;
                    self.rec_field(treg, k, eq, value, reg)?;
                }
            }
        }
        self.pos = table.close;
        if tostore > 0 {
            match pending {
                Some(mut v) if v.has_multret() => {
                    self.set_multret(&mut v)?;
                    self.set_list(treg, na, -1);
                    na = na.wrapping_sub(1);
                }
                Some(mut v) => {
                    self.exp_to_next_reg(&mut v)?;
                    self.set_list(treg, na, tostore as i32);
                }
                None => self.set_list(treg, na, tostore as i32),
            }
            na = na.wrapping_add(tostore);
        }
        self.set_table_size(pc, treg, na, nh);
        Ok(ExpDesc::new(ExpKind::NonReloc(treg)))
    }

    fn rec_field(&mut self, treg: u32, mut key: ExpDesc, eq: Pos, value: ExprId, reg: u32) -> R<()> {
        self.pos = eq;
        let mut tab = ExpDesc::new(ExpKind::NonReloc(treg));
        self.indexed(&mut tab, &mut key)?;
        let mut val = self.expr(value)?;
        self.store_var(&tab, &mut val)?;
        self.fs().free_reg = reg;
        Ok(())
    }

    /// Compiles a function body into a new prototype and the `CLOSURE` that
    /// creates it, in the next register of the enclosing function. `own_name`: the
    /// variable of the `local function` statement being compiled, if any.
    pub(crate) fn body(&mut self, f: FuncId, is_method: bool, own_name: Option<VarId>) -> R<ExpDesc> {
        let func = self.ast.function(f);
        let index = self.fs_ref().proto.protos.len();
        self.fs().proto.protos.push(Default::default());
        self.open_func(func.line_defined);
        self.fs().own_name = own_name.filter(|&v| !self.ast.var(v).assigned);
        let params = self.ast.var_list(func.params);
        let mut fixed = params;
        if is_method {
            if let Some((&self_var, rest)) = params.split_first() {
                let name = self.ast.var(self_var).name;
                self.new_local_var(Some(self_var), name);
                self.adjust_local_vars(1)?;
                fixed = rest;
            }
        }
        for &p in fixed {
            let name = self.ast.var(p).name;
            self.new_local_var(Some(p), name);
        }
        self.adjust_local_vars(fixed.len())?;
        let nparams = self.fs_ref().nactvar;
        self.fs().proto.num_params = nparams as u8;
        if func.is_vararg {
            self.pos = func.dots;
            self.set_vararg(nparams as u32);
        }
        self.reserve_regs(nparams as u32)?;
        self.statlist(func.body.stmts)?;
        self.fs().proto.last_line_defined = func.last_line_defined;
        self.pos = func.end;
        let proto = self.close_func()?;
        if let Some(slot) = self.fs().proto.protos.get_mut(index) {
            *slot = proto;
        }
        let pc = self.code_abx(OpCode::Closure, 0, index as u32);
        let mut e = ExpDesc::new(ExpKind::Reloc(pc));
        self.exp_to_next_reg(&mut e)?;
        Ok(e)
    }

    /// Changes the call at `pc` into a tail call.
    pub(crate) fn make_tail_call(&mut self, pc: i32) {
        let i = self.fs_ref().instr(pc);
        *self.fs().instr_mut(pc) = Instruction((i.0 & !0x7f) | OpCode::TailCall as u32);
    }
}
