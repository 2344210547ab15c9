-- Alerts of one run ($run_id) with the given thresholds (macro pn_site_alerts, sql/ops/).
SELECT run_id, site_id, kind, detail
FROM pn_site_alerts(
    recent := $recent, quiet_nights := $quiet_nights, drift_jump := $drift_jump,
    drift_min_pages := $drift_min_pages, burst_ratio := $burst_ratio, burst_min := $burst_min,
    baseline_nights := $baseline_nights
)
WHERE run_id = $run_id
ORDER BY site_id, kind;
