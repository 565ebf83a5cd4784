//! Hostile text in the real window: every free-text field of a contract,
//! every person's name, team and title, a review comment, a pause reason,
//! import file names and dry-run records hold strings from the corpus
//! (`tests/data/hostile`), and the test opens every screen on them.
//!
//! On each screen it asserts that no script ran and no markup became DOM:
//! `window.__pwned` (which every payload would set) stays undefined, a
//! MutationObserver installed at start saw no script, frame, style or
//! element carrying `data-pwned` or an inline handler being added, the CSP
//! reported no violation (a blocked attempt still counts as an attempt), and
//! no `javascript:` URL sits in an attribute a browser follows. Where a screen shows a value
//! in an input, the input holds exactly the stored text. A file that is not
//! UTF-8 is refused with the CLI's words and imports nothing.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use warrant_core::lifecycle::{Action, ReviewDecision};
use warrant_core::model::Contract;
use warrant_core::registry::{ImportFile, Registry};
use warrant_e2e::*;
use warrant_hostile::Filled;

fn fail(result: TestResult) {
    if let Err(e) = result {
        panic!("{e}");
    }
}

fn base() -> Contract {
    warrant_core::defaults::examples()
        .into_iter()
        .find(|c| c.id == "churn-risk-summary")
        .expect("the churn-risk example ships with Warrant")
}

/// The person the window acts as: a name that is a script tag.
const ACTOR: &str = "hostile.person00@example.com";

/// The hostile contracts as files on disk, alternately JSON and YAML, so the
/// import reads them the way it reads a user's files.
fn write_contract_files(dir: &Path, filled: &[Filled]) -> Vec<PathBuf> {
    filled
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let (text, ext) = if i % 2 == 0 {
                (warrant_core::format::to_json(&f.contract), "json")
            } else {
                (warrant_core::format::to_yaml(&f.contract), "yaml")
            };
            let path = dir.join(format!("{}.{ext}", f.contract.id));
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect()
}

/// A first-run registry plus the hostile people (nobody acting yet).
fn with_hostile_people(path: &Path) -> Result<Registry, String> {
    let mut registry = ctx(Registry::open(path), "opening the registry")?;
    ctx(registry.seed_defaults("e2e"), "seeding")?;
    for person in warrant_hostile::people() {
        ctx(
            registry.add_person(&person, "e2e"),
            "adding a hostile person",
        )?;
    }
    Ok(registry)
}

/// Seeds the registry, adds the hostile people, imports the rotated
/// contracts from their files, and records a retirement and a review whose
/// notes are hostile, by whoever the lifecycle rules let act.
fn prepare(path: &Path, files: &[PathBuf], corpus: &[warrant_hostile::Hostile]) -> TestResult {
    let mut registry = with_hostile_people(path)?;
    ctx(registry.set_acting_as(ACTOR), "choosing acting-as")?;
    let imports = ctx(
        warrant_core::format::read_contract_files(files)
            .into_iter()
            .zip(files)
            .map(|(read, path)| {
                read.map(|contract| ImportFile {
                    name: path.file_name().unwrap().to_string_lossy().into_owned(),
                    contract,
                })
            })
            .collect::<Result<Vec<_>, _>>(),
        "reading the hostile files",
    )?;
    ctx(
        registry.import(&imports, ACTOR),
        "importing the hostile files",
    )?;

    let note = |name: &str| {
        corpus
            .iter()
            .find(|h| h.name == name)
            .map(|h| h.text.clone())
            .unwrap()
    };
    let owners = |registry: &Registry, id: &str| -> Result<Vec<String>, String> {
        let stored = ctx(registry.contract(id), "reading a hostile contract")?;
        Ok(stored
            .contract
            .owners
            .named()
            .into_iter()
            .map(|(_, e)| e.to_string())
            .collect())
    };
    // An import grants no status: the contracts are drafts. A retirement
    // (open to a draft's business owner) and a request for changes (open to
    // any reviewer once submitted) carry hostile notes into the trail.
    let mut retired = false;
    for owner in owners(&registry, "hostile-00")? {
        if registry
            .change_status("hostile-00", Action::Retire, &note("img-onerror"), &owner)
            .is_ok()
        {
            retired = true;
            break;
        }
    }
    let reviewed = registry
        .change_status("hostile-01", Action::Submit, "", ACTOR)
        .and_then(|_| {
            registry.record_review(
                "hostile-01",
                ReviewDecision::RequestChanges,
                &note("svg-onload"),
                ACTOR,
            )
        })
        .is_ok();
    if !retired || !reviewed {
        return Err(format!(
            "no owner could retire hostile-00 ({retired}) or review hostile-01 ({reviewed})"
        ));
    }
    Ok(())
}

