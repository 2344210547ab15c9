-- Stage one run's clean output in temp tables (nothing persistent is touched).
-- Variables set by warehouse/loader.py before this file runs:
--   articles_path, fetch_log_path : clean/<run_id>/articles.jsonl, fetch_log.jsonl
--   run_json   : {"run_id", "started_at", "finished_at", "status", "flow_run_id",
--                 "sites": {site_id: {"exit_code", "duration_s"}}}
--   sites_json : [{site_id, name, kind, family, base_url, province_code, province_name,
--                  former_province_code, former_province_name, enabled, verified}, ...]
-- The session TimeZone is Asia/Ho_Chi_Minh, so a time string without offset is local.

CREATE OR REPLACE TEMP TABLE stg_run AS
SELECT
    j ->> 'run_id'                          AS run_id,
    CAST(j ->> 'started_at' AS TIMESTAMPTZ)  AS started_at,
    CAST(j ->> 'finished_at' AS TIMESTAMPTZ) AS finished_at,
    j ->> 'status'                          AS status,
    j ->> 'flow_run_id'                     AS flow_run_id
FROM (SELECT CAST(getvariable('run_json') AS JSON) AS j);

CREATE OR REPLACE TEMP TABLE stg_run_sites AS
SELECT
    k                                                      AS site_id,
    TRY_CAST(j -> 'sites' -> k ->> 'exit_code' AS INTEGER) AS exit_code,
    TRY_CAST(j -> 'sites' -> k ->> 'duration_s' AS DOUBLE) AS duration_s
FROM (SELECT CAST(getvariable('run_json') AS JSON) AS j),
     unnest(coalesce(json_keys(j -> 'sites'), [])) AS t(k);

CREATE OR REPLACE TEMP TABLE stg_sites AS
SELECT DISTINCT ON (site_id) *
FROM (
    SELECT unnest(from_json(getvariable('sites_json'),
        '[{"site_id":"VARCHAR","name":"VARCHAR","kind":"VARCHAR","family":"VARCHAR",
           "base_url":"VARCHAR","province_code":"VARCHAR","province_name":"VARCHAR",
           "former_province_code":"VARCHAR","former_province_name":"VARCHAR",
           "enabled":"BOOLEAN","verified":"VARCHAR"}]'), recursive := true)
)
WHERE site_id IS NOT NULL
ORDER BY site_id;

-- Articles: explicit column types so an empty or sparse file still has the right
-- schema; unknown keys are ignored. A malformed line fails the load (and nothing
-- is published). One row per article_id: the latest fetch wins.
CREATE OR REPLACE TEMP TABLE stg_articles AS
WITH raw AS (
    SELECT *
    FROM read_json(getvariable('articles_path'),
        format = 'newline_delimited',
        columns = {
            article_id: 'VARCHAR', canonical_url: 'VARCHAR', url: 'VARCHAR',
            site_id: 'VARCHAR', run_id: 'VARCHAR', fetched_at: 'VARCHAR',
            title: 'VARCHAR', published_at: 'VARCHAR', author: 'VARCHAR',
            body: 'VARCHAR', views: 'BIGINT', language: 'VARCHAR',
            search_key: 'VARCHAR', content_hash: 'VARCHAR',
            images: 'STRUCT(src VARCHAR, caption VARCHAR)[]',
            event_date: 'VARCHAR', provinces: 'VARCHAR[]',
            persons: 'JSON', layers: 'JSON',
            province_mentions: 'JSON', event: 'JSON', topics: 'JSON',
            extractor_version: 'VARCHAR'
        })
)
SELECT
    r.article_id,
    r.canonical_url,
    r.url,
    r.site_id,
    r.title,
    CASE
        WHEN r.published_at IS NULL OR trim(r.published_at) = '' THEN NULL
        WHEN length(trim(r.published_at)) = 10
            THEN CAST(trim(r.published_at) || 'T00:00:00+07:00' AS TIMESTAMPTZ)
        ELSE CAST(trim(r.published_at) AS TIMESTAMPTZ)
    END AS published_at,
    CASE
        WHEN r.published_at IS NULL OR trim(r.published_at) = '' THEN NULL
        ELSE length(trim(r.published_at)) > 10
    END AS published_has_time,
    r.author,
    r.body,
    r.views,
    coalesce(r.language, 'vi') AS language,
    coalesce(r.search_key, pn_fold(concat_ws(' ', r.title, r.body))) AS search_key,
    r.images,
    TRY_CAST(r.event_date AS DATE) AS event_date,
    r.provinces,
    r.persons,
    r.layers,
    r.province_mentions,
    r.event,
    r.topics,
    r.extractor_version,
    coalesce(r.content_hash,
             sha256(concat_ws(chr(31), r.title, r.published_at, r.author, r.body))) AS content_hash,
    coalesce(CAST(r.fetched_at AS TIMESTAMPTZ), (SELECT started_at FROM stg_run)) AS seen_at
FROM raw r
WHERE r.article_id IS NOT NULL
QUALIFY row_number() OVER (
    PARTITION BY r.article_id
    ORDER BY CAST(r.fetched_at AS TIMESTAMPTZ) DESC NULLS LAST, r.content_hash, r.url
) = 1;

ALTER TABLE stg_articles ADD COLUMN published_date DATE;
UPDATE stg_articles SET published_date = CAST(pn_local(published_at) AS DATE);

-- One hash over the observed, unversioned fields the merge refreshes (all but views
-- and the seen bookkeeping): comparing it with the stored one tells "same content,
-- other observations" without reading those wide columns of every stored article.
ALTER TABLE stg_articles ADD COLUMN observed_hash VARCHAR;
UPDATE stg_articles SET observed_hash = md5(CAST(to_json({
    url: url, language: language, search_key: search_key, images: images,
    event_date: event_date, provinces: provinces, persons: persons, layers: layers
}) AS VARCHAR));

CREATE OR REPLACE TEMP TABLE stg_fetch AS
SELECT
    coalesce(run_id, (SELECT run_id FROM stg_run)) AS run_id,
    site_id, url, final_url, status, bytes,
    CAST(fetched_at AS TIMESTAMPTZ) AS fetched_at,
    page_type, outcome, reason, article_id
FROM read_json(getvariable('fetch_log_path'),
    format = 'newline_delimited',
    columns = {
        run_id: 'VARCHAR', site_id: 'VARCHAR', url: 'VARCHAR', final_url: 'VARCHAR',
        status: 'INTEGER', bytes: 'BIGINT', fetched_at: 'VARCHAR', page_type: 'VARCHAR',
        outcome: 'VARCHAR', reason: 'VARCHAR', article_id: 'VARCHAR'
    });
