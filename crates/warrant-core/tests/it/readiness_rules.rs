//! The readiness check (`docs/readiness-rules.md`) rule by rule: each rule holds on a fully
//! ready `act` contract and fails when exactly one thing is broken; then the
//! ceiling, verdict, next route, blocking flag and JSON shape built on top.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use serde_json::json;
use warrant_core::model::*;
use warrant_core::readiness::{
    check, required_suppression, rules_for_display, CheckContext, Readiness, Route, Verdict, RULES,
};

fn check_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap()
}

fn ctx() -> CheckContext {
    CheckContext::at(check_time())
}

/// A churn-risk contract that satisfies every rule at `act`.
fn ready_act() -> Contract {
    let mut c = Contract::new(
        "churn-risk-summary",
        "Churn-risk summary",
        WorkflowCategory::ChurnRiskRouting,
    );
    c.authority = Authority::Act;
    c.workflow.description =
        "Draft a churn-risk summary when the health model crosses the threshold.".into();
    c.workflow.decision = "The CSM confirms the reason code before the health band changes.".into();
    c.sources = vec![
        Source {
            name: "account_health_current".into(),
            system: Some(SourceSystem::Warehouse),
            role: Some(SourceRole::SourceOfTruth),
            trust: Some(Trust::Trusted),
            owner: Some("dana@example.com".into()),
            max_age_hours: Some(24),
            last_synced_at: Some(check_time() - Duration::hours(6)),
        },
        Source {
            name: "support_cases".into(),
            system: Some(SourceSystem::Support),
            role: Some(SourceRole::Context),
            trust: Some(Trust::Trusted),
            owner: Some("lena@example.com".into()),
            max_age_hours: Some(6),
            last_synced_at: None,
        },
        Source {
            name: "billing_status".into(),
            system: Some(SourceSystem::Billing),
            role: Some(SourceRole::Context),
            trust: Some(Trust::Trusted),
            owner: Some("dana@example.com".into()),
            max_age_hours: None,
            last_synced_at: Some(check_time() - Duration::hours(400)),
        },
    ];
    c.grain = Grain {
        entity: Some(Entity::Account),
        identifiers: vec!["salesforce_account_id".into()],
        matching: Some(Matching::Deterministic),
        match_rate: Some(0.97),
        match_rate_target: Some(0.95),
    };
    c.definitions = vec![Definition {
        name: "account health band".into(),
        status: DefinitionStatus::Agreed,
    }];
    c.owners = Owners {
        business: Some("priya@example.com".into()),
        data: Some("dana@example.com".into()),
        destination: Some("marcus@example.com".into()),
        exception: Some("lena@example.com".into()),
    };
    c.thresholds = Thresholds {
        min_confidence: Some(0.7),
        reason_codes_required: true,
        reason_codes: vec!["usage_drop".into(), "admin_departure".into()],
        max_field_age_hours: Some(48),
        sync_cadence: "daily".into(),
        output_expires_after_hours: Some(168),
    };
    c.suppression = vec![
        SuppressionRule {
            name: "Unresolved P1/P2 support case".into(),
            category: Some(SuppressionCategory::SupportEscalations),
            action: Some(SuppressionAction::Suppress),
            when: r#"record.support_severity in ["P1", "P2"]"#.into(),
        },
        SuppressionRule {
            name: "Renewal in flight".into(),
            category: Some(SuppressionCategory::ActiveRenewals),
            action: Some(SuppressionAction::Review),
            when: "record.days_to_renewal <= 90".into(),
        },
    ];
    c.destination = Destination {
        system: Some(DestinationSystem::Salesforce),
        target: "Account.Churn_Summary__c".into(),
        shows: VisibleContext::ALL.to_vec(),
    };
    c.exceptions = Exceptions {
        pause_procedure: "CS ops turns the sync off and posts in #cs-ops.".into(),
        rollback: "Restore the previous health band from the nightly snapshot.".into(),
        pause_triggers: vec!["match rate below 0.95".into()],
    };
    c.audit = AuditPolicy {
        records: AuditRecord::ALL.to_vec(),
        retention_days: Some(365),
    };
    c.launch_checks.sample_records_pulled = NaiveDate::from_ymd_opt(2026, 11, 3);
    c
}

/// The ids of the failing rules, in finding order.
fn failing(r: &Readiness) -> Vec<&str> {
    r.findings.iter().map(|f| f.rule.as_str()).collect()
}

