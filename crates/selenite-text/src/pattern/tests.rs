//! The pattern engine against `testdata/patterns.txt`, produced by the reference Lua
//! 5.4.9 (`testdata/patterns.lua`): `find`, `match`, `gmatch` and `gsub` with string
//! replacements, rebuilt here on the engine as the standard library does.

use super::*;
use crate::test_support::{escape, unescape};

const TABLE: &str = include_str!("../../testdata/patterns.txt");

/// `posrelatI` of lstrlib.c: a 1-based start position, clipped at 1.
fn start_position(pos: i64, len: usize) -> usize {
    if pos > 0 {
        pos as usize
    } else if pos == 0 || pos.unsigned_abs() > len as u64 {
        1
    } else {
        (len as i64 + pos + 1) as usize
    }
}

fn show(src: &[u8], values: &[Capture]) -> String {
    values
        .iter()
        .map(|c| match *c {
            Capture::Str { start, len } => format!("s{}", escape(&src[start..start + len])),
            Capture::Position(p) => format!("i{p}"),
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn error_text(e: &PatternError) -> String {
    format!("err:{}", escape(e.message().as_bytes()))
}

fn find(src: &[u8], pat: &[u8], init: i64, is_find: bool) -> String {
    let init = start_position(init, src.len()) - 1;
    if init > src.len() {
        return "nil".into();
    }
    if is_find && is_plain(pat) {
        return match find_plain(&src[init..], pat) {
            Some(at) => format!("i{},i{}", init + at + 1, init + at + pat.len()),
            None => "nil".into(),
        };
    }
    let (anchored, pat) = split_anchor(pat);
    // As the standard library does: an anchored search decodes no lead.
    let mut m = Matcher::for_search(src, pat, anchored);
    let found = match m.find(init, anchored) {
        Ok(Some(found)) => found,
        Ok(None) => return "nil".into(),
        Err(e) => return error_text(&e),
    };
    let values = if is_find { found.explicit_captures() } else { found.captures() };
    match values {
        Ok(values) if is_find => {
            let mut text = format!("i{},i{}", found.start + 1, found.end);
            if !values.is_empty() {
                text.push(',');
                text.push_str(&show(src, &values));
            }
            text
        }
        Ok(values) => show(src, &values),
        Err(e) => error_text(&e),
    }
}

fn gmatch(src: &[u8], pat: &[u8], init: i64) -> String {
    let init = start_position(init, src.len()) - 1;
    let mut state = GmatchState::new(init.min(src.len() + 1));
    let mut m = Matcher::new(src, pat);
    let mut iterations = Vec::new();
    while iterations.len() < 50 {
        match m.gmatch_next(&mut state).and_then(|found| found.map(|f| f.captures()).transpose()) {
            Ok(Some(values)) => iterations.push(show(src, &values)),
            Ok(None) => break,
            Err(e) => return error_text(&e),
        }
    }
    iterations.join(";")
}

fn gsub(src: &[u8], pat: &[u8], argument: &str) -> String {
    let (repl, max) = argument.rsplit_once('|').unwrap_or((argument, ""));
    let repl = unescape(repl);
    let max = if max.is_empty() { src.len() as i64 + 1 } else { max.parse().unwrap_or(0) };
    let (anchored, pat) = split_anchor(pat);
    let mut m = Matcher::for_search(src, pat, anchored);
    let mut out = Vec::new();
    let replaced = m
        .gsub(anchored, max, &mut out, |found: &Match, out: &mut Vec<u8>| found.expand(&repl, src, out).map(|()| true));
    match replaced {
        Ok(outcome) => {
            let text = if outcome.changed { out } else { src.to_vec() };
            format!("s{},i{}", escape(&text), outcome.count)
        }
        Err(e) => error_text(&e),
    }
}

#[test]
fn operations_match_reference() {
    let mut failures = Vec::new();
    for line in TABLE.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        let [op, subject, pattern, argument, expected] = fields[..] else { panic!("bad line {line:?}") };
        let (src, pat) = (unescape(subject), unescape(pattern));
        let got = match op {
            "find" | "match" => find(&src, &pat, argument.parse().unwrap_or(1), op == "find"),
            "gmatch" => gmatch(&src, &pat, argument.parse().unwrap_or(1)),
            _ => gsub(&src, &pat, argument),
        };
        if got != expected {
            failures.push(format!("{line}\n    got {got}"));
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn budget_stops_catastrophic_backtracking() {
    let subject = "a".repeat(30);
    let pattern = "a*".repeat(10) + "b";
    let mut m = Matcher::new(subject.as_bytes(), pattern.as_bytes());
    m.set_budget(100_000);
    let e = m.find(0, false).err().unwrap_or_else(|| PatternError(String::new()));
    assert!(e.is_budget_exhausted(), "{e:?}");
    assert!(m.steps() > 100_000);
    let mut m = Matcher::new(b"aaab", pattern.as_bytes());
    m.set_budget(100_000);
    assert_eq!(m.find(0, false).map(|f| f.map(|f| (f.start, f.end))), Ok(Some((0, 4))));
}

#[test]
fn depth_is_bounded_without_stack_overflow() {
    // Run on a small stack: the matcher's own nesting limit must come first.
    let handle = std::thread::Builder::new().stack_size(256 * 1024).spawn(|| {
        let subject = "a".repeat(10_000);
        let pattern = "a?".repeat(5_000);
        let mut m = Matcher::new(subject.as_bytes(), pattern.as_bytes());
        m.find(0, false).err()
    });
    let result = handle.ok().and_then(|h| h.join().ok()).flatten();
    assert_eq!(result, Some(PatternError("pattern too complex".into())));
}

#[test]
fn low_level_interface_agrees() {
    let src = b"key = value";
    let mut m = Matcher::new(src, b"(%w+)%s*=%s*(%w+)");
    m.reset();
    assert_eq!(m.do_match(0, 0), Ok(Some(11)));
    assert_eq!(m.level(), 2);
    assert_eq!(m.captures(0, 11, true), Ok(vec![Capture::Str { start: 0, len: 3 }, Capture::Str { start: 6, len: 5 }]));
    let mut out = Vec::new();
    assert_eq!(expand_replacement(b"%2=%1 (%0) 100%%", &m, 0, 11, src, &mut out), Ok(()));
    assert_eq!(out, b"value=key (key = value) 100%");
    assert_eq!(
        expand_replacement(b"%3", &m, 0, 11, src, &mut out),
        Err(PatternError("invalid capture index %3".into()))
    );
}

#[test]
fn plain_search() {
    assert_eq!(find_plain(b"hello", b""), Some(0));
    assert_eq!(find_plain(b"hello", b"lo"), Some(3));
    assert_eq!(find_plain(b"hello", b"hello!"), None);
    assert_eq!(find_plain(b"aab", b"ab"), Some(1));
    assert!(is_plain(b"abc def"));
    assert!(!is_plain(b"a.c"));
}

#[test]
fn random_patterns_never_panic() {
    let mut rng = crate::test_support::Rng::new(0x5eed);
    for _ in 0..20_000 {
        let pat = rng.bytes(b"%()[]^$*+-?.abfz01239", 12);
        let src = rng.bytes(b"ab()[]%", 16);
        let (anchored, body) = split_anchor(&pat);
        let mut m = Matcher::new(&src, body);
        m.set_budget(1_000_000);
        if let Ok(Some(found)) = m.find(rng.below(src.len() + 2), anchored) {
            let mut out = Vec::new();
            let _ = found.captures();
            let _ = found.expand(&rng.bytes(b"%0129a", 6), &src, &mut out);
        }
        let mut state = GmatchState::new(0);
        while let Ok(Some(_)) = m.gmatch_next(&mut state) {}
        let mut out = Vec::new();
        let _ =
            m.gsub(anchored, 5, &mut out, |f: &Match, out: &mut Vec<u8>| f.expand(b"<%1>", &src, out).map(|()| true));
    }
}

/// Skipping positions where the pattern's first item cannot match gives the same
/// result, error and step count as attempting at every position.
#[test]
fn skipping_to_candidates_agrees_with_every_attempt() {
    let mut rng = crate::test_support::Rng::new(0xca5d);
    for _ in 0..20_000 {
        let pat = rng.bytes(b"%()[]^$*+-?.abdfz0129", 8);
        let src = rng.bytes(b"ab1()[]%", 16);
        let init = rng.below(src.len() + 1);
        let mut skipping = Matcher::new(&src, &pat);
        let found = skipping.find(init, false).map(|f| f.map(|f| (f.start, f.end)));
        let mut every = Matcher::new(&src, &pat);
        let expected = (init..=src.len())
            .find_map(|s| match every.match_at(s) {
                Ok(None) => None,
                other => Some(other.map(|f| f.map(|f| (f.start, f.end)))),
            })
            .unwrap_or(Ok(None));
        assert_eq!(found, expected, "{:?} in {:?}", escape(&pat), escape(&src));
        assert_eq!(skipping.steps(), every.steps(), "{:?} in {:?}", escape(&pat), escape(&src));
    }
}

#[test]
fn decoded_bracket_sets_agree_with_the_walk() {
    let mut rng = crate::test_support::Rng::new(0xb5e7);
    for _ in 0..5_000 {
        let mut pat = b"[".to_vec();
        pat.extend(rng.bytes(b"^%-]adAD.z09", 7));
        pat.push(b']');
        let m = Matcher::new(b"", &pat);
        let Ok(ep) = m.class_end(0) else { continue };
        let set = m.bracket_set(0, ep - 1);
        for c in 0..=255u8 {
            assert_eq!(set.contains(c), m.match_bracket_class(c, 0, ep - 1), "{:?} on {c}", escape(&pat));
        }
    }
}
