//! Whose keys were valid when: the team's key history.
//!
//! The founding keys (in `warrant-team.yaml`, taken on trust at init) are
//! valid from the start. A `person_key` record signed with a key valid at
//! its time adds a key from that time on, or revokes one from that time on:
//! records the revoked key signed before stay valid, later ones do not.
//! Since a record's time is written by its signer, a revocation also lists
//! the records it keeps (by digest), and only those stay valid: a stolen
//! key cannot sign a record dated before its revocation.
//! Records are applied in time order, so a key can only vouch for changes
//! made while it was itself valid.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use ssh_key::PublicKey;

use crate::signing;

/// One key of one person and the span of time it was valid.
#[derive(Debug, Clone)]
pub struct KeyEntry {
    pub email: String,
    pub key: PublicKey,
    /// `None` for a founding key.
    pub added_at: Option<DateTime<Utc>>,
    /// The record that added it (`None` for a founding key).
    pub added_by: Option<String>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoked_by: Option<String>,
    /// The records (by digest) its revocation keeps valid.
    pub kept: HashSet<String>,
}

impl KeyEntry {
    fn added_by(&self, at: DateTime<Utc>) -> bool {
        self.added_at.is_none_or(|added| added <= at)
    }

    /// Whether the key vouches for the record `digest` made at `at`: added
    /// by then, and either never revoked or revoked later with that record
    /// among those its revocation keeps.
    fn vouches(&self, at: DateTime<Utc>, digest: &str) -> bool {
        self.added_by(at)
            && self
                .revoked_at
                .is_none_or(|revoked| at < revoked && self.kept.contains(digest))
    }
}

/// Why no registered key of the signer vouches for a signature.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyProblem {
    /// The key belongs to nobody in the team.
    Unregistered { fingerprint: String },
    /// The key is someone else's: signing as another person.
    SomeoneElses { fingerprint: String, owner: String },
    /// The signer's key, but revoked before the record's time.
    Revoked {
        fingerprint: String,
        revoked_at: DateTime<Utc>,
        by_record: String,
    },
    /// The signer's key, revoked later, but the revocation does not keep
    /// this record: it was made (or dated back) after the revocation was
    /// written.
    NotKept {
        fingerprint: String,
        by_record: String,
    },
    /// The signer's key, but added only after the record's time.
    NotYetAdded {
        fingerprint: String,
        added_at: DateTime<Utc>,
    },
}

impl std::fmt::Display for KeyProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeyProblem::Unregistered { fingerprint } => write!(
                f,
                "signed with the key {fingerprint}, which is registered for nobody in the team"
            ),
            KeyProblem::SomeoneElses { fingerprint, owner } => write!(
                f,
                "signed with {owner}'s key {fingerprint}, not a key of the person the record names in `by`: nobody may act as someone else"
            ),
            KeyProblem::Revoked { fingerprint, revoked_at, by_record } => write!(
                f,
                "signed with the key {fingerprint}, revoked at {} by {by_record}; records it signs after its revocation count for nothing",
                revoked_at.to_rfc3339()
            ),
            KeyProblem::NotKept { fingerprint, by_record } => write!(
                f,
                "signed with the key {fingerprint}, revoked by {by_record}, which does not list this record among those it keeps: it was made or dated back after the revocation"
            ),
            KeyProblem::NotYetAdded { fingerprint, added_at } => write!(
                f,
                "signed with the key {fingerprint}, which was added only at {}, after the record's time",
                added_at.to_rfc3339()
            ),
        }
    }
}

/// Every key the team has had, with when it was valid.
#[derive(Debug, Clone, Default)]
pub struct KeyRing {
    entries: Vec<KeyEntry>,
}

