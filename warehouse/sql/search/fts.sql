-- Full-text search in two parts (warehouse/search.py decides what to rebuild):
--   base   fts index on articles.search_key, built in full now and then
--          (fts_main_articles: docs, dict, terms, stats);
--   delta  fts index on search_delta: articles whose text is new or changed since
--          the base was built (small; rebuilt by a load that changes text).
-- search_articles ranks base hits (except articles in the delta, whose base entry
-- is stale) and delta hits together by BM25. Each part computes BM25 with its own
-- document statistics, so scores across parts are close but not identical.
--
-- search_key is already folded (title + body, lower case, marks removed, đ -> d:
-- see pn_fold), so the index does no stemming, no stopwords and no accent handling
-- of its own; digits are kept as tokens.
--
-- This file creates the macro only; the PRAGMAs are in search/build_*.sql.

-- search_articles(q): articles matching any word of q, best BM25 score first.
-- q is folded like the index, so 'uy ban', 'Ủy ban' and 'Uỷ ban' give the same rows.
-- Example: SELECT * FROM search_articles('ủy ban nhân dân') LIMIT 20;
CREATE OR REPLACE MACRO search_articles(q) AS TABLE
WITH hits AS (
    SELECT d.name AS article_id, fts_main_articles.match_bm25(d.name, pn_fold(q)) AS score
    FROM fts_main_articles.docs d
    ANTI JOIN search_delta x ON x.article_id = d.name
    UNION ALL
    SELECT x.article_id, fts_main_search_delta.match_bm25(x.article_id, pn_fold(q)) AS score
    FROM search_delta x
)
SELECT
    h.score,
    a.article_id,
    a.site_id,
    a.title,
    a.published_at,
    a.url
FROM hits h
JOIN articles a USING (article_id)
WHERE h.score IS NOT NULL
ORDER BY h.score DESC, a.published_at DESC NULLS LAST, a.article_id;
COMMENT ON MACRO TABLE search_articles IS 'search_articles(q): articles whose title+body match words of q, accent- and tone-style-insensitive (q folded with pn_fold), ranked by BM25 score (higher = better). Needs the fts extension loaded.';
