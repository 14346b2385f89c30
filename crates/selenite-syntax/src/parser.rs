//! The parser: tokens to an [`Ast`], with the reference's grammar, its nesting limit
//! and every error it detects while parsing (syntax errors, `goto`/label rules,
//! `<const>` assignments, attributes, `...` outside a vararg function, the limit of
//! 200 local variables per function).
//!
//! The parser follows the reference's recursive descent so that errors come out in
//! the same order with the same texts. Recursion is bounded: statements, nested
//! sub-expressions and extra assignment targets each count one level, as the
//! reference counts its C calls, and reaching [`MAX_C_CALLS`] is its "C stack
//! overflow". Left-associative operator chains, suffix chains, statement lists and
//! constructors are parsed by loops. Lists are gathered on scratch stacks and moved
//! into the arenas in one piece when complete, so every list is contiguous.
//!
//! Scopes: `actvar` holds the declared variables of all open functions (those not
//! yet active too, as the reference counts them); `bindings` maps each name to the
//! stack of active variables with that name, so resolving a name is one lookup.

use crate::ast::*;
use crate::lexer::{LexResult, Lexer, SyntaxError, Token};
use rustc_hash::FxHashMap;

/// The reference's `LUAI_MAXCCALLS`.
pub const MAX_C_CALLS: u32 = 200;
/// Most local variables active in one function.
const MAX_VARS: usize = 200;
/// Capacity limit of the reference's variable, label and goto lists (`SHRT_MAX`).
const MAX_SHORT: usize = 32767;
/// Most nested functions in one function (the reference's `MAXARG_Bx`).
const MAX_PROTOS: u32 = (1 << 17) - 1;

pub(crate) type R<T> = LexResult<T>;

/// A label or a pending goto (`name` is `None` for `break`).
#[derive(Clone, Copy)]
struct LabelEntry {
    name: Option<StrId>,
    line: u32,
    nactvar: usize,
}

#[derive(Clone, Copy)]
struct BlockScope {
    nactvar: usize,
    first_label: usize,
    first_goto: usize,
    is_loop: bool,
}

struct FuncScope {
    first_local: usize,
    nactvar: usize,
    first_label: usize,
    blocks: Vec<BlockScope>,
    is_vararg: bool,
    nprotos: u32,
    line_defined: u32,
}

/// A declared variable; hidden control variables have no `VarId`.
#[derive(Clone, Copy)]
struct ActiveVar {
    id: Option<VarId>,
    name: StrId,
}

pub(crate) struct Parser<'a> {
    pub(crate) lex: Lexer<'a>,
    pub(crate) ast: Ast,
    pub(crate) scratch_stmts: Vec<Stmt>,
    pub(crate) scratch_items: Vec<ListItem>,
    pub(crate) scratch_suffixes: Vec<Suffix>,
    pub(crate) scratch_table_items: Vec<TableItem>,
    scratch_clauses: Vec<IfClause>,
    pub(crate) scratch_vars: Vec<VarId>,
    level: u32,
    funcs: Vec<FuncScope>,
    actvar: Vec<ActiveVar>,
    bindings: FxHashMap<StrId, Vec<VarId>>,
    labels: Vec<LabelEntry>,
    gotos: Vec<LabelEntry>,
    env_name: StrId,
    pub(crate) self_name: StrId,
    for_state_name: StrId,
}

/// An error raised the way the reference raises runtime errors inside the parser
/// (no chunk or line prefix).
pub(crate) fn plain_error(message: impl Into<String>) -> SyntaxError {
    SyntaxError { message: message.into() }
}

/// Moves the scratch elements above `mark` to the end of `arena`, returning their
/// range there.
pub(crate) fn commit<T>(scratch: &mut Vec<T>, mark: usize, arena: &mut Vec<T>) -> Range {
    let start = arena.len() as u32;
    arena.extend(scratch.drain(mark..));
    Range { start, len: arena.len() as u32 - start }
}

