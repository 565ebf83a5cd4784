-- Warrant registry, schema version 1.
--
-- Applied by crates/warrant-core/src/registry/open.rs inside one transaction,
-- after which PRAGMA user_version is set to 1. Migrations are forward-only:
-- never edit this file once released; add 0002_….sql instead.

-- 'WRNT': lets open() tell a Warrant registry from any other SQLite file.
PRAGMA application_id = 1465011796;

CREATE TABLE people (
    email TEXT PRIMARY KEY COLLATE NOCASE,
    name  TEXT NOT NULL,
    team  TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT ''
) STRICT;

-- One row per contract; the denormalised columns mirror the current version
-- so the registry screen can sort and filter without reading snapshots.
CREATE TABLE contracts (
    id              TEXT PRIMARY KEY,
    title           TEXT NOT NULL,
    category        TEXT NOT NULL,
    status          TEXT NOT NULL,
    authority       TEXT NOT NULL,
    current_version INTEGER NOT NULL CHECK (current_version >= 1),
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL
) STRICT;

-- Every save is a new row holding the full contract as JSON, so any version
-- can be shown, diffed, printed or restored on its own.
CREATE TABLE contract_versions (
    contract_id  TEXT NOT NULL REFERENCES contracts(id),
    version      INTEGER NOT NULL CHECK (version >= 1),
    snapshot     TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    saved_at     TEXT NOT NULL,
    saved_by     TEXT NOT NULL,
    PRIMARY KEY (contract_id, version)
) STRICT;

CREATE TABLE reviews (
    id          INTEGER PRIMARY KEY,
    contract_id TEXT NOT NULL,
    version     INTEGER NOT NULL,
    reviewer    TEXT NOT NULL,
    role        TEXT NOT NULL,
    decision    TEXT NOT NULL,
    comment     TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL,
    FOREIGN KEY (contract_id, version) REFERENCES contract_versions(contract_id, version)
) STRICT;
CREATE INDEX reviews_by_contract ON reviews (contract_id, version);

CREATE TABLE dry_runs (
    id          INTEGER PRIMARY KEY,
    contract_id TEXT NOT NULL,
    version     INTEGER NOT NULL,
    file_name   TEXT NOT NULL,
    file_hash   TEXT NOT NULL,
    row_count   INTEGER NOT NULL CHECK (row_count >= 0),
    counts      TEXT NOT NULL,
    at          TEXT NOT NULL,
    run_by      TEXT NOT NULL,
    FOREIGN KEY (contract_id, version) REFERENCES contract_versions(contract_id, version)
) STRICT;
CREATE INDEX dry_runs_by_contract ON dry_runs (contract_id, version);

-- The append-only, hash-chained event log (SPEC §6). contract_id is not a
-- foreign key on purpose: the log must outlive anything it talks about.
CREATE TABLE audit_events (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    contract_id TEXT,
    version     INTEGER,
    payload     TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
) STRICT;
CREATE INDEX audit_events_by_contract ON audit_events (contract_id, seq);

-- The last event's seq and hash, kept apart from the log so that deleting
-- the newest events is detected too, and new events chain onto the true head.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
) STRICT;

-- The application never rewrites history; these make an accidental UPDATE
-- or DELETE fail loudly instead of breaking the chain silently.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;

-- Search as you type over the current version of every contract.
CREATE VIRTUAL TABLE contract_search USING fts5 (
    id, title, workflow, sources, owners, suppression,
    tokenize = 'unicode61 remove_diacritics 2'
);
