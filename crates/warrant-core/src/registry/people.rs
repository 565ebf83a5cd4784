//! The people list: everyone who can own a contract, a source or review one.
//! E-mail addresses are the key and are compared without regard to case.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::json;

use super::audit::{self, NewEvent};
use super::contracts::{current_contracts, rename_owner_in};
use super::Registry;
use crate::model::Person;
use crate::{Error, Result};

impl Registry {
    /// Everyone, sorted by name then e-mail.
    pub fn people(&self) -> Result<Vec<Person>> {
        all_people(&self.conn)
    }

    /// The person with this e-mail, if any.
    pub fn person(&self, email: &str) -> Result<Option<Person>> {
        find_person(&self.conn, email)
    }

    /// Adds a person. An empty name is filled from the e-mail address.
    pub fn add_person(&mut self, person: &Person, actor: &str) -> Result<()> {
        let person = cleaned(person)?;
        let at = Utc::now();
        self.with_tx(|tx| {
            if let Some(existing) = find_person(tx, &person.email)? {
                return Err(Error::conflict(format!(
                    "{} is already in the people list (as {}). Edit that person instead.",
                    existing.email, existing.name
                ))
                .with_field("email"));
            }
            insert_person(tx, &person, actor, at, None)
        })
    }

    /// Edits the person currently known by `email` (the e-mail may change too).
    /// When the e-mail changes, every contract naming the old address is saved
    /// as a new version naming the new one, in the same transaction.
    pub fn update_person(&mut self, email: &str, person: &Person, actor: &str) -> Result<()> {
        let person = cleaned(person)?;
        let at = Utc::now();
        self.with_tx(|tx| {
            let old = find_person(tx, email)?
                .ok_or_else(|| Error::not_found(format!("Nobody with the e-mail {email} is in the people list.")))?;
            let email_changes = !old.email.eq_ignore_ascii_case(&person.email);
            if email_changes {
                if let Some(other) = find_person(tx, &person.email)? {
                    return Err(Error::conflict(format!(
                        "{} already belongs to {}. Choose another e-mail address.",
                        other.email, other.name
                    ))
                    .with_field("email"));
                }
            }
            tx.execute(
                "UPDATE people SET email = ?1, name = ?2, team = ?3, title = ?4 WHERE email = ?5",
                params![person.email, person.name, person.team, person.title, old.email],
            )?;
            let changes: Vec<_> = [
                ("email", &old.email, &person.email),
                ("name", &old.name, &person.name),
                ("team", &old.team, &person.team),
                ("title", &old.title, &person.title),
            ]
            .into_iter()
            .filter(|(_, before, after)| before != after)
            .map(|(field, before, after)| json!({"field": field, "change": format!("{before} → {after}")}))
            .collect();
            audit::append(
                tx,
                actor,
                at,
                NewEvent { kind: "person_edited", contract_id: None, version: None, payload: json!({"email": old.email, "changes": changes, "person": person}) },
            )?;
            if email_changes {
                let ids: Vec<String> = tx
                    .prepare("SELECT id FROM contracts ORDER BY id")?
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                for id in ids {
                    rename_owner_in(tx, &id, &old.email, &person.email, actor, at)?;
                }
            }
            Ok(())
        })
    }

    /// Refused with `Conflict`, naming the contracts, while the person owns any.
    pub fn delete_person(&mut self, email: &str, actor: &str) -> Result<()> {
        let at = Utc::now();
        self.with_tx(|tx| {
            let person = find_person(tx, email)?
                .ok_or_else(|| Error::not_found(format!("Nobody with the e-mail {email} is in the people list.")))?;
            let owned: Vec<String> = current_contracts(tx)?
                .iter()
                .filter_map(|stored| {
                    let (contract, roles) = (&stored.contract, stored.contract.roles_of(&person.email));
                    (!roles.is_empty()).then(|| format!("{} “{}” ({})", contract.id, contract.title, roles.join(", ")))
                })
                .collect();
            if !owned.is_empty() {
                return Err(Error::conflict(format!(
                    "{} cannot be removed while named as an owner in: {}. Name someone else in those contracts first.",
                    person.email,
                    owned.join("; ")
                )));
            }
            tx.execute("DELETE FROM people WHERE email = ?1", [&person.email])?;
            audit::append(
                tx,
                actor,
                at,
                NewEvent {
                    kind: "person_deleted",
                    contract_id: None,
                    version: None,
                    payload: json!({"email": person.email, "name": person.name}),
                },
            )?;
            Ok(())
        })
    }
}

