-- Which articles were edited after publication, and how did the headline change?
SELECT a.article_id, a.site_id, a.version,
       first(v.title ORDER BY v.version)      AS first_title,
       a.title                                AS current_title,
       list(v.run_id ORDER BY v.version)      AS seen_in_runs
FROM articles a
JOIN article_versions v USING (article_id)
WHERE a.version > 1
GROUP BY a.article_id, a.site_id, a.version, a.title
ORDER BY a.site_id, a.article_id;
