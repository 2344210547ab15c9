"""Site-sharded crawling: one ``crawl-site`` flow run per site, picked up by any
worker of the work pool, raw files written to shared storage.

Selected with ``nightly(shard=True)`` or ``PROVNEWS_CRAWL_MODE=shard`` (default:
``local``, the crawl tasks inside the nightly flow run's own process). Needs a
Prefect server and the ``crawl-site`` deployment (``prefect.yaml``).

- The nightly flow creates one run of the ``crawl-site/crawl-site`` deployment per
  site (``run_deployment``, idempotency key ``<run_id>:<site_id>``: a retried night
  never starts a second crawl of the same site in the same run), then waits for them.
- Each ``crawl-site`` run holds the global concurrency limit ``site:<site_id>``
  (limit 1, created on first use): one worker crawls a site at a time, across
  nights, backfills and machines. It runs the nightly ``crawl_site`` task (retries,
  timeout, subprocess), then copies the raw file(s) to
  ``$PROVNEWS_RAW_URL/<run_id>/`` and a small result record to
  ``$PROVNEWS_RAW_URL/<run_id>/_crawls/<site_id>.json``.
- ``PROVNEWS_RAW_URL``: a local path, ``file://…`` or ``s3://bucket/raw`` (any
  fsspec URL; s3 needs the ``s3fs`` package). Default: ``$PROVNEWS_DATA/raw``.
- The nightly flow then copies the run's raw files to its own
  ``$PROVNEWS_DATA/raw/<run_id>/`` (nothing to copy when that is the storage) and
  cleans and loads as in local mode.

Crawl state (incremental crawling) stays in ``$PROVNEWS_DATA/state`` of the worker:
on one machine every worker shares it; across machines ``PROVNEWS_DATA`` must be on a
shared file system (or accept full crawls) -- see docs/scaling.md.
"""

from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path
from typing import Any

import fsspec
from prefect import flow, get_run_logger

from flows.config import settings

DEPLOYMENT = "crawl-site/crawl-site"
MODE_ENV = "PROVNEWS_CRAWL_MODE"
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def shard_enabled(shard: bool | None = None) -> bool:
    if shard is not None:
        return bool(shard)
    mode = os.environ.get(MODE_ENV, "local").strip().lower()
    if mode not in ("local", "shard"):
        from flows.config import ConfigError

        raise ConfigError(f"{MODE_ENV}={mode!r}: expected local or shard")
    return mode == "shard"


def raw_url() -> str:
    return os.environ.get("PROVNEWS_RAW_URL") or str(settings().raw_root)


def _fs(url: str) -> tuple[Any, str]:
    fs, root = fsspec.core.url_to_fs(url)
    return fs, root.rstrip("/")


def _same_local(url: str, path: Path) -> bool:
    fs, root = _fs(url)
    protocol = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
    return protocol in ("file", "local") and Path(root).resolve() == path.resolve()


def site_lock(site_id: str) -> str:
    return f"site:{site_id}"


def ensure_site_limit(site_id: str) -> None:
    """Create the global concurrency limit ``site:<id>`` (1 slot) if it is missing."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            client.read_global_concurrency_limit_by_name(site_lock(site_id))
            return
        except ObjectNotFound:
            pass
        try:
            client.create_global_concurrency_limit(
                GlobalConcurrencyLimitCreate(name=site_lock(site_id), limit=1)
            )
        except ObjectAlreadyExists:
            pass


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
    """Copy the run's raw files from storage to the local raw zone; result records."""
    local = settings().raw_root / run_id
    local.mkdir(parents=True, exist_ok=True)
    url = raw_url()
    fs, root = _fs(url)
    same = _same_local(url, settings().raw_root)
    records: dict[str, dict[str, Any]] = {}
    for site_id in site_ids:
        rec_path = f"{root}/{run_id}/_crawls/{site_id}.json"
        if fs.exists(rec_path):
            with fs.open(rec_path, "r") as fh:
                records[site_id] = json.loads(fh.read())
        if same:
            continue
        for path in fs.glob(f"{root}/{run_id}/{site_id}.*jsonl.gz"):
            name = path.rsplit("/", 1)[-1]
            if name == f"{site_id}.jsonl.gz" or name.startswith(f"{site_id}.attempt"):
                fs.get_file(path, str(local / name))
    return records


@flow(name="crawl-site", flow_run_name="crawl-{site_id}-{run_id}", log_prints=True)
def crawl_site_flow(
    site_id: str, run_id: str, since: str | None = None, full: bool = False
) -> dict[str, Any]:
    """Crawl one site for ``run_id`` (holding ``site:<id>``) and publish its raw file."""
    from prefect.concurrency.sync import concurrency

    from flows.health import ops_settings
    from flows.nightly import crawl_site

    ops = ops_settings()
    ensure_site_limit(site_id)
    crawl = crawl_site.with_options(
        retries=ops.crawl_retries, retry_delay_seconds=ops.retry_delays() or 0
    )
    with concurrency(site_lock(site_id), occupy=1, strict=True, lease_duration=600):
        state = crawl(site_id, run_id, since, full, return_state=True)
    if state.is_completed():
        result = state.result()
    else:
        result = {"exit_code": -1, "duration_s": None, "error": str(state.message)}
    publish_raw(site_id, run_id, result)
    if result.get("exit_code") != 0:
        raise RuntimeError(f"site={site_id} stage=crawl: {result.get('error') or 'failed'}")
    return result


def crawl_sharded(
    site_ids: list[str], run_id: str, since: str | None, full: bool
) -> dict[str, dict[str, Any]]:
    """One ``crawl-site`` deployment run per site; wait; fetch raw files and results.

    Returns ``{site_id: {"exit_code", "duration_s", …}}`` like the local crawl.
    """
    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment

    logger = get_run_logger()
    wait_s = float(os.environ.get("PROVNEWS_SHARD_WAIT", str(12 * 3600)))
    runs: dict[str, Any] = {}
    for s in site_ids:
        fr = run_deployment(
            DEPLOYMENT,
            parameters={"site_id": s, "run_id": run_id, "since": since, "full": full},
            timeout=0,
            idempotency_key=f"{run_id}:{s}",
            tags=[site_lock(s)],
            as_subflow=True,
        )
        runs[s] = fr.id
    logger.info("run %s: %d crawl-site runs queued for the pool", run_id, len(runs))
    deadline = time.monotonic() + wait_s
    states: dict[str, Any] = {}
    with get_client(sync_client=True) as client:
        while len(states) < len(runs) and time.monotonic() < deadline:
            for s, fid in runs.items():
                if s in states:
                    continue
                fr = client.read_flow_run(fid)
                if fr.state is not None and fr.state.type.value in TERMINAL:
                    states[s] = fr.state
            if len(states) < len(runs):
                time.sleep(1.0)
    records = fetch_raw(run_id, site_ids)
    crawls: dict[str, dict[str, Any]] = {}
    for s in site_ids:
        rec = records.get(s)
        state = states.get(s)
        if rec is not None:
            crawls[s] = rec
        else:
            msg = state.message if state is not None else f"not finished after {wait_s:.0f}s"
            crawls[s] = {"exit_code": -1, "duration_s": None, "error": str(msg)}
    return crawls
