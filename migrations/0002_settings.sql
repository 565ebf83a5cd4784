-- Small key/value settings that belong with the registry rather than with one
-- machine, e.g. `acting_as` (the e-mail changes are stamped with, SPEC §5).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;
