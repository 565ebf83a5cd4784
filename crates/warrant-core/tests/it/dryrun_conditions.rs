//! Compiling suppression conditions: valid CEL compiles, invalid CEL is an
//! error with its line and column, and hostile text — huge, deeply nested,
//! long operator chains, the big list of naughty strings — is refused or
//! compiled quickly, never crashing the process.

use std::ops::ControlFlow;

use warrant_core::condition::{compile_condition, condition_errors, MAX_CONDITION_BYTES};
use warrant_core::dryrun::{run, DryRunOptions, Outcome, RecordsKind};
use warrant_core::model::{Contract, SuppressionAction, SuppressionRule, WorkflowCategory};

#[test]
fn valid_conditions_compile_and_report_the_fields_they_read() {
    let c = compile_condition(
        r#"record.support_severity in ["P1", "P2"] || record["days to renewal"] < 30"#,
    )
    .unwrap();
    assert_eq!(
        c.fields().collect::<Vec<_>>(),
        vec!["days to renewal", "support_severity"]
    );
    for ok in [
        "has(record.opt_out) && record.opt_out",
        "record.tags.exists(t, t == \"vip\")",
        "record.name.startsWith(\"Test\") || record.name.matches(\"^QA-[0-9]+$\")",
        "type(record.arr) == double && record.arr > 1e6",
        "size(record.owner.email) == 0",
        "record.a\n  && record.b",
    ] {
        assert!(
            compile_condition(ok).is_ok(),
            "{ok}: {:?}",
            compile_condition(ok).err()
        );
    }
}

#[test]
fn syntax_errors_carry_line_and_column() {
    let e = compile_condition("record.a ==").unwrap_err();
    assert_eq!((e.line, e.column), (1, 12), "{e:?}");
    assert!(
        e.message.starts_with("The condition is not valid CEL"),
        "{}",
        e.message
    );

    let e = compile_condition("record.a in [\"P1\",\n  \"P2\" +]").unwrap_err();
    assert_eq!((e.line, e.column), (2, 9), "{e:?}");

    let e = compile_condition("record.a = 1").unwrap_err();
    assert_eq!(e.line, 1);
    assert_eq!(e.column, 10);
}

#[test]
fn a_bare_field_name_is_an_error_pointing_at_it() {
    let e = compile_condition("record.a == 1 &&\n   support_severity == \"P1\"").unwrap_err();
    assert_eq!((e.line, e.column), (2, 4), "{e:?}");
    assert!(
        e.message.contains("record.support_severity"),
        "{}",
        e.message
    );
    // Variables bound by a macro are not unknown.
    assert!(compile_condition("record.items.all(i, i.qty > 0)").is_ok());
}

#[test]
fn empty_and_oversized_conditions_are_refused() {
    assert!(compile_condition("   ")
        .unwrap_err()
        .message
        .contains("empty"));
    let huge = format!("record.a == \"{}\"", "x".repeat(MAX_CONDITION_BYTES));
    assert!(compile_condition(&huge)
        .unwrap_err()
        .message
        .contains("limit is 4096"));
}

#[test]
fn deep_nesting_and_long_chains_are_refused_without_overflowing_the_stack() {
    // Compiled from a thread with a small stack: the caller's stack must not
    // matter, and an unbounded recursion would fail loudly here.
    let cases: Vec<String> = vec![
        format!("{}record.a{}", "(".repeat(40), ")".repeat(40)),
        format!("{}1{}", "[".repeat(5000), "]".repeat(5000)),
        vec!["record.a"; 400].join(" || "),
        vec!["1"; 2000].join("+"),
        format!("{}1", "-".repeat(3000)),
        format!("{}true", "!".repeat(3000)),
        format!("record{}", ".a".repeat(1500)),
    ];
    let handle = std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(move || {
            cases
                .iter()
                .map(|c| compile_condition(c).is_err())
                .collect::<Vec<_>>()
        })
        .unwrap();
    let refused = handle.join().expect("compiling must not crash");
    assert!(refused.iter().all(|r| *r), "{refused:?}");
}

