//! Hostile test data shared by the CLI, PDF and end-to-end tests: the corpus
//! in `tests/data/hostile/corpus.json` plus what is better generated than
//! stored (a 500-character word, megabyte strings, bytes that are not
//! UTF-8), and contracts whose every free-text field holds corpus strings.
//!
//! "Free-text field" is not a hand-kept list: [`text_fields`] probes every
//! string in a full contract and keeps those the file format and the import
//! validation accept arbitrary text in. A field added to the model is
//! therefore covered without anyone remembering to add it here, and a field
//! that starts refusing text drops out of the list, which the tests print.

use serde::Deserialize;
use serde_json::Value;
use warrant_core::format::{parse_contract, to_json, validate};
use warrant_core::model::{Contract, Person};

/// One hostile string and the name tests report it by.
#[derive(Debug, Clone, Deserialize)]
pub struct Hostile {
    pub name: String,
    pub text: String,
}

const STORED: &str = include_str!("../../../tests/data/hostile/corpus.json");

/// The stored corpus plus a 500-character word with nowhere to break.
pub fn corpus() -> Vec<Hostile> {
    // The corpus is compiled in and parsed by this crate's tests; a failure
    // here is a defect in the data file, not input.
    let mut corpus: Vec<Hostile> = serde_json::from_str(STORED)
        .expect("tests/data/hostile/corpus.json is a list of {name, text}");
    corpus.push(Hostile {
        name: "long-word".into(),
        text: "Supercalifragilistic".repeat(25),
    });
    corpus
}

/// About `bytes` bytes of corpus text (whole characters, never more than
/// `bytes`), with a marker at each end so a test can tell it was not cut.
pub fn huge_text(bytes: usize) -> String {
    const START: &str = "[start of a huge string] ";
    const END: &str = " [end of a huge string]";
    let mut text = String::from(START);
    'fill: loop {
        for item in corpus() {
            if text.len() + item.text.len() + 1 + END.len() > bytes {
                break 'fill;
            }
            text.push_str(&item.text);
            text.push(' ');
        }
    }
    text.push_str(END);
    text
}

/// One mebibyte of text: the size the issue asks every layer to survive.
pub const MEGABYTE: usize = 1 << 20;

/// Addresses that pass the e-mail check yet carry markup and quotes, for the
/// fields that only take an e-mail.
pub const EMAILS: [&str; 3] = [
    "<svg/onload=window.__pwned=1>@example.com",
    "o'brien+\"quoted\"@example.com",
    "javascript:window.__pwned=1@example.com",
];

/// A contract file whose bytes are not UTF-8 (Latin-1 `é` in the title).
pub fn not_utf8_file() -> Vec<u8> {
    let mut bytes = b"format: warrant/v1\nid: not-utf8\ntitle: caf".to_vec();
    bytes.push(0xE9);
    bytes.extend_from_slice(b" \xFF\xFE\ncategory: other\n");
    bytes
}

/// How a free-text field was found: its dotted path as the editor names its
/// input (`sources[0].name`), and whether it only takes an e-mail address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextField {
    pub path: String,
    pub email_only: bool,
}

/// Every string in `base` that can hold arbitrary text (or, failing that, an
/// arbitrary e-mail address) and still import.
pub fn text_fields(base: &Contract) -> Vec<TextField> {
    let json = serde_json::to_value(base).expect("a contract serialises to JSON");
    let mut paths = Vec::new();
    string_paths(&json, String::new(), &mut paths);
    let probe = "probe <b>&amp;</b> 'x' \"y\"";
    paths
        .into_iter()
        .filter_map(|path| {
            if accepts(&json, &path, probe) {
                Some(TextField {
                    path,
                    email_only: false,
                })
            } else if accepts(&json, &path, EMAILS[0]) {
                Some(TextField {
                    path,
                    email_only: true,
                })
            } else {
                None
            }
        })
        .collect()
}

/// One generated contract and which corpus string went into which field.
#[derive(Debug, Clone)]
pub struct Filled {
    pub contract: Contract,
    /// (field path, text put there), in field order.
    pub fields: Vec<(String, String)>,
}

