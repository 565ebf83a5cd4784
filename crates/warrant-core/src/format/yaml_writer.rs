//! `serde_json::Value` → block-style YAML text that [`super::yaml_reader`]
//! reads back to the same value.
//!
//! Written here rather than through a YAML serializer so the quoting rule is
//! exactly the inverse of our reader: a string is left unquoted only when it
//! is plain ASCII the core schema would read back as that same text (and
//! not a YAML 1.1 boolean like `yes`, for other tools' sake); everything
//! else is double-quoted with escapes, so no character — control codes,
//! line separators, byte-order marks — can change meaning on the way back.

use std::fmt::Write;

use serde_json::Value;

use super::yaml_reader::resolve_plain;

/// The document, ending in a newline. Key order is the value's order.
pub(super) fn write(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => write_block(&mut out, value, 0, false),
        Value::Array(items) if !items.is_empty() => write_block(&mut out, value, 0, false),
        scalar => {
            out.push_str(&inline(scalar));
            out.push('\n');
        }
    }
    out
}

/// Writes a non-empty mapping or list whose lines start at `indent`. When
/// `continues_line`, the first line goes right after a list dash already
/// written.
fn write_block(out: &mut String, value: &Value, indent: usize, continues_line: bool) {
    let mut first = true;
    let mut line_start = |out: &mut String| {
        if !(first && continues_line) {
            out.push_str(&" ".repeat(indent));
        }
        first = false;
    };
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                line_start(out);
                out.push_str(&scalar_text(key));
                out.push(':');
                write_child(out, child, indent + 2, false);
            }
        }
        Value::Array(items) => {
            for child in items {
                line_start(out);
                out.push('-');
                write_child(out, child, indent + 2, true);
            }
        }
        _ => unreachable!("write_block is only called with collections"),
    }
}

fn write_child(out: &mut String, child: &Value, indent: usize, after_dash: bool) {
    let nested = match child {
        Value::Object(map) => !map.is_empty(),
        Value::Array(items) => !items.is_empty(),
        _ => false,
    };
    if !nested {
        out.push(' ');
        out.push_str(&inline(child));
        out.push('\n');
    } else if after_dash {
        out.push(' ');
        write_block(out, child, indent, true);
    } else {
        out.push('\n');
        write_block(out, child, indent, false);
    }
}

fn inline(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => scalar_text(s),
        Value::Object(_) => "{}".into(),
        Value::Array(_) => "[]".into(),
    }
}

/// The string as written: unquoted when that is unambiguous, else quoted.
fn scalar_text(s: &str) -> String {
    if can_be_plain(s) {
        s.to_string()
    } else {
        double_quoted(s)
    }
}

fn can_be_plain(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let allowed = |c: char| c.is_ascii_alphanumeric() || " _-./@()+,;=$%'?!~:".contains(c);
    (first.is_ascii_alphanumeric() || first == '_')
        && s.chars().all(allowed)
        && !s.ends_with(' ')
        && !s.ends_with(':')
        && !s.contains(": ")
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "y" | "n" | "yes" | "no" | "on" | "off"
        )
        && resolve_plain(s).ok() == Some(Value::String(s.to_string()))
}

fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c if (c as u32) > 0xFFFF && !is_printable(c) => {
                let _ = write!(out, "\\U{:08X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters YAML does not allow raw (c-printable), plus the ones some
/// readers take as line breaks or a byte-order mark.
fn needs_escape(c: char) -> bool {
    let n = c as u32;
    n <= 0xFFFF && (!is_printable(c) || matches!(n, 0x85 | 0x2028 | 0x2029 | 0xFEFF))
}

fn is_printable(c: char) -> bool {
    matches!(c as u32, 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}
