//! Statements over the string library, Lua patterns, `string.format` and `table.sort`,
//! for the program generator: each statement calls one library function with random
//! but mostly valid arguments (negative and out-of-range indices, empty strings, odd
//! numbers), under `pcall`, and prints every result or the error message.
//!
//! Patterns come from a small grammar (classes and their complements, sets with ranges,
//! quantifiers, anchors, captures with position captures and back-references, `%b`,
//! `%f`) and are sometimes broken on purpose so that malformed-pattern messages are
//! compared too. Subjects are at most a dozen bytes, so matching stays fast. Nothing
//! printed depends on an address, and `table.sort` only prints results that every
//! correct sort gives: comparators are total orders on the values sorted (ties only
//! between equal values), and an inconsistent comparator's outcome is never printed.

use super::rng::Rng;

/// Helpers the statements use (after the generator's own): `S` shows every value (`%q` quoting
/// so control bytes are visible), `G` lists what a `gmatch` iterator produces.
pub const PRELUDE: &str = r##"local function S(...)
  local n = select("#", ...)
  local out = {}
  for i = 1, n do
    local v = (select(i, ...))
    if type(v) == "string" then out[i] = string.format("%q", v) else out[i] = tostring(show(v)) end
  end
  print(n, table.concat(out, " "))
