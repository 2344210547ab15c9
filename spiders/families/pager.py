"""Finding the link to the next listing page when the family's pager selectors find none.

Themes change pager markup across CMS versions (`div.pagination`, `div.lfr-pagination`,
`div.nav-links`, ...), so a site registered with only host, family and start URLs must
still be paged. In order of trust:

1. ``<link rel="next">`` / ``<a rel="next">`` (the page says so itself);
2. a link whose URL is a page of this same listing (``?page=N``, ``?p=N``, ``?trang=N``,
   ``…_cur=N``, ``/page/N``, ``page-N``, ``/trang-N``) and whose text is the next page's
   number or a "next" word (Trang sau, Tiếp, Sau, », ›);
3. such a URL carrying the next number of the current page's own sequence;
4. a link in a common pager container whose text is the next number or a "next" word.

Only same-host, non-``javascript:`` links count, and never the current page itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from parsel import Selector
from scrapy.http import Response

NEXT_WORDS = {
    "sau",
    "tiếp",
    "tiếp theo",
    "trang sau",
    "trang tiếp",
    "trang kế",
    "xem thêm",
    "next",
    "›",
    "»",
    ">",
    ">>",
    "sau »",
    "tiếp »",
    "sau ›",
    "next »",
    "next ›",
}
# Containers themes put pagers in (beyond each family's defaults).
PAGER_CONTAINERS = (
    "div.pagination",
    "div.lfr-pagination",
    "div.nav-links",
    "nav.pagination",
    "ul.pagination",
    ".pagination",
    ".paging",
    ".pager",
    ".page-nav",
    ".phantrang",
    ".pagenav",
    "nav[aria-label]",
)
# A page number in the query: page, p, trang, pg, paged, PageIndex, <portlet>_cur.
_QUERY_PAGE = re.compile(r"^(?:page|p|pg|paged|trang|pageindex|pagenumber|start_page)$|_cur$",
                         re.I)  # fmt: skip
# A page number in the path: /page/2, /page-2, /page-2.html, /trang-2, /trang/2.
_PATH_PAGE = re.compile(r"/(?:page|trang)[/-](\d+)(?:\.html?)?/?$", re.I)


@dataclass(frozen=True)
class Found:
    url: str
    how: str  # how it was found, for the probe and the log


def _text(sel: Selector) -> str:
    return " ".join(" ".join(sel.css("::text").getall()).split()).lower()


def page_position(url: str) -> tuple[str, str, int] | None:
    """(listing base, page key, number) when the URL carries a page number, else None.

    The base is the path (query style) or the path without its page part (path style),
    so two pages of one listing share it."""
    parts = urlsplit(url)
    m = _PATH_PAGE.search(parts.path)
    if m:
        return parts.path[: m.start()].rstrip("/"), "path", int(m.group(1))
    for k, v in parse_qsl(parts.query):
        if _QUERY_PAGE.search(k) and v.isdigit():
            return parts.path.rstrip("/"), k.lower(), int(v)
    return None


def _base(url: str) -> str:
    pos = page_position(url)
    return pos[0] if pos else urlsplit(url).path.rstrip("/")


def generic_next_page(
    response: Response, page: int, page_param: str = "", page_base: int = 1
) -> Found | None:
    """The next page's link of a listing page (this is page `page`), or None."""
    here = response.url
    host = urlsplit(here).hostname
    want = page + 1

    def ok(href: str | None) -> str | None:
        href = (href or "").strip()
        if not href or href.startswith(("javascript:", "#", "mailto:")):
            return None
        url = response.urljoin(href)
        if urlsplit(url).hostname != host or url.split("#")[0] == here.split("#")[0]:
            return None
        return url

    for href in response.css("link[rel~=next]::attr(href), a[rel~=next]::attr(href)").getall():
        url = ok(href)
        if url:
            return Found(url, "rel=next")

    base = _base(here)
    mine = page_position(here)
    shaped: list[tuple[str, str, tuple[str, str, int]]] = []
    for a in response.css("a[href]"):
        url = ok(a.attrib.get("href"))
        pos = page_position(url) if url else None
        if url and pos and pos[0] == base:
            shaped.append((url, _text(a), pos))
    for url, text, _ in shaped:
        if text == str(want):
            return Found(url, f"page number {want} on a page URL")
    for url, text, pos in shaped:
        if text in NEXT_WORDS and (mine is None or pos[2] > mine[2]):
            return Found(url, f"next word {text!r} on a page URL")
    if mine is not None:
        for url, _, pos in shaped:
            if pos[1] == mine[1] and pos[2] == mine[2] + 1:
                return Found(url, "next number of the page URL sequence")
    else:
        family = re.compile(page_param) if page_param else None
        for url, _, pos in shaped:
            first_next = 1 if (family and family.search(pos[1]) and page_base == 0) else 2
            if pos[2] == first_next:
                return Found(url, "page 2 of the page URL sequence")

    for css in PAGER_CONTAINERS:
        for a in response.css(f"{css} a[href]"):
            url = ok(a.attrib.get("href"))
            text = _text(a)
            if url and (text == str(want) or text in NEXT_WORDS):
                return Found(url, f"{css} link {text!r}")
    return None
