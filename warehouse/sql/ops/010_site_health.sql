-- provnews warehouse: operations views (site health per run, alerts).
-- Applied by warehouse/health.py (ensure_ops_views), not by the loader: the loader
-- copies the published file, so once applied they persist from night to night.
-- Idempotent (CREATE OR REPLACE). Thresholds are macro parameters; the views use
-- the defaults, the nightly flow passes its own (PROVNEWS_ALERT_* settings).

-- Per run and site: crawl_run_sites plus extraction failures and discovery outcomes
-- from fetch_log, and the site's usual yield (median of its previous `recent` runs).
-- Discovery URLs are what the spider fetched to find articles (page_type listing,
-- feed, sitemap); one failed when it got no answer (refused, DNS, TLS, timeout: an
-- error row without status) or an HTTP error (status >= 400). A site's first run is
-- not part of its usual yield: it collects the backlog, not one night's news.
CREATE OR REPLACE MACRO pn_site_runs(recent := 14) AS TABLE
WITH f AS (
    SELECT
        fl.run_id,
        fl.site_id,
        count(*) FILTER (fl.page_type = 'article')                          AS article_pages,
        count(*) FILTER (fl.outcome = 'article')                            AS articles,
        count(*) FILTER (fl.page_type = 'article'
                         AND (fl.reason LIKE 'extraction:%'
                              OR (fl.outcome = 'error' AND fl.status = 200)))  AS extraction_failures,
        count(*) FILTER (fl.outcome = 'article' AND a.article_id IS NOT NULL
                         AND a.published_at IS NULL)                        AS date_missing,
        count(*) FILTER (fl.page_type IN ('listing', 'feed', 'sitemap'))    AS discovery_urls,
        count(*) FILTER (fl.page_type IN ('listing', 'feed', 'sitemap')
                         AND (fl.outcome = 'error' OR fl.status >= 400))    AS discovery_failed,
        min(fl.reason) FILTER (fl.page_type IN ('listing', 'feed', 'sitemap')
                               AND (fl.outcome = 'error' OR fl.status >= 400)) AS discovery_error
    FROM fetch_log fl
    LEFT JOIN articles a ON a.article_id = fl.article_id
    GROUP BY ALL
),
runs AS (
    SELECT
        r.run_id,
        cr.started_at,
        cr.flow_run_id,
        r.site_id,
        coalesce(r.pages, 0)              AS pages,
        coalesce(f.articles, 0)           AS articles,
        coalesce(r.articles_new, 0)       AS articles_new,
        coalesce(r.articles_updated, 0)   AS articles_updated,
        coalesce(r.articles_unchanged, 0) AS articles_unchanged,
        coalesce(r.skipped, 0)            AS skipped,
        coalesce(r.errors, 0)             AS errors,
        coalesce(f.article_pages, 0)      AS article_pages,
        coalesce(f.extraction_failures, 0) AS extraction_failures,
        coalesce(f.date_missing, 0)       AS date_missing,
        coalesce(f.discovery_urls, 0)     AS discovery_urls,
        coalesce(f.discovery_failed, 0)   AS discovery_failed,
        f.discovery_error,
        r.exit_code,
        r.duration_s
    FROM crawl_run_sites r
    LEFT JOIN crawl_runs cr USING (run_id)
    LEFT JOIN f USING (run_id, site_id)
),
rated AS (
    SELECT
        *,
        articles_new AS yield,
        (extraction_failures + date_missing) / nullif(article_pages, 0) AS extraction_failure_rate,
        errors / nullif(pages, 0) AS error_rate,
        -- every discovery URL failed, or nothing at all was fetched, while the crawl
        -- itself exited 0 (a crawl that did not is crawl_failed)
        coalesce(exit_code, 0) = 0
            AND ((discovery_urls > 0 AND discovery_failed = discovery_urls) OR pages = 0) AS site_down,
        row_number() OVER (PARTITION BY site_id ORDER BY run_id) = 1 AS first_run
    FROM runs
)
SELECT
    *,
    median(CASE WHEN NOT first_run THEN yield END) OVER w_prev AS median_yield,
    count(CASE WHEN NOT first_run THEN yield END) OVER w_prev  AS baseline_runs,
    median(extraction_failure_rate) OVER w_prev AS median_extraction_failure_rate,
    median(error_rate) OVER w_prev              AS median_error_rate,
    count(*) OVER w_prev                        AS previous_runs
FROM rated
WINDOW w_prev AS (PARTITION BY site_id ORDER BY run_id ROWS BETWEEN recent PRECEDING AND 1 PRECEDING);