end
local function G(s, p, init)
  local it = string.gmatch(s, p, init)
  local out = {}
  for _ = 1, 40 do
    local r = table.pack(it())
    if r[1] == nil then break end
    for i = 1, r.n do r[i] = tostring(r[i]) end
    out[#out + 1] = table.concat(r, ",", 1, r.n)
  end
  return table.concat(out, "|")
end
"##;

/// Pieces subjects are made of: letters of both cases, digits, blanks, punctuation
/// that patterns treat specially, brackets, control bytes and bytes above 127.
const SUBJECT_PIECES: [&str; 31] = [
    "a", "b", "c", "ab", "A", "Z", "x", "1", "9", "0", " ", "  ", "\\t", "\\n", "\\0", "(", ")", "((", "[", "]", "%",
    ".", "-", "+", "_", "^", "$", "\\200", "\\255", "\\127", "é",
];

/// Characters a pattern may match literally (escaped when they are magic).
const LITERAL_CHARACTERS: [&str; 14] = ["a", "b", "c", "A", "x", "1", " ", "_", "%(", "%)", "%.", "%%", "%-", "\\0"];

/// The class letters of Lua 5.4, including the deprecated `z` (the zero byte).
const CLASS_LETTERS: [char; 11] = ['a', 'd', 's', 'w', 'x', 'p', 'c', 'l', 'u', 'g', 'z'];

const QUANTIFIERS: [&str; 4] = ["*", "+", "-", "?"];

/// Indices for `sub`, `byte`, `find` and `gmatch`: around the subject's length on both
/// sides, the integer limits, integral floats and numeric strings.
const INDICES: [&str; 22] = [
    "0",
    "1",
    "2",
    "3",
    "5",
    "-1",
    "-2",
    "-3",
    "-5",
    "10",
    "-10",
    "100",
    "-100",
    "math.maxinteger",
    "math.mininteger",
    "2.0",
    "-1.0",
    "\"2\"",
    "\" 3 \"",
    "nil",
    "2^53",
    "1e100",
];

/// Indices that are not integers at all (their error messages are compared).
const BAD_INDICES: [&str; 6] = ["1.5", "\"x\"", "{}", "true", "0/0", "1/0"];

/// Numbers for `string.format`: integers and floats at the edges of their ranges.
const FORMAT_INTEGERS: [&str; 14] = [
    "0",
    "1",
    "-1",
    "42",
    "-42",
    "255",
    "65",
    "1000000",
    "math.maxinteger",
    "math.mininteger",
    "0x7fffffff",
    "-0x80000000",
    "3.0",
    "\"17\"",
];

const FORMAT_FLOATS: [&str; 22] = [
    "0.0",
    "-0.0",
    "0.1",
    "-0.5",
    "1.5",
    "2.5",
    "1/3",
    "-2/3",
    "123.456",
    "1e15",
    "1e16",
    "1e100",
    "-1e300",
    "1.7976931348623157e308",
    "2.2250738585072014e-308",
    "5e-324",
    "2^63",
    "-2^63",
    "1e-5",
    "0.00001234",
    "100",
    "\"2.5\"",
];

/// Values whose text every C library agrees on for each float conversion.
const INFINITIES: [&str; 2] = ["1/0", "-1/0"];

const FORMAT_STRINGS: [&str; 10] = [
    "\"\"",
    "\"abc\"",
    "\"hello world\"",
    "\"a\\0b\"",
    "\"\\n\\r\\t\"",
    "\"\\\"quoted\\\"\"",
    "\"\\\\\"",
    "\"\\200\\255\"",
    "\"1\\0002\"",
    "\"\\0271\"",
];

/// Integer comparators that are total orders on integers, so the sorted result is the
/// same for every correct sort.
const INTEGER_COMPARATORS: [&str; 4] = [
    "function(a, b) return a > b end",
    "function(a, b) return a < b end",
    "function(a, b) if a % 3 ~= b % 3 then return a % 3 < b % 3 end return a < b end",
    "function(a, b) if math.abs(a) ~= math.abs(b) then return math.abs(a) < math.abs(b) end return a < b end",
];

const STRING_COMPARATORS: [&str; 3] = [
    "function(a, b) return a > b end",
    "function(a, b) if #a ~= #b then return #a < #b end return a < b end",
    "function(a, b) return a:upper() .. a < b:upper() .. b end",
];

const SORT_STRINGS: [&str; 12] =
    ["\"\"", "\"a\"", "\"b\"", "\"A\"", "\"ab\"", "\"abc\"", "\"B\"", "\"10\"", "\"9\"", "\"a\\0\"", "\" \"", "\"z\""];

/// One statement (possibly several lines) exercising the string library or `table.sort`.
/// `variables` are names of the program's scalars (of any type), sometimes used as
/// subjects.
pub fn statement(rng: &mut Rng, variables: &[String]) -> String {
    let s = match rng.pick(variables) {
        Some(variable) if rng.chance(15) => variable.clone(),
        _ => subject(rng),
    };
    match rng.weighted(&[10, 12, 6, 6, 9, 8, 6, 4, 3]) {
        0 => string_function(rng, &s),
        1 => pattern_call(rng, &s),
        2 => gmatch_call(rng, &s),
        3 => gsub_call(rng, &s),
        4 => format_call(rng),
        5 => sort_statement(rng),
        6 => bad_arguments(rng),
        7 => number_text(rng),
        _ => match_loop(rng, &s),
    }
}

/// A quoted subject string of up to eight pieces (at most 16 bytes, so that backtracking
/// stays cheap), often empty or one piece.
pub fn subject(rng: &mut Rng) -> String {
    let count = rng.weighted(&[1, 3, 4, 4, 3, 2, 1, 1, 1]);
    let pieces: String = (0..count).map(|_| *rng.pick(&SUBJECT_PIECES).unwrap_or(&"a")).collect();
    format!("\"{pieces}\"")
}

fn index(rng: &mut Rng) -> &'static str {
    rng.pick(&INDICES).copied().unwrap_or("1")
}

fn string_function(rng: &mut Rng, s: &str) -> String {
    let call = match rng.below(12) {
        0 => format!("string.sub({s}, {}, {})", index(rng), index(rng)),
        1 => format!("string.sub({s}, {})", index(rng)),
        2 => format!("string.byte({s}, {}, {})", index(rng), index(rng)),
        3 => format!("string.byte({s})"),
        4 => {
            let count = rng.below(5);
            let codes: Vec<String> = (0..count).map(|_| char_code(rng)).collect();
            format!("string.char({})", codes.join(", "))
        }
        5 => {
            let times = rng.pick(&["0", "1", "2", "3", "-1", "math.mininteger", "2.0"]).copied().unwrap_or("1");
            if rng.chance(50) {
                format!("string.rep({s}, {times})")
            } else {
                format!("string.rep({s}, {times}, {})", subject(rng))
            }
        }
        6 => format!("string.reverse({s})"),
        7 => format!("string.upper({s})"),
        8 => format!("string.lower({s})"),
        9 => format!("string.len({s})"),
        10 => format!("({s}):sub({}, {})", index(rng), index(rng)),
        _ => {
            let number = rng.pick(&FORMAT_FLOATS).copied().unwrap_or("1.5");
            let function = rng.pick(&["upper", "len", "reverse", "rep"]).copied().unwrap_or("len");
            if function == "rep" {
                format!("string.rep({number}, 2, \"|\")")
            } else {
                format!("string.{function}({number})")
            }
        }
    };
    format!("S(pcall(function() return {call} end))")
}

