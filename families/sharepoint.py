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
        Layout(
            name="sharepoint",
            date=(".publish-date", ".tandan-span-date-publish"),
            body=("div.noi-dung-trang", ".ms-rtestate-field"),
            lead=(".tandan-p-article-news-summary",),
            drop=("div.other_News", ".top_F"),
        ),
    ),
    detect=Detection(
        generators=("sharepoint",),
        markup=((".ms-rtestate-field",), ("div.noi-dung-trang",)),
        urls=(r"/(Trang|Pages)/[^/]+\.aspx",),
    ),
)
