-- Texts to (re)index in this load: articles the merge wrote whose folded text is
-- new or changed (stg_touched from load/020_merge.sql). Runs inside the merge
-- transaction, before search/index.sql.
CREATE OR REPLACE TEMP TABLE stg_search_src AS
SELECT a.article_id, a.search_key
FROM articles a
JOIN stg_touched t USING (article_id)
WHERE t.text_changed;