-- Alerts per run and site. kind:
--   site_down       every discovery URL failed (or nothing was fetched) although the crawl
--                   exited 0: the site is unreachable or its listings and feeds are gone;
--   yield_drop      no new article for `quiet_nights` runs in a row, while the site's
--                   median yield over the `recent` runs before them was above zero and
--                   at least `baseline_nights` of those runs (its first run not counted)
--                   make that median: a new site gets no alert until it has a baseline;
--   template_drift  body/title/date extraction failure rate jumped by `drift_jump` or
--                   more over the site's median (at least `drift_min_pages` article pages);
--   error_burst     at least `burst_min` failed URLs and an error rate of `burst_ratio`
--                   or more, when the site's median error rate was below half of that;
--   crawl_failed    the crawl subprocess did not exit 0 (crash, timeout, retries spent).
CREATE OR REPLACE MACRO pn_site_alerts(
    recent := 14, quiet_nights := 3, drift_jump := 0.3, drift_min_pages := 5,
    burst_ratio := 0.5, burst_min := 5, baseline_nights := 7
) AS TABLE
WITH h AS (
    SELECT
        *,
        sum(CASE WHEN yield = 0 THEN 1 ELSE 0 END) OVER (
            PARTITION BY site_id ORDER BY run_id
            ROWS BETWEEN quiet_nights - 1 PRECEDING AND CURRENT ROW)           AS quiet_streak,
        median(CASE WHEN NOT first_run THEN yield END) OVER w_before       AS yield_before_quiet,
        count(CASE WHEN NOT first_run THEN yield END) OVER w_before        AS baseline_before_quiet
    FROM pn_site_runs(recent := recent)
    WINDOW w_before AS (PARTITION BY site_id ORDER BY run_id
                        ROWS BETWEEN quiet_nights + recent - 1 PRECEDING AND quiet_nights PRECEDING)
),
alerts AS (
    SELECT run_id, site_id, 'yield_drop' AS kind,
           printf('no new article for %d runs (usual before: %g)', quiet_nights, yield_before_quiet) AS detail
    FROM h
    WHERE quiet_streak >= quiet_nights AND yield_before_quiet > 0
      AND baseline_before_quiet >= baseline_nights
    UNION ALL
    SELECT run_id, site_id, 'site_down',
           CASE WHEN discovery_urls = 0 THEN 'nothing was fetched'
                ELSE printf('all %d discovery URLs (listings, feeds, sitemaps) failed: %s',
                            discovery_urls, coalesce(discovery_error, 'HTTP error'))
           END
    FROM h
    WHERE site_down
    UNION ALL
    SELECT run_id, site_id, 'template_drift',
           printf('extraction failure rate %.0f%% (usual %.0f%%) over %d article pages',
                  100 * extraction_failure_rate, 100 * coalesce(median_extraction_failure_rate, 0), article_pages)
    FROM h
    WHERE article_pages >= drift_min_pages
      AND extraction_failure_rate - coalesce(median_extraction_failure_rate, 0) >= drift_jump
    UNION ALL
    SELECT run_id, site_id, 'error_burst',
           printf('%d failed URLs of %d (%.0f%%, usual %.0f%%)',
                  errors, pages, 100 * error_rate, 100 * coalesce(median_error_rate, 0))
    FROM h
    WHERE errors >= burst_min AND error_rate >= burst_ratio
      AND coalesce(median_error_rate, 0) < burst_ratio / 2
    UNION ALL
    -- Worded as spiders/command.exit_reason words it: 124 is the per-site timeout's kill,
    -- a negative code a signal from elsewhere (9: the out-of-memory killer or an operator).
    SELECT run_id, site_id, 'crawl_failed',
           'crawl ' || CASE
               WHEN exit_code = 124 THEN 'timed out (killed at PROVNEWS_SITE_TIMEOUT)'
               WHEN exit_code = -9
                   THEN 'killed by signal 9 (SIGKILL: out of memory, or killed from outside)'
               WHEN exit_code < 0 THEN printf('killed by signal %d', -exit_code)
               ELSE printf('scrapy failed (exit %d)', exit_code)
           END
    FROM h
    WHERE exit_code IS NOT NULL AND exit_code <> 0
)
SELECT a.run_id, a.site_id, a.kind, a.detail, h.started_at
FROM alerts a
JOIN h USING (run_id, site_id);

CREATE OR REPLACE VIEW v_site_runs AS SELECT * FROM pn_site_runs();
COMMENT ON VIEW v_site_runs IS 'Per crawl run and site: pages, articles, new/updated/unchanged, skipped, errors, extraction failures (article pages without title/body or failing extraction, articles without a date), discovery URLs fetched and failed (site_down: all failed), rates, and the site''s median yield (its first run not counted; baseline_runs: how many runs make it) and rates over its previous 14 runs. Table macro pn_site_runs(recent := N) for another window.';
CREATE OR REPLACE VIEW v_site_alerts AS SELECT * FROM pn_site_alerts();
COMMENT ON VIEW v_site_alerts IS 'Health alerts per crawl run and site (kind: site_down, yield_drop, template_drift, error_burst, crawl_failed; detail: why), with default thresholds. Table macro pn_site_alerts(recent, quiet_nights, drift_jump, drift_min_pages, burst_ratio, burst_min, baseline_nights) to change them.';
CREATE OR REPLACE VIEW v_site_alerts_latest AS
SELECT a.*
FROM v_site_alerts a
JOIN (SELECT site_id, max(run_id) AS run_id FROM crawl_run_sites GROUP BY site_id) l USING (site_id, run_id);
COMMENT ON VIEW v_site_alerts_latest IS 'Alerts of each site''s latest crawl run (what needs attention now); complements v_site_health.';
