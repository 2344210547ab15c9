-- The run's own rows, after 020_merge.sql in the same transaction: its fetch log, its
-- per-site counts and its crawl_runs row, each replaced as a whole. Not run by
-- provnews reprocess (load_run(articles_only=True)): extracting a stored fetch again
-- changes articles, not what the run fetched.

-- fetch log: a run's rows are replaced as a whole
DELETE FROM fetch_log WHERE run_id = getvariable('run_id');
INSERT INTO fetch_log BY NAME
SELECT getvariable('run_id') AS run_id, site_id, url, final_url, status, bytes, fetched_at,
       page_type, outcome, reason, article_id
FROM stg_fetch;

-- per-site run stats; new/updated are read back from the merged state so a
-- reload of the same run reports the same numbers as the first load
DELETE FROM crawl_run_sites WHERE run_id = getvariable('run_id');
INSERT INTO crawl_run_sites BY NAME
WITH site_ids AS (
    SELECT site_id FROM stg_run_sites
    UNION SELECT site_id FROM stg_fetch
    UNION SELECT site_id FROM stg_articles
),
f AS (
    SELECT site_id,
           count(*)                                 AS pages,
           count(*) FILTER (WHERE outcome = 'skipped') AS skipped,
           count(*) FILTER (WHERE outcome = 'error')   AS errors
    FROM stg_fetch
    GROUP BY site_id
),
upd AS (
    SELECT DISTINCT article_id
    FROM article_versions
    WHERE run_id = getvariable('run_id') AND version > 1
),
a AS (
    SELECT s.site_id,
           count(*) AS staged,
           count(*) FILTER (WHERE art.first_run_id = getvariable('run_id')) AS new,
           count(*) FILTER (WHERE art.first_run_id <> getvariable('run_id')
                              AND upd.article_id IS NOT NULL)            AS updated
    FROM stg_articles s
    JOIN articles art USING (article_id)
    LEFT JOIN upd USING (article_id)
    GROUP BY s.site_id
)
SELECT
    getvariable('run_id')                           AS run_id,
    i.site_id,
    coalesce(f.pages, 0)                            AS pages,
    coalesce(a.new, 0)                              AS articles_new,
    coalesce(a.updated, 0)                          AS articles_updated,
    coalesce(a.staged, 0) - coalesce(a.new, 0) - coalesce(a.updated, 0) AS articles_unchanged,
    coalesce(f.skipped, 0)                          AS skipped,
    coalesce(f.errors, 0)                           AS errors,
    r.exit_code,
    r.duration_s
FROM site_ids i
LEFT JOIN f USING (site_id)
LEFT JOIN a USING (site_id)
LEFT JOIN stg_run_sites r USING (site_id)
WHERE i.site_id IS NOT NULL;

INSERT OR REPLACE INTO crawl_runs BY NAME
SELECT
    r.run_id,
    r.started_at,
    r.finished_at,
    r.status,
    (SELECT coalesce(list(site_id ORDER BY site_id), [])
     FROM crawl_run_sites WHERE run_id = r.run_id) AS sites,
    (SELECT {
        'pages':     coalesce(sum(pages), 0),
        'articles':  (SELECT count(*) FROM stg_articles),
        'new':       coalesce(sum(articles_new), 0),
        'updated':   coalesce(sum(articles_updated), 0),
        'unchanged': coalesce(sum(articles_unchanged), 0),
        'skipped':   coalesce(sum(skipped), 0),
        'errors':    coalesce(sum(errors), 0)
     } FROM crawl_run_sites WHERE run_id = r.run_id) AS counts,
    r.flow_run_id
FROM stg_run r;
