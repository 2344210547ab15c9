-- Refresh the province reference tables from cleaning/data/vn_admin (run inside
-- the merge transaction, only when both files exist). Variables: provinces_csv,
-- provinces_former_csv. Same files -> same rows, so reloads change nothing.
DELETE FROM provinces;
INSERT INTO provinces BY NAME
SELECT code, name, name_ascii, kind, admin_center,
       string_split(merged_from, ';') AS merged_from,
       CAST(effective_from AS DATE)   AS effective_from
FROM read_csv(getvariable('provinces_csv'), header = true, all_varchar = true);

DELETE FROM provinces_former;
INSERT INTO provinces_former BY NAME
SELECT old_code AS code, name, name_ascii, kind,
       CAST(valid_until AS DATE) AS valid_until, new_code, new_name
FROM read_csv(getvariable('provinces_former_csv'), header = true, all_varchar = true);
