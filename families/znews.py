"""znews"""

from families.spec import Detection, Family, Layout

FAMILY = Family(
    name="znews",
    doc=__doc__,
    precedence=30,
    source="seen",
    layouts=(
        Layout(
            name="znews",
            title=("h1.the-article-title",),
            date=("li.the-article-publish", ".the-article-publish"),
            author=(".the-article-credit p.author", "p.author"),
            body=("div.the-article-body",),
            lead=("p.the-article-summary",),
            drop=("table.article", "div.notebox", ".inner-article"),
        ),
    ),
    detect=Detection(
        hosts=(r"(^|\.)(znews|zingnews)\.vn$",),
        markup=(("div.the-article-body",),),
    ),
)
