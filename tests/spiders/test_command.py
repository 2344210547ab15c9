from __future__ import annotations

from pathlib import Path

from cleaning.registry import validate_site
from spiders.command import crawl_command, site_settings

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
