-- How many articles did each province's sites post per month (current 34 units)?
SELECT province_name, pn_month(published_at) AS month, count(*) AS articles
FROM v_articles
WHERE published_at IS NOT NULL
GROUP BY ALL
ORDER BY month DESC, articles DESC, province_name;
