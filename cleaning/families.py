"""The cleaner's view of the family table (families/): the layout a page holds.

Family knowledge itself (selectors, layouts, detection rules) lives in one module per
family under families/; this module only chooses among a family's layouts by what the
page holds, so a second theme of a known CMS is not read with the first theme's
selectors.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from cleaning.css import select
from families import FAMILIES as TABLE
from families import Layout

__all__ = ["FAMILIES", "Layout", "layout_for"]

# Each layout family's default (first) layout, by family name.
FAMILIES: dict[str, Layout] = {name: f.layouts[0] for name, f in TABLE.items() if f.layouts}


def layout_for(doc: HtmlElement, family: str | None) -> Layout | None:
    """The family's layout whose signature the page holds, else its default layout."""
    fam = TABLE.get(family) if family else None
    if fam is None or not fam.layouts:
        return None
    for layout in fam.layouts:
        if layout.signature and all(select(doc, css) for css in layout.signature):
            return layout
    return fam.layouts[0]