fn char_code(rng: &mut Rng) -> String {
    match rng.weighted(&[10, 1, 1, 1]) {
        0 => rng.below(256).to_string(),
        1 => "256".to_string(),
        2 => "-1".to_string(),
        _ => "65.0".to_string(),
    }
}

/// Library calls with arguments of the wrong type or count; only their messages print.
fn bad_arguments(rng: &mut Rng) -> String {
    let s = subject(rng);
    let bad = rng.pick(&BAD_INDICES).copied().unwrap_or("1.5");
    let call = match rng.below(12) {
        0 => format!("string.sub({s}, {bad})"),
        1 => format!("string.byte({s}, 1, {bad})"),
        2 => format!("string.rep({s}, {bad})"),
        3 => "string.rep(\"ab\", math.maxinteger)".to_string(),
        4 => format!("string.find({s}, {bad})"),
        5 => "string.len()".to_string(),
        6 => format!("string.upper({bad})"),
        7 => format!("string.gsub({s}, \"a\", {bad})"),
        8 => format!("string.format(\"%d\", {bad})"),
        9 => format!("({s}):rep({bad})"),
        10 => format!("string.char({bad})"),
        _ => format!("string.find({s}, \"a\", {bad})"),
    };
    format!("S(pcall(function() return {call} end))")
}

/// A pattern: usually well formed, sometimes broken on purpose.
pub fn pattern(rng: &mut Rng) -> String {
    let mut builder = PatternBuilder { rng, text: String::new(), open: Vec::new(), closed: 0, total: 0 };
    builder.pattern();
    let mut text = builder.text;
    if rng.chance(12) {
        text = malformed(rng, &text);
    }
    format!("\"{text}\"")
}

/// Breaks a pattern in one of the ways the matcher reports.
fn malformed(rng: &mut Rng, pattern: &str) -> String {
    match rng.below(11) {
        0 => format!("{pattern}%"),
        1 => format!("{pattern}[a-"),
        2 => format!("[^{pattern}"),
        3 => format!("({pattern}"),
        4 => format!("{pattern})"),
        5 => format!("{pattern}%b"),
        6 => format!("{pattern}%fa"),
        7 => format!("{pattern}%9"),
        8 => format!("(a{pattern}%1)"),
        9 => format!("{pattern}[%"),
        _ => format!("{}{pattern}", "()".repeat(33)),
    }
}

struct PatternBuilder<'a> {
    rng: &'a mut Rng,
    text: String,
    /// Numbers of the captures opened and not yet closed.
    open: Vec<usize>,
    closed: usize,
    total: usize,
}

