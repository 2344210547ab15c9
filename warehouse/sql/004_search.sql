-- provnews warehouse: full-text search over title + body (articles.search_key).
--
-- An inverted index kept in plain tables, updated by every load for the articles
-- whose text is new or changed (warehouse/sql/search/update.sql), and a BM25
-- ranking macro that reads only the postings of the query's words:
--   search_terms     word -> term_id (the dictionary; words only ever added)
--   search_docs      article -> current doc_id and length in words
--   search_postings  (term_id, doc_id, tf, doc_len), sorted by term_id at each
--                    compaction so a query's words hit few row groups (zone maps);
--                    rows of a load are appended after the sorted part
--   search_dead      doc_ids superseded since the last compaction (an article's
--                    text changed: it got a new doc_id), skipped by the macro
--   search_index_state  what was built when (compaction decisions)
--   search_top       the tier: each word's highest-weight postings (see below)
--   search_bounds    per word, the weight no posting outside the tier reaches
-- search_key is already folded (lower case, marks removed, đ -> d: see pn_fold);
-- words are the runs of [a-z0-9] in it, as in the fts extension's default
-- tokenizer. No stemming, no stopwords. Plain SQL: no extension needed to search.

CREATE TABLE IF NOT EXISTS search_index_state (
    part         VARCHAR PRIMARY KEY,
    built_at     TIMESTAMPTZ NOT NULL,
    documents    BIGINT NOT NULL,
    fingerprint  VARCHAR NOT NULL
);
COMMENT ON TABLE search_index_state IS 'Bookkeeping of the search index: part sorted = the postings rewritten in term order at the last full build or compaction (documents = live articles then, fingerprint = postings rows); part appended = what loads added since (documents = articles (re)indexed, fingerprint = postings rows appended); part tier = when search_top was last rebuilt (fingerprint = its depth T). Internal.';
COMMENT ON COLUMN search_index_state.part IS 'sorted, appended or tier.';
COMMENT ON COLUMN search_index_state.built_at IS 'When this part last changed, shown in Asia/Ho_Chi_Minh.';
COMMENT ON COLUMN search_index_state.documents IS 'Articles indexed in this part, count.';
COMMENT ON COLUMN search_index_state.fingerprint IS 'Postings rows in this part (as text), count.';

CREATE TABLE IF NOT EXISTS search_terms (
    term    VARCHAR PRIMARY KEY,
    term_id INTEGER NOT NULL
);
COMMENT ON TABLE search_terms IS 'Dictionary of the search index: every folded word ([a-z0-9]+ in articles.search_key) ever indexed.';
COMMENT ON COLUMN search_terms.term IS 'Folded word (lower case, no marks, đ -> d).';
COMMENT ON COLUMN search_terms.term_id IS 'Integer id of the word in search_postings.';
-- df is kept here so a query need not count a common word's postings (a million
-- rows at 1M articles): loads add their postings, compaction recounts.
ALTER TABLE search_terms ADD COLUMN IF NOT EXISTS df BIGINT DEFAULT 0;
COMMENT ON COLUMN search_terms.df IS 'Indexed texts containing the word, count; superseded texts (search_dead) still counted until the next compaction, as Lucene counts deleted documents until a merge.';

CREATE TABLE IF NOT EXISTS search_docs (
    article_id VARCHAR NOT NULL,
    doc_id     INTEGER NOT NULL,
    doc_len    INTEGER NOT NULL
);
COMMENT ON TABLE search_docs IS 'Indexed articles: one row per article, with the doc_id of its current text in search_postings. Key: article_id, unique (kept by the loader, no index: see 001_tables.sql).';
COMMENT ON COLUMN search_docs.article_id IS 'Article; joins articles.article_id.';
COMMENT ON COLUMN search_docs.doc_id IS 'Id of the current text in search_postings (a changed text gets a new id).';
COMMENT ON COLUMN search_docs.doc_len IS 'Words in the folded title + body, count.';
-- The result list's columns, copied from the article when its text is indexed
-- (any change to them re-indexes the text, see load/020_merge.sql text_changed):
-- DuckDB has no point lookup without an index, and joining 20 hits to articles on
-- article_id scans a million 32-character keys (~50 ms at 1M); search_articles
-- fetches these copies by rowid instead (see its hits step).
ALTER TABLE search_docs ADD COLUMN IF NOT EXISTS site_id VARCHAR;
ALTER TABLE search_docs ADD COLUMN IF NOT EXISTS title VARCHAR;
ALTER TABLE search_docs ADD COLUMN IF NOT EXISTS published_at TIMESTAMPTZ;
ALTER TABLE search_docs ADD COLUMN IF NOT EXISTS url VARCHAR;
COMMENT ON COLUMN search_docs.site_id IS 'articles.site_id when the text was indexed.';
COMMENT ON COLUMN search_docs.title IS 'articles.title when the text was indexed (shown by search_articles).';
COMMENT ON COLUMN search_docs.published_at IS 'articles.published_at when the text was indexed.';
COMMENT ON COLUMN search_docs.url IS 'articles.url when the text was indexed.';

