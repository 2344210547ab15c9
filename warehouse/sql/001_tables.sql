-- provnews warehouse: tables.
-- Applied on every load; idempotent (CREATE ... IF NOT EXISTS, COMMENT ON overwrites).
-- Times are TIMESTAMPTZ (absolute instants). Run `SET TimeZone = 'Asia/Ho_Chi_Minh';`
-- to see them as Vietnamese local time (UTC+07:00, no DST); the comments describe
-- them as shown in that zone.
--
-- Keys. The small tables (sites, crawl_runs, crawl_run_sites, provinces, ...) have
-- PRIMARY KEYs. The tables that grow with the articles (articles, article_versions,
-- images, article_provinces, article_persons, events, article_topics) declare their
-- key in the table comment and NOT NULL on its columns, but no PRIMARY KEY: DuckDB
-- 1.5 keeps a PRIMARY KEY as an ART index and rewrites the whole index at every
-- checkpoint after an insert (1.6 s per 300k articles measured, growing with the
-- table), which would make the nightly increment grow with the warehouse. The
-- loader keeps the keys unique by construction (delete-then-insert of the staged
-- set, sql/load/020_merge.sql); view v_key_violations lists any duplicate, and the
-- tests assert it is empty after every kind of load.

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
    article_id         VARCHAR NOT NULL,
    canonical_url      VARCHAR NOT NULL,
    url                VARCHAR NOT NULL,
    site_id            VARCHAR NOT NULL,
    title              VARCHAR NOT NULL,
    published_at       TIMESTAMPTZ,
    published_date     DATE,
    published_has_time BOOLEAN,
    author             VARCHAR,
    body               VARCHAR NOT NULL,
    views              BIGINT,
    language           VARCHAR NOT NULL,
    search_key         VARCHAR NOT NULL,
    images             STRUCT(src VARCHAR, caption VARCHAR)[],
    event_date         DATE,
    provinces          VARCHAR[],
    persons            JSON,
    layers             JSON,
    content_hash       VARCHAR NOT NULL,
    observed_hash      VARCHAR,
    first_seen_at      TIMESTAMPTZ NOT NULL,
    last_seen_at       TIMESTAMPTZ NOT NULL,
    first_run_id       VARCHAR NOT NULL,
    last_run_id        VARCHAR NOT NULL,
    version            INTEGER NOT NULL,
    extractor_version  VARCHAR
);
-- columns added after the first release, for files created before them
ALTER TABLE articles ADD COLUMN IF NOT EXISTS observed_hash VARCHAR;
ALTER TABLE articles ADD COLUMN IF NOT EXISTS extractor_version VARCHAR;
COMMENT ON TABLE articles IS 'One row per article (stable id = hash of the canonical URL), holding its latest version. Earlier versions are in article_versions. Use v_articles for site and province columns; search with search_articles(q). Key: article_id, unique (kept by the loader, checked by v_key_violations; no index: see docs/internals.md).';
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
COMMENT ON COLUMN articles.observed_hash IS 'md5 of the observed, unversioned fields (url, language, search_key, images, event_date, provinces, persons, layers) at the latest fetch; lets a load see they changed without reading them. NULL in rows loaded before it existed (treated as changed).';
COMMENT ON COLUMN articles.first_seen_at IS 'Fetch time of the first run that saw the article, shown in Asia/Ho_Chi_Minh.';
COMMENT ON COLUMN articles.last_seen_at IS 'Fetch time of the latest run that saw the article, shown in Asia/Ho_Chi_Minh. Reloading the same run does not change it.';
COMMENT ON COLUMN articles.first_run_id IS 'run_id of the first crawl run that saw the article (joins crawl_runs).';
COMMENT ON COLUMN articles.last_run_id IS 'run_id of the latest crawl run that saw the article (joins crawl_runs).';
COMMENT ON COLUMN articles.version IS 'Current version number, 1 for the first content seen; equals max(article_versions.version).';
COMMENT ON COLUMN articles.extractor_version IS 'Extractor that last produced or confirmed this row: provnews package version + digest of the cleaning code, family tables, cleaning data and parsing libraries (cleaning/version.py). provnews reprocess re-extracts the articles whose value differs from the running one. NULL for rows loaded before it existed.';