impl PatternBuilder<'_> {
    fn pattern(&mut self) {
        if self.rng.chance(20) {
            self.text.push('^');
        }
        let items = self.rng.weighted(&[1, 4, 4, 3, 2]);
        self.items(items, 0);
        if self.rng.chance(15) {
            self.text.push('$');
        }
    }

    fn items(&mut self, count: usize, depth: usize) {
        for _ in 0..count {
            self.item(depth);
        }
    }

    fn item(&mut self, depth: usize) {
        let nested = usize::from(depth < 2 && self.total < 6);
        let references = usize::from(self.closed > 0);
        match self.rng.weighted(&[12, 4 * nested, 2 * nested, 2, 2, 2 * references]) {
            0 => {
                self.single();
                if self.rng.chance(45) {
                    let quantifier = self.rng.pick(&QUANTIFIERS).copied().unwrap_or("*");
                    self.text.push_str(quantifier);
                }
            }
            1 => {
                self.total += 1;
                self.open.push(self.total);
                self.text.push('(');
                let inner = 1 + self.rng.below(2);
                self.items(inner, depth + 1);
                self.text.push(')');
                self.open.pop();
                self.closed = self.closed.max(self.total);
            }
            2 => {
                self.total += 1;
                self.closed = self.closed.max(self.total);
                self.text.push_str("()");
            }
            3 => {
                let pair = self.rng.pick(&["()", "[]", "ab", "%%", "aa"]).copied().unwrap_or("()");
                self.text.push_str("%b");
                self.text.push_str(pair);
            }
            4 => {
                self.text.push_str("%f");
                self.set();
            }
            _ => {
                // Only captures closed before this point may be referred to.
                let closed: Vec<usize> = (1..=self.closed).filter(|n| !self.open.contains(n)).collect();
                let number = self.rng.pick(&closed).copied().unwrap_or(1);
                self.text.push_str(&format!("%{number}"));
            }
        }
    }

    fn single(&mut self) {
        match self.rng.weighted(&[5, 2, 5, 3]) {
            0 => {
                let literal = self.rng.pick(&LITERAL_CHARACTERS).copied().unwrap_or("a");
                self.text.push_str(literal);
            }
            1 => self.text.push('.'),
            2 => {
                let class = self.class();
                self.text.push_str(&class);
            }
            _ => self.set(),
        }
    }

    fn class(&mut self) -> String {
        let letter = self.rng.pick(&CLASS_LETTERS).copied().unwrap_or('a');
        if self.rng.chance(30) {
            format!("%{}", letter.to_ascii_uppercase())
        } else {
            format!("%{letter}")
        }
    }

    fn set(&mut self) {
        self.text.push('[');
        if self.rng.chance(30) {
            self.text.push('^');
        }
        if self.rng.chance(10) {
            self.text.push(']');
        }
        for _ in 0..1 + self.rng.below(3) {
            match self.rng.below(5) {
                0 => {
                    let range = self.rng.pick(&["a-z", "A-Z", "0-9", "a-c", "z-a", "%a-z", "--/"]).copied();
                    self.text.push_str(range.unwrap_or("a-z"));
                }
                1 | 2 => {
                    let class = self.class();
                    self.text.push_str(&class);
                }
                _ => {
                    let member = self.rng.pick(&["a", "b", "1", " ", "_", "%]", "(", ")", "-", "^", "."]).copied();
                    self.text.push_str(member.unwrap_or("a"));
                }
            }
        }
        self.text.push(']');
    }
}

fn init_argument(rng: &mut Rng) -> String {
    if rng.chance(60) {
        String::new()
    } else {
        format!(", {}", index(rng))
    }
}

/// `find` (plain or not, with an initial position) or `match` of a random pattern.
fn pattern_call(rng: &mut Rng, s: &str) -> String {
    let p = pattern(rng);
    let call = match rng.below(5) {
        0 | 1 => format!("string.find({s}, {p}{})", init_argument(rng)),
        2 => {
            let plain = rng.pick(&["true", "false", "1", "nil"]).copied().unwrap_or("true");
            format!("string.find({s}, {p}, {}, {plain})", index(rng))
        }
        _ => format!("string.match({s}, {p}{})", init_argument(rng)),
    };
    format!("S(pcall(function() return {call} end))")
}

fn gmatch_call(rng: &mut Rng, s: &str) -> String {
    let p = pattern(rng);
    let init = init_argument(rng);
    format!("S(pcall(G, {s}, {p}{init}))")
}

/// A `gmatch` loop and a `gsub` whose replacement function prints each match as it is
/// found, so the order of matches and their captures are compared.
fn match_loop(rng: &mut Rng, s: &str) -> String {
    let p = pattern(rng);
    if rng.chance(50) {
        format!("P(pcall(function() local n = 0 for a, b in string.gmatch({s}, {p}) do n = n + 1 P(n, a, b) if n > 30 then break end end end))")
    } else {
        format!("S(pcall(string.gsub, {s}, {p}, function(...) P(\"match\", select(\"#\", ...), ...) end))")
    }
}

