//! The people table: editing the list, people created from owner addresses,
//! and the refusal to delete anyone who still owns something.

use crate::registry_support::*;
use warrant_core::model::Person;
use warrant_core::ErrorCode;

#[test]
fn people_are_kept_sorted_by_name_across_restarts() {
    let mut t = temp_registry();
    t.registry
        .add_person(
            &Person {
                team: "Data".into(),
                title: "Analytics lead".into(),
                ..person("lee@example.com", "Lee Park")
            },
            ME,
        )
        .unwrap();
    t.registry
        .add_person(&person("ana@example.com", "Ana Ruiz"), ME)
        .unwrap();
    t.reopen();
    let people = t.registry.people().unwrap();
    assert_eq!(
        people.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        ["Ana Ruiz", "Lee Park"]
    );
    assert_eq!(people[1].team, "Data");
    assert_eq!(people[1].title, "Analytics lead");
}

#[test]
fn adding_the_same_address_twice_is_a_conflict_whatever_the_case() {
    let mut t = temp_registry();
    t.registry
        .add_person(&person("lee@example.com", "Lee"), ME)
        .unwrap();
    let err = t
        .registry
        .add_person(&person("LEE@Example.com", "Lee again"), ME)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert_eq!(t.registry.people().unwrap().len(), 1);
}

#[test]
fn saving_a_contract_creates_the_owners_nobody_entered() {
    let mut t = temp_registry();
    t.registry
        .add_person(&person("dana@example.com", "Dana Whitfield"), ME)
        .unwrap();
    let report = t
        .registry
        .import(&[file("churn.yaml", churn("churn-a", "Churn A"))], ME)
        .unwrap();
    assert_eq!(
        report.people_added,
        [
            "cs.director@example.com",
            "revops@example.com",
            "cs.ops@example.com",
            "support.lead@example.com"
        ]
    );
    let name_of = |email: &str| t.registry.person(email).unwrap().unwrap().name;
    assert_eq!(
        name_of("dana@example.com"),
        "Dana Whitfield",
        "an existing person keeps their name"
    );
    assert_eq!(name_of("cs.director@example.com"), "Cs Director");
    assert_eq!(name_of("support.lead@example.com"), "Support Lead");
    let added = t
        .registry
        .audit_events(None)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "person_added")
        .count();
    assert_eq!(
        added, 5,
        "one person_added per person, including the one added by hand"
    );
}

#[test]
fn a_malformed_owner_address_refuses_the_save_and_names_the_field() {
    let mut t = temp_registry();
    let mut c = churn("churn-a", "Churn A");
    c.owners.exception = Some("cs ops team".into());
    let err = t.registry.save_contract(&c, ME).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("owners.exception"), "{err:?}");
    assert!(t.registry.is_empty().unwrap());
    assert!(t.registry.people().unwrap().is_empty());
}

#[test]
fn deleting_an_owner_is_refused_naming_every_contract_and_role() {
    let mut t = temp_registry();
    t.registry
        .save_contract(&churn("churn-a", "Churn summary for CSMs"), ME)
        .unwrap();
    let mut other = lead_draft("lead-b", "Lead scoring");
    other.sources = vec![warrant_core::model::Source {
        name: "crm_leads".into(),
        owner: Some("dana@example.com".into()),
        ..Default::default()
    }];
    t.registry.save_contract(&other, ME).unwrap();

    let err = t
        .registry
        .delete_person("dana@example.com", ME)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    for expected in [
        "churn-a",
        "Churn summary for CSMs",
        "data owner",
        "lead-b",
        "Lead scoring",
        "owner of source crm_leads",
    ] {
        assert!(
            err.message.contains(expected),
            "{expected:?} missing from: {}",
            err.message
        );
    }
    assert!(t.registry.person("dana@example.com").unwrap().is_some());
}

#[test]
fn only_current_versions_count_when_deleting() {
    let mut t = temp_registry();
    let mut c = churn("churn-a", "Churn A");
    t.registry.save_contract(&c, ME).unwrap();
    // Hand both of Dana's roles to Lee; Dana stays in version 1 only.
    c.owners.data = Some("lee@example.com".into());
    c.sources[0].owner = Some("lee@example.com".into());
    t.registry.save_contract(&c, ME).unwrap();
    t.registry.delete_person("dana@example.com", ME).unwrap();
    assert!(t.registry.person("dana@example.com").unwrap().is_none());
    assert_eq!(
        t.registry
            .version("churn-a", 1)
            .unwrap()
            .contract
            .owners
            .data
            .as_deref(),
        Some("dana@example.com")
    );
    let last = t.registry.audit_events(None).unwrap().pop().unwrap();
    assert_eq!(
        (last.kind.as_str(), last.payload["email"].as_str()),
        ("person_deleted", Some("dana@example.com"))
    );
}

