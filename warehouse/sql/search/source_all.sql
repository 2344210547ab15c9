-- Full build: empty the index and index every article (first load, or on demand).
DELETE FROM search_postings;
DELETE FROM search_dead;
DELETE FROM search_docs;
DELETE FROM search_terms;
DELETE FROM search_index_state;
DELETE FROM search_top;
DELETE FROM search_bounds;
CREATE OR REPLACE TEMP TABLE stg_search_src AS
SELECT article_id, search_key, site_id, title, published_at, url FROM articles;
