"""Generic feed spider: discovery only from RSS/Atom feeds and sitemaps (with indexes, gzip)."""

from __future__ import annotations

from spiders.families.listing import ListingSpider


class FeedSpider(ListingSpider):
    name = "feed"
