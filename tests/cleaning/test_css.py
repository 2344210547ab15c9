"""The CSS page index (cleaning/css.py) only skips selectors that cannot match: with and
without it, every selector the project holds selects the same elements on real pages."""

from __future__ import annotations

import gzip
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaning import css
from cleaning.extract import GENERIC_DROP
from cleaning.registry import load_sites
from families import FAMILIES

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "sitefarm" / "corpus" / "devset" / "pages").glob("*.html")) + sorted(
    (ROOT / "tests" / "test_data").glob("*/*.html.gz")
)


def _all_selectors() -> set[str]:
    found: set[str] = set(GENERIC_DROP)
    for fam in FAMILIES.values():
        for layout in fam.layouts:
            for name in ("title", "date", "author", "body", "views", "lead", "drop", "signature"):
                found.update(layout.selectors(name))
        found.update(c for tests in fam.detect.markup for c in tests)
        found.update(fam.detect.markup_hints)
        found.update(fam.detect.assets)
    for site in load_sites().values():
        for value in (site.get("selectors") or {}).values():
            found.update([value] if isinstance(value, str) else value or [])
    return {s for s in found if isinstance(s, str)}


def _unfiltered(root, sel: str) -> list:
    c = css._compile(sel)
    if c.sel is None:
        return []
    found = c.sel(root)
    return [v for el in found if (v := el.get(c.attr))] if c.attr else found


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.parent.name + "/" + p.name)
def test_index_never_changes_a_selection(page: Path) -> None:
    raw = page.read_bytes()
    doc = lxml.html.document_fromstring(gzip.decompress(raw) if page.suffix == ".gz" else raw)
    sels = sorted(_all_selectors())
    assert len(sels) > 100
    skipped = 0
    for sel in sels:
        got = css.select(doc, sel)
        assert got == _unfiltered(doc, sel), sel
        skipped += not got
    assert skipped, "no selector was filtered out"
    assert list(css.select_each(doc, sels)) == [x for s in sels for x in _unfiltered(doc, s)]


def test_index_needs() -> None:
    # What an alternative needs: class names and ids of every compound, tags, and the
    # substrings of attribute values ([class*=…], [src*=…]); nothing from under :not().
    (n,) = css._compile("div.a .b > p#x:not(.gone)").needs
    assert (n.tags, n.classes, n.ids) == ({"div", "p"}, {"a", "b"}, {"x"})
    (n,) = css._compile("[class*='tin-lien'] a[href]").needs
    assert (n.attr_parts, n.tags) == ({("class", "tin-lien")}, {"a"})
    (n,) = css._compile("img[src*='/fck/'][src*='/upload/']").needs
    assert n.attr_parts == {("src", "/fck/"), ("src", "/upload/")}
    assert len(css._compile("h1.title, .headline").needs) == 2


def test_a_detached_subtree_is_indexed_on_its_own() -> None:
    doc = lxml.html.document_fromstring("<div><p class='x'>a</p></div><div id='y'>b</div>")
    assert css.select(doc, ".x")  # indexes the page
    box = doc.get_element_by_id("y")
    box.getparent().remove(box)
    box.set("class", "late")  # a class the page's index never saw
    assert css.select(box, ".late") == [box]


def test_a_copy_shares_the_class_index_of_its_source() -> None:
    from copy import deepcopy

    doc = lxml.html.document_fromstring(
        "<div class='a'><p class='b'>x</p><img src='/u/1.jpg'></div>"
    )
    part = deepcopy(doc.find(".//div"))
    css.share_index(part, doc)
    assert css.select(part, ".b") and not css.select(part, ".zzz")
    assert css.select(part, "img[src*='/u/']")  # read from the copy itself


_NAMES = st.sampled_from(["a", "b", "c", "nav", "x-y"])
_NEEDS = st.builds(
    css._Needs,
    tags=st.frozensets(st.sampled_from(["div", "p", "link", "meta"]), max_size=2),
    classes=st.frozensets(_NAMES, max_size=3),
    ids=st.frozensets(_NAMES, max_size=2),
    attr_parts=st.frozensets(
        st.tuples(st.sampled_from(["href", "src", "name"]), st.sampled_from(["/a/", "b", "gen"])),
        max_size=2,
    ),
)


