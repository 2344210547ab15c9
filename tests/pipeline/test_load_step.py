"""`provnews load` and the nightly flow's load task run one step (flows/load.py): the
same warehouse rows and the same crawl state promoted, shard state included."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tests.warehouse.conftest import R1, R2, article, dump_all, fetch_rows, write_clean

SITES = ["baocantho", "baolaocai"]  # registry ids: the load reads the real registry


def _runs() -> dict[str, list[dict]]:
    a1 = [article(n, R1, site_id=SITES[n % 2]) for n in range(1, 7)]
    # R2: article 2 edited (a new version), 3 seen again, 8 new
    a2 = [article(2, R2, body="Nội dung đã sửa."), article(3, R2, site_id=SITES[1]), article(8, R2)]
    return {R1: a1, R2: a2}


def _data_folder(root: Path, runs: dict[str, list[dict]]) -> tuple[Path, Path]:
    """A data folder with each run crawled (raw files, pending crawl state, locally and
    on the shard storage) and cleaned; returns (data folder, shard state folder)."""
    data, shared = root / "data", root / "shared-state"
    for run_id, arts in runs.items():
        write_clean(data, run_id, arts, fetch_rows(arts, run_id))
        raw = data / "raw" / run_id
        raw.mkdir(parents=True)
        for site in SITES:
            (raw / f"{site}.jsonl.gz").write_bytes(gzip.compress(b""))
            for pending in (data / "state" / "pending" / run_id, shared / "pending" / run_id):
                pending.mkdir(parents=True, exist_ok=True)
                (pending / f"{site}.json").write_text(json.dumps({"run": run_id}))
        (raw / "baocantho.attempt1.jsonl.gz").write_bytes(gzip.compress(b""))  # set aside
    return data, shared


def _use(data: Path, shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROVNEWS_DATA", str(data))
    monkeypatch.setenv("PROVNEWS_CRAWL_MODE", "shard")
    monkeypatch.setenv("PROVNEWS_STATE_URL", str(shared))
    for name in ("PROVNEWS_DB", "PROVNEWS_WAREHOUSE", "PROVNEWS_SITES", "PROVNEWS_RAW_URL"):
        monkeypatch.delenv(name, raising=False)


def _rows(data: Path) -> dict[str, list[str]]:
    """Every table; the search index's bookkeeping without its clock (load_log, all
    clock and timings, is compared by its size)."""
    import duckdb

    rows = dump_all(data / "provnews.duckdb")
    with duckdb.connect(str(data / "provnews.duckdb"), read_only=True) as con:
        sql = "SELECT * EXCLUDE (built_at) FROM search_index_state ORDER BY part"
        rows["search_index_state"] = [repr(r) for r in con.execute(sql).fetchall()]
    return rows


def _state(data: Path, shared: Path) -> dict[str, object]:
    return {
        "local": sorted(p.name for p in (data / "state").glob("*.json")),
        "shared": sorted(p.name for p in shared.glob("*.json")),
        "pending": sorted(
            str(p) for p in (*data.glob("state/pending/*"), *shared.glob("pending/*"))
        ),
        "content": json.loads((shared / "baolaocai.json").read_text()),
    }


def test_cli_load_and_the_flow_load_task_give_the_same_warehouse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.cli import main
    from flows.load import crawled_sites, offline_run
    from flows.nightly import load
    from flows.shard_storage import shard_state_url

    runs = _runs()
    cli_data, cli_shared = _data_folder(tmp_path / "cli", runs)
    flow_data, flow_shared = _data_folder(tmp_path / "flow", runs)

    _use(cli_data, cli_shared, monkeypatch)
    for run_id in runs:
        assert main(["load", "--run-id", run_id]) == 0
    _use(flow_data, flow_shared, monkeypatch)
    results = [
        load.fn(run_id, offline_run(run_id), crawled_sites(run_id), shard_state_url())
        for run_id in runs
    ]

    assert results[-1].db_path == flow_data / "provnews.duckdb"
    assert [r.totals["new"] for r in results] == [6, 1]
    cli_rows, flow_rows = _rows(cli_data), _rows(flow_data)
    assert len(cli_rows.pop("load_log")) == len(flow_rows.pop("load_log")) == 2
    assert cli_rows == flow_rows
    assert len(flow_rows["articles"]) == 7 and len(flow_rows["article_versions"]) == 8
    # both promoted the crawl state, in the data folder and on the shard storage
    state = _state(flow_data, flow_shared)
    assert state == {
        "local": [f"{s}.json" for s in SITES],
        "shared": [f"{s}.json" for s in SITES],
        "pending": [],
        "content": {"run": R2},
    }
    assert _state(cli_data, cli_shared) == state


def test_cli_load_refuses_a_run_with_a_site_the_registry_lacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from flows.cli import main

    data, shared = _data_folder(tmp_path, {R1: _runs()[R1]})
    (data / "raw" / R1 / "gone-site.jsonl.gz").write_bytes(gzip.compress(b""))
    _use(data, shared, monkeypatch)
    assert main(["load", "--run-id", R1]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["provnews: unknown site id(s): gone-site (see `provnews sites list`)"]
    assert not (data / "provnews.duckdb").exists()
    assert (data / "state" / "pending" / R1 / "baocantho.json").exists()  # not promoted


@pytest.mark.parametrize("command", ["load", "publish"])
def test_a_warehouse_setting_naming_no_backend_is_one_line_and_exit_2(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from flows.cli import main

    data, shared = _data_folder(tmp_path, {R1: _runs()[R1]})
    _use(data, shared, monkeypatch)
    monkeypatch.setenv("PROVNEWS_WAREHOUSE", "sqlite:/tmp/x.db")
    assert main([command, "--run-id", R1] if command == "load" else [command]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("provnews: PROVNEWS_WAREHOUSE='sqlite:/tmp/x.db'")
    assert not (data / "provnews.duckdb").exists() and not (data / "export").exists()
    assert (data / "state" / "pending" / R1 / "baocantho.json").exists()  # not promoted


def test_publish_from_an_unreachable_lake_is_one_line_and_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from flows.cli import main

    data, shared = _data_folder(tmp_path, {})
    _use(data, shared, monkeypatch)
    lake = "ducklake:postgresql://provnews@127.0.0.1:1/provnews"  # nothing listens on port 1
    monkeypatch.setenv("PROVNEWS_WAREHOUSE", lake)
    assert main(["publish"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"provnews: cannot attach DuckLake {lake}:")
    assert not (data / "export").exists()