CREATE TABLE IF NOT EXISTS search_postings (
    term_id INTEGER NOT NULL,
    doc_id  INTEGER NOT NULL,
    tf      INTEGER NOT NULL,
    doc_len INTEGER NOT NULL
);
COMMENT ON TABLE search_postings IS 'Inverted index: one row per word and indexed text. Sorted by term_id up to the last compaction, appended after it.';
COMMENT ON COLUMN search_postings.term_id IS 'Word; joins search_terms.term_id.';
COMMENT ON COLUMN search_postings.doc_id IS 'Indexed text; joins search_docs.doc_id (absent there when superseded, then listed in search_dead).';
COMMENT ON COLUMN search_postings.tf IS 'Occurrences of the word in the text, count.';
COMMENT ON COLUMN search_postings.doc_len IS 'Words in the text, count (copied here so ranking needs no join).';

CREATE TABLE IF NOT EXISTS search_dead (
    doc_id INTEGER PRIMARY KEY
);
COMMENT ON TABLE search_dead IS 'doc_ids whose postings are superseded (the article text changed) and not yet removed by a compaction; search_articles skips them.';
COMMENT ON COLUMN search_dead.doc_id IS 'Superseded doc_id of search_postings.';

-- The tier. A word in most articles ("can", "bo") has a million postings at 1M
-- articles, and summing them per article is what made a query slow. Each word's
-- postings are weighed by their BM25 term-frequency part (search_tf_weight, with
-- the average length frozen at the last compaction); the tier holds the T heaviest
-- (T = warehouse.search.TIER_DEPTH) plus every posting appended since that
-- reaches the word's cut, and search_bounds the cut. search_articles scores only
-- articles in some query word's tier, exactly, and proves the ranking is the true
-- one when no article outside can reach the k-th score (the bound is the sum of
-- idf x cut over the query words). Rare words (df <= T) have no cut: all their
-- postings are in the tier. Rebuilt at every compaction (search/tier.sql).
CREATE TABLE IF NOT EXISTS search_top (
    term_id INTEGER NOT NULL,
    doc_id  INTEGER NOT NULL,
    tf      INTEGER NOT NULL,
    doc_len INTEGER NOT NULL
);
COMMENT ON TABLE search_top IS 'The tier of the search index: per word, its highest-weight postings (a subset of search_postings, same columns). See search_bounds.';
COMMENT ON COLUMN search_top.term_id IS 'Word; joins search_terms.term_id.';
COMMENT ON COLUMN search_top.doc_id IS 'Indexed text; joins search_docs.doc_id.';
COMMENT ON COLUMN search_top.tf IS 'Occurrences of the word in the text, count.';
COMMENT ON COLUMN search_top.doc_len IS 'Words in the text, count.';

CREATE TABLE IF NOT EXISTS search_bounds (
    term_id INTEGER NOT NULL,
    cut     DOUBLE NOT NULL,
    avgdl   DOUBLE NOT NULL
);
COMMENT ON TABLE search_bounds IS 'Words whose postings outnumber the tier depth: every posting outside search_top weighs less than cut (search_tf_weight at avgdl). Key: term_id. Words absent here have all their postings in the tier.';
COMMENT ON COLUMN search_bounds.term_id IS 'Word; joins search_terms.term_id.';
COMMENT ON COLUMN search_bounds.cut IS 'Weight of the lightest tier posting at the last compaction; postings outside the tier weigh less.';
COMMENT ON COLUMN search_bounds.avgdl IS 'Average text length the weights were computed with (at the last compaction).';

-- The term-frequency part of BM25 (k1 = 1.2, b = 0.75), without the idf.
CREATE OR REPLACE MACRO search_tf_weight(tf, doc_len, avgdl) AS
    tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * doc_len / avgdl));
COMMENT ON MACRO search_tf_weight IS 'BM25 term-frequency weight tf * (k1 + 1) / (tf + k1 * (1 - b + b * doc_len / avgdl)), k1 = 1.2, b = 0.75.';

-- Earlier files indexed with the fts extension: those parts are gone.
DROP TABLE IF EXISTS search_delta;
DROP SCHEMA IF EXISTS fts_main_articles CASCADE;
DROP SCHEMA IF EXISTS fts_main_search_delta CASCADE;

