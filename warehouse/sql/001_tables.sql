-- provnews warehouse: tables.
-- Applied on every load; idempotent (CREATE ... IF NOT EXISTS, COMMENT ON overwrites).
-- Times are TIMESTAMPTZ (absolute instants). Run `SET TimeZone = 'Asia/Ho_Chi_Minh';`
-- to see them as Vietnamese local time (UTC+07:00, no DST); the comments describe
-- them as shown in that zone.

CREATE TABLE IF NOT EXISTS sites (
    site_id              VARCHAR PRIMARY KEY,
    name                 VARCHAR,
    kind                 VARCHAR,
    family               VARCHAR,
    base_url             VARCHAR,
    province_code        VARCHAR,
    province_name        VARCHAR,
    former_province_code VARCHAR,
    former_province_name VARCHAR,
    enabled              BOOLEAN,
    verified             VARCHAR
);
COMMENT ON TABLE sites IS 'Site registry snapshot: one row per site ever loaded (spiders/sites/*.yaml). Upserted on every load; sites removed from the registry stay so old articles keep their site.';
COMMENT ON COLUMN sites.site_id IS 'Stable site id from the registry ([a-z0-9-]+); joins articles.site_id, fetch_log.site_id, crawl_run_sites.site_id.';
COMMENT ON COLUMN sites.name IS 'Display name as the site writes it (Vietnamese, NFC).';
COMMENT ON COLUMN sites.kind IS 'Kind of publisher: portal, party, school, newspaper, department or other.';
COMMENT ON COLUMN sites.family IS 'CMS family whose spider crawls the site (sharepoint, liferay, wordpress, ...).';
COMMENT ON COLUMN sites.base_url IS 'Scheme + host (+ path prefix) of the site.';
COMMENT ON COLUMN sites.province_code IS 'Current (34-unit, valid from 2025-07-01) 2-digit province code. Codes were reused by the 2025 merger: pair with the date.';
COMMENT ON COLUMN sites.province_name IS 'Name of the current (34-unit, from 2025-07-01) province the site belongs to.';
COMMENT ON COLUMN sites.former_province_code IS 'Pre-2025 (63-unit, valid until 2025-06-30) province code where it differs from the current one; NULL otherwise.';
COMMENT ON COLUMN sites.former_province_name IS 'Pre-2025 (63-unit) province name where it differs from the current one; NULL otherwise.';
COMMENT ON COLUMN sites.enabled IS 'Whether the registry has the site enabled for the nightly crawl (at the last load).';
COMMENT ON COLUMN sites.verified IS 'fixture when a saved page pins what the site config extracts, none otherwise.';

