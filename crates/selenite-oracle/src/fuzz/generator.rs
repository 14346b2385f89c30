//! Random Lua programs for differential testing, one per seed.
//!
//! Every program terminates and its output is deterministic: loops run from fixed small
//! templates, functions never recurse except through bounded templates, function bodies
//! call no user functions (so loop nests cannot multiply), strings grow only additively
//! (every `..` has one operand without variables, `string.rep` repeats literals a few
//! times), and nothing prints an address, a time, or a `pairs` order (tables print as
//! "table" or as their sorted `key=value` list). Sequences only ever get non-nil
//! elements appended, so `#` is well defined on them. Whatever the programs do wrong
//! (arithmetic on nil, division by zero, bad keys...) is deliberate: errors are caught
//! with `pcall` and printed, or end the program with an error the driver reports.
//! Statements over the string library, patterns, `string.format` and `table.sort`
//! come from the `strings` module.

use super::rng::Rng;
use super::strings;

/// Helpers every program starts with: `P` prints values without addresses, `keys`
/// lists a table's contents in sorted order, `val` unwraps metamethod operands.
const PRELUDE: &str = r##"local function show(v)
  local t = type(v)
  if t == "table" then
    local mt = getmetatable(v)
    if mt and rawget(mt, "__tostring") then return tostring(v) end
    return "table"
  elseif t == "function" or t == "thread" or t == "userdata" then
    return t
  end
  return v
end
local function P(...)
  local n = select("#", ...)
  local out = {}
  for i = 1, n do out[i] = show((select(i, ...))) end
  print(table.unpack(out, 1, n))