@settings(max_examples=300, deadline=None)
@given(
    needs=st.lists(_NEEDS, max_size=3),
    classes=st.sets(_NAMES),
    ids=st.sets(_NAMES),
    tags=st.sets(st.sampled_from(["div", "p", "link", "meta"])),
    href=st.sampled_from(["", "/a/x.css", "gen/b"]),
)
def test_may_match_loops_as_the_all_expression(needs, classes, ids, tags, href) -> None:
    """may_match's loops (no generators) answer as the all() expression they replaced, and
    a selector runs when any alternative may match (an empty tuple: never)."""
    body = "".join(f"<{t} href='{href}' name='gen'></{t}>" for t in sorted(tags))
    root = lxml.html.document_fromstring(f"<html><body>{body}</body></html>")
    index = css._Index(root, set(classes), set(ids))

    def old(n: css._Needs) -> bool:
        return (
            n.classes <= index.classes
            and n.ids <= index.ids
            and all(part in index.attr_text(name) for name, part in n.attr_parts)
            and all(index.has_tag(t) for t in n.tags)
        )

    for n in needs:
        assert index.may_match(n) == old(n)
    compiled = css._Compiled(css.CSSSelector("body"), None, tuple(needs))
    ran = css._matches(root, compiled, index) != []
    assert ran == any(old(n) for n in needs)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.parent.name + "/" + p.name)
def test_steps_by_attribute_select_what_cssselect_selects(page: Path) -> None:
    """Every selector the project holds, compiled with its class and id steps written by
    attribute, selects what lxml's CSSSelector selects, in the same order."""
    raw = page.read_bytes()
    doc = lxml.html.document_fromstring(gzip.decompress(raw) if page.suffix == ".gz" else raw)
    rewritten = 0
    for sel in sorted(_all_selectors()):
        c = css._compile(sel)
        if c.sel is None:
            continue
        plain = css.CSSSelector(
            css._ATTR_SUFFIX.sub("", sel).removesuffix("::text"), translator="html"
        )
        rewritten += c.sel.path != plain.path
        assert c.sel(doc) == plain(doc), sel
    assert rewritten > 100


_WORDS = st.sampled_from(["a", "b", "ab", "a-b", "x"])
_ATTRIBUTE = st.builds(
    lambda name, op, word: f"[{name}{op}'{word}']",
    st.sampled_from(["id", "class", "title"]),
    st.sampled_from(["=", "^=", "*=", "$="]),
    _WORDS,
)
_SIMPLE = st.builds(
    lambda tag, cls, ident, attr: (
        tag + "".join(f".{c}" for c in cls) + (f"#{ident}" if ident else "") + (attr or "")
    ),
    st.sampled_from(["", "div", "p", "span", "*"]),
    st.lists(_WORDS, max_size=2),
    st.one_of(st.none(), _WORDS),
    st.one_of(st.none(), _ATTRIBUTE),
)
_SELECTOR = st.lists(
    st.tuples(st.sampled_from([" ", " > ", " + ", " ~ "]), _SIMPLE), min_size=1, max_size=3
).map(lambda steps: "".join(c + s for c, s in steps).strip(" >+~") or "*")
_ELEMENT = st.tuples(
    st.sampled_from(["div", "p", "span"]),
    st.lists(_WORDS, max_size=3),
    st.one_of(st.none(), _WORDS),
    st.one_of(st.none(), _WORDS),
)


@settings(max_examples=300, deadline=None)
@given(
    selectors=st.lists(_SELECTOR, min_size=1, max_size=3),
    elements=st.lists(st.tuples(_ELEMENT, st.integers(0, 3)), max_size=12),
)
def test_steps_by_attribute_hold_on_any_tree(selectors, elements) -> None:
    """Class, id and attribute-value steps (with :first-child, + and nth positions around
    them) written by attribute select the same elements in the same order on random
    nestings, duplicate ids and repeated class names."""
    html, open_tags = [], []
    for (tag, cls, ident, title), close in elements:
        for _ in range(min(close, len(open_tags))):
            html.append(f"</{open_tags.pop()}>")
        attrs = (f' class=" {" ".join(cls)} "' if cls else "") + (f' id="{ident}"' if ident else "")
        attrs += f' title="{title}"' if title else ""
        html.append(f"<{tag}{attrs}>t")
        open_tags.append(tag)
    doc = lxml.html.document_fromstring(f"<html><body>{''.join(html)}</body></html>")
    for sel in [*selectors, ", ".join(selectors), selectors[0] + ":first-child"]:
        try:
            plain = css.CSSSelector(sel, translator="html")
        except Exception:  # noqa: BLE001 - not a selector cssselect reads
            continue
        fast = css._by_attribute(plain.path)
        assert css.etree.XPath(fast)(doc) == plain(doc), (sel, fast)
