-- A sample of one run's ($run_id) failed URLs, at most $per_site per site: fetch
-- errors (stage crawl) and article pages the cleaner could not extract (stage clean).
SELECT
    site_id,
    url,
    CASE WHEN outcome = 'error' AND (status IS NULL OR status <> 200) THEN 'crawl' ELSE 'clean' END AS stage,
    status,
    reason
FROM fetch_log
WHERE run_id = $run_id
  AND (outcome = 'error' OR (outcome = 'skipped' AND reason LIKE 'extraction:%'))
QUALIFY row_number() OVER (PARTITION BY site_id ORDER BY url) <= $per_site
ORDER BY site_id, url;
