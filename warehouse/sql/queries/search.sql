-- Ranked full-text search ($q, $limit) through the search_articles macro; exact
-- says whether the rows are provably the true top $limit (see 004_search.sql).
SELECT score, article_id, site_id, title, published_at, url, exact
FROM search_articles($q, k := $limit)
LIMIT $limit;
