-- provnews warehouse: views for analysts. Recreated on every load.

CREATE OR REPLACE VIEW v_articles AS
SELECT
    a.article_id,
    a.site_id,
    s.name                 AS site_name,
    s.kind                 AS site_kind,
    s.province_code,
    s.province_name,
    s.former_province_name,
    a.title,
    a.published_at,
    pn_local(a.published_at) AS published_local,
    a.published_date,
    -- date arithmetic, not date_trunc: a third of the cost of a province x month
    -- count over 1M articles went to date_trunc's TIMESTAMP round trip
    a.published_date - CAST(day(a.published_date) - 1 AS INTEGER) AS published_month,
    a.published_has_time,
    a.author,
    a.body,
    a.views,
    a.provinces,
    a.event_date,
    a.url,
    a.canonical_url,
    a.version,
    a.first_seen_at,
    a.last_seen_at,
    a.extractor_version
FROM articles a
LEFT JOIN sites s USING (site_id);
COMMENT ON VIEW v_articles IS 'Articles (current version) with their site and the site''s province, current and pre-2025.';
COMMENT ON COLUMN v_articles.article_id IS 'Stable article id (articles.article_id).';
COMMENT ON COLUMN v_articles.site_id IS 'Publishing site id (sites.site_id).';
COMMENT ON COLUMN v_articles.site_name IS 'Publishing site display name.';
COMMENT ON COLUMN v_articles.site_kind IS 'Publishing site kind: portal, party, school, newspaper, department, other.';
COMMENT ON COLUMN v_articles.province_code IS 'Current (34-unit, from 2025-07-01) code of the site''s province.';
COMMENT ON COLUMN v_articles.province_name IS 'Current (34-unit) name of the site''s province.';
COMMENT ON COLUMN v_articles.former_province_name IS 'Pre-2025 (63-unit) province of the site where it differs, else NULL.';
COMMENT ON COLUMN v_articles.title IS 'Headline.';
COMMENT ON COLUMN v_articles.published_at IS 'Posting time (TIMESTAMPTZ), shown in Asia/Ho_Chi_Minh; date-only = local midnight.';
COMMENT ON COLUMN v_articles.published_local IS 'Posting time as Vietnamese local wall-clock TIMESTAMP (UTC+07:00), independent of the session TimeZone.';
COMMENT ON COLUMN v_articles.published_date IS 'Posting date, Vietnamese local calendar date.';
COMMENT ON COLUMN v_articles.published_month IS 'First day of the local (Vietnamese) calendar month of the posting date: group by it for monthly series (cheaper than pn_month(published_at)).';
COMMENT ON COLUMN v_articles.published_has_time IS 'Whether the page showed a time of day.';
COMMENT ON COLUMN v_articles.author IS 'Byline as printed, or NULL.';
COMMENT ON COLUMN v_articles.body IS 'Plain-text body.';
COMMENT ON COLUMN v_articles.views IS 'View counter at the latest fetch, or NULL.';
COMMENT ON COLUMN v_articles.provinces IS 'Current province names the text mentions.';
COMMENT ON COLUMN v_articles.event_date IS 'Date of the described event, from the text, or NULL.';
COMMENT ON COLUMN v_articles.url IS 'URL as fetched most recently.';
COMMENT ON COLUMN v_articles.canonical_url IS 'Canonical URL the id derives from.';
COMMENT ON COLUMN v_articles.version IS 'Current version number (see article_versions).';
COMMENT ON COLUMN v_articles.first_seen_at IS 'First fetch time, shown in Asia/Ho_Chi_Minh.';
COMMENT ON COLUMN v_articles.last_seen_at IS 'Latest fetch time, shown in Asia/Ho_Chi_Minh.';
COMMENT ON COLUMN v_articles.extractor_version IS 'Extractor that produced or last confirmed the row (articles.extractor_version).';

-- Per site: the latest run that touched it and what that run did, plus totals.
CREATE OR REPLACE VIEW v_site_health AS
WITH last_run AS (
    SELECT *
    FROM crawl_run_sites
    QUALIFY row_number() OVER (PARTITION BY site_id ORDER BY run_id DESC) = 1
),
totals AS (
    SELECT site_id, count(*) AS articles_total, max(published_at) AS latest_published_at
    FROM articles
    GROUP BY site_id
)
SELECT
    s.site_id,
    s.name,
    s.enabled,
    s.province_name,
    r.run_id             AS last_run_id,
    cr.started_at        AS last_run_started_at,
    r.pages,
    r.articles_new,
    r.articles_updated,
    r.articles_unchanged,
    r.skipped,
    r.errors,
    r.exit_code,
    r.duration_s,
    coalesce(t.articles_total, 0) AS articles_total,
    t.latest_published_at