CREATE TABLE IF NOT EXISTS article_versions (
    article_id         VARCHAR NOT NULL,
    version            INTEGER NOT NULL,
    content_hash       VARCHAR NOT NULL,
    title              VARCHAR NOT NULL,
    published_at       TIMESTAMPTZ,
    published_has_time BOOLEAN,
    author             VARCHAR,
    body               VARCHAR NOT NULL,
    run_id             VARCHAR NOT NULL,
    seen_at            TIMESTAMPTZ NOT NULL,
    extractor_version  VARCHAR
);
ALTER TABLE article_versions ADD COLUMN IF NOT EXISTS extractor_version VARCHAR;
COMMENT ON TABLE article_versions IS 'Every distinct content (by content_hash) an article has had, one row per version, including the current one. A run adds at most one version per article. Key: (article_id, version), unique (kept by the loader, checked by v_key_violations; no index: see docs/internals.md).';
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
COMMENT ON COLUMN article_versions.extractor_version IS 'Extractor that produced this version''s content (see articles.extractor_version); NULL for versions loaded before it existed.';

CREATE TABLE IF NOT EXISTS crawl_runs (
    run_id      VARCHAR PRIMARY KEY,
    started_at  TIMESTAMPTZ,
    finished_at TIMESTAMPTZ,
    status      VARCHAR,
    sites       VARCHAR[] NOT NULL,
    counts      STRUCT(pages BIGINT, articles BIGINT, new BIGINT, updated BIGINT,
                       unchanged BIGINT, skipped BIGINT, errors BIGINT) NOT NULL,
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
    pages              BIGINT NOT NULL,
    articles_new       BIGINT NOT NULL,
    articles_updated   BIGINT NOT NULL,
    articles_unchanged BIGINT NOT NULL,
    skipped            BIGINT NOT NULL,
    errors             BIGINT NOT NULL,
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
    run_id     VARCHAR NOT NULL,
    site_id    VARCHAR NOT NULL,
    url        VARCHAR NOT NULL,
    final_url  VARCHAR,
    status     INTEGER,
    bytes      BIGINT,
    fetched_at TIMESTAMPTZ,
    page_type  VARCHAR NOT NULL,
    outcome    VARCHAR NOT NULL,
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
    run_id                VARCHAR NOT NULL,
    loaded_at             TIMESTAMPTZ NOT NULL,
    duration_s            DOUBLE NOT NULL,
    staged_articles       BIGINT NOT NULL,
    staged_fetch_rows     BIGINT NOT NULL,
    articles_inserted     BIGINT NOT NULL,
    articles_updated      BIGINT NOT NULL,
    articles_seen_again   BIGINT NOT NULL,
    table_rows            MAP(VARCHAR, BIGINT) NOT NULL,
    duckdb_version        VARCHAR NOT NULL,
    phases                MAP(VARCHAR, DOUBLE)
);
ALTER TABLE load_log ADD COLUMN IF NOT EXISTS phases MAP(VARCHAR, DOUBLE);
COMMENT ON TABLE load_log IS 'One row per load of a run into the warehouse (the only table a repeated load of the same run adds to). Rows are written just before publishing.';
COMMENT ON COLUMN load_log.run_id IS 'Crawl run loaded; joins crawl_runs.run_id.';
COMMENT ON COLUMN load_log.loaded_at IS 'When this load started, shown in Asia/Ho_Chi_Minh.';
COMMENT ON COLUMN load_log.duration_s IS 'Time from start of load to this row (clone of the published file, schema, staging, merge, search index upkeep), seconds; excludes checkpoint and publish.';
COMMENT ON COLUMN load_log.staged_articles IS 'Distinct article rows read from clean/<run_id>/articles.jsonl, count.';
COMMENT ON COLUMN load_log.staged_fetch_rows IS 'Rows read from clean/<run_id>/fetch_log.jsonl, count.';
COMMENT ON COLUMN load_log.articles_inserted IS 'Article rows this load inserted (0 on a reload of the same run), count.';
COMMENT ON COLUMN load_log.articles_updated IS 'Article rows whose content this load changed (new version or same-run correction), count.';
COMMENT ON COLUMN load_log.articles_seen_again IS 'Article rows whose seen-bookkeeping (last/first seen, views) this load moved, count.';
COMMENT ON COLUMN load_log.table_rows IS 'Row count of each warehouse table after this load: map table name -> rows.';
COMMENT ON COLUMN load_log.duckdb_version IS 'DuckDB library version that wrote the file.';
COMMENT ON COLUMN load_log.phases IS 'Wall time of each phase of this load, seconds: map phase -> s (clone, schema, stage, merge, search; checkpoint and publish come after the row is written and are reported by load_run only). NULL for loads before phases were recorded.';

