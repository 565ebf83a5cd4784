-- Warrant registry, schema version 5: the pending version, and the tables
-- that are append-only by design refuse UPDATE and DELETE as audit_events
-- does.
--
-- Forward-only, like every migration: never edit once released.
--
-- A signed-off contract (approved, live, paused) keeps its status on the
-- version in force while an edit waits as the pending version:
--   in_force_version  the version the status applies to; NULL while the
--                     contract has never been signed off
--   pending_status    draft | in_review | approved while a pending version
--                     (current_version > in_force_version) exists, else NULL
-- Before this version an edit of a signed-off contract sent it back to
-- draft, so every signed-off row's current version is the one in force.
ALTER TABLE contracts ADD COLUMN in_force_version INTEGER;
ALTER TABLE contracts ADD COLUMN pending_status TEXT
    CHECK (pending_status IS NULL OR pending_status IN ('draft', 'in_review', 'approved'));
UPDATE contracts SET in_force_version = current_version
    WHERE status IN ('approved', 'live', 'paused');

-- Versions, reviews and dry runs are evidence: rows are added, never changed.
CREATE TRIGGER contract_versions_no_update BEFORE UPDATE ON contract_versions
BEGIN
    SELECT RAISE(ABORT, 'contract versions are append-only');
END;
CREATE TRIGGER contract_versions_no_delete BEFORE DELETE ON contract_versions
BEGIN
    SELECT RAISE(ABORT, 'contract versions are append-only');
END;
CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews
BEGIN
    SELECT RAISE(ABORT, 'reviews are append-only');
END;
CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews
BEGIN
    SELECT RAISE(ABORT, 'reviews are append-only');
END;
CREATE TRIGGER dry_runs_no_update BEFORE UPDATE ON dry_runs
BEGIN
    SELECT RAISE(ABORT, 'dry runs are append-only');
END;
CREATE TRIGGER dry_runs_no_delete BEFORE DELETE ON dry_runs
BEGIN
    SELECT RAISE(ABORT, 'dry runs are append-only');
END;
