//! Where each file of a team repository lives, and how a record's file is
//! named (see `docs/team-repository.md`).
//!
//! ```text
//! warrant-team.yaml                          format, team name, founding keys
//! people.yaml                                people and their SSH public keys
//! contracts/<id>.yaml                        each contract's latest version
//! records/<id>/<time>-<kind>-<email>.yaml    signed records, never edited
//! records/<email>/<time>-person_key-<email>.yaml   key added or revoked
//! ```
//!
//! A record's file name repeats its time, kind and signer so a listing reads
//! as a history, and verify checks that it agrees with what the record says.
//! The time is UTC in ISO 8601's basic form with milliseconds,
//! `20261201T092633.123Z`: no colons (which Windows and macOS refuse in file
//! names), and names sort in the order the records were made. Person-key
//! records live under the person's e-mail address, which can never collide
//! with a contract id (ids have no `@`).

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

pub const TEAM_FILE: &str = "warrant-team.yaml";
pub const PEOPLE_FILE: &str = "people.yaml";
pub const CONTRACTS_DIR: &str = "contracts";
pub const RECORDS_DIR: &str = "records";

/// `contracts/<id>.yaml`, relative to the repository root.
pub fn contract_path(id: &str) -> PathBuf {
    Path::new(CONTRACTS_DIR).join(format!("{id}.yaml"))
}

/// `records/<subject>/`: a contract id, or a person's e-mail address for
/// their key records.
pub fn records_dir(subject: &str) -> PathBuf {
    Path::new(RECORDS_DIR).join(file_safe(subject))
}

/// The time as it is written in record file names: `20261201T092633.123Z`.
pub fn file_time(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%S%.3fZ").to_string()
}

/// `<time>-<kind>-<email>.yaml`.
pub fn record_file_name(at: DateTime<Utc>, kind: &str, by: &str) -> String {
    format!("{}-{kind}-{}.yaml", file_time(at), file_safe(by))
}

/// Text as it may stand in a file name: ASCII letters, digits and `.@_+-`
/// are kept, anything else (a `/`, a space, non-ASCII) becomes `_`, and a
/// leading dot too, so no name is hidden or climbs out of its folder.
pub fn file_safe(text: &str) -> String {
    text.chars()
        .enumerate()
        .map(|(i, c)| match c {
            '.' if i == 0 => '_',
            c if c.is_ascii_alphanumeric() || matches!(c, '.' | '@' | '_' | '+' | '-') => c,
            _ => '_',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn record_names_sort_by_time_and_carry_no_path_characters() {
        let early = Utc.with_ymd_and_hms(2026, 12, 1, 9, 26, 33).unwrap();
        let late = early + chrono::Duration::milliseconds(1);
        let a = record_file_name(early, "review", "dana@example.com");
        let b = record_file_name(late, "review", "dana@example.com");
        assert_eq!(a, "20261201T092633.000Z-review-dana@example.com.yaml");
        assert!(a < b);
        assert_eq!(file_safe("../x y/é"), "_._x_y__");
        assert_eq!(records_dir("a/b"), Path::new("records/a_b"));
    }
}
