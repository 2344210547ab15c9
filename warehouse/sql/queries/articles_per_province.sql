-- Articles per current (34-unit, from 2025-07-01) province, by the province of the
-- publishing site, with the pre-2025 provinces merged into that unit (so an analyst
-- sees that "Cần Thơ" now also covers former Hậu Giang and Sóc Trăng).
-- Columns: province_code, province_name, former_names (pre-2025 names merged into
-- the unit; falls back to the sites' own former_province_name), sites (count),
-- articles (count), latest_published_at (TIMESTAMPTZ, latest posting time).
SELECT
    coalesce(s.province_code, '??')                               AS province_code,
    coalesce(p.name, any_value(s.province_name), '(unknown)')     AS province_name,
    coalesce(any_value(p.merged_from),
             list_sort(list_distinct(list(s.former_province_name))),
             [])                                                  AS former_names,
    count(DISTINCT a.site_id)                                     AS sites,
    count(*)                                                      AS articles,
    max(a.published_at)                                           AS latest_published_at
FROM articles a
LEFT JOIN sites s USING (site_id)
LEFT JOIN provinces p ON p.code = s.province_code
GROUP BY s.province_code, p.name
ORDER BY articles DESC, province_code;
