"""RSS/Atom/sitemap parsing for discovery; entity expansion and network access are off."""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator
from datetime import date
from email.utils import parsedate_to_datetime
from typing import Any

from lxml import etree
from scrapy.http import Response

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, recover=True, load_dtd=False
)
_MAX_XML = 50 * 1024 * 1024


def _local(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def parse_feed(body: bytes) -> tuple[str, list[tuple[str, str | None]]]:
    """Return (kind, [(url, date)]) where kind is rss, atom, sitemap or sitemapindex."""
    if body[:2] == b"\x1f\x8b":
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as f:
            body = f.read(_MAX_XML)
    root = etree.fromstring(body, parser=_PARSER)
    if root is None:
        raise ValueError("empty or unparseable XML")
    kind = _local(root.tag).lower()
    entries: list[tuple[str, str | None]] = []
    if kind in ("urlset", "sitemapindex"):
        for node in root:
            loc = date = None
            for child in node.iter():
                name = _local(child.tag)
                if name == "loc":
                    loc = (child.text or "").strip()
                elif name in ("lastmod", "publication_date") and not date:
                    date = (child.text or "").strip()
            if loc:
                entries.append((loc, date))
        return ("sitemapindex" if kind == "sitemapindex" else "sitemap"), entries
    if kind in ("rss", "rdf"):
        for item in root.iter():
            if _local(item.tag) != "item":
                continue
            link = date = None
            for child in item:
                name = _local(child.tag)
                if name == "link":
                    link = (child.text or "").strip()
                elif name in ("pubDate", "date"):
                    date = (child.text or "").strip()
            if link:
                entries.append((link, date))
        return "rss", entries
    if kind == "feed":
        for entry in root:
            if _local(entry.tag) != "entry":
                continue
            link = date = None
            for child in entry:
                name = _local(child.tag)
                if name == "link" and child.get("rel", "alternate") == "alternate":
                    link = child.get("href")
                elif name in ("published", "updated") and not date:
                    date = (child.text or "").strip()
            if link:
                entries.append((link, date))
        return "atom", entries
    raise ValueError(f"not a feed or sitemap (root element <{kind}>)")


def feed_requests(spider: Any, response: Response) -> Iterator[Any]:
    """Requests (or skip records) for every entry of a feed or sitemap.

    Nested sitemaps are followed, except a child whose index ``lastmod`` is the one an
    earlier run already read (then it is recorded as skipped, not fetched).
    """
    try:
        kind, entries = parse_feed(response.body)
    except (ValueError, etree.XMLSyntaxError) as e:
        spider.logger.warning(
            "bad feed site=%s url=%s stage=discover error=%s", spider.site["id"], response.url, e
        )
        response.meta["provnews_problem"] = "bad feed: " + " ".join(str(e).split())[:200]
        return
    for url, when in entries:
        url = response.urljoin(url)
        if kind == "sitemapindex":
            out = sitemap_child(spider, url, when, response.url)
        else:
            via = "sitemap" if kind == "sitemap" else "feed"
            out = spider.discovered_article(url, via, response.url, listing_date=when)
        if out is not None:
            yield out


def sitemap_child(spider: Any, url: str, lastmod: str | None, source: str) -> Any:
    from cleaning.urls import canonical_url

    key = canonical_url(url)
    prior = None if spider.full else spider.state.pages.get(key)
    if spider.since and lastmod:
        day = _day(lastmod)
        if day and day < spider.since:
            return spider.skip_record(url, "sitemap", "sitemap", source, "before --since", lastmod)
    if prior and lastmod and prior.get("lastmod") == lastmod and key not in spider._seen:
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
