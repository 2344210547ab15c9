-- Which pre-2025 provinces do texts still name, and which current unit are they now?
SELECT former_name, province_name AS now_part_of, count(DISTINCT article_id) AS articles,
       sum(coalesce(mentions, 1)) AS mentions
FROM article_provinces
WHERE former_name IS NOT NULL
GROUP BY ALL
ORDER BY articles DESC, former_name;
