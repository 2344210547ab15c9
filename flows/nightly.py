"""The nightly Prefect flow: crawl every site (subprocesses, in parallel), clean, load,
then judge each site's health and leave artifacts for the Prefect UI.

Flows orchestrate only: parsing lives in cleaning/, SQL in warehouse/ (health queries
in warehouse/health.py), crawling in spiders/ (started as subprocesses by
flows/crawl.py), settings in provnews/settings.py (read when a run starts).

Parallelism: the sites are crawled in batches of up to PROVNEWS_CRAWL_BATCH, one
Scrapy process and one ``crawl-batch-…`` task each (every site keeps its own delay,
concurrency and robots.txt in it); the task runner runs up to PROVNEWS_MAX_PARALLEL of
them at once. The batch tasks carry the tag ``provnews-crawl``, whose Prefect
concurrency limit (created by ``provnews serve``) caps crawl processes across every
flow run and worker. Without a server (ephemeral mode) the tag limit simply does not
exist. Each site's outcome is a ``crawl-<site>`` task run of its own, completed or
failed as the site ends.
"""

from __future__ import annotations

import shutil
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.futures import wait
from prefect.task_runners import ThreadPoolTaskRunner

from cleaning.registry import load_sites
from flows.artifacts import night_summary, publish_artifacts
from flows.config import check_run_id, new_run_id
from flows.crawl import (
    TIMEOUT_EXIT,
    CrawlResult,
    batch_label,
    batches,
    pending_state_dir,
    run_batch,
    run_crawl,
)
from flows.health import NIGHT_TIMEOUT_S, OpsSettings, night_status, ops_settings, warn
from flows.runlog import check_sites
from flows.shard import crawl_sharded
from flows.shard_storage import shard_enabled, shard_state_url
from provnews.settings import settings
from spiders.command import exit_reason

# cleaning.stage and warehouse.* (duckdb) are imported in the tasks that use them:
# each crawl-site run of a sharded night is a fresh process that imports this module
# for crawl_site alone and needs none of them.

CRAWL_TAG = "provnews-crawl"


class SiteCrawlFailed(RuntimeError):
    pass


class SiteCrawlTimeout(SiteCrawlFailed):
    pass


def _retry_unless_timeout(task: Any, task_run: Any, state: Any) -> bool:
    """Retry a failed crawl, except one its timeout killed (it would only time out again)."""
    try:
        state.result()
    except SiteCrawlTimeout:
        return False
    except BaseException:
        return True
    return True


@task(
    task_run_name="crawl-{site_id}",
    tags=[CRAWL_TAG],
    retries=2,
    retry_delay_seconds=[30, 60],
    retry_jitter_factor=0.3,
    retry_condition_fn=_retry_unless_timeout,
)
def crawl_site(
    site_id: str,
    run_id: str,
    since: str | None,
    full: bool = False,
    state_dir: str | None = None,
    state_out: str | None = None,
) -> dict[str, Any]:
    """One site's crawl. State: read from ``state_dir``, new state written to
    ``state_out`` (default: ``$PROVNEWS_DATA/state`` and its pending folder of the run;
    the sharded crawl passes a scratch copy of the shared state)."""
    cfg = settings()
    site = load_sites()[site_id]
    raw_dir = cfg.raw_root / run_id
    _set_aside(raw_dir, site_id)
    # The per-site timeout: run_crawl kills the scrapy subprocess at PROVNEWS_SITE_TIMEOUT
    # (a Prefect task timeout cannot interrupt a thread blocked on a subprocess).
    result = run_crawl(
        site, run_id, raw_dir, since, timeout_s=cfg.site_timeout_s, full=full,
        state_dir=Path(state_dir) if state_dir else cfg.state_dir,
        state_out=Path(state_out) if state_out else pending_state_dir(cfg.state_dir, run_id),
    )  # fmt: skip
    return _outcome(site, result, cfg.site_timeout_s)


