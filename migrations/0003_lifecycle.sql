-- Warrant registry, schema version 3: the review schedule (SPEC §5).
--
-- Forward-only, like every migration: never edit once released.
--
-- The status already lives on the contracts row (it is what lifecycle
-- transitions change; content versions do not carry it). These columns add
-- when the contract was last signed off and how often it must be reviewed
-- again; the next review date is signed_off_at (or created_at when a contract
-- arrived already approved or live) plus review_every_days.
ALTER TABLE contracts ADD COLUMN review_every_days INTEGER NOT NULL DEFAULT 90
    CHECK (review_every_days BETWEEN 1 AND 3660);
ALTER TABLE contracts ADD COLUMN signed_off_at TEXT;