FROM sites s
LEFT JOIN last_run r USING (site_id)
LEFT JOIN crawl_runs cr ON cr.run_id = r.run_id
LEFT JOIN totals t USING (site_id);
COMMENT ON VIEW v_site_health IS 'Per site: the latest run that crawled it (pages, new/updated/unchanged articles, skips, errors, exit code, duration) and its article totals.';
COMMENT ON COLUMN v_site_health.site_id IS 'Site id.';
COMMENT ON COLUMN v_site_health.name IS 'Site display name.';
COMMENT ON COLUMN v_site_health.enabled IS 'Enabled in the registry at the last load.';
COMMENT ON COLUMN v_site_health.province_name IS 'Current (34-unit) province of the site.';
COMMENT ON COLUMN v_site_health.last_run_id IS 'Latest run that crawled the site, NULL if never crawled.';
COMMENT ON COLUMN v_site_health.last_run_started_at IS 'Start of that run, shown in Asia/Ho_Chi_Minh.';
COMMENT ON COLUMN v_site_health.pages IS 'URLs touched in the latest run, count.';
COMMENT ON COLUMN v_site_health.articles_new IS 'New articles in the latest run, count.';
COMMENT ON COLUMN v_site_health.articles_updated IS 'Changed articles in the latest run, count.';
COMMENT ON COLUMN v_site_health.articles_unchanged IS 'Articles seen again unchanged in the latest run, count.';
COMMENT ON COLUMN v_site_health.skipped IS 'URLs skipped in the latest run, count.';
COMMENT ON COLUMN v_site_health.errors IS 'URLs that failed in the latest run, count.';
COMMENT ON COLUMN v_site_health.exit_code IS 'Exit code of the latest crawl subprocess.';
COMMENT ON COLUMN v_site_health.duration_s IS 'Wall time of the latest crawl, seconds.';
COMMENT ON COLUMN v_site_health.articles_total IS 'Articles of the site in the warehouse, count.';
COMMENT ON COLUMN v_site_health.latest_published_at IS 'Newest posting time among the site''s articles, shown in Asia/Ho_Chi_Minh.';

-- Articles per site and local posting date (only articles with a posting date).
CREATE OR REPLACE VIEW v_daily_counts AS
SELECT
    a.published_date AS day,
    a.site_id,
    s.province_code,
    s.province_name,
    count(*)          AS articles,
    count(*) FILTER (WHERE a.first_seen_at >= a.published_at + INTERVAL 2 DAY) AS backfilled
FROM articles a
LEFT JOIN sites s USING (site_id)
WHERE a.published_date IS NOT NULL
GROUP BY ALL;
COMMENT ON VIEW v_daily_counts IS 'Articles per local posting date and site, with the site''s current province. Sum over site_id for per-province or overall daily series.';
COMMENT ON COLUMN v_daily_counts.day IS 'Posting date, Vietnamese local calendar date.';
COMMENT ON COLUMN v_daily_counts.site_id IS 'Publishing site id.';
COMMENT ON COLUMN v_daily_counts.province_code IS 'Current (34-unit) code of the site''s province.';
COMMENT ON COLUMN v_daily_counts.province_name IS 'Current (34-unit) name of the site''s province.';
COMMENT ON COLUMN v_daily_counts.articles IS 'Articles posted that day by the site, count.';
COMMENT ON COLUMN v_daily_counts.backfilled IS 'Of those, articles first crawled 2+ days after posting (found in archives, not fresh), count.';

-- Events reported in articles, with the reporting site and its province.
CREATE OR REPLACE VIEW v_events AS
SELECT
    e.article_id,
    e.event_type,
    e.event_date,
    e.date_end,
    e.topic,
    e.organisers,
    e.co_organisers,
    e.place,
    e.format,
    e.guests,
    e.papers,
    e.opinions,
    a.title,
    a.published_date,
    a.site_id,
    s.name          AS site_name,
    s.province_code,
    s.province_name,
    s.former_province_name,
    coalesce((SELECT list(t.topic ORDER BY t.topic) FROM article_topics t
              WHERE t.article_id = e.article_id), []) AS topics,
    a.url
FROM events e
JOIN articles a USING (article_id)
LEFT JOIN sites s ON s.site_id = a.site_id;
COMMENT ON VIEW v_events IS 'One row per event reported in an article (events) with the article title, the reporting site and its province, and the article''s topic tags.';
COMMENT ON COLUMN v_events.article_id IS 'Reporting article (articles.article_id).';
COMMENT ON COLUMN v_events.event_type IS 'Kind of event (hội thảo khoa học, hội nghị, ...), NULL if only a date is known.';
COMMENT ON COLUMN v_events.event_date IS 'Local date the event took place or started.';
COMMENT ON COLUMN v_events.date_end IS 'Last local date of a multi-day event, else NULL.';
COMMENT ON COLUMN v_events.topic IS 'Subject of the event as written.';
COMMENT ON COLUMN v_events.organisers IS 'Organising bodies as written.';
COMMENT ON COLUMN v_events.co_organisers IS 'Co-organising bodies as written.';
COMMENT ON COLUMN v_events.place IS 'Venue as written.';
COMMENT ON COLUMN v_events.format IS 'in_person, online, hybrid or NULL.';
COMMENT ON COLUMN v_events.guests IS 'Delegates/guests attending (count), or NULL.';
COMMENT ON COLUMN v_events.papers IS 'Papers contributed (count), or NULL.';
COMMENT ON COLUMN v_events.opinions IS 'Opinions/speeches given (count), or NULL.';
COMMENT ON COLUMN v_events.title IS 'Headline of the reporting article.';
COMMENT ON COLUMN v_events.published_date IS 'Local posting date of the reporting article.';
COMMENT ON COLUMN v_events.site_id IS 'Reporting site id.';
COMMENT ON COLUMN v_events.site_name IS 'Reporting site display name.';
COMMENT ON COLUMN v_events.province_code IS 'Current (34-unit) code of the reporting site''s province.';
COMMENT ON COLUMN v_events.province_name IS 'Current (34-unit) name of the reporting site''s province.';
COMMENT ON COLUMN v_events.former_province_name IS 'Pre-2025 province of the reporting site where it differs, else NULL.';
COMMENT ON COLUMN v_events.topics IS 'Topic tag ids of the reporting article (article_topics), sorted.';
COMMENT ON COLUMN v_events.url IS 'URL of the reporting article.';
