//! YAML for the team repository's own files (`warrant-team.yaml`,
//! `people.yaml`, records): reading into a `serde_json::Value` from
//! saphyr-parser's events, and writing a value back as block YAML.
//!
//! A record's signature covers the canonical JSON of the value read here, so
//! reading must be exact and hostile input must cost nothing: anchors,
//! aliases, tags, a second document, duplicate keys, nesting past
//! [`MAX_DEPTH`] and files over [`MAX_FILE_BYTES`] are refused. Plain scalars
//! follow the YAML 1.2 core schema, the same reading the contract files get
//! (`warrant_core::format`); quoted and block scalars are always text.
//!
//! Writing quotes every string (double-quoted, JSON-style escapes, which YAML
//! reads the same way) except multi-line text that a literal block (`|`)
//! carries unchanged, such as an armored signature. So what is written reads
//! back as the very value that was signed, whatever the text holds.

use saphyr_parser::{Event, Parser, ScalarStyle};
use serde_json::{Map, Number, Value};

/// Deepest nesting accepted. A record needs 2.
pub const MAX_DEPTH: usize = 16;

/// Largest team file accepted, in bytes (a `people.yaml` of a few thousand
/// people fits many times over).
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

/// Reads a team file as text, refusing one over [`MAX_FILE_BYTES`] before
/// reading it (a file in a repository is anyone's to make huge).
pub fn read_file(path: &std::path::Path) -> std::io::Result<String> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let mut text = String::new();
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_string(&mut text)?;
    if text.len() > MAX_FILE_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("the file is larger than {MAX_FILE_BYTES} bytes"),
        ));
    }
    Ok(text)
}

/// Why a text is not acceptable YAML, with the dotted path where known.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    pub line: usize,
    pub path: Option<String>,
    pub message: String,
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: ", self.line)?;
        if let Some(path) = &self.path {
            write!(f, "{path}: ")?;
        }
        f.write_str(&self.message)
    }
}

enum Frame {
    Mapping {
        entries: Map<String, Value>,
        path: String,
        key: Option<String>,
    },
    Sequence {
        items: Vec<Value>,
        path: String,
    },
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

fn child_path(stack: &[Frame]) -> String {
    match stack.last() {
        None => String::new(),
        Some(Frame::Mapping { path, key, .. }) => match key {
            Some(key) => join(path, key),
            None => path.clone(),
        },
        Some(Frame::Sequence { items, path }) => format!("{path}[{}]", items.len()),
    }
}

/// Reads one YAML document into a value (`Null` for an empty file).
pub fn read(text: &str) -> Result<Value, YamlError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(YamlError {
            line: 1,
            path: None,
            message: format!("the file is larger than {MAX_FILE_BYTES} bytes"),
        });
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Value> = None;
    let mut documents = 0;
    for item in Parser::new_from_str(text) {
        let (event, span) = item.map_err(|e| YamlError {
            line: e.marker().line(),
            path: None,
            message: format!("invalid YAML: {}", e.info()),
        })?;
        let line = span.start.line();
        let fail = |stack: &[Frame], message: &str| YamlError {
            line,
            path: Some(child_path(stack)).filter(|p| !p.is_empty()),
            message: message.to_string(),
        };
        match event {
            Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(fail(&stack, "the file holds more than one YAML document"));
                }
            }
            Event::Alias(_) => {
                return Err(fail(&stack, "YAML aliases (*name) are not allowed here"))
            }
            Event::Scalar(text, style, anchor, tag) => {
                if anchor != 0 {
                    return Err(fail(&stack, "YAML anchors (&name) are not allowed here"));
                }
                let is_str_tag = tag
                    .as_ref()
                    .is_some_and(|t| t.is_yaml_core_schema() && t.suffix == "str");
                if tag.is_some() && !is_str_tag {
                    return Err(fail(&stack, "YAML tags are not allowed here"));
                }
                if let Some(Frame::Mapping {
                    entries,
                    path,
                    key: key @ None,
                }) = stack.last_mut()
                {
                    let name = text.into_owned();
                    if entries.contains_key(&name) {
                        return Err(YamlError {
                            line,
                            path: Some(join(path, &name)),
                            message: format!("the key \"{name}\" is written twice; keep one"),
                        });
                    }
                    *key = Some(name);
                    continue;
                }
                let value = if style == ScalarStyle::Plain && !is_str_tag {
                    resolve_plain(&text).map_err(|m| fail(&stack, &m))?
                } else {
                    Value::String(text.into_owned())
                };
                attach(&mut stack, &mut root, value);
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let (is_mapping, anchor, tag) = match event {
                    Event::MappingStart(anchor, tag) => (true, anchor, tag),
                    Event::SequenceStart(anchor, tag) => (false, anchor, tag),
                    _ => unreachable!("matched above"),
                };
                if anchor != 0 {
                    return Err(fail(&stack, "YAML anchors (&name) are not allowed here"));
                }
                if tag.is_some() {
                    return Err(fail(&stack, "YAML tags are not allowed here"));
                }
                if let Some(Frame::Mapping { key: None, .. }) = stack.last() {
                    return Err(fail(&stack, "a key must be plain text"));
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(fail(
                        &stack,
                        &format!("the file nests deeper than {MAX_DEPTH} levels"),
                    ));
                }
                let path = child_path(&stack);
                stack.push(if is_mapping {
                    Frame::Mapping {
                        entries: Map::new(),
                        path,
                        key: None,
                    }
                } else {
                    Frame::Sequence {
                        items: Vec::new(),
                        path,
                    }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let value = match stack.pop() {
                    Some(Frame::Mapping { entries, .. }) => Value::Object(entries),
                    Some(Frame::Sequence { items, .. }) => Value::Array(items),
                    None => continue,
                };
                attach(&mut stack, &mut root, value);
            }
        }
    }
    Ok(root.unwrap_or(Value::Null))
}

