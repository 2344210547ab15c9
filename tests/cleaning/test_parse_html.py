"""parse_html's parser looks element classes up in C: it must give lxml.html's classes; its
fast test for characters lxml cannot hold must say what the regex it replaces says."""

from __future__ import annotations

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaning.extract import parse_html
from cleaning.htmltext import _XML_UNSAFE, _has_unsafe


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
