"""The fields of an article page besides the body: title, posting date, author, views.

Each field is a list of layers, tried in order by one loop (`first`): the site's
selectors (registry), the family layout's selectors, the page metadata (JSON-LD,
og:/article: meta), then generic finders that read the page text where Vietnamese
sites print the field. Some generic layers read what the body extraction leaves
(`Page.body`): the lines it cut as dates and counters, the byline closing it, the
text right after it; extract_article runs those lists after the body.

A layer takes the `Page` and returns a `Found` (value, layer name, element) or None.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from itertools import islice
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from cleaning.bylines import clean_author, header_byline, split_byline
from cleaning.css import indexed_values, select, select_first
from cleaning.dates import find_posting_date, parse_vn_datetime
from cleaning.families import Layout
from cleaning.htmltext import first_paragraphs, image_src, paragraphs, text_of
from cleaning.metadata import PageMeta
from cleaning.text import at_words, nfc, normalize_whitespace, search_key, space_before
from cleaning.views import parse_views

# The element and its descendants of at most 60 characters of text, in page order (the
# lengths counted by libxml2, as len(text_content()) would count them).
_SMALL_ELEMENTS = etree.XPath("descendant-or-self::*[string-length(.) <= 60]")
_VIEWS_HINT = re.compile(r"(?:lượt|lần|đã|người) (?:xem|đọc)|\bxem\s*:|\bviews?\b|\bhits?\b", re.I)
# _VIEWS_HINT on lower-cased text, tried only at its keywords: a regex search of a whole
# page, case-insensitive, cost ~0.8 ms. Each match holds one keyword and starts at most
# 6 characters before it. re.I also lets i match "ı" and s match "ſ" (kept below);
# "İ", the one letter whose lower case is two characters, goes to _VIEWS_HINT itself.
_VIEWS_HINT_LOWER = re.compile(
    r"(?:lượt|lần|đã|ngườ[iı]) (?:xem|đọc)|\bxem\s*:|\bv[iı]ew[sſ]?\b|\bh[iı]t[sſ]?\b"
)
_VIEWS_KEYWORDS = ("xem", "đọc", "view", "vıew", "hit", "hıt")


def speaks_of_views(text: str) -> bool:
    """Whether _VIEWS_HINT finds a match in the text (same answer, a tenth of the time)."""
    if "\u0130" in text:
        return _VIEWS_HINT.search(text) is not None
    low = text.lower()
    # match() at a position still sees the characters before it (for \b).
    return at_words(
        low,
        _VIEWS_KEYWORDS,
        lambda at: any(_VIEWS_HINT_LOWER.match(low, s) for s in range(max(0, at - 6), at + 1)),
    )


@dataclass
class BodyFacts:
    """What the body extraction leaves for the field layers."""

    paras: list[str]
    byline: str | None  # the byline block closing the body container, if any
    meta_lines: list[str]  # date and counter lines cut from the body text


@dataclass
class Page:
    """One parsed page and what the layers found so far."""

    doc: HtmlElement
    url: str
    site: Mapping[str, Any]
    layout: Layout | None
    meta: PageMeta
    now: datetime | None
    title_el: HtmlElement | None = None
    date_el: HtmlElement | None = None
    body: BodyFacts | None = None
    _cache: dict = field(default_factory=dict)

    @cached_property
    def site_keys(self) -> list[str]:
        """Folded names of the site itself (never an author)."""
        host = (urlsplit(self.url).hostname or "").removeprefix("www.")
        names = [search_key(n) for n in self.meta.site_names if n]
        return names + ([host.split(".")[0]] if host else [])

    @cached_property
    def text(self) -> str:
        """The page's text (junk stripped) when first asked for: the views layers ask before
        the body is cut out of the page; what the body's extraction leaves is part of it
        (it only takes elements and text out)."""
        return self.doc.text_content()

    @cached_property
    def shows_views(self) -> bool:
        """Whether any text of the page speaks of views: most pages do not, and the layers
        that look for a counter away from the headline need not read them then."""
        return speaks_of_views(self.text)

    @cached_property
    def header(self) -> str:
        """Text around the headline (where dates, counters and bylines usually sit)."""
        from cleaning.boilerplate import _CUT_MARKERS  # a related list is never the header

        node = header_node(self.title_el)
        if node is None:
            return ""
        lines = []
        for line in first_paragraphs(node, 12):
            if _is_tail_heading(line, _CUT_MARKERS):
                break
            lines.append(line)
        return "\n".join(lines)[:1500]


@dataclass(frozen=True)
class Found:
    value: Any
    layer: str
    el: HtmlElement | None = None


Layer = Callable[[Page], "Found | None"]


def first(layers: Sequence[Layer], page: Page) -> Found | None:
    """The first finding of a field's layers, in order: the one loop every field runs."""
    for layer in layers:
        if (found := layer(page)) is not None:
            return found
    return None


