"""parse_html's parser looks element classes up in C: it must give lxml.html's classes; it
reads the page's UTF-8 bytes: it must give the tree lxml gives the page as a str; its
fast test for characters lxml cannot hold must say what the regex it replaces says, and its
bound on a subtree's text length must hold."""

from __future__ import annotations

import unicodedata

import lxml.html
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree

from cleaning.extract import _XML_DECL, parse_html
from cleaning.htmltext import (
    _NFC_MAX_COMPOSED,
    _UNSAFE_REF,
    _XML_UNSAFE,
    JUNK_TAGS,
    _has_unsafe,
    remove,
    strip_junk,
    text_longer_than,
    text_of,
    xml_safe,
    xml_safe_utf8,
)


def test_every_element_gets_the_class_lxml_html_gives_it():
    special = lxml.html.HtmlElementClassLookup()._element_classes  # form, input, select, …
    body = "".join(f"<{tag.upper()}>x</{tag}>" for tag in special)
    page = f"<html><body><div>{body}<!-- note --><?pi x?>&amp;<p>text</p></div></body></html>"
    ours, theirs = parse_html(page), lxml.html.document_fromstring(page)
    assert [type(e) for e in ours.iter()] == [type(e) for e in theirs.iter()]
    assert {type(e).__name__ for e in ours.iter()} >= {"FormElement", "HtmlComment"}


# Characters on either side of each edge of htmltext._XML_UNSAFE, and a few multi-byte ones.
_EDGES = (
    "\x00\x08\x09\x0a\x0b\x0c\x0d\x0e\x1f\x20\x7e\x7f\x80\x9f\xa0\xc2\u00e9\u0300"
    "\ud7ff\ud800\udbff\udc00\udfff\ue000\ufffd\ufffe\uffff\U00010000\U0001f600"
)


@pytest.mark.parametrize("char", list(_EDGES))
def test_the_byte_check_for_unsafe_characters_knows_each_edge(char):
    # "\u00a0—": C2 A0 E2 80 94, whose C2 and 80 would meet if A0 were not read.
    for text in (char, f"ab{char}", f"é{char}c\u00a0", f"\u00a0{char}\u2014", f"\uf000{char}"):
        assert _has_unsafe(text) == (_XML_UNSAFE.search(text) is not None)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(_EDGES) | st.characters(), max_size=40))
def test_the_byte_check_for_unsafe_characters_says_what_the_regex_says(text):
    # xml_safe decides on a page's UTF-8 bytes whether _XML_UNSAFE has anything to remove.
    assert _has_unsafe(text) == (_XML_UNSAFE.search(text) is not None)


def _xml_safe_by_the_regexes(html: str) -> str:
    # xml_safe as it was written first: both substitutions on the text, until neither
    # changes it.
    from cleaning.htmltext import _safe_raw, _safe_ref

    while True:
        before = html
        html = _XML_UNSAFE.sub(_safe_raw, _UNSAFE_REF.sub(_safe_ref, html))
        if html == before:
            return html


_REF_PIECES = st.sampled_from(
    [
        "&#",
        "&",
        "#",
        "&#x",
        "1",
        "0",
        "9",
        "150",
        "11",
        "x",
        "ff",
        "FFFE",
        "d800",
        ";",
        "<",
        ">",
        "a",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_REF_PIECES | st.sampled_from(_EDGES) | st.characters(), max_size=30).map("".join))
@example("&\u00e9#1;")  # "&#" only in the kept bytes: the references are looked for in vain
@example("&#&#1;1;\x0b")
def test_xml_safe_utf8_removes_what_the_regexes_remove(text):
    """References are looked for only when the kept bytes hold "&#": the same text and its
    UTF-8 as both substitutions repeated on the text."""
    got, raw = xml_safe_utf8(text)
    assert got == _xml_safe_by_the_regexes(text)
    assert raw == got.encode("utf-8")


def test_nfc_composes_at_most_four_code_points_into_one():
    # htmltext.text_longer_than bounds text_of's length by this.
    longest = max(
        len(unicodedata.normalize("NFD", chr(cp)))
        for cp in range(0x110000)
        if not 0xD800 <= cp <= 0xDFFF
    )
    assert longest <= _NFC_MAX_COMPOSED


