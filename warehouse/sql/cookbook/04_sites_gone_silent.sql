-- Which enabled sites have posted nothing in the 30 days before the newest article anywhere?
WITH latest AS (SELECT max(published_date) AS d FROM articles)
SELECT h.site_id, h.name, h.province_name, CAST(h.latest_published_at AS DATE) AS last_post,
       (SELECT d FROM latest) - CAST(h.latest_published_at AS DATE) AS days_silent,
       h.last_run_id, h.pages, h.errors
FROM v_site_health h
WHERE h.enabled
  AND (h.latest_published_at IS NULL
       OR CAST(h.latest_published_at AS DATE) < (SELECT d FROM latest) - 30)
ORDER BY days_silent DESC NULLS FIRST, h.site_id;
