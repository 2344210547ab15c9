-- provnews warehouse: which version of these schema files the database has.
-- warehouse/sqlfiles.py compares a hash of the files with the stored one and
-- applies them again only when they changed (a load skips it otherwise).
CREATE TABLE IF NOT EXISTS schema_state (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
COMMENT ON TABLE schema_state IS 'Internal: versions of what was applied to this file: key schema_hash = sha256 of warehouse/sql/NNN_*.sql; reference_hash = sha256 of the province lists (cleaning/data/vn_admin) last loaded into provinces and provinces_former.';
COMMENT ON COLUMN schema_state.key IS 'Setting name (schema_hash, reference_hash).';
COMMENT ON COLUMN schema_state.value IS 'Setting value.';