def _set_aside(raw_dir: Path, site_id: str) -> None:
    """A previous attempt in this run crashed: keep its records aside, never rewrite them."""
    raw_file = raw_dir / f"{site_id}.jsonl.gz"
    if raw_file.exists():
        n = len(list(raw_dir.glob(f"{site_id}.attempt*.jsonl.gz"))) + 1
        shutil.move(raw_file, raw_dir / f"{site_id}.attempt{n}.jsonl.gz")


def _outcome(site: dict[str, Any], result: CrawlResult, timeout_s: int) -> dict[str, Any]:
    """A site's crawl result, logged; a failed crawl raises (SiteCrawlTimeout when its
    timeout killed it) after a warning naming the site, its URL and the log's tail."""
    logger = get_run_logger()
    if result.exit_code != 0:
        timed_out = result.exit_code == TIMEOUT_EXIT
        warn(
            logger,
            f"{exit_reason(result.exit_code, timeout_s)}\n{result.log_tail}",
            site=site["id"], stage="crawl", url=site.get("base_url"),
            exit=result.exit_code, records=result.records,
        )  # fmt: skip
        exc = SiteCrawlTimeout if timed_out else SiteCrawlFailed
        raise exc(f"site={site['id']} stage=crawl: scrapy exited {result.exit_code}")
    logger.info(
        "site=%s stage=crawl pages=%s errors=%s in %.1fs",
        site["id"], result.records, result.errors, result.duration_s,
    )  # fmt: skip
    return result.as_dict()


@task(task_run_name="crawl-{site_id}")
def site_crawled(site_id: str, result: dict[str, Any], timeout_s: int) -> dict[str, Any]:
    """One site's outcome in its batch, as a task run of its own: completed, or failed
    with the warning and the log's tail, as the site ends (the others still crawling).
    No tag: it runs inside its batch's task, which holds the crawl slot."""
    return _outcome(load_sites()[site_id], CrawlResult(**result), timeout_s)


@task(task_run_name="crawl-batch-{label}", tags=[CRAWL_TAG])
def crawl_batch(
    site_ids: list[str],
    run_id: str,
    since: str | None,
    full: bool,
    retry_delays: list[float],
    label: str,
) -> dict[str, dict[str, Any]]:
    """Crawl ``site_ids`` in one Scrapy process; {site: result}, one per site.

    A site that failed (not one its timeout killed: it would only time out again) is
    crawled again, after ``retry_delays[k]`` seconds, with the other failed sites of the
    batch in a process of their own: a retry never recrawls a site that had ended.
    """
    cfg = settings()
    registry = load_sites()
    raw_dir = cfg.raw_root / run_id
    results: dict[str, dict[str, Any]] = {}
    todo = list(site_ids)
    for attempt in range(len(retry_delays) + 1):
        wait_s = retry_delays[attempt] if attempt < len(retry_delays) else None

        def ended(result: CrawlResult, wait_s: float | None = wait_s) -> None:
            if result.exit_code not in (0, TIMEOUT_EXIT) and wait_s is not None:
                warn(
                    get_run_logger(),
                    f"crawl failed: {exit_reason(result.exit_code)}, retried in "
                    f"{wait_s:.0f}s\n{result.log_tail}",
                    site=result.site_id, stage="crawl",
                    url=registry[result.site_id].get("base_url"),
                )  # fmt: skip
                return
            state = site_crawled(result.site_id, result.as_dict(), cfg.site_timeout_s,
                                 return_state=True)  # fmt: skip
            results[result.site_id] = (
                state.result()
                if state.is_completed()
                else {**result.as_dict(), "error": str(state.message)}
            )

        for s in todo:
            _set_aside(raw_dir, s)
        run_batch(
            [registry[s] for s in todo], run_id, raw_dir, since,
            timeout_s=cfg.site_timeout_s, full=full, state_dir=cfg.state_dir,
            state_out=pending_state_dir(cfg.state_dir, run_id), on_result=ended,
        )  # fmt: skip
        todo = [s for s in todo if s not in results]
        if not todo or wait_s is None:
            break
        time.sleep(wait_s)
    return {s: results[s] for s in site_ids}


