-- Who is named most often across articles (with the titles and roles the texts give)?
SELECT
    p.name,
    count(DISTINCT p.article_id)              AS articles,
    sum(coalesce(p.mentions, 1))              AS mentions,
    list_distinct(flatten(list(p.titles)))    AS titles_seen,
    mode(p.role)                              AS usual_role,
    min(a.published_date)                     AS first_seen,
    max(a.published_date)                     AS last_seen
FROM article_persons p
JOIN articles a USING (article_id)
GROUP BY p.name
ORDER BY articles DESC, mentions DESC, p.name
LIMIT 20;
