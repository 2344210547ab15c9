-- Which topics does each province's press cover most (top 3 per province)?
SELECT v.province_name, t.topic, count(*) AS articles
FROM article_topics t
JOIN v_articles v USING (article_id)
GROUP BY v.province_name, t.topic
QUALIFY row_number() OVER (PARTITION BY v.province_name ORDER BY count(*) DESC, t.topic) <= 3
ORDER BY v.province_name, articles DESC, t.topic;
