//! Helpers shared by the tests: the `\xNN` escaping of the reference tables in
//! `testdata/` (bytes outside letters, digits, punctuation and space, and the
//! separators `\`, `,`, `;`).

/// Escapes bytes as the table generators do.
pub fn escape(bytes: &[u8]) -> String {
    let mut out = String::new();
    for &c in bytes {
        let plain = (c.is_ascii_alphanumeric() || c.is_ascii_punctuation() || c == b' ') && !b"\\,;".contains(&c);
        if plain {
            out.push(char::from(c));
        } else {
            out.push_str(&format!("\\x{c:02x}"));
        }
    }
    out
}

/// Decodes `\xNN` escapes.
pub fn unescape(text: &str) -> Vec<u8> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let hex = b.get(i + 2..i + 4).and_then(|h| std::str::from_utf8(h).ok());
        match (b[i], b.get(i + 1), hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'\\', Some(b'x'), Some(byte)) => {
                out.push(byte);
                i += 4;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}