/// Asserts that exactly `rule` fails, at `field`, and returns its message.
fn only_failure(c: &Contract, rule: &str, field: &str) -> String {
    let r = check(c, &ctx());
    assert_eq!(failing(&r), vec![rule], "findings: {:#?}", r.findings);
    assert_eq!(r.findings[0].field, field);
    assert!(!r.findings[0].message.trim().is_empty());
    r.findings[0].message.clone()
}

#[test]
fn fixture_is_ready_at_act() {
    let r = check(&ready_act(), &ctx());
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!(r.ceiling, Some(Authority::Act));
    assert_eq!(r.verdict, Verdict::Ready);
    assert_eq!(r.next_route, Route::DataActivation);
}

#[test]
fn rule_table_follows_spec_order() {
    let ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
    assert_eq!(
        ids,
        [
            "S1", "S2", "S3", "S4", "A1", "A2", "A3", "A4", "R1", "R2", "R3", "R4", "R5", "X1",
            "X2", "X3", "X4", "X5"
        ]
    );
    assert!(RULES.windows(2).all(|w| w[0].level <= w[1].level));
    let shown = rules_for_display();
    assert_eq!(shown.len(), RULES.len());
    assert_eq!(shown[8].id, "R1");
    assert_eq!(shown[8].level, Authority::Route);
    assert_eq!(shown[8].route, Route::DataFoundation);
    assert_eq!(shown[8].field, "grain.matching");
}

#[test]
fn s1_needs_description_then_decision() {
    let mut c = ready_act();
    c.workflow.description = "  ".into();
    only_failure(&c, "S1", "workflow.description");
    let mut c = ready_act();
    c.workflow.decision = String::new();
    only_failure(&c, "S1", "workflow.decision");
}

#[test]
fn s2_needs_a_source() {
    let mut c = ready_act();
    c.sources.clear();
    only_failure(&c, "S2", "sources");
}

#[test]
fn s3_needs_business_owner_and_whitespace_is_unset() {
    let mut c = ready_act();
    c.owners.business = Some(" ".into());
    let r = check(&c, &ctx());
    // R5 also names the missing business owner, one rung up.
    assert_eq!(failing(&r), vec!["S3", "R5"]);
    assert_eq!(r.findings[0].field, "owners.business");
    assert_eq!(r.findings[1].field, "owners.business");
}

#[test]
fn s4_needs_destination_system_and_why() {
    let mut c = ready_act();
    c.destination.system = None;
    only_failure(&c, "S4", "destination.system");
    let mut c = ready_act();
    c.destination.shows = vec![
        VisibleContext::ReasonCode,
        VisibleContext::Timestamp,
        VisibleContext::Source,
    ];
    let message = only_failure(&c, "S4", "destination.shows");
    assert!(
        message.contains("confidence") && !message.contains("reason_code"),
        "{message}"
    );
}

#[test]
fn a1_needs_data_owner() {
    let mut c = ready_act();
    c.owners.data = None;
    let r = check(&c, &ctx());
    assert_eq!(failing(&r), vec!["A1", "R5"]);
    assert_eq!(r.findings[0].field, "owners.data");
}

#[test]
fn a2_needs_field_age_and_output_expiry() {
    let mut c = ready_act();
    c.thresholds.max_field_age_hours = None;
    only_failure(&c, "A2", "thresholds.max_field_age_hours");
    let mut c = ready_act();
    c.thresholds.output_expires_after_hours = None;
    only_failure(&c, "A2", "thresholds.output_expires_after_hours");
}

#[test]
fn a3_needs_timestamp_and_source_shown() {
    let mut c = ready_act();
    c.destination.shows.retain(|s| *s != VisibleContext::Source);
    let message = only_failure(&c, "A3", "destination.shows");
    assert!(
        message.contains("source") && !message.contains("timestamp"),
        "{message}"
    );
}

#[test]
fn a4_needs_required_and_listed_reason_codes() {
    let mut c = ready_act();
    c.thresholds.reason_codes_required = false;
    only_failure(&c, "A4", "thresholds.reason_codes_required");
    let mut c = ready_act();
    c.thresholds.reason_codes = vec!["".into()];
    only_failure(&c, "A4", "thresholds.reason_codes");
}

