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
