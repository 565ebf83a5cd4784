//! The reading rules of warrant/v1 that types alone do not give: a listed
//! value is a plain word, dates and times have exactly one spelling, hours
//! and days are whole numbers that fit in 32 bits, and an e-mail address
//! has one shape.
//!
//! Each rule is written twice on purpose, side by side: as the code the
//! parser runs and as the JSON Schema pattern the published schema carries.
//! `tests/format_schema_agreement.rs` generates contracts and checks that
//! the schema and the parser accept exactly the same ones.

use std::fmt;
use std::marker::PhantomData;

use chrono::{DateTime, NaiveDate, Utc};
use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::Deserialize;

/// Unicode white space and control characters, as a regex class body.
/// Rust's `char::is_whitespace` and `char::is_control` are exactly these
/// (the `White_Space` property and general category `Cc`); the class is
/// spelled with escapes every JSON Schema regex engine reads alike.
const SPACE_OR_CONTROL: &str =
    r"\x00-\x20\x7F-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";

/// A contract id: lowercase letters, digits and '-', not starting or ending
/// with '-'.
pub const ID_PATTERN: &str = "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$";

/// Text with at least one character that is not white space.
pub const NOT_BLANK_PATTERN: &str =
    r"[^\t-\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]";

/// `YYYY-MM-DD`; the `date` format checks the calendar.
pub const DATE_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

/// RFC 3339 date and time with an upper-case `T` and a `Z` or `±HH:MM`
/// offset; the `date-time` format checks the calendar and the clock.
pub const DATE_TIME_PATTERN: &str =
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$";

/// An owner field: an e-mail address (see [`is_email_address`]) or blank,
/// which means "not set" and is the readiness check's business.
pub fn owner_pattern() -> String {
    let blank = r"[\t-\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*";
    let part = format!("[^@{SPACE_OR_CONTROL}]+");
    let label = format!("[^@.{SPACE_OR_CONTROL}]+");
    format!("^({blank}|{part}@{label}(\\.{label})+)$")
}

/// The one e-mail rule, for the people list and every owner field alike:
/// exactly one `@`, a non-empty part before it, a domain of dot-separated
/// non-empty labels after it (so at least one dot), and no white space or
/// control character anywhere. Deliverability is not checked.
pub fn is_email_address(text: &str) -> bool {
    let clean = |s: &str| !s.is_empty() && !s.chars().any(|c| c.is_whitespace() || c.is_control());
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let labels: Vec<&str> = domain.split('.').collect();
    clean(local)
        && !domain.contains('@')
        && labels.len() >= 2
        && labels.iter().all(|label| clean(label))
}

/// Reads one word of a listed value and nothing else: a mapping, a list, a
/// number or `null` where the word belongs is the wrong type.
pub struct WordVisitor<T> {
    words: &'static [&'static str],
    parse: fn(&str) -> Option<T>,
}

impl<T> WordVisitor<T> {
    pub fn new(words: &'static [&'static str], parse: fn(&str) -> Option<T>) -> Self {
        WordVisitor { words, parse }
    }
}

impl<'de, T> Visitor<'de> for WordVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let quoted: Vec<String> = self.words.iter().map(|w| format!("`{w}`")).collect();
        write!(f, "one of {}", quoted.join(", "))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.parse)(v).ok_or_else(|| E::unknown_variant(v, self.words))
    }
}

/// `Option<u32>` for hours and days: a whole number from 0 to 4294967295.
/// A number written with a zero fraction (`24.0`) is that whole number, as
/// JSON Schema's `integer` says.
pub fn whole_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    struct Whole(u32);
    impl<'de> Deserialize<'de> for Whole {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(WholeVisitor).map(Whole)
        }
    }
    struct WholeVisitor;
    impl Visitor<'_> for WholeVisitor {
        type Value = u32;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("u32")
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<u32, E> {
            u32::try_from(v).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<u32, E> {
            u32::try_from(v).map_err(|_| E::invalid_value(Unexpected::Signed(v), &self))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<u32, E> {
            if v.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&v) {
                Ok(v as u32)
            } else {
                Err(E::invalid_value(Unexpected::Float(v), &self))
            }
        }
    }
    Ok(Option::<Whole>::deserialize(d)?.map(|w| w.0))
}

