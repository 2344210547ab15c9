"""Provincial press CMS with `-a<id>.html` article URLs (Báo Cần Thơ and others)."""

from families.spec import Crawl, Detection, Family, Layout

FAMILY = Family(
    name="content-fck",
    doc=__doc__,
    precedence=60,
    source="seen",
    crawl=Crawl(
        article_links=("ul.list-news-img-style-1 a.b-title", ".list-news a.b-title"),
        next_page=("div#page a",),
        article_url=r"-a\d+\.html$",
        page_param="^p$",
    ),
    layouts=(
        Layout(
            name="content-fck",
            title=("#colcate1 > h1.fw700", "h1.fw700", ".titledetail h1"),
            date=("span.pubdate", ".pubdate"),
            body=(
                "#newscontents .content-fck",
                "div.content-fck",
                "#newscontents",
                "#contentNews .singular-content",
            ),
            drop=(".sharemxh", "#linkshare", "[class^='AMN_res']"),
        ),
    ),
    detect=Detection(
        markup=(("div.content-fck",),),
        urls=(r"-a\d+\.html$",),
    ),
)