end
local function keys(t)
  local list = {}
  for k, v in pairs(t) do list[#list + 1] = tostring(show(k)) .. "=" .. tostring(show(v)) end
  table.sort(list)
  return table.concat(list, ",")
end
local function val(x) if type(x) == "table" then return rawget(x, "v") end return x end
local MT = {}
"##;

/// Metamethods a program may give its objects (each included by chance). `__le`
/// always comes with `__lt`: the vendored reference falls back from one to the other.
const METAMETHODS: [&str; 20] = [
    "MT.__add = function(a, b) return val(a) + val(b) end",
    "MT.__sub = function(a, b) return val(a) - val(b) end",
    "MT.__mul = function(a, b) return val(a) * val(b) end",
    "MT.__div = function(a, b) return val(a) / val(b) end",
    "MT.__mod = function(a, b) return val(a) % val(b) end",
    "MT.__idiv = function(a, b) return val(a) // val(b) end",
    "MT.__pow = function(a, b) return val(a) ^ val(b) end",
    "MT.__unm = function(a) return -val(a) end",
    "MT.__band = function(a, b) return val(a) & val(b) end",
    "MT.__shl = function(a, b) return val(a) << val(b) end",
    "MT.__bnot = function(a) return ~val(a) end",
    "MT.__concat = function(a, b) return tostring(val(a)) .. \"&\" .. tostring(val(b)) end",
    "MT.__eq = function(a, b) return val(a) == val(b) end",
    "MT.__lt = function(a, b) return val(a) < val(b) end\nMT.__le = function(a, b) return val(a) <= val(b) end",
    "MT.__len = function(a) return val(a) end",
    "MT.__call = function(self, x) return val(self), x end",
    "MT.__index = function(t, k) return k end",
    "MT.__newindex = function(t, k, v) rawset(t, k, v) end",
    "MT.__tostring = function(t) return \"obj(\" .. tostring(val(t)) .. \")\" end",
    "MT.__close = function(o, e) print(\"close\", tostring(val(o)), e ~= nil) end",
];

const INTEGER_LITERALS: [&str; 18] = [
    "0",
    "1",
    "-1",
    "2",
    "3",
    "7",
    "-7",
    "10",
    "255",
    "1000",
    "math.maxinteger",
    "math.mininteger",
    "2147483648",
    "0x7fffffff",
    "0xff",
    "-0x10",
    "9007199254740993",
    "0xffffffffffffffff",
];

const FLOAT_LITERALS: [&str; 17] = [
    "0.0", "-0.0", "0.5", "1.5", "-2.5", "3.0", "1e15", "1e16", "1e100", "-1e308", "2^53", "2^63", "1/0", "-1/0",
    "0/0", "0x1p-2", "1e-10",
];

const STRING_LITERALS: [&str; 16] = [
    "\"10\"",
    "\"3.5\"",
    "\" 7 \"",
    "\"0x10\"",
    "\"1e2\"",
    "\"abc\"",
    "\"\"",
    "\"a b\"",
    "\"-3\"",
    "\"inf\"",
    "\"nan\"",
    "\"9223372036854775807\"",
    "\"9223372036854775808\"",
    "\"x\\0y\"",
    "\"\\65\\u{48}\"",
    "\"0x1p4\"",
];

const ARITHMETIC_OPERATORS: [&str; 13] = ["+", "-", "*", "/", "//", "%", "^", "&", "|", "~", "<<", ">>", "+"];
const COMPARISON_OPERATORS: [&str; 6] = ["==", "~=", "<", "<=", ">", ">="];

/// Numeric `for` headers: small iteration counts, including at the integer limits.
const FOR_RANGES: [&str; 14] = [
    "1, 3",
    "0, 10, 3",
    "5, 1, -2",
    "1.5, 3",
    "math.maxinteger - 2, math.maxinteger",
    "math.mininteger, math.mininteger + 2",
    "1, 2.5",
    "3, 1",
    "0, 1, 0.25",
    "-1, -3, -1",
    "1, 0x3",
    "\"1\", 2",
    "math.maxinteger, math.maxinteger - 1, -1",
    "1, 2, 0",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Scalar,
    Sequence,
    Map,
    Object,
    Function(usize),
    Counter,
    Variadic,
}

struct Variable {
    name: String,
    kind: Kind,
    assignable: bool,
}

/// Builds one program; see the module documentation for the guarantees it keeps.
struct Generator {
    rng: Rng,
    out: String,
    indent: usize,
    scopes: Vec<Vec<Variable>>,
    names: usize,
    loop_depth: usize,
    in_function: bool,
    has_metatable: bool,
}

/// The program for `seed`: the same text for the same seed, always.
pub fn generate(seed: u64) -> String {
    let mut generator = Generator {
        rng: Rng::new(seed),
        out: String::new(),
        indent: 0,
        scopes: vec![Vec::new()],
        names: 0,
        loop_depth: 0,
        in_function: false,
        has_metatable: false,
    };
    generator.program();
    generator.out
}

impl Generator {
    fn program(&mut self) {
        self.out.push_str(PRELUDE);
        self.out.push_str(strings::PRELUDE);
        for metamethod in METAMETHODS {
            if self.rng.chance(65) {
                self.line(metamethod);
                self.has_metatable = true;
            }
        }
        let statements = 12 + self.rng.below(25);
        for _ in 0..statements {
            self.statement(2);
        }
        if self.rng.chance(8) {
            let value = self.error_value();
            self.line(&format!("error({value})"));
        }
    }

    fn line(&mut self, text: &str) {
        for piece in text.split('\n') {
            self.out.push_str(&"  ".repeat(self.indent));
            self.out.push_str(piece);
            self.out.push('\n');
        }
    }

    fn fresh(&mut self, prefix: &str) -> String {
        self.names += 1;
        format!("{prefix}{}", self.names)
    }

    fn declare(&mut self, name: &str, kind: Kind, assignable: bool) {
        if let Some(scope) = self.scopes.last_mut() {
            scope.push(Variable { name: name.to_string(), kind, assignable });
        }
    }

    fn visible(&self, wanted: impl Fn(&Variable) -> bool) -> Vec<String> {
        self.scopes.iter().flatten().filter(|v| wanted(v)).map(|v| v.name.clone()).collect()
    }

    fn pick_variable(&mut self, wanted: impl Fn(&Variable) -> bool) -> Option<String> {
        let names = self.visible(wanted);
        self.rng.pick(&names).cloned()
    }

    fn block(&mut self, statements: usize, depth: usize) {
        self.indent += 1;
        self.scopes.push(Vec::new());
        for _ in 0..statements.max(1) {
            self.statement(depth);
        }
        self.scopes.pop();
        self.indent -= 1;
    }

    fn statement(&mut self, depth: usize) {
        let nested = if depth == 0 { 0 } else { 1 };
        let top = usize::from(!self.in_function && self.loop_depth == 0 && self.scopes.len() == 1);
        let weights = [
            18,
            22,
            12,
            8,
            6 * nested,
            5 * nested,
            3 * nested,
            2 * nested,
            5 * top,
            4,
            4,
            3,
            3 * usize::from(self.has_metatable),
            2 * top,
            2,
            4,
            2 * usize::from(self.loop_depth > 0),
            top,
            top,
            3,
            24,
        ];
        match self.rng.weighted(&weights) {
            0 => self.print_statement(false),
            1 => self.print_statement(true),
            2 => self.local_statement(),
            3 => self.assignment_statement(),
            4 => self.if_statement(depth),
            5 => self.numeric_for(depth),
            6 => self.while_loop(depth),
            7 => self.repeat_loop(depth),
            8 => self.function_definition(),
            9 => self.table_definition(),
            10 => self.table_write(),
            11 => self.table_read_statement(),
            12 => self.object_definition(),
            13 => self.counter_definition(),
            14 => self.close_block(),
            15 => self.protected_error(),
            16 => self.loop_break(),
            17 => self.variadic_definition(),
            18 => self.recursion_template(),
            20 => {
                let variables = self.visible(|v| v.kind == Kind::Scalar);
                let statement = strings::statement(&mut self.rng, &variables);
                self.line(&statement);
            }
            _ if self.in_function => self.print_statement(true),
            _ => self.call_statement(),
        }
    }

    /// Prints expressions under `pcall`, or (unprotected) values that cannot fail to print.
    fn print_statement(&mut self, protected: bool) {
        let count = 1 + self.rng.below(3);
        if protected {
            let values: Vec<String> = (0..count).map(|_| self.expression(3)).collect();
            self.line(&format!("P(pcall(function() return {} end))", values.join(", ")));
        } else {
            let values: Vec<String> = (0..count)
                .map(|_| {
                    let atom = self.atom();
                    match self.rng.below(3) {
                        0 => format!("type({atom})"),
                        1 => format!("math.type({atom})"),
                        _ => atom,
                    }
                })
                .collect();
            self.line(&format!("P({})", values.join(", ")));
        }
    }

    fn local_statement(&mut self) {
        let name = self.fresh("v");
        if self.rng.chance(50) {
            let value = self.literal();
            self.line(&format!("local {name} = {value}"));
        } else {
            let value = self.expression(2);
            self.line(&format!("local ok_{name}, {name} = pcall(function() return {value} end)"));
        }
        self.declare(&name, Kind::Scalar, true);
    }

    fn assignment_statement(&mut self) {
        let targets = self.visible(|v| v.assignable && v.kind == Kind::Scalar);
        if targets.len() >= 2 && self.rng.chance(25) {
            let a = self.rng.below(targets.len());
            let b = self.rng.below(targets.len());
            if let (Some(x), Some(y)) = (targets.get(a), targets.get(b)) {
                self.line(&format!("{x}, {y} = {y}, {x}"));
                return;
            }
        }
        let Some(target) = self.rng.pick(&targets).cloned() else {
            return self.local_statement();
        };
        let value = self.expression(2);
        self.line(&format!("P(pcall(function() {target} = {value} end))"));
    }

    fn if_statement(&mut self, depth: usize) {
        let condition = self.condition();
        self.line(&format!("if {condition} then"));
        let count = 1 + self.rng.below(3);
        self.block(count, depth - 1);
        if self.rng.chance(40) {
            let other = self.condition();
            self.line(&format!("elseif {other} then"));
            let count = 1 + self.rng.below(2);
            self.block(count, depth - 1);
        }
        if self.rng.chance(50) {
            self.line("else");
            let count = 1 + self.rng.below(2);
            self.block(count, depth - 1);
        }
        self.line("end");
    }

    /// A condition that cannot raise errors, so branches are actually taken.
    fn condition(&mut self) -> String {
        let value = self.pick_variable(|v| v.kind == Kind::Scalar).unwrap_or_else(|| "nil".to_string());
        match self.rng.below(4) {
            0 => format!("type({value}) == \"number\""),
            1 => format!("math.type({value}) == \"integer\""),
            2 => value.clone(),
            _ => format!("not {value}"),
        }
    }

    fn numeric_for(&mut self, depth: usize) {
        let name = self.fresh("i");
        let range = self.rng.pick(&FOR_RANGES).copied().unwrap_or("1, 3");
        let protected = range.ends_with(", 0") || range.starts_with('"');
        if protected {
            self.line("P(pcall(function()");
            self.indent += 1;
        }
        self.line(&format!("for {name} = {range} do"));
        self.loop_body(&name, depth, true);
        self.line("end");
        if protected {
            self.indent -= 1;
            self.line("end))");
        }
    }

    /// The statements of a loop, optionally with a `goto continue` to a label at its end
    /// (not in `repeat`, whose condition keeps the body's locals in scope).
    fn loop_body(&mut self, counter: &str, depth: usize, allow_continue: bool) {
        self.loop_depth += 1;
        self.indent += 1;
        self.scopes.push(Vec::new());
        self.declare(counter, Kind::Scalar, false);
        let continue_label = (allow_continue && self.rng.chance(25)).then(|| self.fresh("continue"));
        if let Some(label) = &continue_label {
            let condition = self.condition();
            self.line(&format!("if {condition} then goto {label} end"));
        }
        for _ in 0..1 + self.rng.below(3) {
            self.statement(depth - 1);
        }
        if let Some(label) = &continue_label {
            self.line(&format!("::{label}::"));
        }
        self.scopes.pop();
        self.indent -= 1;
        self.loop_depth -= 1;
    }

    fn while_loop(&mut self, depth: usize) {
        let counter = self.fresh("w");
        let limit = 1 + self.rng.below(4);
        self.line(&format!("local {counter} = 0"));
        self.line(&format!("while {counter} < {limit} do"));
        self.indent += 1;
        self.line(&format!("{counter} = {counter} + 1"));
        self.indent -= 1;
        self.loop_body(&counter, depth, true);
        self.line("end");
        self.declare(&counter, Kind::Scalar, false);
    }

    fn repeat_loop(&mut self, depth: usize) {
        let counter = self.fresh("r");
        let limit = 1 + self.rng.below(4);
        self.line(&format!("local {counter} = 0"));
        self.line("repeat");
        self.indent += 1;
        self.line(&format!("{counter} = {counter} + 1"));
        self.indent -= 1;
        self.loop_body(&counter, depth, false);
        self.line(&format!("until {counter} >= {limit}"));
        self.declare(&counter, Kind::Scalar, false);
    }

    fn loop_break(&mut self) {
        let condition = self.condition();
        self.line(&format!("if {condition} then break end"));
    }

    fn function_definition(&mut self) {
        let name = self.fresh("f");
        let arity = self.rng.below(3);
        let parameters: Vec<String> = (0..arity).map(|_| self.fresh("p")).collect();
        self.line(&format!("local function {name}({})", parameters.join(", ")));
        self.in_function = true;
        self.indent += 1;
        self.scopes.push(Vec::new());
        for parameter in &parameters {
            self.declare(parameter, Kind::Scalar, true);
        }
        for _ in 0..self.rng.below(3) {
            self.statement(1);
        }
        let result = self.expression(2);
        if self.rng.chance(20) {
            let extra = self.expression(1);
            self.line(&format!("return {result}, {extra}"));
        } else {
            self.line(&format!("return {result}"));
        }
        self.scopes.pop();
        self.indent -= 1;
        self.in_function = false;
        self.line("end");
        self.declare(&name, Kind::Function(arity), false);
    }

    fn variadic_definition(&mut self) {
        let name = self.fresh("f");
        self.line(&format!("local function {name}(...)"));
        self.line("  local a, b = ...");
        self.line("  return select(\"#\", ...), a, b, select(-1, ...)");
        self.line("end");
        self.declare(&name, Kind::Variadic, false);
    }

    fn recursion_template(&mut self) {
        let name = self.fresh("f");
        if self.rng.chance(50) {
            self.line(&format!("local function {name}(n) if n <= 0 then return 0 end return n + {name}(n - 1) end"));
            let depth = self.rng.below(60);
            self.line(&format!("P({name}({depth}), pcall({name}, \"5\"), pcall({name}, nil))"));
        } else {
            self.line(&format!(
                "local function {name}(n, acc) if n == 0 then return acc end return {name}(n - 1, acc + n) end"
            ));
            let depth = self.rng.below(20000);
            self.line(&format!("P({name}({depth}, 0), {name}(3, 0.5))"));
        }
    }

    fn counter_definition(&mut self) {
        let maker = self.fresh("mk");
        let counter = self.fresh("c");
        self.line(&format!(
            "local function {maker}() local c = 0 return function(d) c = c + (d or 1) return c end end"
        ));
        self.line(&format!("local {counter} = {maker}()"));
        self.declare(&counter, Kind::Counter, false);
    }

    fn table_definition(&mut self) {
        let name = self.fresh("t");
        if self.rng.chance(50) {
            let items: Vec<String> = (0..self.rng.below(5)).map(|_| self.non_nil_literal()).collect();
            self.line(&format!("local {name} = {{{}}}", items.join(", ")));
            self.declare(&name, Kind::Sequence, false);
        } else {
            let mut fields = Vec::new();
            for index in 0..self.rng.below(5) {
                let value = self.literal();
                fields.push(match self.rng.below(3) {
                    0 => format!("k{index} = {value}"),
                    1 => format!("[{}] = {value}", self.rng.below(5) + 1),
                    _ => format!("[{}] = {value}", self.non_nil_literal()),
                });
            }
            self.line(&format!("local {name} = {{{}}}", fields.join(", ")));
            self.declare(&name, Kind::Map, false);
        }
    }

    fn table_write(&mut self) {
        if let Some(sequence) = self.pick_variable(|v| v.kind == Kind::Sequence) {
            let value = self.non_nil_literal();
            match self.rng.below(3) {
                0 => self.line(&format!("{sequence}[#{sequence} + 1] = {value}")),
                1 => self.line(&format!("table.insert({sequence}, {value})")),
                _ => self.line(&format!("P(table.remove({sequence}), #{sequence})")),
            }
        } else if let Some(map) = self.pick_variable(|v| v.kind == Kind::Map) {
            let key = if self.rng.chance(70) { self.literal() } else { self.expression(1) };
            let value = self.expression(1);
            self.line(&format!("P(pcall(function() {map}[{key}] = {value} end))"));
        } else {
            self.table_definition();
        }
    }

    fn table_read_statement(&mut self) {
        let Some(table) = self.pick_variable(|v| matches!(v.kind, Kind::Sequence | Kind::Map)) else {
            return self.table_definition();
        };
        match self.rng.below(4) {
            0 => self.line(&format!("P(keys({table}))")),
            1 => self.line(&format!("for k, x in ipairs({table}) do P(k, x) end")),
            2 => self.line(&format!("P(pcall(table.concat, {table}, \",\"))")),
            _ => {
                let key = self.literal();
                self.line(&format!("P(pcall(function() return {table}[{key}], #{table} end))"));
            }
        }
    }

    fn object_definition(&mut self) {
        let name = self.fresh("o");
        let value = self.literal();
        self.line(&format!("local {name} = setmetatable({{v = {value}}}, MT)"));
        self.declare(&name, Kind::Object, false);
    }

    fn close_block(&mut self) {
        let value = self.literal();
        self.line("P(pcall(function()");
        self.indent += 1;
        self.line(&format!("local closing <close> = setmetatable({{v = {value}}}, MT)"));
        let body = self.expression(2);
        self.line(&format!("P(\"in block\", {body})"));
        self.indent -= 1;
        self.line("end))");
    }

    fn protected_error(&mut self) {
        let value = self.error_value();
        let level = self.rng.pick(&["", ", 0", ", 1", ", 2"]).copied().unwrap_or("");
        let before = self.expression(1);
        self.line(&format!("P(pcall(function() local tmp = {before} error({value}{level}) end))"));
    }

    fn error_value(&mut self) -> String {
        match self.rng.below(6) {
            0 => "nil".to_string(),
            1 => self.rng.pick(&INTEGER_LITERALS).copied().unwrap_or("0").to_string(),
            2 => "{}".to_string(),
            3 if self.has_metatable => "setmetatable({v = \"e\"}, MT)".to_string(),
            _ => self.rng.pick(&STRING_LITERALS).copied().unwrap_or("\"\"").to_string(),
        }
    }

    fn call_statement(&mut self) {
        let call = self.call_expression();
        self.line(&format!("P(pcall(function() return {call} end))"));
    }

    fn call_expression(&mut self) -> String {
        let callable = self.visible(|v| matches!(v.kind, Kind::Function(_) | Kind::Counter | Kind::Variadic));
        let Some(name) = self.rng.pick(&callable).cloned() else {
            // Parenthesized: a bare `-1/0` after a unary minus would read as a comment.
            return format!("({})", self.literal());
        };
        let kind = self.scopes.iter().flatten().find(|v| v.name == name).map(|v| v.kind);
        match kind {
            Some(Kind::Function(arity)) => {
                let count = if self.rng.chance(80) { arity } else { self.rng.below(4) };
                let args: Vec<String> = (0..count).map(|_| self.expression(1)).collect();
                format!("{name}({})", args.join(", "))
            }
            Some(Kind::Counter) => {
                let step = if self.rng.chance(50) { String::new() } else { self.literal() };
                format!("{name}({step})")
            }
            _ => {
                let args: Vec<String> = (0..self.rng.below(4)).map(|_| self.literal()).collect();
                format!("{name}({})", args.join(", "))
            }
        }
    }

    fn literal(&mut self) -> String {
        match self.rng.weighted(&[8, 6, 6, 2, 1]) {
            0 => self.rng.pick(&INTEGER_LITERALS).copied().unwrap_or("0").to_string(),
            1 => self.rng.pick(&FLOAT_LITERALS).copied().unwrap_or("0.0").to_string(),
            2 => self.rng.pick(&STRING_LITERALS).copied().unwrap_or("\"\"").to_string(),
            3 => self.rng.pick(&["true", "false"]).copied().unwrap_or("true").to_string(),
            _ => "nil".to_string(),
        }
    }

    fn non_nil_literal(&mut self) -> String {
        loop {
            let literal = self.literal();
            if literal != "nil" {
                return format!("({literal})");
            }
        }
    }

    fn atom(&mut self) -> String {
        if self.rng.chance(45) {
            if let Some(name) = self.pick_variable(|v| v.kind == Kind::Scalar) {
                return name;
            }
        }
        format!("({})", self.literal())
    }

    fn expression(&mut self, depth: usize) -> String {
        if depth == 0 {
            return self.atom();
        }
        let below = depth - 1;
        let objects = usize::from(!self.visible(|v| v.kind == Kind::Object).is_empty());
        let tables = usize::from(!self.visible(|v| matches!(v.kind, Kind::Sequence | Kind::Map)).is_empty());
        // Function bodies call no user functions, so nested loops cannot multiply.
        let calls = usize::from(!self.in_function);
        let weights = [20, 20, 8, 6, 8, 5, 7, 7, 5 * tables, 4 * calls, 6 * objects, 2, 4];
        match self.rng.weighted(&weights) {
            0 => self.atom(),
            1 => {
                let operator = self.rng.pick(&ARITHMETIC_OPERATORS).copied().unwrap_or("+");
                format!("({} {operator} {})", self.expression(below), self.expression(below))
            }
            2 => {
                let operator = self.rng.pick(&COMPARISON_OPERATORS).copied().unwrap_or("==");
                format!("({} {operator} {})", self.expression(below), self.expression(below))
            }
            3 => match self.rng.below(3) {
                0 => format!("({} and {})", self.expression(below), self.expression(below)),
                1 => format!("({} or {})", self.expression(below), self.expression(below)),
                _ => format!("(not {})", self.expression(below)),
            },
            4 => {
                let pure = self.literal();
                let other = self.expression(below);
                if self.rng.chance(50) {
                    format!("({pure} .. {other})")
                } else {
                    format!("({other} .. {pure})")
                }
            }
            5 => {
                let operator = self.rng.pick(&["-", "~", "#", "not "]).copied().unwrap_or("-");
                format!("({operator}{})", self.expression(below))
            }
            6 => self.math_call(below),
            7 => self.string_call(below),
            8 => self.table_expression(below),
            9 => self.call_expression(),
            10 => self.object_expression(below),
            11 => format!("select(\"#\", {}, nil, {})", self.expression(below), self.expression(below)),
            _ => {
                let function = self.rng.pick(&["tostring", "tonumber", "math.type", "type"]).copied().unwrap_or("type");
                format!("{function}({})", self.expression(below))
            }
        }
    }

    fn math_call(&mut self, depth: usize) -> String {
        let a = self.expression(depth);
        match self.rng.below(8) {
            0 => format!("math.floor({a})"),
            1 => format!("math.ceil({a})"),
            2 => format!("math.tointeger({a})"),
            3 => format!("math.abs({a})"),
            4 => format!("math.max({a}, {})", self.expression(depth)),
            5 => format!("math.min({a}, {})", self.expression(depth)),
            6 => format!("math.fmod({a}, {})", self.expression(depth)),
            _ => format!("math.ult({a}, {})", self.expression(depth)),
        }
    }

    fn string_call(&mut self, depth: usize) -> String {
        let a = self.expression(depth);
        match self.rng.below(8) {
            0 => format!("string.len({a})"),
            1 => format!("string.upper({a})"),
            2 => format!("string.sub({a}, {}, {})", self.small_integer(), self.small_integer()),
            3 => {
                let literal = self.literal();
                format!("string.rep({literal}, {}, \",\")", self.rng.below(4))
            }
            4 => {
                let format =
                    self.rng.pick(&["%d", "%5.2f", "%s", "%g", "%x", "%q", "%5s", "%.3f"]).copied().unwrap_or("%s");
                format!("string.format(\"{format}\", {a})")
            }
            5 => format!("tonumber({a}, {})", self.rng.pick(&["2", "10", "16", "36", "8"]).copied().unwrap_or("10")),
            6 => format!("string.byte({a}, {})", self.small_integer()),
            _ => format!("string.reverse({a})"),
        }
    }

    fn small_integer(&mut self) -> String {
        let value = i64::try_from(self.rng.below(9)).unwrap_or(0) - 4;
        format!("({value})")
    }

    fn table_expression(&mut self, depth: usize) -> String {
        let Some(table) = self.pick_variable(|v| matches!(v.kind, Kind::Sequence | Kind::Map)) else {
            return self.atom();
        };
        match self.rng.below(4) {
            0 => format!("#{table}"),
            1 => format!("{table}[{}]", self.expression(depth)),
            2 => format!("{table}.k{}", self.rng.below(4)),
            _ => format!("{table}[{}]", self.rng.below(5) + 1),
        }
    }

    fn object_expression(&mut self, depth: usize) -> String {
        let Some(object) = self.pick_variable(|v| v.kind == Kind::Object) else {
            return self.atom();
        };
        let other = match self.pick_variable(|v| v.kind == Kind::Object) {
            Some(o) if self.rng.chance(40) => o,
            _ => self.expression(depth),
        };
        match self.rng.below(10) {
            0 => format!("({object} + {other})"),
            1 => format!("({other} - {object})"),
            2 => format!("({object} .. \"s\")"),
            3 => format!("({object} == {other})"),
            4 => format!("({object} < {other})"),
            5 => format!("({other} <= {object})"),
            6 => format!("(#{object})"),
            7 => format!("(-{object})"),
            8 => format!("{object}({other})"),
            _ => format!("{object}.field"),
        }
    }
}
