"""SharePoint portals: `/Trang/…aspx` listings, `ChiTietTinTuc.aspx?nid=` articles."""

from families.spec import Crawl, Detection, Family, Layout

FAMILY = Family(
    name="sharepoint",
    doc=__doc__,
    precedence=110,
    source="config",  # quangninh, dienbien
    crawl=Crawl(
        article_links=(
            ".content-news a.title-news",
            ".news-list a.title",
            "a[href*='ChiTietTinTuc']",
        ),
        next_page=(".paging a", ".pagination a"),
        article_url=r"ChiTietTinTuc\.aspx\?nid=\d+",
    ),
    layouts=(
        # Quảng Ninh's build: the article in div#noidungtrang / div.noi-dung-trang.
        Layout(
            name="sharepoint",
            date=(".publish-date", ".tandan-span-date-publish"),
            body=("div.noi-dung-trang", ".ms-rtestate-field"),
            lead=(".tandan-p-article-news-summary",),
            drop=("div.other_News", ".top_F"),
        ),
        # The Tandan product (dienbien.gov.vn, cms_families.md A2): the summary, the text and
        # the author are separate rich-text fields (.ms-rtestate-field); the first of them is
        # the summary, so reading "the first .ms-rtestate-field" kept a fifth of the article.
        Layout(
            name="sharepoint/tandan",
            title=("h1.tandan-h1-article-title", ".tandan-article-detail h1"),
            date=(".artcle-tools .tandan-span-date-publish", ".tandan-span-date-publish"),
            body=(".tandan-article-content", ".tandan-article-detail .ms-rtestate-field"),
            views=(".tandan-span-view",),
            lead=(".tandan-p-article-news-summary",),
            drop=(".tandan-article-summary-field", "div.other_News", ".top_F"),
            signature=(".tandan-article-content",),
        ),
    ),
    detect=Detection(
        generators=("sharepoint",),
        # The rich-text field and the page chrome every SharePoint (2010-2019) master page
        # renders, whatever the theme: #s4-workspace, #MSO_ContentTable, /_layouts/ files.
        markup=(
            (".ms-rtestate-field",),
            ("div.noi-dung-trang",),
            ("#s4-workspace",),
            ("#MSO_ContentTable",),
        ),
        urls=(r"/(Trang|Pages)/[^/]+\.aspx",),
        assets=("script[src*='/_layouts/'], link[href*='/_layouts/']",),
    ),
)