#[test]
fn r1_needs_deterministic_matching_at_target_rate() {
    let mut c = ready_act();
    c.grain.matching = Some(Matching::Probabilistic);
    only_failure(&c, "R1", "grain.matching");
    let mut c = ready_act();
    c.grain.matching = None;
    only_failure(&c, "R1", "grain.matching");
    let mut c = ready_act();
    c.grain.match_rate = Some(0.91);
    let message = only_failure(&c, "R1", "grain.match_rate");
    assert!(
        message.contains("0.91") && message.contains("0.95"),
        "{message}"
    );
    // A rate with no target (or the reverse) is not compared.
    let mut c = ready_act();
    c.grain.match_rate = Some(0.5);
    c.grain.match_rate_target = None;
    assert!(check(&c, &ctx()).findings.is_empty());
}

#[test]
fn r2_refuses_contested_definitions() {
    let mut c = ready_act();
    c.definitions.push(Definition {
        name: "lifecycle stage".into(),
        status: DefinitionStatus::Contested,
    });
    let message = only_failure(&c, "R2", "definitions[1].status");
    assert!(message.contains("lifecycle stage"), "{message}");
}

#[test]
fn r3_needs_trusted_owned_sources() {
    let mut c = ready_act();
    c.sources[2].trust = Some(Trust::Provisional);
    let message = only_failure(&c, "R3", "sources[2].trust");
    assert!(message.contains("billing_status"), "{message}");
    let mut c = ready_act();
    c.sources[1].trust = None;
    only_failure(&c, "R3", "sources[1].trust");
    let mut c = ready_act();
    c.sources[1].owner = Some("".into());
    only_failure(&c, "R3", "sources[1].owner");
}

#[test]
fn r3_freshness_depends_on_check_time() {
    // account_health_current synced 6 h before the check time, limit 24 h.
    let c = ready_act();
    let just_in_time = CheckContext::at(check_time() + Duration::hours(18));
    assert!(check(&c, &just_in_time).findings.is_empty());
    let too_late = CheckContext::at(check_time() + Duration::hours(18) + Duration::minutes(1));
    let r = check(&c, &too_late);
    assert_eq!(failing(&r), vec!["R3"]);
    assert_eq!(r.findings[0].field, "sources[0].last_synced_at");
    assert_eq!(r.ceiling, Some(Authority::Assist));
}

#[test]
fn r4_needs_the_category_suppressions() {
    let mut c = ready_act();
    c.suppression
        .retain(|s| s.category != Some(SuppressionCategory::ActiveRenewals));
    let message = only_failure(&c, "R4", "suppression");
    assert!(
        message.contains("active_renewals") && !message.contains("support_escalations"),
        "{message}"
    );

    let mut c = ready_act();
    c.workflow.category = WorkflowCategory::LifecycleNextBestAction;
    let message = only_failure(&c, "R4", "suppression");
    for missing in [
        "opt_outs",
        "legal_restrictions",
        "customers",
        "open_opportunities",
        "holdouts",
    ] {
        assert!(
            message.contains(missing),
            "{missing} not named in: {message}"
        );
    }
}

#[test]
fn r4_any_rule_for_alerts_and_other_none_for_forecast() {
    for category in [WorkflowCategory::RepAlerts, WorkflowCategory::Other] {
        let mut c = ready_act();
        c.workflow.category = category;
        assert!(
            check(&c, &ctx()).findings.is_empty(),
            "{category} with rules"
        );
        c.suppression.clear();
        only_failure(&c, "R4", "suppression");
    }
    let mut c = ready_act();
    c.workflow.category = WorkflowCategory::ForecastCommentary;
    c.suppression.clear();
    assert!(check(&c, &ctx()).findings.is_empty());
}

#[test]
fn required_suppression_table() {
    use SuppressionCategory as S;
    assert_eq!(
        required_suppression(WorkflowCategory::LeadAccountPrioritization),
        &[
            S::OpenOpportunities,
            S::StrategicAccounts,
            S::LowConfidenceMatches
        ]
    );
    assert_eq!(
        required_suppression(WorkflowCategory::ChurnRiskRouting),
        &[S::SupportEscalations, S::ActiveRenewals]
    );
    assert_eq!(
        required_suppression(WorkflowCategory::LifecycleNextBestAction).len(),
        6
    );
    assert!(required_suppression(WorkflowCategory::ForecastCommentary).is_empty());
}

#[test]
fn r5_needs_all_four_owners() {
    let mut c = ready_act();
    c.owners.destination = None;
    c.owners.exception = Some("\t".into());
    let message = only_failure(&c, "R5", "owners.destination");
    assert!(
        message.contains("destination and exception owners"),
        "{message}"
    );
}

#[test]
fn x1_needs_pause_procedure_and_rollback() {
    let mut c = ready_act();
    c.exceptions.pause_procedure = String::new();
    only_failure(&c, "X1", "exceptions.pause_procedure");
    let mut c = ready_act();
    c.exceptions.rollback = " ".into();
    only_failure(&c, "X1", "exceptions.rollback");
}