impl Filled {
    /// The text put into `path`, if this contract has that field.
    pub fn text_at(&self, path: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, t)| t.as_str())
    }
}

/// One contract per corpus string. Contract `k` puts string `k + f` (mod the
/// corpus size) into free-text field `f`, so across the set every string
/// lands in every field once. Ids are `hostile-NN`; the title also says
/// which string leads, so a failing screen names its culprit.
pub fn contracts(base: &Contract) -> Vec<Filled> {
    let corpus = corpus();
    let fields = text_fields(base);
    (0..corpus.len())
        .map(|k| {
            let mut json = serde_json::to_value(base).expect("a contract serialises to JSON");
            json["id"] = Value::String(format!("hostile-{k:02}"));
            let mut filled = Vec::new();
            for (f, field) in fields.iter().enumerate() {
                let text = if field.email_only {
                    EMAILS[(k + f) % EMAILS.len()].to_string()
                } else {
                    corpus[(k + f) % corpus.len()].text.clone()
                };
                set(&mut json, &field.path, Value::String(text.clone()));
                filled.push((field.path.clone(), text));
            }
            let contract = reparse(&json).unwrap_or_else(|e| {
                panic!("hostile contract {k} does not import: {e}");
            });
            Filled {
                contract,
                fields: filled,
            }
        })
        .collect()
}

/// A contract whose long-text fields each hold about a megabyte (the file
/// stays under the importer's 10 MB limit).
pub fn megabyte_contract(base: &Contract) -> Filled {
    let huge = huge_text(MEGABYTE);
    let mut contract = base.clone();
    contract.id = "hostile-megabyte".into();
    contract.title = huge.clone();
    contract.workflow.description = huge.clone();
    contract.exceptions.pause_procedure = huge.clone();
    contract.exceptions.rollback = huge.clone();
    let fields = [
        "title",
        "workflow.description",
        "exceptions.pause_procedure",
        "exceptions.rollback",
    ]
    .into_iter()
    .map(|p| (p.to_string(), huge.clone()))
    .collect();
    Filled { contract, fields }
}

/// People whose names, teams and titles are corpus strings (one per string,
/// with an ordinary address so they can be chosen and shown).
pub fn people() -> Vec<Person> {
    let corpus = corpus();
    corpus
        .iter()
        .enumerate()
        .map(|(i, item)| Person {
            email: format!("hostile.person{i:02}@example.com"),
            name: item.text.clone(),
            team: corpus[(i + 1) % corpus.len()].text.clone(),
            title: corpus[(i + 2) % corpus.len()].text.clone(),
        })
        .collect()
}

/// Sample records for a dry run of `contracts()`'s base (the churn-risk
/// example): its columns, with every free-text cell a corpus string, written
/// as CSV by a real CSV writer.
pub fn records_csv(header: &[&str], rows: usize) -> String {
    let corpus = corpus();
    let mut out = String::new();
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    out.push_str(
        &header
            .iter()
            .map(|h| quote(h))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push('\n');
    for r in 0..rows {
        let cells: Vec<String> = header
            .iter()
            .enumerate()
            .map(|(c, _)| quote(&corpus[(r + c) % corpus.len()].text))
            .collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

fn reparse(json: &Value) -> Result<Contract, String> {
    let text = serde_json::to_string(json).map_err(|e| e.to_string())?;
    let contract = parse_contract("hostile.json", text.as_bytes()).map_err(|e| e.to_string())?;
    let problems = validate(&contract);
    if let Some(problem) = problems.first() {
        return Err(problem.message.clone());
    }
    // The contract must write and read back as itself, or the field is not
    // really free text (e.g. trimmed or normalised on the way in).
    let again =
        parse_contract("again.json", to_json(&contract).as_bytes()).map_err(|e| e.to_string())?;
    if again != contract {
        return Err("did not survive a write and read".into());
    }
    Ok(contract)
}

fn accepts(json: &Value, path: &str, text: &str) -> bool {
    let mut probe = json.clone();
    set(&mut probe, path, Value::String(text.into()));
    match reparse(&probe) {
        Ok(contract) => {
            let back = serde_json::to_value(&contract).expect("a contract serialises to JSON");
            get(&back, path) == Some(&Value::String(text.into()))
        }
        Err(_) => false,
    }
}

/// Paths of every string leaf, in document order, as `a.b[0].c`.
fn string_paths(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::String(_) => out.push(at),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                string_paths(item, format!("{at}[{i}]"), out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let next = if at.is_empty() {
                    key.clone()
                } else {
                    format!("{at}.{key}")
                };
                string_paths(item, next, out);
            }
        }
        _ => {}
    }
}

enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

fn steps(path: &str) -> Vec<Step<'_>> {
    let mut steps = Vec::new();
    for part in path.split('.') {
        let (key, rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        steps.push(Step::Key(key));
        for index in rest.split('[') {
            if let Some(n) = index.strip_suffix(']').and_then(|n| n.parse().ok()) {
                steps.push(Step::Index(n));
            }
        }
    }
    steps
}

fn get<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    steps(path)
        .into_iter()
        .try_fold(value, |v, step| match step {
            Step::Key(k) => v.get(k),
            Step::Index(i) => v.get(i),
        })
}

