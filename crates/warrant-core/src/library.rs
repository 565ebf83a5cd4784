//! The template library (`docs/templates.md`): the five workflow templates
//! Warrant ships, one per named workflow category. Templates are not
//! contracts — a registry does not hold, count, list or publish them — they
//! are where a new draft starts: [`draft_from_template`] gives the copy a
//! title of its own and an id derived from that title, so nobody has to
//! invent a key before writing a word.
//!
//! Both front ends start drafts here: `warrant new --template` and the
//! app's "Use this template".

use crate::format::id_problem;
use crate::model::Contract;
use crate::{Error, Result};

/// The prefix a template's title carries, which a contract made from it drops.
const TITLE_PREFIX: &str = "Template:";

/// Longest id [`id_from_title`] derives, so a long title makes a usable key.
const MAX_DERIVED_ID: usize = 60;

/// The templates, in the order of `WorkflowCategory`.
pub fn templates() -> Vec<Contract> {
    crate::defaults::templates()
}

/// The template named `name`: its id (`template-rep-alerts`), the id
/// without its `template-` prefix (`rep-alerts`) or its workflow category
/// (`rep_alerts`).
pub fn template(name: &str) -> Result<Contract> {
    let name = name.trim();
    templates()
        .into_iter()
        .find(|t| {
            t.id == name
                || t.id.strip_prefix("template-") == Some(name)
                || t.workflow.category.as_str() == name
        })
        .ok_or_else(|| {
            let known: Vec<String> = templates()
                .iter()
                .map(|t| t.id.trim_start_matches("template-").to_string())
                .collect();
            Error::not_found(format!(
                "No template is called “{name}”. The templates are: {}.",
                known.join(", ")
            ))
        })
}

/// A contract id made from a title: lowercase ASCII letters and digits,
/// every other run of characters one '-' ("Rep alerts (EMEA)" →
/// `rep-alerts-emea`). Letters with accents lose them where Unicode gives
/// a plain base letter (é → e); a title with no usable letter gives
/// `contract`.
pub fn id_from_title(title: &str) -> String {
    let mut id = String::new();
    let mut gap = false;
    for c in title.chars().flat_map(plain_letters) {
        if c.is_ascii_alphanumeric() {
            if gap && !id.is_empty() {
                id.push('-');
            }
            gap = false;
            id.push(c.to_ascii_lowercase());
        } else {
            gap = true;
        }
        if id.len() >= MAX_DERIVED_ID {
            break;
        }
    }
    let id = id.trim_end_matches('-').to_string();
    if id.is_empty() {
        "contract".to_string()
    } else {
        id
    }
}

/// The plain letter(s) for the common accented Latin letters, so "Café
/// Señor" reads `cafe-senor` instead of `caf-se-or`.
fn plain_letters(c: char) -> Vec<char> {
    const FROM: &str = "àáâãäåçèéêëìíîïñòóôõöùúûüýÿÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝ";
    const TO: &str = "aaaaaaceeeeiiiinooooouuuuyyAAAAAACEEEEIIIINOOOOOUUUUY";
    match c {
        'ß' => vec!['s', 's'],
        'æ' | 'Æ' => vec!['a', 'e'],
        'ø' | 'Ø' => vec!['o'],
        _ => match FROM.chars().position(|f| f == c) {
            Some(i) => vec![TO.chars().nth(i).unwrap_or(c)],
            None => vec![c],
        },
    }
}

/// [`id_from_title`], with `-2`, `-3`… appended while `taken` says the id
/// is in use.
pub fn free_id(title: &str, taken: &dyn Fn(&str) -> bool) -> String {
    let base = id_from_title(title);
    let id = std::iter::once(base.clone())
        .chain((2..).map(|n| format!("{base}-{n}")))
        .find(|id| !taken(id))
        .expect("an unbounded sequence has a free id");
    debug_assert!(id_problem(&id).is_none(), "{id}");
    id
}

/// The title a contract made from `template` starts with when nobody gave
/// one: the template's without "Template:", so the two are never confused.
pub fn suggested_title(template: &Contract) -> String {
    let rest = template
        .title
        .strip_prefix(TITLE_PREFIX)
        .unwrap_or(&template.title)
        .trim();
    let mut chars = rest.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "New contract".to_string(),
    }
}

