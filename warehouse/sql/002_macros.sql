-- provnews warehouse: scalar macros for analysts and for the loader.

-- Fold Vietnamese text for diacritic-insensitive matching, the same way
-- cleaning builds articles.search_key: lower case, every combining mark removed
-- (tones and the vowel marks of ă â ê ô ơ ư), đ -> d. strip_accents alone keeps
-- đ (it is a letter, not a mark), hence the replace. Works on NFC and NFD input:
-- "Ủy ban", "Uỷ ban" and "uy ban" all fold to "uy ban".
CREATE OR REPLACE MACRO pn_fold(s) AS replace(lower(strip_accents(lower(s))), 'đ', 'd');
COMMENT ON MACRO pn_fold IS 'Fold Vietnamese text for accent-insensitive search: lower case, tone/vowel marks removed, đ -> d (matches articles.search_key).';

-- Local wall-clock time in Vietnam (UTC+07:00) of a TIMESTAMPTZ, as a plain TIMESTAMP.
-- Vietnam has kept +07:00 without DST since 1975-06-13 (tzdata Asia/Ho_Chi_Minh), so
-- later instants are shifted by 7 h in integer arithmetic -- ICU's timezone() costs
-- ~0.3 us a row, a third of a second per million articles; earlier ones go to ICU.
CREATE OR REPLACE MACRO pn_local(ts) AS
    CASE WHEN ts >= TIMESTAMPTZ '1975-06-12 17:00:00+00'
         THEN make_timestamp(epoch_us(ts) + 25200000000)
         ELSE timezone('Asia/Ho_Chi_Minh', ts) END;
COMMENT ON MACRO pn_local IS 'Local wall-clock time in Asia/Ho_Chi_Minh of a TIMESTAMPTZ, as TIMESTAMP without zone.';

-- First day of the local (Vietnamese) month of a TIMESTAMPTZ or DATE.
CREATE OR REPLACE MACRO pn_month(ts) AS CAST(date_trunc('month', CAST(pn_local(CAST(ts AS TIMESTAMPTZ)) AS DATE)) AS DATE);
COMMENT ON MACRO pn_month IS 'First day of the Vietnamese local calendar month of a TIMESTAMPTZ (or DATE), as DATE: group by it for monthly series.';

-- Does folded text contain the folded phrase? For quick filters without the index.
CREATE OR REPLACE MACRO pn_contains(text, phrase) AS contains(pn_fold(text), pn_fold(phrase));
COMMENT ON MACRO pn_contains IS 'pn_contains(text, phrase): true when text contains phrase ignoring case, diacritics, tone style and đ/d (a substring test: no index, scans the rows).';
