"""DotNetNuke (DNN Platform): `/Portals/<n>/` files, `LinkClick.aspx?fileticket=…&tabid=`,
friendly article URLs `/<tab>/<subtab>/<detail>/mlid/<guid>` or `/<tab>/ndid/<id>/key/<k>`
(hue.gov.vn, vinhlong.gov.vn, thanhuycantho.vn, lamdong.dcs.vn subsites).

URL shapes are attested (registry evidence); the `dnn_ctr<module>_…` container ids and
`DnnModule` classes are the platform's own (general knowledge); the news-module markup
inside them differs per vendor, so the layout lists the common class names. A DNN page
is also an ASP.NET Web Forms page (`__VIEWSTATE`): the DNN rules outweigh `aspnet`'s.
"""

from families.spec import Crawl, Detection, Family, Layout

FAMILY = Family(
    name="dotnetnuke",
    doc=__doc__,
    precedence=145,
    source="general",  # URL shapes attested; module markup general
    crawl=Crawl(
        article_links=(
            ".news-list .news-item a.news-title",
            "[id^='dnn_ctr'] .news-item a",
            "h2.edn_articleTitle a",  # EasyDNNnews lists
        ),
        # EasyDNNnews pages its lists with a.page links to <tab>/PgrID/<m>/PageID/<n>.
        next_page=(".news-pager a", ".PagingTable a", ".pagination a", "a.page"),
        # the news modules' detail URLs; EasyDNNnews: <tab>/ArticleID/<id>/<slug>
        article_url=(
            r"/mlid/[0-9a-fA-F-]{36}/?$|/ndid/\d+(?:/key/[\w-]+)?/?$|[?&]ItemID=\d+"
            r"|/[Aa]rticle[Ii][Dd]/\d+(?:/[\w-]+)?/?$"
        ),
    ),
    layouts=(
        Layout(
            name="dotnetnuke",
            title=(".news-detail h1.news-title", ".news-detail h1"),
            date=(".news-detail .news-date",),
            body=(".news-detail .news-content", "[id$='_lblContent']"),
            lead=(".news-detail .news-summary",),
            drop=(".news-related", ".news-tools"),
        ),
        # EasyDNNnews, the news module many DNN portals run (baovanhoa.vn served
        # /Portals/0/EasyDNNnews/<id>/… images and /pgrid/<n>/pageid/<n> pagers): the
        # article view is article.edn_article.edn_articleDetails holding the title
        # (.edn_articleTitle), the meta line (.edn_metaDetails with a <time>), the summary
        # (.edn_articleSummary) and the text; those are dropped from the body.
        Layout(
            name="dotnetnuke/easydnnnews",
            title=(".edn_articleDetails .edn_articleTitle",),
            date=(
                ".edn_articleDetails .edn_metaDetails time",
                ".edn_articleDetails .edn_metaDetails",
            ),
            author=(".edn_articleDetails .edn_metaDetails .edn_author",),
            body=(".edn_articleDetails .edn_articleContent", "article.edn_articleDetails"),
            lead=(".edn_articleDetails .edn_articleSummary",),
            drop=(".edn_articleTitle", ".edn_metaDetails", ".edn_socialPrintWrapper"),
            signature=(".edn_articleDetails",),
        ),
    ),
    detect=Detection(
        generators=("dotnetnuke", "dnn platform"),
        markup=(("[id^='dnn_ctr']",), ("div.DnnModule",)),
        urls=(
            r"/LinkClick\.aspx\?fileticket=",
            r"/Portals/\d+/",
            r"[?&/]tabid[=/]\d+",
            r"/mlid/[0-9a-fA-F-]{36}",
            r"/ndid/\d+/",
        ),
        assets=("link[href*='/Portals/'], script[src*='/Portals/'], img[src*='/Portals/']",),
    ),
)
