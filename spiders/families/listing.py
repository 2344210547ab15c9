"""Listing-based discovery: start pages → article links + pagination, then articles.

A family's spider is derived from its module in families/ (its `Crawl`: selectors and URL
patterns, Querido Diário's pattern without the subclass); a site entry may override
`article_links`/`next_page`.

Pagination follows one page at a time: the link to page n+1 (by its number, a
"next" word such as `Sau`/`Tiếp`/`»`, or the family's page parameter), never the
whole pager at once, so an incremental night stops as soon as it meets a known
article. `javascript:` links (ASP.NET postbacks) are never followed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from parsel import Selector
from scrapy.http import Response

from cleaning.dates import find_posting_date, iter_dates
from cleaning.urls import canonical_url
from families import FAMILIES, Family
from spiders.families.base import SiteSpider, parse_day
from spiders.families.feedparse import feed_requests
from spiders.families.pager import NEXT_WORDS, generic_next_page


def _text(sel: Selector) -> str:
    return " ".join(" ".join(sel.css("::text").getall()).split())


# "Cập nhật: 08/12/2026 09:15", "Cập nhật lúc 09:15 08/12/2026", "Sửa lần cuối ..."
_UPDATED_LABEL = re.compile(r"(?:cập nhật|sửa lần cuối|chỉnh sửa|updated)\s*(?:lúc|ngày|:)?", re.I)
# Machine-readable update times themes print in a listing item.
_UPDATED_ATTRS = (
    "time.updated::attr(datetime)",
    "[itemprop=dateModified]::attr(datetime)",
    "[itemprop=dateModified]::attr(content)",
    "[data-modified]::attr(data-modified)",
    "time.updated::text",
)


def listing_update_time(block: Selector) -> str | None:
    """The update time a listing item shows: a marked-up one, else the date written
    after a "Cập nhật" label. ISO 8601 as the page gives it, or as cleaning.dates reads it."""
    for css in _UPDATED_ATTRS:
        value = (block.css(css).get() or "").strip()
        if value and re.match(r"\d{4}-\d{2}-\d{2}", value):
            return value
    text = _text(block)
    m = _UPDATED_LABEL.search(text)
    if not m:
        return None
    for found in iter_dates(text[m.end() : m.end() + 60]):
        return found.value
    return None


class ListingSpider(SiteSpider):
    # CSS selectors for links to articles on a listing page (first that matches wins).
    article_links: tuple[str, ...] = ()
    # CSS selectors for pagination links (the pager; the link to page n+1 is chosen).
    next_page: tuple[str, ...] = ()
    # Article URLs match this; used to filter links and as the fallback discovery rule.
    article_url: str = r"$^"
    # Query parameter carrying the page number, and the number of the first page.
    page_param: str = r"^(?:page|p|Page|trang)$"
    page_base: int = 1

    # Whether article_url filters feed and sitemap URLs too (families.spec.Crawl).
    article_url_filters: bool = True

    def start_requests(self) -> Iterator[Any]:
        for url in self.site["start_urls"]:
            req = self.request(url, "listing", "start")
            if req:
                req.meta["provnews_page"] = 1
                yield req
        for url in self.site["feeds"]:
            req = self.request(url, "feed", "start")
            if req:
                yield req
        # Articles that failed last time (5xx, no answer) are retried directly: a
        # listing that now answers 304 would not show them again.
        if not self.full:
            for key, entry in self.state.articles.items():
                if entry.get("status") not in (200, 304, 404, 410) and key not in self._seen:
                    if entry.get("attempts", 0) < 3:
                        req = self.request(entry["url"], "article", "listing", None)
                        if req:
                            yield req

    async def start(self) -> Any:
        for item in self.start_requests():
            yield item

    def _selectors(self, key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        value = self.site["selectors"].get(key)
        if value is None:
            return default
        return (value,) if isinstance(value, str) else tuple(value)

    # -- listing pages ----------------------------------------------------

    def _anchors(self, response: Response) -> list[Selector]:
        pattern = re.compile(self.article_url)
        for css in self._selectors("article_links", self.article_links):
            found = []
            for node in response.css(css):
                if node.attrib.get("href") is not None:
                    found.append(node)
                else:
                    found.extend(node.css("a[href]")[:1])
            if found:
                return found
        # Template drift or an unknown layout: any link shaped like an article.
        return [a for a in response.css("a[href]") if pattern.search(a.attrib["href"])]

    def _same_site(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
        return host == self.site["host"].removeprefix("www.")

    def _listing_dates(
        self, anchor: Selector, href: str, response: Response
    ) -> tuple[str | None, str | None]:
        """(posting date, update time) printed next to a link: read in the nearest
        enclosing block that holds this article's link only."""
        ancestors = anchor.xpath("ancestor::*")
        target = canonical_url(response.urljoin(href))
        for anc in list(ancestors)[::-1][:4]:
            others = {
                canonical_url(response.urljoin(h))
                for h in anc.css("a::attr(href)").getall()
                if re.search(self.article_url, h) or h.strip() == href
            }
            if others - {target}:
                return None, None
            updated = listing_update_time(anc)
            text = _text(anc)
            if text and re.search(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}", text):
                return find_posting_date(_UPDATED_LABEL.split(text)[0] or text), updated
            if updated:
                return None, updated
        return None, None

    def discover(self, response: Response) -> Iterator[Any]:
        page_type = response.meta["provnews"]["page_type"]
        if page_type in ("feed", "sitemap"):
            yield from feed_requests(self, response)
            return
        known = older = dated = 0
        links = 0
        for anchor in self._anchors(response):
            href = anchor.attrib["href"].strip()
            url = response.urljoin(href)
            if not url.startswith(("http://", "https://")) or not self._same_site(url):
                continue
            links += 1
            day, updated = self._listing_dates(anchor, href, response)
            if day:
                dated += 1
                d = parse_day(day)
                if self.since and d and d < self.since:
                    older += 1
            if not self.full and canonical_url(url) in self.state.articles:
                known += 1
            out = self.discovered_article(
                url, "listing", response.url, listing_date=day, updated=updated
            )
            if out is not None:
                yield out
        page = response.meta.get("provnews_page", 1)
        if self.since:
            limit = max(self.site["max_pages"], self.backfill_max_pages)
            if links and dated and older == dated:
                return  # every dated link is before the cut-off
        else:
            limit = self.site["max_pages"]
            if known and not self.full:
                return  # reached what an earlier night already has
        if page >= limit or not links or (self.probe_limit is not None and page >= 2):
            return  # a probe reads page 2 only, to show the pager is found
        url = self.next_page_url(response, page)
        if url:
            req = self.request(url, "listing", "pagination", source=response.url)
            if req:
                req.meta["provnews_page"] = page + 1
                # How the link was found: the family's (site's) pager selectors or the
                # generic finder's rule (raw records and `sites probe` show it).
                req.meta["provnews"]["pager"] = response.meta.get("provnews_pager") or (
                    "pager selectors"
                )
                yield req

    def next_page_url(self, response: Response, page: int) -> str | None:
        """The link to page `page + 1`: among the family's (or site's) pager links first,
        else found by the generic finder (spiders/families/pager.py)."""
        pager: list[Selector] = []
        for css in self._selectors("next_page", self.next_page):
            for node in response.css(css):
                pager.extend([node] if node.attrib.get("href") is not None else node.css("a[href]"))
        usable = []
        for a in pager:
            href = a.attrib["href"].strip()
            if not href or href.startswith(("javascript:", "#")):
                continue
            usable.append((response.urljoin(href), _text(a).lower(), a))
        want = page + 1
        param = re.compile(self.page_param)
        for url, text, _ in usable:
            if text == str(want):
                return url
        for url, _, _a in usable:
            q = dict(parse_qsl(urlsplit(url).query))
            for k, v in q.items():
                if param.search(k) and v.isdigit() and int(v) == want - 1 + self.page_base:
                    return url
        for url, text, a in usable:
            rel = (a.attrib.get("rel") or "").lower()
            if text in NEXT_WORDS or "next" in rel or "next" in (a.attrib.get("class") or ""):
                return url
        found = generic_next_page(response, page, self.page_param, self.page_base)
        if found is not None:
            response.meta["provnews_pager"] = found.how
            return found.url
        return None


def spider_class(family: Family) -> type[ListingSpider]:
    """The Scrapy spider of a crawler family: ListingSpider with the family's `Crawl`."""
    crawl = family.crawl
    assert crawl is not None, family.name
    attrs = {
        "name": family.name,
        "__doc__": family.doc,
        "__module__": __name__,
        "article_links": crawl.article_links,
        "next_page": crawl.next_page,
        "article_url": crawl.article_url,
        "page_param": crawl.page_param,
        "page_base": crawl.page_base,
        "article_url_filters": crawl.filters_feeds,
    }
    title = "".join(part.title() for part in family.name.split("-"))
    return type(f"{title}Spider", (ListingSpider,), attrs)


# One spider per crawler family of the table (families/); Scrapy finds them here by name.
SPIDERS: dict[str, type[ListingSpider]] = {
    name: spider_class(fam) for name, fam in FAMILIES.items() if fam.crawl is not None
}
globals().update({cls.__name__: cls for cls in SPIDERS.values()})
