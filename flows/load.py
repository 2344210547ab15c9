"""The load step of a run, as the nightly flow and `provnews load` both run it.

Load the run's clean output into the configured warehouse backend, then make the
run's crawl state current: only once the warehouse holds what a crawl saw may the
next crawl skip it as "unchanged" (a night that dies before the load recrawls it).
The nightly flow's ``load`` task is a thin Prefect wrapper around ``load_clean_run``.
"""

from __future__ import annotations

from typing import Any

from cleaning.registry import load_sites
from flows.crawl import promote_state
from flows.runlog import check_sites
from flows.shard_storage import promote_state_url
from provnews.settings import settings
from warehouse.backends import configured
from warehouse.prepare import LoadResult


def load_clean_run(
    run_id: str, run: dict[str, Any], site_ids: list[str], state_url: str | None = None
) -> LoadResult:
    """Load ``clean/<run_id>`` for ``site_ids`` (registry ids), then promote the run's
    crawl state in the local state folder and, in shard mode, at ``state_url``.

    ``run``: the run metadata (``warehouse.prepare.prepare_load``). Raises
    ``UnknownSite`` naming any site id the registry does not know.
    """
    cfg = settings()
    registry = load_sites()
    check_sites(site_ids, registry)
    backend = configured()
    result = backend.load(cfg.clean_root / run_id, run, [registry[s] for s in site_ids])
    promote_state(cfg.state_dir, run_id)
    if state_url:  # shard mode with state on shared storage
        promote_state_url(state_url, run_id)
    return result


def offline_run(run_id: str) -> dict[str, Any]:
    """The run metadata of a run loaded by hand (`provnews load`): its crawl times and
    per-site exit codes are not known there."""
    return {"run_id": run_id, "started_at": None, "finished_at": None, "status": "completed"}


def crawled_sites(run_id: str) -> list[str]:
    """The sites a run's raw zone holds a crawl of (earlier attempts left aside)."""
    raw_dir = settings().raw_root / run_id
    return sorted(
        p.name.removesuffix(".jsonl.gz")
        for p in raw_dir.glob("*.jsonl.gz")
        if ".attempt" not in p.name
    )
