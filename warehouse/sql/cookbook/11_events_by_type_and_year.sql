-- How many events of each kind were reported per year, and in what format?
SELECT year(event_date) AS year, coalesce(event_type, '(unknown)') AS event_type,
       count(*) AS events,
       count(*) FILTER (WHERE format = 'hybrid') AS hybrid,
       count(*) FILTER (WHERE format = 'online') AS online
FROM events
WHERE event_date IS NOT NULL
GROUP BY ALL
ORDER BY year DESC, events DESC, event_type;