/// Installs the watchers: run once, right after the window loads. The
/// page is one document for the whole session (the router only changes the
/// hash), so they see every screen.
const WATCH: &str = r#"
if (window.__hostileWatch) return true;
const watch = { events: [] };
window.__hostileWatch = watch;
const suspicious = (el) => {
  if (!(el instanceof Element)) return null;
  const tag = el.tagName.toLowerCase();
  if (['script', 'iframe', 'object', 'embed', 'frame', 'style', 'link', 'base', 'meta'].includes(tag))
    return '<' + tag + '> added';
  if (el.hasAttribute('data-pwned')) return '<' + tag + ' data-pwned> added';
  for (const a of el.attributes) if (/^on/i.test(a.name)) return 'inline ' + a.name + ' on <' + tag + '>';
  return null;
};
new MutationObserver((records) => {
  for (const r of records) {
    for (const node of r.addedNodes) {
      const found = suspicious(node);
      if (found) watch.events.push(found + ' on ' + location.hash);
      if (node instanceof Element)
        for (const inner of node.querySelectorAll('*')) {
          const f = suspicious(inner);
          if (f) watch.events.push(f + ' on ' + location.hash);
        }
    }
    if (r.type === 'attributes' && /^on/i.test(r.attributeName))
      watch.events.push('inline ' + r.attributeName + ' set on ' + location.hash);
  }
}).observe(document.documentElement, { childList: true, subtree: true, attributes: true });
document.addEventListener('securitypolicyviolation', (e) =>
  watch.events.push('CSP refused ' + e.violatedDirective + ' on ' + location.hash));
return true;
"#;

/// Everything that would show a payload did more than be text.
const CHECK: &str = r#"
const bad = [];
if (!window.__hostileWatch) return ['the watchers are gone: the page reloaded'];
if (typeof window.__pwned !== 'undefined') bad.push('window.__pwned = ' + String(window.__pwned));
bad.push(...window.__hostileWatch.events);
const count = document.querySelectorAll('[data-pwned], iframe, object, embed, frame').length;
if (count) bad.push(count + ' elements from markup');
for (const s of document.scripts) if (!s.src) bad.push('an inline <script>');
for (const el of document.querySelectorAll('*')) {
  for (const a of el.attributes) {
    if (/^on/i.test(a.name)) bad.push('inline ' + a.name + ' on <' + el.tagName + '>');
    if (/^\s*javascript:/i.test(a.value) && ['href', 'xlink:href', 'src', 'srcdoc', 'action', 'formaction', 'data', 'poster', 'background', 'cite', 'ping'].includes(a.name))
      bad.push(a.name + '="' + a.value.slice(0, 60) + '" on <' + el.tagName + '>');
  }
}
return bad;
"#;

/// How many (screen, hostile text set) pairs the run looked at.
struct Tally {
    screens: usize,
}

async fn check_clean(client: &fantoccini::Client, screen: &str, tally: &mut Tally) -> TestResult {
    let found = script(client, CHECK).await?;
    tally.screens += 1;
    match found.as_array() {
        Some(list) if list.is_empty() => Ok(()),
        _ => Err(format!("on {screen}: {found}")),
    }
}

/// Goes to `#/<route>` as a link would and waits for `ready` to match.
async fn visit(client: &fantoccini::Client, route: &str, ready: &str) -> TestResult {
    script(
        client,
        &format!(
            "window.location.hash = {}; return true;",
            json!(format!("#/{route}"))
        ),
    )
    .await?;
    element(client, ready).await.map(drop)
}

/// Whether every hostile title is in its registry row, to the letter.
const ROWS_SHOW_TITLES: &str = r#"
const [expected] = arguments;
const wrong = [];
for (const [id, title] of expected) {
  const row = document.querySelector('[data-testid="registry-row"][data-id="' + id + '"]');
  if (!row) { wrong.push(id + ': no row'); continue; }
  if (!row.textContent.includes(title)) wrong.push(id + ': ' + JSON.stringify(row.textContent.slice(0, 120)));
}
return wrong;
"#;

