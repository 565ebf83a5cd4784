-- Warrant registry, schema version 8: search as you type at any size.
--
-- Forward-only, like every migration: never edit once released.
--
-- The registry screen asks the search index for ids on every keystroke, and
-- its first letters match most of a large registry. Reading each match's id
-- from the index's own rows reads that contract's whole searchable text too
-- (several columns of prose); this index gives the id from the rowid alone
-- (registry/search.rs, `search`).
--
-- Not chosen: FTS5's `prefix` option (entries for each word's first letters).
-- At 10,000 contracts it made a one-letter search 13 -> 7 ms but tripled the
-- index (5 -> 17 MB), and every open reads every page (quick_check).

CREATE INDEX contracts_by_search_rowid ON contracts (search_rowid, id);
