//! `lifecycle::allowed_actions`, the pure function the app uses to show a
//! button only when it would work: for each status and each person of the
//! table in `docs/lifecycle.md`, exactly the allowed actions, and a reason for
//! the others.

use chrono::Utc;
use warrant_core::lifecycle::{
    allowed_actions, check_note, reviewer_role, Action, ActionAvailability, LifecycleFacts, Note,
    PendingFacts, Review, ReviewDecision, VersionFacts,
};
use warrant_core::model::*;
use warrant_core::readiness::{check, CheckContext, Readiness};

const BUSINESS: &str = "biz@example.com";
const DATA: &str = "dana@example.com";
const DESTINATION: &str = "dest@example.com";
const EXCEPTION: &str = "exc@example.com";
const OUTSIDER: &str = "sam@example.com";

/// A contract ready at suggest with all four owners named.
fn contract() -> Contract {
    let mut c = Contract::new("c", "C", WorkflowCategory::ForecastCommentary);
    c.workflow.description = "Summarise the forecast.".into();
    c.workflow.decision = "The VP edits the note.".into();
    c.sources = vec![Source {
        name: "crm".into(),
        trust: Some(Trust::Trusted),
        owner: Some(DATA.into()),
        ..Default::default()
    }];
    c.owners = Owners {
        business: Some(BUSINESS.into()),
        data: Some(DATA.into()),
        destination: Some(DESTINATION.into()),
        exception: Some(EXCEPTION.into()),
    };
    c.destination.system = Some(DestinationSystem::ForecastNote);
    c.destination.shows = vec![VisibleContext::ReasonCode, VisibleContext::Confidence];
    c
}

fn readiness(c: &Contract) -> Readiness {
    check(c, &CheckContext::at(Utc::now()))
}

/// Every action for `actor` on version 3 of `c`, in `status`, with no
/// pending version.
fn actions(
    c: &Contract,
    status: Status,
    actor: &str,
    reviews: &[Review],
    r: &Readiness,
) -> Vec<ActionAvailability> {
    allowed_actions(&LifecycleFacts {
        status,
        in_force: VersionFacts {
            number: 3,
            contract: c,
            reviews,
            readiness: r,
        },
        pending: None,
        actor,
        people: &[],
    })
}

fn allowed(c: &Contract, status: Status, actor: &str, reviews: &[Review]) -> Vec<Action> {
    let r = readiness(c);
    let all = actions(c, status, actor, reviews, &r);
    assert_eq!(all.len(), Action::ALL.len(), "every action is listed");
    for a in &all {
        assert_eq!(
            a.allowed,
            a.reason.is_none(),
            "{a:?}: a reason exactly when refused"
        );
        if let Some(reason) = &a.reason {
            assert!(!reason.trim().is_empty());
        }
    }
    all.into_iter()
        .filter(|a| a.allowed)
        .map(|a| a.action)
        .collect()
}

fn approval(by: &str, version: u32) -> Review {
    Review {
        contract_id: "c".into(),
        version,
        reviewer: by.into(),
        roles: Vec::new(),
        decision: ReviewDecision::Approve,
        comment: String::new(),
        at: Utc::now(),
    }
}

use Action::*;