def selector_layers(
    site: Mapping[str, Any], layout: Layout | None, name: str
) -> list[tuple[str, list[str]]]:
    """(layer name, CSS selectors) for a field: the site's, then the family layout's."""
    out: list[tuple[str, list[str]]] = []
    site_sel = site.get(name)
    if site_sel:
        out.append(("site", [site_sel] if isinstance(site_sel, str) else list(site_sel)))
    if layout and layout.selectors(name):
        out.append((f"family:{layout.name}", list(layout.selectors(name))))
    return out


def _el(hit: Any) -> HtmlElement | None:
    return hit if isinstance(hit, HtmlElement) else None


# ----------------------------------------------------------------------------- title

_TITLE_CLASS = re.compile(r"title|tieu-?de|tieude|heading|headline|ten-?bai|tenbai", re.I)
# _TITLE_CLASS on lower-cased ASCII text: re.I costs three times as much.
_TITLE_CLASS_LOWER = re.compile(r"t(?:itle|ieu-?de)|head(?:ing|line)|ten-?bai")
_HEADINGS = frozenset(("h1", "h2", "h3", "h4"))
_NOT_TITLES = frozenset(("title", "meta", "a", "html", "body", "head"))
_TITLE_SEPARATORS = re.compile(r"\s+[-|–—:]{1,2}\s+")


def strip_title_suffix(title: str) -> str:
    """ "Headline - Báo VnExpress Sức khỏe" -> "Headline": drop short trailing site segments."""
    parts = _TITLE_SEPARATORS.split(title)
    while len(parts) > 1 and len(parts[-1].split()) <= 6 and len(" ".join(parts[:-1]).split()) >= 4:
        parts = parts[:-1]
    return " - ".join(parts) if len(parts) > 1 else parts[0]


def _title_words(values: str) -> re.Pattern[str] | None:
    """The texts of _TITLE_CLASS's matches in newline-joined attribute values, as one
    pattern (None: no match): each value _TITLE_CLASS matches holds one of them, as its
    matches hold no newline."""
    if not values.isascii():
        words = {m.group() for m in _TITLE_CLASS.finditer(values)}
    else:
        # Lower case keeps an ASCII text's positions: the matches' texts as written.
        words = {values[m.start() : m.end()] for m in _TITLE_CLASS_LOWER.finditer(values.lower())}
    return re.compile("|".join(map(re.escape, sorted(words)))) if words else None


def _title_like(doc: HtmlElement) -> Iterator[HtmlElement]:
    """Headings, and elements other than _NOT_TITLES whose class or id _TITLE_CLASS
    matches, in page order. The words it matches in the page's class names and ids (read
    from the page's CSS index) say which elements need the regex: most pages have a few
    such words, and most elements none of them (the regex on every element cost ~1 ms)."""
    in_class = _title_words(indexed_values(doc, "class"))
    in_id = _title_words(indexed_values(doc, "id"))
    if in_class is None and in_id is None:
        yield from doc.iter(*_HEADINGS)
        return
    for el in doc.iter(etree.Element):
        tag = el.tag
        if tag in _HEADINGS:
            yield el
        elif tag in _NOT_TITLES:
            continue
        elif (
            (in_class is not None and (c := el.get("class")) and in_class.search(c))
            or (in_id is not None and (i := el.get("id")) and in_id.search(i))
        ) and _TITLE_CLASS.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
            yield el


