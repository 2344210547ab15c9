"""Several sites in one Scrapy process (flows.crawl.run_batch, spiders/batch.py), real
Scrapy against the farm over loopback: each site crawls as it would alone, keeps its own
politeness, and ends with its own result, whatever happens to the others."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from cleaning.registry import load_sites
from flows.crawl import CrawlResult, batches, run_batch, run_crawl
from flows.serve import free_port
from tests.ops.test_newcomer import DEAD_HOST, host_map_with_dead_host
from tests.pipeline.helpers import raw_records

LIVE, OTHER, DEAD = "baocantho", "dhnv", "baolaocai"  # DEAD_HOST is baolaocai's


def _outcomes(raw_dir: Path, site_id: str) -> list[tuple[str, int, bool]]:
    recs = [r for r in raw_records(raw_dir) if r["site_id"] == site_id]
    return sorted((r["url"], r["status"] or 0, bool(r["error"])) for r in recs)


def test_batches_are_even_and_keep_the_order() -> None:
    ids = [f"s{i}" for i in range(12)]
    assert batches(ids, 8) == [ids[:6], ids[6:]]
    assert batches(ids, 12) == [ids]
    assert batches(ids, 1) == [[s] for s in ids]
    assert [len(b) for b in batches(ids[:10], 4)] == [4, 3, 3]
    assert sum(batches(ids[:7], 3), []) == ids[:7]
    assert batches([], 8) == []


@pytest.mark.slow  # end to end, 8-13 s: keeps the default suite under 5 min on 2 busy cores
def test_a_batch_crawls_each_site_as_it_would_alone_a_dead_one_too(
    pipeline_env: Path, farm: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    dead_map = host_map_with_dead_host(farm.host_map, DEAD_HOST, free_port())
    monkeypatch.setenv("PROVNEWS_HOST_MAP", dead_map)
    sites = load_sites()
    alone = pipeline_env / "raw" / "alone"
    for s in (LIVE, DEAD):  # each its own first night: state folders of their own
        state = pipeline_env / "state-alone"
        code = run_crawl(sites[s], "r1", alone, timeout_s=120, state_dir=state, state_out=state)
        assert code.exit_code == 0
    together = pipeline_env / "raw" / "together"
    seen: list[str] = []
    state = pipeline_env / "state-together"
    results = run_batch(
        [sites[LIVE], sites[DEAD]], "r1", together, timeout_s=120,
        state_dir=state, state_out=state, on_result=lambda r: seen.append(r.site_id),
    )  # fmt: skip
    assert sorted(seen) == sorted(results) == sorted([LIVE, DEAD])
    for s in (LIVE, DEAD):
        r = results[s]
        assert r.exit_code == 0, r.log_tail
        assert _outcomes(together, s) == _outcomes(alone, s)
        assert r.records == len(_outcomes(together, s)) and r.raw_file.endswith(f"{s}.jsonl.gz")
    # The live site fetched pages; every request to the dead one failed, refused, and is
    # a record of its own (the night's health judges it down from them).
    assert any(st == 200 for _, st, _ in _outcomes(together, LIVE))
    dead = raw_records(together)
    dead = [r for r in dead if r["site_id"] == DEAD]
    assert dead and all(r["status"] is None and "refused" in r["error"].lower() for r in dead)
    assert results[DEAD].errors == len(dead)
    # Each site's log holds its own lines only.
    live_log = (together / f"{LIVE}.log").read_text(encoding="utf-8")
    dead_log = (together / f"{DEAD}.log").read_text(encoding="utf-8")
    assert f"site={LIVE}" in live_log and f"site={DEAD}" not in live_log
    assert f"site={DEAD}" in dead_log and f"site={LIVE}" not in dead_log


def test_a_site_that_cannot_start_fails_alone(pipeline_env: Path) -> None:
    sites = load_sites()
    ghost = {**sites[LIVE], "id": "no-such-site"}  # the spider cannot find it in the registry
    results = run_batch([ghost, sites[OTHER]], "r2", pipeline_env / "raw" / "r2", timeout_s=120)
    assert results["no-such-site"].exit_code == 1
    assert "no-such-site" in results["no-such-site"].log_tail
    assert results[OTHER].exit_code == 0 and results[OTHER].records > 0


def _batch_pid(spec_part: str) -> int | None:
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if "spiders.batch" in cmdline and spec_part in cmdline:
                return int(proc.name)
    return None


def test_a_crashed_batch_keeps_the_sites_that_had_ended(pipeline_env: Path, farm: Any) -> None:
    """The process dies (SIGABRT) while one site still waits on a hung server: the site
    that had ended keeps its result and raw file; the other gets the process's status."""
    sites = load_sites()
    raw_dir = pipeline_env / "raw" / "r3"
    killed: list[int] = []

    def crash_after_first(result: CrawlResult) -> None:
        pid = _batch_pid(str(raw_dir))
        if pid and not killed:
            os.kill(pid, signal.SIGABRT)
            killed.append(pid)

    farm.faults.set(DEAD, latency=600)  # every response of that site hangs
    try:
        results = run_batch(
            [sites[OTHER], sites[DEAD]], "r3", raw_dir, timeout_s=300,
            on_result=crash_after_first,
        )  # fmt: skip
    finally:
        farm.faults.set(DEAD)
    assert killed
    assert results[OTHER].exit_code == 0 and results[OTHER].records > 0
    assert results[DEAD].exit_code == -signal.SIGABRT
    assert str(raw_dir / f"batch-{OTHER}+1.log") in results[DEAD].log_tail


