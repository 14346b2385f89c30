//! Expression rules of the parser: operators by priority (left-associative chains
//! in a loop, as the reference does), primary and suffixed expressions, call
//! arguments, table constructors and function bodies.

use crate::ast::*;
use crate::lexer::Token;
use crate::parser::{commit, Parser, R};

fn unary_op(t: Token) -> Option<UnOp> {
    match t {
        Token::Not => Some(UnOp::Not),
        Token::Char(b'-') => Some(UnOp::Minus),
        Token::Char(b'~') => Some(UnOp::BNot),
        Token::Char(b'#') => Some(UnOp::Len),
        _ => None,
    }
}

fn binary_op(t: Token) -> Option<BinOp> {
    Some(match t {
        Token::Char(b'+') => BinOp::Add,
        Token::Char(b'-') => BinOp::Sub,
        Token::Char(b'*') => BinOp::Mul,
        Token::Char(b'%') => BinOp::Mod,
        Token::Char(b'^') => BinOp::Pow,
        Token::Char(b'/') => BinOp::Div,
        Token::IDiv => BinOp::IDiv,
        Token::Char(b'&') => BinOp::BAnd,
        Token::Char(b'|') => BinOp::BOr,
        Token::Char(b'~') => BinOp::BXor,
        Token::Shl => BinOp::Shl,
        Token::Shr => BinOp::Shr,
        Token::Concat => BinOp::Concat,
        Token::Ne => BinOp::Ne,
        Token::Eq => BinOp::Eq,
        Token::Char(b'<') => BinOp::Lt,
        Token::Le => BinOp::Le,
        Token::Char(b'>') => BinOp::Gt,
        Token::Ge => BinOp::Ge,
        Token::And => BinOp::And,
        Token::Or => BinOp::Or,
        _ => return None,
    })
}

impl<'a> Parser<'a> {
    pub(crate) fn expr(&mut self) -> R<ExprId> {
        self.subexpr(0).map(|(e, _)| e)
    }

    /// Parses operators binding tighter than `limit`; returns the expression and
    /// the first operator left unprocessed.
    fn subexpr(&mut self, limit: u8) -> R<(ExprId, Option<BinOp>)> {
        self.enter_level()?;
        let mut v = if let Some(op) = unary_op(self.tok()) {
            self.next()?;
            let pos = self.pos();
            let (operand, _) = self.subexpr(UNARY_PRIORITY)?;
            self.push_expr(Expr::Unary { op, pos, operand })
        } else {
            self.simple_exp()?
        };
        let mut op = binary_op(self.tok());
        while let Some(o) = op {
            let (left, right) = o.priority();
            if left <= limit {
                break;
            }
            self.next()?;
            let pos = self.pos();
            let (rhs, next_op) = self.subexpr(right)?;
            v = self.push_expr(Expr::Binary { op: o, pos, lhs: v, rhs });
            op = next_op;
        }
        self.leave_level();
        Ok((v, op))
    }

    fn simple_exp(&mut self) -> R<ExprId> {
        let e = match self.tok() {
            Token::Float(f) => {
                self.next()?;
                Expr::Float(f, self.pos())
            }
            Token::Int(i) => {
                self.next()?;
                Expr::Int(i, self.pos())
            }
            Token::Str(s) => {
                self.next()?;
                Expr::Str(s, self.pos())
            }
            Token::Nil => {
                self.next()?;
                Expr::Nil(self.pos())
            }
            Token::True => {
                self.next()?;
                Expr::True(self.pos())
            }
            Token::False => {
                self.next()?;
                Expr::False(self.pos())
            }
            Token::Dots => {
                if !self.in_vararg_function() {
                    return Err(self.lex.syntax_error("cannot use '...' outside a vararg function"));
                }
                let before = self.pos();
                self.next()?;
                Expr::Vararg(before)
            }
            Token::Char(b'{') => Expr::Table(self.constructor()?),
            Token::Function => {
                self.next()?;
                let line = self.lex.linenumber;
                Expr::Function(self.body(false, line)?)
            }
            _ => return self.suffixed_exp(),
        };
        Ok(self.push_expr(e))
    }

    fn primary_exp(&mut self) -> R<ExprId> {
        match self.tok() {
            Token::Char(b'(') => {
                let line = self.lex.linenumber;
                self.next()?;
                let inner = self.expr()?;
                self.check_match(Token::Char(b')'), Token::Char(b'('), line)?;
                let close = self.pos();
                Ok(self.push_expr(Expr::Paren(inner, close)))
            }
            Token::Name(name) => {
                self.next()?;
                let pos = self.pos();
                let resolved = self.resolve(name);
                Ok(self.push_expr(Expr::Name(resolved, pos)))
            }
            _ => Err(self.lex.syntax_error("unexpected symbol")),
        }
    }

    pub(crate) fn suffixed_exp(&mut self) -> R<ExprId> {
        let primary = self.primary_exp()?;
        let mark = self.scratch_suffixes.len();
        loop {
            let suffix = match self.tok() {
                Token::Char(b'.') => {
                    self.next()?;
                    let name = self.str_check_name()?;
                    Suffix::Field { name, pos: self.pos() }
                }
                Token::Char(b'[') => {
                    self.next()?;
                    let key = self.expr()?;
                    self.check_next(Token::Char(b']'))?;
                    Suffix::Index { key, close: self.pos() }
                }
                Token::Char(b':') => {
                    self.next()?;
                    let name = self.str_check_name()?;
                    let pos = self.pos();
                    let args = self.func_args()?;
                    Suffix::Method { name, pos, args }
                }
                Token::Char(b'(' | b'{') | Token::Str(_) => Suffix::Call(self.func_args()?),
                _ => break,
            };
            self.scratch_suffixes.push(suffix);
        }
        if self.scratch_suffixes.len() == mark {
            return Ok(primary);
        }
        let suffixes = commit(&mut self.scratch_suffixes, mark, &mut self.ast.suffixes);
        Ok(self.push_expr(Expr::Suffixed { primary, suffixes }))
    }

