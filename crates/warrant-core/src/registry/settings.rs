//! Key/value settings kept in the registry file, so that they travel with it:
//! today only [`ACTING_AS`], the person the desktop app stamps changes with.

use rusqlite::{params, OptionalExtension};

use super::Registry;
use crate::{Error, Result};

/// The e-mail address of the person the app acts as (attribution on a
/// single-user desktop, not authentication).
pub const ACTING_AS: &str = "acting_as";

impl Registry {
    /// The value stored under `key`, if any.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                params![key],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Stores `value` under `key`, replacing what was there, in one
    /// `BEGIN IMMEDIATE` transaction with its `setting_changed` audit event
    /// (stamped with the person acting, or the newly chosen person when the
    /// setting is [`ACTING_AS`]). Storing the value already there changes nothing.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        let at = chrono::Utc::now();
        self.with_tx(|tx| {
            let current: Option<String> = tx
                .query_row(
                    "SELECT value FROM settings WHERE key = ?1",
                    params![key],
                    |r| r.get(0),
                )
                .optional()?;
            if current.as_deref() == Some(value) {
                return Ok(());
            }
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )?;
            let acting: Option<String> = tx
                .query_row(
                    "SELECT value FROM settings WHERE key = ?1",
                    params![ACTING_AS],
                    |r| r.get(0),
                )
                .optional()?;
            let actor = acting.unwrap_or_else(|| "app".to_string());
            super::audit::append(
                tx,
                &actor,
                at,
                super::audit::NewEvent {
                    kind: "setting_changed",
                    contract_id: None,
                    version: None,
                    payload: serde_json::json!({ "key": key, "from": current, "to": value }),
                },
            )?;
            Ok(())
        })
    }

    /// The person changes are stamped with. Refused until one is chosen, and
    /// when the chosen person was since removed from the people list.
    pub fn acting_as(&self) -> Result<String> {
        let email = self.setting(ACTING_AS)?.ok_or_else(|| {
            Error::invalid(
                ACTING_AS,
                "Choose who you are acting as (Settings → Acting as) before changing anything.",
            )
        })?;
        match self.person(&email)? {
            Some(person) => Ok(person.email),
            None => Err(Error::invalid(
                ACTING_AS,
                format!("{email} is no longer in the people list. Choose who you are acting as in Settings."),
            )),
        }
    }

    /// Chooses the person to act as; they must be in the people list.
    pub fn set_acting_as(&mut self, email: &str) -> Result<()> {
        let person = self.person(email.trim())?.ok_or_else(|| {
            Error::invalid(
                ACTING_AS,
                format!("{email} is not in the people list. Add them on the People screen first."),
            )
        })?;
        // In a team registry the person acting is the holder of the signing
        // key: a step is signed with it, whoever the window names.
        if let Some(team) = self.team_connection()? {
            if !team.email.eq_ignore_ascii_case(&person.email) {
                return Err(Error::invalid(
                    ACTING_AS,
                    format!(
                        "This registry is connected to the team repository {}, where you act as the holder of your key, {}. {} acts on their own desktop, with their own key.",
                        team.remote, team.email, person.name
                    ),
                ));
            }
        }
        self.set_setting(ACTING_AS, &person.email)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Person;
    use crate::ErrorCode;

    fn person(email: &str) -> Person {
        Person {
            email: email.into(),
            name: "Dana Ruiz".into(),
            team: String::new(),
            title: String::new(),
        }
    }

    #[test]
    fn settings_round_trip_and_replace() {
        let mut registry = Registry::open_in_memory().unwrap();
        assert_eq!(registry.setting("theme").unwrap(), None);
        registry.set_setting("theme", "dark").unwrap();
        registry.set_setting("theme", "light").unwrap();
        registry.set_setting("theme", "light").unwrap();
        assert_eq!(registry.setting("theme").unwrap().as_deref(), Some("light"));
        // Each real change is in the audit trail; repeating a value is not a change.
        let events = registry.audit_events(None).unwrap();
        let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(kinds, ["setting_changed", "setting_changed"]);
        assert_eq!(events[1].payload["from"], "dark");
        assert_eq!(events[1].payload["to"], "light");
        assert!(registry.verify_audit().unwrap().intact);
    }

    #[test]
    fn acting_as_must_be_chosen_and_be_a_person() {
        let mut registry = Registry::open_in_memory().unwrap();
        let err = registry.acting_as().unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            (ErrorCode::Invalid, Some(ACTING_AS))
        );

        let err = registry.set_acting_as("nobody@example.com").unwrap_err();
        assert_eq!(err.field.as_deref(), Some(ACTING_AS));

        registry
            .add_person(&person("dana@example.com"), "test")
            .unwrap();
        registry.set_acting_as("DANA@example.com").unwrap();
        assert_eq!(registry.acting_as().unwrap(), "dana@example.com");

        registry.delete_person("dana@example.com", "test").unwrap();
        let err = registry.acting_as().unwrap_err();
        assert!(
            err.message.contains("no longer in the people list"),
            "{}",
            err.message
        );
    }
}
