"""Article extraction from one HTML page.

Each field is taken from the first layer that yields it:
site selectors (registry) -> CMS-family defaults -> page metadata (JSON-LD,
og:/article: meta) -> generic heuristics (trafilatura for the body). The
`layers` key of the result says which layer produced each field. The body's layers
are here; the other fields' layers are lists in cleaning/fields.py.

Page-wide work uses lxml (about 20x faster than BeautifulSoup on whole pages).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from cleaning import boilerplate as bp
from cleaning import fields
from cleaning.boxes import drop_inline_boxes
from cleaning.bylines import byline_after, trailing_byline
from cleaning.consensus import coverage, reconcile
from cleaning.css import select_each, select_first, share_index
from cleaning.detect import detect_family
from cleaning.enrich import ENRICH_KEYS, enrich
from cleaning.families import FAMILIES, layout_for
from cleaning.fields import BodyFacts, Page
from cleaning.fields import selector_layers as _layer_selectors
from cleaning.generic import article_parts, cannot_choose, find_content, may_score
from cleaning.htmltext import (
    paragraphs,
    pull_images,
    remove,
    strip_junk,
    text_of,
    xml_safe_utf8,
)
from cleaning.metadata import PageMeta, read_metadata
from cleaning.text import has_search_key, nfc, normalize_whitespace, search_key

RESULT_KEYS = ("url", "title", "published_at", "author", "views", "body", "images",
               *ENRICH_KEYS, "family", "layers")  # fmt: skip

# Removed from any body container: share bars, related lists, comments, ads.
GENERIC_DROP = (
    ".share", ".social", ".toolbar", ".share-actions", ".print_page", "div.social", ".sharelike",
    ".relates", ".related", ".related-news", ".tinlienquan", "[class*='tin-lien']",
    "[class*='tinlienquan']", ".other_News", ".othernews", ".block-news-list", "#comments",
    ".comments", ".comment-list", ".fb-comments", ".fb-like", ".zalo-share-button",
    ".addthis_toolbox",
    ".banner", ".adsbygoogle", "[id^='div-gpt-ad']", "form",
)  # fmt: skip
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_MIN_BODY_CHARS = 80
# A layer's body is checked against the generic candidates when the densest block is this
# many times longer and holds it (share of its characters); the generic body replaces it
# when longer by _AGREED_LONGER and holding it too.
_OUTGROWN = 1.5
_HOLDS = 0.6
_AGREED_LONGER = 1.2
# A JSON-LD articleBody is a copy without paragraphs, often a teaser: it is always checked,
# and the generic body replaces it when both candidates agree on one as long that holds it.
_META_AGREED_LONGER = 1.0


def _html_parser() -> lxml.html.HTMLParser:
    """lxml.html's parser, with its element classes looked up in C, reading UTF-8 bytes.

    lxml.html looks up the class of every element proxy in Python (HtmlElementClassLookup
    .lookup: ~180,000 calls over 89 pages, 4 % of the time); a namespace lookup keyed by
    tag name gives the same classes (the HTML parser lower-cases tag names).
    """
    html_classes = lxml.html.HtmlElementClassLookup()._element_classes
    lookup = etree.ElementNamespaceClassLookup(
        etree.ElementDefaultClassLookup(
            element=HtmlElement,
            comment=lxml.html.HtmlComment,
            pi=lxml.html.HtmlProcessingInstruction,
            entity=lxml.html.HtmlEntity,
        )
    )
    tags = lookup.get_namespace(None)
    for tag, cls in html_classes.items():
        tags[tag] = cls
    # The page is handed over in UTF-8 whatever its <meta charset> says (it was decoded
    # before): libxml2 reads UTF-8 a tenth faster than the UTF-16 lxml makes of a str,
    # into the same tree (tests/cleaning/test_parse_html.py).
    # No table of the page's ids (libxml2 fills one while parsing, 4 % of the parse): the
    # page's elements are found by XPath, whose @id tests do not use it.
    parser = lxml.html.HTMLParser(encoding="utf-8", collect_ids=False)
    parser.set_element_class_lookup(lookup)
    return parser


_PARSER = _html_parser()


def parse_html(html: str) -> HtmlElement | None:
    """lxml document for a page, or None when it is not parseable HTML."""
    text, raw = xml_safe_utf8(_XML_DECL.sub("", html or "", count=1))
    if not text.strip():
        return None
    # lxml refuses a str opening with an XML declaration that names an encoding (one
    # more after the one cut above): such a page is still given as a str, as before.
    page = text if _XML_DECL.match(text) else raw
    try:
        return lxml.html.document_fromstring(page, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None


def _base_url(meta: PageMeta, url: str) -> str:
    # Browsers resolve relative links against <base href> (baocantho points it at
    # its static template folder), so image URLs must too.
    return urljoin(url, meta.base_href) if meta.base_href else url


def _resolve_family(doc: HtmlElement, url: str, family: str | None) -> str | None:
    # A registry family such as "feed" names the crawler, not the page layout, and an
    # unknown name is no better: the page itself says which layout it holds.
    if family in FAMILIES:
        return family
    return detect_family(doc, url, (urlsplit(url).hostname or "").lower())


def _body_from_element(
    el: HtmlElement, drops: list[str], leads: list[str], base: str, site_keys: list[str]
) -> tuple[list[str], list[dict], str | None]:
    """Paragraphs and images of a body container, and the byline block closing it (if any)."""
    for hit in select_each(el, [*drops, *leads]):
        if isinstance(hit, HtmlElement) and hit is not el:
            remove(hit)
    drop_inline_boxes(el, bp._CUT_MARKERS)
    images = pull_images(el, base)
    byline, _ = trailing_byline(el, site_keys)
    return paragraphs(el), images, byline


def _text_owners(doc: HtmlElement, first: str, last: str) -> tuple[HtmlElement | None, ...]:
    """Elements owning the first text node that contains the start of `first` and the last
    one that contains the start of `last` (one walk for both)."""
    # trafilatura keeps the page's characters and only collapses whitespace, so a plain
    # substring test on whitespace-collapsed text nodes is enough (and much cheaper).
    key_a, key_b = " ".join(first.split())[:24], " ".join(last.split())[:24]
    # A word of the key is in the raw text wherever the key is in the collapsed text:
    # only those text nodes are collapsed.
    word_a = max(key_a.split(), key=len, default="")
    word_b = max(key_b.split(), key=len, default="")
    found_a = found_b = None
    # Elements only (lxml leaves comments out in C), and a tail's owner is looked up only
    # when the tail holds a key word (getparent makes a proxy: a third of the walk's cost).
    for el in doc.iter(etree.Element):
        txt = el.text
        if txt:
            in_a = found_a is None and word_a in txt
            in_b = word_b in txt
            if in_a or in_b:
                flat = " ".join(txt.split())
                if in_a and key_a in flat:
                    found_a = el
                if in_b and key_b in flat:
                    found_b = el
        txt = el.tail
        if txt:
            in_a = found_a is None and word_a in txt
            in_b = word_b in txt
            if (in_a or in_b) and (owner := el.getparent()) is not None:
                flat = " ".join(txt.split())
                if in_a and key_a in flat:
                    found_a = owner
                if in_b and key_b in flat:
                    found_b = owner
    return found_a, found_b


def _locate(doc: HtmlElement, paras: list[str]) -> HtmlElement | None:
    """The smallest element holding both the first and the last paragraph of a text."""
    if not paras:
        return None
    hits_first, hits_last = _text_owners(doc, paras[0], paras[-1])
    if hits_first is None or hits_last is None:
        return None
    ancestors = set(hits_first.iterancestors()) | {hits_first}
    node = hits_last
    while node is not None and node not in ancestors:
        node = node.getparent()
    return node


def _table_row(line: str) -> str:
    # trafilatura renders table rows as "| cell | cell |"
    if line.startswith("|") and line.endswith("|"):
        return " ".join(c.strip() for c in line.strip("|").split("|") if c.strip())
    return line


# Elements of a page that may head a related-news list: few children, short text that is
# not all white space (XPath: the test runs in libxml2 instead of on every element in
# Python; a union of one path per tag, in document order as one path would give, is a
# third cheaper than testing every element's name, and "descendant::" of the page's root
# a fifth cheaper than "//", which tries a child step at every node; half the short
# elements are empty, and their key, "", is no marker).
_SHORT_HEADINGS = etree.XPath(
    " | ".join(
        f"descendant::{tag}[count(*) <= 2][string-length(.) < 60][normalize-space(.)]"
        for tag in ("h2", "h3", "h4", "div", "span", "strong", "p", "b")
    )
)


def _article_region(
    doc: HtmlElement, dense_el: HtmlElement | None, title_el: HtmlElement | None
) -> HtmlElement:
    """The part of the page trafilatura reads: the smallest element holding both the
    headline and the densest text block, or the whole page when either is missing or
    only <body> holds both. Menus, sidebars and footers outside it cannot leak into the
    backbone, and trafilatura's passes walk a third of the tree (benchmark pages)."""
    if dense_el is None or title_el is None:
        return doc
    above_title = {title_el, *title_el.iterancestors()}
    node = dense_el
    while node is not None and node not in above_title:
        node = node.getparent()
    if node is None or node.tag in ("html", "body"):
        return doc
    return node