-- search_articles(q [, k := 20] [, exact := false]): the k articles that best match
-- any word of q, best BM25 score first (k1 = 1.2, b = 0.75, idf = log10(1 + (N - df
-- + 0.5) / (df + 0.5)): the same scores as the fts extension's match_bm25 over the same
-- text; k := NULL for every candidate (every matching article when exact). q is
-- folded like the index, so 'uy ban', 'Ủy ban' and 'Uỷ ban' give the same rows.
-- How: the articles in some query word's tier (search_top) are the candidates, and
-- are scored exactly over all their postings. Column exact says whether that is
-- provably the true top k: true when every word of q is rare enough to be wholly in
-- its tier, or when the k-th score beats the most an article outside the tiers
-- could score. When it is false the rows are the best of the candidates (the bench
-- measures how close: bench/warehouse.py). exact := true makes it always true, by
-- scoring every article that has a word of q when the proof fails (slow for
-- common words: ~0.5 s at 1M articles). Ties at the k-th score are cut by doc_id.
-- Example: SELECT * FROM search_articles('ủy ban nhân dân') LIMIT 20;
CREATE OR REPLACE MACRO search_articles(q, k := 20, exact := false) AS TABLE
WITH qterms AS (
    SELECT DISTINCT t.term_id, t.df
    FROM (SELECT unnest(string_split_regex(pn_fold(q), '[^a-z0-9]+')) AS term) w
    JOIN search_terms t USING (term)
    WHERE t.df > 0
),
stats AS (
    -- superseded texts count in N as in df, until the next compaction drops both
    SELECT (SELECT count(*) FROM search_docs) + (SELECT count(*) FROM search_dead) AS n,
           (SELECT avg(doc_len) FROM search_docs) AS avgdl
),
qw AS (
    -- per query word: idf, and the most it adds to an article outside its tier
    -- (a cut made at avgdl0 scales by avgdl / avgdl0 when texts got longer since)
    SELECT q.term_id,
           log10(1 + (s.n - q.df + 0.5) / (q.df + 0.5)) AS idf,
           coalesce(b.cut * greatest(1, s.avgdl / b.avgdl), 0) AS outside
    FROM qterms q
    CROSS JOIN stats s
    LEFT JOIN search_bounds b USING (term_id)
),
candidates AS (
    SELECT DISTINCT t.doc_id
    FROM search_top t
    SEMI JOIN qterms USING (term_id)
    ANTI JOIN search_dead USING (doc_id)
),
fast AS (
    SELECT p.doc_id,
           sum(qw.idf * search_tf_weight(p.tf, p.doc_len, s.avgdl)) AS score
    FROM search_postings p
    SEMI JOIN candidates USING (doc_id)
    JOIN qw USING (term_id)
    CROSS JOIN stats s
    GROUP BY p.doc_id
    ORDER BY score DESC, p.doc_id
    LIMIT k
),
proof AS (
    SELECT o.outside = 0 OR (k IS NOT NULL AND f.n >= k AND f.kth > o.outside) AS proven
    FROM (SELECT coalesce(sum(idf * outside), 0) AS outside FROM qw) o,
         (SELECT count(*) AS n, min(score) AS kth FROM fast) f
),
every_article AS (
    -- only when asked for and the proof failed; exact is a constant, so with
    -- exact := false the optimizer drops this branch before anything runs
    SELECT p.doc_id,
           sum(qw.idf * search_tf_weight(p.tf, p.doc_len, s.avgdl)) AS score
    FROM search_postings p
    JOIN qw USING (term_id)
    ANTI JOIN search_dead USING (doc_id)
    CROSS JOIN stats s
    WHERE exact AND NOT (SELECT proven FROM proof)
    GROUP BY p.doc_id
    ORDER BY score DESC, p.doc_id
    LIMIT k
),
ranked AS (
    SELECT doc_id, score, (SELECT proven FROM proof) AS proven
    FROM fast
    WHERE NOT exact OR (SELECT proven FROM proof)
    UNION ALL
    SELECT doc_id, score, true AS proven
    FROM every_article
),
hits AS (
    -- two steps to fetch the result columns: DuckDB pushes a join's keys into the
    -- scan only as an optional (zone-map) filter, so joining the hits to
    -- search_docs on doc_id reads the columns of most rows (~80 ms at 1M); the
    -- doc_id column alone is cheap, and the rowids it gives are fetched vector by
    -- vector (~7 ms for 20 hits). rowid is read in the same query: no staleness.
    SELECT d.rowid AS rid, r.score, r.proven
    FROM ranked r
    JOIN search_docs d USING (doc_id)
)
SELECT
    h.score,
    d.article_id,
    d.site_id,
    d.title,
    d.published_at,
    d.url,
    h.proven AS exact
FROM hits h
JOIN search_docs d ON d.rowid = h.rid
ORDER BY h.score DESC, d.published_at DESC NULLS LAST, d.article_id;
COMMENT ON MACRO TABLE search_articles IS 'search_articles(q [, k := 20] [, exact := false]): the k best articles (k := NULL: all candidates) whose title+body match words of q, accent- and tone-style-insensitive (q folded with pn_fold), ranked by BM25 score (higher = better); column exact tells whether the rows are provably the true top k (exact := true forces it). Plain SQL over the search_* tables: no extension needed.';
