-- Merge the staged run into the warehouse. warehouse/loader.py runs this whole file
-- inside one transaction, after 010_stage.sql; variable run_id is the run loaded.
--
-- Per staged article, compared with the stored current version:
--   new      not stored                          -> insert, version 1
--   stale    the article was already seen by a newer run (an old run loaded late)
--                                                -> content untouched
--   same     same content_hash                   -> content untouched; if this run is
--            newer than last_run_id: last_seen_at, last_run_id and the observed,
--            unversioned fields (views, url, images, enrichment) move forward
--   restate  other hash, current version created by this same run (the run was
--            re-cleaned and reloaded)            -> that version is corrected in place
--   changed  other hash otherwise                -> new article_versions row, version+1
-- So the current content is always that of the newest run (by run_id) that saw the
-- article, whatever order runs are loaded in and however often.
-- Any article seen by a run older than its first_run_id gets first_seen moved back.
-- Reloading the same run with the same files therefore changes no row.

CREATE OR REPLACE TEMP TABLE stg_class AS
SELECT
    s.article_id,
    a.version AS old_version,
    a.first_seen_at AS old_first_seen_at,
    a.first_run_id AS old_first_run_id,
    CASE
        WHEN a.article_id IS NULL                        THEN 'new'
        WHEN getvariable('run_id') < a.last_run_id       THEN 'stale'
        WHEN a.content_hash = s.content_hash             THEN 'same'
        WHEN v.article_id IS NOT NULL                    THEN 'restate'
        ELSE 'changed'
    END AS action,
    a.article_id IS NOT NULL AND a.content_hash = s.content_hash
        AND getvariable('run_id') > a.last_run_id AS moves_last_seen,
    a.article_id IS NOT NULL AND getvariable('run_id') < a.first_run_id AS moves_first_seen,
    -- the fetch of the article's latest run extracted again (a re-clean, provnews
    -- reprocess): same content may still come with other observations to restate
    a.article_id IS NOT NULL AND getvariable('run_id') = a.last_run_id AS reextracted,
    -- same content, but an observation other than views differs: the row is
    -- rewritten like a change (views alone is a cheap in-place update). Compared
    -- by hash: reading the wide columns of every stored article costs more than
    -- the whole rest of the load at a million articles.
    a.article_id IS NOT NULL AND a.observed_hash IS DISTINCT FROM s.observed_hash
        AS observations_differ
FROM stg_articles s
LEFT JOIN articles a USING (article_id)
-- only this run's versions: run_id is filtered in the scan (versions are appended
-- run by run, so zone maps skip the rest) instead of joining every version
LEFT JOIN article_versions v
       ON v.article_id = a.article_id AND v.version = a.version
      AND v.run_id = getvariable('run_id');

-- Articles whose row this load rewrites from the staged fetch: their child rows
-- (images, enrichment) are replaced from the same fetch.
-- text_changed: the searchable text may differ from the indexed one (content or
-- observations, search_key among them, changed), so it is indexed again.
CREATE OR REPLACE TEMP TABLE stg_touched AS
SELECT article_id, action IN ('new', 'changed', 'restate') OR observations_differ AS text_changed
FROM stg_class
WHERE action IN ('new', 'changed', 'restate') OR moves_last_seen
   OR (action = 'same' AND reextracted AND observations_differ);

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

-- The articles rows this load writes whole. Rows are never updated in place in
-- their long columns (body, search_key): an UPDATE of those makes the next
-- checkpoint rewrite the column in every row group it touches, i.e. most of the
-- file for a few hundred edits spread over the years. Instead the rows are
-- deleted and inserted again (a delete is a mark; the insert appends), so the
-- cost of a load follows what it loads, not the size of the warehouse.
--   new                                      -> version 1
--   changed                                  -> version + 1
--   restate                                  -> same version, corrected content
--   same content, newer run, observations differ (url, images, enrichment, ...)
--                                            -> same version, new observations
--   same content, the latest run extracted again, observations differ
--                                            -> same version, restated observations
CREATE OR REPLACE TEMP TABLE stg_rewrite AS
SELECT
    article_id,
    CASE action WHEN 'new' THEN 1 WHEN 'changed' THEN old_version + 1 ELSE old_version END
        AS version,
    old_first_seen_at,
    old_first_run_id,
    action = 'new' AS is_new
FROM stg_class
WHERE action IN ('new', 'changed', 'restate')
   OR ((moves_last_seen OR (action = 'same' AND reextracted)) AND observations_differ);

DELETE FROM articles
WHERE article_id IN (SELECT article_id FROM stg_rewrite WHERE NOT is_new);

