-- Texts to (re)index in this load: articles the merge wrote whose folded text is
-- new or changed (stg_touched from load/020_merge.sql), with the folded text as
-- staged (what the merge just wrote): reading articles.search_key instead would
-- scan the longest column of the warehouse. Runs inside the merge transaction,
-- before search/index.sql.
CREATE OR REPLACE TEMP TABLE stg_search_src AS
SELECT s.article_id, s.search_key, s.site_id, s.title, s.published_at, s.url
FROM stg_articles s
JOIN stg_touched t USING (article_id)
WHERE t.text_changed;
