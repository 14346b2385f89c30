//! Lua pattern matching (manual §6.4.1) over byte strings.
//!
//! The matcher follows the reference's backtracking algorithm, so results, including
//! which of several possible matches is found, are the same. Recursion is bounded by
//! [`MAX_DEPTH`] ("pattern too complex"), and an optional step budget lets a sandbox
//! stop catastrophic backtracking. Positions are 0-based byte offsets; reading past
//! the end of the subject or the pattern yields a NUL byte, as C strings do in the
//! reference.

/// Most captures in one pattern (`LUA_MAXCAPTURES`).
pub const MAX_CAPTURES: usize = 32;
/// Deepest recursion of the matcher (`MAXCCALLS`).
pub const MAX_DEPTH: u32 = 200;

const ESC: u8 = b'%';
const SPECIALS: &[u8] = b"^$*+?.([%-";
const CAP_UNFINISHED: isize = -1;
const CAP_POSITION: isize = -2;

/// A pattern error: the reference's message (without position).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternError(pub String);

/// One capture of a successful match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capture {
    /// A substring `start..start + len` of the subject.
    Str { start: usize, len: usize },
    /// A position capture `()`: the 1-based position.
    Position(usize),
}

/// Whether the pattern has no magic characters (so `find` can search plainly).
pub fn is_plain(pattern: &[u8]) -> bool {
    !pattern.iter().any(|c| SPECIALS.contains(c))
}

/// Finds `needle` in `haystack` (`lmemfind`).
pub fn find_plain(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    if needle.len() > haystack.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Matching state for one subject and one pattern.
pub struct Matcher<'a> {
    src: &'a [u8],
    pat: &'a [u8],
    depth: u32,
    level: usize,
    capture: [(usize, isize); MAX_CAPTURES],
    /// Remaining steps, if bounded.
    budget: Option<u64>,
}

type M<T> = Result<T, PatternError>;

fn err<T>(msg: &str) -> M<T> {
    Err(PatternError(msg.to_string()))
}

fn match_class(c: u8, cl: u8) -> bool {
    let res = match cl.to_ascii_lowercase() {
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
        _ => return cl == c,
    };
    if cl.is_ascii_lowercase() {
        res
    } else {
        !res
    }
}