INSERT INTO articles BY NAME
SELECT
    s.article_id, s.canonical_url, s.url, s.site_id, s.title, s.published_at,
    s.published_date, s.published_has_time, s.author, s.body, s.views, s.language,
    s.search_key, s.images, s.event_date, s.provinces, s.persons, s.layers,
    s.content_hash, s.observed_hash, s.extractor_version,
    CASE WHEN w.is_new THEN s.seen_at ELSE w.old_first_seen_at END AS first_seen_at,
    s.seen_at                                                      AS last_seen_at,
    CASE WHEN w.is_new THEN getvariable('run_id') ELSE w.old_first_run_id END AS first_run_id,
    getvariable('run_id')                                          AS last_run_id,
    w.version
FROM stg_articles s
JOIN stg_rewrite w USING (article_id);

-- new and changed: a version row
INSERT INTO article_versions BY NAME
SELECT
    s.article_id, c.version, s.content_hash, s.title, s.published_at,
    s.published_has_time, s.author, s.body, getvariable('run_id') AS run_id, s.seen_at,
    s.extractor_version
FROM stg_articles s
JOIN stg_class k USING (article_id)
JOIN stg_rewrite c USING (article_id)
WHERE k.action IN ('new', 'changed');

-- restate: the current version came from this very run; replaced by the
-- corrected content (delete + insert, for the same reason as articles)
DELETE FROM article_versions AS v
USING stg_class c
WHERE c.action = 'restate' AND v.article_id = c.article_id AND v.version = c.old_version;

INSERT INTO article_versions BY NAME
SELECT
    s.article_id, c.old_version AS version, s.content_hash, s.title, s.published_at,
    s.published_has_time, s.author, s.body, getvariable('run_id') AS run_id, s.seen_at,
    s.extractor_version
FROM stg_articles s
JOIN stg_class c USING (article_id)
WHERE c.action = 'restate';

-- same content, newer run, nothing but views to refresh: small columns in place
UPDATE articles AS a SET
    views             = s.views,
    last_seen_at      = s.seen_at,
    last_run_id       = getvariable('run_id'),
    extractor_version = s.extractor_version
FROM stg_articles s, stg_class c
WHERE c.article_id = s.article_id
  AND c.moves_last_seen
  AND NOT c.observations_differ
  AND a.article_id = s.article_id;

-- the latest run's fetch extracted again (provnews reprocess) to the same content and
-- observations: the row is confirmed by this extractor (a small column in place), so a
-- resumed reprocess does not check it again
UPDATE articles AS a SET
    extractor_version = s.extractor_version
FROM stg_articles s, stg_class c
WHERE c.article_id = s.article_id
  AND c.action = 'same'
  AND getvariable('run_id') = a.last_run_id
  AND NOT c.observations_differ
  AND s.extractor_version IS NOT NULL
  AND a.extractor_version IS DISTINCT FROM s.extractor_version
  AND a.article_id = s.article_id;

-- an older run loaded late: move first_seen back
UPDATE articles AS a SET
    first_seen_at = s.seen_at,
    first_run_id  = getvariable('run_id')
FROM stg_articles s, stg_class c
WHERE c.article_id = s.article_id
  AND c.moves_first_seen
  AND a.article_id = s.article_id;

-- children of touched articles: replaced as a set from the staged fetch
DELETE FROM images WHERE article_id IN (SELECT article_id FROM stg_touched);
INSERT INTO images BY NAME
SELECT s.article_id, CAST(i.pos AS INTEGER) AS position, i.img.src AS src, i.img.caption AS caption
FROM stg_articles s
JOIN stg_touched USING (article_id),
     LATERAL (SELECT unnest(s.images) AS img, generate_subscripts(s.images, 1) AS pos) i
WHERE i.img.src IS NOT NULL;

