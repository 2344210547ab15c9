"""Shard storage on ``s3://``: raw files and crawl state through s3fs against moto's S3
server, started here on 127.0.0.1 (a free port). Dummy credentials, the endpoint from
``AWS_ENDPOINT_URL`` as on a real deployment (MinIO, Ceph, …): nothing leaves loopback.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.scale.test_shard_state import raw_roundtrip, roundtrip

pytest.importorskip("s3fs")
moto_server = pytest.importorskip("moto.server")


@pytest.fixture
def s3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for k, v in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_EC2_METADATA_DISABLED": "true",
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    }.items():
        monkeypatch.setenv(k, v)
    for k in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "HTTP_PROXY",
              "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):  # fmt: skip
        monkeypatch.delenv(k, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        assert host == "127.0.0.1"
        monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)
        import fsspec
        import s3fs

        s3fs.S3FileSystem.clear_instance_cache()  # none made before the endpoint was set
        fs = fsspec.filesystem("s3", skip_instance_cache=True)
        fs.mkdir("provnews-test")
        yield endpoint
    finally:
        import s3fs

        s3fs.S3FileSystem.clear_instance_cache()
        server.stop()


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROVNEWS_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("PROVNEWS_STATE_URL", raising=False)
    return tmp_path / "data"


def test_raw_files_and_state_through_s3(
    s3: str, data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows import shard_storage as shard

    monkeypatch.setenv("PROVNEWS_RAW_URL", "s3://provnews-test/provnews/raw")
    assert shard.state_url() == "s3://provnews-test/provnews/state"
    assert shard.shard_state_url() == "s3://provnews-test/provnews/state"
    fs_used, _ = shard._fs("s3://provnews-test/provnews/raw")
    fs_used.ls("provnews-test")  # connects
    assert fs_used.s3.meta.endpoint_url == s3, "the loopback server, nothing else"
    raw_roundtrip(data)
    roundtrip(shard.state_url(), tmp_path)

    import fsspec

    fs = fsspec.filesystem("s3", skip_instance_cache=True)
    keys = sorted(fs.find("provnews-test/provnews"))
    run = "provnews-test/provnews/raw/20260101T000000Z"
    assert keys == [
        f"{run}/_crawls/site-a.json",
        f"{run}/_crawls/site-b.json",
        f"{run}/site-a.attempt1.jsonl.gz",
        f"{run}/site-a.jsonl.gz",
        f"{run}/site-b.jsonl.gz",
        "provnews-test/provnews/state/site-a.json",
    ], keys


@pytest.mark.slow
def test_sharded_night_through_s3(s3: str, tmp_path: Path, farm: object) -> None:
    """Two workers (separate processes, own PROVNEWS_DATA) and the night share nothing
    but the bucket: raw files and state go through S3 (moto on loopback)."""
    import os

    import fsspec

    from tests.support.shard_harness import run_night, shard_stack, workers

    sites = ["sxd-thanhhoa", "quangninh-portal"]
    aws = {k: v for k, v in os.environ.items() if k.startswith("AWS_")}
    env = {
        **aws,
        "NO_PROXY": "127.0.0.1,localhost",
        "PROVNEWS_DATA": str(tmp_path / "night"),
        "PROVNEWS_RAW_URL": "s3://provnews-test/provnews/raw",
        "PROVNEWS_HOST_MAP": farm.host_map,  # type: ignore[attr-defined]
        "PROVNEWS_DELAY_SCALE": "0",
        "PROVNEWS_RETRY_DELAY": "1",
    }
    with shard_stack(tmp_path / "prefect", env) as stack:
        with workers(stack, 2, env={"PROVNEWS_DATA": str(tmp_path / "worker")}):
            summary = run_night(stack, sites, env)
    assert summary["status"] == "completed", summary
    assert summary["failed_sites"] == []
    run = summary["run_id"]
    fs = fsspec.filesystem("s3", skip_instance_cache=True)
    keys = set(fs.find("provnews-test/provnews"))
    for s in sites:
        assert f"provnews-test/provnews/raw/{run}/{s}.jsonl.gz" in keys
        assert f"provnews-test/provnews/raw/{run}/_crawls/{s}.json" in keys
        assert f"provnews-test/provnews/state/{s}.json" in keys  # promoted after the load
        assert (tmp_path / "night" / "raw" / run / f"{s}.jsonl.gz").exists()
    assert not [k for k in keys if "/state/pending/" in k]
    assert not list((tmp_path / "worker").glob("state/*.json"))
    assert all(row["new"] > 0 for row in summary["sites"].values()), summary["sites"]