CREATE TABLE IF NOT EXISTS articles (
    article_id         VARCHAR PRIMARY KEY,
    canonical_url      VARCHAR,
    url                VARCHAR,
    site_id            VARCHAR,
    title              VARCHAR,
    published_at       TIMESTAMPTZ,
    published_date     DATE,
    published_has_time BOOLEAN,
    author             VARCHAR,
    body               VARCHAR,
    views              BIGINT,
    language           VARCHAR,
    search_key         VARCHAR,
    images             STRUCT(src VARCHAR, caption VARCHAR)[],
    event_date         DATE,
    provinces          VARCHAR[],
    persons            JSON,
    layers             JSON,
    content_hash       VARCHAR,
    first_seen_at      TIMESTAMPTZ,
    last_seen_at       TIMESTAMPTZ,
    first_run_id       VARCHAR,
    last_run_id        VARCHAR,
    version            INTEGER
);
COMMENT ON TABLE articles IS 'One row per article (stable id = hash of the canonical URL), holding its latest version. Earlier versions are in article_versions. Use v_articles for site and province columns; search with search_articles(q).';
COMMENT ON COLUMN articles.article_id IS 'Stable article id: first 32 hex chars of sha256(canonical URL).';
COMMENT ON COLUMN articles.canonical_url IS 'Canonical URL (scheme/host case, tracking parameters, trailing slash and www. normalised) the id is derived from.';
COMMENT ON COLUMN articles.url IS 'URL as fetched in the latest run that saw the article (original host, even if the crawl went through a host map).';
COMMENT ON COLUMN articles.site_id IS 'Site that published the article; joins sites.site_id.';
COMMENT ON COLUMN articles.title IS 'Headline as printed, NFC-normalised.';
COMMENT ON COLUMN articles.published_at IS 'Posting time (not the event date), shown in Asia/Ho_Chi_Minh. When the page shows only a date it is midnight +07:00 of that date and published_has_time is false. NULL when no date was found.';
COMMENT ON COLUMN articles.published_date IS 'Posting date in Asia/Ho_Chi_Minh (local calendar date of published_at).';
COMMENT ON COLUMN articles.published_has_time IS 'True when the page showed a time of day; false when only a date (published_at is then local midnight); NULL when no date.';
COMMENT ON COLUMN articles.author IS 'Byline as printed, or NULL.';
COMMENT ON COLUMN articles.body IS 'Plain-text body, paragraphs separated by one blank line; no title, date line, captions, related lists, share bars or comments.';
COMMENT ON COLUMN articles.views IS 'View counter shown on the page at the latest fetch (count), or NULL. An observation, not versioned content: refreshed by every newer run.';
COMMENT ON COLUMN articles.language IS 'Language code of the text (vi).';
COMMENT ON COLUMN articles.search_key IS 'Folded title + body for diacritic-insensitive search: NFC, lower case, tone and vowel marks removed, đ -> d (see macro pn_fold). Indexed by the full-text index.';
COMMENT ON COLUMN articles.images IS 'Images in the body, in order: list of {src: absolute URL, caption: text or NULL}.';
COMMENT ON COLUMN articles.event_date IS 'Date of the event the text describes (from the text), local Vietnamese calendar date; NULL if none found.';
COMMENT ON COLUMN articles.provinces IS 'Current (34-unit) province names the text mentions, old names mapped to the current unit.';
COMMENT ON COLUMN articles.persons IS 'People named in the text with their titles (JSON list as produced by cleaning).';
COMMENT ON COLUMN articles.layers IS 'JSON object field -> extractor layer that produced it: site, family:<name>, meta, generic.';
COMMENT ON COLUMN articles.content_hash IS 'sha256 of title, published_at, author and body; a new value on a newer run makes a new version.';
COMMENT ON COLUMN articles.first_seen_at IS 'Fetch time of the first run that saw the article, shown in Asia/Ho_Chi_Minh.';
COMMENT ON COLUMN articles.last_seen_at IS 'Fetch time of the latest run that saw the article, shown in Asia/Ho_Chi_Minh. Reloading the same run does not change it.';
COMMENT ON COLUMN articles.first_run_id IS 'run_id of the first crawl run that saw the article (joins crawl_runs).';
COMMENT ON COLUMN articles.last_run_id IS 'run_id of the latest crawl run that saw the article (joins crawl_runs).';
COMMENT ON COLUMN articles.version IS 'Current version number, 1 for the first content seen; equals max(article_versions.version).';

CREATE TABLE IF NOT EXISTS article_versions (
    article_id         VARCHAR,
    version            INTEGER,
    content_hash       VARCHAR,
    title              VARCHAR,
    published_at       TIMESTAMPTZ,
    published_has_time BOOLEAN,
    author             VARCHAR,
    body               VARCHAR,
    run_id             VARCHAR,
    seen_at            TIMESTAMPTZ,
    PRIMARY KEY (article_id, version)
);
COMMENT ON TABLE article_versions IS 'Every distinct content (by content_hash) an article has had, one row per version, including the current one. A run adds at most one version per article.';
COMMENT ON COLUMN article_versions.article_id IS 'Article id; joins articles.article_id.';
COMMENT ON COLUMN article_versions.version IS 'Version number, 1 = first content seen, increasing by 1 per change.';
COMMENT ON COLUMN article_versions.content_hash IS 'sha256 of title, published_at, author and body of this version.';
COMMENT ON COLUMN article_versions.title IS 'Headline in this version.';
COMMENT ON COLUMN article_versions.published_at IS 'Posting time in this version, shown in Asia/Ho_Chi_Minh (date-only = midnight +07:00).';
COMMENT ON COLUMN article_versions.published_has_time IS 'Whether this version''s posting date had a time of day.';
COMMENT ON COLUMN article_versions.author IS 'Byline in this version, or NULL.';
COMMENT ON COLUMN article_versions.body IS 'Plain-text body in this version.';
COMMENT ON COLUMN article_versions.run_id IS 'Crawl run that first saw this version (joins crawl_runs).';
COMMENT ON COLUMN article_versions.seen_at IS 'Fetch time at which this version was first seen, shown in Asia/Ho_Chi_Minh.';