fn attach(stack: &mut [Frame], root: &mut Option<Value>, value: Value) {
    match stack.last_mut() {
        None => *root = Some(value),
        Some(Frame::Mapping { entries, key, .. }) => {
            if let Some(key) = key.take() {
                entries.insert(key, value);
            }
        }
        Some(Frame::Sequence { items, .. }) => items.push(value),
    }
}

/// YAML 1.2 core schema resolution of an unquoted scalar.
fn resolve_plain(text: &str) -> Result<Value, String> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Ok(Value::Null),
        "true" | "True" | "TRUE" => return Ok(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Ok(Value::Bool(false)),
        _ => {}
    }
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if all_digits(unsigned) {
        if let Ok(n) = text.parse::<i64>() {
            return Ok(Value::Number(n.into()));
        }
        if let Ok(n) = unsigned.parse::<u64>() {
            if !text.starts_with('-') {
                return Ok(Value::Number(n.into()));
            }
        }
    }
    for (prefix, radix) in [("0o", 8), ("0x", 16)] {
        if let Some(digits) = text.strip_prefix(prefix) {
            if !digits.is_empty() && digits.chars().all(|c| c.is_digit(radix)) {
                return u64::from_str_radix(digits, radix)
                    .map(|n| Value::Number(n.into()))
                    .map_err(|_| format!("the number {text} is too large"));
            }
        }
    }
    if is_core_float(unsigned) || all_digits(unsigned) {
        return text
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| format!("{text} is not a usable number; quote it to mean text"));
    }
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Err(format!(
            "{text} is not a usable number; quote it to mean text"
        ));
    }
    Ok(Value::String(text.to_string()))
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, sign already removed.
fn is_core_float(body: &str) -> bool {
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => {
            digits(whole) && digits(fraction) && !(whole.is_empty() && fraction.is_empty())
        }
        None => !mantissa.is_empty() && digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

/// Block YAML for `value` (an object at the top), ending in a newline.
pub fn write(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(members) if !members.is_empty() => write_members(&mut out, members, 0),
        other => {
            out.push_str(&inline(other));
            out.push('\n');
        }
    }
    out
}

fn write_members(out: &mut String, members: &Map<String, Value>, indent: usize) {
    for (name, member) in members {
        out.extend(std::iter::repeat_n(' ', indent));
        out.push_str(&key(name));
        out.push(':');
        write_nested(out, member, indent);
    }
}