@task(task_run_name="clean-{run_id}")
def clean(run_id: str, site_ids: list[str]) -> dict[str, Any]:
    from cleaning.stage import clean_run

    cfg = settings()
    sites = load_sites()
    return clean_run(
        cfg.raw_root / run_id, cfg.clean_root / run_id, {s: sites[s] for s in site_ids}
    )


@task(task_run_name="load-{run_id}")
def load(
    run_id: str, run: dict[str, Any], site_ids: list[str], state_url: str | None = None
) -> Any:
    from flows.load import load_clean_run  # the same step as `provnews load`

    return load_clean_run(run_id, run, site_ids, state_url)


@task(task_run_name="health-{run_id}")
def site_health(run_id: str) -> dict[str, Any]:
    """Per-site health of the run and its alerts, from the published warehouse."""
    from warehouse.backends import configured
    from warehouse.health import run_health

    return run_health(configured(), run_id, ops_settings().thresholds)


def select_sites(requested: list[str] | None) -> list[str]:
    return check_sites(requested, load_sites())


def _flow_run_id() -> str | None:
    from prefect.runtime import flow_run

    return flow_run.get_id()


class _CrawlThreads(ThreadPoolTaskRunner):
    """A thread pool sized by PROVNEWS_MAX_PARALLEL when a run starts: the flow is
    decorated at import, when the settings of the run are not known yet."""

    def __enter__(self) -> _CrawlThreads:
        self._max_workers = settings().max_parallel
        return super().__enter__()


# -- crawl step: dispatch the sites, account for every one of them -------------------


def _gave_up(registry: dict[str, Any], site_id: str, message: Any) -> dict[str, Any]:
    warn(
        get_run_logger(), f"crawl gave up: {message}",
        site=site_id, stage="crawl", url=registry.get(site_id, {}).get("base_url"),
    )  # fmt: skip
    return {"exit_code": -1, "duration_s": None, "error": str(message)}


def crawl_locally(
    site_ids: list[str], run_id: str, since: str | None, full: bool, ops: OpsSettings
) -> dict[str, dict[str, Any]]:
    """One ``crawl_batch`` task per batch of sites in this flow run; {site: crawl result}."""
    # No Prefect timeout here: a crawl task runs in a pool thread, where Prefect cannot
    # interrupt it (and says so in a warning per task); its timeout is the kill of its
    # scrapy subprocess at PROVNEWS_SITE_TIMEOUT (flows/crawl.py).
    groups = batches(site_ids, settings().crawl_batch)
    futures = [
        crawl_batch.submit(g, run_id, since, full, ops.retry_delays(), batch_label(g))
        for g in groups
    ]
    wait(futures)
    registry = load_sites()
    crawls: dict[str, dict[str, Any]] = {}
    for group, fut in zip(groups, futures, strict=True):
        if fut.state.is_completed():
            crawls.update(fut.result())
        else:  # the batch task itself broke: every site of it is accounted for as failed
            crawls.update({s: _gave_up(registry, s, fut.state.message) for s in group})
    return {s: crawls[s] for s in site_ids}


def crawl_step(
    site_ids: list[str],
    run_id: str,
    since: str | None,
    full: bool,
    sharded: bool,
    ops: OpsSettings,
) -> dict[str, dict[str, Any]]:
    """Crawl every site (in this run, or one crawl-site run each when sharded);
    {site: {"exit_code", "duration_s", …}}, a failed site with a non-zero exit code."""
    if not sharded:
        return crawl_locally(site_ids, run_id, since, full, ops)
    crawls = crawl_sharded(site_ids, run_id, since, full)
    for site_id, c in crawls.items():
        if c.get("exit_code") != 0:
            warn(get_run_logger(), f"crawl gave up: {c.get('error')}", site=site_id, stage="crawl")
    return crawls


def failed_crawls(crawls: dict[str, dict[str, Any]]) -> list[str]:
    return [s for s, c in crawls.items() if c.get("exit_code") != 0]


