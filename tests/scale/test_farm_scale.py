"""The night against the site farm: DuckLake backend vs single file, and a sharded
night on three workers (separate processes) vs a one-process night."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.scale.pg import Postgres

pytestmark = pytest.mark.slow

SITES = ["sxd-thanhhoa", "quangninh-portal", "doingoai-laocai"]
CONTENT = (
    "article_id, canonical_url, site_id, title, published_at, author, body, views,"
    " content_hash, version"
)


def _file_articles(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(f"SELECT {CONTENT} FROM articles ORDER BY article_id").fetchall()


def _lake_articles(url: str) -> list[tuple]:
    from warehouse.backends.ducklake import session

    with session(url, read_only=True) as con:
        return con.execute(f"SELECT {CONTENT} FROM articles ORDER BY article_id").fetchall()


def _local_night(data: Path, farm: Any, **env: str) -> tuple[dict[str, Any], Path]:
    from flows.nightly import nightly

    mp = pytest.MonkeyPatch()
    try:
        mp.setenv("PROVNEWS_DATA", str(data))
        mp.delenv("PROVNEWS_DB", raising=False)
        mp.delenv("PROVNEWS_SITES", raising=False)
        mp.delenv("PROVNEWS_WAREHOUSE", raising=False)
        mp.setenv("PROVNEWS_HOST_MAP", farm.host_map)
        mp.setenv("PROVNEWS_DELAY_SCALE", "0")
        for k, v in env.items():
            mp.setenv(k, v)
        state = nightly(sites=SITES, return_state=True)
        assert state.is_completed(), state.message
        return state.result(), data / "provnews.duckdb"
    finally:
        mp.undo()


@pytest.fixture(scope="module")
def file_night(tmp_path_factory: pytest.TempPathFactory, farm: Any) -> list[tuple]:
    _, db = _local_night(tmp_path_factory.mktemp("file") / "data", farm)
    rows = _file_articles(db)
    assert len(rows) > 10
    return rows


def test_nightly_on_ducklake_equals_single_file(
    tmp_path: Path, farm: Any, postgres: Postgres, file_night: list[tuple]
) -> None:
    url = postgres.lake_url(postgres.new_database("night"))
    summary, db = _local_night(
        tmp_path / "data", farm, PROVNEWS_WAREHOUSE=url, PROVNEWS_LAKE_DATA=str(tmp_path / "lake")
    )
    assert not db.exists(), "the DuckLake backend must not write the single file"
    assert summary["status"] == "completed"
    assert _lake_articles(url) == file_night
    assert list((tmp_path / "lake").rglob("*.parquet")), "data files in the lake's storage"
    from warehouse.backends.ducklake import session

    with session(url, read_only=True) as con:
        runs = con.execute("SELECT count(*), any_value(status) FROM crawl_runs").fetchone()
        assert runs == (1, "completed")
        per_site = con.execute("SELECT count(*) FROM v_site_runs").fetchone()[0]
        assert per_site == len(SITES)


def test_three_workers_crawl_every_site_once(
    tmp_path: Path, farm: Any, file_night: list[tuple]
) -> None:
    from flows.shard_harness import crawl_site_runs, run_night, shard_stack, workers

    data = tmp_path / "data"
    storage = tmp_path / "storage" / "raw"
    env = {
        "PROVNEWS_DATA": str(data),
        "PROVNEWS_RAW_URL": storage.as_uri(),  # file://… through fsspec, not the raw zone
        "PROVNEWS_HOST_MAP": farm.host_map,
        "PROVNEWS_DELAY_SCALE": "0",
        "PROVNEWS_RETRY_DELAY": "1",
    }
    for s in SITES:
        farm.faults.set(s, latency=0.2)
    try:
        with shard_stack(tmp_path / "prefect", env) as stack, workers(stack, 3) as names:
            summary = run_night(stack, SITES, env)
            runs = crawl_site_runs(stack, summary["run_id"])
    finally:
        for s in SITES:
            farm.faults.clear(s)
    assert summary["status"] == "completed", summary
    per_site = Counter(fr["parameters"]["site_id"] for fr in runs)
    assert per_site == Counter({s: 1 for s in SITES}), per_site
    assert {fr["state"]["type"] for fr in runs} == {"COMPLETED"}
    # raw files went through the storage location, one crawl record per site
    records = [
        json.loads(p.read_text()) for p in (storage / summary["run_id"] / "_crawls").glob("*")
    ]
    assert sorted(r["site_id"] for r in records) == sorted(SITES)
    assert {p.name for p in (storage / summary["run_id"]).glob("*.jsonl.gz")} == {
        f"{s}.jsonl.gz" for s in SITES
    }
    assert len({r["pid"] for r in records}) >= 2, f"one process did it all: {records}"
    assert len(names) == 3
    assert _file_articles(data / "provnews.duckdb") == file_night
