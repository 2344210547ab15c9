"""vtcnews"""

from families.spec import Detection, Family, Layout

FAMILY = Family(
    name="vtcnews",
    doc=__doc__,
    precedence=40,
    source="seen",
    layouts=(
        Layout(
            name="vtcnews",
            title=("h1.font28", "section.nd-detail h1"),
            date=("span.time-update",),
            author=("div.author-make",),
            body=("div.edittor-content",),
            lead=("h2.inline-nb",),
            drop=(
                "div.author-make",
                ".baner-mb",
                ".baner-pc",
                ".div-interaction",
                ".result-quizz",
            ),
        ),
    ),
    detect=Detection(
        generators=("vtcnews",),
        hosts=(r"(^|\.)vtcnews\.vn$",),
        markup=(("div.edittor-content",),),
    ),
)
