"""The `/<category>-<id>/<slug>-<id>` portal platform of several provincial portals
(nghean.gov.vn `/tin-tuc-su-kien-73053/<slug>-723384`, haiphong.gov.vn
`/thu-tuc-hanh-chinh-76761/<slug>`, `/<category>/<slug>-743051`, ninhbinh.gov.vn
`/<category>/<slug>-336351`).

The URL shapes are attested (registry evidence, 2024–2026); the vendor is not known and
no page markup was seen: the layout is built from those URL shapes with common portal
class names and must be checked with `provnews sites probe` before a site is enabled.
"""

from families.spec import Crawl, Detection, Family, Layout

FAMILY = Family(
    name="catid-portal",
    doc=__doc__,
    precedence=160,
    source="general",  # URL shapes attested; markup assumed
    crawl=Crawl(
        article_links=(".list-news .news-item h3 a", ".list-news a.title"),
        next_page=(".pagination a", ".paging a"),
        article_url=r"^https?://[^/]+/[a-z0-9-]+/[a-z0-9-]+-\d{5,}/?$",
        page_param="^page$",
    ),
    layouts=(
        Layout(
            name="catid-portal",
            title=(".detail-news h1.title-detail", ".detail-news h1"),
            date=(".detail-news .date-detail",),
            body=(".detail-news .content-detail",),
            lead=(".detail-news .sapo-detail",),
            drop=(".detail-news .related-news", ".detail-news .tools-detail"),
        ),
    ),
    detect=Detection(
        # Only this platform puts the category's id in the first path segment.
        urls=(r"^https?://[^/]+/[a-z0-9-]+-\d{4,}/[a-z0-9-]+-\d{5,}/?$",),
        # A category without an id is a shape many news sites share.
        url_hints=(r"^https?://[^/]+/[a-z0-9-]+/[a-z0-9-]+-\d{5,}/?$",),
    ),
)
