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
