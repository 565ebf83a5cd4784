//! Hostile text (the shared corpus: control characters, bidi overrides,
//! markup, YAML look-alikes, long words) survives the team files exactly:
//! a record whose comment is any corpus string still verifies after the
//! YAML round trip, and people with corpus names read back unchanged.

use warrant_core::lifecycle::ReviewDecision;
use warrant_core::model::Status;
use warrant_team::record::Kind;
use warrant_team::TeamPerson;

use crate::support::*;

#[test]
fn every_corpus_string_survives_signing_writing_and_reading() {
    let mut team = Team::new();
    let c = contract();
    team.write(&c, Some(Status::InReview));
    team.step(&c, Kind::Submit, BEA, "");
    let corpus = warrant_hostile::corpus();
    for item in &corpus {
        // Requests for changes keep the contract in review-able states
        // (draft, then submitted again), so every comment is a valid step.
        let file = team.review(&c, BEA, ReviewDecision::RequestChanges, &item.text);
        let text = std::fs::read_to_string(team.dir().join(&file)).unwrap();
        let value = warrant_team::yaml::read(&text).unwrap();
        assert_eq!(value["comment"], item.text.as_str(), "{}", item.name);
        team.step(&c, Kind::Submit, BEA, "");
    }
    let report = team.verify();
    assert!(report.ok(), "{}", failures(&report));
    assert_eq!(report.contracts[0].valid_records, 1 + 2 * corpus.len());
}

#[test]
fn people_with_corpus_names_read_back_unchanged() {
    let team = Team::new();
    let mut people = team.repo.people().unwrap();
    for person in warrant_hostile::people() {
        people.people.push(TeamPerson {
            email: person.email,
            name: person.name,
            team: person.team,
            title: person.title,
            keys: Vec::new(),
        });
    }
    let path = team.dir().join("people.yaml");
    std::fs::write(
        &path,
        warrant_team::yaml::write(&serde_json::to_value(&people).unwrap()),
    )
    .unwrap();
    assert_eq!(warrant_team::PeopleFile::read(&path).unwrap(), people);
    assert!(team.verify().ok());
}
