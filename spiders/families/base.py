"""What every family spider shares: the site entry, raw records, failure accounting."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from cleaning.registry import load_sites
from cleaning.urls import canonical_url

_TEXT_TYPES = re.compile(rb"text/|xml|json|javascript", re.I)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SiteSpider(scrapy.Spider):
    """Base for family spiders; subclasses add discovery (listings, feeds)."""

    def __init__(
        self,
        site: str = "",
        run_id: str = "adhoc",
        raw_dir: str = "data/raw/adhoc",
        since: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        sites = load_sites()
        if site not in sites:
            raise ValueError(f"unknown site {site!r}")
        self.site: dict[str, Any] = sites[site]
        self.run_id = run_id
        self.raw_dir = raw_dir
        self.since: date | None = date.fromisoformat(since) if since else None
        self.allowed_domains = [self.site["host"]]
        self._seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SiteSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        scale = crawler.settings.getfloat("PROVNEWS_DELAY_SCALE", 1.0)
        spider.download_delay = spider.site["politeness"]["delay"] * scale
        return spider

    # -- requests ---------------------------------------------------------

    def request(
        self,
        url: str,
        page_type: str,
        via: str,
        source: str | None = None,
        listing_date: str | None = None,
        callback: Any = None,
    ) -> Request | None:
        """A request that is recorded however it ends; None if the URL was already queued."""
        key = canonical_url(url)
        if key in self._seen:
            return None
        self._seen.add(key)
        meta = {
            "page_type": page_type,
            "via": via,
            "discovered_from": source,
            "listing_date": listing_date,
        }
        return Request(
            url,
            callback=callback or self.parse_page,
            errback=self.on_error,
            meta={"provnews": meta},
            dont_filter=True,
        )

    def parse_page(self, response: Response) -> Iterator[Any]:
        yield self.record(response)
        page_type = response.meta["provnews"]["page_type"]
        if page_type != "article" and response.status == 200:
            yield from self.discover(response)

    def discover(self, response: Response) -> Iterator[Any]:
        """Subclasses yield article/listing requests found on a listing or feed page."""
        return iter(())

    # -- raw records ------------------------------------------------------

    def record(self, response: Response, error: str | None = None) -> dict[str, Any]:
        meta = response.meta["provnews"]
        body = response.body
        html = encoding = None
        ctype = response.headers.get(b"Content-Type", b"") or b""
        if isinstance(response, TextResponse) and (not ctype or _TEXT_TYPES.search(ctype)):
            html, encoding = response.text, response.encoding
        if error is None and response.status >= 400:
            error = f"HTTP {response.status}"
        return {
            "run_id": self.run_id,
            "site_id": self.site["id"],
            "url": response.request.url if response.request else response.url,
            "final_url": response.url,
            "status": response.status,
            "fetched_at": _now(),
            "headers": {
                k.decode("latin-1").lower(): v[0].decode("latin-1")
                for k, v in response.headers.items()
                if v
            },
            "html": html,
            "encoding": encoding,
            "bytes": len(body),
            "sha256": hashlib.sha256(body).hexdigest(),
            "error": error,
            **meta,
        }

    def failure_record(self, request: Request, error: str) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "site_id": self.site["id"],
            "url": request.url,
            "final_url": None,
            "status": None,
            "fetched_at": _now(),
            "headers": {},
            "html": None,
            "encoding": None,
            "bytes": 0,
            "sha256": None,
            "error": error,
            **request.meta["provnews"],
        }

    def on_error(self, failure: Failure) -> Iterator[dict[str, Any]]:
        request = failure.request
        if failure.check(HttpError):
            yield self.record(failure.value.response)
            return
        if failure.check(IgnoreRequest):
            reason = str(failure.value) or "ignored"
            if "robots.txt" in reason.lower() or "Forbidden by robots.txt" in reason:
                reason = "robots.txt"
            yield self.failure_record(request, f"skipped: {reason}")
            return
        message = str(failure.value).splitlines()[0] if str(failure.value) else ""
        self.logger.warning(
            "fetch failed site=%s url=%s stage=crawl error=%s: %s",
            self.site["id"],
            request.url,
            failure.type.__name__,
            message,
        )
        yield self.failure_record(request, f"{failure.type.__name__}: {message}".strip())

    def skip_record(self, url: str, page_type: str, via: str, source: str, reason: str) -> dict:
        """Account for a discovered URL the spider decided not to fetch."""
        request = Request(url, meta={"provnews": {
            "page_type": page_type,
            "via": via,
            "discovered_from": source,
            "listing_date": None,
        }})
        return self.failure_record(request, f"skipped: {reason}")
