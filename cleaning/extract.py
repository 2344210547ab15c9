"""Article extraction from one HTML page.

Each field is taken from the first layer that yields it:
site selectors (registry) -> CMS-family defaults -> page metadata (JSON-LD,
og:/article: meta) -> generic heuristics (trafilatura for the body). The
`layers` key of the result says which layer produced each field.

Page-wide work uses lxml (about 20x faster than BeautifulSoup on whole pages).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from cleaning import boilerplate as bp
from cleaning.consensus import coverage, reconcile
from cleaning.dates import find_posting_date, parse_vn_datetime
from cleaning.enrich import ENRICH_KEYS, enrich
from cleaning.families import (
    FAMILIES,
    Layout,
    detect_family,
    layout_for,
    select,
    select_first,
)
from cleaning.generic import find_content
from cleaning.htmltext import paragraphs, pull_images, remove, strip_junk, text_of, xml_safe
from cleaning.metadata import PageMeta, read_metadata
from cleaning.text import nfc, normalize_whitespace, search_key

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
_AUTHOR_LABEL = re.compile(
    r"^(?:Tác giả|Tác giả bài viết|Người viết|Bài|Tin|Tin, ảnh|Tin bài|Nguồn|By)\s*:\s*", re.I
)
_ORG_WORDS = re.compile(r"^(?:báo|tạp chí|cổng|trang|đài|truyền hình|ban biên tập|tòa soạn|"
                        r"vnexpress|"
                        r"vtc|znews|admin|administrator|quản trị)\b", re.I)  # fmt: skip
_TITLE_SEPARATORS = re.compile(r"\s+[-|–—:]{1,2}\s+")
_MIN_BODY_CHARS = 80
# A layer's body is checked against the generic candidates when the densest block is this
# many times longer and holds it (share of its characters); the generic body replaces it
# when longer by _AGREED_LONGER and holding it too.
_OUTGROWN = 1.5
_HOLDS = 0.6
_AGREED_LONGER = 1.2


def parse_html(html: str) -> HtmlElement | None:
    """lxml document for a page, or None when it is not parseable HTML."""
    text = xml_safe(_XML_DECL.sub("", html or "", count=1))
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None


def _base_url(doc: HtmlElement, url: str) -> str:
    # Browsers resolve relative links against <base href> (baocantho points it at
    # its static template folder), so image URLs must too.
    base = next((b.get("href") for b in doc.iter("base") if b.get("href")), None)
    return urljoin(url, base) if base else url


def _resolve_family(doc: HtmlElement, url: str, family: str | None) -> str | None:
    # A registry family such as "feed" names the crawler, not the page layout, and an
    # unknown name is no better: the page itself says which layout it holds.
    if family in FAMILIES:
        return family
    return detect_family(doc, url, (urlsplit(url).hostname or "").lower())


def _layer_selectors(
    site: Mapping[str, Any], fam: Layout | None, field: str
) -> list[tuple[str, list[str]]]:
    out: list[tuple[str, list[str]]] = []
    site_sel = site.get(field)
    if site_sel:
        out.append(("site", [site_sel] if isinstance(site_sel, str) else list(site_sel)))
    if fam and fam.selectors(field):
        out.append((f"family:{fam.name}", list(fam.selectors(field))))
    return out


def _site_names(meta: PageMeta, url: str) -> list[str]:
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return [search_key(n) for n in meta.site_names if n] + ([host.split(".")[0]] if host else [])


def _clean_author(raw: str | None, site_keys: list[str], *, keep_orgs: bool = False) -> str | None:
    """The byline without its label; None for the site's own name, URLs and e-mails.

    `keep_orgs`: a labelled byline ("Nguồn: Báo Nhân Dân") may name an organisation.
    """
    if not raw:
        return None
    name = _AUTHOR_LABEL.sub("", normalize_whitespace(raw)).strip(" -–|,")
    if not name or len(name) > 100 or name.startswith("http") or "@" in name and " " not in name:
        return None
    key = search_key(name)
    if any(key == s or (s and s in key) for s in site_keys):
        return None
    if not keep_orgs and _ORG_WORDS.match(name):
        return None
    return name


def _strip_title_suffix(title: str) -> str:
    """ "Headline - Báo VnExpress Sức khỏe" -> "Headline": drop short trailing site segments."""
    parts = _TITLE_SEPARATORS.split(title)
    while len(parts) > 1 and len(parts[-1].split()) <= 6 and len(" ".join(parts[:-1]).split()) >= 4:
        parts = parts[:-1]
    return " - ".join(parts) if len(parts) > 1 else parts[0]


# --------------------------------------------------------------------------- fields


_TITLE_CLASS = re.compile(r"title|tieu-?de|tieude|heading|headline|ten-?bai|tenbai", re.I)


def _title_candidates(doc: HtmlElement) -> list[tuple[HtmlElement, str, str]]:
    """Headline-like elements: h1/h2, and short elements whose class or id says "title"."""
    out = []
    for el in doc.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("h1", "h2"):
            pass
        elif tag in ("title", "meta", "a", "html", "body", "head") or not _TITLE_CLASS.search(
            f"{el.get('class') or ''} {el.get('id') or ''}"
        ):
            continue
        if len(el.text_content()) > 400:
            continue
        t = text_of(el)
        if 10 <= len(t) <= 300:
            out.append((el, t, search_key(t)))
    return out


def _find_title(doc, site, fam, meta) -> tuple[str | None, str | None, HtmlElement | None]:
    for layer, sels in _layer_selectors(site, fam, "title"):
        el = select_first(doc, sels)
        t = text_of(el)
        if t:
            return t, layer, el if isinstance(el, HtmlElement) else None
    cands = _title_candidates(doc)
    if meta.headline:
        hk = search_key(meta.headline)
        el = next((e for e, _, k in cands if k == hk), None)
        return meta.headline, "meta", el
    # The headline is the element the <title>/og:title starts (or ends) with: those carry
    # the site name as a suffix ("Headline - Cổng TTĐT …") or, rarely, a prefix.
    refs = [search_key(x) for x in (meta.og_title, meta.html_title) if x]
    best: tuple[float, HtmlElement, str] | None = None
    for e, t, k in cands:
        if len(t.split()) < 3:
            continue
        for ref in refs:
            if k == ref or ref.startswith(k) or ref.endswith(k):
                score = len(k) + (30 if e.tag == "h1" else 0)
                if best is None or score > best[0]:
                    best = (score, e, t)
    if best:
        return best[2], "generic", best[1]
    if meta.og_title:
        return _strip_title_suffix(meta.og_title), "meta", None
    h1s = [(e, t) for e, t, _ in cands if e.tag == "h1" and len(t.split()) >= 3]
    if h1s:
        h, t = max(h1s, key=lambda ht: len(ht[1]))
        return t, "generic", h
    if meta.html_title:
        return _strip_title_suffix(meta.html_title), "generic", None
    return None, None, None


def _header_node(title_el: HtmlElement | None) -> HtmlElement | None:
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


def _header_text(title_el: HtmlElement | None) -> str:
    """Text around the headline (where dates, counters and bylines usually sit)."""
    node = _header_node(title_el)
    if node is None:
        return ""
    lines = [t for t in paragraphs(node)][:12]
    return "\n".join(lines)[:1500]


def _date_text(hit: HtmlElement | str) -> str:
    if isinstance(hit, str):
        return hit
    shown = text_of(hit)
    if hit.tag in ("meta", "time") and not shown:
        return hit.get("content") or hit.get("datetime") or ""
    return shown


def _find_date(
    doc, site, fam, meta, title_el, now
) -> tuple[str | None, str | None, HtmlElement | None]:
    meta_dates = [v for s in meta.published if (v := parse_vn_datetime(s, now=now))]
    best_meta = next((v for v in meta_dates if "T" in v), meta_dates[0] if meta_dates else None)
    for layer, sels in _layer_selectors(site, fam, "date"):
        for css in sels:
            for hit in select(doc, css):
                raw = _date_text(hit)
                value = parse_vn_datetime(raw, now=now)
                if value:
                    # Metadata wins when it says the same thing more precisely: a time for a
                    # date-only stamp, seconds for an HH:MM stamp.
                    same = value if "T" not in value else value[:16]
                    if (
                        best_meta
                        and best_meta != value
                        and best_meta.startswith(same)
                        and "T" in best_meta
                    ):
                        return best_meta, "meta", hit if isinstance(hit, HtmlElement) else None
                    return value, layer, hit if isinstance(hit, HtmlElement) else None
    header = _header_text(title_el)
    value = find_posting_date(header, now=now) if header else None
    if best_meta:
        # A date-only stamp in the metadata, the same day with a time beside the headline.
        if "T" not in best_meta and value and value.startswith(best_meta + "T"):
            return value, "generic", None
        return best_meta, "meta", None
    if value:
        return value, "generic", None
    for t in doc.iter("time"):
        value = parse_vn_datetime(t.get("datetime") or text_of(t), now=now)
        if value:
            return value, "generic", t
    return None, None, None


def _find_views(doc, site, fam, date_el, title_el, header: str) -> tuple[int | None, str | None]:
    for layer, sels in _layer_selectors(site, fam, "views"):
        el = select_first(doc, sels)
        t = text_of(el)
        if t:
            n = bp.parse_views(t)
            if n is None and re.fullmatch(r"[\d.,\s]+", t):
                n = int(re.sub(r"\D", "", t))
            if n is not None:
                return n, layer
    regions = []
    if date_el is not None:
        regions += [
            text_of(date_el),
            text_of(date_el.getparent()) if date_el.getparent() is not None else "",
        ]
    # Each small element near the headline on its own first: "16:05</span><span>404 lượt
    # xem" reads as "16:05404 lượt xem" once the spans are joined.
    node = _header_node(title_el)
    if node is not None:
        for el in node.iter():
            if isinstance(el.tag, str) and len(el.text_content()) <= 60:
                t = text_of(el)
                if t and bp.parse_views(t) is not None:
                    regions.append(t)
                    break
    regions.append(header)
    for r in regions:
        n = bp.parse_views(r) if r else None
        if n is not None:
            return n, "generic"
    return None, None


_RIGHT_ALIGNED = re.compile(r"text-align\s*:\s*right", re.I)
_RIGHT_CLASS = re.compile(r"(?:^|[\s_-])(?:text-right|right|align-right|tacgia|author|signature)"
                          r"(?:$|[\s_-])", re.I)  # fmt: skip
_AUTHOR_CLASS = re.compile(r"author|tac-?gia|byline|nguoi-?viet|butdanh|signature", re.I)
_BLOCKS = ("p", "div")


def _is_right_aligned(el: HtmlElement, stop: HtmlElement) -> bool:
    node: HtmlElement | None = el
    while node is not None:
        if (
            _RIGHT_ALIGNED.search(node.get("style") or "")
            or (node.get("align") or "").lower() == "right"
            or _RIGHT_CLASS.search(node.get("class") or "")
        ):
            return True
        if node is stop:
            break
        node = node.getparent()
    # <p><strong style="text-align:right">…</strong></p> and the like
    return any(_RIGHT_ALIGNED.search(k.get("style") or "") for k in el.iter() if k is not el)


def _byline_name(lines: list[str], site_keys: list[str]) -> str | None:
    """The author in a short byline block: a labelled line, or a name-like first line."""
    if not lines or len(lines) > 3 or sum(len(x) for x in lines) > 160:
        return None
    first = lines[0].strip()
    m = bp._BYLINE_LABEL.match(first)
    if m:
        return _clean_author(m.group("name"), site_keys, keep_orgs=True)
    if bp._is_name_like(first, max_words=6):
        return _clean_author(first, site_keys)
    return None


def _trailing_byline(el: HtmlElement, site_keys: list[str]) -> tuple[str | None, list[str]]:
    """A right-aligned last block of the body ("<p align=right><strong>Văn Tâm</strong><br>
    <em>Phòng …</em></p>"): returns (author, the block's lines) and removes the block.

    The lines after the name (a position, a department) belong to neither author nor body.
    """
    last = None
    for b in el.iter(*_BLOCKS):
        if b is el or not text_of(b):
            continue
        if any(k is not b and text_of(k) for k in b.iter(*_BLOCKS)):
            continue  # a wrapper: its last leaf block comes later in iteration order
        last = b
    if last is None or not _is_right_aligned(last, el):
        return None, []
    lines = paragraphs(last)
    name = _byline_name(lines, site_keys)
    if name is None and lines and len(lines) <= 3 and len(lines[0]) <= 60:
        # A bold first line is a byline by layout even when it is not name-like
        # ("Phòng Quản lý đào tạo" above its department line).
        bold = next((text_of(b) for b in last.iter("strong", "b")), "")
        if bold == lines[0] and not lines[0].endswith((".", ":", "!", "?")):
            name = _clean_author(lines[0], site_keys, keep_orgs=True)
    if name:
        remove(last)
        return name, lines
    return None, []


def _byline_after(container: HtmlElement, site_keys: list[str]) -> str | None:
    """A byline printed just after the body container ("<div class=Author>…", "Tác giả: …")."""
    node: HtmlElement | None = container
    seen = 0
    for _ in range(3):  # the container's following siblings, then its parent's
        if node is None:
            return None
        for sib in node.itersiblings():
            if not isinstance(sib.tag, str):
                continue
            t = text_of(sib)
            if not t:
                continue
            seen += 1
            if seen > 4 or len(t) > 200 or search_key(t).rstrip(":") in bp._CUT_MARKERS:
                return None
            lines = paragraphs(sib)
            m = bp._BYLINE_LABEL.match(t)
            if m:
                return _clean_author(m.group("name"), site_keys, keep_orgs=True)
            marked = sib if _AUTHOR_CLASS.search(
                (sib.get("class") or "") + " " + (sib.get("id") or "")
            ) else None  # fmt: skip
            if marked is not None and (name := _byline_name(lines, site_keys)):
                return name
        node = node.getparent()
        if node is None or node.tag in ("body", "html"):
            return None
    return None


def _body_from_element(
    el: HtmlElement, drops: list[str], leads: list[str], base: str, site_keys: list[str]
) -> tuple[list[str], list[dict], str | None]:
    """Paragraphs and images of a body container, and the byline block closing it (if any)."""
    for css in drops:
        for hit in select(el, css):
            if isinstance(hit, HtmlElement) and hit is not el:
                remove(hit)
    for css in leads:
        for hit in select(el, css):
            if isinstance(hit, HtmlElement) and hit is not el:
                remove(hit)
    images = pull_images(el, base)
    byline, _ = _trailing_byline(el, site_keys)
    return paragraphs(el), images, byline


def _text_owner(doc: HtmlElement, para: str, *, last: bool) -> HtmlElement | None:
    """Element owning the first (or last) text node that contains the start of `para`."""
    # trafilatura keeps the page's characters and only collapses whitespace, so a plain
    # substring test on whitespace-collapsed text nodes is enough (and much cheaper).
    key = " ".join(para.split())[:24]
    found = None
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for txt, owner in ((el.text, el), (el.tail, el.getparent())):
            if txt and owner is not None and key in " ".join(txt.split()):
                if not last:
                    return owner
                found = owner
    return found


def _locate(doc: HtmlElement, paras: list[str]) -> HtmlElement | None:
    """The smallest element holding both the first and the last paragraph of a text."""
    if not paras:
        return None
    hits_first = _text_owner(doc, paras[0], last=False)
    hits_last = _text_owner(doc, paras[-1], last=True)
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


def _trafilatura_body(
    doc: HtmlElement, url: str, base: str, title: str | None, site_keys: list[str]
) -> tuple[list[str], list[dict], str | None]:
    import trafilatura  # lazy: costly import, and only the last layer needs it

    pruned = deepcopy(doc)
    for css in GENERIC_DROP:
        for hit in select(pruned, css):
            remove(hit)
    # Headings that open a related-news list take the list with them.
    for h in list(pruned.iter("h2", "h3", "h4", "div", "span", "strong", "p", "b")):
        if len(h) > 2 or h.getparent() is None:
            continue
        raw = h.text_content()
        if len(raw) < 60 and search_key(raw).rstrip(":") in bp._CUT_MARKERS:
            parent = h.getparent()
            if parent is not None and len(text_of(parent)) < 3000 and parent.tag != "body":
                remove(parent)
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
    container = _locate(doc, paras)
    if container is not None:
        copy = deepcopy(container)
        images = pull_images(copy, base)
        captions = {search_key(i["caption"]) for i in images if i.get("caption")}
        paras = [p for p in paras if search_key(p) not in captions]
        byline, lines = _trailing_byline(copy, site_keys)
        if byline:
            keys = [search_key(x) for x in lines]
            while paras and keys and search_key(paras[-1]) == keys[-1]:
                paras, keys = paras[:-1], keys[:-1]
        else:
            byline = _byline_after(container, site_keys)
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


def _container_body(
    el: HtmlElement,
    drops: list[str],
    leads: list[str],
    base: str,
    title: str | None,
    site_keys: list[str],
    layer: str,
) -> _Body:
    after = _byline_after(el, site_keys)
    paras, images, byline = _body_from_element(el, drops, leads, base, site_keys)
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
    clearly longer; else the pick."""
    if (
        generic.agreed
        and _chars(generic.paras) > _AGREED_LONGER * _chars(pick.paras)
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
        dense = _container_body(dense_el, drops, leads, base, title, site_keys, "generic")
        if _enough(dense.paras) and _vietnamese(dense.paras):
            # The densest block was built on Vietnamese portal layouts (tables, <br> soups,
            # related-news teasers that trafilatura takes for prose): it stands alone there.
            return dense
    t_paras, t_images, t_byline = _trafilatura_body(doc, url, base, title, site_keys)
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


def _vietnamese(paras: list[str]) -> bool:
    text = " ".join(paras[:20])
    return len(_VI_LETTERS.findall(text)) >= _VI_SHARE * len(text)


_LEAD_CLASS = re.compile(
    r"sapo|lead|summary|tom-?tat|tomtat|intro|chapeau|abstract|desc|trich-?yeu|mo-?ta", re.I
)


def _generic_lead(
    doc: HtmlElement, container: HtmlElement, title_el: HtmlElement | None, meta: PageMeta
) -> str | None:
    """A lead printed between the headline and the body container (class "sapo", "summary",
    "intro"… or the text of the page's meta description), as one paragraph."""
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
        raw = el.text_content()
        if not 40 <= len(raw) <= 1500:
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
    base = _base_url(doc, url)
    strip_junk(doc)
    site_keys = _site_names(meta, url)
    layers: dict[str, str] = {}

    title, layer, title_el = _find_title(doc, site, fam, meta)
    if layer:
        layers["title"] = layer

    published_at, layer, date_el = _find_date(doc, site, fam, meta, title_el, now)
    if layer:
        layers["published_at"] = layer

    author = None
    for layer, sels in _layer_selectors(site, fam, "author"):
        els = [e for css in sels for e in select(doc, css)]
        names = []
        for e in els:
            n = _clean_author(text_of(e), site_keys)
            if n and n not in names:
                names.append(n)
        if names:
            author, layers["author"] = ", ".join(names), layer
            break
    if author is None:
        names = [n for a in meta.authors if (n := _clean_author(a, site_keys))]
        if names:
            author, layers["author"] = ", ".join(dict.fromkeys(names)), "meta"

    header = _header_text(title_el)
    views, layer = _find_views(doc, site, fam, date_el, title_el, header)
    if layer:
        layers["views"] = layer

    # Body: the first site/family layer that yields enough text, else the metadata's
    # articleBody, else the generic candidates (cleaning/consensus.py). No layer may
    # shorten a body that the generic candidates agree is longer.
    drops = list(site.get("drop") or []) + list(fam.drop if fam else ()) + list(GENERIC_DROP)
    leads = list(fam.lead if fam else ())
    # The lead/sapo is the first paragraph of the body (docs/internals.md, "Field
    # conventions"); read it before the body container is cut up.
    lead = _find_lead(doc, site, leads, title)
    pick: _Body | None = None
    for layer, sels in _layer_selectors(site, fam, "body"):
        el = select_first(doc, sels)
        if isinstance(el, HtmlElement):
            cand = _container_body(el, drops, leads, base, title, site_keys, layer)
            if _enough(cand.paras):
                pick = cand
                break
    if pick is None and meta.article_body and len(meta.article_body) >= _MIN_BODY_CHARS:
        removed: list[str] = []
        meta_paras = _finish_body(_markup_paragraphs(meta.article_body), title, removed)
        pick = _Body(meta_paras, [], None, removed, "meta")
    dense_el = find_content(doc)
    if pick is not None and not _outgrown(pick, dense_el):
        body = pick
    else:
        generic = _generic_body(doc, dense_el, url, base, title, site_keys, drops, leads, title_el)
        if dense_el is not None and generic.layer != "generic:trafilatura":
            lead = lead or _generic_lead(doc, dense_el, title_el, meta)
        body = _longer_agreed(pick, generic) if pick is not None else generic
    paras, images, block_byline, meta_lines = body.paras, body.images, body.byline, body.meta_lines
    if body.layer:
        layers["body"] = body.layer
    if author is None and block_byline:
        author, layers["author"] = block_byline, "generic"
    if lead and paras and layers.get("body") != "meta":
        lkey = search_key(lead)
        if not any(search_key(p) == lkey for p in paras[:2]):
            paras = [lead, *paras]
    # Date and counter printed inside the content block ("0 lượt đọc 21/07/2020").
    for line in meta_lines:
        if published_at is None and (value := parse_vn_datetime(line, now=now)):
            published_at, layers["published_at"] = value, "generic"
        if views is None and (n := bp.parse_views(line)) is not None:
            views, layers["views"] = n, "generic"

    # The byline at the end of the body: an author when none was found, and never body text.
    rest, byline = bp.split_byline(paras)
    if byline:
        if author is None:
            author, layers["author"] = byline, "generic"
            paras = rest
        elif search_key(byline) in search_key(author) or search_key(author) in search_key(byline):
            paras = rest

    body = "\n\n".join(paras) if paras else None
    if images == [] and meta.og_image:
        images = []  # og:image is a share thumbnail, not an image of the story body
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
