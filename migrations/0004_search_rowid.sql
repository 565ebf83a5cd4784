-- The search index was keyed only by its `id` column, which FTS5 cannot look
-- up without scanning every row: replacing one contract's entry on save cost
-- a full scan, and importing 10,000 contracts took over a minute. Each
-- contract now remembers the rowid of its index row, so a save replaces it
-- by rowid. (An explicit column, not `contracts.rowid`, because VACUUM may
-- renumber implicit rowids.)

ALTER TABLE contracts ADD COLUMN search_rowid INTEGER;

DROP TABLE contract_search;
CREATE VIRTUAL TABLE contract_search USING fts5 (
    id, title, workflow, sources, owners, suppression,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Rebuild the index from each contract's current version, with the same
-- text the application writes (see registry/search.rs, index_contract).
INSERT INTO contract_search (rowid, id, title, workflow, sources, owners, suppression)
SELECT
    c.rowid,
    c.id,
    json_extract(v.snapshot, '$.title'),
    replace(json_extract(v.snapshot, '$.workflow.category'), '_', ' ') || ' ' ||
        ifnull(json_extract(v.snapshot, '$.workflow.description'), '') || ' ' ||
        ifnull(json_extract(v.snapshot, '$.workflow.decision'), ''),
    ifnull((SELECT group_concat(
                json_extract(s.value, '$.name') || ' ' ||
                ifnull(json_extract(s.value, '$.system'), '') || ' ' ||
                ifnull(json_extract(s.value, '$.owner'), ''), char(10))
            FROM json_each(v.snapshot, '$.sources') AS s), ''),
    concat_ws(char(10),
        json_extract(v.snapshot, '$.owners.business'),
        json_extract(v.snapshot, '$.owners.data'),
        json_extract(v.snapshot, '$.owners.destination'),
        json_extract(v.snapshot, '$.owners.exception')),
    ifnull((SELECT group_concat(json_extract(r.value, '$.name'), char(10))
            FROM json_each(v.snapshot, '$.suppression') AS r), '')
FROM contracts c
JOIN contract_versions v ON v.contract_id = c.id AND v.version = c.current_version;

UPDATE contracts SET search_rowid = rowid;