def _new_title_candidates(doc: HtmlElement) -> Iterator[tuple[HtmlElement, str, str]]:
    for el in _title_like(doc):
        if len(el.text_content()) > 400:
            continue
        t = text_of(el)
        if 10 <= len(t) <= 300:
            yield el, t, search_key(t)


def _title_candidates(page: Page) -> Iterator[tuple[HtmlElement, str, str]]:
    """Headline-like elements: headings, and short elements whose class or id says "title".
    (h3/h4 too: portals print the headline as <h3 class="post-name">; only the layers that
    match the page's <title> take one of those.) Found only as far as a layer reads them
    (the headline from the metadata is most often among the first), and once; read by the
    title layers, which run before the body extraction changes the tree."""
    got = page._cache.get("titles")
    if got is None:
        got = page._cache["titles"] = ([], _new_title_candidates(page.doc))
    found, more = got
    i = 0
    while True:
        if i == len(found):
            if (nxt := next(more, None)) is None:
                return
            found.append(nxt)
        yield found[i]
        i += 1


def _title_by_selectors(page: Page) -> Found | None:
    for layer, sels in selector_layers(page.site, page.layout, "title"):
        el = select_first(page.doc, sels)
        if t := text_of(el):
            return Found(t, layer, _el(el))
    return None


def _title_from_headline(page: Page) -> Found | None:
    if not page.meta.headline:
        return None
    hk = search_key(page.meta.headline)
    el = next((e for e, _, k in _title_candidates(page) if k == hk), None)
    return Found(page.meta.headline, "meta", el)


def _title_matching_page_title(page: Page) -> Found | None:
    # The headline is the element the <title>/og:title starts (or ends) with: those carry
    # the site name as a suffix ("Headline - Cổng TTĐT …") or, rarely, a prefix.
    refs = [search_key(x) for x in (page.meta.og_title, page.meta.html_title) if x]
    best: tuple[float, HtmlElement, str] | None = None
    for e, t, k in _title_candidates(page):
        if len(t.split()) < 3:
            continue
        for ref in refs:
            if k == ref or ref.startswith(k) or ref.endswith(k):
                score = len(k) + (30 if e.tag == "h1" else 0)
                if best is None or score > best[0]:
                    best = (score, e, t)
    return Found(best[2], "generic", best[1]) if best else None


def _title_from_og(page: Page) -> Found | None:
    return Found(strip_title_suffix(page.meta.og_title), "meta") if page.meta.og_title else None


def _title_longest_h1(page: Page) -> Found | None:
    h1s = [(e, t) for e, t, _ in _title_candidates(page) if e.tag == "h1" and len(t.split()) >= 3]
    if not h1s:
        return None
    h, t = max(h1s, key=lambda ht: len(ht[1]))
    return Found(t, "generic", h)


def _title_from_html_title(page: Page) -> Found | None:
    t = page.meta.html_title
    return Found(strip_title_suffix(t), "generic") if t else None


TITLE: tuple[Layer, ...] = (
    _title_by_selectors,
    _title_from_headline,
    _title_matching_page_title,
    _title_from_og,
    _title_longest_h1,
    _title_from_html_title,
)


# ------------------------------------------------------------------------------ date


def header_node(title_el: HtmlElement | None) -> HtmlElement | None:
    """The headline's nearest ancestor holding the lines around it (up to 3 levels)."""
    if title_el is None:
        return None
    node = title_el
    for _ in range(3):
        parent = node.getparent()
        if parent is None:
            break
        node = parent
        if len(node.text_content()) > 600:
            break
    return node


