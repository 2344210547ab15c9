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
- While it waits, the nightly flow copies each finished site's raw files to its own
  ``$PROVNEWS_DATA/raw/<run_id>/`` (nothing to copy when that is the storage), then
  cleans and loads as in local mode.
- Crawl state (incremental crawling) lives on shared storage too:
  ``PROVNEWS_STATE_URL``, default the folder ``state`` beside ``PROVNEWS_RAW_URL``
  (``s3://b/provnews/raw`` -> ``s3://b/provnews/state``; the default raw zone
  ``$PROVNEWS_DATA/raw`` -> ``$PROVNEWS_DATA/state``, i.e. local mode's folder). A
  crawl-site run copies ``<state>/<site_id>.json`` to a scratch folder of the worker,
  crawls, and writes the new state to ``<state>/pending/<run_id>/<site_id>.json``; the
  nightly flow promotes the run's pending files only after its load succeeded (as in
  local mode), so a site crawled by another worker next night still runs incrementally.
"""

from __future__ import annotations

import json
import os
import socket
import tempfile
import time
from pathlib import Path
from typing import Any

import fsspec
from prefect import flow, get_run_logger

from flows.health import NIGHT_TIMEOUT_S
from provnews.settings import settings

DEPLOYMENT = "crawl-site/crawl-site"
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}
POLL_S = 1.0  # how often the night asks the server which crawl-site runs ended


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


@flow(
    name="crawl-site",
    flow_run_name="crawl-{site_id}-{run_id}",
    log_prints=True,
    timeout_seconds=NIGHT_TIMEOUT_S,
)
def crawl_site_flow(
    site_id: str, run_id: str, since: str | None = None, full: bool = False
) -> dict[str, Any]:
    """Crawl one site for ``run_id`` (holding ``site:<id>``) and publish its raw file."""
    from prefect.concurrency.sync import concurrency

    from flows.health import crawl_retry_settings
    from flows.nightly import crawl_site

    retries, delays = crawl_retry_settings()
    ensure_site_limit(site_id)
    crawl = crawl_site.with_options(retries=retries, retry_delay_seconds=delays or 0)
    shared = shard_state_url()
    with concurrency(site_lock(site_id), occupy=1, strict=True, lease_duration=600):
        if shared is None:  # the local state folder (one machine, or a shared mount)
            state = crawl(site_id, run_id, since, full, return_state=True)
        else:  # a scratch copy for the spider, which reads and writes local files
            with tempfile.TemporaryDirectory(prefix=f"provnews-state-{site_id}-") as tmp:
                scratch = Path(tmp)
                pull_state(shared, site_id, scratch)
                state = crawl(
                    site_id, run_id, since, full,
                    state_dir=str(scratch), state_out=str(scratch / "pending"),
                    return_state=True,
                )  # fmt: skip
                push_pending_state(shared, run_id, site_id, scratch / "pending")
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
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
    from prefect.deployments import run_deployment

    logger = get_run_logger()
    wait_s = settings().shard_wait_s
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
    records: dict[str, dict[str, Any]] = {}
    site_of = {fid: s for s, fid in runs.items()}
    with get_client(sync_client=True) as client:
        while len(states) < len(runs) and time.monotonic() < deadline:
            # One query for every run still open (not one per site), then copy the raw
            # files of the runs that just ended while the others still crawl.
            open_ids = [fid for s, fid in runs.items() if s not in states]
            done = []
            for i in range(0, len(open_ids), 200):  # the server's default page limit
                for fr in client.read_flow_runs(
                    flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=open_ids[i : i + 200])),
                    limit=200,
                ):
                    if fr.state is not None and fr.state.type.value in TERMINAL:
                        states[site_of[fr.id]] = fr.state
                        done.append(site_of[fr.id])
            if done:
                records.update(fetch_raw(run_id, done))
            if len(states) < len(runs):
                time.sleep(POLL_S)
    missing = [s for s in site_ids if s not in records]
    if missing:  # not finished in time, or crashed before its record: take what is there
        records.update(fetch_raw(run_id, missing))
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
