-- Warrant registry, schema version 7: the team connection (docs/team-repository.md).
--
-- Forward-only, like every migration: never edit once released.
--
-- A registry may be connected to one team repository. What it knows about
-- that repository is kept here so that a sync only handles what is new:
--   team_connection  the remote, the working copy, who this desktop is and
--                    which key signs, the last commit synced and when
--   team_versions    which local versions are in the repository, and in
--                    which commit (a version not listed is still to push)
--   team_records     every record file this registry signed or read, with
--                    its outcome: signed here, applied (a review or status
--                    move stamped with its verified signer) or refused (and
--                    why); a record is read once
--   team_conflicts   contracts two people edited at once: both edits are
--                    versions; the row says which, until someone resolves it
-- Every row is written with an audit event (team_connected, team_synced,
-- team_record_signed, team_conflict_resolved) that `audit verify` replays.
CREATE TABLE team_connection (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    team             TEXT NOT NULL,
    remote           TEXT NOT NULL,
    work_dir         TEXT NOT NULL,
    email            TEXT NOT NULL,
    key              TEXT NOT NULL,
    last_sync_commit TEXT,
    last_sync_at     TEXT
) STRICT;

CREATE TABLE team_versions (
    contract_id TEXT NOT NULL,
    version     INTEGER NOT NULL,
    commit_id   TEXT NOT NULL,
    PRIMARY KEY (contract_id, version)
) STRICT;

CREATE TABLE team_records (
    file           TEXT PRIMARY KEY NOT NULL,
    digest         TEXT NOT NULL,
    subject        TEXT NOT NULL,
    kind           TEXT NOT NULL,
    signer         TEXT NOT NULL,
    at             TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    outcome        TEXT NOT NULL CHECK (outcome IN ('signed_here', 'applied', 'refused')),
    reason         TEXT
) STRICT;

CREATE TABLE team_conflicts (
    contract_id TEXT NOT NULL,
    commit_id   TEXT NOT NULL,
    versions    TEXT NOT NULL,
    detected_at TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by TEXT,
    PRIMARY KEY (contract_id, commit_id)
) STRICT;

-- Records and what became of them are evidence: added, never changed.
CREATE TRIGGER team_records_no_update BEFORE UPDATE ON team_records
BEGIN
    SELECT RAISE(ABORT, 'team records are append-only');
END;
CREATE TRIGGER team_records_no_delete BEFORE DELETE ON team_records
BEGIN
    SELECT RAISE(ABORT, 'team records are append-only');
END;
