"""A real `scrapy crawl` subprocess against the farm, over loopback HTTP."""

from __future__ import annotations

from pathlib import Path

from cleaning.registry import load_sites
from flows.crawl import run_crawl
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
