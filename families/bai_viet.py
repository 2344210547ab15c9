"""The `/vi/bai-viet/<slug>` portal platform (hatinh.gov.vn 2025–2026, dienbien.gov.vn's
`/en/bai-viet/<slug><id>` English pages): language prefix, `bai-viet` ("article") and a
plain slug, no id.

The URL shape is attested (registry evidence); the vendor is not known and no page
markup was seen, so the layout is assumed (probe before enabling). Drupal's numeric
`/vi/bai-viet/<id>` (doingoailaocai.vn) is not this: a slug is required here.
"""

from families.spec import Crawl, Detection, Family, Layout

FAMILY = Family(
    name="bai-viet",
    doc=__doc__,
    precedence=165,
    source="general",  # URL shape attested; markup assumed
    crawl=Crawl(
        article_links=(".post-list .post-item a.post-title", ".post-list a"),
        next_page=(".pagination a",),
        article_url=r"/(?:vi|en)/bai-viet/[a-z0-9-]*[a-z][a-z0-9-]*/?$",
        page_param="^page$",
    ),
    layouts=(
        Layout(
            name="bai-viet",
            title=(".post-detail h1.post-title", ".post-detail h1"),
            date=(".post-detail .post-date",),
            body=(".post-detail .post-content",),
            lead=(".post-detail .post-summary",),
            drop=(".post-detail .post-related",),
        ),
    ),
    detect=Detection(
        urls=(r"/(?:vi|en)/bai-viet/[a-z0-9-]*[a-z][a-z0-9-]*/?$",),
    ),
)
