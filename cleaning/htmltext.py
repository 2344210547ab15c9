"""Turn a content subtree into paragraphs, and pull images and captions out of it.

Works on lxml elements in place: the caller hands over a subtree it owns
(`extract_article` parses each page afresh), captions are removed from the
subtree once recorded so they never reach the body text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin

from lxml import etree
from lxml.html import HtmlElement

from cleaning.text import INVISIBLES, nfc, normalize_whitespace

# Never text: code, styling, embeds, forms, inline SVG.
# (Not <form>: ASP.NET pages wrap the whole page in one.)
JUNK_TAGS = ("script", "style", "noscript", "iframe", "button", "svg", "template",
             "object", "embed", "select", "textarea", "input", "audio", "video",
             "canvas")  # fmt: skip
BLOCK_TAGS = frozenset(
    "p div section article header footer aside nav main h1 h2 h3 h4 h5 h6 ul ol li dl dt dd "
    "table thead tbody tfoot tr td th blockquote figure figcaption pre hr address center "
    "fieldset details summary".split()
)
_LAZY_ATTRS = ("data-src", "data-original", "data-lazy-src", "data-lazy", "data-url", "src")
_CAPTION_CLASS = re.compile(
    r"caption|imgcaption|img-desc|image-desc|photo-desc|chuthich|chu-thich|ghichu", re.I
)
_IMAGE_TABLE_CLASS = re.compile(r"image|picture|photo|tplcaption|hinh", re.I)
_CENTERED = re.compile(r"text-align\s*:\s*center", re.I)


# Characters lxml refuses in text it creates ("All strings must be XML compatible"): C0
# controls other than tab/newline/return (text pasted from Word carries \x0b and \x01), lone
# surrogates, and the noncharacters U+FFFE/U+FFFF. The parser accepts them, raw or as
# character references, but the first drop_tree() that merges a tail with them raises, so
# they go before parsing. DEL and the C1 controls are allowed by lxml but are never text
# either: alone in a block they would make a paragraph of nothing.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Only references that can name such a character (0-159, surrogates, FFFE/FFFF): the
# thousands of "&#7899;" on an entity-encoded Vietnamese page are not looked at.
_UNSAFE_REF = re.compile(
    r"&#(?:0*(?P<d>1[0-5]\d|\d{1,2}|5529[6-9]|55[3-9]\d\d|56\d{3}|57[0-2]\d\d|573[0-3]\d"
    r"|5734[0-3]|6553[45])(?!\d)|[xX]0*(?P<h>[0-9][0-9a-fA-F]|[0-9a-fA-F]|[dD][89a-fA-F][0-9a-fA-F]{2}"
    r"|[fF]{3}[eEfF])(?![0-9a-fA-F]));?"
)
# Word's manual line break (\x0b) and page break (\x0c) separate words; the rest are noise.
_BREAKS = {"\x0b": "\n", "\x0c": "\n"}


def _safe_char(ch: str) -> str:
    if ch in _BREAKS:
        return _BREAKS[ch]
    if "\x80" <= ch <= "\x9f":
        # HTML reads &#150; as the Windows-1252 character (an en dash), as browsers do.
        return ch.encode("latin-1").decode("cp1252", errors="ignore")
    return ""


def _safe_ref(m: re.Match) -> str:
    ch = chr(int(m["d"]) if m["d"] else int(m["h"], 16))
    return _safe_char(ch) if _XML_UNSAFE.match(ch) else m.group()


def xml_safe(html: str) -> str:
    """The page text without the characters lxml cannot hold (see _XML_UNSAFE)."""
    return xml_safe_utf8(html)[0]


def xml_safe_utf8(html: str) -> tuple[str, bytes]:
    """xml_safe(html), and that text in UTF-8 (the bytes the check for unsafe characters
    reads: parse_html hands them to lxml, which parses UTF-8 faster than a str).

    Repeated until nothing changes: dropping one character can make another reference
    ("&#\x001;" becomes "&#1;", "&#&#1;1;" becomes "&#1;"). On a clean page the first
    pass changes nothing and makes no copy (re.sub returns the same string). The
    references are looked for only when "&#" is among the bytes _unsafe_in_kept reads
    (three benchmark pages in four hold none: the search of the text cost as much as
    encoding it).
    """
    while True:
        before = html
        raw = _utf8(html)
        kept = None if raw is None else _kept(raw)
        if kept is None or b"&#" in kept:
            html = _UNSAFE_REF.sub(_safe_ref, html)
            if html is not before and html != before:
                raw = _utf8(html)
                kept = None if raw is None else _kept(raw)
        if kept is None or _unsafe_in_kept(kept):
            html = _XML_UNSAFE.sub(_safe_raw, html)
        if raw is not None and (html is before or html == before):
            # Nothing was removed in this pass: `raw` is the text's UTF-8.
            return html, raw


# _XML_UNSAFE in UTF-8: single bytes (C0 controls, DEL), C2 80-9F (C1 controls), EF BF BE/BF
# (U+FFFE/U+FFFF); a lone surrogate cannot be encoded at all.
_UNSAFE_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_SAFE_BYTES = bytes(b for b in range(256) if b not in _UNSAFE_BYTES)
_C1_BYTES = re.compile(rb"\xc2[\x80-\x9f]")
_NONCHAR_BYTES = re.compile(rb"\xef\xbf[\xbe\xbf]")


def _utf8(text: str) -> bytes | None:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return None


# The bytes the tests below read: the unsafe single bytes, the lead bytes of the C1
# controls (C2) and of U+FFFE/U+FFFF (EF), every continuation byte (80-BF), and "&", "#"
# and ";". A lead byte's continuation bytes follow it at once in UTF-8 and are kept, so a
# C2 or EF is followed in the kept bytes by the bytes that followed it in the page: the
# patterns find the same sequences there. An "&#" of the page is one in the kept bytes too
# (one there may be an "&" and a "#" apart in the page: the references are then looked for
# in vain; the ";" kept ends most "&amp;" and so keeps them from a later "#": 77 benchmark
# pages of 181 then seem to hold "&#", 162 without it, 47 do). Few pages hold many of
# these bytes (about 1 % of a benchmark page, 7 % of a Vietnamese one), so one translate()
# and short searches replace searches of the whole page (re finds the patterns' first byte
# by a byte-by-byte loop).
_NOT_READ = bytes(
    b for b in range(256) if b not in (*_UNSAFE_BYTES, 0xC2, 0xEF, *range(0x80, 0xC0), *b"&#;")
)


def _kept(raw: bytes) -> bytes:
    return raw.translate(None, _NOT_READ)


def _unsafe_in_kept(kept: bytes) -> bool:
    """Whether the UTF-8 text whose _kept bytes these are holds a character of
    _XML_UNSAFE (a lone surrogate aside, which has no UTF-8)."""
    return bool(kept) and (
        bool(kept.translate(None, _SAFE_BYTES))
        or _C1_BYTES.search(kept) is not None
        or _NONCHAR_BYTES.search(kept) is not None
    )


def _has_unsafe(html: str) -> bool:
    """`_XML_UNSAFE.search(html) is not None`, at a third less of the cost on a page: the
    regex tests every character, the UTF-8 bytes are searched by translate() and by
    patterns with a literal first byte."""
    raw = _utf8(html)
    return raw is None or _unsafe_in_kept(_kept(raw))


def _safe_raw(m: re.Match) -> str:
    ch = m.group()
    if ch not in _BREAKS:
        return ""
    # Inside a tag ("<\x0btitle>") a break would unmake the tag: the character just goes.
    inside_tag = m.string.rfind("<", 0, m.start()) > m.string.rfind(">", 0, m.start())
    return "" if inside_tag else _BREAKS[ch]


def remove(el: HtmlElement) -> None:
    """Remove an element but keep its tail text (lxml's drop_tree semantics)."""
    try:
        el.drop_tree()
    except (AssertionError, TypeError):  # the root, or already detached
        pass


_JUNK_NODES = (etree.Comment, etree.ProcessingInstruction, *JUNK_TAGS)


def strip_junk(root: HtmlElement) -> None:
    """Drop script/style/embeds and HTML comments from a subtree."""
    # One walk for both kinds, each node removed in page order: the tails left behind
    # join in page order whichever goes first, as when all comments went before the rest.
    for el in list(root.iter(*_JUNK_NODES)):
        remove(el)


# A subtree's text as libxml2 joins it (itertext() joined; no block separators).
string_value = etree.XPath("string(.)", smart_strings=False)
# NFC composes at most this many code points into one (the longest canonical decomposition
# of a character, tests/cleaning/test_parse_html.py).
_NFC_MAX_COMPOSED = 4


def text_longer_than(el: HtmlElement, limit: int) -> bool:
    """True only when text_of(el) is certainly longer than `limit`, told from libxml2's
    string of the subtree without walking it (False: not known). For a subtree without
    junk elements (strip_junk): text_of keeps every character of that string that is not
    white space or invisible, NFC composing at most _NFC_MAX_COMPOSED into one."""
    raw = string_value(el)
    bound = _NFC_MAX_COMPOSED * limit
    if len(raw) <= bound:
        return False
    solid = len("".join(raw.split())) - sum(raw.count(ch) for ch in INVISIBLES)
    return solid > bound


def text_of(el: HtmlElement | str | None) -> str:
    if el is None:
        return ""
    if isinstance(el, str):
        return normalize_whitespace(el)
    if el.tag == "meta":
        return normalize_whitespace(el.get("content") or "")
    return normalize_whitespace(_text(el))


# What urljoin reads in an absolute URL besides its scheme, host and path (a query, a
# fragment, parameters, brackets, the tabs and line breaks it drops).
_URL_PARTS = re.compile(r"[?#;\[\]\t\r\n]")


def join_url(base: str, url: str) -> str:
    """urljoin(base, url), without parsing either for an absolute http(s) URL of a host, a
    path and nothing else, which urljoin gives back as it is (the page's images mostly)."""
    head = 8 if url.startswith("https://") else 7 if url.startswith("http://") else 0
    if head and len(url) > head and url[head] != "/" and url.isascii():
        if not _URL_PARTS.search(url):
            return url
    return urljoin(base, url)


def image_src(img: HtmlElement, base_url: str) -> str | None:
    """Absolute URL of an image, preferring lazy-load attributes over placeholder src."""
    for attr in _LAZY_ATTRS:
        value = (img.get(attr) or "").strip()
        if value and not value.startswith("data:"):
            return join_url(base_url, value)
    srcset = (img.get("data-srcset") or img.get("srcset") or "").strip()
    if srcset:
        return join_url(base_url, srcset.split(",")[0].split()[0])
    return None


def _is_styled_caption(el: HtmlElement) -> bool:
    if _CAPTION_CLASS.search(el.get("class") or ""):
        return True
    if _CENTERED.search(el.get("style") or "") or el.tag == "center":
        return True
    kids = [k for k in el if isinstance(k.tag, str)]
    # The whole paragraph is one <em>/<i> (optionally inside a centered span).
    if len(kids) == 1 and kids[0].tag in ("em", "i") and not (el.text or "").strip():
        return True
    return any(_CENTERED.search(k.get("style") or "") for k in el.iter() if k is not el)


def _short_caption_like(text: str) -> bool:
    return 0 < len(text) <= 200 and len(text.split()) <= 40 and not text.endswith(":")


def _block_ancestor(el: HtmlElement, stop: HtmlElement) -> HtmlElement:
    cur = el
    while cur.getparent() is not None and cur.getparent() is not stop and cur.tag not in BLOCK_TAGS:
        cur = cur.getparent()
    return cur


def _next_block(el: HtmlElement) -> HtmlElement | None:
    sib = el.getnext()
    while sib is not None and not isinstance(sib.tag, str):
        sib = sib.getnext()
    return sib


def pull_images(root: HtmlElement, base_url: str) -> list[dict]:
    """Collect {src, caption} for images in `root`; remove figures and captions from it."""
    images: list[dict] = []
    seen: set[str] = set()

    def add(src: str | None, caption: str | None) -> None:
        if src and src not in seen:
            seen.add(src)
            images.append({"src": src, "caption": caption or None})

    # 1. <figure> with <figcaption>: the figure is image + caption, never body text.
    for fig in list(root.iter("figure")):
        cap_el = next(fig.iter("figcaption"), None)
        caption = text_of(cap_el) if cap_el is not None else ""
        imgs = list(fig.iter("img"))
        if not caption:
            extra = [c for c in fig.iter() if _CAPTION_CLASS.search(c.get("class") or "")]
            caption = text_of(extra[0]) if extra else ""
        for img in imgs:
            add(image_src(img, base_url), caption)
        if imgs or caption:
            remove(fig)
    # 2. Table-based captions:
    #    <table class="image"><tr><td><img></td></tr><tr><td>caption</td></tr></table>
    for table in list(root.iter("table")):
        imgs = list(table.iter("img"))
        if not imgs:
            continue
        caption = text_of(table)
        if _IMAGE_TABLE_CLASS.search(table.get("class") or "") or len(caption) <= 300:
            for img in imgs:
                add(image_src(img, base_url), caption)
            remove(table)
    # 3. Loose images: caption is a caption-classed element or the short line right after.
    for img in list(root.iter("img")):
        src = image_src(img, base_url)
        if src is None or img.getparent() is None:
            continue
        block = _block_ancestor(img, root)
        caption = ""
        # (only a caption-sized block other than a div/section/article is the caption)
        boxy = block.tag in ("div", "section", "article")
        own = text_of(block) if block is not img and not boxy else ""
        cap_el = (
            next(
                (
                    c
                    for c in block.iter()
                    if c is not block and _CAPTION_CLASS.search(c.get("class") or "")
                ),
                None,
            )
            if block is not img
            else None
        )
        if cap_el is not None:
            caption = text_of(cap_el)
            remove(cap_el)
        elif own and _short_caption_like(own):
            caption = own  # <p><img> caption text</p>
            for child in list(block):
                if child.tag != "img":
                    remove(child)
            block.text = None
        else:
            nxt = _next_block(block) if block is not root and block is not img else None
            if nxt is not None and nxt.tag not in ("img", "figure", "table"):
                t = text_of(nxt)
                if (
                    not list(nxt.iter("img"))
                    and _short_caption_like(t)
                    and (_is_styled_caption(nxt) or not t.endswith((".", "!", "?", "…")))
                ):
                    caption = t
                    remove(nxt)
        add(src, caption)
    return images


_JUNK_SET = frozenset(JUNK_TAGS)


def _text(el: HtmlElement) -> str:
    """Text of a subtree with "\n" at block boundaries and <br>."""
    # The largest single cost of extraction: names bound locally, one type test per node.
    out: list[str] = []
    append = out.append
    block_tags, junk_tags = BLOCK_TAGS, _JUNK_SET

    def walk(node: HtmlElement) -> None:
        tag = node.tag
        # Comments, processing instructions and entities hold nothing of their own
        # (their tails are added by the parent).
        if tag.__class__ is not str:
            return
        block = tag in block_tags
        if block:
            append("\n")
        if tag == "br":
            append("\n")
        elif tag not in junk_tags:
            if node.text:
                append(node.text)
            for child in node:
                walk(child)
                if child.tail:
                    append(child.tail)
        if block:
            append("\n")

    walk(el)
    return "".join(out)


def paragraphs(el: HtmlElement) -> list[str]:
    """Non-empty, whitespace-normalised lines of a subtree (blocks and <br> split lines)."""
    # NFC once for the whole text, not once per line: it never composes across a "\n" (a
    # starter nothing composes with), so each line comes out as normalize_whitespace's.
    return [t for line in nfc(_text(el)).split("\n") if (t := " ".join(line.split()))]


def _text_pieces(el: HtmlElement, depth: int) -> Iterator[str]:
    """_text(el) in pieces, in order, each child's read only when the pieces before it have
    been taken (children `depth` levels down read whole by _text): the same walk."""
    tag = el.tag
    if tag.__class__ is not str:
        return
    block = tag in BLOCK_TAGS
    if block:
        yield "\n"
    if tag == "br":
        yield "\n"
    elif tag not in _JUNK_SET:
        if el.text:
            yield el.text
        for child in el:
            if depth and len(child):
                yield from _text_pieces(child, depth - 1)
            else:
                yield _text(child)
            if child.tail:
                yield child.tail
    if block:
        yield "\n"


def first_paragraphs(el: HtmlElement, n: int) -> list[str]:
    """paragraphs(el)[:n], reading the subtree only as far as its first n lines (a page's
    headline block can hold the whole article under it)."""
    lines: list[str] = []
    line = ""
    for piece in _text_pieces(el, 3):
        if "\n" not in piece:
            line += piece
            continue
        *done, line = (line + piece).split("\n")
        for text in done:
            if t := " ".join(nfc(text).split()):
                lines.append(t)
                if len(lines) == n:
                    return lines
    if t := " ".join(nfc(line).split()):
        lines.append(t)
    return lines[:n]
