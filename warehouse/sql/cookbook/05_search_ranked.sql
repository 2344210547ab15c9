-- Search: best matches for "chất lượng cán bộ" (any spelling, with or without marks).
SELECT s.score, s.title, v.site_name, v.province_name, v.published_date
FROM search_articles('chất lượng cán bộ') s
JOIN v_articles v USING (article_id)
ORDER BY s.score DESC
LIMIT 10;
