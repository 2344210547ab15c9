"""Liferay portals: asset-publisher listings, `/-/` article URLs, `_cur=N` pagers."""

from families.spec import Crawl, Detection, Family, Layout

FAMILY = Family(
    name="liferay",
    doc=__doc__,
    precedence=100,
    source="config",  # provincial UBND portals
    crawl=Crawl(
        article_links=(".asset-abstract .asset-title a", ".asset-title a", ".asset-abstract a"),
        # 6.x page iterator buttons, 7.x Clay ul.pagination, themes' div.lfr-pagination.
        next_page=(
            ".lfr-pagination-buttons a",
            "ul.pagination a",
            ".pager a",
            "div.lfr-pagination a",
        ),
        article_url="/(?:web/guest/)?-/|/-/asset_publisher/",
        page_param="_cur$",
    ),
    layouts=(
        Layout(
            name="liferay",
            title=(
                ".title-news h1",
                ".title-detail h1",
                ".asset-full-content h1",
                ".journal-content-article h1",
                "h1.title",
                ".asset-full-content h3.header-title",
            ),
            date=(
                "span.metadata-publish-date",
                ".metadata-publish-date",
                "span.title.meta-data-date",
                ".meta-data-date",
                "p.date_post",
                ".date-post",
                ".date_post",
            ),
            body=(
                "div.journal-content-article",
                "div.asset-full-content .asset-content",
                ".asset-content",
                "div.asset-full-content",
            ),
            views=(".metadata-view-count",),
            lead=("div.article-summary",),
            drop=(
                ".taglib-ratings",
                ".taglib-social-bookmarks",
                ".lfr-discussion",
                ".asset-links",
            ),
        ),
    ),
    detect=Detection(
        generators=("liferay",),
        markup=(("div.journal-content-article",), ("[id^='p_p_id_']",)),
        urls=("/web/guest/|/-/|/asset_publisher/",),
    ),
)