/// Compares each field's input with the stored text. An `<input>` drops
/// line breaks from its value and a `<textarea>` turns CR LF and CR into LF
/// (HTML's value sanitising); otherwise the value must be identical.
const INPUTS_HOLD_TEXT: &str = r#"
const [fields] = arguments;
const wrong = [];
for (const [path, text] of fields) {
  const el = document.querySelector('[name="' + CSS.escape(path) + '"]');
  if (!el) { wrong.push(path + ': no input'); continue; }
  let want = text;
  if (el.tagName === 'INPUT') want = text.replace(/[\r\n]/g, '');
  if (el.tagName === 'TEXTAREA') want = text.replace(/\r\n?/g, '\n');
  if (el.value !== want)
  {
    let at = 0;
    while (at < want.length && el.value[at] === want[at]) at++;
    wrong.push(path + ' <' + el.tagName + '> of ' + el.value.length + ' characters, stored ' + want.length +
      ', first difference at ' + at + ': ' + JSON.stringify(el.value.slice(at, at + 40)) + ' ≠ ' + JSON.stringify(want.slice(at, at + 40)));
  }
}
return wrong;
"#;

async fn expect_empty(value: Value, what: &str) -> TestResult {
    match value.as_array() {
        Some(list) if list.is_empty() => Ok(()),
        _ => Err(format!("{what}: {value}")),
    }
}

