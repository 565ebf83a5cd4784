//! Canonical JSON (RFC 8785, the JSON Canonicalization Scheme) and the
//! content hash of a contract built on it.
//!
//! Two programs that hold the same JSON value must produce the same bytes,
//! so that a hash or a signature made by one is checked by the other: the
//! team repository signs records over their canonical form, and every
//! registry names a contract version by [`content_sha256`]. JCS fixes the
//! three things plain serialization leaves open:
//!
//! - object members are sorted by their names compared as UTF-16 code units
//!   (not as UTF-8 bytes or `char`s: the two orders differ above U+FFFF);
//! - numbers are written as ECMAScript's `Number.prototype.toString` writes
//!   an IEEE 754 double (`1e+30`, `0.002`, `4.5`, never `4.50` or `1E30`);
//! - strings escape only `"`, `\` and the control characters below U+0020,
//!   with the short forms `\b \f \n \r \t` and lowercase `\u00xx` otherwise;
//!   everything else, non-ASCII included, is written as itself.
//!
//! No white space is written. Every number is taken as a double, as JCS
//! requires: an integer beyond 2^53 is written as the double nearest to it
//! (warrant/v1 content never holds one; hours and days fit in 32 bits).
//!
//! Held here rather than taken from a crate: it is about a hundred lines,
//! and the RFC's own examples (in the tests below) pin every rule of it.

use std::fmt::Write;

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::model::Contract;

/// The canonical (RFC 8785) text of `value`.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value);
    out
}

/// Hex SHA-256 of the canonical JSON of a contract as warrant/v1, without its
/// `status`: the status is where the contract is in its lifecycle, not what it
/// says, so a launch or a pause never changes the content hash and approvals
/// recorded on the content keep counting.
pub fn content_sha256(contract: &Contract) -> String {
    let mut content = contract.clone();
    content.status = None;
    let value = serde_json::to_value(&content).expect("a contract always serializes to JSON");
    sha256_hex(canonical_json(&value).as_bytes())
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in digest.iter() {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

fn write_value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => {
            // serde_json never holds NaN or an infinity, so every number has
            // a double and a canonical spelling.
            let double = n.as_f64().expect("a JSON number is representable as f64");
            write_number(out, double);
        }
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(members) => {
            let mut sorted: Vec<(&String, &Value)> = members.iter().collect();
            sorted.sort_by(|(a, _), (b, _)| a.encode_utf16().cmp(b.encode_utf16()));
            out.push('{');
            for (i, (name, member)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, name);
                out.push(':');
                write_value(out, member);
            }
            out.push('}');
        }
    }
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// ECMAScript's Number-to-String (ECMA-262, 7.1.12.1) for a finite double.
///
/// The digits are the shortest that read back as the same double; the
/// layout is then decided from the digit count `k` and the decimal exponent
/// `n` (value = 0.d1d2…dk × 10^n).
fn write_number(out: &mut String, value: f64) {
    if value == 0.0 {
        // Both zeros are written "0".
        out.push('0');
        return;
    }
    if value < 0.0 {
        out.push('-');
    }
    let (digits, n) = shortest_digits(value.abs());
    let k = digits.len() as i32;
    if k <= n && n <= 21 {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (n - k) as usize));
    } else if 0 < n && n <= 21 {
        out.push_str(&digits[..n as usize]);
        out.push('.');
        out.push_str(&digits[n as usize..]);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-n) as usize));
        out.push_str(&digits);
    } else {
        out.push_str(&digits[..1]);
        if k > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let shown = n - 1;
        let _ = write!(out, "e{}{}", if shown < 0 { '-' } else { '+' }, shown.abs());
    }
}

/// The shortest digits that read back as `value` (positive, finite) and the
/// decimal exponent `n`, value ≈ 0.digits × 10^n.
///
/// Rust's `{:e}` already gives the shortest digits, closest to the value;
/// only when the value lies exactly half-way between two shortest
/// candidates do the rules differ: ECMAScript takes the even one, Rust the
/// upper (RFC 8785's sample 1424953923781206.25 is written …206.2). That
/// case is found by comparing the half-way point with the exact decimal
/// expansion of the double, which is finite.
fn shortest_digits(value: f64) -> (String, i32) {
    let (digits, exponent) = scientific(&format!("{value:e}"));
    let n = exponent + 1;
    let k = digits.len() as i32;
    let Ok(chosen) = digits.parse::<u64>() else {
        return (digits, n);
    };
    // value ≈ chosen × 10^(n-k): look at the neighbours in the last place.
    for neighbour in [chosen.wrapping_sub(1), chosen + 1] {
        let text = neighbour.to_string();
        if text.len() != digits.len() || text.ends_with('0') {
            continue;
        }
        if format!("{text}e{}", n - k).parse::<f64>() != Ok(value) {
            continue;
        }
        let half_way = neighbour.min(chosen) * 10 + 5;
        let half_way_exponent = half_way.to_string().len() as i32 - 1 + (n - k - 1);
        let (half_way_digits, _) = scientific(&format!("{half_way}e0"));
        let exact = scientific(&format!("{value:.1100e}"));
        if exact == (half_way_digits, half_way_exponent) && neighbour % 2 == 0 {
            return (text, n);
        }
    }
    (digits, n)
}

