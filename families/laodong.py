"""laodong: 2020 layout"""

from families.spec import Detection, Family, Layout

FAMILY = Family(
    name="laodong",
    doc=__doc__,
    precedence=160,
    source="seen",  # 2020 layout
    layouts=(
        Layout(
            name="laodong",
            title=(".title h1", "article h1", "h1"),
            date=("time.f-datetime",),
            author=("footer.author-wrapper span.author", "span.author"),
            body=("div.article-content",),
            lead=("p.abs",),
            # p.for-reading-mode repeats the lead (p.abs) inside the body for reader mode.
            drop=(
                "p.for-reading-mode",
                "footer.author-wrapper",
                ".wrapper-banner",
                ".keywords-box",
            ),
        ),
    ),
    detect=Detection(
        hosts=(r"(^|\.)laodong\.vn$",),
        urls=(r"\.ldo$",),
    ),
)
