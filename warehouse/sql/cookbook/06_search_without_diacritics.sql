-- Search typed without diacritics finds "Ủy ban" and "Uỷ ban" alike: count per province.
SELECT v.province_name, count(*) AS hits
FROM search_articles('uy ban nhan dan') s
JOIN v_articles v USING (article_id)
GROUP BY ALL
ORDER BY hits DESC, v.province_name;
