"""Joomla: K2 items (lyluanchinhtri, schools of politics) and core com_content articles
(Joomla 3 `div.item-page`, Joomla 4/5 `div.com-content-article item-page`)."""

from families.spec import Detection, Family, Layout

FAMILY = Family(
    name="joomla",
    doc=__doc__,
    precedence=120,
    source="seen",  # lyluanchinhtri (K2, text only); com_content markup general
    layouts=(
        # K2 (seen on lyluanchinhtri.vn: "Chủ nhật, 26 Tháng 11 2023 15:06", "5242 Lượt xem").
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
        # The core article view (components/com_content/tmpl/article/default.php): the
        # title in div.page-header, the info block a <dl class="article-info"> of
        # dd.createdby / dd.published (a <time datetime>) / dd.hits ("Lượt xem: 123"), the
        # text in div[itemprop=articleBody] (Joomla 4: .com-content-article__body), the
        # previous/next links (ul.pager.pagenav, nav.pagenavigation) after it.
        Layout(
            name="joomla/com-content",
            title=(
                ".item-page .page-header [itemprop='headline']",
                ".item-page .page-header h1",
                ".item-page .page-header h2",
                ".item-page h1",
            ),
            date=(
                ".item-page dd.published time::attr(datetime)",
                ".item-page time[itemprop='datePublished']::attr(datetime)",
                ".item-page dd.published",
                ".item-page dd.create",
            ),
            # "Viết bởi: <span itemprop=name>…</span>" (the label is cleaned off).
            author=(".item-page dd.createdby",),
            body=(
                ".item-page .com-content-article__body",
                ".item-page [itemprop='articleBody']",
            ),
            views=(".item-page dd.hits",),
            drop=(".pagenav", ".pagenavigation", ".article-info", ".tags"),
            signature=(".item-page",),
        ),
    ),
    detect=Detection(
        generators=("joomla",),
        markup=((".itemFullText",), (".com-content-article__body",)),
        urls=(r"index\.php/.+-\d+\.html$|/item/\d+-",),
    ),
)
