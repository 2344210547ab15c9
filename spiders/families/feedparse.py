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
    """Requests for every entry of a feed or sitemap; nested sitemaps are followed."""
    try:
        kind, entries = parse_feed(response.body)
    except (ValueError, etree.XMLSyntaxError) as e:
        spider.logger.warning(
            "bad feed site=%s url=%s stage=discover error=%s", spider.site["id"], response.url, e
        )
        return
    for url, date in entries:
        url = response.urljoin(url)
        if kind == "sitemapindex":
            req = spider.request(url, "sitemap", "sitemap", source=response.url)
        else:
            if spider.since and date and _older_than(date, spider.since):
                yield spider.skip_record(url, "article", kind, response.url, "before --since")
                continue
            via = "sitemap" if kind == "sitemap" else "feed"
            req = spider.request(url, "article", via, source=response.url, listing_date=date)
        if req:
            yield req


def _older_than(text: str, since: date) -> bool:
    try:
        d = date.fromisoformat(text[:10])
    except ValueError:
        try:
            d = parsedate_to_datetime(text).date()
        except (TypeError, ValueError):
            return False
    return d < since
