from __future__ import annotations

import gzip

import pytest

from provnews.settings import parse_host_map
from spiders.families.feedparse import parse_feed


def test_rss_items_with_dates() -> None:
    body = b"""<?xml version="1.0"?><rss><channel>
      <item><link>https://x.vn/a-1.html</link>
            <pubDate>Thu, 01 Apr 2021 18:14:15 +0700</pubDate></item>
      <item><link> https://x.vn/b-2.html </link></item></channel></rss>"""
    kind, entries = parse_feed(body)
    assert kind == "rss"
    assert entries == [
        ("https://x.vn/a-1.html", "Thu, 01 Apr 2021 18:14:15 +0700"),
        ("https://x.vn/b-2.html", None),
    ]


def test_gzip_sitemap_index() -> None:
    xml = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://x.vn/s1.xml.gz</loc><lastmod>2025-06-17</lastmod></sitemap>
    </sitemapindex>"""
    kind, entries = parse_feed(gzip.compress(xml))
    assert (kind, entries) == ("sitemapindex", [("https://x.vn/s1.xml.gz", "2025-06-17")])


def test_entities_are_not_expanded() -> None:
    bomb = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">
      <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
      <urlset><url><loc>https://x.vn/&c;</loc></url></urlset>"""
    _, entries = parse_feed(bomb)
    assert all(len(u) < 100 for u, _ in entries)


def test_not_a_feed() -> None:
    with pytest.raises(ValueError, match="not a feed"):
        parse_feed(b"<html><body>hi</body></html>")


def test_host_map_parsing() -> None:
    assert parse_host_map("A.vn=127.0.0.1:81, b.vn=localhost:82") == {
        "a.vn": "127.0.0.1:81",
        "b.vn": "127.0.0.1:82",
    }
    with pytest.raises(ValueError, match="not host=127.0.0.1:PORT"):
        parse_host_map("a.vn=10.0.0.1:80")
