-- Merge the staged run into the warehouse. warehouse/loader.py runs this whole file
-- inside one transaction, after 010_stage.sql; variable run_id is the run loaded.
--
-- Per staged article, compared with the stored current version:
--   new      not stored                          -> insert, version 1
--   same     same content_hash                   -> content untouched; if this run is
--            newer than last_run_id: last_seen_at, last_run_id and the observed,
--            unversioned fields (views, url, images, enrichment) move forward
--   changed  other hash, current version from an older run
--                                                -> new article_versions row, version+1
--   restate  other hash, current version from this same run (the run was re-cleaned
--            and reloaded)                       -> that version is corrected in place
--   stale    other hash, current version from a newer run (an old run loaded late)
--                                                -> content untouched
-- Any article seen by a run older than its first_run_id gets first_seen moved back.
-- Reloading the same run with the same files therefore changes no row.

CREATE OR REPLACE TEMP TABLE stg_class AS
SELECT
    s.article_id,
    a.version AS old_version,
    CASE
        WHEN a.article_id IS NULL                 THEN 'new'
        WHEN a.content_hash = s.content_hash      THEN 'same'
        WHEN v.run_id = getvariable('run_id')     THEN 'restate'
        WHEN v.run_id < getvariable('run_id')
          OR v.run_id IS NULL                     THEN 'changed'
        ELSE 'stale'
    END AS action,
    a.article_id IS NOT NULL AND a.content_hash = s.content_hash
        AND getvariable('run_id') > a.last_run_id AS moves_last_seen,
    a.article_id IS NOT NULL AND getvariable('run_id') < a.first_run_id AS moves_first_seen
FROM stg_articles s
LEFT JOIN articles a USING (article_id)
LEFT JOIN article_versions v ON v.article_id = a.article_id AND v.version = a.version;

-- Registry snapshot: upsert every site passed in; sites seen in the data but
-- missing from the registry get a bare row so joins keep working.
INSERT OR REPLACE INTO sites BY NAME
SELECT site_id, name, kind, family, base_url, province_code, province_name,
       former_province_code, former_province_name, enabled, verified
FROM stg_sites;

INSERT INTO sites (site_id)
SELECT DISTINCT site_id FROM (
    SELECT site_id FROM stg_articles
    UNION ALL SELECT site_id FROM stg_fetch
    UNION ALL SELECT site_id FROM stg_run_sites
)
WHERE site_id IS NOT NULL
ON CONFLICT DO NOTHING;

-- new
INSERT INTO articles BY NAME
SELECT
    s.article_id, s.canonical_url, s.url, s.site_id, s.title, s.published_at,
    s.published_date, s.published_has_time, s.author, s.body, s.views, s.language,
    s.search_key, s.images, s.event_date, s.provinces, s.persons, s.layers,
    s.content_hash,
    s.seen_at                AS first_seen_at,
    s.seen_at                AS last_seen_at,
    getvariable('run_id')    AS first_run_id,
    getvariable('run_id')    AS last_run_id,
    1                        AS version
FROM stg_articles s
JOIN stg_class c USING (article_id)
WHERE c.action = 'new';

INSERT INTO article_versions BY NAME
SELECT
    s.article_id, 1 AS version, s.content_hash, s.title, s.published_at,
    s.published_has_time, s.author, s.body, getvariable('run_id') AS run_id, s.seen_at
FROM stg_articles s
JOIN stg_class c USING (article_id)
WHERE c.action = 'new';

-- changed: a new version
INSERT INTO article_versions BY NAME
SELECT
    s.article_id, c.old_version + 1 AS version, s.content_hash, s.title, s.published_at,
    s.published_has_time, s.author, s.body, getvariable('run_id') AS run_id, s.seen_at
FROM stg_articles s
JOIN stg_class c USING (article_id)
WHERE c.action = 'changed';

-- restate: the current version came from this very run; correct it in place
UPDATE article_versions AS v SET
    content_hash       = s.content_hash,
    title              = s.title,
    published_at       = s.published_at,
    published_has_time = s.published_has_time,
    author             = s.author,
    body               = s.body,
    seen_at            = s.seen_at
FROM stg_articles s, stg_class c
WHERE c.article_id = s.article_id
  AND c.action = 'restate'
  AND v.article_id = s.article_id
  AND v.version = c.old_version;

-- changed and restate: current content follows the run
UPDATE articles AS a SET
    canonical_url      = s.canonical_url,
    url                = s.url,
    site_id            = s.site_id,
    title              = s.title,
    published_at       = s.published_at,
    published_date     = s.published_date,
    published_has_time = s.published_has_time,
    author             = s.author,
    body               = s.body,
    views              = s.views,
    language           = s.language,
    search_key         = s.search_key,
    images             = s.images,
    event_date         = s.event_date,
    provinces          = s.provinces,
    persons            = s.persons,
    layers             = s.layers,
    content_hash       = s.content_hash,
    version            = CASE WHEN c.action = 'changed' THEN c.old_version + 1 ELSE a.version END,
    last_seen_at       = s.seen_at,
    last_run_id        = getvariable('run_id')
