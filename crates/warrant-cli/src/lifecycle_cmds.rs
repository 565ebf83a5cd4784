//! The lifecycle commands: `review` (approve or request changes on the
//! version under review), `status` (submit, launch, pause, resume, retire,
//! discard),
//! `rollback`, and `audit log` / `audit verify` over the hash-chained trail.
//!
//! In a registry connected to a team repository, `review`, `status` and
//! `rollback` are taken as the holder of the signing key (`--key FILE`,
//! `$WARRANT_KEY`, else the key named at init or join), each with its
//! signed record; `--as`, when given, must be that person.
//!
//! Refusals print the core's plain reason on stderr and exit 2; `audit
//! verify` exits 0 when the trail is intact and 1 when it was tampered with.

use crate::terminal::{say, say_err};
use std::path::Path;

use chrono::Utc;
use warrant_core::lifecycle::{Action, ReviewDecision};
use warrant_core::registry::{ActDone, AuditEvent, AuditHead, Registry, TeamAct};

use crate::{fail, Outcome};

fn open(db: &Path) -> Result<Registry, Outcome> {
    Registry::open_existing(db).map_err(|e| match e.code {
        warrant_core::ErrorCode::NotFound => fail(e),
        _ => fail(format!("{}: {e}", db.display())),
    })
}

fn guarded(f: impl FnOnce() -> Result<Outcome, Outcome>) -> Outcome {
    f().unwrap_or_else(|outcome| outcome)
}

/// `--as`, else the registry's "acting as" person; lifecycle changes are
/// never stamped with an anonymous terminal user.
fn who(registry: &Registry, actor: Option<&str>) -> Result<String, Outcome> {
    match actor {
        Some(email) => Ok(email.trim().to_string()),
        None => registry.acting_as().map_err(|_| {
            fail("say who is acting with --as EMAIL (someone in the people list), or choose who you act as in the app's Settings")
        }),
    }
}

/// In a registry connected to a team repository, takes the step as the
/// key holder with its signed record (`None` when the registry is not
/// connected: a desk registry, where `--key` has nothing to sign).
fn signed(
    registry: &mut Registry,
    id: &str,
    act: TeamAct,
    actor: Option<&str>,
    key: Option<&Path>,
) -> Result<Option<ActDone>, Outcome> {
    let Some(connection) = warrant_team::acting::holder(registry, actor).map_err(fail)? else {
        if key.is_some() {
            return Err(fail(
                "--key: this registry is not connected to a team repository, so there is no record to sign",
            ));
        }
        return Ok(None);
    };
    let signer = crate::team_cmds::signing_key_for(key, &connection)?;
    let (done, row) =
        warrant_team::acting::act(registry, &signer, id, &act, actor).map_err(fail)?;
    say!(
        "Signed by {} as {} (goes out with the next `warrant team sync`).",
        connection.email,
        row.file
    );
    Ok(Some(done))
}

pub fn review(
    db: &Path,
    id: &str,
    actor: Option<&str>,
    decision: ReviewDecision,
    comment: &str,
    key: Option<&Path>,
) -> Outcome {
    guarded(|| {
        let mut registry = open(db)?;
        let act = TeamAct::Review {
            decision,
            comment: comment.to_string(),
        };
        let done = match signed(&mut registry, id, act, actor, key)? {
            Some(ActDone::Review(done)) => done,
            Some(_) => return Err(fail("the registry took another step than asked")),
            None => {
                let actor = who(&registry, actor)?;
                registry
                    .record_review(id, decision, comment, &actor)
                    .map_err(fail)?
            }
        };
        let r = &done.review;
        say!(
            "Recorded: {} {} version {} of {id} as {}.",
            r.reviewer,
            match r.decision {
                ReviewDecision::Approve => "approved",
                ReviewDecision::RequestChanges => "asked for changes to",
            },
            r.version,
            warrant_core::lifecycle::stored_roles(&r.roles)
        );
        match &done.status_change {
            Some(change) => say!("Status: {} → {}.", change.from.as_str(), change.to.as_str()),
            None => say!("Status: {} (unchanged).", done.status.as_str()),
        }
        for missing in &done.still_missing {
            say!("Still needed: {missing}.");
        }
        if let Some(date) = done.next_review {
            say!("Next review: {date}.");
        }
        Ok(Outcome::Ok)
    })
}

pub fn status(
    db: &Path,
    id: &str,
    action: Action,
    actor: Option<&str>,
    note: &str,
    key: Option<&Path>,
) -> Outcome {
    guarded(|| {
        let mut registry = open(db)?;
        let act = TeamAct::Status {
            action,
            note: note.to_string(),
        };
        // Approving and asking for changes are reviews: the core says so.
        let team = !matches!(action, Action::Approve | Action::RequestChanges);
        let (change, actor) = match team
            .then(|| signed(&mut registry, id, act, actor, key))
            .transpose()?
            .flatten()
        {
            Some(ActDone::Status(change)) => {
                let actor = registry
                    .team_connection()
                    .map_err(fail)?
                    .map(|c| c.email)
                    .unwrap_or_default();
                (change, actor)
            }
            Some(_) => return Err(fail("the registry took another step than asked")),
            None => {
                let actor = who(&registry, actor)?;
                let change = registry
                    .change_status(id, action, note, &actor)
                    .map_err(fail)?;
                (change, actor)
            }
        };
        say!(
            "{id}: {} → {} ({} by {actor}, version {}). Now {}.",
            change.from.as_str(),
            change.to.as_str(),
            change.action,
            change.version,
            change.standing.describe()
        );
        Ok(Outcome::Ok)
    })
}

