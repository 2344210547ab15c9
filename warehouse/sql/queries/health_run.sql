-- Site health of one run ($run_id): counts, extraction failures, rates and the site's
-- median yield over its previous $recent runs (macro pn_site_runs, sql/ops/).
SELECT *
FROM pn_site_runs(recent := $recent)
WHERE run_id = $run_id
ORDER BY site_id;
