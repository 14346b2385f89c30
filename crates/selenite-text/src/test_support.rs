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

/// A small deterministic generator (xorshift64*) for the no-panic tests.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// Up to `max_len` bytes, mostly from `alphabet`, sometimes any byte.
    pub fn bytes(&mut self, alphabet: &[u8], max_len: usize) -> Vec<u8> {
        let len = self.below(max_len + 1);
        (0..len)
            .map(|_| if self.below(10) == 0 { self.next() as u8 } else { alphabet[self.below(alphabet.len())] })
            .collect()
    }
}
