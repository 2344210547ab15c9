"""CSS selection with an optional `::attr(name)` suffix, as in parsel.

`meta.cms-date::attr(content)` reads the attribute instead of the element. Compiled
selectors are cached: the same family selectors run on every page of a night.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

_ATTR_SUFFIX = re.compile(r"::attr\(([\w:-]+)\)\s*$")


@lru_cache(maxsize=2048)
def _compile(css: str) -> tuple[CSSSelector | None, str | None]:
    attr = None
    m = _ATTR_SUFFIX.search(css)
    if m:
        attr, css = m.group(1), css[: m.start()]
    css = css.removesuffix("::text")
    try:
        return CSSSelector(css, translator="html"), attr
    except Exception:  # a bad selector in a site entry must not take the run down
        return None, attr


def select(root: HtmlElement, css: str) -> list[HtmlElement | str]:
    """Elements matching `css` (or attribute values when it ends in ::attr(name))."""
    sel, attr = _compile(css)
    if sel is None:
        return []
    try:
        found = sel(root)
    except etree.XPathError:
        return []
    if attr:
        return [v for el in found if (v := el.get(attr))]
    return found


def select_first(
    root: HtmlElement, selectors: tuple[str, ...] | list[str]
) -> HtmlElement | str | None:
    for css in selectors:
        for hit in select(root, css):
            if isinstance(hit, str) or _has_content(hit):
                return hit
    return None


def _has_content(el: HtmlElement) -> bool:
    if el.tag in ("meta", "img", "time") and (el.get("content") or el.get("datetime")):
        return True
    return bool((el.text_content() or "").strip())
