"""Scrapy settings for provnews: small components wired here, not by inheritance."""

from __future__ import annotations

import os

from spiders import __version__

BOT_NAME = "provnews"
SPIDER_MODULES = ["spiders.families"]
NEWSPIDER_MODULE = "spiders.families"

# An honest crawler: say who we are, obey robots.txt, never hammer a site.
USER_AGENT = (
    f"provnews/{__version__} (+https://github.com/provnews/provnews; news archive research)"
)
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
AUTOTHROTTLE_ENABLED = True
# Scales every per-site delay; the demo and tests set it to 0 because the farm is local.
PROVNEWS_DELAY_SCALE = float(os.environ.get("PROVNEWS_DELAY_SCALE", "1"))
AUTOTHROTTLE_START_DELAY = 1.0 * PROVNEWS_DELAY_SCALE
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Non-2xx responses reach the spider so each becomes a raw record with its status.
HTTPERROR_ALLOW_ALL = True
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DOWNLOAD_TIMEOUT = int(os.environ.get("PROVNEWS_DOWNLOAD_TIMEOUT", "30"))
DOWNLOAD_MAXSIZE = int(os.environ.get("PROVNEWS_MAX_BYTES", str(16 * 1024 * 1024)))
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
# A site's crawl stops itself well inside its budget (PROVNEWS_SITE_TIMEOUT; the flow kills
# the subprocess after it), so it closes its raw file and records what it had queued.
try:
    _SITE_TIMEOUT = int(os.environ.get("PROVNEWS_SITE_TIMEOUT", "1800"))
except ValueError:
    _SITE_TIMEOUT = 1800


def _process_age() -> float:
    """Seconds since this process started (Linux /proc; 0 elsewhere)."""
    try:
        with open("/proc/self/stat") as f:
            start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        return max(0.0, uptime - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return 0.0


CLOSESPIDER_TIMEOUT = max(5, int(_SITE_TIMEOUT * 0.7 - _process_age()) - 2 * DOWNLOAD_TIMEOUT)
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19 opens a remote-control HTTP port per crawl; a nightly crawler needs none.
REMOTE_CONTROL_ENABLED = False
# Disabled components are still imported before they decline (NotConfigured): these two
# pull in aiohttp, tldextract and requests, 0.15-0.4 s of CPU in every crawl subprocess
# (one per site per night). Enabling either setting again means removing its line here.
EXTENSIONS = {"scrapy.extensions.remote_control.RemoteControl": None}
LOG_LEVEL = os.environ.get("PROVNEWS_SCRAPY_LOG_LEVEL", "INFO")

# PROVNEWS_HOST_MAP sends mapped hosts to a local server (the site farm) while the
# URLs in requests, responses and raw records stay the real ones.
DOWNLOAD_HANDLERS = {
    "http": "spiders.hostmap.HostMapDownloadHandler",
    "https": "spiders.hostmap.HostMapDownloadHandler",
}

ITEM_PIPELINES = {"spiders.rawzone.RawZonePipeline": 100}
# Redirects to another host are dropped (recorded as skipped), never fetched.
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,  # see EXTENSIONS
    "spiders.middlewares.OffsiteRedirectMiddleware": 50,
    # Above RetryMiddleware (550): its process_response runs first, so the wait comes
    # before the retry is scheduled.
    "spiders.retryafter.RetryAfterMiddleware": 560,
}
PROVNEWS_RETRY_AFTER_MAX = float(os.environ.get("PROVNEWS_RETRY_AFTER_MAX", "60"))

REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