CREATE TABLE IF NOT EXISTS crawl_runs (
    run_id      VARCHAR PRIMARY KEY,
    started_at  TIMESTAMPTZ,
    finished_at TIMESTAMPTZ,
    status      VARCHAR,
    sites       VARCHAR[],
    counts      STRUCT(pages BIGINT, articles BIGINT, new BIGINT, updated BIGINT,
                       unchanged BIGINT, skipped BIGINT, errors BIGINT),
    flow_run_id VARCHAR
);
COMMENT ON TABLE crawl_runs IS 'One row per crawl run (a night, or a manual crawl), keyed by run_id; reloading a run replaces its row.';
COMMENT ON COLUMN crawl_runs.run_id IS 'Run id: YYYYMMDDTHHMMSSZ (UTC start) plus an optional suffix; sorts by time.';
COMMENT ON COLUMN crawl_runs.started_at IS 'When the run started, shown in Asia/Ho_Chi_Minh.';
COMMENT ON COLUMN crawl_runs.finished_at IS 'When the crawl and cleaning finished (before loading), shown in Asia/Ho_Chi_Minh; NULL if unknown.';
COMMENT ON COLUMN crawl_runs.status IS 'Run outcome as reported by the orchestrator (e.g. completed, partial, failed).';
COMMENT ON COLUMN crawl_runs.sites IS 'Site ids the run crawled, sorted.';
COMMENT ON COLUMN crawl_runs.counts IS 'Run totals (sum of crawl_run_sites): pages fetched, articles extracted, new / updated / unchanged articles, skipped URLs, error URLs (counts).';
COMMENT ON COLUMN crawl_runs.flow_run_id IS 'Prefect flow run id (UUID) that ran it, NULL when run outside Prefect.';

CREATE TABLE IF NOT EXISTS crawl_run_sites (
    run_id             VARCHAR,
    site_id            VARCHAR,
    pages              BIGINT,
    articles_new       BIGINT,
    articles_updated   BIGINT,
    articles_unchanged BIGINT,
    skipped            BIGINT,
    errors             BIGINT,
    exit_code          INTEGER,
    duration_s         DOUBLE,
    PRIMARY KEY (run_id, site_id)
);
COMMENT ON TABLE crawl_run_sites IS 'Per run and site: what the crawl fetched and what the load did with it. new/updated/unchanged are relative to the state before the run, so reloading a run gives the same numbers.';
COMMENT ON COLUMN crawl_run_sites.run_id IS 'Crawl run; joins crawl_runs.run_id.';
COMMENT ON COLUMN crawl_run_sites.site_id IS 'Site; joins sites.site_id.';
COMMENT ON COLUMN crawl_run_sites.pages IS 'URLs the spider touched in this run (fetch_log rows of any outcome), count.';
COMMENT ON COLUMN crawl_run_sites.articles_new IS 'Articles first seen in this run (version 1 created), count.';
COMMENT ON COLUMN crawl_run_sites.articles_updated IS 'Known articles whose content changed in this run (new version), count.';
COMMENT ON COLUMN crawl_run_sites.articles_unchanged IS 'Known articles seen again with the same content (or older than the stored version), count.';
COMMENT ON COLUMN crawl_run_sites.skipped IS 'URLs skipped on purpose (fetch_log outcome skipped), count.';
COMMENT ON COLUMN crawl_run_sites.errors IS 'URLs that failed (fetch_log outcome error: HTTP error, network error, extraction failure), count.';
COMMENT ON COLUMN crawl_run_sites.exit_code IS 'Exit code of the site''s crawl subprocess (0 ok); NULL if not reported.';
COMMENT ON COLUMN crawl_run_sites.duration_s IS 'Wall time of the site''s crawl, seconds; NULL if not reported.';

CREATE TABLE IF NOT EXISTS fetch_log (
    run_id     VARCHAR,
    site_id    VARCHAR,
    url        VARCHAR,
    final_url  VARCHAR,
    status     INTEGER,
    bytes      BIGINT,
    fetched_at TIMESTAMPTZ,
    page_type  VARCHAR,
    outcome    VARCHAR,
    reason     VARCHAR,
    article_id VARCHAR
);
COMMENT ON TABLE fetch_log IS 'One row per URL a spider touched in a run (every raw record), so every discovered URL is accounted for. Reloading a run replaces its rows.';
COMMENT ON COLUMN fetch_log.run_id IS 'Crawl run; joins crawl_runs.run_id.';
COMMENT ON COLUMN fetch_log.site_id IS 'Site; joins sites.site_id.';
COMMENT ON COLUMN fetch_log.url IS 'URL as requested (original host even when a host map sent it elsewhere).';
COMMENT ON COLUMN fetch_log.final_url IS 'URL after redirects.';
COMMENT ON COLUMN fetch_log.status IS 'HTTP status code; NULL when there was no response (DNS, refused, timeout).';
COMMENT ON COLUMN fetch_log.bytes IS 'Response body size before decoding, bytes.';
COMMENT ON COLUMN fetch_log.fetched_at IS 'When the response (or failure) arrived, shown in Asia/Ho_Chi_Minh.';
COMMENT ON COLUMN fetch_log.page_type IS 'What the spider fetched the URL as: listing, feed, sitemap or article.';
COMMENT ON COLUMN fetch_log.outcome IS 'What became of it: article, listing, skipped or error.';
COMMENT ON COLUMN fetch_log.reason IS 'One-line reason for skipped/error outcomes (<ExceptionClass>: message, or skipped: <reason>); NULL otherwise.';
COMMENT ON COLUMN fetch_log.article_id IS 'Article extracted from the URL when outcome is article (joins articles.article_id); NULL otherwise.';

