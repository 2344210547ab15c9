"""vnexpress: fck_detail"""

from families.spec import Detection, Family, Layout

FAMILY = Family(
    name="vnexpress",
    doc=__doc__,
    precedence=20,
    source="seen",  # fck_detail
    layouts=(
        Layout(
            name="vnexpress",
            title=("h1.title-detail",),
            date=("span.date",),
            author=("p.author_mail strong", "p.author_mail"),
            body=("article.fck_detail", "[class~='fck_detail']"),
            lead=("p.description",),
            drop=(
                "#article-end ~ *",
                "[data-component-type]",
                ".box-tinlienquanv2",
                ".footer-content",
            ),
        ),
    ),
    detect=Detection(
        hosts=(r"(^|\.)vnexpress\.net$",),
        markup=(("[class~='fck_detail']",),),
    ),
)
