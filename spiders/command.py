"""The `scrapy crawl` command line for one site, and the Scrapy settings of a run
(imports no Scrapy).

The flow, the CLI and the probe start spiders as subprocesses; this is the one place
that turns a registry entry into the spider's arguments and per-site settings, and
the PROVNEWS_* settings into Scrapy's (`RunSettings`, a Scrapy add-on the crawl
subprocess runs when it starts). It also says what a crawl process's exit code means
(`TIMEOUT_EXIT`, `exit_reason`).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

from provnews.settings import Settings, settings

HOST_MAP_HANDLER = "spiders.hostmap.HostMapDownloadHandler"


def site_settings(site: dict[str, Any]) -> dict[str, str]:
    """Scrapy settings that differ per site: politeness and TLS quirks."""
    tls = site.get("tls") or {}
    settings = {
        "CONCURRENT_REQUESTS_PER_DOMAIN": str(site["politeness"]["concurrency"]),
        # The registry's delay between two requests to the site; RunSettings scales it by
        # PROVNEWS_DELAY_SCALE into DOWNLOAD_DELAY, AutoThrottle's floor and start.
        "PROVNEWS_SITE_DELAY": str(site["politeness"]["delay"]),
        # Certificates are checked unless the registry says the site's chain is broken.
        "DOWNLOAD_VERIFY_CERTIFICATES": "True" if tls.get("verify", True) else "False",
    }
    if tls.get("seclevel1"):
        # Old provincial servers offer small DH keys / legacy ciphers OpenSSL 3 refuses.
        settings["DOWNLOADER_CLIENT_TLS_CIPHERS"] = "DEFAULT:@SECLEVEL=1"
    return settings


# The exit code of a crawl process its timeout killed: what coreutils' timeout(1) exits
# with. Not -9, the code of any SIGKILL: the kernel's out-of-memory killer or an operator
# kills with it too, and such a crawl is retried, where a timed-out one is not.
TIMEOUT_EXIT = 124


def exit_reason(code: int, timeout_s: int | None = None) -> str:
    """Why a crawl process ended with ``code``, in words for the run's log; the
    crawl_failed alert (warehouse/sql/ops/010_site_health.sql) says the same, without
    the seconds."""
    if code == 0:
        return "ok"
    if code == TIMEOUT_EXIT:
        after = f", {timeout_s}s" if timeout_s else ""
        return f"timed out (killed at PROVNEWS_SITE_TIMEOUT{after})"
    if code < 0:
        why = " (SIGKILL: out of memory, or killed from outside)" if -code == signal.SIGKILL else ""
        return f"killed by signal {-code}{why}"
    return f"scrapy failed (exit {code})"


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


def run_settings(cfg: Settings, process_age_s: float) -> dict[str, Any]:
    """Scrapy settings that follow the PROVNEWS_* settings of this run.

    ``process_age_s``: how long the crawl process has already run when the crawl starts.
    """
    values: dict[str, Any] = {
        # Scales every per-site delay; the demo and tests set it to 0 (the farm is local).
        "PROVNEWS_DELAY_SCALE": cfg.delay_scale,
        "AUTOTHROTTLE_START_DELAY": 1.0 * cfg.delay_scale,
        "DOWNLOAD_TIMEOUT": cfg.download_timeout_s,
        "DOWNLOAD_MAXSIZE": cfg.max_bytes,
        # A site's crawl stops itself well inside its budget (the flow kills the subprocess
        # at PROVNEWS_SITE_TIMEOUT), so it closes its raw file and records what it had queued.
        "CLOSESPIDER_TIMEOUT": max(
            5, int(cfg.site_timeout_s * 0.7 - process_age_s) - 2 * cfg.download_timeout_s
        ),
        "LOG_LEVEL": cfg.scrapy_log_level,
        "PROVNEWS_RETRY_AFTER_MAX": cfg.retry_after_max_s,
        "PROVNEWS_BACKFILL_MAX_PAGES": cfg.backfill_max_pages,
        "PROVNEWS_REVALIDATE_DAYS": cfg.revalidate_days,
        "PROVNEWS_REVALIDATE_SHARE": cfg.revalidate_share,
    }
    if cfg.host_map:
        # Mapped hosts go to a local server (the site farm) while the URLs in requests,
        # responses and raw records stay the real ones. Unset in production: Scrapy's
        # own handlers then fetch everything.
        values["PROVNEWS_HOST_MAP"] = cfg.host_map
        values["DOWNLOAD_HANDLERS"] = {"http": HOST_MAP_HANDLER, "https": HOST_MAP_HANDLER}
    return values


def process_age() -> float:
    """Seconds since this process started (Linux /proc; 0 elsewhere)."""
    try:
        with open("/proc/self/stat") as f:
            start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        return max(0.0, uptime - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return 0.0


class RunSettings:
    """Scrapy add-on (``ADDONS`` in spiders/settings.py): puts `run_settings` into the
    crawl's settings with the priority of the project settings module, so
    ``-s NAME=value`` and a spider's ``custom_settings`` still win."""

    @classmethod
    def update_pre_crawler_settings(cls, scrapy_settings: Any) -> None:
        # Before Scrapy configures logging, so LOG_LEVEL holds from the first line.
        cls._apply(scrapy_settings)

    def update_settings(self, scrapy_settings: Any) -> None:
        # Again when the crawler starts (also for crawlers built without a process):
        # CLOSESPIDER_TIMEOUT then counts the process's start-up time so far.
        self._apply(scrapy_settings)

    @staticmethod
    def _apply(scrapy_settings: Any) -> None:
        cfg = settings()
        for name, value in run_settings(cfg, process_age()).items():
            scrapy_settings.set(name, value, priority="project")
        site_delay = scrapy_settings.get("PROVNEWS_SITE_DELAY")
        if site_delay is not None:
            # A setting, not the spider's `download_delay` attribute: Scrapy reads that
            # from the class before the spider exists, and AutoThrottle takes its floor
            # from DOWNLOAD_DELAY. Starting AutoThrottle at the site's delay (not at 1 s)
            # keeps the first requests at the politeness limit too.
            delay = float(site_delay) * cfg.delay_scale
            scrapy_settings.set("DOWNLOAD_DELAY", delay, priority="project")
            scrapy_settings.set("AUTOTHROTTLE_START_DELAY", delay, priority="project")
