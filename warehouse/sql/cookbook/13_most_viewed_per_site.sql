-- The most viewed article of each site (by the counter shown at the latest fetch).
SELECT site_name, title, views, published_date
FROM v_articles
WHERE views IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY site_id ORDER BY views DESC, article_id) = 1
ORDER BY views DESC, site_name;
