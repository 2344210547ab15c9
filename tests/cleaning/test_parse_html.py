"""parse_html's parser looks element classes up in C: it must give lxml.html's classes; its
fast test for characters lxml cannot hold must say what the regex it replaces says, and its
bound on a subtree's text length must hold."""

from __future__ import annotations

import unicodedata

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaning.extract import parse_html
from cleaning.htmltext import (
    _NFC_MAX_COMPOSED,
    _XML_UNSAFE,
    _has_unsafe,
    text_longer_than,
    text_of,
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
    for text in (char, f"ab{char}", f"é{char}c\u00a0"):
        assert _has_unsafe(text) == (_XML_UNSAFE.search(text) is not None)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(_EDGES) | st.characters(), max_size=40))
def test_the_byte_check_for_unsafe_characters_says_what_the_regex_says(text):
    # xml_safe decides on a page's UTF-8 bytes whether _XML_UNSAFE has anything to remove.
    assert _has_unsafe(text) == (_XML_UNSAFE.search(text) is not None)


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
