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

import tempfile
import time
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger

from flows.health import NIGHT_TIMEOUT_S
from flows.shard_storage import (
    fetch_raw,
    publish_raw,
    pull_state,
    push_pending_state,
    shard_state_url,
)
from provnews.settings import settings

DEPLOYMENT = "crawl-site/crawl-site"
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}
POLL_S = 1.0  # how often the night asks the server which crawl-site runs ended


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
