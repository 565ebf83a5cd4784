//! What Warrant ships: the template library (one template per named
//! workflow category, see [`crate::library`]) and the article's three example
//! contracts a new registry starts with, each with a ten-record sample. They
//! are warrant/v1 and CSV files under `contracts/`, embedded at build time,
//! so editing a default means editing a data file, never this code.

use crate::format::parse_contract;
use crate::model::{Contract, Person};

/// The demo cast the default contracts name, with their teams and titles, so
/// a first run shows people rather than names guessed from addresses.
static PEOPLE_CSV: &str = include_str!("../../../contracts/people.csv");

/// The people a new registry starts with (`contracts/people.csv`).
pub fn people() -> Vec<Person> {
    let mut reader = csv::Reader::from_reader(PEOPLE_CSV.as_bytes());
    reader
        .records()
        .map(|row| {
            let row = row.expect("contracts/people.csv is well-formed (tested)");
            Person {
                email: row[0].to_string(),
                name: row[1].to_string(),
                team: row[2].to_string(),
                title: row[3].to_string(),
            }
        })
        .collect()
}

/// Every embedded default: (path under `contracts/`, file text). Templates
/// first, in the order of `WorkflowCategory`, then the examples in the order
/// the article gives them.
static FILES: &[(&str, &str)] = &[
    (
        "templates/lead-account-prioritization.yaml",
        include_str!("../../../contracts/templates/lead-account-prioritization.yaml"),
    ),
    (
        "templates/churn-risk-routing.yaml",
        include_str!("../../../contracts/templates/churn-risk-routing.yaml"),
    ),
    (
        "templates/lifecycle-next-best-action.yaml",
        include_str!("../../../contracts/templates/lifecycle-next-best-action.yaml"),
    ),
    (
        "templates/forecast-commentary.yaml",
        include_str!("../../../contracts/templates/forecast-commentary.yaml"),
    ),
    (
        "templates/rep-alerts.yaml",
        include_str!("../../../contracts/templates/rep-alerts.yaml"),
    ),
    (
        "examples/expansion-accounts-weekly.yaml",
        include_str!("../../../contracts/examples/expansion-accounts-weekly.yaml"),
    ),
    (
        "examples/churn-risk-summary.yaml",
        include_str!("../../../contracts/examples/churn-risk-summary.yaml"),
    ),
    (
        "examples/hot-lead-routing.yaml",
        include_str!("../../../contracts/examples/hot-lead-routing.yaml"),
    ),
];

const TEMPLATE_DIR: &str = "templates/";

/// The embedded files as (path under `contracts/`, e.g.
/// `"examples/churn-risk-summary.yaml"`, text).
pub fn files() -> &'static [(&'static str, &'static str)] {
    FILES
}

fn parse_all(keep: impl Fn(&str) -> bool) -> Vec<Contract> {
    FILES
        .iter()
        .filter(|(name, _)| keep(name))
        .map(|(name, text)| {
            // The files are compiled in and every one is parsed by this
            // module's tests, so a failure here is a build defect, not input.
            parse_contract(name, text.as_bytes()).unwrap_or_else(|e| {
                panic!(
                    "embedded default contract {name} does not parse: {}",
                    e.message
                )
            })
        })
        .collect()
}

/// All eight embedded files, templates first. A new registry holds only the
/// [`examples`]; the templates are the library, not contracts.
pub fn contracts() -> Vec<Contract> {
    parse_all(|_| true)
}

/// The five templates, one per named workflow category.
pub fn templates() -> Vec<Contract> {
    parse_all(|name| name.starts_with(TEMPLATE_DIR))
}

/// The article's three example contracts.
pub fn examples() -> Vec<Contract> {
    parse_all(|name| !name.starts_with(TEMPLATE_DIR))
}

/// The ten-record samples shipped in `contracts/samples/` for the templates
/// and the example contracts, by id, compiled in so they work from any
/// folder.
static SAMPLES: &[(&str, &str)] = &[
    (
        "template-lead-account-prioritization",
        include_str!("../../../contracts/samples/template-lead-account-prioritization.csv"),
    ),
    (
        "template-churn-risk-routing",
        include_str!("../../../contracts/samples/template-churn-risk-routing.csv"),
    ),
    (
        "template-lifecycle-next-best-action",
        include_str!("../../../contracts/samples/template-lifecycle-next-best-action.csv"),
    ),
    (
        "template-forecast-commentary",
        include_str!("../../../contracts/samples/template-forecast-commentary.csv"),
    ),
    (
        "template-rep-alerts",
        include_str!("../../../contracts/samples/template-rep-alerts.csv"),
    ),
    (
        "churn-risk-summary",
        include_str!("../../../contracts/samples/churn-risk-summary.csv"),
    ),
    (
        "expansion-accounts-weekly",
        include_str!("../../../contracts/samples/expansion-accounts-weekly.csv"),
    ),
    (
        "hot-lead-routing",
        include_str!("../../../contracts/samples/hot-lead-routing.csv"),
    ),
];

/// The shipped sample records for contract or template `id`: a file name and
/// its text. (A contract made from a template finds the template's sample
/// through [`crate::library::sample_for_contract`].)
pub fn sample_for(id: &str) -> Option<(String, &'static str)> {
    SAMPLES
        .iter()
        .find(|(sample_id, _)| *sample_id == id)
        .map(|(sample_id, text)| (format!("{sample_id}.csv"), *text))
}
