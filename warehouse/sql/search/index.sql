-- Index the texts in stg_search_src (article_id, search_key): each gets a new
-- doc_id, its previous doc_id (if any) goes to search_dead, new words to
-- search_terms, its postings are appended in term order. Cost follows the number
-- of texts indexed, not the size of the index. Variable: now (ISO time).
CREATE OR REPLACE TEMP TABLE stg_search_docs AS
SELECT s.article_id, s.search_key, s.site_id, s.title, s.published_at, s.url,
       CAST((SELECT coalesce(max(doc_id), 0)
             FROM (SELECT max(doc_id) AS doc_id FROM search_docs
                   UNION ALL SELECT max(doc_id) FROM search_dead))
            + row_number() OVER (ORDER BY s.article_id) AS INTEGER) AS doc_id
FROM stg_search_src s;

INSERT OR IGNORE INTO search_dead
SELECT d.doc_id FROM search_docs d JOIN stg_search_docs USING (article_id);

CREATE OR REPLACE TEMP TABLE stg_search_tf AS
SELECT doc_id, term, CAST(count(*) AS INTEGER) AS tf
FROM (SELECT doc_id, unnest(string_split_regex(search_key, '[^a-z0-9]+')) AS term
      FROM stg_search_docs)
WHERE term <> ''
GROUP BY ALL;

INSERT INTO search_terms BY NAME
SELECT term,
       CAST((SELECT coalesce(max(term_id), 0) FROM search_terms)
            + row_number() OVER (ORDER BY term) AS INTEGER) AS term_id
FROM (SELECT DISTINCT term FROM stg_search_tf) n
ANTI JOIN search_terms USING (term);

-- df counts texts: superseded ones stay counted until compaction (see 004_search.sql)
UPDATE search_terms t SET df = t.df + n.n
FROM (SELECT term, count(*) AS n FROM stg_search_tf GROUP BY term) n
WHERE t.term = n.term;

CREATE OR REPLACE TEMP TABLE stg_search_len AS
SELECT d.article_id, d.doc_id, CAST(coalesce(sum(f.tf), 0) AS INTEGER) AS doc_len
FROM stg_search_docs d
LEFT JOIN stg_search_tf f USING (doc_id)
GROUP BY d.article_id, d.doc_id;

DELETE FROM search_docs WHERE article_id IN (SELECT article_id FROM stg_search_len);
INSERT INTO search_docs BY NAME
SELECT l.article_id, l.doc_id, l.doc_len, d.site_id, d.title, d.published_at, d.url
FROM stg_search_len l
JOIN stg_search_docs d USING (doc_id);

INSERT INTO search_postings BY NAME
SELECT t.term_id, f.doc_id, f.tf, l.doc_len
FROM stg_search_tf f
JOIN search_terms t USING (term)
JOIN stg_search_len l USING (doc_id)
ORDER BY t.term_id, f.doc_id;

-- the tier takes the new postings that reach their word's cut (all of a word with
-- no cut); a full build skips this, search/tier.sql builds the tier after it
INSERT INTO search_top BY NAME
SELECT t.term_id, f.doc_id, f.tf, l.doc_len
FROM stg_search_tf f
JOIN search_terms t USING (term)
JOIN stg_search_len l USING (doc_id)
LEFT JOIN search_bounds b USING (term_id)
WHERE (b.cut IS NULL OR search_tf_weight(f.tf, l.doc_len, b.avgdl) >= b.cut)
  AND EXISTS (SELECT 1 FROM search_index_state WHERE part = 'tier');

-- bookkeeping: a full build makes the sorted part, a load adds to the appended one
-- (the tier row is search/tier.sql's)
INSERT OR REPLACE INTO search_index_state BY NAME
WITH x AS (
    SELECT CASE WHEN EXISTS (SELECT 1 FROM search_index_state WHERE part = 'sorted')
                THEN 'appended' ELSE 'sorted' END AS part
), old AS (
    SELECT s.documents, CAST(s.fingerprint AS BIGINT) AS n_rows
    FROM search_index_state s JOIN x USING (part)
)
SELECT x.part,
       CAST(getvariable('now') AS TIMESTAMPTZ) AS built_at,
       coalesce((SELECT documents FROM old), 0) + (SELECT count(*) FROM stg_search_docs) AS documents,
       CAST(coalesce((SELECT n_rows FROM old), 0) + (SELECT count(*) FROM stg_search_tf) AS VARCHAR)
           AS fingerprint
FROM x
WHERE (SELECT count(*) FROM stg_search_docs) > 0;
