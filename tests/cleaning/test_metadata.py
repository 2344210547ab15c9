"""read_metadata reads the page's scripts, meta tags and <title> from one walk of the tree:
each in page order, the first <title> (not one of an inline SVG), the first meta tag of a
key, JSON-LD blocks in turn."""

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
