"""parse_html's parser looks element classes up in C: it must give lxml.html's classes."""

from __future__ import annotations

import lxml.html

from cleaning.extract import parse_html


def test_every_element_gets_the_class_lxml_html_gives_it():
    special = lxml.html.HtmlElementClassLookup()._element_classes  # form, input, select, …
    body = "".join(f"<{tag.upper()}>x</{tag}>" for tag in special)
    page = f"<html><body><div>{body}<!-- note --><?pi x?>&amp;<p>text</p></div></body></html>"
    ours, theirs = parse_html(page), lxml.html.document_fromstring(page)
    assert [type(e) for e in ours.iter()] == [type(e) for e in theirs.iter()]
    assert {type(e).__name__ for e in ours.iter()} >= {"FormElement", "HtmlComment"}
