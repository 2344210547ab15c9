"""The `cms-*`/`zce-content-body` press platform (`-post<id>.html`)."""

from families.spec import Crawl, Detection, Family, Layout

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
        Layout(
            name="cms-zce",
            title=("h1.cms-title", "h1.article__title", "h1.details__headline"),
            date=(
                "meta.cms-date::attr(content)",
                ".article__meta time.time::attr(datetime)",
                ".details__meta time",
                "time.time",
            ),
            author=(
                ".details__author h4",
                ".article__author .name",
                ".article__author",
                ".cms-author",
            ),
            body=(
                "div.cms-body.detail",
                "div.zce-content-body",
                "div[data-field='body']",
                "div.cms-body",
            ),
            lead=(".cms-desc", "div.sapo", ".article__sapo"),
            drop=(
                ".sda_middle",
                ".rennab",
                "[id^='adsWeb_']",
                "[id^='sdaWeb_']",
                ".ads_middle",
                ".related-news",
                "[id^='dablewidget']",
            ),
        ),
    ),
    detect=Detection(
        markup=(("div.zce-content-body",), ("meta.cms-date",), ("div.cms-body",)),
        urls=(r"-post\d+\.html$",),
    ),
)