CREATE TABLE IF NOT EXISTS provinces (
    code           VARCHAR PRIMARY KEY,
    name           VARCHAR NOT NULL,
    name_ascii     VARCHAR,
    kind           VARCHAR,
    admin_center   VARCHAR,
    merged_from    VARCHAR[],
    effective_from DATE NOT NULL
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
    name        VARCHAR NOT NULL,
    name_ascii  VARCHAR,
    kind        VARCHAR,
    valid_until DATE NOT NULL,
    new_code    VARCHAR NOT NULL,
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

-- Children of articles, derived from the latest content loaded for each article
-- (the images list and the enrichment keys of clean/<run_id>/articles.jsonl, see
-- docs/internals.md "Enrichment keys"). For every article a load touches (new,
-- changed, restated, or seen again by a newer run) the rows are replaced as a set,
-- so they always describe the same fetch as the articles row. Missing keys in the
-- clean output (an older cleaner) simply give no rows.

CREATE TABLE IF NOT EXISTS images (
    article_id VARCHAR NOT NULL,
    position   INTEGER NOT NULL,
    src        VARCHAR NOT NULL,
    caption    VARCHAR
);
COMMENT ON TABLE images IS 'Images in the body of each article (latest fetch), one row per image in page order. Image files themselves are not stored. Key: (article_id, position), unique (kept by the loader, checked by v_key_violations; no index: see docs/internals.md).';
COMMENT ON COLUMN images.article_id IS 'Article; joins articles.article_id.';
COMMENT ON COLUMN images.position IS 'Order of the image in the article, 1 = first.';
COMMENT ON COLUMN images.src IS 'Absolute image URL as found on the page.';
COMMENT ON COLUMN images.caption IS 'Caption printed with the image (NFC), or NULL.';

CREATE TABLE IF NOT EXISTS article_provinces (
    article_id    VARCHAR NOT NULL,
    position      INTEGER NOT NULL,
    as_written    VARCHAR NOT NULL,
    province_code VARCHAR,
    province_name VARCHAR NOT NULL,
    former_code   VARCHAR,
    former_name   VARCHAR,
    mentions      INTEGER
);
COMMENT ON TABLE article_provinces IS 'Provinces an article''s text mentions (not the publishing site''s province), each mapped to the current 34-unit province. From province_mentions when the cleaner gives it, else from the plain provinces list (as_written = current name, mentions NULL). Key: (article_id, position), unique (kept by the loader, checked by v_key_violations; no index: see docs/internals.md).';
COMMENT ON COLUMN article_provinces.article_id IS 'Article; joins articles.article_id.';
COMMENT ON COLUMN article_provinces.position IS 'Order of the mention in the cleaner''s list, 1 = first.';
COMMENT ON COLUMN article_provinces.as_written IS 'The name as the text writes it (e.g. "tỉnh Hậu Giang"), or the current name when the cleaner gave only names.';
COMMENT ON COLUMN article_provinces.province_code IS 'Current (34-unit, valid from 2025-07-01) province code; joins provinces.code. NULL if the name is not in the reference list.';
COMMENT ON COLUMN article_provinces.province_name IS 'Current (34-unit) province name the mention maps to.';
COMMENT ON COLUMN article_provinces.former_code IS 'Pre-2025 (63-unit, valid until 2025-06-30) code when the text names a former province; joins provinces_former.code. NULL otherwise.';
COMMENT ON COLUMN article_provinces.former_name IS 'Pre-2025 province name when the text names a former province, else NULL.';
COMMENT ON COLUMN article_provinces.mentions IS 'How many times the text names it (count); NULL when the cleaner gave only names.';

CREATE TABLE IF NOT EXISTS article_persons (
    article_id   VARCHAR NOT NULL,
    position     INTEGER NOT NULL,
    name         VARCHAR NOT NULL,
    titles       VARCHAR[] NOT NULL,
    role         VARCHAR,
    organisation VARCHAR,
    mentions     INTEGER
);
COMMENT ON TABLE article_persons IS 'People named in an article''s text, with their academic/party titles, role and organisation as the text gives them. Key: (article_id, position), unique (kept by the loader, checked by v_key_violations; no index: see docs/internals.md).';
COMMENT ON COLUMN article_persons.article_id IS 'Article; joins articles.article_id.';
COMMENT ON COLUMN article_persons.position IS 'Order in the cleaner''s list, 1 = first.';
COMMENT ON COLUMN article_persons.name IS 'Full name without titles (NFC), e.g. Huỳnh Văn Thới.';
COMMENT ON COLUMN article_persons.titles IS 'Titles printed before the name, in order (e.g. [PGS., TS.]); empty list if none.';
COMMENT ON COLUMN article_persons.role IS 'Position held, as written (e.g. Phó Giám đốc), or NULL.';
COMMENT ON COLUMN article_persons.organisation IS 'Organisation of that position, as written, or NULL.';
COMMENT ON COLUMN article_persons.mentions IS 'How many times the text names the person (count), or NULL if unknown.';

CREATE TABLE IF NOT EXISTS events (
    article_id    VARCHAR NOT NULL,
    event_type    VARCHAR,
    event_date    DATE,
    date_end      DATE,
    topic         VARCHAR,
    organisers    VARCHAR[] NOT NULL,
    co_organisers VARCHAR[] NOT NULL,
    place         VARCHAR,
    format        VARCHAR,
    guests        INTEGER,
    papers        INTEGER,
    opinions      INTEGER
);
COMMENT ON TABLE events IS 'The event an article reports (conference, workshop, meeting...), at most one per article: from the cleaner''s event object, or only a date when it gave just event_date. Use v_events for site and province. Key: article_id, unique (kept by the loader, checked by v_key_violations; no index: see docs/internals.md).';
COMMENT ON COLUMN events.article_id IS 'Article reporting the event; joins articles.article_id.';
COMMENT ON COLUMN events.event_type IS 'Kind of event as the cleaner names it, lower case Vietnamese (e.g. hội thảo khoa học, hội nghị, tọa đàm); NULL if only a date is known.';
COMMENT ON COLUMN events.event_date IS 'Local (Asia/Ho_Chi_Minh) date the event took place or started; not the posting date.';
COMMENT ON COLUMN events.date_end IS 'Last local date of a multi-day event, else NULL.';
COMMENT ON COLUMN events.topic IS 'Subject or title of the event as written, or NULL.';
COMMENT ON COLUMN events.organisers IS 'Organising bodies as written; empty list if none found.';
COMMENT ON COLUMN events.co_organisers IS 'Co-organising bodies as written; empty list if none found.';
COMMENT ON COLUMN events.place IS 'Venue as written, or NULL.';
COMMENT ON COLUMN events.format IS 'in_person, online, hybrid, or NULL if the text does not say.';
COMMENT ON COLUMN events.guests IS 'Number of delegates/guests attending, as the text states (count), or NULL.';
COMMENT ON COLUMN events.papers IS 'Number of papers (tham luận / bài viết) contributed (count), or NULL.';
COMMENT ON COLUMN events.opinions IS 'Number of opinions/speeches given at the event (count), or NULL.';

CREATE TABLE IF NOT EXISTS article_topics (
    article_id VARCHAR NOT NULL,
    topic      VARCHAR NOT NULL
);
COMMENT ON TABLE article_topics IS 'Topic tags of an article (ids from cleaning/data/topics.yaml, e.g. cadre_quality, grassroots_government), one row per tag. Key: (article_id, topic), unique (kept by the loader, checked by v_key_violations; no index: see docs/internals.md).';
COMMENT ON COLUMN article_topics.article_id IS 'Article; joins articles.article_id.';
COMMENT ON COLUMN article_topics.topic IS 'Topic tag id (snake_case English id from cleaning/data/topics.yaml).';
