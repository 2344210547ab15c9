"""What every family spider shares: the site entry, raw records, failure accounting,
and the incremental crawl (state of earlier runs, conditional requests, skips).

Spider arguments (``scrapy crawl <family> -a name=value``):

- ``site`` (required), ``run_id``, ``raw_dir`` — which site, which run, where raw goes.
- ``since=YYYY-MM-DD`` — backfill/cut-off: links dated (listing, feed or sitemap date)
  before this day are recorded as ``skipped: before --since`` and not fetched; listing
  pagination goes past known articles and past ``max_pages`` (up to
  ``PROVNEWS_BACKFILL_MAX_PAGES``) until a page holds only older links.
- ``full=1`` — ignore what earlier runs saw: fetch every discovered article and every
  listing page up to ``max_pages``, with no conditional headers (the state is still
  rewritten at the end).
- ``probe=N`` — a maintainer's probe: listing pages 1 and 2 only (page 2 shows whether
  the pager is found, and how), at most N article requests (other article links are
  recorded as ``skipped: probe limit``), no state read or written.
- ``state_dir=PATH`` — where ``<site_id>.json`` lives (default ``$PROVNEWS_DATA/state``);
  ``state_dir=off`` crawls without reading or writing any state.
- ``state_out=PATH`` — write the new state there instead (the flow's per-run pending
  folder, promoted into ``state_dir`` only after the load succeeded).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import Request, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from cleaning.charset import decode_body
from cleaning.registry import load_sites
from cleaning.urls import canonical_url, without_tracking
from provnews.settings import default
from spiders.families.pagekind import not_article_page, not_article_url
from spiders.families.recheck import changed_since, revalidation_due
from spiders.families.state import CrawlState
from spiders.families.timing import latest

_TEXT_TYPES = re.compile(rb"text/|xml|json|javascript", re.I)
_TRUE = ("1", "true", "yes", "on")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def parse_day(text: str | None) -> date | None:
    """The day of an ISO 8601 or RFC 2822 date string (listing, feed, sitemap dates)."""
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


class SiteSpider(scrapy.Spider):
    """Base for family spiders; subclasses add discovery (listings, feeds)."""

    def __init__(
        self,
        site: str = "",
        run_id: str = "adhoc",
        raw_dir: str = "data/raw/adhoc",
        since: str | None = None,
        full: str | None = None,
        state_dir: str | None = None,
        state_out: str | None = None,
        probe: str | None = None,
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
        self.full = str(full or "").lower() in _TRUE
        self.allowed_domains = [self.site["host"].removeprefix("www.")]
        if self.site["selectors"].get("article_url"):
            # The site's own article URL rule: links, feeds and sitemaps (article_url_problem).
            self.article_url = self.site["selectors"]["article_url"]
        self._seen: set[str] = set()
        self._pending: dict[str, tuple[str, dict]] = {}  # requested, not yet recorded
        self.probe_limit: int | None = int(probe) if probe else None
        self._probe_requests = 0
        if self.probe_limit is not None:
            state_dir = "off"
        self.state = CrawlState.for_site(self.site["id"], state_dir)
        self.state_out = Path(state_out) if state_out else None
        # What this run learnt; merged into the state when the crawl finishes.
        self._articles: dict[str, dict[str, Any]] = {}
        self._pages: dict[str, dict[str, Any]] = {}
        self.stats_known = 0  # discovered links skipped because an earlier run has them
        self._updates: dict[str, str] = {}  # latest update time any source showed, per URL
        self._requested: set[str] = set()  # URLs asked this run (not only seen)
        self._revalidation_done = False

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SiteSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # The site's delay is DOWNLOAD_DELAY, set from PROVNEWS_SITE_DELAY by the RunSettings
        # add-on (spiders/command.py); a `download_delay` set here would be ignored.
        spider.backfill_max_pages = crawler.settings.getint(
            "PROVNEWS_BACKFILL_MAX_PAGES", default("backfill_max_pages")
        )
        spider.revalidate_days = crawler.settings.getint(
            "PROVNEWS_REVALIDATE_DAYS", default("revalidate_days")
        )
        spider.revalidate_share = crawler.settings.getfloat(
            "PROVNEWS_REVALIDATE_SHARE", default("revalidate_share")
        )
        # The revalidation turn comes when discovery is done (spider_idle): a change a
        # listing, feed or sitemap shows is then already asked for, and marked as such.
        crawler.signals.connect(spider._revalidate_when_idle, signal=signals.spider_idle)
        if spider.state.problem:
            spider.logger.warning(
                "state site=%s stage=crawl error=%s", spider.site["id"], spider.state.problem
            )
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
        conditional: dict[str, Any] | None = None,
    ) -> Request | None:
        """A request that is recorded however it ends; None if the URL was already queued.

        Listings, feeds and sitemaps are asked conditionally (If-None-Match /
        If-Modified-Since) when an earlier run saw an ETag or Last-Modified, unless
        ``full``; articles only when ``conditional`` (their state entry) is given.
        """
        url = without_tracking(url)
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
        headers: dict[str, str] = {}
        if not self.full:
            prior = conditional if page_type == "article" else self.state.pages.get(key)
            if prior and prior.get("status", 200) == 200:
                if prior.get("etag"):
                    headers["If-None-Match"] = prior["etag"]
                if prior.get("last_modified"):
                    headers["If-Modified-Since"] = prior["last_modified"]
        self._pending[key] = (url, meta)  # until a record accounts for it
        self._requested.add(key)
        return Request(
            url,
            callback=callback or self.parse_page,
            errback=self.on_error,
            headers=headers or None,
            meta={"provnews": meta, "provnews_key": key},
            dont_filter=True,
        )

    def article_url_problem(self, url: str) -> str | None:
        """Why a URL from a feed or sitemap is not an article, or None.

        The generic shapes (home page, the site's own listings, section/tag/author/pager
        paths, files) always; the site's ``selectors.article_url`` or else the family's
        ``article_url`` when the family names its article URLs (``article_url_filters``).
        """
        why = not_article_url(url, self.site["base_url"], self._listing_urls())
        if why:
            return why
        pattern = None
        if self.site["selectors"].get("article_url") or getattr(self, "article_url_filters", False):
            pattern = getattr(self, "article_url", None)
        if pattern and not re.search(pattern, url):
            return "not an article URL (does not match the article pattern)"
        return None

    def _listing_urls(self) -> list[str]:
        if not hasattr(self, "_listing_abs"):
            from urllib.parse import urljoin

            base = self.site["base_url"].rstrip("/") + "/"
            refs = list(self.site.get("start_urls") or []) + list(self.site.get("feeds") or [])
            self._listing_abs = [urljoin(base, u) for u in refs]
        return self._listing_abs

    def discovered_article(
        self,
        url: str,
        via: str,
        source: str,
        listing_date: str | None = None,
        updated: str | None = None,
    ) -> Request | dict[str, Any] | None:
        """Decide about an article link: a request, a skip record, or None (queued already).

        Known articles (an earlier run fetched them, or found them gone) are not fetched
        again but recorded as ``skipped: unchanged since <run_id>``, unless a date the
        site shows says they changed (`changed_since`): then they are re-asked
        conditionally. ``listing_date`` is the posting date shown beside the link,
        ``updated`` the update time (a listing's "Cập nhật", ``atom:updated``, a
        sitemap's ``<lastmod>``).
        """
        url = without_tracking(url)
        key = canonical_url(url)
        if updated:  # kept even when the URL is queued already (another source showed it)
            self._updates[key] = latest(self._updates.get(key), updated) or updated
        if key in self._seen:
            return None
        if self.since and (listing_date or updated):
            day = parse_day(listing_date or updated)
            if day and day < self.since:
                self._seen.add(key)
                return self.skip_record(url, "article", via, source, "before --since", listing_date)
        entry = None if self.full else self.state.settled(key)
        if entry is not None:
            if entry.get("not_article"):
                self._seen.add(key)
                self._articles[key] = {**entry, "seen_run_id": self.run_id}
                why = f"{entry['not_article']} (found in {entry.get('run_id')})"
                return self.skip_record(url, "article", via, source, why, listing_date)
            hint = changed_since(entry, listing_date, updated)
            if entry.get("status") in (200, 304) and hint:
                req = self.request(url, "article", via, source, listing_date, conditional=entry)
                if req is not None:
                    req.meta["provnews"]["updated"] = updated
                    req.meta["provnews"]["recheck"] = hint
                return req
            self._seen.add(key)
            self.stats_known += 1
            seen = {**entry, "seen_run_id": self.run_id}
            if listing_date:
                seen["listing_date"] = listing_date
            if updated:
                seen["updated"] = latest(entry.get("updated"), updated)
            self._articles[key] = seen
            if entry.get("status") in (404, 410):
                why = f"gone (HTTP {entry['status']}) since {entry.get('run_id')}"
            elif entry.get("status") not in (200, 304):
                why = f"failed {entry.get('attempts', 0)} times, last in {entry.get('run_id')}"
            else:
                why = f"unchanged since {entry.get('run_id')}"
            rec = self.skip_record(url, "article", via, source, why, listing_date)
            rec["previous_run_id"] = entry.get("run_id")
            return rec
        if self.probe_limit is not None:
            if self._probe_requests >= self.probe_limit:
                self._seen.add(key)
                return self.skip_record(url, "article", via, source, "probe limit", listing_date)
            self._probe_requests += 1
        req = self.request(url, "article", via, source, listing_date)
        if req is not None:
            req.meta["provnews"]["updated"] = updated
        return req

    def _revalidate_when_idle(self) -> None:
        if self._revalidation_done:
            return
        self._revalidation_done = True
        scheduled = 0
        for req in self.revalidation_requests():
            self.crawler.engine.crawl(req)
            scheduled += 1
        if scheduled:
            raise DontCloseSpider

    def revalidation_requests(self) -> Iterator[Request]:
        """Known articles asked again, conditionally, though nothing said they changed.

        Sites that print no update time never tell a crawler of an edit, so every night
        a rotating share of the recent articles is asked again with If-None-Match /
        If-Modified-Since (`revalidation_due`). Asked once discovery is done, skipping
        URLs this run already asked for; recorded with ``via: revalidation`` (an article a
        listing showed as unchanged has its skip record and then this one).
        """
        if self.full or self.probe_limit is not None or self.since or not self.state.articles:
            return
        due = revalidation_due(
            self.state.articles,
            datetime.now(UTC),
            self.revalidate_days,
            self.revalidate_share,
        )
        for key in due:
            entry = self.state.articles[key]
            if key in self._requested:
                continue
            self._seen.discard(key)  # a skip record for it is no request
            req = self.request(entry["url"], "article", "revalidation", None,
                               entry.get("listing_date"), conditional=entry)  # fmt: skip
            if req is not None:
                req.meta["provnews"]["recheck"] = "revalidation"
                yield req

    def parse_page(self, response: Response) -> Iterator[Any]:
        page_type = response.meta["provnews"]["page_type"]
        found: list[Any] = []
        if page_type != "article" and response.status == 200:
            # Discover first: a feed that does not parse marks its own record as an error,
            # and a page whose links break discovery is still recorded (never lost).
            try:
                found = list(self.discover(response))
            except Exception as exc:  # noqa: BLE001 - any bad link/markup; keep the record
                self.logger.warning("site=%s url=%s stage=discover error=%r",
                                    self.site["id"], response.url, exc)  # fmt: skip
                response.meta["provnews_problem"] = f"discovery failed: {type(exc).__name__}: {exc}"
        yield self.record(response, error=response.meta.get("provnews_problem"))
        yield from found

    def discover(self, response: Response) -> Iterator[Any]:
        """Subclasses yield article/listing requests found on a listing or feed page."""
        return iter(())

    # -- raw records ------------------------------------------------------

    def record(self, response: Response, error: str | None = None) -> dict[str, Any]:
        meta = response.meta["provnews"]
        self._pending.pop(response.meta.get("provnews_key"), None)
        body = response.body
        html = encoding = None
        ctype = response.headers.get(b"Content-Type", b"") or b""
        if (
            response.status != 304
            and isinstance(response, TextResponse)
            and (not ctype or _TEXT_TYPES.search(ctype))
        ):
            html, encoding = response.text, response.encoding
            if "\ufffd" in html and "\ufffd".encode() not in body:
                # The declared charset lies (legacy cp1258 labelled utf-8): sniff the bytes.
                html, encoding = decode_body(body, None)
        headers = {
            k.decode("latin-1").lower(): v[0].decode("latin-1")
            for k, v in response.headers.items()
            if v
        }
        key = response.meta.get("provnews_key") or canonical_url(response.url)
        extra: dict[str, Any] = {}
        if response.status == 304:
            prior = self.state.article(key) if meta["page_type"] == "article" else None
            prior = prior or self.state.pages.get(key) or {}
            since = prior.get("run_id") or self.state.loaded_from
            turn = "revalidation: " if meta.get("recheck") == "revalidation" else ""
            error = error or f"skipped: {turn}not modified since {since} (HTTP 304)"
            extra = {"not_modified": True, "previous_run_id": since}
        elif error is None and response.status >= 400:
            error = f"HTTP {response.status}"
        elif error is None and meta["page_type"] == "article" and html:
            # A home, category or static page reached as an article: kept in raw for
            # the record, never loaded, and not fetched again on later nights.
            why = not_article_page(html)
            if why:
                error = f"skipped: {why}"
                extra = {"not_article": why}
        digest = hashlib.sha256(body).hexdigest() if response.status != 304 else None
        self._remember(key, response, meta, digest, headers, extra.get("not_article"))
        return {
            "run_id": self.run_id,
            "site_id": self.site["id"],
            # The URL as discovered, even when the site redirected it (final_url has the rest).
            "url": (response.meta.get("redirect_urls") or [None])[0]
            or (response.request.url if response.request else response.url),
            "final_url": response.url,
            "status": response.status,
            "fetched_at": _now(),
            "headers": headers,
            "html": html,
            "encoding": encoding,
            "bytes": len(body),
            "sha256": digest,
            "error": error,
            **meta,
            **extra,
        }

    def _remember(
        self,
        key: str,
        response: Response,
        meta: dict[str, Any],
        digest: str | None,
        headers: dict[str, str],
        not_article: str | None = None,
    ) -> None:
        status = response.status
        url = response.request.url if response.request else response.url
        if meta["page_type"] == "article":
            prior = self.state.article(key) or {}
            now = _now()
            if status == 304:
                entry = {**prior, "seen_run_id": self.run_id, "checked_at": now}
            elif status == 200 or status in (404, 410):
                entry = {
                    "url": url,
                    "status": status,
                    "sha256": digest if status == 200 else None,
                    "etag": headers.get("etag"),
                    "last_modified": headers.get("last-modified"),
                    "run_id": self.run_id,
                    "seen_run_id": self.run_id,
                    "checked_at": now,
                    "first_seen": prior.get("first_seen") or now,
                }
                if prior.get("updated"):
                    entry["updated"] = prior["updated"]
                if not_article:
                    entry["not_article"] = not_article
            else:
                entry = self._failed(prior, url, status)
            if meta.get("listing_date"):
                entry["listing_date"] = meta["listing_date"]
            if meta.get("updated"):
                entry["updated"] = latest(entry.get("updated"), meta["updated"])
            self._articles[key] = entry
        elif status == 200:
            self._pages[key] = {
                "url": url,
                "page_type": meta["page_type"],
                "sha256": digest,
                "etag": headers.get("etag"),
                "last_modified": headers.get("last-modified"),
                "lastmod": meta.get("listing_date"),
                "run_id": self.run_id,
            }
        elif status == 304 and key in self.state.pages:
            self._pages[key] = {**self.state.pages[key], "lastmod": meta.get("listing_date")}

    def _failed(self, prior: dict[str, Any], url: str, status: int | None) -> dict[str, Any]:
        keep = prior if prior.get("status") == 200 else {}
        return {
            **keep,
            "url": url,
            "status": keep.get("status", status),
            "attempts": (prior.get("attempts", 0) if prior.get("status") != 200 else 0) + 1,
            "run_id": keep.get("run_id", self.run_id),
            "seen_run_id": self.run_id,
            "last_error_status": status,
        }

    def failure_record(self, request: Request, error: str) -> dict[str, Any]:
        self._pending.pop(request.meta.get("provnews_key"), None)
        return {
            "run_id": self.run_id,
            "site_id": self.site["id"],
            "url": (request.meta.get("redirect_urls") or [request.url])[0],
            "final_url": request.url if request.meta.get("redirect_urls") else None,
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
        meta = request.meta["provnews"]
        if meta["page_type"] == "article":
            key = request.meta.get("provnews_key") or canonical_url(request.url)
            self._articles[key] = self._failed(self.state.article(key) or {}, request.url, None)
        yield self.failure_record(request, f"{failure.type.__name__}: {message}".strip())

    def skip_record(
        self,
        url: str,
        page_type: str,
        via: str,
        source: str,
        reason: str,
        listing_date: str | None = None,
    ) -> dict:
        """Account for a discovered URL the spider decided not to fetch."""
        meta = {
            "page_type": page_type,
            "via": via,
            "discovered_from": source,
            "listing_date": listing_date,
        }
        request = Request(url, meta={"provnews": meta})
        return self.failure_record(request, f"skipped: {reason}")

    # -- end of the crawl -------------------------------------------------

    def _account_unfetched(self, reason: str) -> None:
        """A crawl stopped early (time budget, page cap) still accounts for every URL it
        had queued: one ``skipped`` raw record each, appended after the pipeline closed."""
        if not self._pending:
            return
        import gzip
        import json
        from pathlib import Path

        path = Path(self.raw_dir) / f"{self.site['id']}.jsonl.gz"
        with gzip.open(path, "at", encoding="utf-8") as fh:
            for url, meta in list(self._pending.values()):
                rec = self.failure_record(
                    Request(url, meta={"provnews": meta}), f"skipped: crawl stopped ({reason})"
                )
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        self.logger.warning(
            "site=%s stage=crawl %d queued URLs recorded as skipped (%s)",
            self.site["id"], len(self._pending), reason,
        )  # fmt: skip
        self._pending.clear()

    def closed(self, reason: str) -> None:
        """Write the merged state, only when the crawl finished normally."""
        self._account_unfetched(reason)
        if reason != "finished" or self.state.path is None:
            self.logger.info("state site=%s not written (close reason %s)", self.site["id"], reason)
            return
        self.state.articles.update(self._articles)
        for key, when in self._updates.items():
            entry = self.state.articles.get(key)
            if entry is not None and entry.get("status") in (200, 304):
                entry["updated"] = latest(entry.get("updated"), when)
        self.state.pages.update(self._pages)
        path = self.state.save(self.run_id, self.state_out)
        self.logger.info(
            "state site=%s written %s (%d articles, %d pages, %d known skipped)",
            self.site["id"],
            path,
            len(self.state.articles),
            len(self.state.pages),
            self.stats_known,
        )
