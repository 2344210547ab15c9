-- Full rebuild: index every article, empty the delta. Variable: now (ISO time).
PRAGMA create_fts_index(
    'articles', 'article_id', 'search_key',
    stemmer = 'none', stopwords = 'none', ignore = '(\\.|[^a-z0-9])+',
    strip_accents = 0, lower = 0, overwrite = 1
);
DELETE FROM search_delta;
INSERT OR REPLACE INTO search_index_state BY NAME
SELECT 'base' AS part, CAST(getvariable('now') AS TIMESTAMPTZ) AS built_at,
       count(*) AS documents,
       CAST(coalesce(bit_xor(hash(article_id, search_key)), 0) AS VARCHAR) AS fingerprint
FROM articles;
