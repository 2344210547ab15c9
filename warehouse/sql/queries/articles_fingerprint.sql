-- Fingerprint of the article content: row count and an order-independent hash
-- over id, content hash, version, title, posting time, author and body.
-- Seen-bookkeeping (first/last seen, run ids) and views are left out on purpose.
SELECT
    count(*) AS articles,
    CAST(coalesce(bit_xor(hash(article_id, content_hash, version, title,
                               published_at, author, body)), 0) AS VARCHAR) AS content_fingerprint
FROM articles;
