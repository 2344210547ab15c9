"""CSS selection with an optional `::attr(name)` suffix, as in parsel.

`meta.cms-date::attr(content)` reads the attribute instead of the element. Compiled
selectors are cached: the same family selectors run on every page of a night.

Most selectors find nothing on a given page (family detection tries every family's
markup; the generic drop list names a dozen CMSs' share bars), and each XPath run walks
the whole tree. So every selector also carries what it needs from the page (the class
names, ids and tags of each of its alternatives) and a page keeps an index of the class
names and ids it holds, built once: a selector whose needs the page lacks is not run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import cssselect
from cssselect import parser as css_parser
from lxml import etree
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

_ATTR_SUFFIX = re.compile(r"::attr\(([\w:-]+)\)\s*$")


@dataclass(frozen=True)
class _Needs:
    """What one alternative of a selector needs the page to hold (all of it)."""

    tags: frozenset[str] = frozenset()
    classes: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()
    # (attribute, substring of its value on some element): [class*='x'], [src*='/fck/']…
    attr_parts: frozenset[tuple[str, str]] = frozenset()


_NAME = re.compile(r"[a-z][a-z0-9_-]*")


def _needs(tree: object, acc: dict[str, set]) -> None:
    """Collect from a parsed selector what every match needs (not under :not())."""
    if isinstance(tree, css_parser.Element):
        if tree.element and tree.element != "*" and not tree.namespace:
            acc["tags"].add(tree.element.lower())
    elif isinstance(tree, css_parser.Class):
        acc["classes"].add(tree.class_name)
        _needs(tree.selector, acc)
    elif isinstance(tree, css_parser.Hash):
        acc["ids"].add(tree.id)
        _needs(tree.selector, acc)
    elif isinstance(tree, css_parser.Attrib):
        name, value = (tree.attrib or "").lower(), tree.value
        text = getattr(value, "value", value)  # cssselect >= 1.2 wraps it in a Token
        if isinstance(text, str) and text and not tree.namespace and _NAME.fullmatch(name):
            if tree.operator in ("=", "^=", "$=", "*=", "~=", "|="):
                acc["attr_parts"].add((name, text))
        _needs(tree.selector, acc)
    elif isinstance(tree, css_parser.CombinedSelector):
        _needs(tree.selector, acc)
        _needs(tree.subselector, acc)
    elif isinstance(tree, (css_parser.Negation, css_parser.Function, css_parser.Pseudo)):
        _needs(tree.selector, acc)
    # Anything else (Matching, SpecificityAdjustment, Relation…) adds no need.


def _alternatives(css: str) -> tuple[_Needs, ...] | None:
    """The needs of each comma-separated alternative, or None when unknown."""
    try:
        parsed = cssselect.parse(css)
    except Exception:  # noqa: BLE001 - the compile step reports bad selectors
        return None
    out = []
    for sel in parsed:
        acc: dict[str, set] = {k: set() for k in _Needs.__dataclass_fields__}
        _needs(sel.parsed_tree, acc)
        out.append(_Needs(**{k: frozenset(v) for k, v in acc.items()}))
    return tuple(out)


@dataclass(frozen=True)
class _Compiled:
    sel: etree.XPath | None  # a CSSSelector, or its XPath with steps by attribute
    attr: str | None
    needs: tuple[_Needs, ...] | None


# A step to any element (`*`) on the descendant axes whose predicate opens with a class or
# id test, as cssselect writes them: libxml2 evaluates the predicate's @class and
# contains() at every element, while a step to the attribute (found by the axis, its value
# tested) and back to its element tests only the elements that hold one, about twice as
# fast for a class and four times for an id. The element's own predicate is kept whole, so
# the step selects the same elements, in document order as XPath gives every node-set. A
# step naming a tag is left: libxml2 tests the name before the predicate, and is then
# faster than through the attribute (meta.cms-date 0.009 -> 0.023 ms a page that way).
_STEP = re.compile(r"(descendant-or-self|descendant)::(\*)\[")
# The attribute tests cssselect opens a predicate with: [class*='x'], .x (with its
# whitespace-separated test after it), [id^='x'] and the like, and #x, [itemprop='x'].
_PART_TEST = re.compile(r"@([a-z][\w-]*) and (contains|starts-with)\(@\1, '([^'\]\[]+)'\)")
_EQUALS_TEST = re.compile(r"@([a-z][\w-]*) = '([^'\]\[]+)'")


def _unquoted(path: str, start: int = 0, depth: int = 0) -> Iterator[tuple[int, str, int]]:
    """(index, character, bracket depth after it) of each character of an XPath from
    `start` on that is not in a string literal (nor one of its quotes)."""
    quote = ""
    for i in range(start, len(path)):
        ch = path[i]
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        else:
            depth += (ch == "[") - (ch == "]")
            yield i, ch, depth


def _predicate_end(path: str, start: int) -> int | None:
    """The index of the "]" closing the predicate that opens before `start`."""
    return next((i for i, _, depth in _unquoted(path, start, 1) if depth == 0), None)


def _by_attribute(path: str) -> str:
    """`path` with each outer step `descendant::*[@class and contains(@class, 'x') and
    ...]` written `descendant::*/@class[contains(., 'x')]/parent::*[<its predicate>]` (and
    the other tests of _PART_TEST and _EQUALS_TEST likewise); steps whose predicate reads
    its position are left."""
    out, copied = [], 0
    for i, ch, depth in _unquoted(path):
        if i < copied or depth or ch == "]":
            continue
        if not (i == 0 or path[i - 1] == "/" or path.startswith(" | ", i - 3)):
            continue
        m = _STEP.match(path, i)
        end = _predicate_end(path, m.end()) if m else None
        if m is None or end is None:
            continue
        pred = path[m.end() : end]
        part = _PART_TEST.match(pred)
        equals = _EQUALS_TEST.fullmatch(pred)
        if (part or equals) and "position()" not in pred and "last()" not in pred:
            attr = (
                f"@{part[1]}[{part[2]}(., '{part[3]}')]"
                if part
                else f"@{equals[1]}[. = '{equals[2]}']"
            )
            out.append(f"{path[copied:i]}{m[1]}::*/{attr}/parent::{m[2]}[{pred}]")
            copied = end + 1
    out.append(path[copied:])
    return "".join(out)


@lru_cache(maxsize=2048)
def _compile(css: str) -> _Compiled:
    attr = None
    m = _ATTR_SUFFIX.search(css)
    if m:
        attr, css = m.group(1), css[: m.start()]
    css = css.removesuffix("::text")
    try:
        sel = CSSSelector(css, translator="html")
    except Exception:  # a bad selector in a site entry must not take the run down
        return _Compiled(None, attr, None)
    path = _by_attribute(sel.path)
    if path != sel.path and "__lxml_internal_css" not in path:
        # (lxml's own functions, for :contains(), come with CSSSelector only.)
        sel = etree.XPath(path)
    return _Compiled(sel, attr, _alternatives(css))


@lru_cache(maxsize=64)
def _attr_values(name: str) -> etree.XPath:
    # Plain strings: lxml's default "smart" results each carry a link to their element.
    return etree.XPath(f"descendant-or-self::*/@{name}", smart_strings=False)


@dataclass
class _Index:
    """The class names and ids a tree held when first asked (removing elements later
    leaves it a superset, which is all a filter needs), and its tags and attribute values
    as asked."""

    root: HtmlElement
    classes: set[str]
    ids: set[str]
    tags: dict[str, bool] = field(default_factory=dict)
    attr_texts: dict[str, str] = field(default_factory=dict)

    def attr_text(self, name: str) -> str:
        got = self.attr_texts.get(name)
        if got is None:
            got = self.attr_texts[name] = "\n".join(_attr_values(name)(self.root))
        return got

    def has_tag(self, tag: str) -> bool:
        got = self.tags.get(tag)
        if got is None:
            got = self.tags[tag] = next(self.root.iter(tag), None) is not None
        return got

    def may_match(self, needs: _Needs) -> bool:
        # Loops, not all() over generators: this runs for every selector on every page,
        # and most needs hold no attribute parts and no tags (two generators made for
        # nothing cost more than the set tests).
        if not (needs.classes <= self.classes and needs.ids <= self.ids):
            return False
        for name, part in needs.attr_parts:
            if part not in self.attr_text(name):
                return False
        for tag in needs.tags:
            if not self.has_tag(tag):
                return False
        return True


def _build_index(root: HtmlElement) -> _Index:
    class_attrs = _attr_values("class")(root)
    ids = _attr_values("id")(root)
    # One split of all values (a space keeps two values' names apart), not one per value.
    classes = set(" ".join(class_attrs).split())
    index = _Index(root, classes, set(ids))
    index.attr_texts.update({"class": "\n".join(class_attrs), "id": "\n".join(ids)})
    return index


# The last few trees asked about (the page, its pruned copy, a fragment): strong
# references, so an id cannot be reused by another tree while its entry is here.
_INDEXES: dict[int, _Index] = {}
_MAX_INDEXES = 4


def _top(el: HtmlElement) -> HtmlElement:
    # The top of the element's own tree: a detached subtree is indexed on its own.
    while (up := el.getparent()) is not None:
        el = up
    return el


def _index(el: HtmlElement) -> _Index:
    top = _top(el)
    got = _INDEXES.get(id(top))
    if got is not None and got.root is top:
        return got
    if len(_INDEXES) >= _MAX_INDEXES:
        del _INDEXES[next(iter(_INDEXES))]
    got = _INDEXES[id(top)] = _build_index(top)
    return got


def indexed_values(root: HtmlElement, name: str) -> str:
    """The values of attribute `name` on the elements of root's tree, newline-joined; for
    class and id, those the tree held when first indexed (what it holds, or more)."""
    return _index(root).attr_text(name)


def share_index(copy: HtmlElement, source: HtmlElement) -> None:
    """Let `copy` (a copy of `source` or of part of it, pruned or not) use the index of
    `source`'s tree: what the copy holds, the source held."""
    index = _index(source)
    top = _top(copy)
    if len(_INDEXES) >= _MAX_INDEXES:
        del _INDEXES[next(iter(_INDEXES))]
    # Class names and ids were read when the source was whole; tags and other attributes
    # are read from the copy itself when asked.
    shared = {k: index.attr_texts[k] for k in ("class", "id")}
    _INDEXES[id(top)] = _Index(top, index.classes, index.ids, attr_texts=shared)


