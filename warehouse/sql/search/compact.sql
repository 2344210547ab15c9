-- Compaction: rewrite the postings in term order without superseded texts, so
-- every word's postings are contiguous again (few row groups per query word).
-- Runs when the appended part outgrows a share of the index (warehouse/search.py),
-- so its cost per load stays proportional to what loads add. Variable: now.
CREATE OR REPLACE TEMP TABLE stg_postings_sorted AS
SELECT p.term_id, p.doc_id, p.tf, p.doc_len
FROM search_postings p
ANTI JOIN search_dead USING (doc_id)
ORDER BY p.term_id, p.doc_id;
DELETE FROM search_postings;
INSERT INTO search_postings SELECT * FROM stg_postings_sorted ORDER BY term_id, doc_id;
DROP TABLE stg_postings_sorted;
DELETE FROM search_dead;
DELETE FROM search_index_state;
INSERT INTO search_index_state BY NAME
SELECT 'sorted' AS part, CAST(getvariable('now') AS TIMESTAMPTZ) AS built_at,
       (SELECT count(*) FROM search_docs) AS documents,
       CAST((SELECT count(*) FROM search_postings) AS VARCHAR) AS fingerprint;
