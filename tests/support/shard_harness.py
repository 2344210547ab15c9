"""Run a sharded night on one machine: a Prefect server, N process workers on the
pool (separate processes, ``--limit 1`` each unless told), and the nightly flow in
its own process with ``shard=True``. Used by tests/scale/ and bench/scale.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flows.serve import REPO_ROOT, WORK_POOL, Stack, free_port


@contextmanager
def shard_stack(home: Path, env: dict[str, str]) -> Iterator[Stack]:
    """Server + pool + deployments, no worker (``workers`` adds them)."""
    extra = {"PREFECT_WORKER_QUERY_SECONDS": "1", "PREFECT_LOGGING_LEVEL": "INFO", **env}
    with Stack(port=free_port(), home=home, worker=False, extra_env=extra, crawl_limit=64) as s:
        yield s


@contextmanager
def workers(
    stack: Stack, n: int, limit: int = 1, tag: str = "w", env: dict[str, str] | None = None
) -> Iterator[list[str]]:
    """``n`` process workers polling the pool's ``crawl`` queue; yields their names.

    ``env``: settings of these workers only (e.g. their own ``PROVNEWS_DATA``, as a
    worker on another machine has).
    """
    procs = []
    names = [f"{tag}{i}" for i in range(n)]
    saved = stack.env
    try:
        stack.env = {**saved, **(env or {})}
        for name in names:
            procs.append(
                stack._spawn(
                    [
                        "worker",
                        "start",
                        "--pool",
                        WORK_POOL,
                        "--type",
                        "process",
                        "--work-queue",
                        "crawl",
                        "--name",
                        name,
                        "--limit",
                        str(limit),
                    ],
                    f"worker-{name}",
                )  # fmt: skip
            )
        stack.env = saved
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            r = stack.api("POST", f"/work_pools/{WORK_POOL}/workers/filter", json={})
            online = {w["name"] for w in r.json() if w.get("status") == "ONLINE"}
            if set(names) <= online:
                break
            time.sleep(0.5)
        else:
            raise RuntimeError(f"workers {names} not online; see {stack.log_dir}")
        yield names
    finally:
        stack.env = saved
        from flows.serve import _stop

        for name, p in zip(names, procs, strict=False):
            _stop(p, name)


def run_night(
    stack: Stack,
    sites: list[str],
    env: dict[str, str],
    shard: bool = True,
    timeout: float = 900,
    full: bool = False,
) -> dict[str, Any]:
    """The nightly flow in a subprocess talking to ``stack``; its summary (+ wall_s)."""
    code = (
        "import json, sys\n"
        "from flows.nightly import nightly\n"
        f"s = nightly(sites={sites!r}, shard={shard!r}, full={full!r})\n"
        "print('SUMMARY' + json.dumps(s, default=str))\n"
    )
    t0 = time.monotonic()
    p = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env={**stack.env, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    wall = time.monotonic() - t0
    lines = [ln for ln in p.stdout.splitlines() if ln.startswith("SUMMARY")]
    if p.returncode != 0 or not lines:
        raise RuntimeError(f"nightly failed ({p.returncode}): {(p.stdout + p.stderr)[-3000:]}")
    out = json.loads(lines[-1][len("SUMMARY") :])
    out["wall_s"] = wall
    return out


def crawl_site_runs(stack: Stack, run_id: str | None = None) -> list[dict[str, Any]]:
    """Flow runs of the crawl-site flow (optionally of one nightly run_id)."""
    r = stack.api(
        "POST",
        "/flow_runs/filter",
        json={"flows": {"name": {"any_": ["crawl-site"]}}, "limit": 200},
    )
    r.raise_for_status()
    runs = r.json()
    if run_id is not None:
        runs = [fr for fr in runs if fr["parameters"].get("run_id") == run_id]
    return runs
