-- provnews reprocess: what the warehouse holds now for a batch of articles, to report
-- which fields the new extraction changes. Parameter: $ids, the batch's article ids
-- joined by commas (ids are hex digests). One string, not a list: DuckDB's Python
-- client binds a list parameter element by element (about 0.15 ms an id, 0.3 s for a
-- batch of 2,000, ten times the query), a string in one go.
SELECT article_id, title, published_at, published_has_time, author, body, images,
       provinces, CAST(persons AS VARCHAR) AS persons, event_date
FROM articles
WHERE list_contains(string_split($ids, ','), article_id);