FROM stg_articles s, stg_class c
WHERE c.article_id = s.article_id
  AND c.action IN ('changed', 'restate')
  AND a.article_id = s.article_id;

-- same content, newer run: seen-bookkeeping and unversioned observations only
UPDATE articles AS a SET
    url          = s.url,
    views        = s.views,
    language     = s.language,
    search_key   = s.search_key,
    images       = s.images,
    event_date   = s.event_date,
    provinces    = s.provinces,
    persons      = s.persons,
    layers       = s.layers,
    last_seen_at = s.seen_at,
    last_run_id  = getvariable('run_id')
FROM stg_articles s, stg_class c
WHERE c.article_id = s.article_id
  AND c.moves_last_seen
  AND a.article_id = s.article_id;

-- an older run loaded late: move first_seen back
UPDATE articles AS a SET
    first_seen_at = s.seen_at,
    first_run_id  = getvariable('run_id')
FROM stg_articles s, stg_class c
WHERE c.article_id = s.article_id
  AND c.moves_first_seen
  AND a.article_id = s.article_id;

-- fetch log: a run's rows are replaced as a whole
DELETE FROM fetch_log WHERE run_id = getvariable('run_id');
INSERT INTO fetch_log BY NAME
SELECT getvariable('run_id') AS run_id, site_id, url, final_url, status, bytes, fetched_at,
       page_type, outcome, reason, article_id
FROM stg_fetch;

-- per-site run stats; new/updated are read back from the merged state so a
-- reload of the same run reports the same numbers as the first load
DELETE FROM crawl_run_sites WHERE run_id = getvariable('run_id');
INSERT INTO crawl_run_sites BY NAME
WITH site_ids AS (
    SELECT site_id FROM stg_run_sites
    UNION SELECT site_id FROM stg_fetch
    UNION SELECT site_id FROM stg_articles
),
f AS (
    SELECT site_id,
           count(*)                                 AS pages,
           count(*) FILTER (WHERE outcome = 'skipped') AS skipped,
           count(*) FILTER (WHERE outcome = 'error')   AS errors
    FROM stg_fetch
    GROUP BY site_id
),
upd AS (
    SELECT DISTINCT article_id
    FROM article_versions
    WHERE run_id = getvariable('run_id') AND version > 1
),
a AS (
    SELECT s.site_id,
           count(*) AS staged,
           count(*) FILTER (WHERE art.first_run_id = getvariable('run_id')) AS new,
           count(*) FILTER (WHERE art.first_run_id <> getvariable('run_id')
                              AND upd.article_id IS NOT NULL)            AS updated
    FROM stg_articles s
    JOIN articles art USING (article_id)
    LEFT JOIN upd USING (article_id)
    GROUP BY s.site_id
)
SELECT
    getvariable('run_id')                           AS run_id,
    i.site_id,
    coalesce(f.pages, 0)                            AS pages,
    coalesce(a.new, 0)                              AS articles_new,
    coalesce(a.updated, 0)                          AS articles_updated,
    coalesce(a.staged, 0) - coalesce(a.new, 0) - coalesce(a.updated, 0) AS articles_unchanged,
    coalesce(f.skipped, 0)                          AS skipped,
    coalesce(f.errors, 0)                           AS errors,
    r.exit_code,
    r.duration_s
FROM site_ids i
LEFT JOIN f USING (site_id)
LEFT JOIN a USING (site_id)
LEFT JOIN stg_run_sites r USING (site_id)
WHERE i.site_id IS NOT NULL;

INSERT OR REPLACE INTO crawl_runs BY NAME
SELECT
    r.run_id,
    r.started_at,
    r.finished_at,
    r.status,
    (SELECT coalesce(list(site_id ORDER BY site_id), [])
     FROM crawl_run_sites WHERE run_id = r.run_id) AS sites,
    (SELECT {
        'pages':     coalesce(sum(pages), 0),
        'articles':  (SELECT count(*) FROM stg_articles),
        'new':       coalesce(sum(articles_new), 0),
        'updated':   coalesce(sum(articles_updated), 0),
        'unchanged': coalesce(sum(articles_unchanged), 0),
        'skipped':   coalesce(sum(skipped), 0),
        'errors':    coalesce(sum(errors), 0)
     } FROM crawl_run_sites WHERE run_id = r.run_id) AS counts,
    r.flow_run_id
FROM stg_run r;