#[test]
fn the_longest_accepted_chain_also_evaluates_on_a_default_thread_stack() {
    // 38 comparisons joined by && use 188 operator characters, just under the cap.
    let chain = vec!["record.a == 1"; 38].join(" && ");
    assert!(compile_condition(&chain).is_ok());
    let mut contract = Contract::new("x", "x", WorkflowCategory::Other);
    contract.suppression.push(SuppressionRule {
        name: "chain".into(),
        action: Some(SuppressionAction::Suppress),
        when: chain,
        ..Default::default()
    });
    let outcome = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            run(
                &contract,
                &b"a\n1\n2\n"[..],
                RecordsKind::Csv,
                &DryRunOptions::default(),
                &mut |_| ControlFlow::Continue(()),
            )
            .unwrap()
        })
        .unwrap()
        .join()
        .expect("evaluating must not crash");
    assert_eq!(outcome.records[0].outcome, Outcome::Suppressed);
    assert_eq!(outcome.records[1].outcome, Outcome::Eligible);
}

#[test]
fn naughty_strings_never_crash_the_compiler() {
    let corpus =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/blns/blns.json");
    let text =
        std::fs::read_to_string(&corpus).expect("tests/data/blns/blns.json is in the repository");
    let mut cases: Vec<String> =
        serde_json::from_str(&text).expect("blns.json is a list of strings");
    assert!(cases.len() > 400);
    cases.extend(
        [
            "\u{0}",
            "record.\u{202e}a",
            "'\\",
            "\"\\u0000\"",
            "record.a in [",
            "}}}}",
            "ｒｅｃｏｒｄ.a",
        ]
        .map(String::from),
    );
    let lines = cases.clone();
    std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(move || {
            for line in &lines {
                let _ = compile_condition(line);
                let _ = compile_condition(&format!("record.a == {line}"));
                let _ = compile_condition(&format!("record.a == \"{line}\""));
            }
        })
        .unwrap()
        .join()
        .expect("no naughty string may crash compilation");
}

#[test]
fn condition_errors_lists_only_broken_conditions_with_their_rule_index() {
    let mut contract = Contract::new("x", "x", WorkflowCategory::Other);
    for when in ["record.a == 1", "", "record.a ==", "severity == 1"] {
        contract.suppression.push(SuppressionRule {
            name: when.into(),
            when: when.into(),
            ..Default::default()
        });
    }
    let errors = condition_errors(&contract);
    assert_eq!(
        errors.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
        vec![2, 3]
    );
    assert_eq!(errors[1].1.column, 1);
}

#[test]
fn conditions_that_use_the_whole_record_are_told_apart() {
    for (src, whole) in [
        ("record.a == 1 && has(record.b)", false),
        ("record[\"a b\"] == 1", false),
        ("size(record) > 2", true),
        ("record.exists(k, k == \"vip\")", true),
        ("[\"a\"].exists(f, f in record)", true),
    ] {
        assert_eq!(
            compile_condition(src).unwrap().reads_whole_record(),
            whole,
            "{src}"
        );
    }
}

#[test]
fn a_whole_record_condition_sees_every_field() {
    let mut contract = Contract::new("x", "x", WorkflowCategory::Other);
    for (name, when) in [
        ("narrow", "record.a == 99"),
        ("wide", "size(record) >= 3 && \"c\" in record"),
    ] {
        contract.suppression.push(SuppressionRule {
            name: name.into(),
            action: Some(SuppressionAction::Suppress),
            when: when.into(),
            ..Default::default()
        });
    }
    let result = run(
        &contract,
        &b"a,b,c\n1,2,3\n1,2,\n"[..],
        RecordsKind::Csv,
        &DryRunOptions::default(),
        &mut |_| ControlFlow::Continue(()),
    )
    .unwrap();
    let outcomes: Vec<_> = result
        .records
        .iter()
        .map(|r| (r.outcome, r.rule.as_deref()))
        .collect();
    assert_eq!(
        outcomes,
        vec![
            (Outcome::Suppressed, Some("wide")),
            (Outcome::Eligible, None)
        ]
    );
}

#[test]
fn a_broken_condition_is_a_form_error_on_its_when_field_with_position() {
    let mut c =
        warrant_core::model::Contract::new("x", "X", warrant_core::model::WorkflowCategory::Other);
    c.suppression = vec![
        warrant_core::model::SuppressionRule {
            name: "fine".into(),
            when: "record.a == 1".into(),
            ..Default::default()
        },
        warrant_core::model::SuppressionRule {
            name: "broken".into(),
            when: "record.a ==".into(),
            ..Default::default()
        },
    ];
    let errors = warrant_core::condition::condition_field_errors(&c);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field.as_deref(), Some("suppression[1].when"));
    assert!(
        errors[0].message.contains("line 1, column"),
        "{}",
        errors[0].message
    );
    // Asked twice (the memo), the answer is the same.
    assert_eq!(warrant_core::condition::condition_field_errors(&c), errors);
}
