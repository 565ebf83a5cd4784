//! YAML text → `serde_json::Value`, from saphyr-parser's event stream.
//!
//! Building the value ourselves (rather than through a YAML serde crate)
//! lets us refuse hostile input as soon as it shows up — an anchor, an
//! alias, a second document, nesting past [`MAX_DEPTH`], a duplicate key —
//! without ever expanding anything, and record where every key was written
//! so content errors found later can point at a line.
//!
//! Plain scalars are resolved with the YAML 1.2 core schema (null, booleans,
//! integers, floats, else text); quoted and block scalars are always text.

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Tag};
use serde_json::{Map, Number, Value};

use super::{Position, PositionMap, MAX_DEPTH};

/// A parsed document and where each of its dotted paths was written.
pub(super) struct YamlDocument {
    pub value: Value,
    pub positions: PositionMap,
}

/// Why the text was refused, and where.
#[derive(Debug)]
pub(super) struct YamlError {
    pub position: Position,
    pub path: Option<String>,
    pub message: String,
}

enum Frame {
    Mapping {
        entries: Map<String, Value>,
        path: String,
        pending_key: Option<String>,
    },
    Sequence {
        items: Vec<Value>,
        path: String,
    },
}

fn position(marker: &Marker) -> Position {
    Position {
        line: marker.line(),
        column: marker.col() + 1,
    }
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// Reads one YAML document; `Ok(None)` when the text holds none (only
/// comments or blank lines).
pub(super) fn read(text: &str) -> Result<Option<YamlDocument>, YamlError> {
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Value> = None;
    let mut positions = PositionMap::new();
    let mut documents = 0usize;

    for item in Parser::new_from_str(text) {
        let (event, span) = item.map_err(|e| YamlError {
            position: position(e.marker()),
            path: None,
            message: explain_scan_error(e.info()),
        })?;
        let at = position(&span.start);
        let fail = |stack: &[Frame], message: String| YamlError {
            position: at,
            path: current_path(stack),
            message,
        };
        match event {
            Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(fail(
                        &stack,
                        "the file holds more than one YAML document (a second '---'); put each contract in its own file"
                            .into(),
                    ));
                }
            }
            Event::Alias(_) => return Err(fail(&stack, alias_message())),
            Event::Scalar(text, style, anchor, tag) => {
                if anchor != 0 {
                    return Err(fail(&stack, anchor_message()));
                }
                if let Some(Frame::Mapping {
                    entries,
                    path,
                    pending_key,
                }) = stack.last_mut()
                {
                    if pending_key.is_none() {
                        let key = text.into_owned();
                        let key_path = join(path, &key);
                        if entries.contains_key(&key) {
                            return Err(YamlError {
                                position: at,
                                path: Some(key_path),
                                message: format!("the key \"{key}\" is written twice in the same mapping; keep one"),
                            });
                        }
                        positions.insert(key_path, at);
                        *pending_key = Some(key);
                        continue;
                    }
                }
                let value =
                    scalar_value(&text, style, tag.as_deref()).map_err(|m| fail(&stack, m))?;
                record_item_position(&stack, &mut positions, at);
                attach(&mut stack, &mut root, value);
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                let (is_mapping, anchor, tag) = match event {
                    Event::MappingStart(anchor, tag) => (true, anchor, tag),
                    Event::SequenceStart(anchor, tag) => (false, anchor, tag),
                    _ => unreachable!("matched above"),
                };
                if anchor != 0 {
                    return Err(fail(&stack, anchor_message()));
                }
                if let Some(tag) = tag {
                    let expected = if is_mapping { "map" } else { "seq" };
                    if !(tag.is_yaml_core_schema() && tag.suffix == expected) {
                        return Err(fail(&stack, tag_message(&tag)));
                    }
                }
                if let Some(Frame::Mapping {
                    pending_key: None, ..
                }) = stack.last()
                {
                    return Err(fail(
                        &stack,
                        "a key must be plain text, not a mapping or a list".into(),
                    ));
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(fail(&stack, depth_message()));
                }
                record_item_position(&stack, &mut positions, at);
                let path = child_path(&stack);
                stack.push(if is_mapping {
                    Frame::Mapping {
                        entries: Map::new(),
                        path,
                        pending_key: None,
                    }
                } else {
                    Frame::Sequence {
                        items: Vec::new(),
                        path,
                    }
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let value = match stack.pop() {
                    Some(Frame::Mapping { entries, .. }) => Value::Object(entries),
                    Some(Frame::Sequence { items, .. }) => Value::Array(items),
                    None => continue,
                };
                attach(&mut stack, &mut root, value);
            }
        }
    }
    Ok(root.map(|value| YamlDocument { value, positions }))
}

/// The parser refuses some hostile input itself (an alias to nothing, very
/// deep flow nesting); say so in the same words as our own checks.
fn explain_scan_error(info: &str) -> String {
    if info.contains("unknown anchor") {
        return alias_message();
    }
    if info.contains("recursion limit") {
        return depth_message();
    }
    format!("invalid YAML: {info}")
}

fn depth_message() -> String {
    format!("the file nests deeper than {MAX_DEPTH} levels; a contract needs 3")
}

fn alias_message() -> String {
    "YAML aliases (*name) are not allowed in contract files; write the value out in full".into()
}

fn anchor_message() -> String {
    "YAML anchors (&name) are not allowed in contract files; write each value out in full".into()
}

fn tag_message(tag: &Tag) -> String {
    format!("YAML tags such as {tag} are not allowed in contract files; remove the tag")
}

/// The path of the value being built at the top of the stack, for messages.
fn current_path(stack: &[Frame]) -> Option<String> {
    let path = child_path(stack);
    (!path.is_empty()).then_some(path)
}

/// The path the next value will have once attached to the top frame.
fn child_path(stack: &[Frame]) -> String {
    match stack.last() {
        None => String::new(),
        Some(Frame::Mapping {
            path, pending_key, ..
        }) => match pending_key {
            Some(key) => join(path, key),
            None => path.clone(),
        },
        Some(Frame::Sequence { items, path }) => format!("{path}[{}]", items.len()),
    }
}

/// List items and the root have no key to point at, so they are located by
/// their own start; a value under a key keeps the key's position.
fn record_item_position(stack: &[Frame], positions: &mut PositionMap, at: Position) {
    positions.entry(child_path(stack)).or_insert(at);
}

fn attach(stack: &mut [Frame], root: &mut Option<Value>, value: Value) {
    match stack.last_mut() {
        None => *root = Some(value),
        Some(Frame::Mapping {
            entries,
            pending_key,
            ..
        }) => {
            if let Some(key) = pending_key.take() {
                entries.insert(key, value);
            }
        }
        Some(Frame::Sequence { items, .. }) => items.push(value),
    }
}

fn scalar_value(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Result<Value, String> {
    if let Some(tag) = tag {
        if tag.is_yaml_core_schema() && tag.suffix == "str" {
            return Ok(Value::String(text.to_string()));
        }
        return Err(tag_message(tag));
    }
    if style == ScalarStyle::Plain {
        resolve_plain(text)
    } else {
        Ok(Value::String(text.to_string()))
    }
}

/// YAML 1.2 core schema resolution of an unquoted scalar.
pub(super) fn resolve_plain(text: &str) -> Result<Value, String> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Ok(Value::Null),
        "true" | "True" | "TRUE" => return Ok(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Ok(Value::Bool(false)),
        _ => {}
    }
    if is_decimal_int(text) {
        if let Ok(n) = text.parse::<i64>() {
            return Ok(Value::Number(n.into()));
        }
        if let Ok(n) = text.trim_start_matches('+').parse::<u64>() {
            return Ok(Value::Number(n.into()));
        }
        return float_value(text);
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
    if is_core_float(text) {
        return float_value(text);
    }
    let unsigned = text.trim_start_matches(['+', '-']);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Err(format!(
            "{text} is not a usable number; write a finite number, or quote it to mean text"
        ));
    }
    Ok(Value::String(text.to_string()))
}

fn float_value(text: &str) -> Result<Value, String> {
    text.parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .map(Value::Number)
        .ok_or_else(|| {
            format!(
                "{text} is not a usable number; write a finite number, or quote it to mean text"
            )
        })
}

/// `[-+]?[0-9]+`
fn is_decimal_int(text: &str) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
fn is_core_float(text: &str) -> bool {
    let body = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => {
            all_digits(whole) && all_digits(fraction) && (!whole.is_empty() || !fraction.is_empty())
        }
        None => !mantissa.is_empty() && all_digits(mantissa),
    };
    let exponent_ok = match exponent {
        None => true,
        Some(e) => is_decimal_int(e),
    };
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_scalars_follow_the_core_schema() {
        assert_eq!(resolve_plain("~").unwrap(), Value::Null);
        assert_eq!(resolve_plain("True").unwrap(), Value::Bool(true));
        assert_eq!(resolve_plain("-12").unwrap(), serde_json::json!(-12));
        assert_eq!(resolve_plain("0x1F").unwrap(), serde_json::json!(31));
        assert_eq!(resolve_plain("0o17").unwrap(), serde_json::json!(15));
        assert_eq!(resolve_plain(".5").unwrap(), serde_json::json!(0.5));
        assert_eq!(resolve_plain("1e-7").unwrap(), serde_json::json!(1e-7));
        assert_eq!(resolve_plain("yes").unwrap(), serde_json::json!("yes"));
        assert_eq!(
            resolve_plain("2026-11-02").unwrap(),
            serde_json::json!("2026-11-02")
        );
        assert_eq!(resolve_plain("1.2.3").unwrap(), serde_json::json!("1.2.3"));
        assert_eq!(resolve_plain(".").unwrap(), serde_json::json!("."));
        assert!(resolve_plain(".inf").is_err());
        assert!(resolve_plain(".nan").is_err());
    }
}
