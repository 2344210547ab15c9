"""Shard mode's shared storage: where raw files and crawl state live, and the moves that
publish, fetch and promote them (any fsspec URL: a path, ``file://``, ``s3://``).

Kept apart from flows/shard.py, which drives the crawl-site runs through Prefect, so
that `provnews load` and the load step read and promote state without importing Prefect
(~1.5 s of start-up).
"""

from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path
from typing import Any

import fsspec

from provnews.settings import settings


def shard_enabled(shard: bool | None = None) -> bool:
    if shard is not None:
        return bool(shard)
    return settings().crawl_mode == "shard"


def raw_url() -> str:
    cfg = settings()
    return cfg.raw_url or str(cfg.raw_root)


def state_url() -> str:
    """Shared crawl state: ``PROVNEWS_STATE_URL``, else ``state`` beside the raw storage."""
    explicit = settings().state_url
    if explicit:
        return explicit
    base = raw_url().rstrip("/")
    parent, sep, _ = base.rpartition("/")
    if not sep or not parent or parent.endswith(":/") or parent.endswith(":"):
        return f"{base}/_state"  # raw files at a bucket's (or file system's) root
    return f"{parent}/state"


def _fs(url: str) -> tuple[Any, str]:
    """The file system of ``url`` and its path there. Listings are never answered from
    an earlier listing (s3fs caches them per instance): other machines write here."""
    fs, root = fsspec.core.url_to_fs(url)
    fs.invalidate_cache()
    return fs, root.rstrip("/")


def _same_local(url: str, path: Path) -> bool:
    fs, root = _fs(url)
    protocol = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
    return protocol in ("file", "local") and Path(root).resolve() == path.resolve()


def publish_raw(site_id: str, run_id: str, result: dict[str, Any]) -> list[str]:
    """Copy the site's raw file(s) of the run and its result record to storage."""
    local = settings().raw_root / run_id
    url = raw_url()
    record = {
        **result,
        "site_id": site_id,
        "run_id": run_id,
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "finished_at": time.time(),
    }
    fs, root = _fs(url)
    fs.makedirs(f"{root}/{run_id}/_crawls", exist_ok=True)
    copied = []
    if not _same_local(url, settings().raw_root):
        for p in sorted(local.glob(f"{site_id}.*jsonl.gz")):
            if p.name == f"{site_id}.jsonl.gz" or p.name.startswith(f"{site_id}.attempt"):
                fs.put_file(str(p), f"{root}/{run_id}/{p.name}")
                copied.append(p.name)
    with fs.open(f"{root}/{run_id}/_crawls/{site_id}.json", "w") as fh:
        fh.write(json.dumps(record, default=str))
    return copied


def fetch_raw(run_id: str, site_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Copy the sites' raw files of the run from storage to the local raw zone;
    their result records (a site without one is missing from the answer)."""
    local = settings().raw_root / run_id
    local.mkdir(parents=True, exist_ok=True)
    url = raw_url()
    fs, root = _fs(url)
    same = _same_local(url, settings().raw_root)
    records: dict[str, dict[str, Any]] = {}
    for site_id in site_ids:
        rec_path = f"{root}/{run_id}/_crawls/{site_id}.json"
        try:
            with fs.open(rec_path, "r") as fh:
                records[site_id] = json.loads(fh.read())
        except FileNotFoundError:
            pass
        if same:
            continue
        for path in fs.glob(f"{root}/{run_id}/{site_id}.*jsonl.gz"):
            name = path.rsplit("/", 1)[-1]
            if name == f"{site_id}.jsonl.gz" or name.startswith(f"{site_id}.attempt"):
                fs.get_file(path, str(local / name))
    return records


def pull_state(url: str, site_id: str, local_dir: Path) -> bool:
    """Copy ``<url>/<site_id>.json`` (the site's current state) into ``local_dir``."""
    fs, root = _fs(url)
    local_dir.mkdir(parents=True, exist_ok=True)
    try:
        fs.get_file(f"{root}/{site_id}.json", str(local_dir / f"{site_id}.json"))
    except FileNotFoundError:
        return False
    return True


def push_pending_state(url: str, run_id: str, site_id: str, local_pending: Path) -> bool:
    """Copy the crawl's new state to ``<url>/pending/<run_id>/<site_id>.json``."""
    path = local_pending / f"{site_id}.json"
    if not path.exists():  # crawl did not finish normally: no new state
        return False
    fs, root = _fs(url)
    fs.makedirs(f"{root}/pending/{run_id}", exist_ok=True)
    fs.put_file(str(path), f"{root}/pending/{run_id}/{site_id}.json")
    return True


def promote_state_url(url: str, run_id: str) -> list[str]:
    """Make a loaded run's pending state current on the storage; returns the sites.

    Per site one move (a rename on a file system, a copy of one object on S3): a
    reader sees the old state or the new one, never a part.
    """
    fs, root = _fs(url)
    pending = f"{root}/pending/{run_id}"
    promoted = []
    for path in sorted(fs.glob(f"{pending}/*.json")):
        name = path.rsplit("/", 1)[-1]
        fs.mv(path, f"{root}/{name}")
        promoted.append(name.removesuffix(".json"))
    try:
        fs.rm(pending, recursive=True)
    except FileNotFoundError:
        pass
    return promoted


def shard_state_url() -> str | None:
    """The shard mode's state storage, or None when it is the local state folder."""
    url = state_url()
    return None if _same_local(url, settings().state_dir) else url
