"""ASP.NET Web Forms / DNN: only what is reachable by GET is followed. Telerik and DNN
pagers that page by `__doPostBack(...)` need a form post: such a site's entry says so in
`notes` and lists its RSS/sitemap in `feeds` for the deeper pages."""

from families.spec import Crawl, Detection, Family, Layout

FAMILY = Family(
    name="aspnet",
    doc=__doc__,
    precedence=150,
    source="config",  # Web Forms portals
    crawl=Crawl(
        article_links=(
            "[id*='lstNews'] a.news-title",
            "a[href*='NewsID=']",
            "a[href*='ContentID=']",
            "a[href*='.aspx?nid=']",
        ),
        next_page=(".rgPager a", ".rgNumPart a", ".RadDataPager a", ".pager a", ".paging a"),
        article_url=r"(?:NewsID|ContentID|nid|ItemID)=[\w-]+",
    ),
    layouts=(
        Layout(
            name="aspnet",
            date=(
                "[id$='lblNgayDang']",
                ".divDetail_DateCreate",
                "[id$='lblPostedDate']",
                "div.de-newsCent span[id*='DateTime']",
            ),
            body=("[id$='lblNoiDung']", "div.de-newscont", ".contentView"),
            lead=("[id$='lblTomTat']", "div.de-sumcontent"),
        ),
    ),
    detect=Detection(
        # Every Web Forms page has a __VIEWSTATE, SharePoint's and DotNetNuke's included.
        markup_hints=("input[name='__VIEWSTATE']",),
        url_hints=(r"\.aspx",),
    ),
)