def _date_text(hit: HtmlElement | str) -> str:
    if isinstance(hit, str):
        return hit
    shown = text_of(hit)
    if hit.tag in ("meta", "time") and not shown:
        return hit.get("content") or hit.get("datetime") or ""
    return shown


def _meta_date(page: Page) -> str | None:
    """The metadata's posting date, preferring one with a time."""
    if "meta_date" not in page._cache:
        dates = [v for s in page.meta.published if (v := parse_vn_datetime(s, now=page.now))]
        page._cache["meta_date"] = next((v for v in dates if "T" in v), dates[0] if dates else None)
    return page._cache["meta_date"]


def _header_date(page: Page) -> str | None:
    if "header_date" not in page._cache:
        h = page.header
        page._cache["header_date"] = find_posting_date(h, now=page.now) if h else None
    return page._cache["header_date"]


def _date_by_selectors(page: Page) -> Found | None:
    best_meta = _meta_date(page)
    for layer, sels in selector_layers(page.site, page.layout, "date"):
        for css in sels:
            for hit in select(page.doc, css):
                value = parse_vn_datetime(_date_text(hit), now=page.now)
                if not value:
                    continue
                # Metadata wins when it says the same thing more precisely: a time for a
                # date-only stamp, seconds for an HH:MM stamp.
                same = value if "T" not in value else value[:16]
                if best_meta and best_meta != value and best_meta.startswith(same):
                    if "T" in best_meta:
                        return Found(best_meta, "meta", _el(hit))
                return Found(value, layer, _el(hit))
    return None


def _date_header_refines_meta(page: Page) -> Found | None:
    # A date-only stamp in the metadata, the same day with a time beside the headline.
    best_meta, value = _meta_date(page), _header_date(page)
    if best_meta and "T" not in best_meta and value and value.startswith(best_meta + "T"):
        return Found(value, "generic")
    return None


def _date_from_meta(page: Page) -> Found | None:
    return Found(v, "meta") if (v := _meta_date(page)) else None


def _date_beside_headline(page: Page) -> Found | None:
    value = _header_date(page)
    if not value:
        return None
    # "Đăng ngày <time datetime="…13:06:48+07:00">12/02/2025 - 13:06</time>": the machine-
    # readable stamp of the same minute (or day) gives the seconds (or the time).
    node = header_node(page.title_el)
    for t in node.iter("time") if node is not None else ():
        exact = parse_vn_datetime(t.get("datetime") or "", now=page.now)
        same = value[:16] if "T" in value else value
        if exact and exact != value and exact.startswith(same) and len(exact) > len(value) - 1:
            return Found(exact, "generic", t)
    return Found(value, "generic")


def _date_in_time_elements(page: Page) -> Found | None:
    for t in page.doc.iter("time"):
        if value := parse_vn_datetime(t.get("datetime") or text_of(t), now=page.now):
            return Found(value, "generic", t)
    return None


def _is_tail_heading(line: str, markers: set[str]) -> bool:
    # Headings are short; folding a long paragraph only to compare it costs real time.
    return len(line) <= 40 and search_key(line).rstrip(":").strip() in markers


def _block_lines(el: HtmlElement):
    """An element's text lines, lazily: a large element is read child by child, so taking
    the first few lines of a page's main column does not convert the whole column."""
    if len(el) == 0 or len(el.text_content()) <= 2000:
        yield from paragraphs(el)
        return
    if el.text and el.text.strip():
        yield from paragraphs_of_text(el.text)
    for child in el:
        if isinstance(child.tag, str):
            yield from _block_lines(child)
        if child.tail and child.tail.strip():
            yield from paragraphs_of_text(child.tail)


def paragraphs_of_text(text: str) -> list[str]:
    return [t for line in text.split("\n") if (t := normalize_whitespace(line))]