_PIECES = st.sampled_from(
    [
        "a",
        "e\u0302\u0301",
        "\u1f00\u0345",
        " ",
        "\xa0",
        "\u200b",
        "\u00ad",
        "\n",
        "ạ",
        "가",
        "\u1100\u1161\u11a8",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(_PIECES, max_size=60).map("".join), min_size=1, max_size=5),
    st.integers(min_value=0, max_value=40),
)
def test_text_longer_than_never_claims_a_text_longer_than_it_is(texts, limit):
    el = lxml.html.fragment_fromstring("<div>" + "".join(f"<p>{t}</p>" for t in texts) + "</div>")
    if text_longer_than(el, limit):
        assert len(text_of(el)) > limit


def _parsed_from_str(page: str):
    """parse_html as it was: the safe text handed to lxml as a str (lxml makes UTF-16 of
    it), with lxml.html's own parser."""
    text = xml_safe(_XML_DECL.sub("", page, count=1))
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None


# What could read differently as UTF-8 bytes than as a str: charset and XML declarations
# naming other encodings, byte-order marks, characters of one to four UTF-8 bytes, unsafe
# characters and references (xml_safe), entities, CRLF, ids (the parser keeps no table of
# them).
_PAGE_PIECES = st.sampled_from(
    [
        "<html>", "<head>", "<body>", "</body>", "<p>", "</p>", "<div class='x'>", "</div>",
        "<p id='x'>",
        '<meta charset="windows-1252">', '<meta http-equiv="Content-Type" '
        'content="text/html; charset=iso-8859-1">', "<meta charset='utf-16'>",
        "<?xml version='1.0' encoding='latin-1'?>", "<?xml version=\"1.0\"?>", "\ufeff",
        "\ufeff<html>", "Tiếng Việt ạ", "é", "\u00a0", "\u20ac", "\U0001f600", "\x00", "\x0b",
        "\x85", "\ud800", "\ufffe", "&#150;", "&#x0b;", "&amp;", "&nbsp;", "&eacute;", "&#7899;",
        "\r\n", " ", "<!-- c -->", "<script>var s = '</p>é';</script>", "<title>T</title>",
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_PAGE_PIECES | st.text(max_size=5), max_size=14).map("".join))
@example("<?xml version='1.0'?><?xml version='1.0' encoding='latin-1'?><p>x</p>")  # lxml: no str
@example("\ufeff<?xml version='1.0' encoding='latin-1'?><p>é</p>")
def test_the_page_parsed_from_its_utf8_bytes_is_the_tree_a_str_gives(page):
    ours, theirs = parse_html(page), _parsed_from_str(page)
    assert (ours is None) == (theirs is None)
    if ours is not None:
        tree = etree.tostring(ours, encoding="unicode")
        assert tree == etree.tostring(theirs, encoding="unicode")


def _strip_junk_in_two_walks(root) -> None:
    """strip_junk as it was: every comment and processing instruction, then the junk."""
    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        remove(el)
    for el in list(root.iter(*JUNK_TAGS)):
        remove(el)


_TREE_PIECES = st.sampled_from(
    [
        "<div>", "</div>", "<p>", "</p>", "<b>", "</b>", "<script>s()</script>",
        "<style>x{}</style>",
        "<noscript>", "</noscript>", "<select><option>o</option>", "</select>", "<object>",
        "</object>", "<embed>", "<!-- c -->", "<?pi x?>", "<br>", "a", " b ", "\n", "tail",
        "<svg><title>t</title></svg>", "<iframe>f</iframe>", "<button>k</button>",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_TREE_PIECES, max_size=24).map("".join))
def test_strip_junk_in_one_walk_leaves_the_tree_two_walks_left(body):
    page = f"<html><body>{body}</body></html>"
    ours, theirs = parse_html(page), parse_html(page)
    strip_junk(ours)
    _strip_junk_in_two_walks(theirs)
    assert etree.tostring(ours, encoding="unicode") == etree.tostring(theirs, encoding="unicode")
