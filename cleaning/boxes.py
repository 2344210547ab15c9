"""Boxes set inside an article body that are not article: a "Tin liên quan" list of links
floated beside the text in the middle of the story.

The body's tail rule (cleaning/boilerplate.py `cut_tail`) ends the body at such a
heading, which is right for the related list under the article and wrong for one in
the middle of it: there it cut 40 % of a newspaper article (issue 16). A box is taken
out before the text is read when it opens with a tail heading, holds mostly links, and
article text follows it in the container.
"""

from __future__ import annotations

from collections.abc import Collection

from lxml.html import HtmlElement

from cleaning.htmltext import paragraphs, remove, text_of
from cleaning.text import search_key

_BOX_TAGS = ("table", "div", "aside", "section", "blockquote", "ul", "dl")
_LINK_SHARE = 0.6  # of the box's text after its heading
_TEXT_AFTER = 80  # characters of article text that must follow the box


def _text_follows(el: HtmlElement, container: HtmlElement) -> bool:
    node = el
    seen = 0
    while node is not None and node is not container:
        if node.tail:
            seen += len(node.tail.strip())
        for sib in node.itersiblings():
            seen += len(text_of(sib)) if isinstance(sib.tag, str) else 0
            if seen >= _TEXT_AFTER:
                return True
        node = node.getparent()
    return seen >= _TEXT_AFTER


def drop_inline_boxes(container: HtmlElement, tail_headings: Collection[str]) -> int:
    """Remove related-links boxes that sit inside the article text; returns how many.

    `tail_headings`: folded headings that open the page's tail ("tin lien quan" …).
    """
    dropped = 0
    for el in list(container.iter(*_BOX_TAGS)):
        if el is container or el.find(".//a") is None:
            continue  # the container itself, or a box without links (never a related list)
        if not any(up is container for up in el.iterancestors()):
            continue  # inside a box already removed
        lines = paragraphs(el)
        if len(lines) < 2 or search_key(lines[0]).rstrip(":").strip() not in tail_headings:
            continue
        rest = sum(len(x) for x in lines[1:])
        links = sum(len(text_of(a)) for a in el.iter("a"))
        if links >= _LINK_SHARE * rest and _text_follows(el, container):
            remove(el)
            dropped += 1
    return dropped