def _iter_lines_after(el: HtmlElement | None) -> Iterator[str]:
    """The text lines that follow an element in the page (its following siblings, then its
    ancestors'), lazily, ending at the page's tail ("Tin liên quan", "Các tin khác" …)."""
    from cleaning.boilerplate import _CUT_MARKERS  # the body's tail markers end it here too

    node = el
    for _ in range(5):
        if node is None or node.tag in ("body", "html"):
            return
        for sib in node.itersiblings():
            if not isinstance(sib.tag, str):
                continue
            for line in _block_lines(sib):
                if _is_tail_heading(line, _CUT_MARKERS):
                    return
                yield line
        node = node.getparent()


def _lines_after(el: HtmlElement | None, n: int) -> list[str]:
    """Up to `n` text lines that follow an element in the page (_iter_lines_after)."""
    return list(islice(_iter_lines_after(el), n))


def _lines_after_title(page: Page, n: int = 15) -> list[str]:
    """The first `n` (at most 15) lines after the headline, read only as far as asked: the
    author layer reads 6, the views layer 15 only on a page that speaks of views. (Read by
    the layers that run before the body extraction changes the tree.)"""
    got = page._cache.get("after_title")
    if got is None:
        got = page._cache["after_title"] = ([], islice(_iter_lines_after(page.title_el), 15))
    lines, more = got
    while len(lines) < n and (line := next(more, None)) is not None:
        lines.append(line)
    return lines[:n]


def _date_after_headline(page: Page) -> Found | None:
    """A posting line further from the headline than its header block: the next lines of
    the page after the title, labelled or on a line of their own."""
    text = "\n".join(_lines_after_title(page))
    value = find_posting_date(text, now=page.now, posting_lines_only=True) if text else None
    return Found(value, "generic") if value else None


DATE: tuple[Layer, ...] = (
    _date_by_selectors,
    _date_header_refines_meta,
    _date_from_meta,
    _date_beside_headline,
    _date_in_time_elements,
    _date_after_headline,
)


def _date_in_body_lines(page: Page) -> Found | None:
    # Date and counter printed inside the content block ("0 lượt đọc 21/07/2020").
    for line in page.body.meta_lines if page.body else ():
        if value := parse_vn_datetime(line, now=page.now):
            return Found(value, "generic")
    return None


# The page's text nodes holding `k` once their XML white space is collapsed. `w`, a piece
# of `k` without XML white space, is then in the node's own text: tested first, it spares
# collapsing every text node of the page.
_TEXT_HOLDING = etree.XPath(
    "//body/descendant::text()[contains(., $w)][contains(normalize-space(.), $k)]"
)
_XML_SPACE = re.compile(r"[ \t\r\n]+")


def _text_nodes_holding(doc: HtmlElement, key: str) -> list[Any]:
    """//body//text()[contains(normalize-space(.), $key)], in page order."""
    return _TEXT_HOLDING(doc, k=key, w=max(_XML_SPACE.split(key), key=len))


def _footer_text(page: Page) -> str:
    """The page lines right after the body's last paragraph, up to the page's tail."""
    if "footer" in page._cache:
        return page._cache["footer"]
    text = ""
    if page.body is not None and page.body.paras:
        key = page.body.paras[-1][:40]
        hits = _text_nodes_holding(page.doc, key)
        if hits:
            owner = hits[-1].getparent()
            if hits[-1].is_tail and owner is not None:
                owner = owner.getparent()
            text = "\n".join(_lines_after(owner, 8))
    page._cache["footer"] = text
    return text


def _date_after_body(page: Page) -> Found | None:
    """ "Ngày đăng: 09-05-25 | Số lần xem: 356" under the article."""
    text = _footer_text(page)
    value = find_posting_date(text, now=page.now, posting_lines_only=True) if text else None
    return Found(value, "generic") if value else None


DATE_AFTER_BODY: tuple[Layer, ...] = (_date_in_body_lines, _date_after_body)


# ---------------------------------------------------------------------------- author


def _author_by_selectors(page: Page) -> Found | None:
    for layer, sels in selector_layers(page.site, page.layout, "author"):
        names: list[str] = []
        for e in (e for css in sels for e in select(page.doc, css)):
            n = clean_author(text_of(e), page.site_keys)
            if n and n not in names:
                names.append(n)
        if names:
            return Found(", ".join(names), layer)
    return None


