"""What a CMS family is: how its sites are crawled, how its pages lay out their fields,
and how a page or URL of it is recognised.

A family module (one per CMS, `families/<name>.py`) defines one `FAMILY`; nothing else
in the project names a family's selectors, patterns or detection rules. Selector strings
are CSS; a `::attr(name)` suffix reads an attribute instead of the text (as in parsel).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

FIELDS = ("title", "date", "author", "body", "views")


@dataclass(frozen=True)
class Layout:
    """Where one page layout of a family keeps its fields.

    A CMS often ships several (themes, versions): `signature` lists CSS selectors that
    all match on a page of this layout, so the cleaner picks the layout the page holds
    instead of trusting the registry's word alone. The first layout of a family is its
    default when no signature matches.
    """

    name: str
    title: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    views: tuple[str, ...] = ()
    lead: tuple[str, ...] = ()  # sapo/summary: kept out of the body
    drop: tuple[str, ...] = ()  # removed from the body container before text conversion
    signature: tuple[str, ...] = ()
    extra: Mapping[str, str] = field(default_factory=dict)

    def selectors(self, name: str) -> tuple[str, ...]:
        return getattr(self, name, ())


@dataclass(frozen=True)
class Crawl:
    """How a spider discovers a family's articles (the spider class is derived from this)."""

    # CSS selectors for links to articles on a listing page (first that matches wins).
    article_links: tuple[str, ...] = ()
    # CSS selectors for pagination links (the link to page n+1 is chosen among them).
    next_page: tuple[str, ...] = ()
    # Article URLs match this regex: filters links, feeds and sitemaps; the fallback rule.
    article_url: str = r"$^"
    # Query parameter carrying the page number, and the number of the first page.
    page_param: str = r"^(?:page|p|Page|trang)$"
    page_base: int = 1
    # Whether `article_url` also decides which feed and sitemap URLs are articles. False
    # where the family's article URLs cannot be told apart by shape (WordPress's
    # /%postname%/ permalinks look like its static pages; `feed` only guesses): there
    # the sitemap names and the fetched page's own classes decide (spiders/families/
    # pagekind.py). A site's `selectors.article_url` always filters.
    filters_feeds: bool = True


@dataclass(frozen=True)
class Detection:
    """Evidence that a page or URL belongs to the family, strongest kind first."""

    generators: tuple[str, ...] = ()  # substrings of <meta name="generator">, lower case
    hosts: tuple[str, ...] = ()  # regexes on the host name (press families)
    markup: tuple[tuple[str, ...], ...] = ()  # each a set of CSS tests that must all match
    urls: tuple[str, ...] = ()  # regexes on a page URL specific to the CMS
    url_hints: tuple[str, ...] = ()  # URL regexes other CMSs may share (weaker)
    # CSS tests for markup several CMSs share: a platform's marker (ASP.NET's __VIEWSTATE is
    # on every SharePoint and DotNetNuke page too), as weak as a shared URL shape.
    markup_hints: tuple[str, ...] = ()
    assets: tuple[str, ...] = ()  # CSS tests for asset paths (e.g. /wp-content/)


@dataclass(frozen=True)
class Family:
    name: str
    doc: str
    # Lower is tried first when two families' evidence of the same kind ties.
    precedence: int = 50
    crawl: Crawl | None = None  # None: pages are recognised, sites are crawled by `feed`
    layouts: tuple[Layout, ...] = ()
    detect: Detection = field(default_factory=Detection)
    # Where the family's knowledge comes from (cms_families.md: seen / config / general).
    source: str = ""

    @property
    def is_crawler(self) -> bool:
        return self.crawl is not None

    @property
    def is_layout(self) -> bool:
        return bool(self.layouts)