fn has_shape(text: &str, pattern: &[u8]) -> bool {
    // `9` stands for a digit, anything else for itself.
    text.len() == pattern.len()
        && text.bytes().zip(pattern).all(|(b, p)| {
            if *p == b'9' {
                b.is_ascii_digit()
            } else {
                b == *p
            }
        })
}

/// Parses `YYYY-MM-DD` and nothing looser (`2026-11-2`, `+2026-11-02` and
/// surrounding spaces are refused).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    if !has_shape(text, b"9999-99-99") {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// Parses an RFC 3339 date and time (`2026-11-20T06:00:00Z`,
/// `2026-11-20T08:00:00.5+02:00`) and nothing looser (a space for `T`,
/// `+0000`, a space before `Z`, surrounding spaces).
pub fn parse_date_time(text: &str) -> Option<DateTime<Utc>> {
    let (head, rest) = (text.get(..19)?, &text[19..]);
    if !has_shape(head, b"9999-99-99T99:99:99") {
        return None;
    }
    let rest = match rest.strip_prefix('.') {
        Some(fraction) => {
            let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            &fraction[digits..]
        }
        None => rest,
    };
    if rest != "Z" && !(has_shape(rest, b"+99:99") || has_shape(rest, b"-99:99")) {
        return None;
    }
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

struct TextVisitor<T>(fn(&str) -> Option<T>, &'static str, PhantomData<T>);

impl<T> Visitor<'_> for TextVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.1)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.0)(v).ok_or_else(|| E::invalid_value(Unexpected::Str(v), &self))
    }
}

/// `Option<NaiveDate>` through [`parse_date`].
pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    struct Date(NaiveDate);
    impl<'de> Deserialize<'de> for Date {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_str(TextVisitor(parse_date, "a date as YYYY-MM-DD", PhantomData))
                .map(Date)
        }
    }
    Ok(Option::<Date>::deserialize(d)?.map(|x| x.0))
}

/// `Option<DateTime<Utc>>` through [`parse_date_time`].
pub fn date_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    struct Time(DateTime<Utc>);
    impl<'de> Deserialize<'de> for Time {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_str(TextVisitor(
                parse_date_time,
                "an RFC 3339 date and time",
                PhantomData,
            ))
            .map(Time)
        }
    }
    Ok(Option::<Time>::deserialize(d)?.map(|x| x.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_have_one_spelling() {
        assert!(parse_date("2026-11-02").is_some());
        for loose in [
            "2026-11-2",
            "2026-1-02",
            "+2026-11-02",
            " 2026-11-02",
            "2026-11-02 ",
            "2026-02-30",
        ] {
            assert!(parse_date(loose).is_none(), "{loose:?}");
        }
    }

    #[test]
    fn times_are_rfc_3339_exactly() {
        for good in [
            "2026-11-20T06:00:00Z",
            "2026-11-20T06:00:00+02:00",
            "2026-11-20T06:00:00.250-05:30",
        ] {
            assert!(parse_date_time(good).is_some(), "{good:?}");
        }
        for loose in [
            "2026-11-20T06:00:00+0000",
            "2026-11-20T06:00:00 Z",
            "2026-11-20 06:00:00Z",
            " 2026-11-20T06:00:00Z",
            "2026-11-20T06:00:00Z ",
            "2026-11-20t06:00:00z",
            "2026-11-20T06:00:00.Z",
            "2026-11-20T25:00:00Z",
        ] {
            assert!(parse_date_time(loose).is_none(), "{loose:?}");
        }
    }

    #[test]
    fn one_email_rule() {
        for good in ["dana@example.com", "a.b+c@mail.example.org", "ü@exämple.de"] {
            assert!(is_email_address(good), "{good:?}");
        }
        for bad in [
            "ops@localhost",
            "@example.com",
            "dana@",
            "a@b@c.com",
            "dana @example.com",
            "dana@example..com",
            "dana@.example.com",
            "dana@example.com.",
            "da\u{1}na@example.com",
            "",
        ] {
            assert!(!is_email_address(bad), "{bad:?}");
        }
    }
}