def _author_from_meta(page: Page) -> Found | None:
    names = [n for a in page.meta.authors if (n := clean_author(a, page.site_keys))]
    return Found(", ".join(dict.fromkeys(names)), "meta") if names else None


def _author_beside_headline(page: Page) -> Found | None:
    """A labelled byline on the posting line or the short lines under the headline
    ("Tác giả: Minh Anh | Ngày đăng: 12/05/2025", "Đăng bởi: Quốc Việt - 13/05/2025")."""
    el = page.date_el
    lines = [text_of(el)] if el is not None else []
    lines += [ln for ln in _lines_after_title(page, 6) if len(ln) <= 160]
    for line in lines:
        if line and (name := header_byline(line, page.site_keys)):
            return Found(name, "generic")
    return None


AUTHOR: tuple[Layer, ...] = (_author_by_selectors, _author_from_meta, _author_beside_headline)


def _author_closing_body(page: Page) -> Found | None:
    """The byline block that closes the body container or follows it."""
    return Found(page.body.byline, "generic") if page.body and page.body.byline else None


AUTHOR_AFTER_BODY: tuple[Layer, ...] = (_author_closing_body,)


def body_without_byline(paras: list[str], author: str | None) -> tuple[list[str], str | None]:
    """The byline at the end of the body text: taken off the body when it is the author
    (found here, or the same name as found elsewhere); returns (paragraphs, new author)."""
    rest, byline = split_byline(paras)
    if not byline:
        return paras, None
    if author is None:
        return rest, byline
    a, b = search_key(author), search_key(byline)
    return (rest, None) if b in a or a in b else (paras, None)


# ----------------------------------------------------------------------------- views


def _views_by_selectors(page: Page) -> Found | None:
    for layer, sels in selector_layers(page.site, page.layout, "views"):
        t = text_of(select_first(page.doc, sels))
        if t:
            n = parse_views(t)
            if n is None and re.fullmatch(r"[\d.,\s]+", t):
                n = int(re.sub(r"\D", "", t))
            if n is not None:
                return Found(n, layer)
    return None


def _views_beside_date(page: Page) -> Found | None:
    el = page.date_el
    if el is None:
        return None
    for t in (text_of(el), text_of(el.getparent()) if el.getparent() is not None else ""):
        if t and (n := parse_views(t)) is not None:
            return Found(n, "generic")
    return None


# What every count parse_views reads holds (views.py's _VIEWS_RE, its look-behinds and
# number groups relaxed): a count word with a digit after it, or a number before one.
# Searched in a block's whole text, they say whether any element of the block, or any of
# its lines, can hold a count (their texts are the block's, split at block boundaries and
# whitespace collapsed).
_COUNT_AFTER = re.compile(r"(?:xem|đọc|views?|hits?)\s*:?\s*\d", re.I)
_COUNT_BEFORE = re.compile(r"[\d.,]\s*(?:(?:lượt|lần)\s+(?:xem|đọc)|view)", re.I)


_COUNT_BEFORE_WORDS = ("lượt", "lần", "view", "vıew")


def _count_before_at(text: str, at: int) -> bool:
    """Whether a _COUNT_BEFORE match has its count word at `at`: its digit, dot or comma is
    then the character before the white space that ends there."""
    start = space_before(text, at)
    return bool(start) and _COUNT_BEFORE.match(text, start - 1) is not None


def could_hold_views(text: str) -> bool:
    """False when parse_views finds no count in the text nor in any part of it."""
    text = nfc(text)
    if "\u0130" in text:
        return (_COUNT_BEFORE.search(text) or _COUNT_AFTER.search(text)) is not None
    # Both patterns tried only at their words (a case-insensitive search of the whole text
    # costs three times as much; _COUNT_BEFORE, opening with a digit, dot or comma, is tried
    # at every comma and dot of the prose), found in lower case: re.I also lets i match
    # "ı", and "İ", whose lower case is two characters, sent the text to the regexes.
    low = text.lower()
    return at_words(low, _COUNT_BEFORE_WORDS, lambda at: _count_before_at(text, at)) or at_words(
        low, _VIEWS_KEYWORDS, lambda at: _COUNT_AFTER.match(text, at) is not None
    )


