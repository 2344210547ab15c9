"""Loader semantics: idempotent reloads, versions, counts, parsing, comments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from warehouse import query
from warehouse.loader import LoadInputError, load_run

TABLES = ["sites", "articles", "article_versions", "crawl_runs", "crawl_run_sites", "fetch_log"]


def dump(db: Path, tables: list[str] = TABLES) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall())) for t in tables}


def scalar(db: Path, sql: str, params: list | None = None):
    with duckdb.connect(str(db), read_only=True) as con:
        con.execute("SET TimeZone = 'Asia/Ho_Chi_Minh'")
        return con.execute(sql, params or []).fetchone()[0]


def test_reloading_the_same_run_changes_nothing(load, wh, db_path):
    arts = [wh.article(i) for i in range(1, 6)]
    first = load(wh.R1, arts)
    before = dump(db_path)
    second = load(wh.R1, arts)
    assert dump(db_path) == before
    assert first.per_site == second.per_site
    assert first.sites["baocantho"].new == 5
    assert scalar(db_path, "SELECT count(*) FROM load_log") == 2
    assert scalar(db_path, "SELECT count(*) FROM fetch_log") == 6  # replaced, not doubled
    assert scalar(db_path, "SELECT count(*) FROM article_versions") == 5


def test_second_run_with_one_changed_article(load, wh, db_path):
    load(wh.R1, [wh.article(i) for i in (1, 2, 3)])
    changed = wh.article(2, wh.R2, body="Nội dung đã sửa.")
    result = load(wh.R2, [wh.article(1, wh.R2), changed, wh.article(4, wh.R2)])
    c = result.sites["baocantho"]
    assert (c.new, c.updated, c.unchanged) == (1, 1, 1)
    assert result.totals["new"] == 1

    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = con.execute(
            "SELECT article_id, version, body, first_run_id, last_run_id FROM articles"
            " ORDER BY article_id"
        ).fetchall()
        versions = con.execute(
            "SELECT version, run_id, body FROM article_versions WHERE article_id = ?"
            " ORDER BY version",
            [changed["article_id"]],
        ).fetchall()
        run_sites = con.execute(
            "SELECT articles_new, articles_updated, articles_unchanged, pages"
            " FROM crawl_run_sites WHERE run_id = ?",
            [wh.R2],
        ).fetchall()
        counts = con.execute("SELECT counts FROM crawl_runs WHERE run_id = ?", [wh.R2]).fetchone()
    by_id = {r[0]: r for r in rows}
    assert by_id[changed["article_id"]][1:3] == (2, "Nội dung đã sửa.")
    assert by_id[wh.article(1)["article_id"]][1:] == (
        1,
        wh.article(1)["body"],
        wh.R1,
        wh.R2,
    )
    assert by_id[wh.article(3)["article_id"]][4] == wh.R1  # not seen in R2
    assert [(v, r) for v, r, _ in versions] == [(1, wh.R1), (2, wh.R2)]
    assert versions[0][2] == wh.article(2)["body"]
    assert run_sites == [(1, 1, 1, 4)]
    assert counts[0]["updated"] == 1 and counts[0]["new"] == 1

    # reloading R2 reports the same counts and adds no version
    before = dump(db_path)
    again = load(wh.R2, [wh.article(1, wh.R2), changed, wh.article(4, wh.R2)])
    assert again.per_site == result.per_site
    assert dump(db_path) == before


def test_identical_second_night_moves_only_bookkeeping(load, wh, db_path):
    load(wh.R1, [wh.article(i) for i in (1, 2)])
    fp1 = query.articles_fingerprint(db_path)
    content = (
        "article_id, canonical_url, site_id, title, published_at, author, body,"
        " content_hash, version, first_seen_at, first_run_id"
    )
    before = dump(db_path, [])
    with duckdb.connect(str(db_path), read_only=True) as con:
        before = sorted(con.execute(f"SELECT {content} FROM articles").fetchall())
    # same content, different fetch times, next night
    res = load(wh.R2, [wh.article(i, wh.R2) for i in (1, 2)])
    assert res.sites["baocantho"].unchanged == 2 and res.sites["baocantho"].new == 0
    with duckdb.connect(str(db_path), read_only=True) as con:
        after = sorted(con.execute(f"SELECT {content} FROM articles").fetchall())
        seen = set(con.execute("SELECT last_run_id FROM articles").fetchall())
        n_versions = con.execute("SELECT count(*) FROM article_versions").fetchone()[0]
    assert after == before
    assert seen == {(wh.R2,)}
    assert n_versions == 2
    assert query.articles_fingerprint(db_path) == fp1


def test_same_content_new_observations_keep_the_version(load, wh, db_path):
    load(wh.R1, [wh.article(1), wh.article(2)])
    new_images = [{"src": "https://example.vn/img/moi.jpg", "caption": None}]
    res = load(
        wh.R2,
        [wh.article(1, wh.R2, images=new_images, views=99), wh.article(2, wh.R2, views=7)],
    )
    assert res.sites["baocantho"].unchanged == 2
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = con.execute(
            "SELECT version, first_run_id, last_run_id, views, len(images) FROM articles "
            "ORDER BY article_id = ? DESC",
            [wh.article(1)["article_id"]],
        ).fetchall()
        srcs = con.execute(
            "SELECT src FROM images WHERE article_id = ?", [wh.article(1)["article_id"]]
        ).fetchall()
        assert con.execute("SELECT count(*) FROM article_versions").fetchone()[0] == 2
    # article 1 rewritten (new images), article 2 only its views and bookkeeping
    assert rows == [(1, wh.R1, wh.R2, 99, 1), (1, wh.R1, wh.R2, 7, 1)]
    assert srcs == [("https://example.vn/img/moi.jpg",)]


def test_older_run_loaded_late_does_not_overwrite(load, wh, db_path):
    load(wh.R2, [wh.article(1, wh.R2, title="Tiêu đề mới")])
    load(wh.R1, [wh.article(1, wh.R1, title="Tiêu đề cũ")])
    with duckdb.connect(str(db_path), read_only=True) as con:
        row = con.execute(
            "SELECT title, version, first_run_id, last_run_id FROM articles"
        ).fetchone()
    assert row == ("Tiêu đề mới", 1, wh.R1, wh.R2)


def test_reloading_a_recleaned_run_corrects_its_version_in_place(load, wh, db_path):
    load(wh.R1, [wh.article(1)])
    load(wh.R1, [wh.article(1, body="Thân bài sau khi làm sạch lại.")])
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute("SELECT version, body FROM articles").fetchone() == (
            1,
            "Thân bài sau khi làm sạch lại.",
        )
        assert con.execute("SELECT count(*), max(body) FROM article_versions").fetchone() == (
            1,
            "Thân bài sau khi làm sạch lại.",
        )


def test_published_at_forms(load, wh, db_path):
    arts = [
        wh.article(1, published_at="2025-07-01T23:30:00+07:00"),
        wh.article(2, published_at="2025-07-01"),
        wh.article(3, published_at=None),
    ]
    load(wh.R1, arts)
    with duckdb.connect(str(db_path), read_only=True) as con:
        con.execute("SET TimeZone = 'UTC'")
        rows = con.execute(
            "SELECT published_at, published_date, published_has_time FROM articles"
            " ORDER BY article_id"
        ).fetchall()
    utc = dt.UTC
    assert rows[0] == (dt.datetime(2025, 7, 1, 16, 30, tzinfo=utc), dt.date(2025, 7, 1), True)
    assert rows[1] == (dt.datetime(2025, 6, 30, 17, 0, tzinfo=utc), dt.date(2025, 7, 1), False)
    assert rows[2] == (None, None, None)


def test_fetch_log_counts_skips_and_errors(load, wh, db_path):
    extra = [
        {
            "run_id": wh.R1,
            "site_id": "soctrang-portal",
            "url": "https://st/x",
            "final_url": None,
            "status": None,
            "bytes": 0,
            "fetched_at": "2025-07-02T01:31:00Z",
            "page_type": "article",
            "outcome": "error",
            "reason": "TimeoutError: took too long",
            "article_id": None,
        },
        {
            "run_id": wh.R1,
            "site_id": "baocantho",
            "url": "https://bct/pdf",
            "final_url": None,
            "status": None,
            "bytes": 0,
            "fetched_at": "2025-07-02T01:31:00Z",
            "page_type": "article",
            "outcome": "skipped",
            "reason": "skipped: not html",
            "article_id": None,
        },
    ]
    res = load(wh.R1, [wh.article(1)], extra)
    assert res.sites["baocantho"].skipped == 1
    assert res.sites["soctrang-portal"].errors == 1
    assert res.sites["soctrang-portal"].pages == 1
    health = {
        r[0]: r
        for r in duckdb.connect(str(db_path), read_only=True)
        .execute("SELECT site_id, errors, articles_total FROM v_site_health")
        .fetchall()
    }
    assert health["soctrang-portal"][1:] == (1, 0)
    assert health["baocantho"][1:] == (0, 1)


def test_sites_and_articles_per_province(load, wh, db_path):
    load(wh.R1, [wh.article(1), wh.article(2, site_id="soctrang-portal")])
    with duckdb.connect(str(db_path), read_only=True) as con:
        sites = con.execute(
            "SELECT site_id, province_code, province_name, former_province_name FROM sites"
            " ORDER BY site_id"
        ).fetchall()
    assert sites == [
        ("baocantho", "92", "Cần Thơ", None),
        ("soctrang-portal", "92", "Cần Thơ", "Sóc Trăng"),
    ]
    rows = query.articles_per_province(db_path)
    assert len(rows) == 1
    province, former, n, _latest = rows[0]
    assert province == "Cần Thơ (92)" and n == 2
    assert "Sóc Trăng" in former and "Hậu Giang" in former


def test_empty_run_and_missing_files(load, wh, db_path, tmp_path):
    res = load(wh.R1, [])
    assert res.sites["baocantho"].new == 0
    assert scalar(db_path, "SELECT count(*) FROM crawl_runs") == 1
    with pytest.raises(LoadInputError):
        load_run(db_path, tmp_path / "nope", wh.run_meta(wh.R2), wh.SITES)


def test_every_table_and_column_has_a_comment(load, wh, db_path):
    load(wh.R1, [wh.article(1)])
    with duckdb.connect(str(db_path), read_only=True) as con:
        tables = con.execute(
            "SELECT table_name, comment FROM duckdb_tables() WHERE schema_name = 'main'"
        ).fetchall()
        views = con.execute(
            "SELECT view_name, comment FROM duckdb_views()"
            " WHERE schema_name = 'main' AND NOT internal"
        ).fetchall()
        cols = con.execute(
            "SELECT table_name, column_name, comment FROM duckdb_columns()"
            " WHERE schema_name = 'main' AND NOT internal"
        ).fetchall()
    assert {t for t, _ in tables} >= set(TABLES) | {"load_log", "provinces", "provinces_former"}
    assert {v for v, _ in views} >= {"v_articles", "v_site_health"}
    assert [t for t, c in tables + views if not c] == []
    assert [(t, c) for t, c, comment in cols if not comment] == []


def test_file_is_duckdb_155_and_readable(load, wh, db_path):
    load(wh.R1, [wh.article(1)])
    assert duckdb.__version__ == "1.5.5"
    assert scalar(db_path, "SELECT max(duckdb_version) FROM load_log") == "v1.5.5"
    with duckdb.connect(str(db_path), read_only=True) as con:
        con.execute("SET TimeZone = 'Asia/Ho_Chi_Minh'")
        assert con.execute("SELECT count(*) FROM v_articles").fetchone()[0] == 1
        storage = con.execute(
            "SELECT tags FROM duckdb_databases() WHERE database_name = 'provnews'"
        ).fetchone()
    assert storage is not None