#[tokio::test]
async fn hostile_text_in_every_field_stays_text_on_every_screen() {
    let corpus = warrant_hostile::corpus();
    let filled = warrant_hostile::contracts(&base());
    let files = tempfile::tempdir().unwrap();
    let contract_files = write_contract_files(files.path(), &filled);

    // Imported from the window: a megabyte contract, and one whose file name
    // is markup.
    let megabyte = warrant_hostile::megabyte_contract(&base());
    let megabyte_file = files.path().join("hostile-megabyte.yaml");
    std::fs::write(
        &megabyte_file,
        warrant_core::format::to_yaml(&megabyte.contract),
    )
    .unwrap();
    let markup_name = r#"<img data-pwned src=x onerror="window.__pwned='file-name'">.json"#;
    let mut named = filled[2].contract.clone();
    named.id = "hostile-file-name".into();
    let named_file = files.path().join(markup_name);
    std::fs::write(&named_file, warrant_core::format::to_json(&named)).unwrap();
    let hook = std::env::join_paths([&megabyte_file, &named_file])
        .unwrap()
        .into_string()
        .unwrap();

    // Dry-run records: the churn example's columns, every cell hostile.
    let records = files.path().join("hostile-records.csv");
    std::fs::write(
        &records,
        warrant_hostile::records_csv(
            &[
                "salesforce_account_id",
                "account_name",
                "health_band",
                "support_severity",
                "days_to_renewal",
                "is_child_account",
                "confidence",
                "reason_code",
            ],
            40,
        ),
    )
    .unwrap();

    let prepared_files = contract_files.clone();
    let prepared_corpus = corpus.clone();
    let launch = Launch {
        env: vec![
            ("WARRANT_E2E_IMPORT".into(), hook),
            ("WARRANT_E2E_RECORDS".into(), records.display().to_string()),
        ],
        prepare: Some(Box::new(move |path| {
            prepare(path, &prepared_files, &prepared_corpus)
        })),
    };
    let total_rows = 3 + filled.len();
    fail(
        run(launch, |client, _| async move {
            let mut tally = Tally { screens: 0 };
            count_becomes(&client, &testid("registry-row"), total_rows).await?;
            script(&client, WATCH).await?;
            // The checks themselves: a planted element must be reported.
            script(
                &client,
                "const b = document.createElement('b'); b.id = 'probe'; b.setAttribute('data-pwned', ''); \
                 document.body.appendChild(b); return true;",
            )
            .await?;
            let planted = script(&client, CHECK).await?;
            if planted.as_array().is_none_or(|found| found.len() < 2) {
                return Err(format!("the checks missed a planted element: {planted}"));
            }
            script(
                &client,
                "document.getElementById('probe').remove(); window.__hostileWatch.events.length = 0; return true;",
            )
            .await?;

            // The header names the acting person, whose name is a script tag.
            let header = text(&element(&client, &testid("acting-as")).await?).await?;
            if !header.contains("<script>") {
                return Err(format!("the header shows {header:?}"));
            }
            let titles: Vec<(String, String)> = filled
                .iter()
                .map(|f| (f.contract.id.clone(), f.contract.title.clone()))
                .collect();
            let wrong = ctx(
                client.execute(ROWS_SHOW_TITLES, vec![json!(titles)]).await,
                "reading the registry rows",
            )?;
            expect_empty(wrong, "registry rows not showing their titles literally").await?;
            check_clean(&client, "the registry", &mut tally).await?;

            // Search with query syntax of every kind: no error, still text.
            for h in &corpus {
                if h.text.len() > 200 || h.text.contains('\u{0}') {
                    continue;
                }
                fill(&client, &testid("registry-search"), &h.text).await?;
            }
            let search = element(&client, &testid("registry-search")).await?;
            // Select all and delete, as a person would: WebDriver's clear
            // does not fire the input event the search listens to.
            ctx(
                search.send_keys("\u{E009}a\u{E000}\u{E003}").await,
                "emptying the search",
            )?;
            count_becomes(&client, &testid("registry-row"), total_rows).await?;
            check_clean(&client, "the registry after hostile searches", &mut tally).await?;

            // Import from Settings: the report shows the markup file name as text.
            click(&client, &testid("nav-settings")).await?;
            click(&client, &testid("import-button")).await?;
            let report = element(&client, &testid("import-report")).await?;
            let shown = eventually("the import report", || async {
                let t = text(&report).await?;
                Ok(t.contains("hostile-file-name").then_some(t))
            })
            .await?;
            if !shown.contains(markup_name) {
                return Err(format!("the import report shows {shown:?}"));
            }
            check_clean(&client, "settings after the import", &mut tally).await?;

            for (route, ready) in [
                ("registry", testid("registry-row")),
                ("portfolio", testid("portfolio")),
                ("review", "main h1".to_string()),
                ("people", testid("people-row")),
                ("audit", testid("audit-event")),
                ("settings", testid("import-button")),
            ] {
                visit(&client, route, &ready).await?;
                check_clean(&client, &format!("#/{route}"), &mut tally).await?;
            }
            // WARRANT_SCREENSHOT_DIR: pictures of hostile text, to look at.
            let shots = std::env::var_os("WARRANT_SCREENSHOT_DIR").map(PathBuf::from);
            if let Some(dir) = &shots {
                visit(&client, "registry", &testid("registry-row")).await?;
                screenshot(&client, &dir.join("hostile-registry.png")).await?;
                visit(&client, "people", &testid("people-row")).await?;
                screenshot(&client, &dir.join("hostile-people.png")).await?;
                visit(&client, "contract/hostile-12", &testid("editor-title")).await?;
                screenshot(&client, &dir.join("hostile-editor.png")).await?;
                visit(&client, "review/hostile-00", &testid("review-title")).await?;
                screenshot(&client, &dir.join("hostile-review.png")).await?;
            }
            // Every hostile person is listed, name as text.
            // The people list stores names trimmed, by design.
            let names: Vec<String> = warrant_hostile::people()
                .into_iter()
                .map(|p| p.name.trim().to_string())
                .collect();
            visit(&client, "people", &testid("people-row")).await?;
            let missing = script(
                &client,
                &format!(
                    "const names = {}; const page = document.querySelector('main').textContent; \
                     return names.filter(n => !page.includes(n.replace(/[\\r\\n]/g, '')) && !page.includes(n));",
                    json!(names)
                ),
            )
            .await?;
            expect_empty(missing, "people whose names are not shown literally").await?;

            // Each contract: the editor (every field's input against the
            // stored text) and the review screen.
            let mut everything: Vec<&Filled> = filled.iter().collect();
            everything.push(&megabyte);
            for f in everything {
                let id = &f.contract.id;
                visit(&client, &format!("contract/{id}"), &testid("editor-title")).await?;
                eventually(&format!("{id}'s title in the editor"), || async {
                    let v = script(
                        &client,
                        "return document.querySelector('[data-testid=\"editor-title\"]').value;",
                    )
                    .await?;
                    Ok(v.as_str().filter(|v| !v.is_empty()).map(drop))
                })
                .await?;
                let fields: Vec<(String, String)> = f.fields.clone();
                let wrong = ctx(
                    client.execute(INPUTS_HOLD_TEXT, vec![json!(fields)]).await,
                    "reading the editor's inputs",
                )?;
                expect_empty(wrong, &format!("editor of {id}: inputs differ from the file"))
                    .await?;
                check_clean(&client, &format!("the editor of {id}"), &mut tally).await?;

                visit(&client, &format!("review/{id}"), &testid("review-title")).await?;
                let title_shown = script(
                    &client,
                    "return document.querySelector('[data-testid=\"review-title\"]').textContent;",
                )
                .await?;
                let title_shown = title_shown.as_str().unwrap_or_default();
                if !title_shown.contains(&f.contract.title) {
                    return Err(format!(
                        "the review screen of {id} shows the title {:?}",
                        title_shown.chars().take(120).collect::<String>()
                    ));
                }
                check_clean(&client, &format!("the review screen of {id}"), &mut tally).await?;
            }

            // A dry run over hostile records: rows render as text. (The
            // hostile contracts' own rules are corpus strings that do not
            // compile, so the run uses the example they were made from.)
            visit(&client, "contract/churn-risk-summary", &testid("editor-dryrun")).await?;
            click(&client, &testid("editor-dryrun")).await?;
            click(&client, &testid("dryrun-file")).await?;
            element(&client, &testid("dryrun-result")).await?;
            element(&client, &testid("dryrun-row")).await?;
            check_clean(&client, "the dry run of hostile records", &mut tally).await?;

            // The audit log again, now holding the imports and dry run.
            visit(&client, "audit", &testid("audit-event")).await?;
            check_clean(&client, "the audit log at the end", &mut tally).await?;
            eprintln!(
                "hostile E2E: {} corpus strings in {} free-text fields of {} contracts, \
                 plus a megabyte contract, {} people, a markup file name and 40 hostile \
                 records; {} screen checks, 0 scripts run",
                corpus.len(),
                filled[0].fields.len(),
                filled.len(),
                warrant_hostile::people().len(),
                tally.screens
            );
            Ok(())
        })
        .await,
    );
}

