-- Per-site results of one run ($run_id): pages touched, articles new / updated /
-- unchanged, skipped and failed URLs, crawl exit code and duration (seconds).
SELECT
    r.site_id,
    s.name AS site_name,
    r.pages,
    r.articles_new,
    r.articles_updated,
    r.articles_unchanged,
    r.skipped,
    r.errors,
    r.exit_code,
    r.duration_s
FROM crawl_run_sites r
LEFT JOIN sites s USING (site_id)
WHERE r.run_id = $run_id
ORDER BY r.site_id;
