//! The syntax tree of a Lua 5.4 chunk, stored in flat arenas.
//!
//! Every node lives in a `Vec` of the [`Ast`] and refers to others by index
//! (`ExprId`, `FuncId`...), and every list is a contiguous [`Range`] of one arena, so
//! building the tree costs a handful of growing vectors, dropping it never recurses,
//! and long chains (`a+b+c...`, `a.b.c...`, `f()()...`, big constructors) are flat
//! lists or left spines that the compiler walks with loops.
//!
//! Names are resolved by the parser: a [`Name`] is either a declared local variable
//! ([`VarId`], in this function or an enclosing one) or a global, with the `_ENV`
//! variable in scope at that point.
//!
//! Positions: a [`Pos`] is the number of tokens the parser had consumed at some
//! moment; `Ast::line(pos)` is the line of the last token consumed then, which is
//! the line the reference code generator gives to the instructions it emits at that
//! moment. Nodes record the positions at which the reference emits code, so the
//! compiler reproduces its line information and its error positions exactly.

use rustc_hash::FxHashMap;

/// An interned byte string (names and string literals).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct StrId(pub u32);

/// The strings of a chunk, each stored once.
#[derive(Default, Debug)]
pub struct Interner {
    ids: FxHashMap<Box<[u8]>, StrId>,
    strings: Vec<Box<[u8]>>,
}

impl Interner {
    pub fn intern(&mut self, s: &[u8]) -> StrId {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = StrId(self.strings.len() as u32);
        self.strings.push(s.into());
        self.ids.insert(s.into(), id);
        id
    }

    /// The id of `s`, if interned.
    pub fn find(&self, s: &[u8]) -> Option<StrId> {
        self.ids.get(s).copied()
    }

    /// The bytes of an interned string (empty for an id this interner never gave).
    pub fn get(&self, id: StrId) -> &[u8] {
        self.strings.get(id.0 as usize).map_or(&[], |s| s)
    }
}

/// A parse position: the number of tokens consumed so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos(pub u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExprId(pub u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VarId(pub u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct FuncId(pub u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TableId(pub u32);

/// A contiguous run of elements in one of the arenas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Range {
    pub start: u32,
    pub len: u32,
}

impl Range {
    pub fn indices(self) -> std::ops::Range<usize> {
        self.start as usize..self.start as usize + self.len as usize
    }

    pub fn is_empty(self) -> bool {
        self.len == 0
    }
}

/// Unary operators, in the reference's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    Minus,
    BNot,
    Not,
    Len,
}

/// Binary operators, in the reference's order (`ORDER OPR`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Mod,
    Pow,
    Div,
    IDiv,
    BAnd,
    BOr,
    BXor,
    Shl,
    Shr,
    Concat,
    Eq,
    Lt,
    Le,
    Ne,
    Gt,
    Ge,
    And,
    Or,
}

impl BinOp {
    /// Left and right binding priorities.
    pub fn priority(self) -> (u8, u8) {
        match self {
            BinOp::Add | BinOp::Sub => (10, 10),
            BinOp::Mul | BinOp::Mod | BinOp::Div | BinOp::IDiv => (11, 11),
            BinOp::Pow => (14, 13),
            BinOp::BAnd => (6, 6),
            BinOp::BOr => (4, 4),
            BinOp::BXor => (5, 5),
            BinOp::Shl | BinOp::Shr => (7, 7),
            BinOp::Concat => (9, 8),
            BinOp::Eq | BinOp::Lt | BinOp::Le | BinOp::Ne | BinOp::Gt | BinOp::Ge => (3, 3),
            BinOp::And => (2, 2),
            BinOp::Or => (1, 1),
        }
    }
}

/// Priority of unary operators.
pub const UNARY_PRIORITY: u8 = 12;