#[test]
fn the_table_of_who_may_do_what_in_each_status() {
    let c = contract();
    assert_eq!(
        readiness(&c).verdict,
        warrant_core::readiness::Verdict::Ready
    );
    let cases: &[(Status, &str, &[Action])] = &[
        (Status::Draft, OUTSIDER, &[Submit]),
        (Status::Draft, BUSINESS, &[Submit, Retire]),
        (Status::InReview, OUTSIDER, &[RequestChanges]),
        (
            Status::InReview,
            BUSINESS,
            &[Approve, RequestChanges, Retire],
        ),
        (Status::InReview, DATA, &[Approve, RequestChanges]),
        (Status::InReview, DESTINATION, &[RequestChanges]),
        (Status::Approved, BUSINESS, &[Approve, Launch, Retire]),
        (Status::Approved, DESTINATION, &[Launch]),
        (Status::Approved, EXCEPTION, &[]),
        (Status::Live, BUSINESS, &[Approve, Pause, Retire]),
        (Status::Live, DATA, &[Approve, Pause]),
        (Status::Live, DESTINATION, &[Pause]),
        (Status::Live, EXCEPTION, &[Pause]),
        (Status::Live, OUTSIDER, &[]),
        (Status::Paused, EXCEPTION, &[Resume]),
        (Status::Paused, BUSINESS, &[Approve, Resume, Retire]),
        (Status::Paused, DESTINATION, &[]),
        (Status::Retired, BUSINESS, &[]),
        (Status::Retired, OUTSIDER, &[]),
    ];
    for (status, actor, expected) in cases {
        assert_eq!(
            &allowed(&c, *status, actor, &[]),
            expected,
            "{status} as {actor}"
        );
    }
}

#[test]
fn owner_addresses_match_without_regard_to_case_or_spaces() {
    let c = contract();
    assert_eq!(
        allowed(&c, Status::Paused, " EXC@Example.com ", &[]),
        [Resume]
    );
    assert_eq!(reviewer_role(&c, "Dana@Example.com"), "data");
    assert_eq!(reviewer_role(&c, OUTSIDER), "reviewer");
}

#[test]
fn the_reasons_say_what_is_missing_in_plain_words() {
    let c = contract();
    let r = readiness(&c);
    let reviews = [approval(BUSINESS, 3)];
    let actions = actions(&c, Status::InReview, BUSINESS, &reviews, &r);
    let approve = actions.iter().find(|a| a.action == Approve).unwrap();
    assert_eq!(
        approve.reason.as_deref(),
        Some("biz@example.com has already approved version 3; approval needs the data owner, dana@example.com, to approve version 3 (an approval counts once per person and version)")
    );
    let launch = actions.iter().find(|a| a.action == Launch).unwrap();
    assert!(
        launch
            .reason
            .as_deref()
            .unwrap()
            .starts_with("launch needs the contract to be approved; it is in review."),
        "{launch:?}"
    );
    let pause = actions.iter().find(|a| a.action == Pause).unwrap();
    assert_eq!(pause.needs, Some(Note::Reason));
    assert_eq!(
        actions.iter().find(|a| a.action == Resume).unwrap().needs,
        Some(Note::Comment)
    );
    assert_eq!(
        actions.iter().find(|a| a.action == Submit).unwrap().needs,
        None
    );
}

#[test]
fn an_approval_of_another_version_does_not_block_approving_this_one() {
    let c = contract();
    assert_eq!(
        allowed(&c, Status::InReview, BUSINESS, &[approval(BUSINESS, 2)]),
        [Approve, RequestChanges, Retire]
    );
    assert_eq!(
        allowed(&c, Status::InReview, BUSINESS, &[approval(BUSINESS, 3)]),
        [RequestChanges, Retire]
    );
}

#[test]
fn submit_and_approve_follow_the_verdict() {
    let mut c = contract();
    // No freshness thresholds (rule A2), so asking for assist is over_authorized.
    c.authority = Authority::Assist;
    assert_eq!(
        readiness(&c).verdict,
        warrant_core::readiness::Verdict::OverAuthorized
    );
    assert_eq!(allowed(&c, Status::Draft, OUTSIDER, &[]), [Submit]);
    assert_eq!(allowed(&c, Status::InReview, DATA, &[]), [RequestChanges]);
    let r = readiness(&c);
    let why = actions(&c, Status::InReview, DATA, &[], &r)
        .into_iter()
        .find(|a| a.action == Approve)
        .unwrap();
    assert!(why
        .reason
        .unwrap()
        .contains("approval needs version 3 to be ready for the authority it asks for (assist); it is over-authorized"));

    c.workflow.description.clear();
    assert_eq!(
        readiness(&c).verdict,
        warrant_core::readiness::Verdict::NotReady
    );
    assert_eq!(
        allowed(&c, Status::Draft, OUTSIDER, &[]),
        Vec::<Action>::new()
    );
}

