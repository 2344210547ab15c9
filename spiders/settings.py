"""Scrapy settings for provnews: small components wired here, not by inheritance."""

from __future__ import annotations

from scrapy.settings import default_settings as _scrapy_defaults

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
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# The per-site delay is the least time between two requests to a site, never less.
# Scrapy's default jitter (±50 %) went below it half the time, and because the
# downloader draws the delay again each time it wakes up to check it, the gaps it kept
# averaged 1.22× the delay (bench/crawl.py's fetching phase): slower and less polite
# at once. An honest crawler that names itself has nothing to hide behind jitter.
DOWNLOAD_DELAY_JITTER = 0.0

# How many of one response's outputs (requests, the raw record) Scrapy handles at once.
# The raw zone writes synchronously, so more buys nothing, and Scrapy starts that many
# asyncio tasks for every response (100 by default): ~1 ms of CPU a page, which counts
# when one process crawls a batch of sites (spiders/batch.py).
CONCURRENT_ITEMS = 1

# Non-2xx responses reach the spider so each becomes a raw record with its status.
HTTPERROR_ALLOW_ALL = True
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19 opens a remote-control HTTP port per crawl; a nightly crawler needs none.
REMOTE_CONTROL_ENABLED = False
# Two components provnews switches off pull in aiohttp, tldextract and requests, ~0.2 s
# of CPU in every crawl process. Setting them to None is not enough: Scrapy 2.19 imports
# every key of EXTENSIONS_BASE and DOWNLOADER_MIDDLEWARES_BASE to merge the lists, None
# or not, so they are left out of the base lists themselves. Enabling either setting
# again means putting its component back here.
_remote_control = "scrapy.extensions.remote_control.RemoteControl"
_cookies = "scrapy.downloadermiddlewares.cookies.CookiesMiddleware"
EXTENSIONS_BASE = {
    k: v for k, v in _scrapy_defaults.EXTENSIONS_BASE.items() if k != _remote_control
}
DOWNLOADER_MIDDLEWARES_BASE = {
    k: v for k, v in _scrapy_defaults.DOWNLOADER_MIDDLEWARES_BASE.items() if k != _cookies
}

# The PROVNEWS_* settings of the run (delays, timeouts, sizes, log level, the host map
# and CLOSESPIDER_TIMEOUT) are set when the crawl starts, not when this module is
# imported: see spiders/command.py run_settings().
ADDONS = {"spiders.command.RunSettings": 0}

ITEM_PIPELINES = {"spiders.rawzone.RawZonePipeline": 100}
# Redirects to another host are dropped (recorded as skipped), never fetched.
DOWNLOADER_MIDDLEWARES = {
    "spiders.middlewares.OffsiteRedirectMiddleware": 50,
    # Above RetryMiddleware (550): its process_response runs first, so the wait comes
    # before the retry is scheduled.
    "spiders.retryafter.RetryAfterMiddleware": 560,
}

REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
