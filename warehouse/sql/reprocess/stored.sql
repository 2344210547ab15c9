-- provnews reprocess: what the warehouse holds now for a batch of articles, to report
-- which fields the new extraction changes. Parameter: $ids (list of article ids).
SELECT article_id, title, published_at, published_has_time, author, body, images,
       provinces, CAST(persons AS VARCHAR) AS persons, event_date
FROM articles
WHERE list_contains($ids, article_id);