#[test]
fn notes_are_required_exactly_where_the_spec_says() {
    for action in Action::ALL {
        let needs = matches!(action, RequestChanges | Pause | Resume | Retire | Discard);
        assert_eq!(check_note(*action, " ").is_err(), needs, "{action}");
        assert!(check_note(*action, "because").is_ok());
    }
}

#[test]
fn action_names_round_trip() {
    for action in Action::ALL {
        assert_eq!(Action::parse(action.as_str()), Some(*action));
        assert_eq!(serde_json::to_value(action).unwrap(), action.as_str());
    }
    assert_eq!(Action::parse("approve_now"), None);
}

#[test]
fn a_second_approval_by_the_same_person_is_refused_even_on_a_live_version() {
    let c = contract();
    for status in [
        Status::InReview,
        Status::Approved,
        Status::Live,
        Status::Paused,
    ] {
        let with = allowed(&c, status, BUSINESS, &[approval(BUSINESS, 3)]);
        assert!(!with.contains(&Approve), "{status}: {with:?}");
    }
}

/// A live version 3 with an edit waiting as pending version 4 in `pending`.
fn live_with_pending(
    c: &Contract,
    edited: &Contract,
    pending: Status,
    actor: &str,
    pending_reviews: &[Review],
) -> Vec<ActionAvailability> {
    let (r, pr) = (readiness(c), readiness(edited));
    allowed_actions(&LifecycleFacts {
        status: Status::Live,
        in_force: VersionFacts {
            number: 3,
            contract: c,
            reviews: &[],
            readiness: &r,
        },
        pending: Some(PendingFacts {
            status: pending,
            version: VersionFacts {
                number: 4,
                contract: edited,
                reviews: pending_reviews,
                readiness: &pr,
            },
        }),
        actor,
        people: &[],
    })
}

fn open(all: &[ActionAvailability]) -> Vec<(Action, u32)> {
    all.iter()
        .filter(|a| a.allowed)
        .map(|a| (a.action, a.version))
        .collect()
}

#[test]
fn a_pending_version_is_reviewed_and_launched_while_the_live_one_can_still_be_paused() {
    let c = contract();
    let mut edited = c.clone();
    edited.thresholds.sync_cadence = "hourly".into();
    // A draft pending version: submit it, discard it, or pause/retire version 3.
    assert_eq!(
        open(&live_with_pending(
            &c,
            &edited,
            Status::Draft,
            BUSINESS,
            &[]
        )),
        [
            (Submit, 4),
            (Approve, 3),
            (Pause, 3),
            (Retire, 3),
            (Discard, 4)
        ]
    );
    assert_eq!(
        open(&live_with_pending(
            &c,
            &edited,
            Status::Draft,
            EXCEPTION,
            &[]
        )),
        [(Submit, 4), (Pause, 3), (Discard, 4)]
    );
    // In review: the owners' approvals go to version 4.
    assert_eq!(
        open(&live_with_pending(&c, &edited, Status::InReview, DATA, &[])),
        [(Approve, 4), (RequestChanges, 4), (Pause, 3), (Discard, 4)]
    );
    let reviewed = [approval(DATA, 4)];
    assert!(!open(&live_with_pending(
        &c,
        &edited,
        Status::InReview,
        DATA,
        &reviewed
    ))
    .contains(&(Approve, 4)));
    // Approved: launching it replaces version 3.
    assert_eq!(
        open(&live_with_pending(
            &c,
            &edited,
            Status::Approved,
            DESTINATION,
            &[]
        )),
        [(Launch, 4), (Pause, 3), (Discard, 4)]
    );
}