impl<'a> Parser<'a> {
    pub(crate) fn new(source: &'a [u8], chunk_name: &[u8], c_calls: u32) -> Parser<'a> {
        let mut lex = Lexer::new(source, chunk_name);
        let env_name = lex.strings.intern(b"_ENV");
        let self_name = lex.strings.intern(b"self");
        let for_state_name = lex.strings.intern(b"(for state)");
        Parser {
            lex,
            ast: Ast::default(),
            scratch_stmts: Vec::new(),
            scratch_items: Vec::new(),
            scratch_suffixes: Vec::new(),
            scratch_table_items: Vec::new(),
            scratch_clauses: Vec::new(),
            scratch_vars: Vec::new(),
            level: c_calls,
            funcs: Vec::new(),
            actvar: Vec::new(),
            bindings: FxHashMap::default(),
            labels: Vec::new(),
            gotos: Vec::new(),
            env_name,
            self_name,
            for_state_name,
        }
    }

    /// Parses the whole chunk.
    pub(crate) fn main_func(mut self) -> R<Ast> {
        self.open_func(false, 0)?;
        self.cur().is_vararg = true;
        self.next()?;
        let stmts = self.statlist()?;
        let body = Block { stmts, end: self.pos() };
        self.check(Token::Eos)?;
        self.close_func()?;
        let main = Function {
            line_defined: 0,
            last_line_defined: 0,
            params: Range::default(),
            is_vararg: true,
            dots: Pos(0),
            body,
            end: body.end,
        };
        self.ast.main = FuncId(self.ast.functions.len() as u32);
        self.ast.functions.push(main);
        self.ast.lines = std::mem::take(&mut self.lex.lines);
        self.ast.strings = std::mem::take(&mut self.lex.strings);
        Ok(self.ast)
    }

    // ----- tokens -----

    #[inline]
    pub(crate) fn tok(&self) -> Token {
        self.lex.token
    }

    #[inline]
    pub(crate) fn pos(&self) -> Pos {
        Pos(self.lex.position())
    }

    #[inline]
    pub(crate) fn next(&mut self) -> R<()> {
        self.lex.advance_token()
    }

    pub(crate) fn test_next(&mut self, t: Token) -> R<bool> {
        if self.tok() == t {
            self.next()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    fn error_expected(&self, t: Token) -> SyntaxError {
        self.lex.syntax_error(&format!("{} expected", t.describe()))
    }

    pub(crate) fn check(&self, t: Token) -> R<()> {
        if self.tok() != t {
            return Err(self.error_expected(t));
        }
        Ok(())
    }

    pub(crate) fn check_next(&mut self, t: Token) -> R<()> {
        self.check(t)?;
        self.next()
    }

    pub(crate) fn check_match(&mut self, what: Token, who: Token, line: u32) -> R<()> {
        if self.test_next(what)? {
            return Ok(());
        }
        if line == self.lex.linenumber {
            return Err(self.error_expected(what));
        }
        let msg = format!("{} expected (to close {} at line {})", what.describe(), who.describe(), line);
        Err(self.lex.syntax_error(&msg))
    }

    pub(crate) fn str_check_name(&mut self) -> R<StrId> {
        match self.tok() {
            Token::Name(s) => {
                self.next()?;
                Ok(s)
            }
            _ => Err(self.error_expected(Token::Name(StrId(0)))),
        }
    }

    fn block_follow(&self, with_until: bool) -> bool {
        match self.tok() {
            Token::Else | Token::Elseif | Token::End | Token::Eos => true,
            Token::Until => with_until,
            _ => false,
        }
    }

    pub(crate) fn enter_level(&mut self) -> R<()> {
        self.level += 1;
        if self.level == MAX_C_CALLS {
            return Err(plain_error("C stack overflow"));
        }
        if self.level >= MAX_C_CALLS / 10 * 11 {
            return Err(plain_error("error in error handling"));
        }
        Ok(())
    }

    pub(crate) fn leave_level(&mut self) {
        self.level -= 1;
    }

    pub(crate) fn push_expr(&mut self, e: Expr) -> ExprId {
        let id = ExprId(self.ast.exprs.len() as u32);
        self.ast.exprs.push(e);
        id
    }

    // ----- functions, blocks and variables -----

    fn cur(&mut self) -> &mut FuncScope {
        let n = self.funcs.len();
        &mut self.funcs[n - 1]
    }

    fn cur_ref(&self) -> &FuncScope {
        &self.funcs[self.funcs.len() - 1]
    }

    pub(crate) fn in_vararg_function(&self) -> bool {
        self.cur_ref().is_vararg
    }

    pub(crate) fn open_func(&mut self, counts_as_proto: bool, line_defined: u32) -> R<()> {
        if counts_as_proto {
            let parent = self.cur();
            if parent.nprotos >= MAX_PROTOS {
                return Err(plain_error(format!("too many functions (limit is {MAX_PROTOS})")));
            }
            parent.nprotos += 1;
        }
        self.funcs.push(FuncScope {
            first_local: self.actvar.len(),
            nactvar: 0,
            first_label: self.labels.len(),
            blocks: Vec::new(),
            is_vararg: false,
            nprotos: 0,
            line_defined,
        });
        self.enter_block(false);
        Ok(())
    }

    pub(crate) fn close_func(&mut self) -> R<()> {
        self.leave_block()?;
        self.funcs.pop();
        Ok(())
    }

    pub(crate) fn set_vararg(&mut self) {
        self.cur().is_vararg = true;
    }

    pub(crate) fn enter_block(&mut self, is_loop: bool) {
        let bl = BlockScope {
            nactvar: self.cur_ref().nactvar,
            first_label: self.labels.len(),
            first_goto: self.gotos.len(),
            is_loop,
        };
        self.cur().blocks.push(bl);
    }

    pub(crate) fn leave_block(&mut self) -> R<()> {
        let Some(&bl) = self.cur_ref().blocks.last() else {
            return Ok(());
        };
        self.remove_vars(bl.nactvar);
        if bl.is_loop {
            self.create_label(None, 0, false)?;
        }
        self.labels.truncate(bl.first_label);
        self.cur().blocks.pop();
        if !self.cur_ref().blocks.is_empty() {
            for gt in &mut self.gotos[bl.first_goto..] {
                gt.nactvar = bl.nactvar;
            }
        } else if let Some(gt) = self.gotos.get(bl.first_goto).copied() {
            let msg = match gt.name {
                None => format!("break outside loop at line {}", gt.line),
                Some(name) => format!(
                    "no visible label '{}' for <goto> at line {}",
                    String::from_utf8_lossy(self.lex.strings.get(name)),
                    gt.line
                ),
            };
            return Err(self.lex.semantic_error(&msg));
        }
        Ok(())
    }

    /// Declares a variable (not yet active).
    pub(crate) fn new_local_var(&mut self, name: StrId, attrib: Attrib) -> R<VarId> {
        let id = VarId(self.ast.vars.len() as u32);
        self.ast.vars.push(VarDecl { name, attrib, assigned: false });
        self.declare(Some(id), name)?;
        Ok(id)
    }

    fn new_hidden_var(&mut self) -> R<()> {
        let name = self.for_state_name;
        self.declare(None, name)
    }

    fn declare(&mut self, id: Option<VarId>, name: StrId) -> R<()> {
        let fs = self.cur_ref();
        if self.actvar.len() + 1 - fs.first_local > MAX_VARS {
            return Err(self.error_limit(MAX_VARS, "local variables"));
        }
        if self.actvar.len() + 1 >= MAX_SHORT {
            return Err(plain_error(format!("too many local variables (limit is {MAX_SHORT})")));
        }
        self.actvar.push(ActiveVar { id, name });
        Ok(())
    }

    fn error_limit(&self, limit: usize, what: &str) -> SyntaxError {
        let line = self.cur_ref().line_defined;
        let where_ = if line == 0 { "main function".to_string() } else { format!("function at line {line}") };
        self.lex.syntax_error(&format!("too many {what} (limit is {limit}) in {where_}"))
    }

    /// Sets the attribute of a declared variable.
    pub(crate) fn set_attrib(&mut self, id: VarId, attrib: Attrib) {
        if let Some(v) = self.ast.vars.get_mut(id.0 as usize) {
            v.attrib = attrib;
        }
    }

    /// Starts the scope of the last `n` declared variables.
    pub(crate) fn adjust_local_vars(&mut self, n: usize) {
        for _ in 0..n {
            let fs = self.cur();
            let idx = fs.first_local + fs.nactvar;
            fs.nactvar += 1;
            if let Some(ActiveVar { id: Some(id), name }) = self.actvar.get(idx).copied() {
                self.bindings.entry(name).or_default().push(id);
            }
        }
    }

    fn remove_vars(&mut self, to_level: usize) {
        let fs = self.cur_ref();
        let first = fs.first_local;
        let from = fs.nactvar;
        for idx in (first + to_level..first + from).rev() {
            if let Some(ActiveVar { id: Some(_), name }) = self.actvar.get(idx).copied() {
                if let Some(stack) = self.bindings.get_mut(&name) {
                    stack.pop();
                }
            }
        }
        self.actvar.truncate(first + to_level);
        self.cur().nactvar = to_level;
    }

    /// Resolves a name in the current scope.
    pub(crate) fn resolve(&self, name: StrId) -> Name {
        if let Some(&id) = self.bindings.get(&name).and_then(|s| s.last()) {
            return Name::Local(id);
        }
        if name == self.env_name {
            return Name::ChunkEnv;
        }
        let env = self.bindings.get(&self.env_name).and_then(|s| s.last()).copied();
        Name::Global { name, env }
    }

    /// `attempt to assign to const variable` when `e` names a `<const>` or `<close>`
    /// variable; otherwise, when `e` names a local, records that it is assigned.
    pub(crate) fn check_assignable(&mut self, e: ExprId) -> R<()> {
        if let Expr::Name(Name::Local(id), _) = self.ast.expr(e) {
            let var = self.ast.var(id);
            if var.attrib == Attrib::Regular {
                if let Some(decl) = self.ast.vars.get_mut(id.0 as usize) {
                    decl.assigned = true;
                }
            } else {
                let msg = format!(
                    "attempt to assign to const variable '{}'",
                    String::from_utf8_lossy(self.lex.strings.get(var.name))
                );
                return Err(self.lex.semantic_error(&msg));
            }
        }
        Ok(())
    }

    // ----- labels and gotos -----

    fn find_label(&self, name: StrId) -> Option<LabelEntry> {
        let first = self.cur_ref().first_label;
        self.labels[first..].iter().find(|l| l.name == Some(name)).copied()
    }

    fn new_goto(&mut self, name: Option<StrId>, line: u32) -> R<()> {
        if self.gotos.len() >= MAX_SHORT {
            return Err(plain_error(format!("too many labels/gotos (limit is {MAX_SHORT})")));
        }
        let nactvar = self.cur_ref().nactvar;
        self.gotos.push(LabelEntry { name, line, nactvar });
        Ok(())
    }

    fn create_label(&mut self, name: Option<StrId>, line: u32, last: bool) -> R<()> {
        if self.labels.len() >= MAX_SHORT {
            return Err(plain_error(format!("too many labels/gotos (limit is {MAX_SHORT})")));
        }
        let fs = self.cur_ref();
        let Some(bl) = fs.blocks.last().copied() else {
            return Ok(());
        };
        let nactvar = if last { bl.nactvar } else { fs.nactvar };
        self.labels.push(LabelEntry { name, line, nactvar });
        let mut i = bl.first_goto;
        while i < self.gotos.len() {
            let gt = self.gotos[i];
            if gt.name == name {
                if gt.nactvar < nactvar {
                    return Err(self.jump_scope_error(gt));
                }
                self.gotos.remove(i);
            } else {
                i += 1;
            }
        }
        Ok(())
    }

    fn jump_scope_error(&self, gt: LabelEntry) -> SyntaxError {
        let idx = self.cur_ref().first_local + gt.nactvar;
        let var = self.actvar.get(idx).map_or(StrId(0), |v| v.name);
        let goto_name = gt.name.map_or(&b"break"[..], |n| self.lex.strings.get(n));
        let msg = format!(
            "<goto {}> at line {} jumps into the scope of local '{}'",
            String::from_utf8_lossy(goto_name),
            gt.line,
            String::from_utf8_lossy(self.lex.strings.get(var))
        );
        self.lex.semantic_error(&msg)
    }

    // ----- statements -----

    pub(crate) fn statlist(&mut self) -> R<Range> {
        let mark = self.scratch_stmts.len();
        while !self.block_follow(true) {
            if self.tok() == Token::Return {
                self.statement()?;
                break;
            }
            self.statement()?;
        }
        Ok(commit(&mut self.scratch_stmts, mark, &mut self.ast.stmts))
    }

    fn block(&mut self) -> R<Block> {
        self.enter_block(false);
        let stmts = self.statlist()?;
        let end = self.pos();
        self.leave_block()?;
        Ok(Block { stmts, end })
    }

    fn push_stmt(&mut self, s: Stmt) {
        self.scratch_stmts.push(s);
    }

    fn statement(&mut self) -> R<()> {
        let line = self.lex.linenumber;
        self.enter_level()?;
        match self.tok() {
            Token::Char(b';') => self.next()?,
            Token::If => self.if_stat(line)?,
            Token::While => self.while_stat(line)?,
            Token::Do => {
                self.next()?;
                let b = self.block()?;
                self.check_match(Token::End, Token::Do, line)?;
                self.push_stmt(Stmt::Do(b));
            }
            Token::For => self.for_stat(line)?,
            Token::Repeat => self.repeat_stat(line)?,
            Token::Function => self.func_stat(line)?,
            Token::Local => {
                self.next()?;
                if self.test_next(Token::Function)? {
                    self.local_func()?;
                } else {
                    self.local_stat()?;
                }
            }
            Token::DbColon => {
                self.next()?;
                let name = self.str_check_name()?;
                self.label_stat(name, line)?;
            }
            Token::Return => {
                self.next()?;
                self.ret_stat()?;
            }
            Token::Break => {
                let line = self.lex.linenumber;
                self.next()?;
                let pos = self.pos();
                self.new_goto(None, line)?;
                self.push_stmt(Stmt::Break(pos));
            }
            Token::Goto => {
                self.next()?;
                let line = self.lex.linenumber;
                let name = self.str_check_name()?;
                let pos = self.pos();
                if self.find_label(name).is_none() {
                    self.new_goto(Some(name), line)?;
                }
                self.push_stmt(Stmt::Goto { name, pos });
            }
            _ => self.expr_stat()?,
        }
        self.leave_level();
        Ok(())
    }

    fn if_stat(&mut self, line: u32) -> R<()> {
        let mark = self.scratch_clauses.len();
        self.test_then_block()?;
        while self.tok() == Token::Elseif {
            self.test_then_block()?;
        }
        let else_block = if self.test_next(Token::Else)? { Some(self.block()?) } else { None };
        self.check_match(Token::End, Token::If, line)?;
        let end = self.pos();
        let clauses = commit(&mut self.scratch_clauses, mark, &mut self.ast.if_clauses);
        self.push_stmt(Stmt::If { clauses, else_block, end });
        Ok(())
    }

    fn test_then_block(&mut self) -> R<()> {
        self.next()?;
        let cond = self.expr()?;
        self.check_next(Token::Then)?;
        let then = self.pos();
        let mut break_jump = None;
        if self.tok() == Token::Break {
            let line = self.lex.linenumber;
            self.next()?;
            let after_break = self.pos();
            self.enter_block(false);
            self.new_goto(None, line)?;
            while self.test_next(Token::Char(b';'))? {}
            let after_semis = self.pos();
            break_jump = Some((after_break, after_semis));
            if self.block_follow(false) {
                self.leave_block()?;
                let body = Block { stmts: Range::default(), end: after_semis };
                self.scratch_clauses.push(IfClause { cond, then, break_jump, body });
                return Ok(());
            }
        } else {
            self.enter_block(false);
        }
        let stmts = self.statlist()?;
        let body = Block { stmts, end: self.pos() };
        self.leave_block()?;
        self.scratch_clauses.push(IfClause { cond, then, break_jump, body });
        Ok(())
    }

    fn while_stat(&mut self, line: u32) -> R<()> {
        self.next()?;
        let cond = self.expr()?;
        self.enter_block(true);
        self.check_next(Token::Do)?;
        let do_pos = self.pos();
        let body = self.block()?;
        self.check_match(Token::End, Token::While, line)?;
        let end = self.pos();
        self.leave_block()?;
        self.push_stmt(Stmt::While { cond, do_pos, body, end });
        Ok(())
    }

    fn repeat_stat(&mut self, line: u32) -> R<()> {
        self.enter_block(true);
        self.enter_block(false);
        self.next()?;
        let stmts = self.statlist()?;
        let body = Block { stmts, end: self.pos() };
        self.check_match(Token::Until, Token::Repeat, line)?;
        let until = self.pos();
        let cond = self.expr()?;
        self.leave_block()?;
        self.leave_block()?;
        self.push_stmt(Stmt::Repeat { body, until, cond });
        Ok(())
    }

    fn for_stat(&mut self, line: u32) -> R<()> {
        self.enter_block(true);
        self.next()?;
        let keyword = self.pos();
        let name = self.str_check_name()?;
        match self.tok() {
            Token::Char(b'=') => self.for_num(name, keyword)?,
            Token::Char(b',') | Token::In => self.for_list(name)?,
            _ => return Err(self.lex.syntax_error("'=' or 'in' expected")),
        }
        self.check_match(Token::End, Token::For, line)?;
        let end = self.pos();
        self.leave_block()?;
        if let Some(Stmt::NumericFor { end: e, .. } | Stmt::GenericFor { end: e, .. }) = self.scratch_stmts.last_mut() {
            *e = end;
        }
        Ok(())
    }

    fn for_num(&mut self, name: StrId, keyword: Pos) -> R<()> {
        for _ in 0..3 {
            self.new_hidden_var()?;
        }
        let var = self.new_local_var(name, Attrib::Regular)?;
        self.check_next(Token::Char(b'='))?;
        let start = self.expr()?;
        self.check_next(Token::Char(b','))?;
        let limit = self.expr()?;
        let step = if self.test_next(Token::Char(b','))? { Some(self.expr()?) } else { None };
        self.adjust_local_vars(3);
        let (do_pos, body) = self.for_body(1)?;
        self.push_stmt(Stmt::NumericFor { var, start, limit, step, keyword, do_pos, body, end: Pos(0) });
        Ok(())
    }

    fn for_list(&mut self, first: StrId) -> R<()> {
        for _ in 0..4 {
            self.new_hidden_var()?;
        }
        let mark = self.scratch_vars.len();
        let v = self.new_local_var(first, Attrib::Regular)?;
        self.scratch_vars.push(v);
        while self.test_next(Token::Char(b','))? {
            let name = self.str_check_name()?;
            let v = self.new_local_var(name, Attrib::Regular)?;
            self.scratch_vars.push(v);
        }
        let vars = commit(&mut self.scratch_vars, mark, &mut self.ast.var_lists);
        self.check_next(Token::In)?;
        let call_line = self.lex.linenumber;
        let exprs = self.expr_list()?;
        self.adjust_local_vars(4);
        let (do_pos, body) = self.for_body(vars.len as usize)?;
        self.push_stmt(Stmt::GenericFor { vars, exprs, call_line, do_pos, body, end: Pos(0) });
        Ok(())
    }

    fn for_body(&mut self, nvars: usize) -> R<(Pos, Block)> {
        self.check_next(Token::Do)?;
        let do_pos = self.pos();
        self.enter_block(false);
        self.adjust_local_vars(nvars);
        let body = self.block()?;
        self.leave_block()?;
        Ok((do_pos, body))
    }

    fn func_stat(&mut self, line: u32) -> R<()> {
        self.next()?;
        let keyword = self.pos();
        let name = self.str_check_name()?;
        let pos = self.pos();
        let base = self.push_expr(Expr::Name(self.resolve(name), pos));
        let mark = self.scratch_suffixes.len();
        while self.tok() == Token::Char(b'.') {
            self.next()?;
            let name = self.str_check_name()?;
            self.scratch_suffixes.push(Suffix::Field { name, pos: self.pos() });
        }
        let is_method = self.test_next(Token::Char(b':'))?;
        if is_method {
            let name = self.str_check_name()?;
            self.scratch_suffixes.push(Suffix::Field { name, pos: self.pos() });
        }
        let target = if self.scratch_suffixes.len() > mark {
            let suffixes = commit(&mut self.scratch_suffixes, mark, &mut self.ast.suffixes);
            self.push_expr(Expr::Suffixed { primary: base, suffixes })
        } else {
            base
        };
        let func = self.body(is_method, line)?;
        self.check_assignable(target)?;
        self.push_stmt(Stmt::Function { target, is_method, func, keyword });
        Ok(())
    }

    fn local_func(&mut self) -> R<()> {
        let name = self.str_check_name()?;
        let var = self.new_local_var(name, Attrib::Regular)?;
        self.adjust_local_vars(1);
        let line = self.lex.linenumber;
        let func = self.body(false, line)?;
        self.push_stmt(Stmt::LocalFunction { var, func });
        Ok(())
    }

    fn local_attribute(&mut self) -> R<Attrib> {
        if !self.test_next(Token::Char(b'<'))? {
            return Ok(Attrib::Regular);
        }
        let name = self.str_check_name()?;
        self.check_next(Token::Char(b'>'))?;
        match self.lex.strings.get(name) {
            b"const" => Ok(Attrib::Const),
            b"close" => Ok(Attrib::Close),
            other => {
                let msg = format!("unknown attribute '{}'", String::from_utf8_lossy(other));
                Err(self.lex.semantic_error(&msg))
            }
        }
    }

    fn local_stat(&mut self) -> R<()> {
        let mark = self.scratch_vars.len();
        let mut has_close = false;
        loop {
            let name = self.str_check_name()?;
            let var = self.new_local_var(name, Attrib::Regular)?;
            let attrib = self.local_attribute()?;
            self.set_attrib(var, attrib);
            if attrib == Attrib::Close {
                if has_close {
                    return Err(self.lex.semantic_error("multiple to-be-closed variables in local list"));
                }
                has_close = true;
            }
            self.scratch_vars.push(var);
            if !self.test_next(Token::Char(b','))? {
                break;
            }
        }
        let vars = commit(&mut self.scratch_vars, mark, &mut self.ast.var_lists);
        let names_end = self.pos();
        let values = if self.test_next(Token::Char(b'='))? { self.expr_list()? } else { Range::default() };
        self.adjust_local_vars(vars.len as usize);
        self.push_stmt(Stmt::Local { vars, values, names_end });
        Ok(())
    }

    fn label_stat(&mut self, name: StrId, line: u32) -> R<()> {
        self.check_next(Token::DbColon)?;
        while matches!(self.tok(), Token::Char(b';') | Token::DbColon) {
            self.statement()?;
        }
        if let Some(previous) = self.find_label(name) {
            let msg = format!(
                "label '{}' already defined on line {}",
                String::from_utf8_lossy(self.lex.strings.get(name)),
                previous.line
            );
            return Err(self.lex.semantic_error(&msg));
        }
        let last = self.block_follow(false);
        let pos = self.pos();
        self.create_label(Some(name), line, last)?;
        self.push_stmt(Stmt::Label { name, last, pos });
        Ok(())
    }

    fn ret_stat(&mut self) -> R<()> {
        let pos = self.pos();
        let values = if self.block_follow(true) || self.tok() == Token::Char(b';') {
            Range::default()
        } else {
            self.expr_list()?
        };
        self.test_next(Token::Char(b';'))?;
        self.push_stmt(Stmt::Return { values, pos });
        Ok(())
    }

    fn is_call(&self, e: ExprId) -> bool {
        match self.ast.expr(e) {
            Expr::Suffixed { suffixes, .. } => {
                matches!(self.ast.suffixes(suffixes).last(), Some(Suffix::Call(_) | Suffix::Method { .. }))
            }
            _ => false,
        }
    }

    fn is_var(&self, e: ExprId) -> bool {
        match self.ast.expr(e) {
            Expr::Name(..) => true,
            Expr::Suffixed { suffixes, .. } => {
                matches!(self.ast.suffixes(suffixes).last(), Some(Suffix::Field { .. } | Suffix::Index { .. }))
            }
            _ => false,
        }
    }

    fn expr_stat(&mut self) -> R<()> {
        let first = self.suffixed_exp()?;
        if !matches!(self.tok(), Token::Char(b'=' | b',')) {
            if !self.is_call(first) {
                return Err(self.lex.syntax_error("syntax error"));
            }
            self.push_stmt(Stmt::Call(first));
            return Ok(());
        }
        let mark = self.scratch_items.len();
        let mut target = first;
        let mut extra_levels = 0;
        loop {
            self.scratch_items.push(ListItem { expr: target, comma: self.pos() });
            if !self.is_var(target) {
                return Err(self.lex.syntax_error("syntax error"));
            }
            self.check_assignable(target)?;
            if !self.test_next(Token::Char(b','))? {
                break;
            }
            target = self.suffixed_exp()?;
            self.enter_level()?;
            extra_levels += 1;
        }
        let targets = commit(&mut self.scratch_items, mark, &mut self.ast.list_items);
        self.check_next(Token::Char(b'='))?;
        let values = self.expr_list()?;
        self.level -= extra_levels;
        self.push_stmt(Stmt::Assign { targets, values });
        Ok(())
    }
}