fn set(value: &mut Value, path: &str, new: Value) {
    let mut at = value;
    for step in steps(path) {
        at = match step {
            Step::Key(k) => &mut at[k],
            Step::Index(i) => &mut at[i],
        };
    }
    *at = new;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Contract {
        warrant_core::defaults::examples()
            .into_iter()
            .find(|c| c.id == "churn-risk-summary")
            .expect("the churn-risk example ships with Warrant")
    }

    #[test]
    fn the_free_text_fields_of_a_full_contract_are_found_and_constrained_ones_left_out() {
        let fields = text_fields(&base());
        let paths: Vec<&str> = fields.iter().map(|f| f.path.as_str()).collect();
        for expected in [
            "title",
            "workflow.description",
            "workflow.decision",
            "sources[0].name",
            "grain.identifiers[1]",
            "definitions[0].name",
            "thresholds.reason_codes[0]",
            "thresholds.sync_cadence",
            "suppression[2].name",
            "suppression[2].when",
            "destination.target",
            "exceptions.pause_procedure",
            "exceptions.rollback",
            "exceptions.pause_triggers[2]",
        ] {
            assert!(
                paths.contains(&expected),
                "{expected} missing from {paths:?}"
            );
        }
        for constrained in [
            "id",
            "format",
            "authority",
            "workflow.category",
            "launch_checks.workflow_picked",
        ] {
            assert!(
                !paths.contains(&constrained),
                "{constrained} should not take free text"
            );
        }
        let emails: Vec<&str> = fields
            .iter()
            .filter(|f| f.email_only)
            .map(|f| f.path.as_str())
            .collect();
        assert!(
            emails.contains(&"owners.business") && emails.contains(&"sources[0].owner"),
            "{emails:?}"
        );
    }

    #[test]
    fn every_corpus_string_lands_in_every_free_text_field_once() {
        let corpus = corpus();
        let filled = contracts(&base());
        assert_eq!(filled.len(), corpus.len());
        for field in text_fields(&base()).iter().filter(|f| !f.email_only) {
            let mut seen: Vec<&str> = filled
                .iter()
                .map(|c| c.text_at(&field.path).unwrap())
                .collect();
            seen.sort();
            seen.dedup();
            assert_eq!(
                seen.len(),
                corpus.len(),
                "{} did not get every string",
                field.path
            );
        }
    }

    #[test]
    fn huge_text_is_as_long_as_asked_and_whole() {
        let text = huge_text(MEGABYTE);
        assert!(
            text.len() <= MEGABYTE && text.len() > MEGABYTE - 2_000,
            "{}",
            text.len()
        );
        assert!(text.ends_with("[end of a huge string]"));
        let filled = megabyte_contract(&base());
        assert!(to_json(&filled.contract).len() < warrant_core::format::MAX_FILE_BYTES as usize);
    }

    #[test]
    fn the_not_utf8_file_is_refused_by_the_reader() {
        let error = parse_contract("not-utf8.yaml", &not_utf8_file()).unwrap_err();
        assert!(error.to_string().contains("UTF-8"), "{error}");
    }
}
