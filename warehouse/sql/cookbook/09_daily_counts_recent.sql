-- Daily posting volume per province over the last 30 days of data.
SELECT day, province_name, sum(articles) AS articles
FROM v_daily_counts
WHERE day > (SELECT max(day) FROM v_daily_counts) - 30
GROUP BY ALL
ORDER BY day DESC, articles DESC, province_name;
