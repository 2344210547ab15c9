"""sc-longform: baodanang, baohaiphong, baonghean"""

from families.spec import Detection, Family, Layout

FAMILY = Family(
    name="sc-longform",
    doc=__doc__,
    precedence=80,
    source="config",  # baodanang, baohaiphong, baonghean
    layouts=(
        Layout(
            name="sc-longform",
            title=(".sc-longform-header-title",),
            body=("div.b-maincontent .entry", "article.entry"),
            lead=(".sc-longform-header-sapo",),
            drop=(".sc-longform-header", ".sc-empty-layer", ".sc-related-articles"),
        ),
    ),
    detect=Detection(
        markup=(("div.b-maincontent",),),
    ),
)
