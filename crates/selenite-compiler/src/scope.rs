//! Functions, blocks, local variables, upvalues, labels and gotos: the reference's
//! scoping rules as they affect code generation (registers of locals, debug ranges,
//! `CLOSE` instructions, upvalue descriptors, jump patching).

use crate::code::{ExpDesc, ExpKind};
use crate::func::{BlockCnt, ConstValue, FuncState, LabelDesc, UpvalKey, VarDesc, VarKind};
use crate::{Compiler, R};
use selenite_bytecode::{OpCode, Proto, UpvalDesc};
use selenite_syntax::ast::{Name, StrId, VarId};

impl Compiler<'_> {
    pub(crate) fn open_func(&mut self, line_defined: u32) {
        let fs = FuncState::new(self.chunk_name_bytes(), line_defined, self.nvars, self.labels.len());
        self.funcs.push(fs);
        self.enter_block(false);
    }

    fn chunk_name_bytes(&self) -> &[u8] {
        self.chunk_name
    }

    /// Ends the current function: final return, scope, peephole pass.
    pub(crate) fn close_func(&mut self) -> R<Proto> {
        let first = self.nvarstack();
        self.ret(first, 0);
        self.leave_block()?;
        self.finish()?;
        let fs = self.funcs.pop();
        Ok(fs.map(|f| f.proto).unwrap_or_default())
    }

    pub(crate) fn set_vararg(&mut self, nparams: u32) {
        self.fs().proto.is_vararg = true;
        self.code_abc(OpCode::VarargPrep, nparams, 0, 0);
    }

    pub(crate) fn enter_block(&mut self, is_loop: bool) {
        let nlabels = self.labels.len();
        let ngotos = self.gotos.len();
        let fs = self.fs();
        let inside_tbc = fs.blocks.last().is_some_and(|b| b.inside_tbc);
        fs.blocks.push(BlockCnt {
            first_label: nlabels,
            first_goto: ngotos,
            nactvar: fs.nactvar,
            upval: false,
            is_loop,
            inside_tbc,
        });
    }

    pub(crate) fn current_block(&self) -> BlockCnt {
        self.fs_ref().blocks.last().copied().unwrap_or(BlockCnt {
            first_label: 0,
            first_goto: 0,
            nactvar: 0,
            upval: false,
            is_loop: false,
            inside_tbc: false,
        })
    }

    pub(crate) fn leave_block(&mut self) -> R<()> {
        let bl = self.current_block();
        let stack_level = self.reg_level(bl.nactvar);
        self.remove_vars(bl.nactvar);
        let mut has_close = false;
        if bl.is_loop {
            has_close = self.create_label(None, false)?;
        }
        let nested = self.fs_ref().blocks.len() > 1;
        if !has_close && nested && bl.upval {
            self.code_abc(OpCode::Close, stack_level, 0, 0);
        }
        self.fs().free_reg = stack_level;
        self.labels.truncate(bl.first_label);
        self.fs().blocks.pop();
        if nested {
            let outer_level = self.reg_level(bl.nactvar);
            for i in bl.first_goto..self.gotos.len() {
                let gt = self.gotos[i];
                let leaves_scope = self.reg_level(gt.nactvar) > outer_level;
                let gt = &mut self.gotos[i];
                if leaves_scope {
                    gt.close |= bl.upval;
                }
                gt.nactvar = bl.nactvar;
            }
        }
        Ok(())
    }

    fn var_desc(&self, fs: &FuncState, vidx: usize) -> VarDesc {
        self.actvar.get(fs.first_local + vidx).copied().unwrap_or(VarDesc {
            name: StrId(0),
            kind: VarKind::Regular,
            ridx: 0,
            pidx: 0,
            value: ConstValue::Nil,
        })
    }

    /// Registers used by the first `nvar` variables of the current function.
    pub(crate) fn reg_level(&self, nvar: usize) -> u32 {
        let fs = self.fs_ref();
        (0..nvar)
            .rev()
            .map(|i| self.var_desc(fs, i))
            .find(|vd| vd.kind != VarKind::CompileTimeConst)
            .map_or(0, |vd| vd.ridx + 1)
    }

    /// Registers used by active local variables.
    pub(crate) fn nvarstack(&self) -> u32 {
        self.reg_level(self.fs_ref().nactvar)
    }

    /// Declares a variable (not yet active); returns its index in the function.
    pub(crate) fn new_local_var(&mut self, id: Option<VarId>, name: StrId) -> usize {
        let vd = VarDesc { name, kind: VarKind::Regular, ridx: 0, pidx: 0, value: ConstValue::Nil };
        let slot = self.nvars;
        if slot < self.actvar.len() {
            self.actvar[slot] = vd;
        } else {
            self.actvar.push(vd);
        }
        self.nvars += 1;
        if let Some(s) = id.and_then(|id| self.var_slot.get_mut(id.0 as usize)) {
            *s = slot as u32;
        }
        slot - self.fs_ref().first_local
    }

    pub(crate) fn var_at(&mut self, vidx: usize) -> &mut VarDesc {
        let i = self.fs_ref().first_local + vidx;
        &mut self.actvar[i]
    }

    /// Starts the scope of the last `n` declared variables.
    pub(crate) fn adjust_local_vars(&mut self, n: usize) -> R<()> {
        let first_reg = self.nvarstack();
        for reg in first_reg..first_reg + n as u32 {
            let vidx = self.fs_ref().nactvar;
            self.fs().nactvar += 1;
            let name = self.var_at(vidx).name;
            let pidx = self.register_local_var(name)?;
            let vd = self.var_at(vidx);
            vd.ridx = reg;
            vd.pidx = pidx;
        }
        Ok(())
    }

    fn remove_vars(&mut self, to_level: usize) {
        let removed = self.fs_ref().nactvar.saturating_sub(to_level);
        self.nvars -= removed;
        while self.fs_ref().nactvar > to_level {
            self.fs().nactvar -= 1;
            let vidx = self.fs_ref().nactvar;
            let vd = *self.var_at(vidx);
            if vd.kind != VarKind::CompileTimeConst {
                let pc = self.fs_ref().pc() as u32;
                if let Some(lv) = self.fs().proto.local_vars.get_mut(vd.pidx) {
                    lv.end_pc = pc;
                }
            }
        }
    }

    /// Marks the block declaring variable `vidx` of function `level` as having a
    /// captured variable.
    fn mark_upval(&mut self, level: usize, vidx: usize) {
        let fs = &mut self.funcs[level];
        if let Some(bl) = fs.blocks.iter_mut().rev().find(|b| b.nactvar <= vidx) {
            bl.upval = true;
        }
        fs.need_close = true;
    }

    /// Marks the current block as holding a to-be-closed variable.
    pub(crate) fn mark_to_be_closed(&mut self) {
        let fs = self.fs();
        if let Some(bl) = fs.blocks.last_mut() {
            bl.upval = true;
            bl.inside_tbc = true;
        }
        fs.need_close = true;
    }

    /// The expression for variable `id`: a local, a compile-time constant or an
    /// upvalue (created in every function between its owner and this one).
    fn local_var_exp(&mut self, id: VarId) -> R<ExpDesc> {
        let slot = self.var_slot.get(id.0 as usize).copied().unwrap_or(0) as usize;
        let cur = self.funcs.len() - 1;
        let owner = (0..=cur).rev().find(|&l| slot >= self.funcs[l].first_local).unwrap_or(0);
        let vd = self.actvar.get(slot).copied().unwrap_or(VarDesc {
            name: StrId(0),
            kind: VarKind::Regular,
            ridx: 0,
            pidx: 0,
            value: ConstValue::Nil,
        });
        if vd.kind == VarKind::CompileTimeConst {
            return Ok(ExpDesc::new(ExpKind::Const(vd.value)));
        }
        let vidx = slot - self.funcs[owner].first_local;
        if owner == cur {
            return Ok(ExpDesc::new(ExpKind::Local { ridx: vd.ridx, vidx }));
        }
        let key = UpvalKey::Var(id);
        let name = self.ast.strings.get(vd.name).to_vec();
        let found = (owner + 1..=cur)
            .rev()
            .find_map(|l| self.funcs[l].upval_keys.iter().position(|&k| k == key).map(|i| (l, i as u32)));
        let (start, mut idx, mut in_stack, mut kind) = match found {
            Some((l, i)) => (l, i, false, self.funcs[l].proto.upvalues[i as usize].kind),
            None => {
                self.mark_upval(owner, vidx);
                (owner, vd.ridx, true, vd.kind as u8)
            }
        };
        for level in start + 1..=cur {
            let desc = UpvalDesc { name: Some(name.clone()), in_stack, index: idx as u8, kind };
            idx = self.add_upvalue(level, key, desc)?;
            in_stack = false;
            kind = self.funcs[level].proto.upvalues[idx as usize].kind;
        }
        Ok(ExpDesc::new(ExpKind::Upval(idx)))
    }

    /// The chunk's `_ENV` upvalue, as seen from the current function.
    fn env_upvalue(&mut self) -> R<ExpDesc> {
        let cur = self.funcs.len() - 1;
        let key = UpvalKey::Env;
        let (start, mut idx) = (0..=cur)
            .rev()
            .find_map(|l| self.funcs[l].upval_keys.iter().position(|&k| k == key).map(|i| (l, i as u32)))
            .unwrap_or((0, 0));
        for level in start + 1..=cur {
            let desc = UpvalDesc { name: Some(b"_ENV".to_vec()), in_stack: false, index: idx as u8, kind: 0 };
            idx = self.add_upvalue(level, key, desc)?;
        }
        Ok(ExpDesc::new(ExpKind::Upval(idx)))
    }

    /// The expression a resolved name stands for (`singlevar`).
    pub(crate) fn single_var(&mut self, name: Name) -> R<ExpDesc> {
        match name {
            Name::Local(id) => self.local_var_exp(id),
            Name::ChunkEnv => self.env_upvalue(),
            Name::Global { name, env } => {
                let mut var = match env {
                    Some(id) => self.local_var_exp(id)?,
                    None => self.env_upvalue()?,
                };
                self.exp_to_any_reg_up(&mut var)?;
                let mut key = ExpDesc::new(ExpKind::KStr(name));
                self.indexed(&mut var, &mut key)?;
                Ok(var)
            }
        }
    }

    // ----- labels and gotos -----

    pub(crate) fn find_label(&self, name: StrId) -> Option<LabelDesc> {
        let first = self.fs_ref().first_label;
        self.labels.get(first..)?.iter().find(|l| l.name == Some(name)).copied()
    }

    pub(crate) fn new_goto(&mut self, name: Option<StrId>, pc: i32) {
        let nactvar = self.fs_ref().nactvar;
        self.gotos.push(LabelDesc { name, pc, nactvar, close: false });
    }

    /// Creates a label here, patching the pending gotos of the current block that
    /// target it; returns whether it emitted a `CLOSE`.
    pub(crate) fn create_label(&mut self, name: Option<StrId>, last: bool) -> R<bool> {
        let pc = self.get_label();
        let bl = self.current_block();
        let nactvar = if last { bl.nactvar } else { self.fs_ref().nactvar };
        self.labels.push(LabelDesc { name, pc, nactvar, close: false });
        let mut needs_close = false;
        let mut i = bl.first_goto;
        while i < self.gotos.len() {
            let gt = self.gotos[i];
            if gt.name == name {
                needs_close |= gt.close;
                self.patch_list(gt.pc, pc)?;
                self.gotos.remove(i);
            } else {
                i += 1;
            }
        }
        if needs_close {
            let level = self.nvarstack();
            self.code_abc(OpCode::Close, level, 0, 0);
        }
        Ok(needs_close)
    }

    /// A `goto` to a visible label jumps back to it; otherwise it waits for one.
    pub(crate) fn goto_stat(&mut self, name: StrId) -> R<()> {
        match self.find_label(name) {
            Some(lb) => {
                let level = self.reg_level(lb.nactvar);
                if self.nvarstack() > level {
                    self.code_abc(OpCode::Close, level, 0, 0);
                }
                let j = self.jump();
                self.patch_list(j, lb.pc)
            }
            None => {
                let j = self.jump();
                self.new_goto(Some(name), j);
                Ok(())
            }
        }
    }
}
