"""The DuckLake backend (real PostgreSQL catalog) against the single-file backend."""

from __future__ import annotations

import multiprocessing as mp
import os
from pathlib import Path

import pytest

from tests.scale.helpers import TABLES, dump_file, dump_lake
from tests.warehouse.conftest import R1, R2, SITES, article, fetch_rows, run_meta, write_clean

pytestmark = pytest.mark.slow

R3 = "20250704T013000Z"


def _runs(root: Path) -> list[tuple[str, Path, list[str]]]:
    a1 = [article(n) for n in range(1, 6)] + [article(9, site_id="soctrang-portal")]
    # R2: article 2 edited (new version), 3 seen again, 7 new
    a2 = [article(2, R2, body="Nội dung đã sửa về Ủy ban."), article(3, R2), article(7, R2)]
    return [
        (R1, write_clean(root, R1, a1, fetch_rows(a1, R1)), ["baocantho", "soctrang-portal"]),
        (R2, write_clean(root, R2, a2, fetch_rows(a2, R2)), ["baocantho"]),
    ]


def _load_all(db: Path, runs: list) -> list:
    """Load ``runs`` into the configured backend (the file ``db`` unless
    PROVNEWS_WAREHOUSE names a DuckLake)."""
    from warehouse.backends import configured

    backend = configured(db)
    return [
        backend.load(d, run_meta(run_id, site_ids), SITES, fts=True) for run_id, d, site_ids in runs
    ]


def test_lake_tables_equal_file_tables(
    lake_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = _runs(tmp_path)
    lake_results = _load_all(tmp_path / "unused.duckdb", runs)
    monkeypatch.delenv("PROVNEWS_WAREHOUSE")
    file_db = tmp_path / "file.duckdb"
    file_results = _load_all(file_db, runs)
    assert [r.per_site for r in lake_results] == [r.per_site for r in file_results]
    assert not (tmp_path / "unused.duckdb").exists()
    lake, file = dump_lake(lake_url), dump_file(file_db)
    for t in TABLES:
        assert lake[t] == file[t], t
    assert len(lake["article_versions"]) == 8  # 7 articles, one edited


def test_reload_is_idempotent_and_views_macros_work(lake_url: str, tmp_path: Path) -> None:
    from warehouse.backends import DuckLake
    from warehouse.backends.ducklake import session
    from warehouse.query import search

    runs = _runs(tmp_path)
    _load_all(tmp_path / "x.duckdb", runs)
    before = dump_lake(lake_url)
    _load_all(tmp_path / "x.duckdb", runs[1:])  # R2 again
    assert dump_lake(lake_url) == before
    with session(lake_url, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM load_log").fetchone()[0] == 3
        assert con.execute("SELECT count(*) FROM v_articles").fetchone()[0] == 7
        assert con.execute("SELECT pn_fold('Ủy Ban Đà')").fetchone()[0] == "uy ban da"
        assert con.execute("SELECT count(*) FROM v_site_runs").fetchone()[0] >= 2
        snaps = con.execute("SELECT count(*) FROM ducklake_snapshots('lake')").fetchone()[0]
        assert snaps >= 4
    hits = search(DuckLake(lake_url), "uy ban da sua")
    assert hits and hits[0]["article_id"] == f"{2:032x}"


def test_failed_load_leaves_nothing_visible(lake_url: str, tmp_path: Path) -> None:
    import duckdb

    from warehouse.backends import DuckLake

    runs = _runs(tmp_path)
    _load_all(tmp_path / "x.duckdb", runs[:1])
    before = dump_lake(lake_url)
    bad = write_clean(tmp_path / "bad", R3, [article(8, R3)], fetch_rows([article(8, R3)], R3))
    with (bad / "fetch_log.jsonl").open("a") as fh:
        fh.write('{"run_id": "x", "site_id": "baocantho", "url": "u", "page_type": "article",'
                 ' "outcome": null}\n')  # fmt: skip  # NOT NULL outcome: the merge fails
    with pytest.raises(duckdb.Error):
        DuckLake(lake_url).load(bad, run_meta(R3), SITES)
    assert dump_lake(lake_url) == before


def _writer(url: str, lake_data: str, clean_dir: str, run_id: str, q: mp.Queue) -> None:
    os.environ["PROVNEWS_WAREHOUSE"] = url
    os.environ["PROVNEWS_LAKE_DATA"] = lake_data
    try:
        from warehouse.backends import DuckLake

        r = DuckLake(url).load(Path(clean_dir), run_meta(run_id), SITES)
        q.put((run_id, r.totals["new"]))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        q.put((run_id, repr(exc)))


def test_three_concurrent_writers(lake_url: str, tmp_path: Path) -> None:
    from warehouse.backends.ducklake import ensure_schema, session

    with session(lake_url) as con:
        ensure_schema(con)
    runs = [R1, R2, R3]
    dirs = []
    for i, run_id in enumerate(runs):
        arts = [article(100 * (i + 1) + n, run_id) for n in range(40)]
        dirs.append(write_clean(tmp_path / run_id, run_id, arts, fetch_rows(arts, run_id)))
    ctx = mp.get_context("spawn")
    q: mp.Queue = ctx.Queue()
    procs = [
        ctx.Process(target=_writer, args=(lake_url, os.environ["PROVNEWS_LAKE_DATA"], str(d), r, q))
        for r, d in zip(runs, dirs, strict=True)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(180)
    results = dict(q.get(timeout=5) for _ in procs)
    assert results == {R1: 40, R2: 40, R3: 40}, results
    with session(lake_url, read_only=True) as con:
        n, distinct = con.execute(
            "SELECT count(*), count(DISTINCT article_id) FROM articles"
        ).fetchone()
        assert n == distinct == 120
        assert con.execute("SELECT count(*) FROM crawl_runs").fetchone()[0] == 3
        assert con.execute("SELECT count(*) FROM load_log").fetchone()[0] == 3
        assert con.execute("SELECT count(*) FROM sites").fetchone()[0] == 2
        assert con.execute("SELECT count(*) FROM provinces").fetchone()[0] == 34


def test_search_export_and_health_read_both_backends_alike(
    lake_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from warehouse import query
    from warehouse.backends import DuckDBFile, DuckLake
    from warehouse.export import export_parquet
    from warehouse.health import run_health

    runs = _runs(tmp_path)
    lake = DuckLake(lake_url)
    assert lake.exists() is False
    _load_all(tmp_path / "unused.duckdb", runs)
    monkeypatch.delenv("PROVNEWS_WAREHOUSE")
    file = DuckDBFile(tmp_path / "file.duckdb")
    _load_all(file.path, runs)
    assert lake.exists() and file.exists()

    assert query.articles_fingerprint(lake) == query.articles_fingerprint(file)
    for q in ("uy ban da sua", "giao thong"):
        hits = {b.name: query.search(b, q) for b in (lake, file)}
        assert hits["ducklake"] and [h["article_id"] for h in hits["ducklake"]] == [
            h["article_id"] for h in hits["duckdb"]
        ]
    health = {b.name: run_health(b, R2) for b in (lake, file)}
    assert health["ducklake"] == health["duckdb"] and set(health["duckdb"]["sites"]) == {
        "baocantho"
    }
    written = {b.name: export_parquet(b, tmp_path / f"export-{b.name}") for b in (lake, file)}
    assert written["ducklake"] == written["duckdb"] and written["duckdb"]["articles"] == 7
