//! The CLI on hostile text (`tests/data/hostile` and the Big List of
//! Naughty Strings): whatever a contract holds, `--json` output and exported
//! files carry it unchanged, and human-readable output shows it without
//! letting it act on the terminal.

use std::path::{Path, PathBuf};

use crate::support::{self, ok, stdout, warrant};
use serde_json::Value;
use warrant_core::format::{parse_contract, to_json, to_yaml};
use warrant_core::model::{Contract, WorkflowCategory};
use warrant_hostile::Filled;

fn base() -> Contract {
    warrant_core::defaults::examples()
        .into_iter()
        .find(|c| c.id == "churn-risk-summary")
        .unwrap()
}

/// Writes the contracts as files, alternately JSON and YAML.
fn write_files(dir: &Path, contracts: &[&Contract]) -> Vec<String> {
    contracts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let path: PathBuf = if i % 2 == 0 {
                let p = dir.join(format!("{}.json", c.id));
                std::fs::write(&p, to_json(c)).unwrap();
                p
            } else {
                let p = dir.join(format!("{}.yaml", c.id));
                std::fs::write(&p, to_yaml(c)).unwrap();
                p
            };
            path.display().to_string()
        })
        .collect()
}

/// A registry in a temporary folder holding the hostile contracts.
fn hostile_registry() -> (tempfile::TempDir, String, Vec<Filled>) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.db").display().to_string();
    support::ok(&["init", "--empty", "--db", &db]);
    let mut filled = warrant_hostile::contracts(&base());
    filled.push(warrant_hostile::megabyte_contract(&base()));
    let contracts: Vec<&Contract> = filled.iter().map(|f| &f.contract).collect();
    let files_dir = dir.path().join("in");
    std::fs::create_dir(&files_dir).unwrap();
    let files = write_files(&files_dir, &contracts);
    let mut args = vec!["import", "--db", &db];
    args.extend(files.iter().map(String::as_str));
    ok(&args);
    (dir, db, filled)
}

/// The contract as the registry holds it after import: every text as the
/// file had it, and a draft whatever status the file claimed (an import
/// grants no status).
fn as_imported(contract: &Contract) -> Contract {
    Contract {
        status: None,
        ..contract.clone()
    }
}

#[test]
fn json_output_and_exported_files_carry_hostile_text_unchanged() {
    let (dir, db, filled) = hostile_registry();

    let listed: Vec<Value> = serde_json::from_str(&ok(&["list", "--json", "--db", &db])).unwrap();
    for f in &filled {
        let row = listed
            .iter()
            .find(|r| r["id"] == f.contract.id.as_str())
            .unwrap_or_else(|| panic!("{} is not listed", f.contract.id));
        assert_eq!(row["title"], f.contract.title.as_str(), "{}", f.contract.id);

        let shown: Value =
            serde_json::from_str(&ok(&["show", &f.contract.id, "--json", "--db", &db])).unwrap();
        let contract: Contract = serde_json::from_value(shown["contract"].clone()).unwrap();
        assert_eq!(
            contract,
            as_imported(&f.contract),
            "show --json of {}",
            f.contract.id
        );
    }

    // Export in both formats, read the files back: the same contracts.
    for format in ["yaml", "json"] {
        let out = dir.path().join(format!("out-{format}"));
        let out_arg = out.display().to_string();
        ok(&["export", "--out", &out_arg, "--format", format, "--db", &db]);
        for f in &filled {
            let path = out.join(format!("{}.{format}", f.contract.id));
            let bytes = std::fs::read(&path).unwrap();
            let back = parse_contract(&path.display().to_string(), &bytes).unwrap();
            assert_eq!(
                back,
                as_imported(&f.contract),
                "{format} export of {}",
                f.contract.id
            );
        }
    }
}

#[test]
fn human_output_spells_out_what_would_act_on_the_terminal() {
    let (dir, db, filled) = hostile_registry();
    let escape_holder = filled
        .iter()
        .find(|f| f.contract.title.contains('\u{1b}'))
        .expect("a title with an escape sequence");
    let file = ["json", "yaml"]
        .iter()
        .map(|ext| {
            dir.path()
                .join(format!("in/{}.{ext}", escape_holder.contract.id))
        })
        .find(|p| p.exists())
        .unwrap()
        .display()
        .to_string();
    for args in [
        vec!["list", "--db", &db],
        vec!["show", &escape_holder.contract.id, "--db", &db],
        vec!["people", "list", "--db", &db],
        vec!["audit", "log", "--db", &db],
        vec!["check", &file],
    ] {
        let out = warrant(&args);
        let text = stdout(&out) + &String::from_utf8_lossy(&out.stderr);
        // The YAML after `---` in `show` is the file format, which escapes
        // these characters itself; everything is checked.
        for bad in ['\u{1b}', '\u{7}', '\u{8}', '\r', '\u{7f}', '\u{202e}'] {
            assert!(!text.contains(bad), "warrant {args:?} printed {bad:?} raw");
        }
    }
    let listed = ok(&["list", "--db", &db]);
    assert!(
        listed.contains(r"escape\u{1b}[31mred\u{1b}[0m"),
        "the escape is not spelled out in: {listed}"
    );
}

#[test]
fn every_naughty_string_survives_import_and_json_output() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.db").display().to_string();
    support::ok(&["init", "--empty", "--db", &db]);
    let path = support::repo_root().join("tests/data/blns/blns.json");
    let strings: Vec<String> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let contracts: Vec<Contract> = strings
        .iter()
        .enumerate()
        .map(|(i, s)| {
            // A title must have something besides spaces; the description
            // carries the string exactly.
            let mut c = Contract::new(
                format!("blns-{i:03}"),
                format!("#{i} {s}"),
                WorkflowCategory::Other,
            );
            c.workflow.description = s.clone();
            c
        })
        .collect();
    let refs: Vec<&Contract> = contracts.iter().collect();
    let files = write_files(dir.path(), &refs);
    let mut args = vec!["import", "--db", &db];
    args.extend(files.iter().map(String::as_str));
    ok(&args);
    let listed: Vec<Value> = serde_json::from_str(&ok(&["list", "--json", "--db", &db])).unwrap();
    assert_eq!(listed.len(), strings.len());
    for c in &contracts {
        let row = listed.iter().find(|r| r["id"] == c.id.as_str()).unwrap();
        assert_eq!(row["title"], c.title.as_str());
    }
    for c in contracts.iter().step_by(7) {
        let shown: Value =
            serde_json::from_str(&ok(&["show", &c.id, "--json", "--db", &db])).unwrap();
        // An empty description is left out of the JSON, as in files.
        let description = shown["contract"]["workflow"]["description"]
            .as_str()
            .unwrap_or("");
        assert_eq!(description, c.workflow.description);
    }
}