def _page_copy(region: HtmlElement) -> HtmlElement:
    """A page of its own holding a copy of `region` (the page itself when it is one)."""
    if region.getparent() is None:
        return deepcopy(region)
    # Built by _PARSER: the copy and trafilatura's copies of it look up their element
    # classes in C, as the page's own elements do.
    page = lxml.html.document_fromstring(b"<html><body></body></html>", parser=_PARSER)
    page.body.append(deepcopy(region))
    return page


def _drop_boilerplate(pruned: HtmlElement) -> None:
    """Remove share bars, related lists and the like (GENERIC_DROP) from a page copy, and
    the related-news lists that a short heading opens."""
    for hit in select_each(pruned, GENERIC_DROP):
        remove(hit)
    # Headings that open a related-news list take the list with them.
    for h in _SHORT_HEADINGS(pruned):
        if h.getparent() is None:
            continue
        if search_key(h.text_content()).rstrip(":") in bp._CUT_MARKERS:
            parent = h.getparent()
            if parent is not None and len(text_of(parent)) < 3000 and parent.tag != "body":
                remove(parent)


def _trafilatura_body(
    doc: HtmlElement,
    url: str,
    base: str,
    title: str | None,
    site_keys: list[str],
    region: tuple[HtmlElement | None, HtmlElement | None] = (None, None),
) -> tuple[list[str], list[dict], str | None]:
    """trafilatura's text of the article region (`region`: the densest block and the
    headline, see _article_region), its images and closing byline from the page."""
    import trafilatura  # lazy: costly import, and only the last layer needs it

    area = _article_region(doc, *region)
    pruned = _page_copy(area)
    share_index(pruned, doc)
    _drop_boilerplate(pruned)
    text = trafilatura.extract(
        pruned, url=url, include_comments=False, include_tables=True, include_images=False,
        favor_recall=True, deduplicate=False, with_metadata=False,
        fast=True,  # skip the justext/readability comparison: 2x faster, same text here
    )  # fmt: skip
    paras = [
        p for line in (text or "").splitlines() if (p := _table_row(normalize_whitespace(line)))
    ]
    tkey = search_key(title) if title else None
    while paras and tkey and search_key(paras[0]) == tkey:
        paras = paras[1:]
    images: list[dict] = []
    byline = None
    container = _locate(area, paras)
    if container is not None:
        copy = deepcopy(container)
        images = pull_images(copy, base)
        captions = {search_key(i["caption"]) for i in images if i.get("caption")}
        if captions:  # (most pages have none: no paragraph's key is then made)
            paras = [p for p in paras if search_key(p) not in captions]
        byline, lines = trailing_byline(copy, site_keys)
        if byline:
            keys = [search_key(x) for x in lines]
            while paras and keys and search_key(paras[-1]) == keys[-1]:
                paras, keys = paras[:-1], keys[:-1]
        else:
            byline = byline_after(container, site_keys, bp._CUT_MARKERS)
    return paras, images, byline


