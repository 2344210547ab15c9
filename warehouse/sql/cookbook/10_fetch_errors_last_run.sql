-- In the latest run, which sites had failing or skipped URLs, and why?
SELECT f.site_id, f.outcome, coalesce(f.reason, 'HTTP ' || f.status) AS reason, count(*) AS urls
FROM fetch_log f
WHERE f.run_id = (SELECT max(run_id) FROM crawl_runs)
  AND f.outcome IN ('error', 'skipped')
GROUP BY ALL
ORDER BY urls DESC, f.site_id, reason;
