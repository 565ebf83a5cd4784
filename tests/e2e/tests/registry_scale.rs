//! The registry screen with more contracts than fit on a few screens: only
//! the rows in view are in the DOM, and the keyboard, the screen-reader
//! attributes, search and sort still cover every contract.

use std::path::Path;

use fantoccini::Client;
use warrant_core::model::Person;
use warrant_core::registry::Registry;
use warrant_e2e::*;

const ACTOR: &str = "e2e@example.com";
/// Added to the three example contracts a registry starts with: 500 in all.
const ADDED: usize = 497;
/// Sorts after every default title, so the last row by title is known.
const LAST_ID: &str = "scale-496";

fn five_hundred(path: &Path) -> Result<(), String> {
    let mut registry = ctx(Registry::open(path), "opening the registry")?;
    ctx(registry.seed_defaults("e2e"), "seeding")?;
    let person = Person {
        email: ACTOR.into(),
        name: "Erin Tester".into(),
        team: "RevOps".into(),
        title: String::new(),
    };
    ctx(registry.add_person(&person, "e2e"), "adding the person")?;
    ctx(registry.set_acting_as(ACTOR), "choosing acting-as")?;
    let first = ctx(
        registry.list(&Default::default(), chrono::Utc::now()),
        "listing",
    )?;
    let base = ctx(registry.contract(&first[0].id), "loading a contract")?.contract;
    for i in 0..ADDED {
        let mut c = base.clone();
        c.id = format!("scale-{i:03}");
        c.title = format!("Zz scale contract {i:03}");
        ctx(registry.save_contract(&c, ACTOR), "saving a contract")?;
    }
    Ok(())
}

fn fail(result: TestResult) {
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// `attribute` of the focused element (the row the keyboard is on).
async fn focused(client: &Client, attribute: &str) -> Result<String, String> {
    let active = ctx(client.active_element().await, "the focused element")?;
    Ok(attr(&active, attribute).await?.unwrap_or_default())
}

async fn press(client: &Client, key: &str) -> TestResult {
    let active = ctx(client.active_element().await, "the focused element")?;
    ctx(active.send_keys(key).await, "pressing a key")
}

async fn drawn_rows(client: &Client) -> Result<usize, String> {
    Ok(elements(client, &testid("registry-row")).await?.len())
}

#[tokio::test]
async fn five_hundred_contracts_draw_only_the_rows_in_view_and_the_keyboard_reaches_all() {
    let launch = Launch {
        prepare: Some(Box::new(five_hundred)),
        ..Launch::default()
    };
    fail(
        run(launch, |client, _| async move {
            let count = element(&client, &testid("registry-count")).await?;
            eventually("the whole list", || async {
                Ok((text(&count).await? == "500 contracts").then_some(()))
            })
            .await?;
            let drawn = drawn_rows(&client).await?;
            if drawn == 0 || drawn > 80 {
                return Err(format!("{drawn} rows in the DOM for 500 contracts"));
            }
            let table = element(&client, &testid("registry-table")).await?;
            let rowcount = attr(&table, "aria-rowcount").await?;
            if rowcount.as_deref() != Some("501") {
                return Err(format!("aria-rowcount is {rowcount:?}, expected 501 (500 rows and the header)"));
            }

            // ↓ from the search box lands on the first row; End on the last.
            let search = element(&client, &testid("registry-search")).await?;
            ctx(search.send_keys("\u{E015}").await, "pressing ↓ in the search box")?;
            let first = focused(&client, "aria-rowindex").await?;
            if first != "2" {
                return Err(format!("↓ from search focused aria-rowindex {first:?}, expected 2"));
            }
            press(&client, "\u{E010}").await?;
            let (id, index) = (focused(&client, "data-id").await?, focused(&client, "aria-rowindex").await?);
            if id != LAST_ID || index != "501" {
                return Err(format!("End focused {id} at aria-rowindex {index}, expected {LAST_ID} at 501"));
            }
            // The focused row is on screen, below the sticky header, with a ring.
            let placement = script(
                &client,
                "const row = document.activeElement; const view = document.querySelector('main.content').getBoundingClientRect(); \
                 const head = document.querySelector('.registry-table thead').getBoundingClientRect(); \
                 const r = row.getBoundingClientRect(); \
                 return { inside: r.top >= head.bottom - 1 && r.bottom <= view.bottom + 1, row: [r.top, r.bottom], head: head.bottom, view: view.bottom, \
                          ring: getComputedStyle(row.cells[0]).boxShadow };",
            )
            .await?;
            if placement["inside"] != true {
                return Err(format!("the last row, focused, is not in view: {placement}"));
            }
            if placement["ring"].as_str().is_none_or(|s| s == "none" || s.is_empty()) {
                return Err(format!("the focused row shows no ring: {placement}"));
            }
            let drawn = drawn_rows(&client).await?;
            if drawn > 80 {
                return Err(format!("{drawn} rows in the DOM after End"));
            }
            press(&client, "\u{E013}").await?;
            let up = focused(&client, "aria-rowindex").await?;
            if up != "500" {
                return Err(format!("↑ from the last row focused aria-rowindex {up:?}, expected 500"));
            }
            press(&client, "\u{E011}").await?;
            let home = focused(&client, "aria-rowindex").await?;
            if home != "2" {
                return Err(format!("Home focused aria-rowindex {home:?}, expected 2"));
            }

            // Sort: descending by title puts the last contract first.
            click(&client, ".registry-table .sort-button").await?;
            eventually("the sort", || async {
                let rows = elements(&client, &testid("registry-row")).await?;
                let Some(top) = rows.first() else { return Ok(None) };
                Ok((attr(top, "data-id").await?.as_deref() == Some(LAST_ID)).then_some(()))
            })
            .await?;

            // Search narrows the whole list, and says of how many.
            fill(&client, &testid("registry-search"), "scale-0123").await?;
            eventually("the search", || async {
                let t = text(&count).await?;
                Ok((t == "0 of 500 contracts").then_some(()))
            })
            .await?;
            fill(&client, &testid("registry-search"), "scale-123").await?;
            eventually("the search", || async {
                let t = text(&count).await?;
                Ok((t == "1 of 500 contracts").then_some(()))
            })
            .await?;
            count_becomes(&client, &testid("registry-row"), 1).await?;
            Ok(())
        })
        .await,
    );
}