impl<'a> Matcher<'a> {
    pub fn new(src: &'a [u8], pat: &'a [u8]) -> Matcher<'a> {
        Matcher { src, pat, depth: MAX_DEPTH, level: 0, capture: [(0, 0); MAX_CAPTURES], budget: None }
    }

    /// Limits the total work of this matcher (for sandboxes).
    pub fn set_budget(&mut self, steps: u64) {
        self.budget = Some(steps);
    }

    /// Resets captures before a new attempt (`reprepstate`).
    pub fn reset(&mut self) {
        self.level = 0;
        self.depth = MAX_DEPTH;
    }

    #[inline]
    fn p(&self, i: usize) -> u8 {
        self.pat.get(i).copied().unwrap_or(0)
    }

    #[inline]
    fn s(&self, i: usize) -> u8 {
        self.src.get(i).copied().unwrap_or(0)
    }

    fn class_end(&self, mut p: usize) -> M<usize> {
        let c = self.p(p);
        p += 1;
        if c == ESC {
            if p >= self.pat.len() {
                return err("malformed pattern (ends with '%')");
            }
            return Ok(p + 1);
        }
        if c == b'[' {
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
                    break;
                }
            }
            return Ok(p + 1);
        }
        Ok(p)
    }

    /// Matches `c` against the set `[...]` spanning `p..=ec` (`ec` at its `]`).
    fn match_bracket_class(&self, c: u8, mut p: usize, ec: usize) -> bool {
        let mut sig = true;
        if self.p(p + 1) == b'^' {
            sig = false;
            p += 1;
        }
        loop {
            p += 1;
            if p >= ec {
                break;
            }
            if self.p(p) == ESC {
                p += 1;
                if match_class(c, self.p(p)) {
                    return sig;
                }
            } else if self.p(p + 1) == b'-' && p + 2 < ec {
                p += 2;
                if self.p(p - 2) <= c && c <= self.p(p) {
                    return sig;
                }
            } else if self.p(p) == c {
                return sig;
            }
        }
        !sig
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

    fn match_balance(&self, s: usize, p: usize) -> M<Option<usize>> {
        if p + 1 >= self.pat.len() {
            return err("malformed pattern (missing arguments to '%b')");
        }
        if s >= self.src.len() || self.s(s) != self.p(p) {
            return Ok(None);
        }
        let (b, e) = (self.p(p), self.p(p + 1));
        let mut cont = 1;
        let mut i = s + 1;
        while i < self.src.len() {
            let c = self.s(i);
            if c == e {
                cont -= 1;
                if cont == 0 {
                    return Ok(Some(i + 1));
                }
            } else if c == b {
                cont += 1;
            }
            i += 1;
        }
        Ok(None)
    }

    fn max_expand(&mut self, s: usize, p: usize, ep: usize) -> M<Option<usize>> {
        let mut i = 0usize;
        while self.single_match(s + i, p, ep) {
            i += 1;
        }
        loop {
            if let Some(r) = self.do_match(s + i, ep + 1)? {
                return Ok(Some(r));
            }
            if i == 0 {
                return Ok(None);
            }
            i -= 1;
        }
    }

    fn min_expand(&mut self, mut s: usize, p: usize, ep: usize) -> M<Option<usize>> {
        loop {
            if let Some(r) = self.do_match(s, ep + 1)? {
                return Ok(Some(r));
            }
            if self.single_match(s, p, ep) {
                s += 1;
            } else {
                return Ok(None);
            }
        }
    }

    fn start_capture(&mut self, s: usize, p: usize, what: isize) -> M<Option<usize>> {
        if self.level >= MAX_CAPTURES {
            return err("too many captures");
        }
        self.capture[self.level] = (s, what);
        self.level += 1;
        let r = self.do_match(s, p)?;
        if r.is_none() {
            self.level -= 1;
        }
        Ok(r)
    }

    fn end_capture(&mut self, s: usize, p: usize) -> M<Option<usize>> {
        let l = self.capture_to_close()?;
        self.capture[l].1 = (s - self.capture[l].0) as isize;
        let r = self.do_match(s, p)?;
        if r.is_none() {
            self.capture[l].1 = CAP_UNFINISHED;
        }
        Ok(r)
    }

    fn capture_to_close(&self) -> M<usize> {
        (0..self.level)
            .rev()
            .find(|&l| self.capture[l].1 == CAP_UNFINISHED)
            .ok_or_else(|| PatternError("invalid pattern capture".into()))
    }

    fn check_capture(&self, l: u8) -> M<usize> {
        let idx = l as i32 - b'1' as i32;
        if idx < 0 || idx as usize >= self.level || self.capture[idx as usize].1 == CAP_UNFINISHED {
            return Err(PatternError(format!("invalid capture index %{}", idx + 1)));
        }
        Ok(idx as usize)
    }

    fn match_capture(&self, s: usize, l: u8) -> M<Option<usize>> {
        let l = self.check_capture(l)?;
        let (start, len) = self.capture[l];
        let len = len.max(0) as usize;
        if self.src.len() - s.min(self.src.len()) >= len && self.src[start..start + len] == self.src[s..s + len] {
            Ok(Some(s + len))
        } else {
            Ok(None)
        }
    }

    /// Matches the pattern from `p` against the subject from `s`; returns the end of
    /// the match.
    pub fn do_match(&mut self, mut s: usize, mut p: usize) -> M<Option<usize>> {
        if self.depth == 0 {
            return err("pattern too complex");
        }
        self.depth -= 1;
        let result = loop {
            if let Some(b) = self.budget.as_mut() {
                if *b == 0 {
                    return err("pattern too complex");
                }
                *b -= 1;
            }
            if p >= self.pat.len() {
                break Some(s);
            }
            match self.p(p) {
                b'(' => {
                    break if self.p(p + 1) == b')' {
                        self.start_capture(s, p + 2, CAP_POSITION)?
                    } else {
                        self.start_capture(s, p + 1, CAP_UNFINISHED)?
                    };
                }
                b')' => break self.end_capture(s, p + 1)?,
                b'$' if p + 1 == self.pat.len() => {
                    break if s == self.src.len() { Some(s) } else { None };
                }
                ESC if self.p(p + 1) == b'b' => match self.match_balance(s, p + 2)? {
                    Some(ns) => {
                        s = ns;
                        p += 4;
                        continue;
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
                    let current = self.s(s);
                    if !self.match_bracket_class(previous, p, ep - 1) && self.match_bracket_class(current, p, ep - 1) {
                        p = ep;
                        continue;
                    }
                    break None;
                }
                ESC if self.p(p + 1).is_ascii_digit() => match self.match_capture(s, self.p(p + 1))? {
                    Some(ns) => {
                        s = ns;
                        p += 2;
                        continue;
                    }
                    None => break None,
                },
                _ => {
                    let ep = self.class_end(p)?;
                    let suffix = self.p(ep);
                    if !self.single_match(s, p, ep) {
                        if suffix == b'*' || suffix == b'?' || suffix == b'-' {
                            p = ep + 1;
                            continue;
                        }
                        break None;
                    }
                    match suffix {
                        b'?' => {
                            if let Some(r) = self.do_match(s + 1, ep + 1)? {
                                break Some(r);
                            }
                            p = ep + 1;
                            continue;
                        }
                        b'+' => break self.max_expand(s + 1, p, ep)?,
                        b'*' => break self.max_expand(s, p, ep)?,
                        b'-' => break self.min_expand(s, p, ep)?,
                        _ => {
                            s += 1;
                            p = ep;
                            continue;
                        }
                    }
                }
            }
        };
        self.depth += 1;
        Ok(result)
    }

    /// Number of captures of the last successful match.
    pub fn level(&self) -> usize {
        self.level
    }

    /// Capture `i` of a match spanning `s..e` (capture 0 is the whole match when the
    /// pattern has no captures).
    pub fn capture(&self, i: usize, s: usize, e: usize) -> M<Capture> {
        if i >= self.level {
            if i != 0 {
                return Err(PatternError(format!("invalid capture index %{}", i + 1)));
            }
            return Ok(Capture::Str { start: s, len: e - s });
        }
        let (start, len) = self.capture[i];
        match len {
            CAP_UNFINISHED => err("unfinished capture"),
            CAP_POSITION => Ok(Capture::Position(start + 1)),
            l => Ok(Capture::Str { start, len: l as usize }),
        }
    }

    /// All captures of a match `s..e` (the whole match if there are none).
    pub fn captures(&self, s: usize, e: usize, whole_if_none: bool) -> M<Vec<Capture>> {
        let n = if self.level == 0 && whole_if_none { 1 } else { self.level };
        (0..n).map(|i| self.capture(i, s, e)).collect()
    }
}

/// Expands a `gsub` replacement string for a match: `%0`-`%9` and `%%`. Captures
/// are rendered by `render` (position captures become numbers).
pub fn expand_replacement(repl: &[u8], m: &Matcher<'_>, s: usize, e: usize, src: &[u8], out: &mut Vec<u8>) -> M<()> {
    let mut i = 0;
    while i < repl.len() {
        let c = repl[i];
        i += 1;
        if c != ESC {
            out.push(c);
            continue;
        }
        let d = repl.get(i).copied().unwrap_or(0);
        i += 1;
        if d == ESC {
            out.push(ESC);
        } else if d.is_ascii_digit() {
            let cap =
                if d == b'0' { Capture::Str { start: s, len: e - s } } else { m.capture((d - b'1') as usize, s, e)? };
            match cap {
                Capture::Str { start, len } => out.extend_from_slice(&src[start..start + len]),
                Capture::Position(p) => out.extend_from_slice(p.to_string().as_bytes()),
            }
        } else {
            return err("invalid use of '%' in replacement string");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(s: &str, p: &str) -> Option<(usize, usize)> {
        let mut m = Matcher::new(s.as_bytes(), p.as_bytes());
        for start in 0..=s.len() {
            m.reset();
            if let Some(e) = m.do_match(start, 0).ok()? {
                return Some((start, e));
            }
        }
        None
    }

    #[test]
    fn basics() {
        assert_eq!(find("hello world", "o w"), Some((4, 7)));
        assert_eq!(find("hello", "l+"), Some((2, 4)));
        assert_eq!(find("THE (quick) fox", "%((%a+)%)"), Some((4, 11)));
        assert_eq!(find("  x", "%S"), Some((2, 3)));
        assert_eq!(find("abc", "[b-c]+"), Some((1, 3)));
        assert_eq!(find("x = (a(b)c)", "%b()"), Some((4, 11)));
        assert_eq!(find("THE quick", "%f[%a]%a+"), Some((0, 3)));
        assert_eq!(find("aaa", "a-b"), None);
    }

    #[test]
    fn errors() {
        let mut m = Matcher::new(b"abc", b"%");
        assert_eq!(m.do_match(0, 0), Err(PatternError("malformed pattern (ends with '%')".into())));
        let mut m = Matcher::new(b"abc", b"[a");
        assert_eq!(m.do_match(0, 0), Err(PatternError("malformed pattern (missing ']')".into())));
        let mut m = Matcher::new(b"abc", b"(()");
        assert!(m.do_match(0, 0).is_ok());
        let mut m = Matcher::new(b"abc", b"%1");
        assert_eq!(m.do_match(0, 0), Err(PatternError("invalid capture index %1".into())));
        let long = "a".repeat(300);
        let pat = "a?".repeat(300) + &"a".repeat(300);
        let mut m = Matcher::new(long.as_bytes(), pat.as_bytes());
        assert_eq!(m.do_match(0, 0), Err(PatternError("pattern too complex".into())));
    }
}