def test_each_site_keeps_its_delay_in_a_shared_process(
    pipeline_env: Path, farm: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two sites in one process, their requests interleaved: to each site, one request
    at most every `delay` seconds (no jitter below it), measured where they arrive."""
    sites = load_sites()
    delay = 0.3
    monkeypatch.setenv("PROVNEWS_DELAY_SCALE", str(delay / sites[LIVE]["politeness"]["delay"]))
    assert sites[OTHER]["politeness"]["delay"] == sites[LIVE]["politeness"]["delay"]
    arrivals: dict[str, list[float]] = {}
    log = farm.log

    def timed_log(site_id: str, *rest: Any) -> None:
        arrivals.setdefault(site_id, []).append(time.monotonic())
        log(site_id, *rest)

    monkeypatch.setattr(farm, "log", timed_log)
    results = run_batch(
        [sites[LIVE], sites[OTHER]], "r4", pipeline_env / "raw" / "r4", timeout_s=300
    )
    assert all(r.exit_code == 0 for r in results.values())
    for s in (LIVE, OTHER):
        times = arrivals[s]
        assert len(times) > 5, s
        gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
        assert min(gaps) >= 0.9 * delay, (s, [round(g, 3) for g in gaps])
    # and the two sites did crawl at the same time
    assert min(arrivals[OTHER]) < max(arrivals[LIVE]) and min(arrivals[LIVE]) < max(arrivals[OTHER])


@pytest.mark.slow
def test_the_nights_crawl_step_batches_sites_retries_the_one_that_died_and_shows_each(
    pipeline_env: Path, farm: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The nightly flow's local crawl step (real Prefect, real Scrapy): three sites in
    one batch task; the process dies while one waits on a hung server; that site alone is
    crawled again and ends well; every site is a `crawl-<site>` task run of its own and
    the batch is one `crawl-batch-…` run holding the crawl tag."""
    import threading

    from prefect import flow
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    from flows.health import ops_settings
    from flows.nightly import crawl_locally

    monkeypatch.setenv("PROVNEWS_CRAWL_BATCH", "8")
    monkeypatch.setenv("PROVNEWS_RETRY_DELAY", "1")
    hung, others = DEAD, [LIVE, OTHER]
    raw_dir = pipeline_env / "raw" / "n1"
    stop = threading.Event()

    def crash_once_the_others_ended() -> None:
        outcomes = raw_dir / "_batch" / f"{LIVE}+2"
        while not stop.is_set():
            if all((outcomes / f"{s}.json").exists() for s in others):
                pid = _batch_pid(str(outcomes))
                if pid:
                    farm.faults.set(hung)  # the retry finds the server well again
                    os.kill(pid, signal.SIGABRT)
                    return
            time.sleep(0.2)

    @flow
    def crawl_night() -> tuple[dict[str, Any], str | None]:
        from prefect.runtime import flow_run

        crawls = crawl_locally([LIVE, OTHER, hung], "n1", None, False, ops_settings())
        return crawls, flow_run.get_id()

    farm.faults.set(hung, latency=600)
    watcher = threading.Thread(target=crash_once_the_others_ended, daemon=True)
    watcher.start()
    try:
        crawls, flow_run_id = crawl_night()
    finally:
        stop.set()
        farm.faults.set(hung)
    assert {s: c["exit_code"] for s, c in crawls.items()} == {LIVE: 0, OTHER: 0, hung: 0}
    assert all(c["records"] > 0 for c in crawls.values())
    # Only the hung site ran twice: its second process was a batch of one.
    assert sorted(p.name for p in raw_dir.glob("batch-*.log")) == [
        f"batch-{LIVE}+2.log", f"batch-{hung}.log"
    ]  # fmt: skip
    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
        )
    states = {r.name: r.state.type.value for r in runs}
    assert states == {
        f"crawl-batch-{LIVE}+2": "COMPLETED",
        f"crawl-{LIVE}": "COMPLETED",
        f"crawl-{OTHER}": "COMPLETED",
        f"crawl-{hung}": "COMPLETED",
    }
    tags = {r.name: set(r.tags) for r in runs}
    assert "provnews-crawl" in tags[f"crawl-batch-{LIVE}+2"]
    assert "provnews-crawl" not in tags[f"crawl-{LIVE}"]
