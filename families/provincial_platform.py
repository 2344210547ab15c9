"""The shared portal product with `div.PostDate`/`div.ArticleContent`."""

from families.spec import Crawl, Detection, Family, Layout

FAMILY = Family(
    name="provincial-platform",
    doc=__doc__,
    precedence=10,
    source="config",
    crawl=Crawl(
        article_links=(".ListArticle a.ArticleTitle", "div.ListNews a.Title", ".ListNews h3 a"),
        next_page=("div.Paging a", ".paging a"),
        article_url=r"/tin-tuc/[^/?#]+-\d+\.html$",
    ),
    layouts=(
        Layout(
            name="provincial-platform",
            title=(".ArticleHeader", ".ArticleTitle", "h1.Title", ".PostTitle"),
            date=("div.PostDate",),
            author=("div.ArticleContent + div.Author", "div.Author", ".ArticleAuthor"),
            body=("div.ArticleContent",),
            lead=("div.ArticleSummary",),
            drop=(".OtherNews", ".RelatedNews", ".PostDate"),
        ),
    ),
    detect=Detection(
        # ArticleContent alone is also used by unrelated press sites, so the platform
        # needs div.PostDate as well (cms_families.md A3).
        markup=(("div.PostDate", "div.ArticleContent"),),
    ),
)
