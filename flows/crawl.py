"""Run crawls as subprocesses (Twisted's reactor cannot restart): one site as a
`scrapy crawl` process (`run_crawl`), or several sites in one Scrapy process
(`run_batch`, spiders/batch.py), each with its own result."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from spiders.command import TIMEOUT_EXIT, crawl_command

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass
class CrawlResult:
    site_id: str
    exit_code: int
    duration_s: float
    records: int
    errors: int
    raw_file: str
    log_tail: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def count_records(path: Path) -> tuple[int, int]:
    """(records, errors) in a raw file; a truncated tail (killed crawl) is tolerated.

    A deliberate skip (`skipped: …`: robots.txt, unchanged since the last night) is
    accounted for but is not an error.
    """
    records = errors = 0
    if not path.exists():
        return 0, 0
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                records += 1
                error = json.loads(line).get("error")
                if error and not error.startswith("skipped:"):
                    errors += 1
    except (EOFError, zlib.error, json.JSONDecodeError, gzip.BadGzipFile):
        pass
    return records, errors


def _run_logged(
    cmd: list[str],
    log_path: Path,
    timeout_s: int,
    poll: Callable[[], None] | None = None,
    poll_s: float = 1.0,
) -> int:
    """Run a crawl subprocess, its output appended to ``log_path``; its exit code, or
    TIMEOUT_EXIT when it was killed at ``timeout_s``. ``poll`` runs every ``poll_s``
    while it runs, and once after."""
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "spiders.settings"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    deadline = time.monotonic() + timeout_s
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            while True:
                left = deadline - time.monotonic()
                try:
                    code = proc.wait(timeout=max(0.0, min(left, poll_s if poll else left)))
                    break
                except subprocess.TimeoutExpired:
                    if time.monotonic() >= deadline:
                        proc.kill()
                        proc.wait()
                        code = TIMEOUT_EXIT
                        break
                    if poll:
                        poll()
        finally:
            if proc.poll() is None:  # the caller's thread was interrupted: leave no orphan
                proc.kill()
                proc.wait()
    if poll:
        poll()
    return code


def _tail(path: Path) -> str:
    return path.read_bytes()[-2000:].decode("utf-8", "replace") if path.exists() else ""


def _result(site_id: str, code: int, duration_s: float, raw_dir: Path, log: str) -> CrawlResult:
    raw_file = raw_dir / f"{site_id}.jsonl.gz"
    records, errors = count_records(raw_file)
    return CrawlResult(site_id, code, round(duration_s, 2), records, errors, str(raw_file), log)


def run_crawl(
    site: dict[str, Any],
    run_id: str,
    raw_dir: Path,
    since: str | None = None,
    timeout_s: int = 1800,
    log_dir: Path | None = None,
    full: bool = False,
    state_dir: Path | None = None,
    state_out: Path | None = None,
) -> CrawlResult:
    """One site in its own `scrapy crawl` process."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    log_path = (log_dir or raw_dir) / f"{site['id']}.log"
    cmd = crawl_command(
        site, run_id, raw_dir, since=since, full=full, state_dir=state_dir, state_out=state_out
    )
    start = time.monotonic()
    code = _run_logged(cmd, log_path, timeout_s)
    return _result(site["id"], code, time.monotonic() - start, raw_dir, _tail(log_path))


