"""The `/upload/<site id>/fck/` portal platform (laichau.gov.vn, quangngai.gov.vn since
2025, binhdinh.gov.vn before the merger): editor images under
`/upload/<site id>/fck/<user>/<date>_<file>`, thumbnails under
`/publish/thumbnail/<site id>/`, articles `/tin-tuc[-su-kien]/<category>/<slug>.html`.

The image paths and URL shapes are attested (registry evidence); the page markup was
not seen and is assumed here (probe before enabling).
"""

from families.spec import Crawl, Detection, Family, Layout

FAMILY = Family(
    name="upload-fck",
    doc=__doc__,
    precedence=155,
    source="general",  # URL and image paths attested; markup assumed
    crawl=Crawl(
        article_links=(".news-list .news-item a.news-title", ".news-list a"),
        next_page=(".pagination a", ".paging a"),
        article_url=r"/tin-tuc(?:-su-kien)?/(?:[a-z0-9-]+/)+[a-z0-9-]+\.html$",
        page_param="^page$",
    ),
    layouts=(
        Layout(
            name="upload-fck",
            title=(".news-detail h1.news-title", ".news-detail h1"),
            date=(".news-detail .news-date",),
            body=(".news-detail .news-content",),
            lead=(".news-detail .news-summary",),
            drop=(".news-detail .news-other",),
        ),
    ),
    detect=Detection(
        markup=(("img[src*='/fck/'][src*='/upload/']",),),
        urls=(r"/upload/\d+/fck/", r"/publish/thumbnail/\d+/"),
    ),
)
