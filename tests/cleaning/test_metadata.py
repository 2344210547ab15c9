"""read_metadata reads the page's scripts, meta tags, <title> and <base> from one walk of
the tree: each in page order, the first <title> (not one of an inline SVG), the first meta
tag of a key, JSON-LD blocks in turn, the first <base> with an href."""

from __future__ import annotations

from cleaning.extract import parse_html
from cleaning.metadata import read_metadata

PAGE = """<html><head>
<title>Page title</title>
<meta property="og:title" content="First og title">
<script type="APPLICATION/LD+JSON">{"@type": "NewsArticle", "headline": "First headline",
 "datePublished": "2024-05-01T08:00:00+07:00", "author": {"name": "Nguyễn Văn A"}}</script>
<script>var x = 1;</script>
</head><body>
<svg><title>Icon title</title></svg>
<meta property="og:title" content="Second og title">
<meta name="description" content="The lead">
<script type="application/ld+json">{"@type": "Article", "headline": "Second headline",
 "datePublished": "2024-05-02", "author": "Trần Thị B"}</script>
<p>Text</p>
</body></html>"""


def test_each_kind_of_tag_is_read_in_page_order_and_the_first_title_wins():
    meta = read_metadata(parse_html(PAGE))
    assert meta.html_title == "Page title"
    assert meta.og_title == "First og title"
    assert meta.description == "The lead"
    assert meta.headline == "First headline"
    assert meta.published == ["2024-05-01T08:00:00+07:00", "2024-05-02"]
    assert meta.authors == ["Nguyễn Văn A", "Trần Thị B"]


def test_a_page_without_those_tags_has_no_metadata():
    meta = read_metadata(parse_html("<html><body><p>Only text</p></body></html>"))
    assert (meta.html_title, meta.og_title, meta.headline, meta.published) == (None, None, None, [])


def test_the_base_href_is_the_first_base_that_has_one():
    # Relative image URLs resolve against it (extract._base_url); a <base target> without
    # an href does not count, nor does a later one.
    page = (
        "<html><head><base target='_blank'><base href='/static/'><title>T</title></head>"
        "<body><base href='/other/'><p>x</p></body></html>"
    )
    assert read_metadata(parse_html(page)).base_href == "/static/"
    assert read_metadata(parse_html("<html><body><p>x</p></body></html>")).base_href is None