fn same_email(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

impl KeyRing {
    /// The founding keys, valid from the start.
    pub fn founding(keys: &[(String, PublicKey)]) -> KeyRing {
        KeyRing {
            entries: keys
                .iter()
                .map(|(email, key)| KeyEntry {
                    email: email.clone(),
                    key: key.clone(),
                    added_at: None,
                    added_by: None,
                    revoked_at: None,
                    revoked_by: None,
                    kept: HashSet::new(),
                })
                .collect(),
        }
    }

    pub fn entries(&self) -> &[KeyEntry] {
        &self.entries
    }

    /// The entry of `signer` for the key that made a signature, if that key
    /// was valid for them at `at`; otherwise why not.
    pub fn vouch(
        &self,
        signer: &str,
        key: &ssh_key::public::KeyData,
        at: DateTime<Utc>,
        digest: &str,
    ) -> Result<&KeyEntry, KeyProblem> {
        let same_key: Vec<&KeyEntry> = self
            .entries
            .iter()
            .filter(|e| e.key.key_data() == key)
            .collect();
        let fingerprint = || signing::fingerprint(&PublicKey::from(key.clone()));
        let theirs: Vec<&KeyEntry> = same_key
            .iter()
            .copied()
            .filter(|e| same_email(&e.email, signer))
            .collect();
        if let Some(valid) = theirs.iter().find(|e| e.vouches(at, digest)) {
            return Ok(valid);
        }
        if let Some(entry) = theirs.first() {
            if let (Some(revoked_at), Some(by_record)) = (entry.revoked_at, &entry.revoked_by) {
                if at >= revoked_at {
                    return Err(KeyProblem::Revoked {
                        fingerprint: fingerprint(),
                        revoked_at,
                        by_record: by_record.clone(),
                    });
                }
                if entry.added_by(at) {
                    return Err(KeyProblem::NotKept {
                        fingerprint: fingerprint(),
                        by_record: by_record.clone(),
                    });
                }
            }
            if let Some(added_at) = entry.added_at {
                return Err(KeyProblem::NotYetAdded {
                    fingerprint: fingerprint(),
                    added_at,
                });
            }
        }
        match same_key.first() {
            Some(other) => Err(KeyProblem::SomeoneElses {
                fingerprint: fingerprint(),
                owner: other.email.clone(),
            }),
            None => Err(KeyProblem::Unregistered {
                fingerprint: fingerprint(),
            }),
        }
    }

    /// Adds `key` for `email` from `at` on, as `record` says. Refused when
    /// the key is already registered (to anyone) and not revoked.
    pub fn add(
        &mut self,
        email: &str,
        key: PublicKey,
        at: DateTime<Utc>,
        record: &str,
    ) -> Result<(), String> {
        if let Some(held) = self
            .entries
            .iter()
            .find(|e| e.key.key_data() == key.key_data() && e.revoked_at.is_none())
        {
            return Err(format!(
                "adds the key {}, which is already registered for {}",
                signing::fingerprint(&key),
                held.email
            ));
        }
        self.entries.push(KeyEntry {
            email: email.to_string(),
            key,
            added_at: Some(at),
            added_by: Some(record.to_string()),
            revoked_at: None,
            revoked_by: None,
            kept: HashSet::new(),
        });
        Ok(())
    }

    /// Revokes `email`'s `key` from `at` on, as `record` says.
    pub fn revoke(
        &mut self,
        email: &str,
        key: &PublicKey,
        at: DateTime<Utc>,
        record: &str,
        kept: HashSet<String>,
    ) -> Result<(), String> {
        let entry = self.entries.iter_mut().find(|e| {
            e.key.key_data() == key.key_data()
                && same_email(&e.email, email)
                && e.revoked_at.is_none()
                && e.added_by(at)
        });
        match entry {
            Some(entry) => {
                entry.revoked_at = Some(at);
                entry.revoked_by = Some(record.to_string());
                entry.kept = kept;
                Ok(())
            }
            None => Err(format!(
                "revokes the key {}, which {email} did not hold at that time",
                signing::fingerprint(key)
            )),
        }
    }

    /// The keys `email` holds now (not revoked).
    pub fn current_keys<'a>(&'a self, email: &'a str) -> impl Iterator<Item = &'a KeyEntry> + 'a {
        self.entries
            .iter()
            .filter(move |e| same_email(&e.email, email) && e.revoked_at.is_none())
    }
}