/// What a name refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Name {
    /// A local variable of this function or of an enclosing one.
    Local(VarId),
    /// `_ENV.name`, where `_ENV` is the given local, or the chunk's `_ENV` upvalue.
    Global { name: StrId, env: Option<VarId> },
    /// The name `_ENV` where no local of that name is visible: the chunk's upvalue.
    ChunkEnv,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Expr {
    /// Literals, with the position after their token.
    Nil(Pos),
    True(Pos),
    False(Pos),
    Int(i64, Pos),
    Float(f64, Pos),
    Str(StrId, Pos),
    /// `...`, with the position before its token (the reference emits `VARARG`
    /// before consuming it).
    Vararg(Pos),
    Table(TableId),
    Function(FuncId),
    /// A name, with the position after it.
    Name(Name, Pos),
    /// `( e )`, with the position after `)`.
    Paren(ExprId, Pos),
    /// A primary expression (a name or a parenthesized expression) followed by
    /// field accesses, indexing and calls.
    Suffixed {
        primary: ExprId,
        suffixes: Range,
    },
    /// `pos`: after the operator.
    Unary {
        op: UnOp,
        pos: Pos,
        operand: ExprId,
    },
    /// `pos`: after the operator. A left-associative chain is a left spine of
    /// `Binary` nodes: a `Binary` left operand always belongs to the same chain.
    Binary {
        op: BinOp,
        pos: Pos,
        lhs: ExprId,
        rhs: ExprId,
    },
}

/// One suffix of a suffixed expression.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Suffix {
    /// `.name`; `pos` after the name.
    Field { name: StrId, pos: Pos },
    /// `[key]`; `close` after `]`.
    Index { key: ExprId, close: Pos },
    /// `:name args`; `pos` after the name.
    Method { name: StrId, pos: Pos, args: Args },
    /// `args`.
    Call(Args),
}

/// Call arguments. `open`: after the first token (`(`, `{` or the string);
/// `close`: after the last (`)`, `}` or the string).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Args {
    pub kind: ArgsKind,
    pub open: Pos,
    pub close: Pos,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ArgsKind {
    /// `(e1, e2, ...)`: a range of `list_items`.
    List(Range),
    Table(TableId),
    Str(StrId),
}

/// An element of an expression list; `comma` is the position after the `,` that
/// follows it (meaningless for the last element).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ListItem {
    pub expr: ExprId,
    pub comma: Pos,
}

/// A table constructor. `before`: before `{` (where `NEWTABLE` is emitted);
/// `open`: after `{`; `close`: after `}`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Table {
    pub before: Pos,
    pub open: Pos,
    pub close: Pos,
    pub items: Range,
}

/// A constructor item; `sep`: after the separator that follows it, if any.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TableItem {
    pub kind: ItemKind,
    pub sep: Option<Pos>,
}

/// `eq`: after `=`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ItemKind {
    Positional(ExprId),
    Named { name: StrId, eq: Pos, value: ExprId },
    Keyed { key: ExprId, eq: Pos, value: ExprId },
}

/// Local variable attributes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attrib {
    Regular,
    Const,
    Close,
}

/// A declared local variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VarDecl {
    pub name: StrId,
    pub attrib: Attrib,
    /// Some assignment or `function` statement stores into the variable after its
    /// declaration (anywhere, including in nested functions).
    pub assigned: bool,
}

/// A statement list; `end`: after its last token (trailing `;` included).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Block {
    pub stmts: Range,
    pub end: Pos,
}

/// A function body (the main chunk is one too).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Function {
    pub line_defined: u32,
    pub last_line_defined: u32,
    /// Parameters (`self` first for methods): a range of `var_lists`.
    pub params: Range,
    pub is_vararg: bool,
    /// After `...` in the parameter list.
    pub dots: Pos,
    pub body: Block,
    /// After `end` (for the main chunk: the end of its body).
    pub end: Pos,
}

