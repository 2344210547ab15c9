-- Ranked full-text search ($q, $limit) through the search_articles macro.
SELECT score, article_id, site_id, title, published_at, url
FROM search_articles($q)
LIMIT $limit;
