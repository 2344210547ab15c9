"""Accent-insensitive search: SQL fold = Python fold; FTS finds all spellings."""

from __future__ import annotations

import unicodedata

import duckdb

from cleaning.text import search_key
from warehouse import query
from warehouse.sqlfiles import read_sql

LETTERS = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"


def test_sql_fold_matches_python_fold():
    samples = [
        LETTERS,
        LETTERS.upper(),
        "Uỷ ban nhân dân tỉnh Đắk Lắk",
        "Ủy ban Mặt trận Tổ quốc",
        "HOÀ BÌNH hòa bình Thừa Thiên Huế",
    ]
    samples += [unicodedata.normalize("NFD", s) for s in samples]
    con = duckdb.connect()
    con.execute(read_sql("002_macros.sql"))
    for s in samples:
        assert con.execute("SELECT pn_fold(?)", [s]).fetchone()[0] == search_key(s)


def test_search_finds_every_spelling(load, wh, db_path):
    load(
        wh.R1,
        [
            wh.article(1, title="Ủy ban nhân dân tỉnh", body="Họp thường kỳ."),
            wh.article(2, title="Uỷ ban Mặt trận", body="Đường sá."),
            wh.article(3, title="Thời tiết", body="Mưa rào."),
        ],
    )
    ids = {wh.article(1)["article_id"], wh.article(2)["article_id"]}
    for q in ("uy ban", "Ủy ban", "Uỷ ban", "UỶ BAN"):
        hits = query.search(db_path, q)
        assert {h["article_id"] for h in hits} == ids, q
    assert [h["article_id"] for h in query.search(db_path, "duong")] == [
        wh.article(2)["article_id"]
    ]
    assert query.search(db_path, "không có") == []


def test_search_needs_no_extension(load, wh, db_path):
    """search_articles is plain SQL: a bare read-only connection can run it."""
    load(
        wh.R1,
        [
            wh.article(1, title="Ủy ban nhân dân tỉnh", body="Họp."),
            wh.article(2, title="Thời tiết", body="Mưa rào."),
        ],
    )
    con = duckdb.connect(
        str(db_path),
        read_only=True,
        config={"autoinstall_known_extensions": False, "autoload_known_extensions": False},
    )
    with con:
        hits = con.execute("SELECT article_id FROM search_articles('UỶ BAN')").fetchall()
        loaded = con.execute(
            "SELECT count(*) FROM duckdb_extensions() WHERE extension_name = 'fts' AND loaded"
        ).fetchone()[0]
    assert hits == [(wh.article(1)["article_id"],)]
    assert loaded == 0


def test_search_returns_the_k_best(load, wh, db_path):
    arts = [wh.article(i, title="Hội thảo " * i, body="Hội thảo khoa học.") for i in range(1, 6)]
    load(wh.R1, arts)
    with duckdb.connect(str(db_path), read_only=True) as con:
        top = con.execute("SELECT article_id, score FROM search_articles('hoi thao')").fetchall()
        one = con.execute("SELECT article_id FROM search_articles('hoi thao', k := 2)").fetchall()
        every = con.execute("SELECT count(*) FROM search_articles('hoi thao', k := NULL)")
        assert every.fetchone()[0] == 5
    assert len(top) == 5 and [s for _, s in top] == sorted((s for _, s in top), reverse=True)
    # the most repeated title words rank first; k cuts the same ranking
    assert top[0][0] == wh.article(5)["article_id"]
    assert [a for (a,) in one] == [a for a, _ in top[:2]]


def test_pn_local_equals_icu_time_zone_conversion():
    """pn_local's integer fast path (+07:00 since 1975-06-13) agrees with ICU."""
    con = duckdb.connect()
    con.execute(read_sql("002_macros.sql"))
    con.execute("SET TimeZone = 'UTC'")
    diff = con.execute(
        "SELECT count(*) FROM (SELECT TIMESTAMPTZ '1940-01-01 00:00:00+00' "
        "+ to_seconds(i * 86400 * 7 + i % 86400) AS ts FROM range(6000) r(i)) "
        "WHERE pn_local(ts) IS DISTINCT FROM timezone('Asia/Ho_Chi_Minh', ts)"
    ).fetchone()[0]
    assert diff == 0
    assert con.execute("SELECT pn_month(TIMESTAMPTZ '2025-06-30 17:30:00+00')").fetchone()[0] == (
        __import__("datetime").date(2025, 7, 1)
    )


# -- the tier: search_articles scores the articles in its words' tiers and says
# -- whether that ranking is provably the true one (see 004_search.sql)

WORDS = ["ủy ban", "cán bộ", "hội thảo", "chất lượng", "đào tạo", "nông thôn", "Cần Thơ"]
TIER_QUERIES = ["cán bộ", "can bo hoi thao", "chat luong dao tao nong thon", "Cần Thơ", "hau giang"]


def _text(rnd, n: int) -> str:
    return " ".join(rnd.choice(WORDS[: rnd.randint(2, len(WORDS))]) for _ in range(n))


