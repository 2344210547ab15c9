-- search_articles(q [, k := 20] [, exact := false]) for the DuckLake backend (same signature and
-- columns as the file's; always exhaustive, so exact is always true): the fts extension cannot index
-- DuckLake tables, so BM25 (k1 = 1.2, b = 0.75, fts's defaults) is computed at query
-- time over articles.search_key, tokenised like the fts index (pn_fold'ed query,
-- split on anything but a-z0-9). Scans every article: fine to a few 100k articles.
CREATE OR REPLACE MACRO search_articles(q, k := 20, exact := false) AS TABLE
WITH qt AS (
    SELECT DISTINCT t AS term
    FROM (SELECT unnest(string_split_regex(pn_fold(q), '(\.|[^a-z0-9])+')) AS t)
    WHERE t <> ''
), toks AS (
    SELECT article_id, unnest(string_split_regex(search_key, '(\.|[^a-z0-9])+')) AS tok
    FROM articles
), dl AS (
    SELECT article_id, count(*) FILTER (WHERE tok <> '') AS dl FROM toks GROUP BY article_id
), stats AS (
    SELECT count(*) AS n, avg(dl) AS avgdl FROM dl
), tf AS (
    SELECT article_id, tok AS term, count(*) AS tf
    FROM toks JOIN qt ON toks.tok = qt.term GROUP BY ALL
), df AS (
    SELECT term, count(*) AS df FROM tf GROUP BY term
), hits AS (
    SELECT tf.article_id,
           sum(ln((s.n - df.df + 0.5) / (df.df + 0.5) + 1)
               * tf.tf * 2.2 / (tf.tf + 1.2 * (0.25 + 0.75 * dl.dl / s.avgdl))) AS score
    FROM tf JOIN df USING (term) JOIN dl USING (article_id), stats s
    GROUP BY tf.article_id
    ORDER BY score DESC, tf.article_id
    LIMIT k
)
SELECT h.score, a.article_id, a.site_id, a.title, a.published_at, a.url, true AS exact
FROM hits h
JOIN articles a USING (article_id)
ORDER BY h.score DESC, a.published_at DESC NULLS LAST, a.article_id;
COMMENT ON MACRO TABLE search_articles IS 'search_articles(q [, k := 20] [, exact := false]): the k best articles (k := NULL: all) whose title+body match words of q, accent-insensitive, ranked by BM25 computed at query time (DuckLake backend: no fts index, scans articles).';
