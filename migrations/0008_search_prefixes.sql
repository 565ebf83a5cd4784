-- Warrant registry, schema version 8: search as you type at any size.
--
-- Forward-only, like every migration: never edit once released.
--
-- The registry screen asks the search index for ids on every keystroke, so
-- its first letters are prefix queries ("c"*) that match most of a large
-- registry. The index answered them by merging the entries of every word
-- that starts with those letters, then reading each match's id from its own
-- copy of the searchable text (several columns of prose per contract).
--   - The index now also keeps entries for the first one, two and three
--     letters of each word (FTS5's `prefix` option), so a short prefix is
--     one lookup.
--   - contracts (search_rowid, id) gives a match's id without reading its
--     text (registry/search.rs, `search`).
-- The index's rows and rowids are copied unchanged; only its form changes.

CREATE VIRTUAL TABLE contract_search_by_prefix USING fts5 (
    id, title, workflow, sources, owners, suppression,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);

INSERT INTO contract_search_by_prefix (rowid, id, title, workflow, sources, owners, suppression)
SELECT rowid, id, title, workflow, sources, owners, suppression FROM contract_search;

DROP TABLE contract_search;
ALTER TABLE contract_search_by_prefix RENAME TO contract_search;

CREATE INDEX contracts_by_search_rowid ON contracts (search_rowid, id);
