"""mastercms: haiquanonline, tbck, thoidai"""

from families.spec import Detection, Family, Layout

FAMILY = Family(
    name="mastercms",
    doc=__doc__,
    precedence=70,
    source="config",  # haiquanonline, tbck, thoidai
    layouts=(
        Layout(
            name="mastercms",
            body=("[class*='__MASTERCMS_CONTENT']",),
        ),
    ),
    detect=Detection(
        markup=(("[class*='__MASTERCMS_CONTENT']",),),
    ),
)