DELETE FROM article_provinces WHERE article_id IN (SELECT article_id FROM stg_touched);
INSERT INTO article_provinces BY NAME
WITH m AS (
    -- detailed mentions when the cleaner gives them
    SELECT s.article_id, e.pos,
           from_json(e.j, '{"as_written":"VARCHAR","current_code":"VARCHAR",
                            "current_name":"VARCHAR","former_code":"VARCHAR",
                            "former_name":"VARCHAR","count":"INTEGER"}') AS x
    FROM stg_articles s
    JOIN stg_touched USING (article_id),
         LATERAL (SELECT unnest(from_json(s.province_mentions, '["JSON"]')) AS j,
                         generate_subscripts(from_json(s.province_mentions, '["JSON"]'), 1) AS pos) e
    WHERE json_type(s.province_mentions) = 'ARRAY'
), plain AS (
    -- else the plain list of current names
    SELECT s.article_id, e.pos, e.name
    FROM stg_articles s
    JOIN stg_touched USING (article_id),
         LATERAL (SELECT unnest(s.provinces) AS name, generate_subscripts(s.provinces, 1) AS pos) e
    WHERE coalesce(json_array_length(s.province_mentions), 0) = 0
      AND e.name IS NOT NULL
)
SELECT m.article_id, CAST(m.pos AS INTEGER) AS position,
       coalesce(m.x.as_written, m.x.current_name) AS as_written,
       coalesce(m.x.current_code, p.code) AS province_code,
       coalesce(m.x.current_name, p.name) AS province_name,
       m.x.former_code, m.x.former_name, m.x.count AS mentions
FROM m
LEFT JOIN provinces p ON p.name = m.x.current_name OR p.code = m.x.current_code
WHERE coalesce(m.x.current_name, p.name) IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY m.article_id, m.pos ORDER BY p.code) = 1
UNION ALL
SELECT plain.article_id, CAST(plain.pos AS INTEGER), plain.name, p.code, plain.name,
       NULL, NULL, NULL
FROM plain
LEFT JOIN provinces p ON p.name = plain.name;

DELETE FROM article_persons WHERE article_id IN (SELECT article_id FROM stg_touched);
INSERT INTO article_persons BY NAME
SELECT s.article_id, CAST(e.pos AS INTEGER) AS position,
       trim(e.x.name) AS name,
       coalesce(e.x.titles, CASE WHEN e.x.title IS NULL THEN [] ELSE [e.x.title] END) AS titles,
       e.x.role, e.x.organisation, e.x.mentions
FROM stg_articles s
JOIN stg_touched USING (article_id),
     LATERAL (SELECT unnest(from_json(s.persons,
                  '[{"name":"VARCHAR","titles":["VARCHAR"],"title":"VARCHAR","role":"VARCHAR",
                     "organisation":"VARCHAR","mentions":"INTEGER"}]')) AS x,
                     generate_subscripts(from_json(s.persons, '["JSON"]'), 1) AS pos) e
WHERE json_type(s.persons) = 'ARRAY' AND nullif(trim(e.x.name), '') IS NOT NULL;

DELETE FROM events WHERE article_id IN (SELECT article_id FROM stg_touched);
INSERT INTO events BY NAME
WITH e AS (
    SELECT s.article_id, s.event_date AS staged_date,
           from_json(CASE WHEN json_type(s.event) = 'OBJECT' THEN s.event END,
               '{"type":"VARCHAR","date":"VARCHAR","date_end":"VARCHAR","topic":"VARCHAR",
                 "organisers":["VARCHAR"],"co_organisers":["VARCHAR"],"place":"VARCHAR",
                 "format":"VARCHAR",
                 "counts":{"guests":"INTEGER","papers":"INTEGER","opinions":"INTEGER"}}') AS x
    FROM stg_articles s
    JOIN stg_touched USING (article_id)
    WHERE json_type(s.event) = 'OBJECT' OR s.event_date IS NOT NULL
)
SELECT article_id,
       x.type AS event_type,
       coalesce(TRY_CAST(x.date AS DATE), staged_date) AS event_date,
       TRY_CAST(x.date_end AS DATE) AS date_end,
       x.topic,
       coalesce(x.organisers, []) AS organisers,
       coalesce(x.co_organisers, []) AS co_organisers,
       x.place,
       CASE WHEN x.format IN ('in_person', 'online', 'hybrid') THEN x.format END AS format,
       x.counts.guests AS guests,
       x.counts.papers AS papers,
       x.counts.opinions AS opinions
FROM e;

DELETE FROM article_topics WHERE article_id IN (SELECT article_id FROM stg_touched);
INSERT INTO article_topics BY NAME
SELECT DISTINCT s.article_id, t AS topic
FROM stg_articles s
JOIN stg_touched USING (article_id),
     unnest(from_json(CASE WHEN json_type(s.topics) = 'ARRAY' THEN s.topics END, '["VARCHAR"]')) AS u(t)
WHERE t IS NOT NULL AND t <> '';

-- (searchable text that is new or changed is indexed next, in the same
-- transaction: warehouse/search.py update_search_index, sql/search/)

-- (the run's own rows, fetch_log, crawl_run_sites and crawl_runs, are written next by
-- 025_run.sql; provnews reprocess, which extracts stored fetches again, skips it)
