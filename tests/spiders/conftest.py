"""Run a family spider as the flow does: a `scrapy crawl` subprocess against the farm."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]


def run_spider(
    farm: Any,
    site_id: str,
    run_id: str,
    tmp: Path,
    *args: str,
    family: str | None = None,
    extra_sites: Path | None = None,
) -> list[dict[str, Any]]:
    from cleaning.registry import load_sites

    env = {
        **os.environ,
        "PROVNEWS_HOST_MAP": farm.host_map,
        "PROVNEWS_DELAY_SCALE": "0",
        "PROVNEWS_DATA": str(tmp / "data"),
        "PROVNEWS_SCRAPY_LOG_LEVEL": "WARNING",
        "SCRAPY_SETTINGS_MODULE": "spiders.settings",
        "PYTHONPATH": str(REPO),
    }
    if extra_sites:
        env["PROVNEWS_SITES"] = str(extra_sites)
        os.environ["PROVNEWS_SITES"] = str(extra_sites)
    try:
        family = family or load_sites()[site_id]["family"]
    finally:
        os.environ.pop("PROVNEWS_SITES", None)
    raw = tmp / "raw" / run_id
    cmd = [sys.executable, "-m", "scrapy", "crawl", family, "-a", f"site={site_id}"]
    cmd += ["-a", f"run_id={run_id}", "-a", f"raw_dir={raw}"]
    for a in args:
        cmd += ["-a", a]
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    path = raw / f"{site_id}.jsonl.gz"
    if not path.exists():
        return []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


@pytest.fixture
def crawl(farm: Any, tmp_path: Path) -> Callable[..., list[dict[str, Any]]]:
    def go(site_id: str, run_id: str, *args: str, **kw: Any) -> list[dict[str, Any]]:
        return run_spider(kw.pop("farm_", farm), site_id, run_id, tmp_path, *args, **kw)

    return go


@pytest.fixture
def own_farm():
    """A farm of its own, for tests that change what it serves (new articles)."""
    from sitefarm import start_farm

    with start_farm() as f:
        yield f