def _finish_body(paras: list[str], title: str | None, meta_lines: list[str]) -> list[str]:
    """Cut the page tail and noise lines; removed date/counter lines go to `meta_lines`."""
    kept, removed = bp.drop_noise_lines(bp.cut_tail(paras), title)
    meta_lines.extend(removed)
    return kept


@dataclass
class _Body:
    """One body candidate: paragraphs, images, the byline closing it, the date/counter
    lines cut from it, and the layer it comes from."""

    paras: list[str]
    images: list[dict]
    byline: str | None
    meta_lines: list[str]
    layer: str | None
    agreed: bool = False  # two generic candidates agree on it (cleaning/consensus.py)


# Containers that pull_images may take out whole (a figure, a table of images).
_TAKEN_WHOLE = ("figure", "table")


def _container_body(
    el: HtmlElement,
    drops: list[str],
    leads: list[str],
    base: str,
    title: str | None,
    site_keys: list[str],
    layer: str,
) -> _Body:
    # The byline printed after the container counts only when none closes it: read after
    # the container is cut up, which leaves its siblings as they were (but a figure or a
    # table may itself go with its images, so it is read before).
    after = byline_after(el, site_keys, bp._CUT_MARKERS) if el.tag in _TAKEN_WHOLE else None
    paras, images, byline = _body_from_element(el, drops, leads, base, site_keys)
    if not byline and el.tag not in _TAKEN_WHOLE:
        after = byline_after(el, site_keys, bp._CUT_MARKERS)
    removed: list[str] = []
    paras = _finish_body(paras, title, removed)
    return _Body(paras, images, byline or after, removed, layer)


