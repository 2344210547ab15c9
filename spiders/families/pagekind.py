"""What is not an article: sitemaps of pages and taxonomies, URLs shaped like the home
page, a section or a static page, and fetched pages that say they are one of those.

Each test returns a reason (recorded as ``skipped: <reason>``) or None. They are generic
(WordPress/Yoast/RankMath/core sitemap naming, WordPress and Drupal body classes,
Open Graph types); a family's or site's ``article_url`` pattern is applied beside them
by the spider.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

# Children of a sitemap index that list no articles: Yoast/RankMath `page-sitemap.xml`,
# `category-sitemap.xml`, `post_tag-sitemap2.xml`, `author-sitemap.xml`; WordPress core
# `wp-sitemap-posts-page-1.xml`, `wp-sitemap-taxonomies-category-1.xml`,
# `wp-sitemap-users-1.xml`; the generic `sitemap-pages.xml`, `sitemap-categories.xml`.
_TAXONOMY = r"page|pages|category|categories|tag|tags|post_tag|author|authors|users?|taxonomies"
_SITEMAP_KINDS = re.compile(
    rf"(?:^|[/_-])(?P<kind>{_TAXONOMY}|attachment|product_cat|format)"
    rf"(?:-sitemap\d*|[-_]\d+)?\.xml(?:\.gz)?$"
    rf"|wp-sitemap-(?:posts-page|taxonomies-\w+|users)-\d+\.xml$"
    rf"|sitemap[-_](?P<kind2>{_TAXONOMY})\d*\.xml(?:\.gz)?$",
    re.I,
)


def not_article_sitemap(url: str) -> str | None:
    """Why a sitemap-index child lists no articles (by its name), or None."""
    path = urlsplit(url).path
    m = _SITEMAP_KINDS.search(path)
    if not m:
        return None
    kind = (m.group("kind") or m.group("kind2") or "").lower()
    if not kind:  # a WordPress core name
        kind = "page" if "posts-page" in path else "user" if "users" in path else "taxonomy"
    return f"not an article sitemap ({kind.rstrip('s')} sitemap {path.rsplit('/', 1)[-1]})"


# Section, taxonomy, feed and pager paths; never an article of any family.
_SECTION_PATH = re.compile(
    r"/(?:category|tag|tags|author|chuyen-muc|danh-muc|tu-khoa|tag-)/|/page/\d+/?$|/feed/?$"
    r"|/(?:wp-login|wp-admin|wp-json)\b",
    re.I,
)
# Files that are not pages.
_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|pdf|docx?|xlsx?|pptx?|zip|rar|mp[34]|xml|rss)$",
                   re.I)  # fmt: skip


def _path(url: str) -> str:
    p = urlsplit(url)
    return (p.path or "/").rstrip("/") + ("?" + p.query if p.query else "")


def not_article_url(url: str, base_url: str, listings: Iterable[str] = ()) -> str | None:
    """Why a URL from a feed or sitemap cannot be an article, whatever the family: the
    home page, one of the site's own listing/feed URLs, a section/tag/author/pager path
    or a file. None when it may be one."""
    path = _path(url)
    if path in ("", "/", _path(base_url)) or re.fullmatch(r"/(?:index\.\w+|trang-chu|home)", path):
        return "not an article (home page)"
    if path in {_path(u) for u in listings}:
        return "not an article (a listing of the site)"
    if _SECTION_PATH.search(urlsplit(url).path):
        return "not an article (section, tag, author or pager URL)"
    if _FILE.search(urlsplit(url).path):
        return "not an article (a file, not a page)"
    return None


# <body class="..."> words that WordPress and Drupal themes print on non-article pages.
_BODY_CLASS = re.compile(r"<body[^>]*\bclass\s*=\s*[\"']([^\"']*)[\"']", re.I)
_NON_ARTICLE_CLASSES = {
    "home": "home page",
    "blog": "home page",
    "page-template-default": "static page",
    "category": "category page",
    "archive": "archive page",
    "tag": "tag page",
    "author": "author page",
    "search": "search page",
    "page-node-type-page": "static page",  # Drupal 8+
    "node-type-page": "static page",  # Drupal 7
    "path-frontpage": "home page",  # Drupal
}
_ARTICLE_CLASSES = {"single", "single-post", "page-node-type-article", "node-type-article"}


def not_article_page(html: str) -> str | None:
    """Why a fetched page says it is not an article (its CMS's body classes), or None.

    Only what the page states about itself counts: WordPress prints `home`, `page`,
    `category`, `archive` on those templates and `single`/`single-post` on posts; Drupal
    `page-node-type-page` on basic pages. A page marked as an article by either wins.
    """
    head = html[:60000]
    m = _BODY_CLASS.search(head)
    classes = set(m.group(1).split()) if m else set()
    if classes & _ARTICLE_CLASSES or any(c.startswith("postid-") for c in classes):
        return None
    if "page" in classes and any(c.startswith("page-id-") for c in classes):
        return "not an article (static page: body class page)"  # WordPress page.php
    for cls, kind in _NON_ARTICLE_CLASSES.items():
        if cls in classes:
            return f"not an article ({kind}: body class {cls})"
    return None