#[test]
fn changing_an_address_moves_every_role_to_the_new_one() {
    let mut t = temp_registry();
    t.registry
        .save_contract(&churn("churn-a", "Churn A"), ME)
        .unwrap();
    t.registry
        .update_person(
            "dana@example.com",
            &person("dana.w@example.com", "Dana W"),
            ME,
        )
        .unwrap();
    let current = t.registry.contract("churn-a").unwrap();
    assert_eq!(current.version, 2);
    assert_eq!(
        current.contract.owners.data.as_deref(),
        Some("dana.w@example.com")
    );
    assert_eq!(
        current.contract.sources[0].owner.as_deref(),
        Some("dana.w@example.com")
    );
    let summary = &t.registry.versions("churn-a").unwrap()[1].summary;
    assert!(
        summary.contains("owners.data: dana@example.com → dana.w@example.com"),
        "{summary}"
    );
    t.registry
        .delete_person("dana@example.com", ME)
        .unwrap_err();
    assert!(t.registry.verify_audit().unwrap().intact);
}

#[test]
fn changing_an_address_to_one_already_taken_is_a_conflict() {
    let mut t = temp_registry();
    t.registry
        .add_person(&person("a@example.com", "A"), ME)
        .unwrap();
    t.registry
        .add_person(&person("b@example.com", "B"), ME)
        .unwrap();
    let err = t
        .registry
        .update_person("a@example.com", &person("b@example.com", "A"), ME)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert_eq!(
        t.registry.person("a@example.com").unwrap().unwrap().name,
        "A"
    );
}

#[test]
fn the_people_list_takes_only_addresses_an_owner_field_takes() {
    let mut t = temp_registry();
    for bad in ["ops@localhost", "a@b@example.com", "@example.com"] {
        let err = t.registry.add_person(&person(bad, "Ops"), ME).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("email"), "{bad}: {err:?}");
        assert!(
            warrant_core::format::parse_contract(
                "c.yaml",
                format!("format: warrant/v1\nid: c\ntitle: C\nworkflow:\n  category: other\nauthority: act\nowners:\n  data: \"{bad}\"\n").as_bytes()
            )
            .is_err(),
            "{bad} is refused as an owner too"
        );
    }
    t.registry
        .add_person(&person("ops@corp.example", "Ops"), ME)
        .unwrap();
}

#[test]
fn the_example_people_go_in_one_step_and_their_contracts_name_the_person_removing_them() {
    let mut t = temp_registry();
    t.registry.seed_defaults(ME).unwrap();
    let examples = t.registry.example_people().unwrap();
    assert_eq!(examples.len(), warrant_core::defaults::people().len());
    // Deleting one of them alone is refused: the examples name them.
    let named = t
        .registry
        .list(&Default::default(), chrono::Utc::now())
        .unwrap()[0]
        .owners
        .business
        .clone()
        .unwrap();
    let first = examples
        .iter()
        .find(|e| e.email.eq_ignore_ascii_case(&named))
        .unwrap()
        .email
        .clone();
    assert_eq!(
        t.registry.delete_person(&first, ME).unwrap_err().code,
        ErrorCode::Conflict
    );

    // An example person cannot clear the examples (they would remove themselves).
    let refused = t.registry.remove_example_people(&first).unwrap_err();
    assert_eq!(refused.code, ErrorCode::Conflict);
    assert!(
        refused.message.contains("one of the example people"),
        "{}",
        refused.message
    );

    t.registry
        .add_person(
            &person("ines@acme.example", "Ines Duarte"),
            "ines@acme.example",
        )
        .unwrap();
    let before = t.registry.audit_events(None).unwrap().len();
    let removed = t
        .registry
        .remove_example_people("ines@acme.example")
        .unwrap();
    assert_eq!(removed.len(), examples.len());
    let left: Vec<String> = t
        .registry
        .people()
        .unwrap()
        .into_iter()
        .map(|p| p.email)
        .collect();
    assert!(
        examples.iter().all(|e| !left.contains(&e.email)),
        "every example person is gone: {left:?}"
    );
    assert!(left.contains(&"ines@acme.example".to_string()));
    assert!(t.registry.example_people().unwrap().is_empty());
    for row in t
        .registry
        .list(&Default::default(), chrono::Utc::now())
        .unwrap()
    {
        let stored = t.registry.contract(&row.id).unwrap();
        for email in stored.contract.owner_emails() {
            assert_eq!(email, "ines@acme.example", "{} still names {email}", row.id);
        }
    }
    // The trail says who did it and why, and still matches the tables.
    let events = t.registry.audit_events(None).unwrap();
    let deleted: Vec<_> = events[before..]
        .iter()
        .filter(|e| e.kind == "person_deleted")
        .collect();
    assert_eq!(deleted.len(), examples.len());
    assert!(deleted.iter().all(|e| e.actor == "ines@acme.example"));
    assert!(deleted[0].payload["reason"]
        .as_str()
        .unwrap()
        .contains("now name ines@acme.example"));
    assert!(events[before..].iter().any(|e| e.kind == "contract_edited"));
    assert!(t.registry.verify_audit().unwrap().intact);
}
