-- The tier (see 004_search.sql): recount df, then per word the cut (weight of its
-- T-th heaviest posting, T = variable search_tier_depth) and the postings at or
-- above it. Runs right after a full build or a compaction, when search_postings
-- holds no superseded text (search_dead is empty), and reads it whole (~10 s at
-- 1M articles, 173M postings); loads only append.
-- Variables: now (ISO time), search_tier_depth (postings per word).
UPDATE search_terms t SET df = c.df
FROM (SELECT s.term_id, coalesce(n.df, 0) AS df
      FROM search_terms s
      LEFT JOIN (SELECT term_id, count(*) AS df
                 FROM search_postings
                 GROUP BY term_id) n USING (term_id)) c
WHERE t.term_id = c.term_id AND t.df IS DISTINCT FROM c.df;

DELETE FROM search_bounds;
INSERT INTO search_bounds BY NAME
WITH a AS (SELECT avg(doc_len) AS avgdl FROM search_docs)
SELECT w.term_id, list_last(w.heaviest) AS cut, a.avgdl
FROM (
    -- max(x, n): the n largest weights, largest first
    SELECT p.term_id,
           max(search_tf_weight(p.tf, p.doc_len, a.avgdl), getvariable('search_tier_depth')) AS heaviest
    FROM search_postings p
    CROSS JOIN a
    GROUP BY p.term_id
    HAVING count(*) > getvariable('search_tier_depth')
) w
CROSS JOIN a;

DELETE FROM search_top;
INSERT INTO search_top BY NAME
SELECT p.term_id, p.doc_id, p.tf, p.doc_len
FROM search_postings p
LEFT JOIN search_bounds b USING (term_id)
WHERE b.cut IS NULL OR search_tf_weight(p.tf, p.doc_len, b.avgdl) >= b.cut
ORDER BY p.term_id, p.doc_id;

INSERT OR REPLACE INTO search_index_state BY NAME
SELECT 'tier' AS part, CAST(getvariable('now') AS TIMESTAMPTZ) AS built_at,
       (SELECT count(*) FROM search_docs) AS documents,
       CAST(getvariable('search_tier_depth') AS VARCHAR) AS fingerprint;
