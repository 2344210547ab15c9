-- How many articles did each province's sites post per month (current 34 units)?
-- published_month is the local calendar month (pn_month(published_at) gives the same).
SELECT province_name, published_month AS month, count(*) AS articles
FROM v_articles
WHERE published_month IS NOT NULL
GROUP BY ALL
ORDER BY month DESC, articles DESC, province_name;
