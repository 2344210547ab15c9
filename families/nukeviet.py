"""NukeViet: `/news/<cat>/<alias>-<id>.html`, pagination `/page-<n>`."""

from families.spec import Crawl, Detection, Family, Layout

FAMILY = Family(
    name="nukeviet",
    doc=__doc__,
    precedence=90,
    source="general",
    crawl=Crawl(
        article_links=(".news_column h3 a", ".news-list h3 a", "h3 a[href*='/news/']"),
        # NukeViet 4 (ul.pagination), 3.x (.generate_page), themes' div.pagination.
        next_page=("ul.pagination a", ".generate_page a", "div.pagination a"),
        article_url=r"/news/[^?#]+-\d+\.html$",
    ),
    layouts=(
        Layout(
            name="nukeviet",
            title=(".news_column h1", "h1.title"),
            date=(".news_column .h-date", "span.h-date"),
            author=(".news_column .author",),
            body=("#news-bodyhtml", ".news_column .bodytext"),
            lead=(".news_column .hometext",),
            drop=(".news_column .related", ".news-related"),
        ),
    ),
    detect=Detection(
        generators=("nukeviet",),
        markup=(("#news-bodyhtml",),),
        url_hints=("/(vi/)?news/",),
    ),
)
