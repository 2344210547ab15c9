"""Drupal: `views-row` items, `?page=<n>` counting from 0."""

from families.spec import Crawl, Detection, Family, Layout

FAMILY = Family(
    name="drupal",
    doc=__doc__,
    precedence=140,
    source="general",  # general product knowledge
    crawl=Crawl(
        article_links=(
            ".views-row .views-field-title a",
            ".views-row h2 a",
            ".views-row h3 a",
            ".node-title a",
        ),
        next_page=("ul.pager a", "nav.pager a", "li.pager-next a", "li.pager__item--next a"),
        article_url=r"/node/\d+$|/bai-viet/\d+",
        page_param="^page$",
        page_base=0,
    ),
    layouts=(
        Layout(
            name="drupal",
            title=("h1.page-title", "h1.node__title", "h1.title"),
            date=(
                ".field--name-created",
                ".node__submitted time::attr(datetime)",
                ".submitted",
            ),
            body=(".field--name-body", ".field-name-body", ".node__content"),
        ),
    ),
    detect=Detection(
        generators=("drupal",),
        markup=((".field--name-body",),),
        assets=("img[src*='/sites/default/files/'], link[href*='/sites/default/files/']",),
    ),
)