_TAG = re.compile(r"<(?:p|br|div|h[1-6]|li|a|strong|em|span)\b[^>]*>", re.I)


def _markup_paragraphs(text: str) -> list[str]:
    """A JSON-LD articleBody's paragraphs: some publishers put the article's HTML there."""
    if not _TAG.search(text):
        return [text]
    try:
        frag = lxml.html.fragment_fromstring(text, create_parent="div")
    except (etree.ParserError, ValueError):
        return [text]
    strip_junk(frag)
    return paragraphs(frag)


def _chars(paras: list[str]) -> int:
    return sum(len(p) for p in paras)


_TEXT_LENGTH = etree.XPath("string-length(normalize-space(.))")
_RAW_LENGTH = etree.XPath("string-length(.)")
# The text of links: the densest block is found by prose, discounted by its links.
_LINK_TEXT = etree.XPath(".//a//text()", smart_strings=False)
# Below this share of more text around it, a picked container cannot be outgrown (a
# margin under _OUTGROWN: paragraphs count a few characters the page text joins).
_ALONE = 1.4


# The same text's length as libxml2 counts it, white space kept (EXSLT str:concat joins the
# text nodes inside libxml2): at least _link_chars, and no Python string is made.
_LINK_TEXT_LENGTH = etree.XPath(
    "string-length(str:concat(.//a//text()))", namespaces={"str": "http://exslt.org/strings"}
)


def _link_chars(el: HtmlElement) -> int:
    """Characters of the text of the links in the element, whitespace collapsed."""
    return len(" ".join("".join(_LINK_TEXT(el)).split()))


