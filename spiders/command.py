"""The `scrapy crawl` command line for one site (pure; imports no Scrapy).

The flow, the CLI and the probe start spiders as subprocesses; this is the one place
that turns a registry entry into the spider's arguments and per-site settings.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any


def site_settings(site: dict[str, Any]) -> dict[str, str]:
    """Scrapy settings that differ per site: politeness and TLS quirks."""
    tls = site.get("tls") or {}
    settings = {
        "CONCURRENT_REQUESTS_PER_DOMAIN": str(site["politeness"]["concurrency"]),
        # Certificates are checked unless the registry says the site's chain is broken.
        "DOWNLOAD_VERIFY_CERTIFICATES": "True" if tls.get("verify", True) else "False",
    }
    if tls.get("seclevel1"):
        # Old provincial servers offer small DH keys / legacy ciphers OpenSSL 3 refuses.
        settings["DOWNLOADER_CLIENT_TLS_CIPHERS"] = "DEFAULT:@SECLEVEL=1"
    return settings


def crawl_command(
    site: dict[str, Any],
    run_id: str,
    raw_dir: Path,
    *,
    since: str | None = None,
    full: bool = False,
    state_dir: Path | None = None,
    state_out: Path | None = None,
    probe: int | None = None,
) -> list[str]:
    cmd = [
        sys.executable, "-m", "scrapy", "crawl", site["family"],
        "-a", f"site={site['id']}",
        "-a", f"run_id={run_id}",
        "-a", f"raw_dir={raw_dir}",
    ]  # fmt: skip
    for name, value in site_settings(site).items():
        cmd += ["-s", f"{name}={value}"]
    if since:
        cmd += ["-a", f"since={since}"]
    if full:
        cmd += ["-a", "full=1"]
    if state_dir is not None:
        cmd += ["-a", f"state_dir={state_dir}"]
    if state_out is not None:
        cmd += ["-a", f"state_out={state_out}"]
    if probe is not None:
        cmd += ["-a", f"probe={probe}"]
    return cmd