CREATE TABLE IF NOT EXISTS load_log (
    run_id                VARCHAR,
    loaded_at             TIMESTAMPTZ,
    duration_s            DOUBLE,
    staged_articles       BIGINT,
    staged_fetch_rows     BIGINT,
    articles_inserted     BIGINT,
    articles_updated      BIGINT,
    articles_seen_again   BIGINT,
    table_rows            MAP(VARCHAR, BIGINT),
    duckdb_version        VARCHAR
);
COMMENT ON TABLE load_log IS 'One row per load of a run into the warehouse (the only table a repeated load of the same run adds to). Rows are written just before publishing.';
COMMENT ON COLUMN load_log.run_id IS 'Crawl run loaded; joins crawl_runs.run_id.';
COMMENT ON COLUMN load_log.loaded_at IS 'When this load started, shown in Asia/Ho_Chi_Minh.';
COMMENT ON COLUMN load_log.duration_s IS 'Time from start of load to this row (copy, schema, merge), seconds; excludes index build, checkpoint and publish.';
COMMENT ON COLUMN load_log.staged_articles IS 'Distinct article rows read from clean/<run_id>/articles.jsonl, count.';
COMMENT ON COLUMN load_log.staged_fetch_rows IS 'Rows read from clean/<run_id>/fetch_log.jsonl, count.';
COMMENT ON COLUMN load_log.articles_inserted IS 'Article rows this load inserted (0 on a reload of the same run), count.';
COMMENT ON COLUMN load_log.articles_updated IS 'Article rows whose content this load changed (new version or same-run correction), count.';
COMMENT ON COLUMN load_log.articles_seen_again IS 'Article rows whose seen-bookkeeping (last/first seen, views) this load moved, count.';
COMMENT ON COLUMN load_log.table_rows IS 'Row count of each warehouse table after this load: map table name -> rows.';
COMMENT ON COLUMN load_log.duckdb_version IS 'DuckDB library version that wrote the file.';

CREATE TABLE IF NOT EXISTS provinces (
    code           VARCHAR PRIMARY KEY,
    name           VARCHAR,
    name_ascii     VARCHAR,
    kind           VARCHAR,
    admin_center   VARCHAR,
    merged_from    VARCHAR[],
    effective_from DATE
);
COMMENT ON TABLE provinces IS 'The 34 current province-level units (from 2025-07-01, Resolution 202/2025/QH15) and the pre-2025 provinces merged into each. Reference data from cleaning/data/vn_admin, refreshed on every load.';
COMMENT ON COLUMN provinces.code IS 'Current 2-digit code (valid from effective_from; some codes meant another province before 2025-07-01). Joins sites.province_code.';
COMMENT ON COLUMN provinces.name IS 'Current official name (Vietnamese, NFC).';
COMMENT ON COLUMN provinces.name_ascii IS 'Name without diacritics.';
COMMENT ON COLUMN provinces.kind IS 'tinh (province) or thanh_pho (centrally-run city).';
COMMENT ON COLUMN provinces.admin_center IS 'Seat of the provincial administration.';
COMMENT ON COLUMN provinces.merged_from IS 'Pre-2025 (63-unit) province names merged into this unit, including its own former self where it existed.';
COMMENT ON COLUMN provinces.effective_from IS 'Date from which this unit and code are valid (local date).';

CREATE TABLE IF NOT EXISTS provinces_former (
    code        VARCHAR PRIMARY KEY,
    name        VARCHAR,
    name_ascii  VARCHAR,
    kind        VARCHAR,
    valid_until DATE,
    new_code    VARCHAR,
    new_name    VARCHAR
);
COMMENT ON TABLE provinces_former IS 'The 63 pre-2025 province-level units (valid until 2025-06-30) and the current unit each became. Reference data from cleaning/data/vn_admin, refreshed on every load.';
COMMENT ON COLUMN provinces_former.code IS 'Pre-2025 2-digit code (the same digits may mean another province today). Joins sites.former_province_code.';
COMMENT ON COLUMN provinces_former.name IS 'Pre-2025 official name (Vietnamese, NFC).';
COMMENT ON COLUMN provinces_former.name_ascii IS 'Name without diacritics.';
COMMENT ON COLUMN provinces_former.kind IS 'tinh (province) or thanh_pho (centrally-run city), as of 2025-06-30.';
COMMENT ON COLUMN provinces_former.valid_until IS 'Last date the unit existed (local date).';
COMMENT ON COLUMN provinces_former.new_code IS 'Code of the current unit it became part of (joins provinces.code).';
COMMENT ON COLUMN provinces_former.new_name IS 'Name of the current unit it became part of.';