/// `gsub` with a replacement string (with `%0`..`%2` and `%%`), table or function.
fn gsub_call(rng: &mut Rng, s: &str) -> String {
    let p = pattern(rng);
    let replacement = match rng.below(8) {
        0 => "\"<%0>\"".to_string(),
        1 => "\"[%1]\"".to_string(),
        2 => "\"%2%1\"".to_string(),
        3 => "\"%%\"".to_string(),
        4 => rng.pick(&["\"\"", "\"x\"", "\"%\"", "\"%z\""]).copied().unwrap_or("\"\"").to_string(),
        5 => "{a = \"A\", [\"1\"] = 1, b = false, x = {}, [\"(\"] = true}".to_string(),
        6 => rng
            .pick(&[
                "function(c) return c end",
                "function(c) if c == \"a\" then return nil end return \"#\" end",
                "function(...) return select(\"#\", ...) end",
                "function(c) return {} end",
                "function(c, d) return tostring(d) end",
                "function() return false end",
                "function(c) return 1.5 end",
            ])
            .copied()
            .unwrap_or("function(c) return c end")
            .to_string(),
        _ => "string.upper".to_string(),
    };
    let limit = match rng.below(4) {
        0 => format!(", {}", rng.pick(&["0", "1", "2", "-1", "1.0", "math.maxinteger"]).copied().unwrap_or("1")),
        _ => String::new(),
    };
    format!("S(pcall(string.gsub, {s}, {p}, {replacement}{limit}))")
}

/// A conversion specification with flags, width and precision; mostly ones the
/// reference accepts for `conversion`, sometimes not.
fn specification(rng: &mut Rng, conversion: char) -> String {
    let mut spec = String::from("%");
    let allowed = match conversion {
        'd' | 'i' => "-+0 ",
        'u' => "-0",
        'o' | 'x' | 'X' => "-#0",
        'a' | 'A' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' => "-+#0 ",
        _ => "-",
    };
    let wild = rng.chance(8);
    let flags: Vec<char> = if wild { "-+#0 ".chars().collect() } else { allowed.chars().collect() };
    for _ in 0..rng.weighted(&[6, 3, 1]) {
        if let Some(flag) = rng.pick(&flags) {
            spec.push(*flag);
        }
    }
    if conversion == 'q' && !wild {
        return "%q".to_string();
    }
    if rng.chance(40) {
        let width = if wild && rng.chance(50) { 100 + rng.below(20) } else { 1 + rng.below(30) };
        spec.push_str(&width.to_string());
    }
    let precision_allowed = !matches!(conversion, 'c' | 'p' | 'q');
    if (precision_allowed || wild) && rng.chance(40) {
        let precision = if rng.chance(10) { 99 } else { rng.below(20) };
        if rng.chance(15) {
            spec.push('.');
        } else {
            spec.push_str(&format!(".{precision}"));
        }
    }
    spec.push(conversion);
    spec
}

fn format_call(rng: &mut Rng) -> String {
    let items = 1 + rng.below(3);
    let mut format = String::new();
    let mut arguments = Vec::new();
    for _ in 0..items {
        if rng.chance(25) {
            let text = rng.pick(&["x", " ", "%%", "=", "[", "\\n"]).copied().unwrap_or("x");
            format.push_str(text);
        }
        let (conversion, argument) = format_item(rng);
        format.push_str(&specification(rng, conversion));
        arguments.push(argument);
    }
    if rng.chance(5) {
        format.push_str(rng.pick(&["%", "%y", "%l", "%10"]).copied().unwrap_or("%"));
    }
    if rng.chance(5) && !arguments.is_empty() {
        arguments.pop();
    }
    let mut call = format!("string.format(\"{format}\"");
    for argument in &arguments {
        call.push_str(", ");
        call.push_str(argument);
    }
    call.push(')');
    format!("S(pcall(function() return {call} end))")
}

