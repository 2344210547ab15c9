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
        # NukeViet 4 (themes/default/modules/news/detail.tpl): date in the first row's
        # span.h5 ("Thứ năm - 15/05/2025 09:20"); the author and source are paragraphs
        # after the body ("Tác giả: …", "Nguồn tin: …"), read by the generic byline layer,
        # which takes the author line over the source line.
        Layout(
            name="nukeviet",
            title=(".news_column h1", "h1.title"),
            date=(".news_column .h-date", "span.h-date", ".news_column .panel-body > .row span.h5"),
            body=("#news-bodyhtml", ".news_column .bodytext"),
            lead=(".news_column .hometext",),
            drop=(".news_column .related", ".news-related"),
        ),
        # NukeViet 3 (the older default theme): div#news_detail with span.time and
        # div.bodytext, the lead in div#hometext.
        Layout(
            name="nukeviet/3",
            title=("#news_detail h1",),
            date=("#news_detail span.time",),
            body=("#news_detail .bodytext",),
            lead=("#hometext",),
            drop=("#news_detail .control",),
            signature=("#news_detail",),
        ),
    ),
    detect=Detection(
        generators=("nukeviet",),
        markup=(("#news-bodyhtml",),),
        url_hints=("/(vi/)?news/",),
    ),
)