def batches(site_ids: list[str], size: int) -> list[list[str]]:
    """``site_ids`` in as few batches of at most ``size`` as possible, of even sizes
    (12 sites by 8: 6 + 6, not 8 + 4), in order."""
    if not site_ids:
        return []
    n = -(-len(site_ids) // max(1, size))
    q, r = divmod(len(site_ids), n)
    out, i = [], 0
    for k in range(n):
        step = q + (k < r)
        out.append(site_ids[i : i + step])
        i += step
    return out


def batch_label(site_ids: list[str]) -> str:
    """A batch's name in task runs and file names: its first site, and how many more."""
    return site_ids[0] if len(site_ids) == 1 else f"{site_ids[0]}+{len(site_ids) - 1}"


def run_batch(
    sites: list[dict[str, Any]],
    run_id: str,
    raw_dir: Path,
    since: str | None = None,
    timeout_s: int = 1800,
    log_dir: Path | None = None,
    full: bool = False,
    state_dir: Path | None = None,
    state_out: Path | None = None,
    on_result: Callable[[CrawlResult], None] | None = None,
) -> dict[str, CrawlResult]:
    """Several sites in one Scrapy process (spiders/batch.py); one result per site.

    A site's exit code is 0 when its crawl ran to its close and 1 when it raised (what
    ``scrapy crawl`` gives for one site). A site the process never reported on — it
    crashed, or was killed at ``timeout_s`` (the per-site timeout: the sites crawl at the
    same time) — gets the process's exit code (TIMEOUT_EXIT when killed), or 1 when the
    process exited 0 without a word about it; the sites that ended keep their results.
    ``on_result`` is called with each site's result as soon as it is known (while the
    others still crawl).
    """
    raw_dir.mkdir(parents=True, exist_ok=True)
    log_dir = log_dir or raw_dir
    label = batch_label([s["id"] for s in sites])
    results_dir = raw_dir / "_batch" / label
    if results_dir.exists():  # an earlier attempt's outcomes are not this one's
        shutil.rmtree(results_dir)
    results_dir.mkdir(parents=True)
    jobs = [
        crawl_command(
            s, run_id, raw_dir, since=since, full=full, state_dir=state_dir, state_out=state_out
        )
        for s in sites
    ]
    spec = results_dir / "batch.json"
    spec.write_text(
        json.dumps({"jobs": jobs, "results_dir": str(results_dir), "log_dir": str(log_dir)}),
        encoding="utf-8",
    )
    batch_log = log_dir / f"batch-{label}.log"
    out: dict[str, CrawlResult] = {}

    def collect() -> None:  # the sites that ended since the last look, in batch order
        for s in sites:
            outcome_path = results_dir / f"{s['id']}.json"
            if s["id"] in out or not outcome_path.exists():
                continue
            outcome = json.loads(outcome_path.read_text(encoding="utf-8"))
            log = _tail(log_dir / f"{s['id']}.log")
            if not outcome["ok"]:
                log = f"{log}\n{outcome['error']}"[-2000:]
            result = _result(
                s["id"], 0 if outcome["ok"] else 1, outcome["duration_s"], raw_dir, log
            )
            out[s["id"]] = result
            if on_result:
                on_result(result)

    start = time.monotonic()
    cmd = [sys.executable, "-m", "spiders.batch", str(spec)]
    code = _run_logged(cmd, batch_log, timeout_s, poll=collect)
    took = time.monotonic() - start
    for s in sites:
        if s["id"] not in out:  # the process ended (or was killed) before this site did
            site_log = _tail(log_dir / f"{s['id']}.log")
            said = f"{site_log}\n{_tail(batch_log)}"[-1600:]
            log = f"{said}\n(crawl process exited {code} before this site ended: {batch_log})"
            result = _result(s["id"], code if code != 0 else 1, took, raw_dir, log)
            out[s["id"]] = result
            if on_result:
                on_result(result)
    return out


def pending_state_dir(state_dir: Path, run_id: str) -> Path:
    """Where a run's crawls write their new state until the run is loaded."""
    return state_dir / "pending" / run_id


def promote_state(state_dir: Path, run_id: str) -> list[str]:
    """Make a loaded run's crawl state current (atomic per site); returns the sites."""
    pending = pending_state_dir(state_dir, run_id)
    promoted = []
    for path in sorted(pending.glob("*.json")):
        os.replace(path, state_dir / path.name)
        promoted.append(path.stem)
    if pending.is_dir():
        for leftover in pending.iterdir():  # temp files of a killed crawl
            leftover.unlink(missing_ok=True)
        pending.rmdir()
    return promoted