/// A conversion letter and an argument for it: usually of the right type.
fn format_item(rng: &mut Rng) -> (char, String) {
    let pick = |rng: &mut Rng, list: &[&str]| rng.pick(list).copied().unwrap_or("0").to_string();
    match rng.weighted(&[8, 2, 4, 8, 2, 4, 5, 5, 1, 2]) {
        0 => (*rng.pick(&['d', 'i']).unwrap_or(&'d'), integer_argument(rng)),
        1 => ('u', integer_argument(rng)),
        2 => (*rng.pick(&['o', 'x', 'X']).unwrap_or(&'x'), integer_argument(rng)),
        3 => {
            let conversion = *rng.pick(&['f', 'f', 'e', 'E', 'g', 'G', 'F']).unwrap_or(&'g');
            let value = if rng.chance(10) { pick(rng, &INFINITIES) } else { float_argument(rng) };
            (conversion, value)
        }
        4 => (*rng.pick(&['a', 'A']).unwrap_or(&'a'), float_argument(rng)),
        5 => ('c', rng.pick(&["65", "97", "48", "0", "10", "255"]).copied().unwrap_or("65").to_string()),
        6 => {
            let value = if rng.chance(70) { pick(rng, &FORMAT_STRINGS) } else { pick(rng, &FORMAT_FLOATS) };
            ('s', value)
        }
        7 => {
            // `%q` fixes the text of infinities and NaN, so they may appear here.
            let value = match rng.below(6) {
                0 => pick(rng, &FORMAT_INTEGERS),
                1 => float_argument(rng),
                2 => pick(rng, &["1/0", "-1/0", "0/0", "true", "false", "nil", "math.mininteger", "{}"]),
                _ => pick(rng, &FORMAT_STRINGS),
            };
            ('q', value)
        }
        8 => ('p', pick(rng, &["1", "nil", "true", "2.5"])),
        _ => {
            // A value of the wrong type for the conversion.
            let conversion = *rng.pick(&['d', 'x', 'f', 'c', 'g']).unwrap_or(&'d');
            (conversion, pick(rng, &["\"abc\"", "1.5", "{}", "nil", "true", "2^63", "\"0x10\""]))
        }
    }
}

/// An integer for an integer conversion: from the edge list or random, of any size.
fn integer_argument(rng: &mut Rng) -> String {
    if rng.chance(50) {
        return rng.pick(&FORMAT_INTEGERS).copied().unwrap_or("0").to_string();
    }
    let bits = rng.next_u64();
    let magnitude = 1 + rng.below(64);
    let value = i64::from_ne_bytes((bits >> (64 - magnitude)).to_ne_bytes());
    let value = if rng.chance(30) { value.wrapping_neg() } else { value };
    if value == i64::MIN {
        "math.mininteger".to_string()
    } else {
        format!("({value})")
    }
}

/// A float for a float conversion: from the edge list, random bits (any finite double,
/// written so that it reads back exactly), or a short decimal that often sits exactly
/// halfway between two roundings.
pub fn float_argument(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => rng.pick(&FORMAT_FLOATS).copied().unwrap_or("0.5").to_string(),
        1 => {
            let value = f64::from_bits(rng.next_u64());
            if value.is_finite() {
                format!("({value:e})")
            } else {
                "0.25".to_string()
            }
        }
        2 => {
            let mantissa = rng.next_u64() % 100_000_000;
            let exponent = i64::try_from(rng.below(40)).unwrap_or(0) - 20;
            format!("({mantissa}e{exponent})")
        }
        _ => {
            let whole = rng.below(1000);
            let digits = rng.below(4);
            let fraction: String =
                (0..digits).map(|_| char::from(b'0' + u8::try_from(rng.below(10)).unwrap_or(0))).collect();
            let sign = if rng.chance(25) { "-" } else { "" };
            format!("({sign}{whole}.{fraction}5)")
        }
    }
}

/// How numbers turn into text outside `string.format`: `tostring`, concatenation,
/// `%.14g`/`%.17g`, `%q` read back with `load`, and numbers given to string functions.
fn number_text(rng: &mut Rng) -> String {
    let value = if rng.chance(70) { float_argument(rng) } else { integer_argument(rng) };
    match rng.below(4) {
        0 => format!("S(pcall(function() local x = {value} return tostring(x), x .. \"\", string.format(\"%.14g\", x) end))"),
        1 => format!(
            "S(pcall(function() local x = {value} local q = string.format(\"%q\", x) return q, load(\"return \" .. q)() == x end))"
        ),
        2 => format!("S(pcall(function() local x = {value} return string.len(x), string.rep(x, 2, \"|\"), string.upper(x), tonumber(tostring(x)) == x end))"),
        _ => format!("S(pcall(function() local x = {value} return math.tointeger(x), x // 1, string.format(\"%.17g|%5.1f\", x, x) end))"),
    }
}