def _alone(el: HtmlElement, pick: _Body) -> bool:
    """No densest block can hold the picked body and _OUTGROWN times more (see _outgrown),
    so the generic search would not change it: the picked container holds at most _ALONE
    times the picked body's text, and so does every element around it below <body> when
    the text of links outside the container (menus, headline lists, sidebars of links:
    what the densest-block search discounts) is not counted. A second layout's fragment
    is still outgrown: the rest of its article around it is prose."""
    limit = _ALONE * _chars(pick.paras)
    if _TEXT_LENGTH(el) > limit:
        return False
    top = el
    while (up := top.getparent()) is not None and up.tag not in ("body", "html"):
        top = up
    if top is el or top.tag in ("body", "html"):
        return True
    around = _TEXT_LENGTH(top)  # the largest text of the elements around the container
    if around <= limit:
        return True
    inside = _link_chars(el)
    # The links' text around cannot be long enough when even uncollapsed it is not: the
    # collapsed text of a large page's links is not read then (a third of this test's time).
    if _LINK_TEXT_LENGTH(top) >= around - limit + inside:
        if around - (_link_chars(top) - inside) <= limit:
            return True
    # Prose around (teasers with their summaries): the search still cannot outgrow the
    # pick when no element around it that the search can score (may_score, a local test
    # instead of the walk of the page) holds _OUTGROWN times the picked text, or when the
    # container outscores such an element (a wrapper scored for the headline and lead it
    # holds: cannot_choose). The prose beside the container is taken not to repeat most
    # of the picked article (a teaser's summary repeats a lead at most).
    up = el.getparent()
    while up is not None and up.tag not in ("body", "html"):
        if may_score(up) and _could_outgrow(up, pick, limit) and not cannot_choose(up, el):
            return False
        up = up.getparent()
    return True


def _could_outgrow(el: HtmlElement, pick: _Body, limit: float) -> bool:
    """Whether the element's paragraphs may be more than _OUTGROWN times the picked text
    (_outgrown's test; not read from a text longer than twice `limit`: then it may)."""
    n = _TEXT_LENGTH(el)
    if n <= limit:
        return False
    return n > 2 * limit or _chars(paragraphs(el)) > _OUTGROWN * _chars(pick.paras)


def _outgrown(pick: _Body, dense_el: HtmlElement | None) -> bool:
    """The densest text block of the page holds the picked body and much more text: the
    site/family/metadata layer may have taken a fragment (a teaser articleBody, one
    section of a second layout), so the generic candidates must be asked."""
    if dense_el is None:
        return False
    dense = paragraphs(dense_el)
    return _chars(dense) > _OUTGROWN * _chars(pick.paras) and (
        coverage(pick.paras, dense) >= _HOLDS
    )


def _longer_agreed(pick: _Body, generic: _Body) -> _Body:
    """The generic body when both candidates agree on it, it holds the picked one and is
    clearly longer (a metadata body: as long); else the pick."""
    longer = _META_AGREED_LONGER if pick.layer == "meta" else _AGREED_LONGER
    if (
        generic.agreed
        and _chars(generic.paras) > longer * _chars(pick.paras)
        and (coverage(pick.paras, generic.paras) >= _HOLDS)
    ):
        return generic
    return pick


def _starts_before(doc: HtmlElement, paras: list[str], title_el: HtmlElement) -> bool:
    """The first paragraph sits above the headline in page order (looked up by its first
    two words: table cells and links split a menu line across text nodes)."""
    key = " ".join(paras[0].split()[:2]) if paras else ""
    if not key:
        return False
    for el in doc.iter():
        if el is title_el:
            return False
        if isinstance(el.tag, str) and any(
            t and key in " ".join(t.split()) for t in (el.text, el.tail)
        ):
            return True
    return False


def _parts_body(
    parts: list[HtmlElement],
    drops: list[str],
    leads: list[str],
    base: str,
    title: str | None,
    site_keys: list[str],
) -> _Body:
    """The densest block's body, continued by its repeated containers (generic.py)."""
    body = _container_body(parts[0], drops, leads, base, title, site_keys, "generic")
    for part in parts[1:]:
        more = _container_body(part, drops, leads, base, title, site_keys, "generic")
        body.paras += more.paras
        body.images += more.images
        body.meta_lines += more.meta_lines
        body.byline = more.byline  # the byline closing the article closes its last part
    return body