/// A new draft from `template`: titled `title` (or [`suggested_title`]),
/// with an id derived from that title that `taken` does not already use
/// (`-2`, `-3`… appended when it does), and no status (a new contract is a
/// draft).
pub fn draft_from_template(
    template: &Contract,
    title: Option<&str>,
    taken: &dyn Fn(&str) -> bool,
) -> Result<Contract> {
    let title =
        match title.map(str::trim) {
            Some("") => return Err(Error::invalid(
                "title",
                "the title is empty; write what the workflow is, e.g. “Slack alerts for EMEA reps”",
            )),
            Some(title) => title.to_string(),
            None => suggested_title(template),
        };
    if title == template.title {
        return Err(Error::invalid(
            "title",
            "a contract made from a template needs a title of its own, so the two are not confused",
        ));
    }
    let id = free_id(&title, taken);
    Ok(Contract {
        id,
        title,
        status: None,
        ..template.clone()
    })
}

/// The shipped sample records for `contract`: its own (the examples have
/// one), else the sample of the template for its workflow category when
/// that sample has every column the contract reads
/// ([`crate::dryrun::columns_read`]) — a contract made from the template
/// whose conditions were not rewritten. Otherwise none: a sample that
/// lacks a column would send every record to review and teach nothing.
pub fn sample_for_contract(contract: &Contract) -> Option<(String, &'static str)> {
    if let Some(own) = crate::defaults::sample_for(&contract.id) {
        return Some(own);
    }
    let template = templates()
        .into_iter()
        .find(|t| t.workflow.category == contract.workflow.category)?;
    let (name, text) = crate::defaults::sample_for(&template.id)?;
    let header: Vec<&str> = text.lines().next()?.split(',').map(str::trim).collect();
    crate::dryrun::columns_read(contract)
        .iter()
        .all(|c| header.contains(&c.column.as_str()))
        .then_some((name, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_derived_from_titles() {
        assert_eq!(id_from_title("Rep alerts (EMEA)"), "rep-alerts-emea");
        assert_eq!(id_from_title("  Café Señor — 2027  "), "cafe-senor-2027");
        assert_eq!(id_from_title("!!!"), "contract");
        assert_eq!(id_from_title("日本語"), "contract");
        let long = id_from_title(&"word ".repeat(40));
        assert!(long.len() <= MAX_DERIVED_ID + 4 && !long.ends_with('-'));
        for title in ["A", "--a--b--", "Ünïcödé", "x y z"] {
            assert_eq!(id_problem(&id_from_title(title)), None, "{title}");
        }
    }

    #[test]
    fn a_draft_from_a_template_has_its_own_title_and_a_free_id() {
        let template = template("rep-alerts").unwrap();
        let draft = draft_from_template(&template, None, &|_| false).unwrap();
        assert_eq!(draft.title, "Slack or CRM alerts for reps and CS");
        assert_eq!(draft.id, "slack-or-crm-alerts-for-reps-and-cs");
        assert_eq!(draft.status, None);
        assert_eq!(draft.sources, template.sources);

        let taken = |id: &str| id == "emea-alerts" || id == "emea-alerts-2";
        let draft = draft_from_template(&template, Some("EMEA alerts"), &taken).unwrap();
        assert_eq!(draft.id, "emea-alerts-3");

        let same = draft_from_template(&template, Some(&template.title), &|_| false);
        assert_eq!(same.unwrap_err().field.as_deref(), Some("title"));
        assert!(draft_from_template(&template, Some("  "), &|_| false).is_err());
    }

    #[test]
    fn templates_are_found_by_id_short_name_or_category() {
        for name in ["template-rep-alerts", "rep-alerts", "rep_alerts"] {
            assert_eq!(template(name).unwrap().id, "template-rep-alerts");
        }
        let err = template("nope").unwrap_err();
        assert!(err.message.contains("rep-alerts"), "{}", err.message);
    }

    #[test]
    fn every_template_and_example_has_a_ten_record_sample() {
        for contract in crate::defaults::contracts() {
            let (name, text) = sample_for_contract(&contract).expect(&contract.id);
            assert_eq!(text.lines().count(), 11, "{name}: a header and ten records");
        }
        let mut made = crate::defaults::templates().remove(4);
        made.id = "my-alerts".into();
        assert_eq!(
            sample_for_contract(&made).unwrap().0,
            "template-rep-alerts.csv"
        );
        // A condition on a column the sample lacks: no sample is offered.
        made.suppression[0].when = "record.tier == \"strategic\"".into();
        assert_eq!(sample_for_contract(&made), None);
        // Every template sample has the columns its template reads.
        for template in templates() {
            let (_, text) = crate::defaults::sample_for(&template.id).unwrap();
            let header = text.lines().next().unwrap();
            for column in crate::dryrun::columns_read(&template) {
                assert!(
                    header.split(',').any(|h| h == column.column),
                    "{}: {} ({:?})",
                    template.id,
                    column.column,
                    column.read_by
                );
            }
        }
    }
}
