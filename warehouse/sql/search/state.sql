-- What the search index needs: was it ever built (sorted part present), does it
-- have its tier (files indexed before the tier existed do not), live
-- articles, documents and postings appended since the last compaction.
SELECT
    (SELECT count(*) FROM search_index_state WHERE part = 'sorted')                  AS has_sorted,
    (SELECT count(*) FROM search_index_state WHERE part = 'tier')                    AS has_tier,
    (SELECT count(*) FROM search_docs)                                               AS docs,
    (SELECT coalesce(any_value(documents), 0) FROM search_index_state WHERE part = 'appended') AS appended_docs,
    (SELECT count(*) FROM search_dead)                                               AS dead_docs;
