"""kill -9 of a crawl subprocess and of the cleaning step at random points: the next run
completes and the warehouse equals the one a clean run produces.

(The loader's own kill test is in tests/warehouse.)
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
SITES = ["baocantho", "dhnv", "baolaocai"]
CONTENT = "article_id, canonical_url, site_id, title, published_at, author, body, content_hash"
SEED = int(os.environ.get("PROVNEWS_CRASH_SEED", time.time_ns() % 10_000))


def _env(data: Path, farm: Any) -> dict[str, str]:
    return {
        "PROVNEWS_DATA": str(data),
        "PROVNEWS_HOST_MAP": farm.host_map,
        "PROVNEWS_DELAY_SCALE": "0",
    }


def _night(mp: pytest.MonkeyPatch, env: dict[str, str]) -> dict:
    for k, v in env.items():
        mp.setenv(k, v)
    mp.delenv("PROVNEWS_DB", raising=False)
    mp.delenv("PROVNEWS_SITES", raising=False)
    from flows.nightly import nightly

    state = nightly(sites=SITES, return_state=True)
    assert state.is_completed(), state.message
    return state.result()


def _articles(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(f"SELECT {CONTENT} FROM articles ORDER BY article_id").fetchall()


def _kill_after(cmd: list[str], env: dict[str, str], delay: float) -> int:
    proc = subprocess.Popen(
        cmd, cwd=REPO, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(delay)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    return proc.wait()


CLEAN_CHILD = (
    "import sys; from pathlib import Path; from cleaning.registry import load_sites;"
    "from cleaning.stage import clean_run;"
    "clean_run(Path(sys.argv[1]), Path(sys.argv[2]), load_sites())"
)


def _kill_and_rerun(tmp_path: Path, farm: Any, keep_state: bool) -> None:
    from cleaning.registry import load_sites
    from flows.crawl import pending_state_dir
    from spiders.command import crawl_command

    rng = random.Random(SEED)
    print(f"PROVNEWS_CRASH_SEED={SEED}")
    mp = pytest.MonkeyPatch()
    try:
        ref = tmp_path / "ref"
        _night(mp, _env(ref, farm))
        want = _articles(ref / "provnews.duckdb")
        assert want

        data = tmp_path / "crashed"
        env = {**_env(data, farm), "SCRAPY_SETTINGS_MODULE": "spiders.settings",
               "PYTHONPATH": str(REPO)}  # fmt: skip
        sites = load_sites()
        killed = []
        for i, site_id in enumerate(SITES):
            run_id = f"20260101T00000{i}Z"
            raw = data / "raw" / run_id
            raw.mkdir(parents=True)
            delay = rng.uniform(1.0, 8.0)
            # As the flow runs it: state read from data/state, new state kept pending
            # until the run's load succeeds (which never happens for these runs).
            cmd = crawl_command(
                sites[site_id], run_id, raw, state_dir=data / "state",
                state_out=pending_state_dir(data / "state", run_id),
            )  # fmt: skip
            code = _kill_after(cmd, env, delay)
            killed.append((site_id, round(delay, 2), code))
            # cleaning killed at a random point: the outputs are all there or not at all
            out = data / "clean" / run_id
            for _ in range(2):
                cmd = [sys.executable, "-c", CLEAN_CHILD, str(raw), str(out)]
                _kill_after(cmd, env, rng.uniform(0.2, 3.0))
                files = sorted(p.name for p in out.iterdir()) if out.exists() else []
                assert files in ([], ["articles.jsonl", "fetch_log.jsonl"]) or all(
                    f.startswith(".") or f in ("articles.jsonl", "fetch_log.jsonl") for f in files
                ), files
                for name in ("articles.jsonl", "fetch_log.jsonl"):
                    if (out / name).exists():
                        for line in (out / name).read_text().splitlines():
                            json.loads(line)  # never half a line
        print("killed crawls:", killed)
        if not keep_state:
            # Even with no incremental state at all, the next night equals a clean one.
            shutil.rmtree(data / "state", ignore_errors=True)
        summary = _night(mp, _env(data, farm))
        assert summary["status"] == "completed"
        assert _articles(data / "provnews.duckdb") == want
    finally:
        mp.undo()


def test_kill_9_of_crawls_and_cleaning_then_the_next_night_equals_a_clean_one(
    tmp_path: Path, farm: Any
) -> None:
    _kill_and_rerun(tmp_path, farm, keep_state=False)


def test_kill_9_with_incremental_state_kept(tmp_path: Path, farm: Any) -> None:
    _kill_and_rerun(tmp_path, farm, keep_state=True)
