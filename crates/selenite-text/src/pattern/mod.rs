//! Lua pattern matching (manual §6.4.1) over byte strings: the engine behind
//! `string.find`, `match`, `gmatch` and `gsub`.
//!
//! The matcher follows the reference's backtracking algorithm step for step, so every
//! result (including which of several possible matches wins) and every error (with
//! the reference's exact text, raised lazily at the same moment) is the same. Rust
//! stack use is bounded: nesting of the matcher is limited to [`MAX_DEPTH`] levels
//! ("pattern too complex"), like the reference's `MAXCCALLS`. Work is bounded on
//! request: [`Matcher::set_budget`] caps the number of matching steps, so a sandbox can
//! stop catastrophic backtracking ([`PatternError::is_budget_exhausted`]).
//!
//! Positions are 0-based byte offsets into the subject; only [`Capture::Position`]
//! holds a 1-based Lua position. Reading past the end of the subject or the pattern
//! yields a NUL byte, as the reference's C strings do.

use std::fmt;

/// Most captures in one pattern (`LUA_MAXCAPTURES`).
pub const MAX_CAPTURES: usize = 32;
/// Deepest nesting of the matcher (`MAXCCALLS`).
pub const MAX_DEPTH: u32 = 200;

const ESC: u8 = b'%';
const BUDGET_EXHAUSTED: &str = "pattern matching step budget exhausted";

/// A pattern error, carrying the reference's message (which has no position).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternError(pub String);

impl PatternError {
    /// The message, as the reference raises it.
    pub fn message(&self) -> &str {
        &self.0
    }

    /// Whether matching stopped because the step budget ran out (not a reference
    /// error: the sandbox decides what to report).
    pub fn is_budget_exhausted(&self) -> bool {
        self.0 == BUDGET_EXHAUSTED
    }
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PatternError {}

type Result<T> = std::result::Result<T, PatternError>;

fn err<T>(msg: &str) -> Result<T> {
    Err(PatternError(msg.to_string()))
}

/// One capture value of a successful match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capture {
    /// The substring `start..start + len` of the subject.
    Str { start: usize, len: usize },
    /// A position capture `()`: the 1-based position.
    Position(usize),
}

impl Capture {
    /// Appends the capture as `gsub` inserts it: the substring, or the position in
    /// decimal.
    pub fn write_to(self, src: &[u8], out: &mut Vec<u8>) {
        match self {
            Capture::Str { start, len } => {
                let text = start.checked_add(len).and_then(|end| src.get(start..end));
                out.extend_from_slice(text.unwrap_or_default());
            }
            Capture::Position(p) => out.extend_from_slice(p.to_string().as_bytes()),
        }
    }
}

/// State of one capture slot while matching.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    /// Opened by `(`, not closed yet (`CAP_UNFINISHED`).
    Open,
    /// `()`.
    Position,
    /// Closed, with its length.
    Closed(usize),
}

/// Whether the pattern has no magic characters, so `find` may search plainly.
pub fn is_plain(pattern: &[u8]) -> bool {
    !pattern.iter().any(|&c| is_special(c))
}

/// Whether a byte is magic in a pattern: `^$*+?.([%-`.
fn is_special(c: u8) -> bool {
    matches!(c, b'^' | b'$' | b'*' | b'+' | b'?' | b'.' | b'(' | b'[' | b'%' | b'-')
}

/// Position of the first occurrence of `needle` in `haystack` (`lmemfind`); the
/// empty needle is found at 0.
pub fn find_plain(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = match needle.split_first() {
        None => return Some(0),
        Some(split) => split,
    };
    let last_start = haystack.len().checked_sub(needle.len())?;
    let mut from = 0;
    while from <= last_start {
        let candidate = from + haystack[from..=last_start].iter().position(|&c| c == first)?;
        if haystack[candidate + 1..candidate + needle.len()] == *rest {
            return Some(candidate);
        }
        from = candidate + 1;
    }
    None
}

/// Splits a leading `^` off a pattern: whether the search is anchored, and the rest.
/// (`find`, `match` and `gsub` treat `^` this way; `gmatch` matches it literally.)
pub fn split_anchor(pattern: &[u8]) -> (bool, &[u8]) {
    match pattern.split_first() {
        Some((b'^', rest)) => (true, rest),
        _ => (false, pattern),
    }
}