def _generic_body(
    doc: HtmlElement,
    dense_el: HtmlElement | None,
    url: str,
    base: str,
    title: str | None,
    site_keys: list[str],
    drops: list[str],
    leads: list[str],
    title_el: HtmlElement | None,
) -> _Body:
    """The generic candidates reconciled: trafilatura's text trimmed and extended by the
    densest block's boundaries (cleaning/consensus.py); either alone when the other
    finds too little."""
    dense = None
    if dense_el is not None:  # first: it pulls images and captions out of the page
        dense = _parts_body(article_parts(dense_el), drops, leads, base, title, site_keys)
        if _enough(dense.paras) and _vietnamese(dense.paras):
            # The densest block was built on Vietnamese portal layouts (tables, <br> soups,
            # related-news teasers that trafilatura takes for prose): it stands alone there.
            return dense
    t_paras, t_images, t_byline = _trafilatura_body(
        doc, url, base, title, site_keys, (dense_el, title_el)
    )
    t_removed: list[str] = []
    t_paras = _finish_body(t_paras, title, t_removed)
    dense_ok = dense is not None and _enough(dense.paras)
    if dense is not None and dense_ok and _enough(t_paras):
        misplaced = (
            title_el is not None
            and coverage(t_paras, dense.paras) < _HOLDS
            and _starts_before(doc, t_paras, title_el)
        )
        return _Body(
            reconcile(t_paras, dense.paras, backbone_misplaced=misplaced),
            dense.images or t_images,
            dense.byline or t_byline,
            dense.meta_lines + t_removed,
            "generic",
            agreed=True,
        )
    if _enough(t_paras):
        return _Body(t_paras, t_images, t_byline, t_removed, "generic:trafilatura")
    if dense is not None and dense_ok:
        return dense
    return _Body([], [], None, [], None)


def _find_lead(
    doc: HtmlElement, site: Mapping[str, Any], leads: list[str], title: str | None
) -> str | None:
    """The sapo/lead as one paragraph, or None (none found, or it only repeats the title)."""
    sels = [site["lead"]] if isinstance(site.get("lead"), str) else list(site.get("lead") or [])
    el = select_first(doc, sels + leads) if sels or leads else None
    text = text_of(el)
    if not text or (title and search_key(text) == search_key(title)):
        return None
    return text


# Letters only Vietnamese writes (ă â đ ê ô ơ ư and the dot-below/hook-above tones).
_VI_LETTERS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)
_VI_MIN = 3
# Share of characters in those letters above which a text is Vietnamese (prose: ~0.1).
_VI_SHARE = 0.02


# A Vietnamese letter of a text's NFC form is one of the raw text, or is composed there
# with a combining mark (U+0300-U+036F): a text with fewer of both has fewer letters.
# Written out in both cases, not matched with re.I (which folds the case of every
# character of the page's text: 2.5x slower); every code point re.I matches lies below
# U+2000 (tests/cleaning/test_generic_path_same.py checks all of them).
_VI_LETTERS_OR_MARKS_CI = re.compile(_VI_LETTERS.pattern[:-1] + "\u0300-\u036f]", re.I)
_VI_LETTERS_OR_MARKS = re.compile(
    "["
    + "".join(re.escape(ch) for c in range(0x2000) if _VI_LETTERS_OR_MARKS_CI.match(ch := chr(c)))
    + "]"
)


def _few_vietnamese_letters(text: str) -> bool:
    """No part of the text can hold _VI_MIN Vietnamese letters (a foreign page)."""
    found = _VI_LETTERS_OR_MARKS.finditer(text)
    return next(islice(found, _VI_MIN - 1, None), None) is None


