//! Where each dotted path of a JSON contract was written, so a content
//! error in a JSON file points at a line and column as it does in YAML.
//!
//! serde_json's `Value` forgets positions and keeps the last of two equal
//! keys; this scan over text serde_json has already accepted records the
//! position of every key and list item and refuses a key written twice.

use std::collections::HashSet;

use super::{Position, PositionMap};

/// A key written twice in one object: its path and the second position.
pub(super) struct DuplicateKey {
    pub path: String,
    pub key: String,
    pub position: Position,
}

/// Positions of the root (path `""`), every key and every list item of
/// `text`, which must be valid JSON.
pub(super) fn scan(text: &str) -> Result<PositionMap, DuplicateKey> {
    let mut scanner = Scanner::new(text, true);
    scanner.value(String::new())?;
    Ok(scanner.positions)
}

/// The path of the last key or list item that starts before `at` in
/// `text`, which may be invalid JSON: where a syntax error stands.
pub(super) fn path_before(text: &str, at: Position) -> Option<String> {
    let mut scanner = Scanner::new(text, false);
    let _ = scanner.value(String::new());
    scanner
        .positions
        .into_iter()
        .filter(|(path, p)| !path.is_empty() && (p.line, p.column) < (at.line, at.column))
        .max_by_key(|(_, p)| (p.line, p.column))
        .map(|(path, _)| path)
}

struct Scanner<'a> {
    /// Refuse a key written twice (off when only locating a syntax error).
    strict: bool,
    bytes: &'a [u8],
    text: &'a str,
    at: usize,
    line: usize,
    /// In characters, like the YAML reader's.
    column: usize,
    positions: PositionMap,
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str, strict: bool) -> Self {
        Scanner {
            strict,
            bytes: text.as_bytes(),
            text,
            at: 0,
            line: 1,
            column: 1,
            positions: PositionMap::new(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn bump(&mut self) {
        if let Some(b) = self.peek() {
            self.at += 1;
            if b == b'\n' {
                self.line += 1;
                self.column = 1;
            } else if b & 0xC0 != 0x80 {
                self.column += 1;
            }
        }
    }

    fn here(&self) -> Position {
        Position {
            line: self.line,
            column: self.column,
        }
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.bump();
        }
    }

    fn value(&mut self, path: String) -> Result<(), DuplicateKey> {
        self.skip_space();
        let here = self.here();
        self.positions.entry(path.clone()).or_insert(here);
        match self.peek() {
            Some(b'{') => self.object(&path),
            Some(b'[') => self.array(&path),
            Some(b'"') => {
                self.string();
                Ok(())
            }
            _ => {
                while !matches!(
                    self.peek(),
                    None | Some(b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r')
                ) {
                    self.bump();
                }
                Ok(())
            }
        }
    }

    /// Skips a string and returns its raw text, quotes included.
    fn string(&mut self) -> &str {
        let start = self.at;
        self.bump();
        while let Some(b) = self.peek() {
            self.bump();
            match b {
                b'\\' => self.bump(),
                b'"' => break,
                _ => {}
            }
        }
        &self.text[start..self.at]
    }

    fn object(&mut self, path: &str) -> Result<(), DuplicateKey> {
        self.bump();
        let mut seen = HashSet::new();
        loop {
            self.skip_space();
            match self.peek() {
                Some(b'"') => {}
                Some(b'}') | None => {
                    self.bump();
                    return Ok(());
                }
                Some(_) => {
                    self.bump();
                    continue;
                }
            }
            let at = self.here();
            let raw = self.string();
            let key = if raw.contains('\\') {
                serde_json::from_str::<String>(raw).unwrap_or_else(|_| raw.to_string())
            } else {
                // An unterminated key at the end of broken text has no
                // closing quote to drop (and may end in a multi-byte letter).
                let inner = raw.strip_prefix('"').unwrap_or(raw);
                inner.strip_suffix('"').unwrap_or(inner).to_string()
            };
            let key_path = join(path, &key);
            if !seen.insert(key.clone()) && self.strict {
                return Err(DuplicateKey {
                    path: key_path,
                    key,
                    position: at,
                });
            }
            self.positions.insert(key_path.clone(), at);
            self.skip_space();
            if self.peek() == Some(b':') {
                self.bump();
            }
            let before = self.at;
            self.value(key_path)?;
            self.skip_space();
            if self.peek() == Some(b',') || self.at == before {
                // The separator, or (in broken text) a byte no rule took.
                self.bump();
            }
        }
    }

    fn array(&mut self, path: &str) -> Result<(), DuplicateKey> {
        self.bump();
        let mut index = 0usize;
        loop {
            self.skip_space();
            match self.peek() {
                Some(b']') | None => {
                    self.bump();
                    return Ok(());
                }
                Some(b',') => {
                    self.bump();
                    continue;
                }
                Some(_) => {}
            }
            let before = self.at;
            self.value(format!("{path}[{index}]"))?;
            if self.at == before {
                // Broken text: a byte no rule took, such as a stray '}'.
                self.bump();
            }
            index += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_items_have_positions() {
        let text = "{\n  \"id\": \"x\",\n  \"sources\": [\n    {\"owner\": \"é@x.io\", \"name\": \"n\"}\n  ]\n}";
        let map = scan(text).ok().unwrap();
        assert_eq!(map[""], Position { line: 1, column: 1 });
        assert_eq!(map["id"], Position { line: 2, column: 3 });
        assert_eq!(map["sources[0]"], Position { line: 4, column: 5 });
        assert_eq!(map["sources[0].owner"], Position { line: 4, column: 6 });
        assert_eq!(
            map["sources[0].name"],
            Position {
                line: 4,
                column: 25
            }
        );
    }

    #[test]
    fn a_syntax_error_is_placed_after_the_last_key_before_it() {
        let text = "{\"a\": 1,\n \"b\": {\"c\": }, [}\n";
        let at = Position {
            line: 2,
            column: 12,
        };
        assert_eq!(path_before(text, at).as_deref(), Some("b.c"));
        assert_eq!(path_before("{]", Position { line: 1, column: 2 }), None);
    }

    #[test]
    fn a_key_written_twice_is_refused_where_it_repeats() {
        let Err(dup) = scan("{\"a\": {\"b\": 1,\n \"b\": 2}}") else {
            panic!("accepted a duplicate key")
        };
        assert_eq!(dup.path, "a.b");
        assert_eq!(dup.key, "b");
        assert_eq!(dup.position, Position { line: 2, column: 2 });
    }

    #[test]
    fn an_unterminated_key_ending_in_a_multi_byte_letter_is_read() {
        // Found by the property below: `{"3é` used to slice inside 'é'.
        let _ = path_before("{\"3\u{e9}", Position { line: 3, column: 5 });
        let _ = path_before("{\"a\": {\"\u{e9}", Position { line: 1, column: 9 });
    }

    proptest::proptest! {
        /// Locating a syntax error never fails on broken text, whatever it holds.
        #[test]
        fn locating_in_broken_text_never_panics(text in "[{}\\[\\]\":,a-z\u{e9}\\\\ \n0-9]{0,60}") {
            let _ = path_before(&text, Position { line: 3, column: 5 });
        }
    }
}
