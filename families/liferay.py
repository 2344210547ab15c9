"""Liferay portals: asset-publisher listings, `/-/` article URLs, `_cur=N` pagers."""

from families.spec import Crawl, Detection, Family, Layout

_DROP = (".taglib-ratings", ".taglib-social-bookmarks", ".lfr-discussion", ".asset-links")

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
            drop=_DROP,
        ),
        # The article shown by an asset publisher's full view. Web-content portlets
        # (div.journal-content-article) elsewhere on the page — an "about the portal"
        # block in the side column — come first in the page, so the default layout's
        # first body selector took the side block; here everything is read inside
        # .asset-full-content.
        Layout(
            name="liferay/asset-publisher",
            title=(
                ".asset-full-content h1",
                ".asset-full-content h3.header-title",
                ".asset-full-content .asset-title",
            ),
            date=(
                ".asset-full-content .metadata-publish-date",
                ".asset-full-content .meta-data-date",
                ".asset-full-content .date-post",
                ".asset-full-content .date_post",
            ),
            body=(".asset-full-content .asset-content", "div.asset-full-content"),
            views=(".asset-full-content .metadata-view-count",),
            lead=(".asset-full-content div.article-summary",),
            drop=_DROP,
            signature=(".asset-full-content",),
        ),
    ),
    detect=Detection(
        generators=("liferay",),
        markup=(("div.journal-content-article",), ("[id^='p_p_id_']",)),
        urls=("/web/guest/|/-/|/asset_publisher/",),
    ),
)
