-- What the index needs: base present?, articles, delta rows, delta fingerprint now
-- and at its last build, and whether the fts schemas exist in the file.
SELECT
    (SELECT count(*) FROM search_index_state WHERE part = 'base')               AS has_base,
    (SELECT count(*) FROM articles)                                             AS articles,
    (SELECT count(*) FROM search_delta)                                         AS delta_rows,
    (SELECT CAST(coalesce(bit_xor(hash(article_id, search_key)), 0) AS VARCHAR)
     FROM search_delta)                                                         AS delta_fp,
    (SELECT any_value(fingerprint) FROM search_index_state WHERE part = 'delta') AS delta_built_fp,
    (SELECT count(*) FROM duckdb_schemas()
     WHERE schema_name IN ('fts_main_articles', 'fts_main_search_delta'))      AS fts_schemas;
