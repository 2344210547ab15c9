from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from cleaning.registry import validate_site
from provnews.settings import load
from spiders.command import (
    HOST_MAP_HANDLER,
    crawl_command,
    process_age,
    run_settings,
    site_settings,
)

REPO = Path(__file__).resolve().parents[2]
SITE = {
    "id": "old-portal",
    "name": "Old portal",
    "kind": "portal",
    "province": "24",
    "former_province": "24",
    "family": "liferay",
    "base_url": "https://bacgiang.gov.vn",
    "start_urls": ["/web/guest/tin-tuc"],
}


def test_tls_quirks_from_the_registry_reach_scrapy() -> None:
    plain = site_settings(validate_site(SITE))
    assert plain["DOWNLOAD_VERIFY_CERTIFICATES"] == "True"
    assert "DOWNLOADER_CLIENT_TLS_CIPHERS" not in plain
    quirky = site_settings(validate_site({**SITE, "tls": {"seclevel1": True, "verify": False}}))
    assert quirky["DOWNLOADER_CLIENT_TLS_CIPHERS"] == "DEFAULT:@SECLEVEL=1"
    assert quirky["DOWNLOAD_VERIFY_CERTIFICATES"] == "False"


def test_crawl_command_carries_site_run_and_options() -> None:
    cmd = crawl_command(
        validate_site(SITE), "R1", Path("/d/raw/R1"), since="2024-01-01", full=True,
        state_dir=Path("/d/state"),
    )  # fmt: skip
    assert cmd[1:4] == ["-m", "scrapy", "crawl"] and cmd[4] == "liferay"
    joined = " ".join(cmd)
    for part in ("site=old-portal", "run_id=R1", "raw_dir=/d/raw/R1", "since=2024-01-01",
                 "full=1", "state_dir=/d/state", "CONCURRENT_REQUESTS_PER_DOMAIN=1"):  # fmt: skip
        assert part in joined


def _crawl_settings(**cmdline: str) -> Any:
    """Scrapy settings as `scrapy crawl` builds them before its first log line: the
    project module, ``-s`` options, then the add-ons' pre-crawler step."""
    from scrapy.addons import AddonManager
    from scrapy.settings import Settings as ScrapySettings

    s = ScrapySettings()
    s.setmodule("spiders.settings", priority="project")
    for name, value in cmdline.items():
        s.set(name, value, priority="cmdline")
    AddonManager.load_pre_crawler_settings(s)
    return s


def test_run_settings_follow_the_provnews_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "PROVNEWS_DELAY_SCALE": "0.5",
        "PROVNEWS_DOWNLOAD_TIMEOUT": "7",
        "PROVNEWS_MAX_BYTES": "1000",
        "PROVNEWS_SCRAPY_LOG_LEVEL": "warning",
        "PROVNEWS_RETRY_AFTER_MAX": "3",
        "PROVNEWS_BACKFILL_MAX_PAGES": "9",
    }.items():
        monkeypatch.setenv(name, value)
    s = _crawl_settings(DOWNLOAD_MAXSIZE="2000")
    assert s.getfloat("AUTOTHROTTLE_START_DELAY") == 0.5
    assert s.getfloat("PROVNEWS_DELAY_SCALE") == 0.5
    assert s.getint("DOWNLOAD_TIMEOUT") == 7
    assert s.get("LOG_LEVEL") == "WARNING"
    assert s.getfloat("PROVNEWS_RETRY_AFTER_MAX") == 3.0
    assert s.getint("PROVNEWS_BACKFILL_MAX_PAGES") == 9
    assert s.getint("DOWNLOAD_MAXSIZE") == 2000  # -s on the command line still wins


def test_the_crawl_stops_itself_inside_its_budget() -> None:
    cfg = load({"PROVNEWS_SITE_TIMEOUT": "100", "PROVNEWS_DOWNLOAD_TIMEOUT": "10"})
    # 70% of the budget, less the time the process has already run, less two requests
    assert run_settings(cfg, process_age_s=5.0)["CLOSESPIDER_TIMEOUT"] == 45
    assert run_settings(cfg, process_age_s=60.0)["CLOSESPIDER_TIMEOUT"] == 5  # the floor
    assert 0 <= process_age() < 3600


def test_host_map_handler_only_when_the_host_map_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROVNEWS_HOST_MAP", raising=False)
    production = _crawl_settings()
    assert HOST_MAP_HANDLER not in production.getwithbase("DOWNLOAD_HANDLERS").values()
    assert "PROVNEWS_HOST_MAP" not in production
    monkeypatch.setenv("PROVNEWS_HOST_MAP", "a.vn=127.0.0.1:8123")
    farm = _crawl_settings()
    handlers = farm.getwithbase("DOWNLOAD_HANDLERS")
    assert handlers["http"] == handlers["https"] == HOST_MAP_HANDLER
    assert farm.get("PROVNEWS_HOST_MAP") == "a.vn=127.0.0.1:8123"


def test_the_site_delay_is_scrapys_download_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry's politeness delay becomes DOWNLOAD_DELAY (AutoThrottle's floor) and
    AutoThrottle's start, scaled; a spider attribute set at start-up would be ignored."""
    monkeypatch.setenv("PROVNEWS_DELAY_SCALE", "0.5")
    site = {"politeness": {"delay": 3, "concurrency": 1}}
    s = _crawl_settings(**site_settings(site))
    assert s.getfloat("DOWNLOAD_DELAY") == 1.5
    assert s.getfloat("AUTOTHROTTLE_START_DELAY") == 1.5


def test_autothrottle_sees_the_latency_through_the_host_map(farm: Any, tmp_path: Path) -> None:
    """AutoThrottle adjusts the delay from each response's latency, never below the site's
    delay: its debug lines show both (the host-map handler passes the latency back)."""
    import subprocess

    from cleaning.registry import load_sites

    site = load_sites()["dhnv"]
    env = {
        **os.environ,
        "PROVNEWS_HOST_MAP": farm.host_map,
        "PROVNEWS_DELAY_SCALE": "0.01",
        "PROVNEWS_DATA": str(tmp_path),
        "SCRAPY_SETTINGS_MODULE": "spiders.settings",
        "PYTHONPATH": str(REPO),
    }
    cmd = crawl_command(site, "r1", tmp_path / "raw")
    cmd += ["-s", "AUTOTHROTTLE_DEBUG=True", "-s", "LOG_LEVEL=INFO", "-a", "state_dir=off"]
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = [ln for ln in proc.stderr.splitlines() if "slot:" in ln and "latency:" in ln]
    assert lines, proc.stderr[-2000:]
    floor_ms = int(site["politeness"]["delay"] * 0.01 * 1000)
    for ln in lines:
        delay_ms = int(ln.split("delay:")[1].split("ms")[0])
        assert delay_ms >= floor_ms, ln