def forget(root: HtmlElement) -> None:
    """Drop a tree's index: call after adding elements or class names to it."""
    _INDEXES.pop(id(_top(root)), None)


def _matches(root: HtmlElement, c: _Compiled, index: _Index | None) -> list[HtmlElement | str]:
    """A compiled selector's matches (attribute values for ::attr), none when the page's
    index says it lacks what the selector needs or the XPath fails."""
    if c.sel is None:
        return []
    if index is not None and c.needs is not None:
        for needs in c.needs:
            if index.may_match(needs):
                break
        else:
            return []
    try:
        found = c.sel(root)
    except etree.XPathError:
        return []
    if c.attr:
        return [v for el in found if (v := el.get(c.attr))]
    return found


def select(root: HtmlElement, css: str) -> list[HtmlElement | str]:
    """Elements matching `css` (or attribute values when it ends in ::attr(name))."""
    c = _compile(css)
    indexed = c.needs is not None and isinstance(root, etree.ElementBase)
    return _matches(root, c, _index(root) if indexed else None)


def select_each(root: HtmlElement, selectors: Iterable[str]) -> Iterator[HtmlElement | str]:
    """The matches of each selector in turn, each run when the previous one's matches have
    been used (a caller removing them changes what the next one finds), the page's index
    looked up once."""
    index = _index(root) if isinstance(root, etree.ElementBase) else None
    for css in selectors:
        yield from _matches(root, _compile(css), index)


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
