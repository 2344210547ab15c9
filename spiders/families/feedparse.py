"""RSS/Atom/sitemap parsing for discovery; entity expansion and network access are off."""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime
from typing import Any

from lxml import etree
from scrapy.http import Response

from cleaning.urls import canonical_url
from spiders.families.pagekind import not_article_sitemap
from spiders.families.timing import compare

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, recover=True, load_dtd=False
)
_MAX_XML = 50 * 1024 * 1024


def _local(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


@dataclass(frozen=True)
class Entry:
    """One feed item or sitemap URL: its link, posting date and update time as written."""

    url: str
    posted: str | None = None  # RSS pubDate, Atom published, news:publication_date
    updated: str | None = None  # Atom/RSS atom:updated, dc:modified, sitemap lastmod

    @property
    def date(self) -> str | None:
        return self.posted or self.updated


def parse_feed(body: bytes) -> tuple[str, list[tuple[str, str | None]]]:
    """Return (kind, [(url, date)]) where kind is rss, atom, sitemap or sitemapindex and
    date is the posting date, else the update time."""
    kind, entries = parse_entries(body)
    return kind, [(e.url, e.date) for e in entries]


def _child_text(node: Any) -> str | None:
    return (node.text or "").strip() or None


def parse_entries(body: bytes) -> tuple[str, list[Entry]]:
    """Return (kind, entries) where kind is rss, atom, sitemap or sitemapindex."""
    if body[:2] == b"\x1f\x8b":
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as f:
            body = f.read(_MAX_XML)
    root = etree.fromstring(body, parser=_PARSER)
    if root is None:
        raise ValueError("empty or unparseable XML")
    kind = _local(root.tag).lower()
    entries: list[Entry] = []
    if kind in ("urlset", "sitemapindex"):
        for node in root:
            loc = posted = updated = None
            for child in node.iter():
                name = _local(child.tag)
                if name == "loc" and loc is None:
                    loc = _child_text(child)
                elif name == "lastmod" and not updated:
                    updated = _child_text(child)
                elif name == "publication_date" and not posted:
                    posted = _child_text(child)
            if loc:
                entries.append(Entry(loc, posted, updated))
        return ("sitemapindex" if kind == "sitemapindex" else "sitemap"), entries
    if kind in ("rss", "rdf"):
        for item in root.iter():
            if _local(item.tag) != "item":
                continue
            link = posted = updated = None
            for child in item:
                name = _local(child.tag)
                if name == "link":
                    link = _child_text(child)
                elif name in ("pubDate", "date") and not posted:
                    posted = _child_text(child)
                elif name in ("updated", "modified") and not updated:
                    updated = _child_text(child)
            if link:
                entries.append(Entry(link, posted, updated))
        return "rss", entries
    if kind == "feed":
        for entry in root:
            if _local(entry.tag) != "entry":
                continue
            link = posted = updated = None
            for child in entry:
                name = _local(child.tag)
                if name == "link" and child.get("rel", "alternate") == "alternate":
                    link = child.get("href")
                elif name == "published" and not posted:
                    posted = _child_text(child)
                elif name == "updated" and not updated:
                    updated = _child_text(child)
            if link:
                entries.append(Entry(link, posted, updated))
        return "atom", entries
    raise ValueError(f"not a feed or sitemap (root element <{kind}>)")


def feed_requests(spider: Any, response: Response) -> Iterator[Any]:
    """Requests (or skip records) for every entry of a feed or sitemap.

    Nested sitemaps are followed, except a child whose index ``lastmod`` is not newer
    than the one an earlier run read, and children that list pages, categories, tags or
    authors (Yoast/RankMath/core naming): both recorded as skipped, not fetched. Entries
    that are not articles (spider.article_url_problem) are recorded as skipped.
    """
    try:
        kind, entries = parse_entries(response.body)
    except (ValueError, etree.XMLSyntaxError) as e:
        spider.logger.warning(
            "bad feed site=%s url=%s stage=discover error=%s", spider.site["id"], response.url, e
        )
        response.meta["provnews_problem"] = "bad feed: " + " ".join(str(e).split())[:200]
        return
    via = "sitemap" if kind in ("sitemap", "sitemapindex") else "feed"
    for e in entries:
        url = response.urljoin(e.url)
        if kind == "sitemapindex":
            out = sitemap_child(spider, url, e.updated or e.posted, response.url)
        else:
            why = spider.article_url_problem(url)
            if why is not None:
                key = canonical_url(url)
                if key in spider._seen:
                    continue
                spider._seen.add(key)
                out = spider.skip_record(url, "article", via, response.url, why, e.posted)
            else:
                out = spider.discovered_article(
                    url, via, response.url, listing_date=e.posted, updated=e.updated
                )
        if out is not None:
            yield out


def sitemap_child(spider: Any, url: str, lastmod: str | None, source: str) -> Any:
    key = canonical_url(url)
    prior = None if spider.full else spider.state.pages.get(key)
    kind = not_article_sitemap(url)
    if kind and key not in spider._seen:
        spider._seen.add(key)
        return spider.skip_record(url, "sitemap", "sitemap", source, kind, lastmod)
    if spider.since and lastmod:
        day = _day(lastmod)
        if day and day < spider.since:
            return spider.skip_record(url, "sitemap", "sitemap", source, "before --since", lastmod)
    seen_lastmod = prior.get("lastmod") if prior else None
    unchanged = (
        seen_lastmod is not None
        and lastmod is not None
        and (lastmod == seen_lastmod or compare(lastmod, seen_lastmod) in (0, -1))
    )
    if unchanged and key not in spider._seen:
        spider._seen.add(key)
        spider._pages[key] = prior
        why = f"unchanged since {prior.get('run_id')} (sitemap lastmod {lastmod})"
        return spider.skip_record(url, "sitemap", "sitemap", source, why, lastmod)
    return spider.request(url, "sitemap", "sitemap", source=source, listing_date=lastmod)


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        try:
            return parsedate_to_datetime(text).date()
        except (TypeError, ValueError):
            return None


def _older_than(text: str, since: date) -> bool:
    d = _day(text)
    return d is not None and d < since