/// Writes what follows `key:` or `-`: a scalar on the same line, or the
/// children on the lines below.
fn write_nested(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Object(members) if !members.is_empty() => {
            out.push('\n');
            write_members(out, members, indent + 2);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            for item in items {
                out.extend(std::iter::repeat_n(' ', indent));
                out.push('-');
                match item {
                    Value::Object(members) if !members.is_empty() => {
                        // `- first: …` then the other members under it.
                        let mut first = true;
                        for (name, member) in members {
                            if first {
                                out.push(' ');
                                first = false;
                            } else {
                                out.extend(std::iter::repeat_n(' ', indent + 2));
                            }
                            out.push_str(&key(name));
                            out.push(':');
                            write_nested(out, member, indent + 2);
                        }
                    }
                    other => write_nested(out, other, indent + 2),
                }
            }
        }
        Value::String(text) if literal_block_fits(text) => {
            out.push_str(if text.ends_with('\n') {
                " |\n"
            } else {
                " |-\n"
            });
            for line in text.trim_end_matches('\n').split('\n') {
                if !line.is_empty() {
                    out.extend(std::iter::repeat_n(' ', indent + 2));
                    out.push_str(line);
                }
                out.push('\n');
            }
        }
        other => {
            out.push(' ');
            out.push_str(&inline(other));
            out.push('\n');
        }
    }
}

/// A literal block keeps the text exactly when it has several lines, none
/// starting with a space (which would read as indentation) and nothing YAML
/// would not carry as is (control characters, CR, tabs), and at most one
/// final newline.
fn literal_block_fits(text: &str) -> bool {
    text.trim_end_matches('\n').contains('\n')
        && !text.ends_with("\n\n")
        && !text.starts_with('\n')
        && text.split('\n').all(|line| !line.starts_with(' '))
        && text.chars().all(|c| c == '\n' || is_plain_printable(c))
}

fn is_plain_printable(c: char) -> bool {
    !(c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        ))
}

fn key(name: &str) -> String {
    let plain = name
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b == b'_')
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if plain {
        name.to_string()
    } else {
        quoted(name)
    }
}

fn inline(value: &Value) -> String {
    match value {
        Value::String(text) => quoted(text),
        Value::Object(_) => "{}".into(),
        Value::Array(_) => "[]".into(),
        other => other.to_string(),
    }
}

/// A double-quoted scalar. Everything YAML cannot hold as is in a quoted
/// scalar (control characters, line and paragraph separators, byte-order
/// marks, non-characters) is escaped as `\uXXXX`, which reads back as the
/// same character.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if !is_plain_printable(c) => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn written_values_read_back_unchanged() {
        let value = json!({
            "format": "warrant-record/v1",
            "comment": "yes\n\"quoted\" \\ 007 true ~ null: - #x \u{1}\u{85}\u{2028}\u{feff} é",
            "number_like": "1e3",
            "empty": "",
            "roles": ["business", "data"],
            "none": [],
            "counts": {"eligible": 3, "review": 0},
            "list_of_maps": [{"a": 1, "b": "x"}, {"c": true}],
            "Odd Key": null,
            "signature": "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n",
            "two_lines": "first\nsecond"
        });
        let text = write(&value);
        assert!(
            text.contains("signature: |\n  -----BEGIN SSH SIGNATURE-----\n"),
            "{text}"
        );
        assert_eq!(read(&text).unwrap(), value, "{text}");
    }

    #[test]
    fn hostile_yaml_is_refused_with_its_path() {
        for (text, expected) in [
            ("a: &x 1\nb: *x\n", "anchors"),
            ("a: !!binary aGk=\n", "tags"),
            ("a: 1\n---\nb: 2\n", "more than one"),
            ("a: 1\na: 2\n", "written twice"),
            ("a: .nan\n", "not a usable number"),
        ] {
            let error = read(text).unwrap_err();
            assert!(error.message.contains(expected), "{text}: {error}");
        }
        let nested = "a:\n".to_string()
            + &(1..20)
                .map(|i| format!("{}b{i}:\n", " ".repeat(i * 2)))
                .collect::<String>();
        assert!(read(&nested).unwrap_err().message.contains("deeper"));
        assert_eq!(read("a:\n  b: [1, *x]\n").unwrap_err().line, 2);
    }

    #[test]
    fn plain_scalars_follow_the_core_schema() {
        assert_eq!(
            read("a: 12\nb: -3\nc: 0.5\nd: yes\ne: ~\nf: 2026-12-01\ng: True\n").unwrap(),
            json!({"a": 12, "b": -3, "c": 0.5, "d": "yes", "e": null, "f": "2026-12-01", "g": true})
        );
    }
}
