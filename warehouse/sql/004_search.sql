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
-- search_key is already folded (lower case, marks removed, đ -> d: see pn_fold);
-- words are the runs of [a-z0-9] in it, as in the fts extension's default
-- tokenizer. No stemming, no stopwords. Plain SQL: no extension needed to search.

CREATE TABLE IF NOT EXISTS search_index_state (
    part         VARCHAR PRIMARY KEY,
    built_at     TIMESTAMPTZ NOT NULL,
    documents    BIGINT NOT NULL,
    fingerprint  VARCHAR NOT NULL
);
COMMENT ON TABLE search_index_state IS 'Bookkeeping of the search index: part sorted = the postings rewritten in term order at the last full build or compaction (documents = live articles then, fingerprint = postings rows); part appended = what loads added since (documents = articles (re)indexed, fingerprint = postings rows appended). Internal.';
COMMENT ON COLUMN search_index_state.part IS 'sorted or appended.';
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

CREATE TABLE IF NOT EXISTS search_docs (
    article_id VARCHAR NOT NULL,
    doc_id     INTEGER NOT NULL,
    doc_len    INTEGER NOT NULL
);
COMMENT ON TABLE search_docs IS 'Indexed articles: one row per article, with the doc_id of its current text in search_postings. Key: article_id, unique (kept by the loader, no index: see 001_tables.sql).';
COMMENT ON COLUMN search_docs.article_id IS 'Article; joins articles.article_id.';
COMMENT ON COLUMN search_docs.doc_id IS 'Id of the current text in search_postings (a changed text gets a new id).';
COMMENT ON COLUMN search_docs.doc_len IS 'Words in the folded title + body, count.';

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

-- Earlier files indexed with the fts extension: those parts are gone.
DROP TABLE IF EXISTS search_delta;
DROP SCHEMA IF EXISTS fts_main_articles CASCADE;
DROP SCHEMA IF EXISTS fts_main_search_delta CASCADE;

-- search_articles(q [, k := 100]): the k articles that best match any word of q,
-- best BM25 score first (k1 = 1.2, b = 0.75, idf = log10(1 + (N - df + 0.5) / (df + 0.5)):
-- the same scores as the fts extension's match_bm25 over the same text); k := NULL
-- for every matching article. q is folded like the index, so 'uy ban', 'Ủy ban' and
-- 'Uỷ ban' give the same rows. Only the postings of q's words are read, and only the
-- k best documents are joined to articles for their titles: fetching the title of
-- every article a common word matches would cost more than the ranking itself.
-- Ties at the k-th score are cut by doc_id (the older text first).
-- Example: SELECT * FROM search_articles('ủy ban nhân dân') LIMIT 20;
CREATE OR REPLACE MACRO search_articles(q, k := 100) AS TABLE
WITH qterms AS (
    SELECT DISTINCT t.term_id
    FROM (SELECT unnest(string_split_regex(pn_fold(q), '[^a-z0-9]+')) AS term) w
    JOIN search_terms t USING (term)
),
p AS (
    SELECT p.term_id, p.doc_id, p.tf, p.doc_len
    FROM search_postings p
    SEMI JOIN qterms USING (term_id)
    ANTI JOIN search_dead USING (doc_id)
),
stats AS (
    SELECT count(*) AS n, avg(doc_len) AS avgdl FROM search_docs
),
idf AS (
    SELECT p.term_id, log10(1 + (any_value(s.n) - count(*) + 0.5) / (count(*) + 0.5)) AS idf
    FROM p, stats s
    GROUP BY p.term_id
),
scored AS (
    SELECT p.doc_id,
           sum(i.idf * p.tf * 2.2 / (p.tf + 1.2 * (0.25 + 0.75 * p.doc_len / s.avgdl))) AS score
    FROM p
    JOIN idf i USING (term_id)
    CROSS JOIN stats s
    GROUP BY p.doc_id
    ORDER BY score DESC, p.doc_id
    LIMIT k
),
hits AS (
    SELECT d.article_id, h.score
    FROM scored h
    JOIN search_docs d USING (doc_id)
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
ORDER BY h.score DESC, a.published_at DESC NULLS LAST, a.article_id;
COMMENT ON MACRO TABLE search_articles IS 'search_articles(q [, k := 100]): the k best articles (k := NULL: all) whose title+body match words of q, accent- and tone-style-insensitive (q folded with pn_fold), ranked by BM25 score (higher = better). Plain SQL over the search_* tables: no extension needed.';
