"""joomla: lyluanchinhtri (K2, text only) and general"""

from families.spec import Detection, Family, Layout

FAMILY = Family(
    name="joomla",
    doc=__doc__,
    precedence=120,
    source="seen",  # lyluanchinhtri (K2, text only) and general
    layouts=(
        Layout(
            name="joomla",
            title=("h2.itemTitle", "h1.itemTitle", ".item-page h1", ".item-page h2"),
            date=(
                ".itemDateCreated",
                "time[itemprop='datePublished']::attr(datetime)",
                ".item-page .create",
            ),
            author=(".itemAuthor", ".item-page .createdby"),
            body=(".itemFullText", ".item-page [itemprop='articleBody']"),
            views=(".itemHits", ".item-page .hits"),
            lead=(".itemIntroText",),
        ),
    ),
    detect=Detection(
        generators=("joomla",),
        markup=((".itemFullText",),),
        urls=(r"index\.php/.+-\d+\.html$|/item/\d+-",),
    ),
)