#[tokio::test]
async fn the_first_run_dialog_lists_hostile_names_as_text() {
    let launch = Launch {
        prepare: Some(Box::new(|path| with_hostile_people(path).map(drop))),
        ..Launch::default()
    };
    fail(
        run(launch, |client, _| async move {
            let mut tally = Tally { screens: 0 };
            element(&client, &testid("first-run-select")).await?;
            script(&client, WATCH).await?;
            let options = script(
                &client,
                "return [...document.querySelectorAll('[data-testid=\"first-run-select\"] option')].map(o => o.textContent);",
            )
            .await?;
            let shown = options.to_string();
            for person in warrant_hostile::people().iter().take(6) {
                let name = json!(person.name).to_string();
                let name = name.trim_matches('"');
                if !shown.contains(name) {
                    return Err(format!("the first-run dialog does not list {name}: {shown}"));
                }
            }
            check_clean(&client, "the first-run dialog", &mut tally).await
        })
        .await,
    );
}

#[tokio::test]
async fn a_file_that_is_not_utf8_is_refused_with_its_reason_and_nothing_imported() {
    let files = tempfile::tempdir().unwrap();
    let mut good = base();
    good.id = "hostile-good-neighbour".into();
    let good_file = files.path().join("good-neighbour.json");
    std::fs::write(&good_file, warrant_core::format::to_json(&good)).unwrap();
    // The name is markup too: the error message quotes it.
    let bad_file = files
        .path()
        .join(r#"<img data-pwned src=x onerror="window.__pwned=1">.yaml"#);
    std::fs::write(&bad_file, warrant_hostile::not_utf8_file()).unwrap();
    let expected = warrant_core::format::read_contract_file(&bad_file)
        .unwrap_err()
        .to_string();
    let hook = std::env::join_paths([&good_file, &bad_file])
        .unwrap()
        .into_string()
        .unwrap();
    let launch = Launch {
        env: vec![("WARRANT_E2E_IMPORT".into(), hook)],
        prepare: Some(Box::new(|path| {
            let mut registry = with_hostile_people(path)?;
            ctx(registry.set_acting_as(ACTOR), "choosing acting-as")
        })),
    };
    fail(
        run(launch, |client, _| async move {
            let mut tally = Tally { screens: 0 };
            count_becomes(&client, &testid("registry-row"), 3).await?;
            script(&client, WATCH).await?;
            click(&client, &testid("nav-settings")).await?;
            click(&client, &testid("import-button")).await?;
            let errors = element(&client, &testid("import-errors")).await?;
            let shown = eventually("the import error", || async {
                let t = ctx(errors.text().await, "reading the import errors")?;
                Ok((!t.is_empty()).then_some(t))
            })
            .await?;
            if !shown.contains(&expected) || !expected.contains("UTF-8") {
                return Err(format!(
                    "the window says {shown:?}; the CLI says {expected:?}"
                ));
            }
            check_clean(&client, "settings after a refused import", &mut tally).await?;
            visit(&client, "registry", &testid("registry-row")).await?;
            count_becomes(&client, &testid("registry-row"), 3).await
        })
        .await,
    );
}
