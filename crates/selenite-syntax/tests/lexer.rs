//! The lexer against the reference's scanner: token values, escapes, numerals and
//! line counting (expected values as Lua 5.4.9 reads them).

use selenite_syntax::lexer::Lexer;
use selenite_syntax::Token;

/// The tokens of `src` with the line each ends on, and the string contents.
fn scan(src: &[u8]) -> (Vec<(Token, u32)>, Vec<Vec<u8>>) {
    let mut lex = Lexer::new(src, b"=t");
    let mut tokens = Vec::new();
    let mut strings = Vec::new();
    loop {
        lex.advance_token().expect("valid source");
        if let Token::Str(s) = lex.token {
            strings.push(lex.strings.get(s).to_vec());
        }
        tokens.push((lex.token, lex.linenumber));
        if lex.token == Token::Eos {
            return (tokens, strings);
        }
    }
}

fn strings_of(src: &[u8]) -> Vec<Vec<u8>> {
    scan(src).1
}

#[test]
fn escapes_resolve_as_the_reference_does() {
    let src = b"'\\a\\b\\f\\n\\r\\t\\v\\\\\\\"\\'' '\\65\\066\\x43\\u{44}\\0' '\\u{7FFFFFFF}' 'a\\z  \n  b' 'x\\\ny'";
    let got = strings_of(src);
    assert_eq!(got[0], b"\x07\x08\x0c\n\r\t\x0b\\\"'");
    assert_eq!(got[1], b"ABCD\0");
    assert_eq!(got[2], [0xfd, 0xbf, 0xbf, 0xbf, 0xbf, 0xbf]);
    assert_eq!(got[3], b"ab");
    assert_eq!(got[4], b"x\ny");
}

#[test]
fn long_strings_skip_the_first_newline_and_normalise_line_ends() {
    let got = strings_of(b"[[\nab\r\ncd]] [==[x]]y]=]z]==] [[\r\n]]");
    assert_eq!(got, vec![b"ab\ncd".to_vec(), b"x]]y]=]z".to_vec(), b"".to_vec()]);
}

#[test]
fn numerals() {
    let (tokens, _) = scan(b"3 3.0 0x10 0xffffffffffffffff 9223372036854775808 1e2 .5 0x.8p1 0xA");
    let values: Vec<Token> = tokens.iter().map(|t| t.0).collect();
    assert_eq!(
        values,
        vec![
            Token::Int(3),
            Token::Float(3.0),
            Token::Int(16),
            Token::Int(-1),
            Token::Float(9223372036854775808.0),
            Token::Float(100.0),
            Token::Float(0.5),
            Token::Float(1.0),
            Token::Int(10),
            Token::Eos
        ]
    );
}

#[test]
fn line_endings_count_once_each() {
    let (tokens, _) = scan(b"a\nb\r\nc\n\rd\re\n\nf --[[x\ny]] g -- c\nh");
    let lines: Vec<u32> = tokens.iter().map(|t| t.1).collect();
    assert_eq!(lines, vec![1, 2, 3, 4, 5, 7, 8, 9, 9]);
}

#[test]
fn symbols() {
    let (tokens, _) = scan(b"// .. ... == >= <= ~= << >> :: ~ # [ ]");
    let values: Vec<Token> = tokens.iter().map(|t| t.0).collect();
    assert_eq!(
        values,
        vec![
            Token::IDiv,
            Token::Concat,
            Token::Dots,
            Token::Eq,
            Token::Ge,
            Token::Le,
            Token::Ne,
            Token::Shl,
            Token::Shr,
            Token::DbColon,
            Token::Char(b'~'),
            Token::Char(b'#'),
            Token::Char(b'['),
            Token::Char(b']'),
            Token::Eos
        ]
    );
}