def _vietnamese(paras: list[str]) -> bool:
    text = " ".join(paras[:20])
    return len(_VI_LETTERS.findall(text)) >= _VI_SHARE * len(text)


_LEAD_CLASS = re.compile(
    r"sapo|lead|summary|tom-?tat|tomtat|intro|chapeau|abstract|desc|trich-?yeu|mo-?ta", re.I
)


def _generic_lead(page: Page, container: HtmlElement) -> str | None:
    """A lead printed between the headline and the body container (class "sapo", "summary",
    "intro"… or the text of the page's meta description), as one paragraph."""
    # The page's text as the fields first read it (the body's extraction since has only
    # taken text out): the lead must be Vietnamese (see below), none can be on this page.
    if _few_vietnamese_letters(page.text):
        return None
    doc, title_el, meta = page.doc, page.title_el, page.meta
    desc = search_key(meta.description or "").rstrip(". …")
    inside = set(container.iterancestors())
    after_title = title_el is None
    found = None
    for el in doc.iter():
        if el is container:
            break
        if el is title_el:
            after_title = True
            continue
        if not after_title or not isinstance(el.tag, str) or el in inside:
            continue
        if el.tag in ("a", "img", "meta", "title", "script", "style", "ul", "ol", "li", "nav"):
            continue
        marked = _LEAD_CLASS.search(f"{el.get('class') or ''} {el.get('id') or ''}")
        if not marked and not desc:
            continue
        if not 40 <= _RAW_LENGTH(el) <= 1500:  # len(text_content()), counted by libxml2
            continue
        t = text_of(el)
        if not 40 <= len(t) <= 800:
            continue
        k = search_key(t)
        if marked or (len(desc) >= 40 and (k.startswith(desc) or desc.startswith(k))):
            found = t
    # The sapo opens the article on Vietnamese press pages (the body convention); elsewhere
    # text between headline and body is a standfirst, a subtitle that is not body.
    return found if found and len(_VI_LETTERS.findall(found)) >= _VI_MIN else None


def _enough(paras: list[str]) -> bool:
    return sum(len(p) for p in paras) >= _MIN_BODY_CHARS


# --------------------------------------------------------------------------- main


def empty_result(url: str, family: str | None = None) -> dict:
    return {
        "url": url, "title": None, "published_at": None, "author": None, "views": None,
        "body": None, "images": [], **enrich(None),
        "family": family, "layers": {},
    }  # fmt: skip


def _find_body(page: Page, base: str, title: str | None) -> _Body:
    """The body, its lead first: the first site/family layer that yields enough text,
    else the metadata's articleBody, else the generic candidates (cleaning/consensus.py).
    No layer may shorten a body that the generic candidates agree is longer."""
    doc, site, fam, meta = page.doc, page.site, page.layout, page.meta
    drops = list(site.get("drop") or []) + list(fam.drop if fam else ()) + list(GENERIC_DROP)
    leads = list(fam.lead if fam else ())
    # The lead/sapo is the first paragraph of the body (docs/internals.md, "Field
    # conventions"); read it before the body container is cut up.
    lead = _find_lead(doc, site, leads, title)
    pick: _Body | None = None
    pick_el: HtmlElement | None = None
    for layer, sels in _layer_selectors(site, fam, "body"):
        el = select_first(doc, sels)
        if isinstance(el, HtmlElement):
            cand = _container_body(el, drops, leads, base, title, page.site_keys, layer)
            if _enough(cand.paras):
                pick, pick_el = cand, el
                break
    if pick_el is not None and pick is not None and _alone(pick_el, pick):
        # Nothing around the container holds much more text: the densest block cannot
        # outgrow it, so the generic candidates are not searched for.
        body = pick
    else:
        if pick is None and meta.article_body and len(meta.article_body) >= _MIN_BODY_CHARS:
            removed: list[str] = []
            meta_paras = _finish_body(_markup_paragraphs(meta.article_body), title, removed)
            pick = _Body(meta_paras, [], None, removed, "meta")
        dense_el = find_content(doc)
        if pick is not None and pick.layer != "meta" and not _outgrown(pick, dense_el):
            body = pick
        else:
            generic = _generic_body(
                doc, dense_el, page.url, base, title, page.site_keys, drops, leads, page.title_el
            )
            if dense_el is not None and generic.layer != "generic:trafilatura":
                lead = lead or _generic_lead(page, dense_el)
            body = _longer_agreed(pick, generic) if pick is not None else generic
    if lead and body.paras and body.layer != "meta":
        lkey = search_key(lead)
        if not any(has_search_key(p, lkey) for p in body.paras[:2]):
            body.paras = [lead, *body.paras]
    return body