def _views_beside_headline(page: Page) -> Found | None:
    # Each small element near the headline on its own first: "16:05</span><span>404 lượt
    # xem" reads as "16:05404 lượt xem" once the spans are joined.
    node = header_node(page.title_el)
    if node is not None and not could_hold_views(node.text_content()):
        return None  # most headline blocks print no counter: nothing below could read one
    if node is not None:
        for el in _SMALL_ELEMENTS(node):
            # No count word beside a digit in the raw text, none in text_of(el): parse_views
            # would say None (most elements around a headline hold no count).
            if could_hold_views(el.text_content()):
                t = text_of(el)
                if t and (n := parse_views(t)) is not None:
                    return Found(n, "generic")
    n = parse_views(page.header) if page.header else None
    return Found(n, "generic") if n is not None else None


def _views_after_headline(page: Page) -> Found | None:
    """A counter on a date/counter line after the headline block ("Ngày đăng: … | Lượt xem: 87")."""
    from cleaning.boilerplate import is_meta_line

    # The whole page's text first: the VIEWS_AFTER_BODY layers read it anyway where no
    # views are found, and most pages speak of none (the lines then need not be read).
    if not page.shows_views:
        return None
    lines = _lines_after_title(page)
    if not could_hold_views("\n".join(lines)):
        return None
    for line in lines:
        if len(line) <= 120 and is_meta_line(line) and (n := parse_views(line)) is not None:
            return Found(n, "generic")
    return None


VIEWS: tuple[Layer, ...] = (
    _views_by_selectors,
    _views_beside_date,
    _views_beside_headline,
    _views_after_headline,
)


def _views_in_body_lines(page: Page) -> Found | None:
    for line in page.body.meta_lines if page.body else ():
        if (n := parse_views(line)) is not None:
            return Found(n, "generic")
    return None


def _views_after_body(page: Page) -> Found | None:
    """ "Lượt xem: 2.045" in the footer under the article (DotNetNuke, NukeViet themes)."""
    if not page.shows_views:
        return None
    for line in _footer_text(page).splitlines():
        if (n := parse_views(line)) is not None:
            return Found(n, "generic")
    return None


VIEWS_AFTER_BODY: tuple[Layer, ...] = (_views_in_body_lines, _views_after_body)


# -------------------------------------------------------------------------- captions


_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_HIDDEN_CLASS = re.compile(r"(?:^|\s)(?:hidden|hide|d-none|sr-only)(?:\s|$)")


def _hidden(el: HtmlElement | None) -> bool:
    return el is not None and bool(
        _HIDDEN.search(el.get("style") or "")
        or _HIDDEN_CLASS.search(el.get("class") or "")
        or el.get("hidden") is not None
    )


def lead_images(page: Page, images: list[dict], base: str) -> list[dict]:
    """The article's lead figure printed between the headline and the body (NukeViet's
    `figure.article` with its figcaption beside the lead), before the body's images.

    Only a figure with both an image and a caption: a bare image there is as often a
    banner as a photo of the story.
    """
    node = header_node(page.title_el)
    if node is None or page.title_el is None or node.find(".//figcaption") is None:
        return images
    seen = {i["src"] for i in images}
    found: list[dict] = []
    after_title = False
    for el in node.iter():
        if el is page.title_el:
            after_title = True
        if not after_title or el.tag != "figure":
            continue
        cap = next(el.iter("figcaption"), None)
        img = next(el.iter("img"), None)
        src = image_src(img, base) if img is not None else None
        caption = text_of(cap) if cap is not None else ""
        if src and caption and src not in seen and not _hidden(el) and not _hidden(cap):
            seen.add(src)
            found.append({"src": src, "caption": caption})
    return found + images
