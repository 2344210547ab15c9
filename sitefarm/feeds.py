"""robots.txt, RSS 2.0 and sitemaps (index + gzip child + plain child)."""

from __future__ import annotations

import gzip
from datetime import datetime, time
from email.utils import format_datetime
from xml.sax.saxutils import escape

from .model import VN_TZ, Article, Page


def robots_txt(b) -> str:
    lines = ["User-agent: *", "Disallow: /admin/"]
    lines += [f"Disallow: {p}" for p in b.robots_disallow]
    if b.sitemap_url:
        lines += ["", f"Sitemap: {b.sitemap_url}"]
    return "\n".join(lines) + "\n"


def _aware(a: Article) -> datetime:
    p = a.published
    return p if isinstance(p, datetime) else datetime.combine(p, time(0, 0), tzinfo=VN_TZ)


def _lastmod(a: Article) -> datetime:
    """What a sitemap says of an article: its edit time when the site shows it."""
    return a.modified if (a.shows_modified and a.modified) else _aware(a)


def rss(b, channel_title: str, link: str, self_url: str, generator: str | None = None) -> Page:
    items = []
    for it in b.items:
        a = it.article
        if a is None:
            continue
        desc = escape(a.teaser)
        creator = f"<dc:creator><![CDATA[{a.author}]]></dc:creator>" if a.author else ""
        items.append(
            "<item>"
            f"<title>{escape(a.title)}</title>"
            f"<link>{escape(a.url)}</link>"
            f'<guid isPermaLink="true">{escape(a.url)}</guid>'
            f"<pubDate>{format_datetime(_aware(a))}</pubDate>"
            f"{creator}<description>{desc}</description>"
            "</item>"
        )
    newest = max((_aware(it.article) for it in b.items if it.article), default=None)
    last = f"<lastBuildDate>{format_datetime(newest)}</lastBuildDate>" if newest else ""
    gen = f"<generator>{escape(generator)}</generator>" if generator else ""
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>'
        f"<title>{escape(channel_title)}</title><link>{escape(link)}</link>"
        f'<atom:link href="{escape(self_url)}" rel="self" type="application/rss+xml"/>'
        f"<description>{escape(channel_title)}</description><language>vi</language>"
        f"{last}{gen}\n" + "\n".join(items) + "\n</channel>\n</rss>\n"
    )
    return Page(200, xml.encode("utf-8"), "application/rss+xml; charset=utf-8")


def urlset(articles: list[Article]) -> bytes:
    rows = "".join(
        f"<url><loc>{escape(a.url)}</loc><lastmod>{_lastmod(a).isoformat()}</lastmod>"
        "<changefreq>never</changefreq></url>\n"
        for a in articles
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + rows + "</urlset>\n"
    ).encode("utf-8")


def sitemap_index(children: list[tuple[str, datetime]]) -> bytes:
    rows = "".join(
        f"<sitemap><loc>{escape(u)}</loc><lastmod>{d.isoformat()}</lastmod></sitemap>\n"
        for u, d in children
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + rows
        + "</sitemapindex>\n"
    ).encode("utf-8")


def add_sitemaps(b, index_path: str = "/sitemap.xml") -> None:
    """Index -> gzip child (newer half of the articles) + plain child (older half)."""
    arts = sorted((it.article for it in b.items if it.article), key=_aware, reverse=True)
    half = (len(arts) + 1) // 2
    new, old = arts[:half], arts[half:]
    gz_url = b.abs("/sitemaps/news-recent.xml.gz")
    plain_url = b.abs("/sitemaps/news-archive.xml")
    children = []
    if new:
        b.add(gz_url, Page(200, gzip.compress(urlset(new), mtime=0), "application/x-gzip"))
        children.append((gz_url, max(_lastmod(a) for a in new)))
    if old:
        b.add(plain_url, Page(200, urlset(old), "application/xml; charset=utf-8"))
        children.append((plain_url, max(_lastmod(a) for a in old)))
    b.add(index_path, Page(200, sitemap_index(children), "application/xml; charset=utf-8"))
    b.sitemap_url = b.abs(index_path)
    b.feed_urls.append(b.abs(index_path))


STATIC_PAGE = (
    '<!DOCTYPE html><html lang="vi"><head><meta charset="UTF-8" /><title>{title}</title>'
    '<meta name="generator" content="WordPress 6.4" /></head><body class="{classes}">'
    '<div id="page" class="site"><main id="main"><article class="page type-page">'
    '<h1 class="entry-title">{title}</h1><div class="entry-content"><p>{text}</p></div>'
    "</article></main></div></body></html>"
)


def add_yoast_sitemaps(b) -> None:
    """A WordPress sitemap index as Yoast SEO writes it (theme {"sitemaps": "yoast"}):
    post-sitemap.xml with the articles and, as such sitemaps do, the home page and a
    static page with an .html permalink; page-, category- and author-sitemap.xml. The
    home and static pages are served with WordPress's body classes."""
    home = b.abs("/")
    static = {
        b.abs("/lien-he.html"): ("Liên hệ", "page-template-default page page-id-12"),
        b.abs("/gioi-thieu/"): ("Giới thiệu", "page-template-default page page-id-7"),
        b.abs("/dao-tao-boi-duong/"): (
            "Đào tạo, bồi dưỡng",
            "page-template-default page page-id-9",
        ),
    }
    b.add(home, Page(200, STATIC_PAGE.format(title=b.site.name, classes="home blog",
                                              text="Trang chủ").encode()))  # fmt: skip
    for url, (title, classes) in static.items():
        text = f"{title} - {b.site.name}"
        b.add(url, Page(200, STATIC_PAGE.format(title=title, classes=classes, text=text).encode()))
    arts = [it.article for it in b.items if it.article]
    rows = "".join(
        f"<url><loc>{escape(a.url)}</loc><lastmod>{_lastmod(a).isoformat()}</lastmod></url>\n"
        for a in arts
    )
    rows += f"<url><loc>{escape(home)}</loc></url>\n"
    rows += f"<url><loc>{escape(b.abs('/lien-he.html'))}</loc></url>\n"
    newest = max((_lastmod(a) for a in arts), default=None)
    head = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    children = {
        "/post-sitemap.xml": head + rows + "</urlset>\n",
        "/page-sitemap.xml": head
        + "".join(f"<url><loc>{escape(u)}</loc></url>\n" for u in static)
        + "</urlset>\n",
        "/category-sitemap.xml": head
        + f"<url><loc>{escape(b.abs('/category/tin-tuc/'))}</loc></url>\n</urlset>\n",
        "/author-sitemap.xml": head
        + f"<url><loc>{escape(b.abs('/author/admin/'))}</loc></url>\n</urlset>\n",
    }
    for path, xml in children.items():
        b.add(b.abs(path), Page(200, xml.encode(), "application/xml; charset=utf-8"))
    index = [(b.abs(p), newest) for p in children if newest is not None]
    b.add("/sitemap_index.xml", Page(200, sitemap_index(index), "application/xml; charset=utf-8"))
    b.feed_urls.append(b.abs("/sitemap_index.xml"))
