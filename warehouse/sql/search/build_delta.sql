-- Rebuild the small index over search_delta (also when it is empty, so the macro
-- always binds). Variable: now (ISO time).
PRAGMA create_fts_index(
    'search_delta', 'article_id', 'search_key',
    stemmer = 'none', stopwords = 'none', ignore = '(\\.|[^a-z0-9])+',
    strip_accents = 0, lower = 0, overwrite = 1
);
INSERT OR REPLACE INTO search_index_state BY NAME
SELECT 'delta' AS part, CAST(getvariable('now') AS TIMESTAMPTZ) AS built_at,
       count(*) AS documents,
       CAST(coalesce(bit_xor(hash(article_id, search_key)), 0) AS VARCHAR) AS fingerprint
FROM search_delta;
