-- Articles per current (34-unit, from 2025-07-01) province, by the province of the
-- publishing site, with the pre-2025 province names those sites belonged to.
-- Columns: province_code, province_name, former_province_names (sorted list of the
-- distinct pre-2025 names, empty when none differ), sites (count), articles (count),
-- latest_published_at (TIMESTAMPTZ).
SELECT
    coalesce(s.province_code, '??')                        AS province_code,
    coalesce(s.province_name, '(unknown)')                 AS province_name,
    list_sort(list_distinct(list(s.former_province_name))) AS former_province_names,
    count(DISTINCT a.site_id)                              AS sites,
    count(*)                                               AS articles,
    max(a.published_at)                                    AS latest_published_at
FROM articles a
LEFT JOIN sites s USING (site_id)
GROUP BY ALL
ORDER BY articles DESC, province_code;