/// `table.sort` of a random array, printed after sorting; comparators are total orders.
fn sort_statement(rng: &mut Rng) -> String {
    // Mostly short arrays, sometimes long enough for several partitioning rounds, but
    // under the reference's 100 elements, above which it picks pivots at random.
    let length =
        if rng.chance(12) { 20 + rng.below(70) } else { rng.weighted(&[1, 2, 3, 4, 4, 3, 2]) * 2 + rng.below(2) };
    let strings = rng.chance(40);
    let items: Vec<String> = (0..length)
        .map(|_| {
            if strings {
                rng.pick(&SORT_STRINGS).copied().unwrap_or("\"\"").to_string()
            } else {
                match rng.below(10) {
                    0 => rng.pick(&["math.maxinteger", "math.mininteger", "0"]).copied().unwrap_or("0").to_string(),
                    _ => (i64::try_from(rng.below(41)).unwrap_or(0) - 20).to_string(),
                }
            }
        })
        .collect();
    let array = format!("{{{}}}", items.join(", "));
    let comparator = match rng.weighted(&[3, 4, 1, 1, 1, 1]) {
        0 => String::new(),
        1 => {
            let list: &[&str] = if strings { &STRING_COMPARATORS } else { &INTEGER_COMPARATORS };
            format!(", {}", rng.pick(list).copied().unwrap_or("function(a, b) return a > b end"))
        }
        2 if items.len() >= 2 => {
            // A comparator that fails on an element every sort must compare: the error
            // propagates; the array is left in an order that depends on the algorithm.
            let first = items.first().cloned().unwrap_or_default();
            return format!(
                "do local t = {array} S(pcall(table.sort, t, function(a, b) \
                 if a == {first} or b == {first} then error(\"stop\") end return a < b end)) end"
            );
        }
        3 => {
            // Inconsistent: the outcome may differ between correct sorts; print nothing of it.
            return format!(
                "do local t = {array} pcall(table.sort, t, function(a, b) return true end) P(\"sorted?\", #t) end"
            );
        }
        4 => {
            // Mixed types: which pair is compared first (and so the message) depends on
            // the algorithm; only that it failed is printed.
            return format!(
                "do local t = {array} t[#t + 1] = \"s\" t[#t + 1] = 1 local ok, e = pcall(table.sort, t) \
                 P(ok, type(e)) end"
            );
        }
        _ => {
            let bad = rng.pick(&["1", "\"f\"", "{}", "true"]).copied().unwrap_or("1");
            return format!("do local t = {array} S(pcall(function() table.sort(t, {bad}) end)) end");
        }
    };
    format!("do local t = {array} S(pcall(table.sort, t{comparator})) P(table.concat(t, \",\")) end")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standalone;

    #[test]
    fn most_generated_patterns_are_well_formed() {
        let lua = standalone::new_reference_state().expect("reference state");
        let mut rng = Rng::new(7);
        let mut failures = 0;
        for _ in 0..1000 {
            let text = pattern(&mut rng);
            let ok: bool = lua
                .load(format!("return (pcall(string.find, \"ab(1) x_%\", {text}))"))
                .eval()
                .unwrap_or_else(|e| panic!("pattern {text} does not load: {e}"));
            failures += usize::from(!ok);
        }
        assert!((20..250).contains(&failures), "{failures} of 1000 patterns fail");
    }

    #[test]
    fn every_statement_loads_in_the_reference() {
        let lua = standalone::new_reference_state().expect("reference state");
        let mut rng = Rng::new(11);
        let variables = vec!["v1".to_string()];
        for _ in 0..2000 {
            let statement = statement(&mut rng, &variables);
            let loaded = lua.load(format!("local S, G, P, v1\n{statement}")).into_function();
            assert!(loaded.is_ok(), "does not load: {statement}");
        }
    }
}
