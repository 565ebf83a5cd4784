//! JUnit XML for `warrant check --junit`: CI systems show one test case per
//! contract, failed when the contract is not ready, errored when unreadable.

use std::fmt::Write;

use warrant_core::readiness::Verdict;

use crate::check::Checked;

pub fn report(results: &[Checked]) -> String {
    let failures = results
        .iter()
        .filter(|r| matches!(r, Checked::Contract { readiness, .. } if readiness.verdict != Verdict::Ready))
        .count();
    let errors = results
        .iter()
        .filter(|r| matches!(r, Checked::Unreadable(_)))
        .count();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        xml,
        "<testsuites><testsuite name=\"warrant check\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\">",
        results.len()
    );
    for r in results {
        match r {
            Checked::Contract { file, readiness } => {
                let _ = write!(
                    xml,
                    "  <testcase classname=\"{}\" name=\"{}\">",
                    escape(&file.display().to_string()),
                    escape(&readiness.id)
                );
                if readiness.verdict != Verdict::Ready {
                    let body: String = readiness
                        .findings
                        .iter()
                        .filter(|f| f.blocking)
                        .map(|f| format!("{} {}: {}\n", f.rule, f.field, f.message))
                        .collect();
                    let _ = write!(
                        xml,
                        "<failure message=\"{}\">{}</failure>",
                        escape(&format!(
                            "{}: requested {}, ceiling {}",
                            readiness.verdict.as_str(),
                            readiness.requested,
                            readiness.ceiling.map_or("none".into(), |c| c.to_string())
                        )),
                        escape(&body)
                    );
                }
                xml.push_str("</testcase>\n");
            }
            Checked::Unreadable(e) => {
                let _ = writeln!(
                    xml,
                    "  <testcase classname=\"{}\" name=\"parse\"><error message=\"{}\"/></testcase>",
                    escape(&e.file),
                    escape(&e.to_string())
                );
            }
        }
    }
    xml.push_str("</testsuite></testsuites>\n");
    xml
}

/// Escapes text for XML attributes and content, dropping characters XML 1.0
/// cannot carry at all (most control characters) rather than emitting an
/// invalid report.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escape_neutralises_markup_and_drops_control_characters() {
        assert_eq!(
            escape("<a href=\"x\">&'\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"
        );
    }
}