/// C's character classes in the "C" locale; an upper-case class letter is the
/// complement; any other byte matches itself.
fn match_class(c: u8, class: u8) -> bool {
    CLASS_SETS[usize::from(class)].contains(c)
}

/// A set of bytes, one bit each: a class or a bracket set decoded once, so that
/// scanning a run of the subject tests each byte with one lookup.
#[derive(Clone, Copy, Debug)]
struct ByteSet([u64; 4]);

impl ByteSet {
    const EMPTY: ByteSet = ByteSet([0; 4]);

    const fn contains(&self, c: u8) -> bool {
        self.0[(c >> 6) as usize] >> (c & 63) & 1 == 1
    }

    const fn insert(&mut self, c: u8) {
        self.0[(c >> 6) as usize] |= 1 << (c & 63);
    }

    fn insert_all(&mut self, other: &ByteSet) {
        for (word, other_word) in self.0.iter_mut().zip(other.0) {
            *word |= other_word;
        }
    }

    fn complement(self) -> ByteSet {
        ByteSet(self.0.map(|word| !word))
    }
}

/// The set of bytes `%x` matches, for every byte `x`.
static CLASS_SETS: [ByteSet; 256] = class_sets();

const fn class_sets() -> [ByteSet; 256] {
    let mut sets = [ByteSet::EMPTY; 256];
    let mut class = 0;
    while class < 256 {
        let mut c = 0;
        while c < 256 {
            if class_contains(c as u8, class as u8) {
                sets[class].insert(c as u8);
            }
            c += 1;
        }
        class += 1;
    }
    sets
}

/// Whether `%<class>` matches `c` (see [`match_class`]).
const fn class_contains(c: u8, class: u8) -> bool {
    let found = match class.to_ascii_lowercase() {
        b'a' => c.is_ascii_alphabetic(),
        b'c' => c.is_ascii_control(),
        b'd' => c.is_ascii_digit(),
        b'g' => c.is_ascii_graphic(),
        b'l' => c.is_ascii_lowercase(),
        b'p' => c.is_ascii_punctuation(),
        b's' => matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r'),
        b'u' => c.is_ascii_uppercase(),
        b'w' => c.is_ascii_alphanumeric(),
        b'x' => c.is_ascii_hexdigit(),
        b'z' => c == 0,
        _ => return class == c,
    };
    found == class.is_ascii_lowercase()
}

/// A successful match: its span and a snapshot of the capture slots. Capture errors
/// ("unfinished capture", "invalid capture index") surface only when captures are
/// read, exactly when the reference would raise them.
#[derive(Clone, Debug)]
pub struct Match {
    /// Start of the match (0-based).
    pub start: usize,
    /// End of the match (exclusive).
    pub end: usize,
    level: usize,
    slots: [(usize, Slot); MAX_CAPTURES],
}

impl Match {
    /// Number of captures in the pattern (finished or not).
    pub fn capture_count(&self) -> usize {
        self.level
    }

    /// Capture `i` (0-based): with no captures, index 0 is the whole match
    /// (`get_onecapture`).
    pub fn capture(&self, i: usize) -> Result<Capture> {
        read_capture(&self.slots[..self.level], i, self.start, self.end)
    }

    /// The values `string.match`, `gmatch` and a `gsub` function receive: every
    /// capture, or the whole match when there are none.
    pub fn captures(&self) -> Result<Vec<Capture>> {
        (0..self.level.max(1)).map(|i| self.capture(i)).collect()
    }

    /// The values `string.find` adds after the positions: the captures only.
    pub fn explicit_captures(&self) -> Result<Vec<Capture>> {
        (0..self.level).map(|i| self.capture(i)).collect()
    }

    /// Appends a `gsub` replacement string with `%0`-`%9` and `%%` expanded.
    pub fn expand(&self, replacement: &[u8], src: &[u8], out: &mut Vec<u8>) -> Result<()> {
        expand_with(replacement, src, out, |i| {
            if i == 0 {
                Ok(Capture::Str { start: self.start, len: self.end.saturating_sub(self.start) })
            } else {
                self.capture(i - 1)
            }
        })
    }
}

