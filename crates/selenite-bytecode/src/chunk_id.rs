//! The short, printable name of a chunk used in messages (`file.lua:3:`), derived from
//! the chunk name as Lua's `luaO_chunkid` derives it: `=name` is used as is, `@file`
//! names a file (long names keep their tail), anything else is source text shown as
//! `[string "first line..."]`. The result never exceeds 59 bytes.

/// Room for the description, terminator included, as in the reference (`LUA_IDSIZE`).
const ID_SIZE: usize = 60;

/// Formats the chunk name `source` for use in messages.
pub fn chunk_id(source: &[u8]) -> String {
    let text = match source.first() {
        Some(b'=') => {
            let rest = &source[1..];
            rest[..rest.len().min(ID_SIZE - 1)].to_vec()
        }
        Some(b'@') => {
            let rest = &source[1..];
            if rest.len() < ID_SIZE {
                rest.to_vec()
            } else {
                let keep = ID_SIZE - 1 - 3;
                let mut v = b"...".to_vec();
                v.extend_from_slice(&rest[rest.len() - keep..]);
                v
            }
        }
        _ => {
            let room = ID_SIZE - "[string \"".len() - "...".len() - "\"]".len() - 1;
            let first_line_end = source.iter().position(|&c| c == b'\n');
            let mut v = b"[string \"".to_vec();
            if source.len() < room && first_line_end.is_none() {
                v.extend_from_slice(source);
            } else {
                let len = first_line_end.unwrap_or(source.len()).min(room);
                v.extend_from_slice(&source[..len]);
                v.extend_from_slice(b"...");
            }
            v.extend_from_slice(b"\"]");
            v
        }
    };
    String::from_utf8_lossy(&text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::chunk_id;

    #[test]
    fn forms() {
        assert_eq!(chunk_id(b"@foo.lua"), "foo.lua");
        assert_eq!(chunk_id(b"=stdin"), "stdin");
        assert_eq!(chunk_id(b"x = 1"), "[string \"x = 1\"]");
        assert_eq!(chunk_id(b"x = 1\ny = 2"), "[string \"x = 1...\"]");
        let long = format!("@{}", "a".repeat(100));
        assert_eq!(chunk_id(long.as_bytes()), format!("...{}", "a".repeat(56)));
        let src = "b".repeat(50);
        assert_eq!(chunk_id(src.as_bytes()), format!("[string \"{}...\"]", "b".repeat(45)));
        assert_eq!(chunk_id(b""), "[string \"\"]");
    }
}
