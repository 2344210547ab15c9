"""Assemble every registry site into a routing table of precomputed pages.

Everything is computed once, deterministically, when the farm starts: the same
request always gets the same bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from .model import Article, ListingItem, Page, text_page
from .registry import SiteEntry, load_sites
from .seeds import make_article, seed_article, slugify
from .synth import synthetic_fields

PAGE_SIZE = 3
N_SYNTHETIC = 5


def route_key(path_qs: str) -> str:
    """Normalise path?query for lookup: query parameters sorted."""
    parts = urlsplit(path_qs)
    path = parts.path or "/"
    if not parts.query:
        return path
    return path + "?" + urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))


@dataclass
class SiteBuild:
    site: SiteEntry
    layout: str
    articles: list[Article] = field(default_factory=list)
    items: list[ListingItem] = field(default_factory=list)  # listing order
    listing_urls: list[str] = field(default_factory=list)  # every listing page URL
    feed_urls: list[str] = field(default_factory=list)
    robots_disallow: list[str] = field(default_factory=list)
    sitemap_url: str | None = None
    routes: dict[str, Page] = field(default_factory=dict)
    n_synth: int | None = None  # synthetic articles per site (None: the builder's default)
    n_new: int = 0  # articles "published since the last night" (Farm.publish)
    conditional: tuple[str, ...] = ()  # "etag", "last-modified": validators it sends
    # Edits since the first night (farm `nights.edit`): url -> (count, time, shown in
    # listings and sitemaps). Applied when the articles are prepared.
    edits: dict[str, tuple[int, datetime, bool]] = field(default_factory=dict)
    # Theme variations a family's defaults do not name, e.g. {"pager": "div-pagination"}
    # (templates read b.theme): for tests of sites registered with host/family/URLs only.
    theme: dict[str, str] = field(default_factory=dict)

    @property
    def host(self) -> str:
        return self.site.host

    def abs(self, path: str) -> str:
        return f"https://{self.host}{path}"

    def add(self, url_or_path: str, page: Page) -> None:
        parts = urlsplit(url_or_path)
        path_qs = parts.path + (("?" + parts.query) if parts.query else "")
        self.routes[route_key(path_qs)] = page

    def pages_of_items(self) -> list[list[ListingItem]]:
        return [self.items[i : i + PAGE_SIZE] for i in range(0, len(self.items), PAGE_SIZE)]

    def lookup(self, path_qs: str) -> Page | None:
        return self.routes.get(route_key(path_qs))


def prepare_articles(
    b: SiteBuild,
    url_for: Callable[[str, int], str],
    image_base: str,
    views: bool,
    n_synth: int = N_SYNTHETIC,
) -> None:
    """Seed article (if the site has one) + synthetic ones, newest first, as listing items."""
    arts: list[Article] = []
    seed = seed_article(b.site.id)
    if seed:
        arts.append(
            make_article(b.site.id, url_for(seed["title"], seed["article_id"]), seed, False)
        )
    count = b.n_synth if b.n_synth is not None else n_synth
    fields = synthetic_fields(b.site.id, count + b.n_new, image_base, views)
    for f in fields[:count]:
        arts.append(make_article(b.site.id, url_for(f["title"], f["article_id"]), f, True))
    # Articles published after the first night: newer than everything already there.
    newest = max((_aware(a.published) for a in arts), default=datetime(2025, 1, 1, tzinfo=UTC))
    for k, f in enumerate(fields[count:], start=1):
        f["published"] = (newest + timedelta(days=k)).astimezone(f["published"].tzinfo)
        arts.append(make_article(b.site.id, url_for(f["title"], f["article_id"]), f, True))
    add_articles(b, arts)


def _aware(p) -> datetime:
    if isinstance(p, datetime):
        return p
    return datetime.combine(p, time(0, 0), tzinfo=UTC)


def apply_edits(b: SiteBuild, arts: list[Article]) -> None:
    """Each edited article gets a changed first paragraph and its edit time."""
    for a in arts:
        edit = b.edits.get(a.url)
        if edit is None or a.raw_html is not None:
            continue
        count, when, shown = edit
        first = next((blk for blk in a.blocks if blk.text), None)
        if first is not None:
            first.text = f"{first.text} (Bài viết được cập nhật lần {count}.)"
        a.extra["modified"] = when
        a.extra["modified_shown"] = shown


def add_articles(b: SiteBuild, arts: list[Article]) -> None:
    apply_edits(b, arts)
    for a in arts:
        if not a.slug:
            a.slug = slugify(a.title)
        if not a.teaser:
            a.teaser = a.paragraphs[0][:220] if a.paragraphs else ""
    b.articles.extend(arts)
    b.articles.sort(key=lambda a: (a.day, a.url), reverse=True)
    b.items = [ListingItem(a.url, a.title, a.teaser, a.day, article=a) for a in b.articles]


def insert_failing(b: SiteBuild, pos: int, url: str, title: str, status: int, reason: str) -> None:
    """A listing link that fails on purpose (404 dead, 500 error) or is robots-disallowed."""
    day = b.items[min(pos, len(b.items) - 1)].day
    b.items.insert(pos, ListingItem(url, title, title, day, status=status, reason=reason))


# Which layouts answer conditional requests (ETag / Last-Modified -> 304), like their
# usual servers do; the others send neither validator.
CONDITIONAL_BY_LAYOUT = {
    "wordpress": ("etag", "last-modified"),
    "drupal": ("etag", "last-modified"),
    "cms-zce": ("etag",),
    "nukeviet": ("last-modified",),
    "generic": ("etag", "last-modified"),
}


def layout_of(site: SiteEntry) -> str:
    from .families import BUILDERS

    return site.family if site.family in BUILDERS else "generic"


def build_site(
    site: SiteEntry,
    n_synth: int | None = None,
    n_new: int = 0,
    edits: dict[str, tuple[int, datetime, bool]] | None = None,
    theme: dict[str, str] | None = None,
) -> SiteBuild:
    from .families import BUILDERS
    from .feeds import robots_txt

    b = SiteBuild(site=site, layout=layout_of(site), n_synth=n_synth, n_new=n_new)
    b.edits = dict(edits or {})
    b.theme = dict(theme or {})
    b.conditional = CONDITIONAL_BY_LAYOUT.get(b.layout, ())
    BUILDERS[b.layout](b)
    if b.theme.get("sitemaps") == "yoast":
        from .feeds import add_yoast_sitemaps

        add_yoast_sitemaps(b)
    for item in b.items:
        if item.reason == "dead":
            b.add(item.url, text_page(404, "404 Not Found: bài viết không tồn tại\n"))
        elif item.reason == "error":
            b.add(item.url, text_page(500, "500 Internal Server Error\n"))
    b.add("/robots.txt", Page(200, robots_txt(b).encode(), "text/plain; charset=utf-8"))
    add_validators(b)
    return b


def _http_date(dt: datetime) -> str:
    return format_datetime(dt.astimezone(UTC), usegmt=True)


def add_validators(b: SiteBuild) -> None:
    """ETag (body hash) and Last-Modified (article date; newest article for the rest)."""
    if not b.conditional:
        return
    dates = {}
    for a in b.articles:
        parts = urlsplit(a.url)
        dates[route_key(parts.path + ("?" + parts.query if parts.query else ""))] = (
            a.modified or _aware(a.published)
        )
    newest = max(dates.values(), default=datetime(2025, 1, 1, tzinfo=UTC))
    for key, page in b.routes.items():
        if page.status != 200 or key == "/robots.txt":
            continue
        if "etag" in b.conditional:
            page.headers.setdefault("ETag", '"' + hashlib.sha1(page.body).hexdigest()[:20] + '"')
        if "last-modified" in b.conditional:
            page.headers.setdefault("Last-Modified", _http_date(dates.get(key, newest)))


@dataclass
class FarmData:
    sites: list[SiteBuild]
    by_host: dict[str, SiteBuild]

    def site(self, site_id: str) -> SiteBuild:
        return next(s for s in self.sites if s.site.id == site_id)


_CACHE: dict[str, FarmData] = {}


def build_farm(
    sites_dir: Path | None = None,
    n_synth: int | None = None,
    themes: dict[str, dict[str, str]] | None = None,
) -> FarmData:
    """Every site of the registry folder, built once per (folder, n_synth, themes)."""
    themes = themes or {}
    key = (
        str(Path(sites_dir).resolve()) if sites_dir else ""
    ) + f"#{n_synth}#{sorted(themes.items())}"
    if key not in _CACHE:
        builds = [build_site(s, n_synth, theme=themes.get(s.id)) for s in load_sites(sites_dir)]
        by_host: dict[str, SiteBuild] = {}
        for b in builds:
            by_host[b.host] = b
            alias = b.host[4:] if b.host.startswith("www.") else "www." + b.host
            by_host.setdefault(alias, b)
        _CACHE[key] = FarmData(builds, by_host)
    return _CACHE[key]
