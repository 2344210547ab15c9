"""The nightly Prefect flow: crawl every site (subprocesses, in parallel), clean, load.

Flows orchestrate only: parsing lives in cleaning/, SQL in warehouse/, crawling in
spiders/ (started as subprocesses by flows/crawl.py).
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.futures import wait
from prefect.task_runners import ThreadPoolTaskRunner

from cleaning.registry import load_sites
from cleaning.stage import clean_run
from flows.config import new_run_id, settings
from flows.crawl import run_crawl
from flows.report import summary_markdown
from warehouse.loader import load_run

FAIL_RATIO = float(os.environ.get("PROVNEWS_FAIL_RATIO", "0.5"))


class SiteCrawlFailed(RuntimeError):
    pass


@task(task_run_name="crawl-{site_id}", retries=1, retry_delay_seconds=5)
def crawl_site(site_id: str, run_id: str, since: str | None) -> dict[str, Any]:
    cfg = settings()
    site = load_sites()[site_id]
    raw_dir = cfg.raw_root / run_id
    raw_file = raw_dir / f"{site_id}.jsonl.gz"
    if raw_file.exists():
        # A previous attempt in this run crashed: keep its records aside, never rewrite them.
        n = len(list(raw_dir.glob(f"{site_id}.attempt*.jsonl.gz"))) + 1
        shutil.move(raw_file, raw_dir / f"{site_id}.attempt{n}.jsonl.gz")
    result = run_crawl(site, run_id, raw_dir, since, timeout_s=cfg.site_timeout_s)
    logger = get_run_logger()
    if result.exit_code != 0:
        logger.warning(
            "site=%s stage=crawl exit=%s records=%s\n%s",
            site_id, result.exit_code, result.records, result.log_tail,
        )  # fmt: skip
        raise SiteCrawlFailed(f"site={site_id} stage=crawl: scrapy exited {result.exit_code}")
    logger.info("site=%s pages=%s errors=%s in %.1fs", site_id, result.records, result.errors, result.duration_s)
    return result.as_dict()


@task(task_run_name="clean-{run_id}")
def clean(run_id: str, site_ids: list[str]) -> dict[str, Any]:
    cfg = settings()
    sites = load_sites()
    return clean_run(cfg.raw_root / run_id, cfg.clean_root / run_id, {s: sites[s] for s in site_ids})


@task(task_run_name="load-{run_id}")
def load(run_id: str, run: dict[str, Any], site_ids: list[str]) -> Any:
    cfg = settings()
    sites = load_sites()
    return load_run(cfg.db_path, cfg.clean_root / run_id, run, [sites[s] for s in site_ids])


def select_sites(requested: list[str] | None) -> list[str]:
    sites = load_sites()
    if requested:
        unknown = [s for s in requested if s not in sites]
        if unknown:
            raise ValueError(f"unknown site id(s): {', '.join(unknown)}")
        return list(requested)
    return [s for s, entry in sites.items() if entry["enabled"]]


@flow(
    name="nightly",
    log_prints=True,
    task_runner=ThreadPoolTaskRunner(max_workers=int(os.environ.get("PROVNEWS_MAX_PARALLEL", "4"))),
)
def nightly(
    sites: list[str] | None = None,
    since: str | None = None,
    full: bool = False,
    run_id: str | None = None,
) -> dict[str, Any]:
    """Crawl, clean and load every enabled site (or `sites`) once; publish the database.

    `full` is accepted for the deployment's parameter schema; every crawl is a full
    crawl until incremental crawling lands.
    """
    logger = get_run_logger()
    run_id = run_id or new_run_id()
    started = datetime.now(UTC).isoformat(timespec="seconds")
    site_ids = select_sites(sites)
    logger.info("run %s: %d sites", run_id, len(site_ids))

    futures = {s: crawl_site.submit(s, run_id, since) for s in site_ids}
    wait(list(futures.values()))
    crawls: dict[str, dict[str, Any]] = {}
    for site_id, fut in futures.items():
        state = fut.state
        if state.is_completed():
            crawls[site_id] = fut.result()
        else:
            crawls[site_id] = {"exit_code": -1, "duration_s": None, "error": str(state.message)}
    failed = [s for s, c in crawls.items() if c.get("exit_code") != 0]

    clean(run_id, site_ids)
    status = "failed" if site_ids and len(failed) / len(site_ids) > FAIL_RATIO else "completed"
    run = {
        "run_id": run_id,
        "started_at": started,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "status": status,
        "sites": {s: {"exit_code": c.get("exit_code"), "duration_s": c.get("duration_s")} for s, c in crawls.items()},
    }
    result = load(run_id, run, site_ids)
    summary = {
        "run_id": run_id,
        "db_path": str(settings().db_path),
        "status": status,
        "failed_sites": failed,
        "sites": {row["site_id"]: row for row in result.rows()},
    }
    create_markdown_artifact(
        key="nightly-summary", markdown=summary_markdown(summary), description=f"run {run_id}"
    )
    if status == "failed":
        raise RuntimeError(f"{len(failed)} of {len(site_ids)} sites failed: {', '.join(failed)}")
    if failed:
        logger.warning("run %s completed, but these sites failed: %s", run_id, ", ".join(failed))
    return summary


def raw_runs(data_dir: Path) -> list[str]:
    return sorted(p.name for p in (data_dir / "raw").glob("*") if p.is_dir())