#[test]
fn x2_needs_a_pause_trigger() {
    let mut c = ready_act();
    c.exceptions.pause_triggers.clear();
    only_failure(&c, "X2", "exceptions.pause_triggers");
}

#[test]
fn x3_needs_all_four_audit_records() {
    let mut c = ready_act();
    c.audit.records = vec![AuditRecord::Suggestion, AuditRecord::Timestamp];
    let message = only_failure(&c, "X3", "audit.records");
    assert!(message.contains("change and reviewer"), "{message}");
}

#[test]
fn x4_needs_sample_records_or_a_dry_run() {
    let mut c = ready_act();
    c.launch_checks.sample_records_pulled = None;
    only_failure(&c, "X4", "launch_checks.sample_records_pulled");
    let with_dry_run = CheckContext {
        at: check_time(),
        has_dry_run: true,
    };
    assert!(check(&c, &with_dry_run).findings.is_empty());
}

#[test]
fn x5_finds_a_pause_trigger_watching_a_source_that_is_gone() {
    let mut c = ready_act();
    c.exceptions.pause_triggers = vec![
        "match rate below 0.95".into(),
        "support-case feed older than 6 hours".into(),
        "Billing status source delayed by more than a day".into(),
        "account_health_current stale for a day".into(),
    ];
    assert!(
        check(&c, &ctx()).findings.is_empty(),
        "every watched source is listed"
    );

    c.exceptions
        .pause_triggers
        .push("product signals older than 6 hours".into());
    let message = only_failure(&c, "X5", "exceptions.pause_triggers[4]");
    assert!(
        message.contains("product signals older than 6 hours"),
        "{message}"
    );
    assert!(message.contains("support_cases"), "{message}");

    // The rep-alerts template once its "Product signals" source is removed.
    let mut template = warrant_core::library::template("rep-alerts").unwrap();
    assert!(!failing(&check(&template, &ctx())).contains(&"X5"));
    template.sources.retain(|s| s.name != "Product signals");
    let r = check(&template, &ctx());
    let x5 = r.findings.iter().find(|f| f.rule == "X5").expect("X5");
    assert_eq!(x5.field, "exceptions.pause_triggers[1]");
    assert!(
        !x5.blocking,
        "the template asks for suggest: X5 is the next rung's"
    );
}

#[test]
fn ceiling_is_cumulative() {
    // Every act rule still holds, but one route rule fails: the ceiling stops at assist.
    let mut c = ready_act();
    c.grain.matching = Some(Matching::Unresolved);
    let r = check(&c, &ctx());
    assert_eq!(r.ceiling, Some(Authority::Assist));
    assert_eq!(r.verdict, Verdict::OverAuthorized);

    let mut c = ready_act();
    c.thresholds.reason_codes_required = false;
    assert_eq!(check(&c, &ctx()).ceiling, Some(Authority::Suggest));

    let mut c = ready_act();
    c.exceptions.pause_triggers.clear();
    assert_eq!(check(&c, &ctx()).ceiling, Some(Authority::Route));

    let mut c = ready_act();
    c.sources.clear();
    let r = check(&c, &ctx());
    assert_eq!(r.ceiling, None);
    assert_eq!(r.verdict, Verdict::NotReady);
}

#[test]
fn verdicts() {
    // Ready: ceiling above the request.
    let mut c = ready_act();
    c.authority = Authority::Assist;
    c.exceptions.rollback.clear();
    let r = check(&c, &ctx());
    assert_eq!(
        (r.ceiling, r.verdict),
        (Some(Authority::Route), Verdict::Ready)
    );

    // Ready: ceiling exactly the request.
    let mut c = ready_act();
    c.authority = Authority::Route;
    c.exceptions.rollback.clear();
    assert_eq!(check(&c, &ctx()).verdict, Verdict::Ready);

    // Over-authorized: suggest holds, the request is higher than the ceiling.
    let mut c = ready_act();
    c.exceptions.rollback.clear();
    let r = check(&c, &ctx());
    assert_eq!(
        (r.ceiling, r.verdict),
        (Some(Authority::Route), Verdict::OverAuthorized)
    );

    // Not ready even when only suggest is asked for.
    let mut c = ready_act();
    c.authority = Authority::Suggest;
    c.destination.shows.clear();
    let r = check(&c, &ctx());
    assert_eq!((r.ceiling, r.verdict), (None, Verdict::NotReady));
}