def _bm25_top(db_path, q: str, k: int) -> list[tuple[str, float]]:
    """Exhaustive BM25 over articles.search_key, in Python: the reference."""
    import math
    import re
    from collections import Counter

    with duckdb.connect(str(db_path), read_only=True) as con:
        docs = con.execute("SELECT article_id, search_key FROM articles").fetchall()
    toks = {a: re.findall(r"[a-z0-9]+", key or "") for a, key in docs}
    n, avgdl = len(toks), sum(map(len, toks.values())) / len(toks)
    terms = set(re.findall(r"[a-z0-9]+", search_key(q)))
    df = {t: sum(t in set(ws) for ws in toks.values()) for t in terms}
    scores = {}
    for a, ws in toks.items():
        tf = Counter(w for w in ws if w in terms)
        if tf:
            scores[a] = sum(
                math.log10(1 + (n - df[t] + 0.5) / (df[t] + 0.5))
                * c
                * 2.2
                / (c + 1.2 * (0.25 + 0.75 * len(ws) / avgdl))
                for t, c in tf.items()
            )
    return sorted(scores.items(), key=lambda x: -x[1])[:k]


def _search(db_path, q: str, k: int, exact: bool = False) -> list[tuple]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(
            "SELECT article_id, score, exact FROM search_articles(?, k := ?, exact := ?)",
            [q, k, exact],
        ).fetchall()


def _check_against_reference(db_path, k: int) -> tuple[int, int]:
    proven = unproven = 0
    for q in TIER_QUERIES:
        every = _bm25_top(db_path, q, 10_000)
        ref, ref_scores = every[:k], dict(every)
        full = _search(db_path, q, k, exact=True)
        assert all(e for _, _, e in full)
        # exact := true is the exhaustive top k (scores equal; order up to ties)
        assert [round(s, 9) for _, s, _ in full] == [round(s, 9) for _, s in ref], q
        fast = _search(db_path, q, k)
        for a, s, _ in fast:  # every candidate is scored over all its words
            assert abs(s - ref_scores[a]) < 1e-9, (q, a)
        if fast and fast[0][2]:
            proven += 1
            assert [round(s, 9) for _, s, _ in fast] == [round(s, 9) for _, s in ref], q
        else:
            unproven += 1
    return proven, unproven


def test_tier_ranking_is_exact_when_it_says_so(load, wh, db_path, monkeypatch):
    import random

    import warehouse.search as search

    monkeypatch.setattr(search, "TIER_DEPTH", 3)  # tiers matter on a small corpus
    rnd = random.Random(7)
    # "Hậu Giang" in two texts only: rare words, wholly in their tier
    bodies = [_text(rnd, rnd.randint(5, 40)) + (" Hậu Giang" if i < 2 else "") for i in range(40)]
    arts = [wh.article(i, title=_text(rnd, 3), body=b) for i, b in enumerate(bodies)]
    load(wh.R1, arts)  # full build: tier of 3 postings per word
    proven, unproven = _check_against_reference(db_path, 5)
    # rare words (hau giang: in 2 texts, all in the tier) prove themselves; with
    # only common words and a tier of 3 the proof fails at least once
    assert proven >= 1 and unproven >= 1
    # a load appends 10 articles: df kept by the load, new heavy postings join the tier
    more = [wh.article(i, wh.R2, title=_text(rnd, 3), body=_text(rnd, 60)) for i in range(40, 50)]
    assert load(wh.R2, more).search_action == "append"
    _check_against_reference(db_path, 5)
    _check_against_reference(db_path, 1)
    # edits, then a compaction: superseded texts leave df, the tier is rebuilt
    monkeypatch.setattr(search, "APPENDED_MIN_DOCS", 0)
    edits = [wh.article(i, wh.R2, title="Hội thảo", body=_text(rnd, 50)) for i in range(5)]
    assert load(wh.R2, edits).search_action == "compact"
    _check_against_reference(db_path, 5)


def test_tier_is_built_for_files_indexed_before_it(load, wh, db_path):
    """A file whose index has no tier (older provnews) is re-indexed in full, once."""
    load(wh.R1, [wh.article(1, title="Ủy ban nhân dân"), wh.article(2, title="Hội đồng")])
    with duckdb.connect(str(db_path)) as con:
        con.execute("DELETE FROM search_index_state WHERE part = 'tier'")
        con.execute("DELETE FROM search_top")
        con.execute("UPDATE search_docs SET title = NULL")
    res = load(wh.R2, [wh.article(3, wh.R2, title="Nông thôn mới")])
    assert res.search_action == "full"
    hits = _search(db_path, "uy ban", 5)
    assert [(a, round(s, 9)) for a, s, _ in hits] == [
        (a, round(s, 9)) for a, s in _bm25_top(db_path, "uy ban", 5)
    ]
    with duckdb.connect(str(db_path), read_only=True) as con:
        titles = con.execute("SELECT count(*) FROM search_docs WHERE title IS NULL").fetchone()
    assert titles == (0,)