/// `d.ddde±x` → (the digits without trailing zeros, x).
fn scientific(text: &str) -> (String, i32) {
    let (mantissa, exponent) = text.split_once('e').expect("scientific notation");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    (
        digits.to_string(),
        exponent.parse().expect("a decimal exponent"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(bits: u64) -> String {
        let mut out = String::new();
        write_number(&mut out, f64::from_bits(bits));
        out
    }

    /// RFC 8785 Appendix B: the IEEE 754 samples and their canonical text.
    #[test]
    fn numbers_match_rfc_8785_appendix_b() {
        let samples: &[(u64, &str)] = &[
            (0x0000000000000000, "0"),
            (0x8000000000000000, "0"),
            (0x0000000000000001, "5e-324"),
            (0x8000000000000001, "-5e-324"),
            (0x7fefffffffffffff, "1.7976931348623157e+308"),
            (0xffefffffffffffff, "-1.7976931348623157e+308"),
            (0x4340000000000000, "9007199254740992"),
            (0xc340000000000000, "-9007199254740992"),
            (0x4430000000000000, "295147905179352830000"),
            (0x44b52d02c7e14af5, "9.999999999999997e+22"),
            (0x44b52d02c7e14af6, "1e+23"),
            (0x44b52d02c7e14af7, "1.0000000000000001e+23"),
            (0x444b1ae4d6e2ef4e, "999999999999999700000"),
            (0x444b1ae4d6e2ef4f, "999999999999999900000"),
            (0x444b1ae4d6e2ef50, "1e+21"),
            (0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"),
            (0x3eb0c6f7a0b5ed8d, "0.000001"),
            (0x41b3de4355555553, "333333333.3333332"),
            (0x41b3de4355555554, "333333333.33333325"),
            (0x41b3de4355555555, "333333333.3333333"),
            (0x41b3de4355555556, "333333333.3333334"),
            (0x41b3de4355555557, "333333333.33333343"),
            (0xbecbf647612f3696, "-0.0000033333333333333333"),
            (0x43143ff3c1cb0959, "1424953923781206.2"),
        ];
        for &(bits, expected) in samples {
            assert_eq!(number(bits), expected, "0x{bits:016x}");
        }
    }

    /// RFC 8785 §3.2.2: the sample object and its canonical form.
    #[test]
    fn sample_object_matches_rfc_8785_section_3_2_2() {
        let input = r#"{
          "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
          "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
          "literals": [null, true, false]
        }"#;
        let value: Value = serde_json::from_str(input).unwrap();
        assert_eq!(
            canonical_json(&value),
            r#"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        );
    }

    /// RFC 8785 §3.2.3: members sorted by UTF-16 code units, so the emoji
    /// (a surrogate pair, 0xD83D…) sorts before U+FB33 although its code
    /// point is higher.
    #[test]
    fn members_sort_by_utf16_code_units_as_in_rfc_8785_section_3_2_3() {
        let input = r#"{
          "\u20ac": "Euro Sign",
          "\r": "Carriage Return",
          "\ufb33": "Hebrew Letter Dalet With Dagesh",
          "1": "One",
          "\ud83d\ude00": "Emoji: Grinning Face",
          "\u0080": "Control",
          "\u00f6": "Latin Small Letter O With Diaeresis"
        }"#;
        let value: Value = serde_json::from_str(input).unwrap();
        let names: Vec<String> = {
            let text = canonical_json(&value);
            let back: serde_json::Map<String, Value> = serde_json::from_str(&text).unwrap();
            back.keys().cloned().collect()
        };
        assert_eq!(
            names,
            [
                "\r",
                "1",
                "\u{80}",
                "\u{f6}",
                "\u{20ac}",
                "\u{1f600}",
                "\u{fb33}"
            ]
        );
        assert!(canonical_json(&value).starts_with(r#"{"\r":"Carriage Return","1":"One","#));
    }

    /// Whatever the layout, the text must read back as the very double.
    #[test]
    fn every_number_reads_back_as_the_same_double() {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let value = f64::from_bits(state);
            if !value.is_finite() {
                continue;
            }
            let text = number(state);
            assert_eq!(text.parse::<f64>().unwrap(), value, "{text}");
        }
    }

    #[test]
    fn strings_escape_only_what_json_requires() {
        let value = Value::String("a\u{1}\u{1f}\u{7f}\u{2028}é\t\"\\/".into());
        assert_eq!(
            canonical_json(&value),
            "\"a\\u0001\\u001f\u{7f}\u{2028}é\\t\\\"\\\\/\""
        );
    }

    #[test]
    fn nested_values_have_no_white_space_and_integers_are_doubles() {
        let value =
            serde_json::json!({"b": [1, {"z": 2, "a": -0.5}], "a": 10000000000000000000u64});
        assert_eq!(
            canonical_json(&value),
            r#"{"a":10000000000000000000,"b":[1,{"a":-0.5,"z":2}]}"#
        );
    }

    #[test]
    fn content_hash_ignores_status_and_nothing_else() {
        use crate::model::{Authority, Status, WorkflowCategory};
        let mut contract = Contract::new("a", "A", WorkflowCategory::Other);
        let draft = content_sha256(&contract);
        assert_eq!(draft.len(), 64);
        contract.status = Some(Status::Live);
        assert_eq!(content_sha256(&contract), draft);
        contract.authority = Authority::Act;
        assert_ne!(content_sha256(&contract), draft);
    }
}
