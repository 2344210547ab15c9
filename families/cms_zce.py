"""The `cms-*`/`zce-content-body` press platform (`-post<id>.html`)."""

from families.spec import Crawl, Detection, Family, Layout

_DROP = (
    ".sda_middle",
    ".rennab",
    "[id^='adsWeb_']",
    "[id^='sdaWeb_']",
    ".ads_middle",
    ".related-news",
    "[id^='dablewidget']",
)

FAMILY = Family(
    name="cms-zce",
    doc=__doc__,
    precedence=50,
    source="seen",  # baolaocai 2025, thanhnien 2019
    crawl=Crawl(
        article_links=("h2.story__heading a.cms-link", "h3.story__heading a.cms-link"),
        next_page=(".pagination a", "a.pagination__next", "ul.pagination a"),
        article_url=r"-post\d+\.html$",
    ),
    layouts=(
        # The current build (baolaocai 2025, baohatinh, baogialai, tienphong): article__*
        # blocks with cms-* markers, the body div.article__body.zce-content-body.cms-body.
        Layout(
            name="cms-zce",
            title=("h1.article__title", "h1.cms-title"),
            date=(
                "meta.cms-date::attr(content)",
                ".article__meta time.time::attr(datetime)",
                "time.time",
            ),
            author=(".article__author .name", ".article__author", ".cms-author"),
            body=("div.zce-content-body", "div[data-field='body']", "div.cms-body"),
            lead=(".article__sapo", ".cms-desc"),
            drop=_DROP,
        ),
        # The 2019 ASP.NET build of the same marker set (Thanh Niên, cms_families.md B2):
        # details__* blocks, the author in .details__author, the lead in div.sapo, and a
        # second div.cms-body holding "Tin liên quan", so the body is div.cms-body.detail.
        Layout(
            name="cms-zce/details",
            title=("h1.details__headline", "h1.cms-title"),
            date=("meta.cms-date::attr(content)", ".details__meta time"),
            author=(".details__author h4",),
            body=("div.cms-body.detail", "div.details__content .cms-body"),
            lead=("div.sapo", ".cms-desc"),
            drop=_DROP,
            signature=(".details__content",),
        ),
    ),
    detect=Detection(
        markup=(("div.zce-content-body",), ("meta.cms-date",), ("div.cms-body",)),
        urls=(r"-post\d+\.html$",),
    ),
)