def run_record(
    run_id: str, started: str, status: str, crawls: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """What the warehouse keeps of the night (crawl_runs, crawl_run_sites)."""
    return {
        "run_id": run_id,
        "started_at": started,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "status": status,
        "flow_run_id": _flow_run_id(),
        "sites": {
            s: {"exit_code": c.get("exit_code"), "duration_s": c.get("duration_s")}
            for s, c in crawls.items()
        },
    }


# -- report step: health, warnings, artifacts --------------------------------------


def health_step(run_id: str, ops: OpsSettings) -> dict[str, Any]:
    """The run's site health; an empty report (and a warning) when its queries fail:
    health is a report on the night, never a reason to lose it."""
    state = site_health.with_options(timeout_seconds=ops.stage_timeout_s)(run_id, return_state=True)
    if state.is_completed():
        return state.result()
    warn(get_run_logger(), f"health queries failed: {state.message}", site=None, stage="health")
    return {"sites": {}, "alerts": [], "failed_urls": []}


def report_step(
    summary: dict[str, Any], health: dict[str, Any], n_sites: int, ops: OpsSettings
) -> None:
    """Warnings for failed URLs and alerts, and the run's four artifacts."""
    registry = load_sites()
    logger = get_run_logger()
    for row in health["failed_urls"]:
        warn(
            logger, str(row["reason"]),
            site=row["site_id"], stage=row["stage"], url=row["url"], status=row["status"],
        )  # fmt: skip
    for a in health["alerts"]:
        warn(
            logger, f"ALERT {a['kind']}: {a['detail']}",
            site=a["site_id"], stage="health", url=registry.get(a["site_id"], {}).get("base_url"),
        )  # fmt: skip
    publish_artifacts(summary, health, n_sites=n_sites, fail_ratio=ops.fail_ratio)


@flow(name="nightly", log_prints=True, task_runner=_CrawlThreads(), timeout_seconds=NIGHT_TIMEOUT_S)
def nightly(
    sites: list[str] | None = None,
    since: str | None = None,
    full: bool = False,
    run_id: str | None = None,
    shard: bool | None = None,
) -> dict[str, Any]:
    """Crawl, clean and load every enabled site (or `sites`) once; publish the database.

    Crawls are incremental: each site's state (URLs and content hashes seen) lives in
    `$PROVNEWS_DATA/state/` (shard mode: `PROVNEWS_STATE_URL`, see flows/shard.py);
    `full=True` ignores it and refetches everything, `since` backfills from that date.
    """
    cfg, ops = settings(), ops_settings()
    run_id = check_run_id(run_id) if run_id else new_run_id()
    started = datetime.now(UTC).isoformat(timespec="seconds")
    site_ids = select_sites(sites)
    get_run_logger().info(
        "run %s: %d sites, at most %d crawls at once", run_id, len(site_ids), cfg.max_parallel
    )
    sharded = shard_enabled(shard)  # PROVNEWS_CRAWL_MODE=shard: one crawl-site run per site

    crawls = crawl_step(site_ids, run_id, since, full, sharded, ops)
    failed = failed_crawls(crawls)
    clean.with_options(timeout_seconds=ops.stage_timeout_s)(run_id, site_ids)
    status = night_status(len(site_ids), failed, ops.fail_ratio)
    loaded = load.with_options(timeout_seconds=ops.stage_timeout_s)(
        run_id, run_record(run_id, started, status, crawls), site_ids,
        shard_state_url() if sharded else None,
    )  # fmt: skip

    from warehouse.backends import configured

    warehouse = configured(cfg.db_path)
    summary = night_summary(run_id, status, failed, loaded.rows(), warehouse, ops.db_url)
    health = health_step(run_id, ops)
    summary["alerts"] = health["alerts"]
    report_step(summary, health, len(site_ids), ops)
    if status == "failed":
        raise RuntimeError(f"{len(failed)} of {len(site_ids)} sites failed: {', '.join(failed)}")
    if failed:
        names = ", ".join(failed)
        warn(
            get_run_logger(), f"run {run_id} completed, but these sites failed: {names}",
            site=",".join(failed), stage="crawl",
        )  # fmt: skip
    return summary


def raw_runs(data_dir: Path) -> list[str]:
    return sorted(p.name for p in (data_dir / "raw").glob("*") if p.is_dir())
