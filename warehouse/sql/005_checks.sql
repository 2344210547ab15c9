-- provnews warehouse: consistency checks analysts and tests can run. Recreated on
-- every schema change (after 004_search.sql: it reads the search tables too).

-- Keys of the big tables are kept by the loader, not by an index (see the header
-- of 001_tables.sql): this view is how that is checked. Empty when all is well.
CREATE OR REPLACE VIEW v_key_violations AS
SELECT 'articles' AS table_name, article_id AS key, count(*) AS rows
FROM articles GROUP BY ALL HAVING count(*) > 1
UNION ALL
SELECT 'article_versions', article_id || '#' || version, count(*)
FROM article_versions GROUP BY ALL HAVING count(*) > 1
UNION ALL
SELECT 'images', article_id || '#' || position, count(*)
FROM images GROUP BY ALL HAVING count(*) > 1
UNION ALL
SELECT 'article_provinces', article_id || '#' || position, count(*)
FROM article_provinces GROUP BY ALL HAVING count(*) > 1
UNION ALL
SELECT 'article_persons', article_id || '#' || position, count(*)
FROM article_persons GROUP BY ALL HAVING count(*) > 1
UNION ALL
SELECT 'events', article_id, count(*)
FROM events GROUP BY ALL HAVING count(*) > 1
UNION ALL
SELECT 'article_topics', article_id || '#' || topic, count(*)
FROM article_topics GROUP BY ALL HAVING count(*) > 1
UNION ALL
SELECT 'search_docs', article_id, count(*)
FROM search_docs GROUP BY ALL HAVING count(*) > 1;
COMMENT ON VIEW v_key_violations IS 'Duplicate keys in the tables whose keys the loader keeps without an index (articles, article_versions, images, article_provinces, article_persons, events, article_topics, search_docs): table, key, rows. Always empty unless something is wrong.';
COMMENT ON COLUMN v_key_violations.table_name IS 'Table holding the duplicate key.';
COMMENT ON COLUMN v_key_violations.key IS 'The duplicated key, its columns joined with #.';
COMMENT ON COLUMN v_key_violations.rows IS 'Rows sharing that key (count, > 1).';
