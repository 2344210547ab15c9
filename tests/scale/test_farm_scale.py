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
    from tests.support.shard_harness import crawl_site_runs, run_night, shard_stack, workers

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


def _raw_records(path: Path) -> list[dict[str, Any]]:
    import gzip

    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def test_second_night_on_another_worker_is_incremental(tmp_path: Path, farm: Any) -> None:
    """Crawl state on the shared storage: night 1 on machine A, night 2 on machine B
    (own PROVNEWS_DATA each, nothing shared but the storage URL): B's crawl is
    incremental, and the state becomes current only with the night's load."""
    from tests.support.shard_harness import run_night, shard_stack, workers

    site = SITES[0]
    storage = tmp_path / "storage"
    env = {
        "PROVNEWS_DATA": str(tmp_path / "night"),
        "PROVNEWS_RAW_URL": (storage / "raw").as_uri(),  # state: storage/state beside it
        "PROVNEWS_HOST_MAP": farm.host_map,
        "PROVNEWS_DELAY_SCALE": "0",
        "PROVNEWS_RETRY_DELAY": "1",
    }
    state = storage / "state" / f"{site}.json"
    with shard_stack(tmp_path / "prefect", env) as stack:
        with workers(stack, 1, tag="a", env={"PROVNEWS_DATA": str(tmp_path / "a")}):
            first = run_night(stack, [site], env)
        assert first["status"] == "completed", first
        assert json.loads(state.read_text())["run_id"] == first["run_id"]
        with workers(stack, 1, tag="b", env={"PROVNEWS_DATA": str(tmp_path / "b")}):
            second = run_night(stack, [site], env)
    assert second["status"] == "completed", second
    # each machine crawled one night; neither kept a state of its own
    assert (tmp_path / "a" / "raw" / first["run_id"] / f"{site}.jsonl.gz").exists()
    assert (tmp_path / "b" / "raw" / second["run_id"] / f"{site}.jsonl.gz").exists()
    assert not (tmp_path / "b" / "raw" / first["run_id"]).exists()
    for d in ("a", "b", "night"):
        assert not list((tmp_path / d).glob("state/*.json")), d
    # night 2 on B skipped the articles night 1 (on A) fetched
    recs1 = _raw_records(tmp_path / "night" / "raw" / first["run_id"] / f"{site}.jsonl.gz")
    recs2 = _raw_records(tmp_path / "night" / "raw" / second["run_id"] / f"{site}.jsonl.gz")
    fetched1 = [r for r in recs1 if r["page_type"] == "article" and r["status"] == 200]
    fetched2 = [  # the revalidation turn of recent known articles apart
        r
        for r in recs2
        if r["page_type"] == "article" and r["status"] == 200 and r["via"] != "revalidation"
    ]
    unchanged = [r for r in recs2 if (r["error"] or "").startswith("skipped: unchanged since")]
    not_modified = [r for r in recs2 if r["status"] == 304]
    assert fetched1 and fetched2 == [], (len(fetched1), len(fetched2))
    assert unchanged or not_modified
    assert {r["previous_run_id"] for r in unchanged} <= {first["run_id"]}
    assert json.loads(state.read_text())["run_id"] == second["run_id"]
    assert not list((storage / "state" / "pending").glob("*/*")), "pending state promoted"
