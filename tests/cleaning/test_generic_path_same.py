"""The generic path's faster steps (cleaning/extract.py) give what the steps they replaced
gave: the walk locating trafilatura's text in the page, the short headings that may open a
related list, the test for a page without Vietnamese letters, and the page trafilatura
reads."""

from __future__ import annotations

import re

import lxml.html
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaning import boilerplate as bp
from cleaning.extract import (
    _PARSER,
    _SHORT_HEADINGS,
    _VI_LETTERS_OR_MARKS,
    _VI_LETTERS_OR_MARKS_CI,
    _page_copy,
    _text_owners,
    parse_html,
)
from cleaning.text import search_key


def _text_owners_as_it_was(doc, first: str, last: str):
    """Every element's text and tail read, the tail's owner looked up for each."""
    key_a, key_b = " ".join(first.split())[:24], " ".join(last.split())[:24]
    word_a = max(key_a.split(), key=len, default="")
    word_b = max(key_b.split(), key=len, default="")
    found_a = found_b = None
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for txt, owner in ((el.text, el), (el.tail, el.getparent())):
            if not txt or owner is None:
                continue
            in_a = found_a is None and word_a in txt
            in_b = word_b in txt
            if in_a or in_b:
                flat = " ".join(txt.split())
                if in_a and key_a in flat:
                    found_a = owner
                if in_b and key_b in flat:
                    found_b = owner
    return found_a, found_b


_WORDS = ["alpha", "beta gamma", "alpha beta", "delta", "  gamma\n delta ", "", "Tin liên quan"]
_PIECES = st.sampled_from(
    ["<div>", "</div>", "<p>", "</p>", "<b>", "</b>", "<span>", "</span>", "<br>",
     "<!-- alpha -->", "<h2>", "</h2>", "<li>", "</li>"]
) | st.sampled_from(_WORDS)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    st.lists(_PIECES, max_size=30).map("".join),
    st.sampled_from(_WORDS),
    st.sampled_from(_WORDS),
    st.booleans(),
)
def test_the_text_owners_are_those_the_full_walk_finds(body, first, last, inner):
    doc = parse_html(f"<html><body><div id='top'>{body}</div>after alpha</body></html>")
    # The article region is an element of the page (its tail is read too) or the page.
    region = doc.get_element_by_id("top") if inner else doc
    assert _text_owners(region, first, last) == _text_owners_as_it_was(region, first, last)


_HEADING_PIECES = st.sampled_from(
    ["<div>", "</div>", "<p>", "</p>", "<strong>", "</strong>", "<h3>", "</h3>", "<span>",
     "</span>", "<br>", " ", "\n\t", "\u00a0", "Tin liên quan", "Tags:", "x" * 70]
)  # fmt: skip
_SHORT_HEADINGS_AS_THEY_WERE = lxml.etree.XPath(
    " | ".join(
        f"//{tag}[count(*) <= 2][string-length(.) < 60]"
        for tag in ("h2", "h3", "h4", "div", "span", "strong", "p", "b")
    )
)


def _marked(headings) -> list:
    return [h for h in headings if search_key(h.text_content()).rstrip(":") in bp._CUT_MARKERS]


@settings(max_examples=300, deadline=None)
@given(st.lists(_HEADING_PIECES, max_size=24).map("".join))
def test_the_headings_left_out_as_blank_open_no_related_list(body):
    # The short elements no longer returned are all (XML) white space: none is a marker.
    doc = parse_html(f"<html><body>{body}</body></html>")
    now, before = _SHORT_HEADINGS(doc), _SHORT_HEADINGS_AS_THEY_WERE(doc)
    assert _marked(now) == _marked(before)
    left_out = [h for h in before if h not in now]
    assert now == [h for h in before if h not in left_out]
    assert all(not h.text_content().strip(" \t\r\n") for h in left_out)


def test_the_vietnamese_letters_are_those_the_case_insensitive_class_matches():
    # The class is written out below U+2000: no code point above matches it either way.
    assert _VI_LETTERS_OR_MARKS.flags & re.IGNORECASE == 0
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        ours, case_insensitive = _VI_LETTERS_OR_MARKS.match(ch), _VI_LETTERS_OR_MARKS_CI.match(ch)
        assert bool(ours) == bool(case_insensitive), hex(cp)


def test_the_page_trafilatura_reads_is_built_by_the_pages_parser():
    # Its elements (and those of trafilatura's copies) get their classes looked up in C.
    doc = parse_html("<html><body><div><p>text</p></div><p>tail</p></body></html>")
    page = _page_copy(doc.body[0])
    assert page.getroottree().parser is _PARSER
    assert lxml.html.tostring(page) == b"<html><body><div><p>text</p></div></body></html>"