fn read_capture(slots: &[(usize, Slot)], i: usize, start: usize, end: usize) -> Result<Capture> {
    match slots.get(i) {
        None if i == 0 => Ok(Capture::Str { start, len: end.saturating_sub(start) }),
        None => Err(PatternError(format!("invalid capture index %{}", i + 1))),
        Some((_, Slot::Open)) => err("unfinished capture"),
        Some(&(at, Slot::Position)) => Ok(Capture::Position(at + 1)),
        Some(&(at, Slot::Closed(len))) => Ok(Capture::Str { start: at, len }),
    }
}

/// Expands `%0`-`%9` and `%%`; `capture(n)` gives `%n`.
fn expand_with(
    replacement: &[u8],
    src: &[u8],
    out: &mut Vec<u8>,
    capture: impl Fn(usize) -> Result<Capture>,
) -> Result<()> {
    let mut rest = replacement;
    while let Some(at) = rest.iter().position(|&c| c == ESC) {
        out.extend_from_slice(&rest[..at]);
        match rest.get(at + 1).copied() {
            Some(ESC) => out.push(ESC),
            Some(d) if d.is_ascii_digit() => capture(usize::from(d - b'0'))?.write_to(src, out),
            _ => return err("invalid use of '%' in replacement string"),
        }
        rest = &rest[at + 2..];
    }
    out.extend_from_slice(rest);
    Ok(())
}

/// Where a `gmatch` iteration stands: the next start position and the end of the
/// last match (an empty match right there is skipped).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GmatchState {
    pub position: usize,
    pub last_match: Option<usize>,
}

impl GmatchState {
    /// Starts at `init` (0-based; a start past the end finds nothing).
    pub fn new(init: usize) -> GmatchState {
        GmatchState { position: init, last_match: None }
    }
}

/// Result of [`Matcher::gsub`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GsubOutcome {
    /// Number of matches replaced.
    pub count: i64,
    /// Whether any replacement changed the text (when not, `gsub` returns the
    /// original string).
    pub changed: bool,
}

/// The single-character item every match must begin with (after any opening
/// captures), when the pattern has one: an attempt where it does not match fails at
/// once, with no effect but its steps, so a search may skip such positions.
#[derive(Clone, Copy, Debug)]
struct Lead {
    /// The bytes the item matches.
    matches: ItemTest,
    /// Steps of a failed attempt: one per opening capture, one for the item.
    steps: u64,
}

/// How to test subject bytes against a single-character item.
#[derive(Clone, Copy, Debug)]
enum ItemTest {
    /// A plain character: a byte search.
    Byte(u8),
    /// A class or bracket set, decoded.
    Set(ByteSet),
}

/// Matching state for one subject and one pattern (already without its `^` anchor).
pub struct Matcher<'a> {
    src: &'a [u8],
    pat: &'a [u8],
    depth: u32,
    level: usize,
    slots: [(usize, Slot); MAX_CAPTURES],
    budget: Option<u64>,
    steps: u64,
    lead: Option<Lead>,
}