#[test]
fn next_route_translate_the_ask_first() {
    let mut c = ready_act();
    c.workflow.decision.clear();
    c.grain.matching = Some(Matching::Unresolved);
    assert_eq!(check(&c, &ctx()).next_route, Route::TranslateTheAsk);
}

#[test]
fn next_route_data_foundation_before_audit() {
    let mut c = ready_act();
    c.definitions[0].status = DefinitionStatus::Contested;
    c.exceptions.pause_triggers.clear();
    assert_eq!(check(&c, &ctx()).next_route, Route::DataFoundation);
}

#[test]
fn next_route_ai_readiness_audit() {
    let mut c = ready_act();
    c.audit.records.clear();
    assert_eq!(check(&c, &ctx()).next_route, Route::AiReadinessAudit);
}

#[test]
fn next_route_ignores_rungs_above_the_request() {
    // A data-foundation failure at route does not matter to an assist request.
    let mut c = ready_act();
    c.authority = Authority::Assist;
    c.grain.matching = Some(Matching::Probabilistic);
    let r = check(&c, &ctx());
    assert_eq!(r.verdict, Verdict::Ready);
    assert_eq!(r.next_route, Route::DataActivation);
    // …but an audit failure at the requested rung does.
    c.thresholds.output_expires_after_hours = None;
    assert_eq!(check(&c, &ctx()).next_route, Route::AiReadinessAudit);
}

#[test]
fn blocking_means_at_or_below_the_request() {
    let mut c = ready_act();
    c.authority = Authority::Assist;
    c.owners.data = None; // A1 (assist) and R5 (route)
    c.audit.records.clear(); // X3 (act)
    let r = check(&c, &ctx());
    let flags: Vec<(&str, bool)> = r
        .findings
        .iter()
        .map(|f| (f.rule.as_str(), f.blocking))
        .collect();
    assert_eq!(flags, vec![("A1", true), ("R5", false), ("X3", false)]);
}

#[test]
fn findings_sorted_by_level_then_rule() {
    let mut c = Contract::new(
        "blank",
        "Blank",
        WorkflowCategory::LeadAccountPrioritization,
    );
    c.authority = Authority::Act;
    let r = check(&c, &ctx());
    // A blank contract fails everything except R2 and R3 (nothing contested, no sources to judge).
    assert_eq!(
        failing(&r),
        vec![
            "S1", "S2", "S3", "S4", "A1", "A2", "A3", "A4", "R1", "R4", "R5", "X1", "X2", "X3",
            "X4"
        ]
    );
    assert!(r.findings.iter().all(|f| f.blocking));
    assert_eq!(r.next_route, Route::TranslateTheAsk);
}

#[test]
fn json_shape_matches_spec() {
    let mut c = ready_act();
    c.authority = Authority::Assist;
    c.grain.matching = Some(Matching::Probabilistic);
    let value = serde_json::to_value(check(&c, &ctx())).unwrap();
    let message = value["findings"][0]["message"].clone();
    assert!(message.is_string());
    assert_eq!(
        value,
        json!({
            "id": "churn-risk-summary",
            "requested": "assist",
            "ceiling": "assist",
            "verdict": "ready",
            "next_route": "data_activation",
            "findings": [
                {"rule": "R1", "level": "route", "field": "grain.matching", "blocking": false, "message": message}
            ]
        })
    );

    let mut c = ready_act();
    c.workflow.description.clear();
    c.exceptions.rollback.clear();
    let value = serde_json::to_value(check(&c, &ctx())).unwrap();
    assert_eq!(value["ceiling"], serde_json::Value::Null);
    assert_eq!(value["verdict"], "not_ready");
    assert_eq!(value["next_route"], "translate_the_ask");
    assert_eq!(value["requested"], "act");
    assert_eq!(value["findings"].as_array().unwrap().len(), 2);
}

#[test]
fn over_authorized_json_names_verdict() {
    let mut c = ready_act();
    c.sources[0].trust = Some(Trust::Disputed);
    let value = serde_json::to_value(check(&c, &ctx())).unwrap();
    assert_eq!(value["verdict"], "over_authorized");
    assert_eq!(value["ceiling"], "assist");
    assert_eq!(value["next_route"], "data_foundation");
    assert_eq!(value["findings"][0]["field"], "sources[0].trust");
    assert_eq!(value["findings"][0]["blocking"], true);
}

