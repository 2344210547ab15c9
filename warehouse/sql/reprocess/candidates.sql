-- provnews reprocess: the stored articles to extract again, each with the latest fetch
-- that became it (its newest fetch_log row with outcome 'article': the run and URL of
-- the raw record to read). run_id is NULL when no fetch is logged (then no raw record
-- can be found; reprocess reports the article as failed).
-- Parameters: $version   the running extractor_version
--             $all       true: every article, whatever its extractor_version
--             $sites     list of site ids, or NULL for all
--             $since, $until  local (Asia/Ho_Chi_Minh) dates bounding last_seen_at, or NULL
-- Ordered by run and site, so each raw file is read once, in one batch or a few.
WITH latest AS (
    SELECT article_id, max(run_id) AS run_id, arg_max(url, run_id) AS url
    FROM fetch_log
    WHERE outcome = 'article' AND article_id IS NOT NULL
    GROUP BY article_id
)
SELECT a.article_id, a.site_id, l.run_id, coalesce(l.url, a.url) AS url
FROM articles a
LEFT JOIN latest l USING (article_id)
WHERE ($all OR a.extractor_version IS DISTINCT FROM $version)
  AND ($sites IS NULL OR list_contains($sites, a.site_id))
  AND ($since IS NULL OR CAST(pn_local(a.last_seen_at) AS DATE) >= $since)
  AND ($until IS NULL OR CAST(pn_local(a.last_seen_at) AS DATE) <= $until)
ORDER BY l.run_id NULLS LAST, a.site_id, a.article_id;