impl<'a> Matcher<'a> {
    pub fn new(src: &'a [u8], pat: &'a [u8]) -> Matcher<'a> {
        let mut m = Matcher::without_lead(src, pat);
        m.lead = m.find_lead();
        m
    }

    /// A matcher for a search that is `anchored` (tries one position only) or not.
    /// Only an unanchored search decodes the lead item, which serves to skip
    /// positions (a class or a set costs a walk over all 256 bytes, on every call of
    /// `find`). Inlined, so that each call site keeps only the constructor it needs.
    #[inline]
    pub fn for_search(src: &'a [u8], pat: &'a [u8], anchored: bool) -> Matcher<'a> {
        if anchored {
            Matcher::without_lead(src, pat)
        } else {
            Matcher::new(src, pat)
        }
    }

    fn without_lead(src: &'a [u8], pat: &'a [u8]) -> Matcher<'a> {
        Matcher {
            src,
            pat,
            depth: MAX_DEPTH,
            level: 0,
            slots: [(0, Slot::Open); MAX_CAPTURES],
            budget: None,
            steps: 0,
            lead: None,
        }
    }

    /// The pattern's [`Lead`], if it has one. Patterns whose first attempt could
    /// raise an error (a malformed first item, too many captures) have none, so the
    /// error is still raised by that attempt.
    fn find_lead(&self) -> Option<Lead> {
        let mut p = 0;
        let mut steps = 1;
        while p < self.pat.len() && self.p(p) == b'(' {
            p += if self.p(p + 1) == b')' { 2 } else { 1 };
            steps += 1;
            if steps > MAX_CAPTURES as u64 + 1 {
                return None;
            }
        }
        if p >= self.pat.len() {
            return None;
        }
        match self.p(p) {
            b')' => return None,
            b'$' if p + 1 == self.pat.len() => return None,
            ESC if matches!(self.p(p + 1), b'b' | b'f' | b'0'..=b'9') => return None,
            _ => {}
        }
        let ep = self.class_end(p).ok()?;
        if matches!(self.p(ep), b'*' | b'?' | b'-') {
            return None;
        }
        let matches = match self.item_set(p, ep) {
            Some(set) => ItemTest::Set(set),
            None => ItemTest::Byte(self.p(p)),
        };
        Some(Lead { matches, steps })
    }

    /// The bytes the single-character item `pat[p..ep]` matches, or `None` for a
    /// plain character (which matches only itself).
    fn item_set(&self, p: usize, ep: usize) -> Option<ByteSet> {
        match self.p(p) {
            b'.' => Some(ByteSet::EMPTY.complement()),
            ESC => Some(CLASS_SETS[usize::from(self.p(p + 1))]),
            b'[' => Some(self.bracket_set(p, ep - 1)),
            _ => None,
        }
    }

    /// The bytes the set `[...]` opening at `p` and closing at `ec` matches: the
    /// same walk as [`Matcher::match_bracket_class`], collecting every byte instead
    /// of testing one.
    fn bracket_set(&self, mut p: usize, ec: usize) -> ByteSet {
        let mut listed = ByteSet::EMPTY;
        let mut inside = true;
        if self.p(p + 1) == b'^' {
            inside = false;
            p += 1;
        }
        loop {
            p += 1;
            if p >= ec {
                return if inside { listed } else { listed.complement() };
            }
            if self.p(p) == ESC {
                p += 1;
                listed.insert_all(&CLASS_SETS[usize::from(self.p(p))]);
            } else if self.p(p + 1) == b'-' && p + 2 < ec {
                p += 2;
                for c in self.p(p - 2)..=self.p(p) {
                    listed.insert(c);
                }
            } else {
                listed.insert(self.p(p));
            }
        }
    }

    /// The first position from `s` on (up to the end of the subject included) where
    /// an attempt may match, or `None` if none can. Positions skipped count the
    /// steps their failed attempts would have taken, so budgets are unaffected.
    pub fn next_candidate(&mut self, s: usize) -> Result<Option<usize>> {
        if s > self.src.len() {
            return Ok(None);
        }
        let Some(lead) = self.lead else { return Ok(Some(s)) };
        let rest = self.src.get(s..).unwrap_or_default();
        let offset = match lead.matches {
            ItemTest::Byte(c) => rest.iter().position(|&b| b == c),
            ItemTest::Set(set) => rest.iter().position(|&b| set.contains(b)),
        };
        let found = offset.map(|offset| s + offset);
        // With no candidate, the attempt at the end of the subject fails too.
        let skipped = found.unwrap_or(self.src.len() + 1) - s;
        self.tick((skipped as u64).saturating_mul(lead.steps))?;
        Ok(found)
    }

    /// Caps the total matching steps of this matcher over all its searches; past
    /// the cap matching fails with an error for which
    /// [`PatternError::is_budget_exhausted`] holds. A step is one pattern item tried
    /// or one subject byte scanned, so the work done is proportional to the steps.
    pub fn set_budget(&mut self, steps: u64) {
        self.budget = Some(steps);
    }

    /// Steps taken so far (to charge a sandbox's instruction budget).
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Clears captures and depth before a new attempt (`reprepstate`).
    pub fn reset(&mut self) {
        self.level = 0;
        self.depth = MAX_DEPTH;
    }

    /// One attempt to match the whole pattern at subject position `s`.
    pub fn match_at(&mut self, s: usize) -> Result<Option<Match>> {
        self.reset();
        Ok(self.do_match(s, 0)?.map(|end| self.snapshot(s, end)))
    }

    /// The first match starting at `init` or later (only at `init` if `anchored`):
    /// `string.find` and `string.match` without the plain shortcut.
    pub fn find(&mut self, init: usize, anchored: bool) -> Result<Option<Match>> {
        if init > self.src.len() {
            return Ok(None);
        }
        let mut s = init;
        loop {
            if !anchored {
                match self.next_candidate(s)? {
                    Some(candidate) => s = candidate,
                    None => return Ok(None),
                }
            }
            if let Some(found) = self.match_at(s)? {
                return Ok(Some(found));
            }
            s += 1;
            if anchored || s > self.src.len() {
                return Ok(None);
            }
        }
    }

    /// The next match of a `gmatch` iteration, advancing `state`.
    pub fn gmatch_next(&mut self, state: &mut GmatchState) -> Result<Option<Match>> {
        while state.position <= self.src.len() {
            let Some(start) = self.next_candidate(state.position)? else {
                state.position = self.src.len() + 1;
                break;
            };
            state.position = start;
            if let Some(found) = self.match_at(start)? {
                if Some(found.end) != state.last_match {
                    state.position = found.end;
                    state.last_match = Some(found.end);
                    return Ok(Some(found));
                }
            }
            state.position += 1;
        }
        Ok(None)
    }

    /// `string.gsub`: appends to `out` the subject with up to `max_replacements`
    /// matches replaced. `replace` appends the replacement of a match and says
    /// whether it changed the text (a table or function giving nil or false keeps
    /// the match: it appends the matched text and returns false).
    pub fn gsub<E: From<PatternError>>(
        &mut self,
        anchored: bool,
        max_replacements: i64,
        out: &mut Vec<u8>,
        mut replace: impl FnMut(&Match, &mut Vec<u8>) -> std::result::Result<bool, E>,
    ) -> std::result::Result<GsubOutcome, E> {
        let mut outcome = GsubOutcome { count: 0, changed: false };
        let mut pos = 0;
        let mut last_match = None;
        while outcome.count < max_replacements {
            if !anchored {
                let candidate = self.next_candidate(pos)?;
                let skip_to = candidate.unwrap_or(self.src.len());
                out.extend_from_slice(self.src.get(pos..skip_to).unwrap_or_default());
                pos = skip_to;
                if candidate.is_none() {
                    break;
                }
            }
            match self.match_at(pos)? {
                Some(found) if Some(found.end) != last_match => {
                    outcome.count += 1;
                    outcome.changed |= replace(&found, out)?;
                    pos = found.end;
                    last_match = Some(found.end);
                }
                _ if pos < self.src.len() => {
                    out.push(self.src[pos]);
                    pos += 1;
                }
                _ => break,
            }
            if anchored {
                break;
            }
        }
        out.extend_from_slice(self.src.get(pos..).unwrap_or_default());
        Ok(outcome)
    }

    /// Number of captures of the last attempt.
    pub fn level(&self) -> usize {
        self.level
    }

    /// Capture `i` of the last attempt, which matched `s..e` (see [`Match::capture`]).
    pub fn capture(&self, i: usize, s: usize, e: usize) -> Result<Capture> {
        read_capture(&self.slots[..self.level], i, s, e)
    }

    /// All captures of the last attempt, which matched `s..e`; with none, the whole
    /// match if `whole_if_none`.
    pub fn captures(&self, s: usize, e: usize, whole_if_none: bool) -> Result<Vec<Capture>> {
        let n = if self.level == 0 && whole_if_none { 1 } else { self.level };
        (0..n).map(|i| self.capture(i, s, e)).collect()
    }

    fn snapshot(&self, start: usize, end: usize) -> Match {
        Match { start, end, level: self.level, slots: self.slots }
    }

    fn tick(&mut self, steps: u64) -> Result<()> {
        self.steps = self.steps.saturating_add(steps);
        match self.budget {
            Some(budget) if self.steps > budget => err(BUDGET_EXHAUSTED),
            _ => Ok(()),
        }
    }

    #[inline]
    fn p(&self, i: usize) -> u8 {
        self.pat.get(i).copied().unwrap_or(0)
    }

    #[inline]
    fn s(&self, i: usize) -> u8 {
        self.src.get(i).copied().unwrap_or(0)
    }

    /// End of the single-character class starting at `p` (`classend`).
    fn class_end(&self, mut p: usize) -> Result<usize> {
        let c = self.p(p);
        p += 1;
        match c {
            ESC => {
                if p >= self.pat.len() {
                    return err("malformed pattern (ends with '%')");
                }
                Ok(p + 1)
            }
            b'[' => {
                if self.p(p) == b'^' {
                    p += 1;
                }
                loop {
                    if p >= self.pat.len() {
                        return err("malformed pattern (missing ']')");
                    }
                    let cc = self.p(p);
                    p += 1;
                    if cc == ESC && p < self.pat.len() {
                        p += 1;
                    }
                    if self.p(p) == b']' {
                        return Ok(p + 1);
                    }
                }
            }
            _ => Ok(p),
        }
    }

    /// Whether `c` is in the set `[...]` opening at `p` and closing at `ec`.
    fn match_bracket_class(&self, c: u8, mut p: usize, ec: usize) -> bool {
        let mut inside = true;
        if self.p(p + 1) == b'^' {
            inside = false;
            p += 1;
        }
        loop {
            p += 1;
            if p >= ec {
                return !inside;
            }
            if self.p(p) == ESC {
                p += 1;
                if match_class(c, self.p(p)) {
                    return inside;
                }
            } else if self.p(p + 1) == b'-' && p + 2 < ec {
                p += 2;
                if self.p(p - 2) <= c && c <= self.p(p) {
                    return inside;
                }
            } else if self.p(p) == c {
                return inside;
            }
        }
    }

    fn single_match(&self, s: usize, p: usize, ep: usize) -> bool {
        if s >= self.src.len() {
            return false;
        }
        let c = self.s(s);
        match self.p(p) {
            b'.' => true,
            ESC => match_class(c, self.p(p + 1)),
            b'[' => self.match_bracket_class(c, p, ep - 1),
            pc => pc == c,
        }
    }

    fn match_balance(&mut self, s: usize, p: usize) -> Result<Option<usize>> {
        if p + 1 >= self.pat.len() {
            return err("malformed pattern (missing arguments to '%b')");
        }
        if s >= self.src.len() || self.s(s) != self.p(p) {
            return Ok(None);
        }
        let (open, close) = (self.p(p), self.p(p + 1));
        let mut depth = 1usize;
        for (i, &c) in self.src.iter().enumerate().skip(s + 1) {
            if c == close {
                depth -= 1;
                if depth == 0 {
                    self.tick((i - s) as u64)?;
                    return Ok(Some(i + 1));
                }
            } else if c == open {
                depth += 1;
            }
        }
        self.tick((self.src.len() - s) as u64)?;
        Ok(None)
    }

    fn max_expand(&mut self, s: usize, p: usize, ep: usize) -> Result<Option<usize>> {
        let rest = self.src.get(s..).unwrap_or_default();
        let mut count = match self.item_set(p, ep) {
            Some(set) => rest.iter().take_while(|&&c| set.contains(c)).count(),
            None => rest.iter().take_while(|&&c| c == self.p(p)).count(),
        };
        self.tick(count as u64)?;
        loop {
            if let Some(end) = self.do_match(s + count, ep + 1)? {
                return Ok(Some(end));
            }
            if count == 0 {
                return Ok(None);
            }
            count -= 1;
        }
    }

    fn min_expand(&mut self, mut s: usize, p: usize, ep: usize) -> Result<Option<usize>> {
        loop {
            if let Some(end) = self.do_match(s, ep + 1)? {
                return Ok(Some(end));
            }
            if !self.single_match(s, p, ep) {
                return Ok(None);
            }
            s += 1;
        }
    }

    fn start_capture(&mut self, s: usize, p: usize, slot: Slot) -> Result<Option<usize>> {
        if self.level >= MAX_CAPTURES {
            return err("too many captures");
        }
        self.slots[self.level] = (s, slot);
        self.level += 1;
        let result = self.do_match(s, p)?;
        if result.is_none() {
            self.level -= 1;
        }
        Ok(result)
    }

    fn end_capture(&mut self, s: usize, p: usize) -> Result<Option<usize>> {
        let Some(l) = (0..self.level).rev().find(|&l| self.slots[l].1 == Slot::Open) else {
            return err("invalid pattern capture");
        };
        self.slots[l].1 = Slot::Closed(s - self.slots[l].0);
        let result = self.do_match(s, p)?;
        if result.is_none() {
            self.slots[l].1 = Slot::Open;
        }
        Ok(result)
    }

    /// A back-reference `%1`-`%9` (`%0` is always invalid here).
    fn match_back_reference(&mut self, s: usize, digit: u8) -> Result<Option<usize>> {
        let index = usize::from(digit - b'0').wrapping_sub(1);
        let captured = match self.slots[..self.level].get(index) {
            Some(&(at, Slot::Closed(len))) => self.src.get(at..at + len),
            // A position capture has no text: the reference compares a huge length
            // that never fits.
            Some((_, Slot::Position)) => None,
            _ => return Err(PatternError(format!("invalid capture index %{}", index.wrapping_add(1) as isize))),
        };
        let Some(captured) = captured else { return Ok(None) };
        self.tick(captured.len() as u64)?;
        match self.src.get(s..s + captured.len()) {
            Some(here) if here == captured => Ok(Some(s + captured.len())),
            _ => Ok(None),
        }
    }

    /// Matches the pattern from `p` against the subject from `s`; returns the end of
    /// the match. Low level: call [`Matcher::reset`] before each new attempt.
    pub fn do_match(&mut self, mut s: usize, mut p: usize) -> Result<Option<usize>> {
        if self.depth == 0 {
            return err("pattern too complex");
        }
        self.depth -= 1;
        let result = loop {
            self.tick(1)?;
            if p >= self.pat.len() {
                break Some(s);
            }
            match self.p(p) {
                b'(' if self.p(p + 1) == b')' => break self.start_capture(s, p + 2, Slot::Position)?,
                b'(' => break self.start_capture(s, p + 1, Slot::Open)?,
                b')' => break self.end_capture(s, p + 1)?,
                b'$' if p + 1 == self.pat.len() => break (s == self.src.len()).then_some(s),
                ESC if self.p(p + 1) == b'b' => match self.match_balance(s, p + 2)? {
                    Some(after) => {
                        s = after;
                        p += 4;
                    }
                    None => break None,
                },
                ESC if self.p(p + 1) == b'f' => {
                    p += 2;
                    if self.p(p) != b'[' {
                        return err("missing '[' after '%f' in pattern");
                    }
                    let ep = self.class_end(p)?;
                    let previous = if s == 0 { 0 } else { self.s(s - 1) };
                    if self.match_bracket_class(previous, p, ep - 1) || !self.match_bracket_class(self.s(s), p, ep - 1)
                    {
                        break None;
                    }
                    p = ep;
                }
                ESC if self.p(p + 1).is_ascii_digit() => match self.match_back_reference(s, self.p(p + 1))? {
                    Some(after) => {
                        s = after;
                        p += 2;
                    }
                    None => break None,
                },
                _ => {
                    let ep = self.class_end(p)?;
                    let suffix = self.p(ep);
                    if !self.single_match(s, p, ep) {
                        if matches!(suffix, b'*' | b'?' | b'-') {
                            p = ep + 1;
                            continue;
                        }
                        break None;
                    }
                    match suffix {
                        b'?' => match self.do_match(s + 1, ep + 1)? {
                            Some(end) => break Some(end),
                            None => p = ep + 1,
                        },
                        b'+' => break self.max_expand(s + 1, p, ep)?,
                        b'*' => break self.max_expand(s, p, ep)?,
                        b'-' => break self.min_expand(s, p, ep)?,
                        _ => {
                            s += 1;
                            p = ep;
                        }
                    }
                }
            }
        };
        self.depth += 1;
        Ok(result)
    }
}

/// Expands a `gsub` replacement string for the match `s..e` of the last attempt of
/// `m`: `%0`-`%9` and `%%` (see [`Match::expand`]).
pub fn expand_replacement(
    repl: &[u8],
    m: &Matcher<'_>,
    s: usize,
    e: usize,
    src: &[u8],
    out: &mut Vec<u8>,
) -> Result<()> {
    expand_with(repl, src, out, |i| {
        if i == 0 {
            Ok(Capture::Str { start: s, len: e.saturating_sub(s) })
        } else {
            m.capture(i - 1, s, e)
        }
    })
}

#[cfg(test)]
mod tests;