def extract_article(
    html: str,
    url: str,
    selectors: Mapping[str, Any] | None = None,
    family: str | None = None,
    *,
    now: datetime | None = None,
    use_families: bool = True,
) -> dict:
    """Extract one article page; returns the `provnews extract` keys plus `family` and `layers`.

    `selectors` are the site's CSS overrides from the registry (title, date,
    author, body, views, drop); `family` the registry's CMS family (detected
    from the page when missing or not a layout family). `now` bounds dates
    (default: the current time); the cleaning stage passes the fetch time.
    `use_families=False` skips the family layer (measures metadata + generic alone).
    """
    doc = parse_html(html)
    if doc is None:
        return empty_result(url, family if family in FAMILIES else None)
    site: Mapping[str, Any] = selectors or {}
    meta = read_metadata(doc)
    fam_name = _resolve_family(doc, url, family) if use_families else None
    fam = layout_for(doc, fam_name)
    base = _base_url(meta, url)
    strip_junk(doc)
    page = Page(doc, url, site, fam, meta, now)
    layers: dict[str, str] = {}

    def field(layer_list: tuple[fields.Layer, ...], key: str) -> fields.Found | None:
        found = fields.first(layer_list, page)
        if found is not None:
            layers[key] = found.layer
        return found

    title_found = field(fields.TITLE, "title")
    title = title_found.value if title_found else None
    page.title_el = title_found.el if title_found else None
    date_found = field(fields.DATE, "published_at")
    published_at = date_found.value if date_found else None
    page.date_el = date_found.el if date_found else None
    author = (found := field(fields.AUTHOR, "author")) and found.value
    views = (found := field(fields.VIEWS, "views")) and found.value

    found_body = _find_body(page, base, title)
    paras, images = found_body.paras, found_body.images
    if found_body.layer:
        layers["body"] = found_body.layer

    # The fields read from what the body extraction leaves: its byline, the date and
    # counter lines cut from it, the text right after it.
    page.body = BodyFacts(paras, found_body.byline, found_body.meta_lines)
    if author is None:
        author = (found := field(fields.AUTHOR_AFTER_BODY, "author")) and found.value
    if published_at is None:
        published_at = (found := field(fields.DATE_AFTER_BODY, "published_at")) and found.value
    if views is None:
        views = (found := field(fields.VIEWS_AFTER_BODY, "views")) and found.value
    # The byline at the end of the body: an author when none was found, and never body text.
    paras, byline = fields.body_without_byline(paras, author)
    if byline:
        author, layers["author"] = byline, "generic"

    images = fields.lead_images(page, images, base)
    body = "\n\n".join(paras) if paras else None
    for img in images:
        if img.get("caption"):
            img["caption"] = nfc(img["caption"])

    # Captions name people and places too ("TS. Mai Đình Lâm … phát biểu").
    captions = [i["caption"] for i in images if i.get("caption")]
    return {
        "url": url,
        "title": nfc(title) if title else None,
        "published_at": published_at,
        "author": nfc(author) if author else None,
        "views": views,
        "body": nfc(body) if body else None,
        "images": images,
        **enrich(body, title, published_at, captions),
        "family": fam_name,
        "layers": layers,
    }
