-- Which workshops (hội thảo) on cadre quality took place since 2020, where and with how many papers?
SELECT event_date, event_type, topic, province_name, site_name, place, format, guests, papers, url
FROM v_events
WHERE event_type ILIKE 'hội thảo%'
  AND list_contains(topics, 'cadre_quality')
  AND event_date >= DATE '2020-01-01'
ORDER BY event_date DESC;