    fn func_args(&mut self) -> R<Args> {
        let line = self.lex.linenumber;
        match self.tok() {
            Token::Char(b'(') => {
                self.next()?;
                let open = self.pos();
                let list = if self.tok() == Token::Char(b')') { Range::default() } else { self.expr_list()? };
                self.check_match(Token::Char(b')'), Token::Char(b'('), line)?;
                Ok(Args { kind: ArgsKind::List(list), open, close: self.pos() })
            }
            Token::Char(b'{') => {
                let t = self.constructor()?;
                let table = self.ast.table(t);
                Ok(Args { kind: ArgsKind::Table(t), open: table.open, close: table.close })
            }
            Token::Str(s) => {
                self.next()?;
                let pos = self.pos();
                Ok(Args { kind: ArgsKind::Str(s), open: pos, close: pos })
            }
            _ => Err(self.lex.syntax_error("function arguments expected")),
        }
    }

    /// `e1, e2, ...`: a range of `list_items`.
    pub(crate) fn expr_list(&mut self) -> R<Range> {
        let mark = self.scratch_items.len();
        let mut e = self.expr()?;
        while self.test_next(Token::Char(b','))? {
            self.scratch_items.push(ListItem { expr: e, comma: self.pos() });
            e = self.expr()?;
        }
        self.scratch_items.push(ListItem { expr: e, comma: self.pos() });
        Ok(commit(&mut self.scratch_items, mark, &mut self.ast.list_items))
    }

    fn constructor(&mut self) -> R<TableId> {
        let line = self.lex.linenumber;
        let before = self.pos();
        self.check_next(Token::Char(b'{'))?;
        let open = self.pos();
        let mark = self.scratch_table_items.len();
        while self.tok() != Token::Char(b'}') {
            let kind = self.field()?;
            let sep = if self.test_next(Token::Char(b','))? || self.test_next(Token::Char(b';'))? {
                Some(self.pos())
            } else {
                None
            };
            self.scratch_table_items.push(TableItem { kind, sep });
            if sep.is_none() {
                break;
            }
        }
        self.check_match(Token::Char(b'}'), Token::Char(b'{'), line)?;
        let close = self.pos();
        let items = commit(&mut self.scratch_table_items, mark, &mut self.ast.table_items);
        let id = TableId(self.ast.tables.len() as u32);
        self.ast.tables.push(Table { before, open, close, items });
        Ok(id)
    }

    fn field(&mut self) -> R<ItemKind> {
        match self.tok() {
            Token::Name(name) => {
                if self.lex.lookahead()? != Token::Char(b'=') {
                    return Ok(ItemKind::Positional(self.expr()?));
                }
                self.next()?;
                self.check_next(Token::Char(b'='))?;
                let eq = self.pos();
                let value = self.expr()?;
                Ok(ItemKind::Named { name, eq, value })
            }
            Token::Char(b'[') => {
                self.next()?;
                let key = self.expr()?;
                self.check_next(Token::Char(b']'))?;
                self.check_next(Token::Char(b'='))?;
                let eq = self.pos();
                let value = self.expr()?;
                Ok(ItemKind::Keyed { key, eq, value })
            }
            _ => Ok(ItemKind::Positional(self.expr()?)),
        }
    }

    /// Parses `(params) body end`; `line` is the line the function is defined at.
    pub(crate) fn body(&mut self, is_method: bool, line: u32) -> R<FuncId> {
        self.open_func(true, line)?;
        self.check_next(Token::Char(b'('))?;
        let mark = self.scratch_vars.len();
        if is_method {
            let name = self.self_name;
            let v = self.new_local_var(name, Attrib::Regular)?;
            self.scratch_vars.push(v);
            self.adjust_local_vars(1);
        }
        let mut nparams = 0;
        let mut is_vararg = false;
        let mut dots = Pos(0);
        if self.tok() != Token::Char(b')') {
            loop {
                match self.tok() {
                    Token::Name(name) => {
                        self.next()?;
                        let v = self.new_local_var(name, Attrib::Regular)?;
                        self.scratch_vars.push(v);
                        nparams += 1;
                    }
                    Token::Dots => {
                        self.next()?;
                        is_vararg = true;
                        dots = self.pos();
                    }
                    _ => return Err(self.lex.syntax_error("<name> or '...' expected")),
                }
                if is_vararg || !self.test_next(Token::Char(b','))? {
                    break;
                }
            }
        }
        self.adjust_local_vars(nparams);
        if is_vararg {
            self.set_vararg();
        }
        let params = commit(&mut self.scratch_vars, mark, &mut self.ast.var_lists);
        self.check_next(Token::Char(b')'))?;
        let stmts = self.statlist()?;
        let body = Block { stmts, end: self.pos() };
        let last_line_defined = self.lex.linenumber;
        self.check_match(Token::End, Token::Function, line)?;
        let end = self.pos();
        self.close_func()?;
        let id = FuncId(self.ast.functions.len() as u32);
        self.ast.functions.push(Function { line_defined: line, last_line_defined, params, is_vararg, dots, body, end });
        Ok(id)
    }
}
