"""A real `scrapy crawl` subprocess against the farm, over loopback HTTP."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

from cleaning.registry import load_sites
from flows.crawl import _run_logged, run_crawl
from spiders.command import TIMEOUT_EXIT, exit_reason
from tests.pipeline.helpers import raw_records, truth_by_url


def test_listing_spider_records_every_page_with_real_urls(pipeline_env: Path) -> None:
    site = load_sites()["baocantho"]
    raw_dir = pipeline_env / "raw" / "t1"
    result = run_crawl(site, "t1", raw_dir, timeout_s=120)
    assert result.exit_code == 0, result.log_tail
    records = raw_records(raw_dir)
    assert records and len(records) == result.records
    urls = {r["url"] for r in records}
    # Real URLs in the data even though the farm served them.
    assert all(u.startswith("https://baocantho.com.vn/") for u in urls)
    assert {r["page_type"] for r in records} >= {"listing", "article"}
    assert any(r["via"] == "pagination" for r in records)
    expected = {u for u, a in truth_by_url().items() if a["site_id"] == "baocantho"}
    assert expected <= urls
    for r in records:
        assert r["run_id"] == "t1" and r["site_id"] == "baocantho"
        if r["status"] == 200:
            assert r["html"] and len(r["sha256"]) == 64
        else:
            assert r["error"]


def test_feed_spider_follows_sitemap_index(pipeline_env: Path) -> None:
    site = load_sites()["baolaocai"]
    raw_dir = pipeline_env / "raw" / "t2"
    result = run_crawl(site, "t2", raw_dir, timeout_s=120)
    assert result.exit_code == 0, result.log_tail
    records = raw_records(raw_dir)
    types = {r["page_type"] for r in records}
    assert {"feed", "sitemap", "article"} <= types
    expected = {u for u, a in truth_by_url().items() if a["site_id"] == "baolaocai"}
    assert expected <= {r["url"] for r in records}


def _python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def test_exit_codes_tell_a_timeout_from_a_kill(tmp_path: Path) -> None:
    """The per-site timeout's kill and a SIGKILL from elsewhere (the out-of-memory killer)
    end with different codes: a timed-out crawl is not retried, a killed one is."""
    log = tmp_path / "crawl.log"
    slow = _run_logged(_python("import time; time.sleep(60)"), log, timeout_s=1)
    assert slow == TIMEOUT_EXIT
    killed = _run_logged(
        _python("import os, signal; os.kill(os.getpid(), signal.SIGKILL)"), log, timeout_s=60
    )
    assert killed == -signal.SIGKILL and killed != slow
    failed = _run_logged(_python("raise SystemExit(3)"), log, timeout_s=60)
    assert failed == 3
    assert exit_reason(slow, 1800) == "timed out (killed at PROVNEWS_SITE_TIMEOUT, 1800s)"
    assert "out of memory" in exit_reason(killed)
    assert exit_reason(failed) == "scrapy failed (exit 3)"
    assert exit_reason(-signal.SIGTERM) == "killed by signal 15"
