-- Record this load. Variables: run_id, loaded_at (ISO, load start), duration_s,
-- phases_json ({phase: seconds}).
INSERT INTO load_log BY NAME
SELECT
    getvariable('run_id')                          AS run_id,
    CAST(getvariable('loaded_at') AS TIMESTAMPTZ)  AS loaded_at,
    CAST(getvariable('duration_s') AS DOUBLE)      AS duration_s,
    (SELECT count(*) FROM stg_articles)            AS staged_articles,
    (SELECT count(*) FROM stg_fetch)               AS staged_fetch_rows,
    (SELECT count(*) FROM stg_class WHERE action = 'new')                    AS articles_inserted,
    (SELECT count(*) FROM stg_class WHERE action IN ('changed', 'restate')) AS articles_updated,
    (SELECT count(*) FROM stg_class WHERE moves_last_seen OR moves_first_seen) AS articles_seen_again,
    MAP {
        'sites':            (SELECT count(*) FROM sites),
        'articles':         (SELECT count(*) FROM articles),
        'article_versions': (SELECT count(*) FROM article_versions),
        'crawl_runs':       (SELECT count(*) FROM crawl_runs),
        'crawl_run_sites':  (SELECT count(*) FROM crawl_run_sites),
        'fetch_log':        (SELECT count(*) FROM fetch_log),
        'images':           (SELECT count(*) FROM images),
        'article_provinces': (SELECT count(*) FROM article_provinces),
        'article_persons':  (SELECT count(*) FROM article_persons),
        'events':           (SELECT count(*) FROM events),
        'article_topics':   (SELECT count(*) FROM article_topics),
        'load_log':         (SELECT count(*) FROM load_log) + 1
    }                                              AS table_rows,
    CAST(version() AS VARCHAR)                     AS duckdb_version,
    CAST(CAST(getvariable('phases_json') AS JSON) AS MAP(VARCHAR, DOUBLE)) AS phases;

-- Per-site counts of this run, returned to the caller for its summary table.
SELECT site_id, articles_new, articles_updated, articles_unchanged, pages, errors, skipped,
       exit_code, duration_s
FROM crawl_run_sites
WHERE run_id = getvariable('run_id')
ORDER BY site_id;