pub fn rollback(
    db: &Path,
    id: &str,
    actor: Option<&str>,
    what: &str,
    key: Option<&Path>,
) -> Outcome {
    guarded(|| {
        let mut registry = open(db)?;
        let act = TeamAct::Rollback {
            what: what.to_string(),
        };
        let seq = match signed(&mut registry, id, act, actor, key)? {
            Some(ActDone::Rollback { seq }) => seq,
            Some(_) => return Err(fail("the registry took another step than asked")),
            None => {
                let actor = who(&registry, actor)?;
                registry.record_rollback(id, what, &actor).map_err(fail)?
            }
        };
        say!("Recorded rollback of {id} as audit event #{seq}.");
        Ok(Outcome::Ok)
    })
}

pub fn list_reviews(db: &Path, id: &str, json: bool) -> Outcome {
    guarded(|| {
        let registry = open(db)?;
        let state = registry.lifecycle(id, "", Utc::now()).map_err(fail)?;
        let reviews = registry.reviews(id, None).map_err(fail)?;
        if json {
            println!(
                "{}",
                serde_json::to_string_pretty(&reviews).expect("reviews serialize")
            );
            return Ok(Outcome::Ok);
        }
        say!(
            "{id}: {} at version {}",
            state.status.as_str(),
            state.version
        );
        for r in &reviews {
            say!(
                "  v{} {} {} ({}) {}{}",
                r.version,
                r.at.format("%Y-%m-%d %H:%M"),
                r.reviewer,
                warrant_core::lifecycle::stored_roles(&r.roles),
                r.decision.as_str(),
                if r.comment.is_empty() {
                    String::new()
                } else {
                    format!(": {}", r.comment)
                }
            );
        }
        Ok(Outcome::Ok)
    })
}

/// One line of `warrant audit log`: what the event says, in short.
fn event_summary(event: &AuditEvent) -> String {
    let p = &event.payload;
    let text = |key: &str| {
        p.get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    match event.kind.as_str() {
        "status_changed" => {
            let note = [text("reason"), text("comment")]
                .into_iter()
                .find(|n| !n.is_empty());
            format!(
                "{}: {} → {}{}",
                text("action"),
                text("from"),
                text("to"),
                note.map(|n| format!(" — {n}")).unwrap_or_default()
            )
        }
        "review" => {
            let comment = text("comment");
            format!(
                "{} as {}{}",
                text("decision"),
                text("role"),
                if comment.is_empty() {
                    String::new()
                } else {
                    format!(" — {comment}")
                }
            )
        }
        "contract_edited" => text("summary"),
        "rollback" => text("what"),
        "export" => format!(
            "{} contracts as {}",
            p["ids"].as_array().map_or(0, |a| a.len()),
            text("format")
        ),
        "dry_run" => format!("{} ({} rows)", text("file_name"), p["row_count"]),
        "person_added" | "person_deleted" | "person_edited" => text("email"),
        _ => String::new(),
    }
}

pub fn audit_log(db: &Path, id: Option<&str>, json: bool) -> Outcome {
    guarded(|| {
        let registry = open(db)?;
        if let Some(id) = id {
            registry.contract(id).map_err(fail)?;
        }
        let events = registry.audit_events(id).map_err(fail)?;
        if json {
            println!(
                "{}",
                serde_json::to_string_pretty(&events).expect("events serialize")
            );
            return Ok(Outcome::Ok);
        }
        if events.is_empty() {
            say!("No audit events.");
        }
        for e in &events {
            let subject = match (&e.contract_id, e.version) {
                (Some(c), Some(v)) => format!("{c}@v{v}"),
                (Some(c), None) => c.clone(),
                _ => "-".to_string(),
            };
            say!(
                "#{:<5} {} {:<28} {:<16} {:<32} {}",
                e.seq,
                e.at.format("%Y-%m-%d %H:%M:%S"),
                e.actor,
                e.kind,
                subject,
                event_summary(e)
            );
        }
        Ok(Outcome::Ok)
    })
}

pub fn audit_verify(db: &Path, head: Option<&str>) -> Outcome {
    guarded(|| {
        let expected: Option<AuditHead> = head
            .map(|h| h.parse::<AuditHead>().map_err(fail))
            .transpose()?;
        let registry = open(db)?;
        let check = match &expected {
            Some(h) => registry.verify_audit_against(&h.hash, h.events),
            None => registry.verify_audit(),
        }
        .map_err(fail)?;
        if let (None, Some(first)) = (&check.first_bad, check.state_mismatches.first()) {
            let event = first
                .seq
                .map(|seq| format!(" (audit event #{seq})"))
                .unwrap_or_default();
            say!(
                "Audit trail intact ({} events), but the stored state does NOT match it: {}: {}{event}.",
                check.events,
                first.what,
                first.reason
            );
            let more = check.state_mismatches.len() - 1;
            if more > 0 {
                say!(
                    "{more} more mismatch{} found.",
                    if more == 1 { "" } else { "es" }
                );
            }
            say_err!(
                "warrant: the registry's tables were changed outside Warrant ({})",
                first.what
            );
            return Ok(Outcome::NotReady);
        }
        match &check.first_bad {
            None => {
                say!(
                    "Audit trail intact: {} events, head {}:{}.",
                    check.events,
                    check.head,
                    check.events
                );
                if let Some(h) = &expected {
                    say!("It still holds the recorded head {h}.");
                }
                Ok(Outcome::Ok)
            }
            Some(bad) => {
                say!(
                    "Audit trail TAMPERED: first bad event #{}: {}.",
                    bad.seq,
                    bad.reason
                );
                say_err!(
                    "warrant: the audit trail was tampered with (first bad event #{})",
                    bad.seq
                );
                Ok(Outcome::NotReady)
            }
        }
    })
}