#[test]
fn r4_a_condition_that_does_not_compile_is_a_finding_on_its_when() {
    let mut c = ready_act();
    c.suppression[0].when = "record.support_severity in [\"P1\", ".into();
    let message = only_failure(&c, "R4", "suppression[0].when");
    assert!(
        message.contains("line 1, column"),
        "names the position: {message}"
    );
    assert!(
        message.contains(&c.suppression[0].name),
        "names the rule: {message}"
    );
    let r = check(&c, &ctx());
    assert_eq!(
        r.ceiling,
        Some(Authority::Assist),
        "route needs working suppression"
    );

    // A rule without a condition is applied by hand, not an error.
    c.suppression[0].when.clear();
    assert!(check(&c, &ctx()).findings.is_empty());
}

#[test]
fn blank_list_entries_do_not_count() {
    let mut c = ready_act();
    c.thresholds.reason_codes = vec!["\t".into(), " ".into()];
    only_failure(&c, "A4", "thresholds.reason_codes");

    let mut c = ready_act();
    c.exceptions.pause_triggers = vec![" ".into()];
    only_failure(&c, "X2", "exceptions.pause_triggers");

    let mut c = ready_act();
    for source in &mut c.sources {
        source.name = "  ".into();
    }
    assert!(failing(&check(&c, &ctx())).contains(&"S2"));

    let mut c = ready_act();
    c.workflow.category = WorkflowCategory::Other;
    c.suppression = vec![SuppressionRule {
        name: " ".into(),
        ..SuppressionRule::default()
    }];
    only_failure(&c, "R4", "suppression");

    let mut c = ready_act();
    c.suppression
        .iter_mut()
        .for_each(|rule| rule.name = "\t".into());
    only_failure(&c, "R4", "suppression");
}

#[test]
fn s4_destination_set_means_its_system_and_r4_says_conditions_compile() {
    let mut c = ready_act();
    c.destination.target = String::new();
    assert!(
        !failing(&check(&c, &ctx())).contains(&"S4"),
        "the target is not required"
    );
    let rule = |id: &str| RULES.iter().find(|r| r.id == id).unwrap();
    assert!(rule("S4").requirement.contains("destination system"));
    assert!(rule("R4").requirement.contains("condition compiles"));
}

// ---- the next step, in plain words --------------------------------------

#[test]
fn next_step_says_what_to_fix_and_whose_work_it_is() {
    use warrant_core::lifecycle::OwnerRole;
    use warrant_core::readiness::next_step;
    // Asking to route with probabilistic matching: the data owner fixes matching.
    let mut c = ready_act();
    c.authority = Authority::Route;
    c.grain.matching = Some(Matching::Probabilistic);
    let r = check(&c, &ctx());
    assert_eq!(r.next_route, Route::DataFoundation);
    let step = next_step(&c, &r);
    assert_eq!(step.action, "Fix identity matching before routing");
    assert_eq!(step.role, OwnerRole::Data);
    assert_eq!(step.owner, c.owners.data.clone());
    assert_eq!(step.rule.as_deref(), Some("R1"));

    // The ask itself comes first, whatever else is missing.
    c.workflow.decision.clear();
    let step = next_step(&c, &check(&c, &ctx()));
    assert_eq!(step.rule.as_deref(), Some("S1"));
    assert_eq!(step.role, OwnerRole::Business);

    // Without a business owner the step still names the role, with nobody in it.
    let mut c = ready_act();
    c.owners.business = None;
    let step = next_step(&c, &check(&c, &ctx()));
    assert_eq!(step.action, "Name a business owner before suggesting");
    assert_eq!((step.role, step.owner), (OwnerRole::Business, None));

    // Nothing blocking: build it, the business owner's call.
    let c = ready_act();
    let step = next_step(&c, &check(&c, &ctx()));
    assert_eq!(step.action, "Nothing blocks acting: build it and launch it");
    assert_eq!(step.rule, None);
    assert_eq!(step.owner, c.owners.business.clone());

    // A live workflow is not built again, and a paused one waits on its
    // exception owner.
    let mut live = ready_act();
    live.status = Some(warrant_core::model::Status::Live);
    let step = next_step(&live, &check(&live, &ctx()));
    assert_eq!(
        step.action,
        "Nothing blocks acting: it is live; review it on its schedule"
    );
    let mut paused = ready_act();
    paused.status = Some(warrant_core::model::Status::Paused);
    let step = next_step(&paused, &check(&paused, &ctx()));
    assert_eq!(step.role, OwnerRole::Exception);
    assert_eq!(step.owner, paused.owners.exception.clone());
}
