"""Drupal: `views-row` items, `?page=<n>` counting from 0; pages of Drupal 8+ and of
Drupal 7."""

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
        # Drupal 8 and later (Olivero, Bartik 8, most contributed themes): BEM field classes.
        Layout(
            name="drupal",
            title=("h1.page-title", "h1.node__title", "h1.title"),
            date=(
                ".field--name-created",
                ".node__submitted time::attr(datetime)",
                ".submitted",
            ),
            author=(".node__submitted .field--name-uid",),
            body=(".field--name-body", ".field-name-body", ".node__content"),
        ),
        # Drupal 7 (Bartik 7 and the themes derived from it): h1#page-title, the byline
        # "Submitted by <span class=username> on <date>" in div.submitted whose RDFa
        # property dc:date carries the ISO time, the text in .field-name-body
        # .field-item; the tags field and the node's links (ul.links) follow it.
        Layout(
            name="drupal/7",
            title=("h1#page-title", "h1.title"),
            date=(
                ".submitted [property~='dc:date']::attr(content)",
                ".submitted",
                ".field-name-post-date",
            ),
            author=(".submitted .username",),
            body=(".field-name-body .field-item", ".field-name-body"),
            drop=(".field-name-field-tags", "ul.links"),
            signature=(".field-name-body",),
        ),
    ),
    detect=Detection(
        generators=("drupal",),
        markup=((".field--name-body",), (".field-name-body", ".field-items")),
        # Drupal's public files folder (cms_families.md A11, registry evidence).
        urls=(r"/sites/default/files/",),
        assets=("img[src*='/sites/default/files/'], link[href*='/sites/default/files/']",),
    ),
)