/// `if`/`elseif` clause. `then`: after `then`. `break_jump`: for a clause starting
/// with `break`, the positions after `break` and after the `;`s that follow it; the
/// body then holds the statements after those.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IfClause {
    pub cond: ExprId,
    pub then: Pos,
    pub break_jump: Option<(Pos, Pos)>,
    pub body: Block,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Stmt {
    /// A function call statement.
    Call(ExprId),
    /// `targets = values` (both ranges of `list_items`).
    Assign {
        targets: Range,
        values: Range,
    },
    /// `local vars = values`; `names_end`: after the names and attributes.
    Local {
        vars: Range,
        values: Range,
        names_end: Pos,
    },
    LocalFunction {
        var: VarId,
        func: FuncId,
    },
    /// `function a.b.c:m()`; `target` is a name or a suffixed expression of fields;
    /// `keyword`: after `function`.
    Function {
        target: ExprId,
        is_method: bool,
        func: FuncId,
        keyword: Pos,
    },
    /// `pos`: after `return`.
    Return {
        values: Range,
        pos: Pos,
    },
    /// `pos`: after `break`.
    Break(Pos),
    /// `pos`: after the label name.
    Goto {
        name: StrId,
        pos: Pos,
    },
    /// A label; `last`: nothing but void statements follow it in its block;
    /// `pos`: where the reference creates it.
    Label {
        name: StrId,
        last: bool,
        pos: Pos,
    },
    Do(Block),
    /// `do_pos`: after `do`; `end`: after `end`.
    While {
        cond: ExprId,
        do_pos: Pos,
        body: Block,
        end: Pos,
    },
    /// `until`: after `until`.
    Repeat {
        body: Block,
        until: Pos,
        cond: ExprId,
    },
    /// `clauses`: a range of `if_clauses`; `else_block` is present when there is an
    /// `else`, even an empty one.
    If {
        clauses: Range,
        else_block: Option<Block>,
        end: Pos,
    },
    /// `keyword`: after `for`.
    NumericFor {
        var: VarId,
        start: ExprId,
        limit: ExprId,
        step: Option<ExprId>,
        keyword: Pos,
        do_pos: Pos,
        body: Block,
        end: Pos,
    },
    /// `vars`: a range of `var_lists`; `exprs`: of `list_items`; `call_line`: the
    /// line the iterator call is attributed to (that of the first token after `in`).
    GenericFor {
        vars: Range,
        exprs: Range,
        call_line: u32,
        do_pos: Pos,
        body: Block,
        end: Pos,
    },
}

/// A parsed chunk.
#[derive(Debug, Default)]
pub struct Ast {
    pub exprs: Vec<Expr>,
    pub stmts: Vec<Stmt>,
    pub suffixes: Vec<Suffix>,
    pub list_items: Vec<ListItem>,
    pub tables: Vec<Table>,
    pub table_items: Vec<TableItem>,
    pub functions: Vec<Function>,
    pub if_clauses: Vec<IfClause>,
    pub vars: Vec<VarDecl>,
    pub var_lists: Vec<VarId>,
    pub strings: Interner,
    /// `lines[n]`: the line of the last token consumed at position `n + 1`.
    pub lines: Vec<u32>,
    /// The main chunk.
    pub main: FuncId,
}

impl Ast {
    pub fn expr(&self, id: ExprId) -> Expr {
        self.exprs.get(id.0 as usize).copied().unwrap_or(Expr::Nil(Pos(0)))
    }

    pub fn function(&self, id: FuncId) -> &Function {
        self.functions.get(id.0 as usize).unwrap_or(&EMPTY_FUNCTION)
    }

    pub fn table(&self, id: TableId) -> Table {
        self.tables.get(id.0 as usize).copied().unwrap_or(EMPTY_TABLE)
    }

    pub fn var(&self, id: VarId) -> VarDecl {
        self.vars.get(id.0 as usize).copied().unwrap_or(VarDecl {
            name: StrId(0),
            attrib: Attrib::Regular,
            assigned: false,
        })
    }

    pub fn stmts(&self, r: Range) -> &[Stmt] {
        self.stmts.get(r.indices()).unwrap_or(&[])
    }

    pub fn suffixes(&self, r: Range) -> &[Suffix] {
        self.suffixes.get(r.indices()).unwrap_or(&[])
    }

    pub fn list(&self, r: Range) -> &[ListItem] {
        self.list_items.get(r.indices()).unwrap_or(&[])
    }

    pub fn table_items(&self, r: Range) -> &[TableItem] {
        self.table_items.get(r.indices()).unwrap_or(&[])
    }

    pub fn if_clauses(&self, r: Range) -> &[IfClause] {
        self.if_clauses.get(r.indices()).unwrap_or(&[])
    }

    pub fn var_list(&self, r: Range) -> &[VarId] {
        self.var_lists.get(r.indices()).unwrap_or(&[])
    }

    /// The line of the last token consumed at `pos` (1 before any).
    pub fn line(&self, pos: Pos) -> u32 {
        match pos.0.checked_sub(1) {
            Some(i) => self.lines.get(i as usize).copied().unwrap_or(1),
            None => 1,
        }
    }
}

const EMPTY_TABLE: Table = Table { before: Pos(0), open: Pos(0), close: Pos(0), items: Range { start: 0, len: 0 } };

static EMPTY_FUNCTION: Function = Function {
    line_defined: 0,
    last_line_defined: 0,
    params: Range { start: 0, len: 0 },
    is_vararg: false,
    dots: Pos(0),
    body: Block { stmts: Range { start: 0, len: 0 }, end: Pos(0) },
    end: Pos(0),
};