/// Everyone, sorted by name then e-mail, inside the caller's transaction.
pub(super) fn all_people(conn: &Connection) -> Result<Vec<Person>> {
    let mut stmt = conn.prepare(
        "SELECT email, name, team, title FROM people ORDER BY name COLLATE NOCASE, email",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Person {
            email: r.get(0)?,
            name: r.get(1)?,
            team: r.get(2)?,
            title: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

impl Registry {
    /// The people a new registry starts with (`defaults::people()`) who are
    /// still in the list: what [`Registry::remove_example_people`] removes.
    pub fn example_people(&self) -> Result<Vec<Person>> {
        let examples = crate::defaults::people();
        Ok(self
            .people()?
            .into_iter()
            .filter(|p| {
                examples
                    .iter()
                    .any(|e| e.email.eq_ignore_ascii_case(&p.email))
            })
            .collect())
    }

    /// Removes the example people in one step, once a team has entered its
    /// own: every contract naming one of them (as an owner or a source
    /// owner) is saved as a new version naming `actor` instead, so the
    /// example contracts stay complete and have someone to answer for them,
    /// then each example person is deleted. The trail records the renames as
    /// edits by `actor` and each deletion with the reason. All or nothing.
    /// Returns the people removed.
    ///
    /// Refused while `actor` is an example person (they would remove
    /// themselves) or not in the people list.
    pub fn remove_example_people(&mut self, actor: &str) -> Result<Vec<Person>> {
        let at = Utc::now();
        let examples = self.example_people()?;
        self.with_tx(|tx| {
            let me = find_person(tx, actor)?.ok_or_else(|| {
                Error::invalid(
                    "actor",
                    format!("{actor} is not in the people list. Add yourself first, then act as yourself."),
                )
            })?;
            if examples.iter().any(|e| e.email.eq_ignore_ascii_case(&me.email)) {
                return Err(Error::conflict(format!(
                    "You are acting as {}, one of the example people. Add yourself to the people list and act as yourself first: \
                     the example contracts they own will name you instead.",
                    me.name
                )));
            }
            let ids: Vec<String> = tx
                .prepare("SELECT id FROM contracts ORDER BY id")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for person in &examples {
                for id in &ids {
                    rename_owner_in(tx, id, &person.email, &me.email, &me.email, at)?;
                }
                tx.execute("DELETE FROM people WHERE email = ?1", [&person.email])?;
                audit::append(
                    tx,
                    &me.email,
                    at,
                    NewEvent {
                        kind: "person_deleted",
                        contract_id: None,
                        version: None,
                        payload: json!({
                            "email": person.email,
                            "name": person.name,
                            "reason": format!("example person removed; the contracts that named them now name {}", me.email),
                        }),
                    },
                )?;
            }
            Ok(examples.clone())
        })
    }
}

pub(super) fn find_person(conn: &Connection, email: &str) -> Result<Option<Person>> {
    Ok(conn
        .query_row(
            "SELECT email, name, team, title FROM people WHERE email = ?1",
            [email.trim()],
            |r| {
                Ok(Person {
                    email: r.get(0)?,
                    name: r.get(1)?,
                    team: r.get(2)?,
                    title: r.get(3)?,
                })
            },
        )
        .optional()?)
}

/// Inserts and records `person_added`; `reason` says why when Warrant added
/// the person itself (an owner address nobody had entered).
pub(super) fn insert_person(
    conn: &Connection,
    person: &Person,
    actor: &str,
    at: DateTime<Utc>,
    reason: Option<&str>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO people (email, name, team, title) VALUES (?1, ?2, ?3, ?4)",
        params![person.email, person.name, person.team, person.title],
    )?;
    let mut payload = json!({"email": person.email, "name": person.name, "team": person.team, "title": person.title});
    if let Some(reason) = reason {
        payload["reason"] = json!(reason);
    }
    audit::append(
        conn,
        actor,
        at,
        NewEvent {
            kind: "person_added",
            contract_id: None,
            version: None,
            payload,
        },
    )?;
    Ok(())
}

/// Checks an e-mail address by the one rule contract files use too, so
/// anyone who can be added can be named as an owner, and the reverse.
pub(super) fn check_email(email: &str, field: &str) -> Result<()> {
    if crate::format::is_email_address(email) {
        Ok(())
    } else {
        Err(Error::invalid(
            field,
            format!("“{email}” is not an e-mail address. Write it as name@example.com."),
        ))
    }
}

fn cleaned(person: &Person) -> Result<Person> {
    let email = person.email.trim().to_string();
    check_email(&email, "email")?;
    let name = match person.name.trim() {
        "" => crate::model::name_from_email(&email),
        name => name.to_string(),
    };
    Ok(Person {
        email,
        name,
        team: person.team.trim().to_string(),
        title: person.title.trim().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(email: &str, name: &str) -> Person {
        Person {
            email: email.into(),
            name: name.into(),
            team: String::new(),
            title: String::new(),
        }
    }

    #[test]
    fn names_come_from_the_local_part() {
        assert_eq!(crate::model::name_from_email("dana@example.com"), "Dana");
        assert_eq!(
            crate::model::name_from_email("cs.director@example.com"),
            "Cs Director"
        );
        assert_eq!(
            crate::model::name_from_email("rev_ops-team@example.com"),
            "Rev Ops Team"
        );
        assert_eq!(crate::model::name_from_email("élodie@example.fr"), "Élodie");
    }

    #[test]
    fn add_edit_delete_round_trip_with_audit() {
        let mut r = Registry::open_in_memory().unwrap();
        r.add_person(&person(" dana@example.com ", ""), "me@example.com")
            .unwrap();
        assert_eq!(
            r.people().unwrap(),
            vec![person("dana@example.com", "Dana")]
        );
        let err = r
            .add_person(&person("DANA@example.com", "Dana Again"), "me")
            .unwrap_err();
        assert_eq!(err.code, crate::ErrorCode::Conflict);
        r.update_person(
            "dana@example.com",
            &person("dana.k@example.com", "Dana K"),
            "me",
        )
        .unwrap();
        assert_eq!(
            r.person("dana.k@example.com").unwrap().unwrap().name,
            "Dana K"
        );
        assert!(r.person("dana@example.com").unwrap().is_none());
        r.delete_person("dana.k@example.com", "me").unwrap();
        assert!(r.people().unwrap().is_empty());
        let kinds: Vec<String> = r
            .audit_events(None)
            .unwrap()
            .into_iter()
            .map(|e| e.kind)
            .collect();
        assert_eq!(kinds, ["person_added", "person_edited", "person_deleted"]);
    }

    #[test]
    fn bad_addresses_are_refused_with_the_field() {
        let mut r = Registry::open_in_memory().unwrap();
        for bad in [
            "",
            "dana",
            "@example.com",
            "dana@",
            "da na@example.com",
            "a@b@c",
        ] {
            let err = r.add_person(&person(bad, "X"), "me").unwrap_err();
            assert_eq!(err.field.as_deref(), Some("email"), "{bad}");
        }
    }

    #[test]
    fn unknown_person_is_not_found() {
        let mut r = Registry::open_in_memory().unwrap();
        assert_eq!(
            r.delete_person("nobody@example.com", "me")
                .unwrap_err()
                .code,
            crate::ErrorCode::NotFound
        );
        assert_eq!(
            r.update_person("nobody@example.com", &person("x@example.com", "X"), "me")
                .unwrap_err()
                .code,
            crate::ErrorCode::NotFound
        );
    }
}
