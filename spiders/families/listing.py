"""Listing-based discovery: start pages → article links + pagination, then articles.

A family is a subclass that only names its selectors and URL patterns
(Querido Diário's pattern); a site entry may override `article_links`/`next_page`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from scrapy.http import Response

from spiders.families.base import SiteSpider
from spiders.families.feedparse import feed_requests


class ListingSpider(SiteSpider):
    # CSS selectors for links to articles on a listing page (first that matches wins).
    article_links: tuple[str, ...] = ()
    # CSS selectors for pagination links.
    next_page: tuple[str, ...] = ()
    # Article URLs match this; used to filter links and as the fallback discovery rule.
    article_url: str = r"$^"

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

    async def start(self) -> Any:
        for item in self.start_requests():
            yield item

    def _selectors(self, key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        value = self.site["selectors"].get(key)
        if value is None:
            return default
        return (value,) if isinstance(value, str) else tuple(value)

    def discover(self, response: Response) -> Iterator[Any]:
        page_type = response.meta["provnews"]["page_type"]
        if page_type in ("feed", "sitemap"):
            yield from feed_requests(self, response)
            return
        pattern = re.compile(self.article_url)
        links: list[str] = []
        for css in self._selectors("article_links", self.article_links):
            links = response.css(css).css("::attr(href)").getall() or response.css(
                f"{css}::attr(href)"
            ).getall()
            if links:
                break
        if not links:
            # Template drift or an unknown layout: any same-site link shaped like an article.
            links = [u for u in response.css("a::attr(href)").getall() if pattern.search(u)]
        for href in links:
            url = response.urljoin(href.strip())
            if not url.startswith(("http://", "https://")):
                continue
            req = self.request(url, "article", "listing", source=response.url)
            if req:
                yield req
        page = response.meta.get("provnews_page", 1)
        if page >= self.site["max_pages"]:
            return
        for css in self._selectors("next_page", self.next_page):
            for href in response.css(css).css("::attr(href)").getall():
                href = href.strip()
                if not href or href.startswith(("javascript:", "#")):
                    continue
                url = response.urljoin(href)
                req = self.request(url, "listing", "pagination", source=response.url)
                if req:
                    req.meta["provnews_page"] = page + 1
                    yield req


class ContentFckSpider(ListingSpider):
    """Provincial press CMS with `-a<id>.html` article URLs (Báo Cần Thơ and others)."""

    name = "content-fck"
    article_links = ("ul.list-news-img-style-1 a.b-title", ".list-news a.b-title")
    next_page = ("div#page a",)
    article_url = r"-a\d+\.html$"


class CmsZceSpider(ListingSpider):
    """The `cms-*`/`zce-content-body` press platform (`-post<id>.html`)."""

    name = "cms-zce"
    article_links = ("h3.story__heading a.cms-link", "a.cms-link")
    next_page = ("a.pagination__next", "ul.pagination a")
    article_url = r"-post\d+\.html$"


class ProvincialPlatformSpider(ListingSpider):
    """The shared portal product with `div.PostDate`/`div.ArticleContent`."""

    name = "provincial-platform"
    article_links = ("div.ListNews a.Title", ".NewsItem a.Title", ".ListNews h3 a")
    next_page = ("div.Paging a", ".paging a")
    article_url = r"/tin-tuc/[^/?#]+-\d+\.html$"


class LiferaySpider(ListingSpider):
    """Liferay portals: asset-publisher listings, `/-/` article URLs, `_cur=N` pagers."""

    name = "liferay"
    article_links = (".asset-abstract a.asset-title", ".asset-title a", ".asset-abstract a")
    next_page = (".lfr-pagination-buttons a", "ul.pagination a", ".pager a")
    article_url = r"/(?:web/guest/)?-/|/-/asset_publisher/"


class SharePointSpider(ListingSpider):
    """SharePoint portals: `/Trang/…aspx` listings, `ChiTietTinTuc.aspx?nid=` articles."""

    name = "sharepoint"
    article_links = (".news-list a.title", ".list-news a", "a[href*='ChiTietTinTuc.aspx']")
    next_page = (".paging a", ".pagination a")
    article_url = r"ChiTietTinTuc\.aspx\?nid=\d+"


class AspNetSpider(ListingSpider):
    """ASP.NET Web Forms / DNN: only what is reachable by GET is followed; postback
    pagers need a form post, which the site entry must say (then use its feed)."""

    name = "aspnet"
    article_links = ("a[href*='NewsID=']", "a[href*='ContentID=']", "a[href*='.aspx?nid=']")
    next_page = ("a.page-link[href^='http']", ".pager a[href*='page=']")
    article_url = r"(?:NewsID|ContentID|nid)=[\w-]+"


class NukeVietSpider(ListingSpider):
    """NukeViet: `/news/<cat>/<alias>-<id>.html`, pagination `/page-<n>`."""

    name = "nukeviet"
    article_links = (".news_column h3 a", ".news-list h3 a", "h3 a[href*='/news/']")
    next_page = (".pagination a", ".generate_page a")
    article_url = r"/news/[^?#]+-\d+\.html$"


class WordPressSpider(ListingSpider):
    """WordPress: `article.post .entry-title a`, pagination `/page/<n>/`."""

    name = "wordpress"
    article_links = ("article.post .entry-title a", "h2.entry-title a", ".post h2 a")
    next_page = ("a.next.page-numbers", ".nav-previous a", ".pagination a.next")
    article_url = r"/[^/?#]+\.html?$|/\d{4}/\d{2}/[^/]+/?$"


class DrupalSpider(ListingSpider):
    """Drupal: `views-row` items, `?page=<n>` counting from 0."""

    name = "drupal"
    article_links = (".views-row .views-field-title a", ".views-row h2 a", ".node-title a")
    next_page = ("li.pager-next a", "li.pager__item--next a")
    article_url = r"/node/\d+|/bai-viet/\d+"
