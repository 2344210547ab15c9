-- Full-text search over articles, rebuilt on every load before publishing.
-- Needs the fts extension loaded (warehouse/search.py loads it from the
-- duckdb-extension-fts wheel; the DuckDB CLI autoloads it).
--
-- The index is on articles.search_key, which is already folded (title + body,
-- lower case, marks removed, đ -> d: see pn_fold), so the index does no stemming,
-- no stopwords and no accent handling of its own; digits are kept as tokens.
PRAGMA create_fts_index(
    'articles', 'article_id', 'search_key',
    stemmer = 'none', stopwords = 'none', ignore = '(\\.|[^a-z0-9])+',
    strip_accents = 0, lower = 0, overwrite = 1
);

-- search_articles(q): articles matching any word of q, best BM25 score first.
-- q is folded like the index, so 'uy ban', 'Ủy ban' and 'Uỷ ban' give the same rows.
-- Example: SELECT * FROM search_articles('ủy ban nhân dân') LIMIT 20;
CREATE OR REPLACE MACRO search_articles(q) AS TABLE
SELECT
    m.score,
    a.article_id,
    a.site_id,
    a.title,
    a.published_at,
    a.url
FROM (
    SELECT article_id, fts_main_articles.match_bm25(article_id, pn_fold(q)) AS score
    FROM articles
) m
JOIN articles a USING (article_id)
WHERE m.score IS NOT NULL
ORDER BY m.score DESC, a.published_at DESC NULLS LAST, a.article_id;
COMMENT ON MACRO TABLE search_articles IS 'search_articles(q): articles whose title+body match words of q, accent-insensitive (q folded with pn_fold), ranked by BM25 score (higher = better). Needs the fts extension.';
