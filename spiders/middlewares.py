"""Downloader middleware: a redirect never leaves the site.

Family spiders send every request with ``dont_filter=True`` (they de-duplicate by
canonical URL themselves), and Scrapy's OffsiteMiddleware lets such requests through,
redirects included. A redirect to another host would then be fetched from the open
internet (or, under ``PROVNEWS_HOST_MAP``, escape the local farm). This middleware
drops it; the spider's errback records the URL as ``skipped: redirected off-site …``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest


class OffsiteRedirectMiddleware:
    def __init__(self, crawler: Any = None) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> OffsiteRedirectMiddleware:
        return cls(crawler)

    def process_request(self, request: Any, spider: Any = None) -> None:
        if not request.meta.get("redirect_urls"):
            return None
        spider = spider or getattr(self.crawler, "spider", None)
        host = (urlsplit(request.url).hostname or "").lower()
        allowed = getattr(spider, "allowed_domains", None) or []
        if not allowed or any(host == d or host.endswith("." + d) for d in allowed):
            return None
        raise IgnoreRequest(f"redirected off-site to {host}")
