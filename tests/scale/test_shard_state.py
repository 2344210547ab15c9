"""Shard mode's storage helpers (fast, no Prefect server): where the crawl state lives,
and that a run's state becomes current only when the night promotes it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows import shard_storage as shard


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROVNEWS_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("PROVNEWS_RAW_URL", raising=False)
    monkeypatch.delenv("PROVNEWS_STATE_URL", raising=False)
    return tmp_path / "data"


@pytest.mark.parametrize(
    ("raw", "state"),
    [
        ("s3://bucket/provnews/raw", "s3://bucket/provnews/state"),
        ("s3://bucket/raw/", "s3://bucket/state"),
        ("s3://bucket", "s3://bucket/_state"),
        ("file:///mnt/provnews/raw", "file:///mnt/provnews/state"),
        ("/mnt/provnews/raw", "/mnt/provnews/state"),
    ],
)
def test_state_lives_beside_the_raw_storage(
    data: Path, monkeypatch: pytest.MonkeyPatch, raw: str, state: str
) -> None:
    monkeypatch.setenv("PROVNEWS_RAW_URL", raw)
    assert shard.state_url() == state
    monkeypatch.setenv("PROVNEWS_STATE_URL", "s3://other/state")
    assert shard.state_url() == "s3://other/state"


def test_default_storage_keeps_the_local_state_folder(data: Path) -> None:
    # raw files in the raw zone -> state in $PROVNEWS_DATA/state, exactly as local mode
    assert Path(shard.state_url()) == data / "state"
    assert shard.shard_state_url() is None


def _state(site: str, run_id: str) -> str:
    return json.dumps({"version": 1, "site_id": site, "run_id": run_id, "articles": {}})


def roundtrip(url: str, tmp: Path) -> None:
    """Pending state stays pending until promoted; promotion replaces the current one."""
    site = "site-a"
    scratch = tmp / "scratch"
    assert shard.pull_state(url, site, scratch) is False  # a site never crawled
    assert not (scratch / f"{site}.json").exists()

    (scratch / "pending").mkdir(parents=True)
    (scratch / "pending" / f"{site}.json").write_text(_state(site, "r1"))
    assert shard.push_pending_state(url, "r1", site, scratch / "pending")
    assert shard.push_pending_state(url, "r1", "site-b", scratch / "pending") is False
    # the night has not loaded r1 yet: the site still has no current state
    assert shard.pull_state(url, site, tmp / "w1") is False
    assert shard.promote_state_url(url, "r1") == [site]
    assert shard.pull_state(url, site, tmp / "w2")
    assert json.loads((tmp / "w2" / f"{site}.json").read_text())["run_id"] == "r1"

    # a second night's state, never promoted (its load failed): r1 stays current
    (scratch / "pending" / f"{site}.json").write_text(_state(site, "r2"))
    shard.push_pending_state(url, "r2", site, scratch / "pending")
    assert shard.pull_state(url, site, tmp / "w3")
    assert json.loads((tmp / "w3" / f"{site}.json").read_text())["run_id"] == "r1"
    assert shard.promote_state_url(url, "r2") == [site]
    shard.pull_state(url, site, tmp / "w4")
    assert json.loads((tmp / "w4" / f"{site}.json").read_text())["run_id"] == "r2"
    assert shard.promote_state_url(url, "r2") == []  # nothing left pending


def test_state_roundtrip_through_a_file_url(data: Path, tmp_path: Path) -> None:
    url = (tmp_path / "storage" / "state").as_uri()
    roundtrip(url, tmp_path)
    store = tmp_path / "storage" / "state"
    assert sorted(p.name for p in store.iterdir()) == ["pending", "site-a.json"]
    assert list((store / "pending").iterdir()) == []


def raw_roundtrip(data: Path) -> None:
    """A worker publishes a site's raw file + record; the night fetches them."""
    run_id = "20260101T000000Z"
    raw = data / "raw" / run_id
    raw.mkdir(parents=True)
    (raw / "site-a.jsonl.gz").write_bytes(b"raw-a")
    (raw / "site-a.attempt1.jsonl.gz").write_bytes(b"raw-a1")
    (raw / "site-ab.jsonl.gz").write_bytes(b"not site-a's")
    copied = shard.publish_raw("site-a", run_id, {"exit_code": 0, "duration_s": 1.0})
    assert sorted(copied) == ["site-a.attempt1.jsonl.gz", "site-a.jsonl.gz"]
    for p in raw.iterdir():
        p.unlink()
    records = shard.fetch_raw(run_id, ["site-a", "site-b"])
    assert set(records) == {"site-a"} and records["site-a"]["exit_code"] == 0
    assert sorted(p.name for p in raw.iterdir()) == ["site-a.attempt1.jsonl.gz", "site-a.jsonl.gz"]
    assert (raw / "site-a.jsonl.gz").read_bytes() == b"raw-a"
    # a site that finishes later in the night is seen (no stale listing of the run)
    (raw / "site-b.jsonl.gz").write_bytes(b"raw-b")
    shard.publish_raw("site-b", run_id, {"exit_code": 0, "duration_s": 2.0})
    (raw / "site-b.jsonl.gz").unlink()
    assert set(shard.fetch_raw(run_id, ["site-b"])) == {"site-b"}
    assert (raw / "site-b.jsonl.gz").read_bytes() == b"raw-b"


def test_raw_files_through_a_file_url(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROVNEWS_RAW_URL", (tmp_path / "storage" / "raw").as_uri())
    raw_roundtrip(data)
