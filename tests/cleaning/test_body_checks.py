"""A site/family body pick is checked against what the page holds (cleaning/extract.py
`_alone`, `_outgrown`): a fragment of a longer article gives way to the generic body; a
whole article inside a portal of menus and link lists stands without a generic search."""

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaning import boilerplate as bp
from cleaning.bylines import byline_after
from cleaning.extract import (
    _LINK_TEXT,
    _LINK_TEXT_LENGTH,
    GENERIC_DROP,
    _body_from_element,
    _container_body,
    _link_chars,
    extract_article,
    parse_html,
)

NOW = datetime(2026, 2, 1, tzinfo=UTC)
URL = "https://sxd.example.gov.vn/tin-tuc/hoi-nghi-12.html"
PARAS = [
    f"Part {i}: the provincial Department of Construction held its annual review meeting and "
    f"discussed how to develop roads, urban areas and social housing across the province."
    for i in range(10)
]
MENU = "".join(f"<li><a href='/m{i}'>Chuyên mục tin tức số {i}</a></li>" for i in range(40))
HEADLINES = "".join(
    f"<li><a href='/t{i}.html'>Tin khác về hội nghị và hoạt động của sở, bài số {i}</a></li>"
    for i in range(30)
)


def _portal(article: str) -> str:
    return (
        "<html><head><title>Hội nghị tổng kết công tác năm</title></head><body>"
        f"<div id='page'><div class='menu'><ul>{MENU}</ul></div>"
        "<div class='main'><h1>Hội nghị tổng kết công tác năm</h1>"
        f"{article}</div><div class='side'><ul>{HEADLINES}</ul></div></div></body></html>"
    )


def test_a_pick_holding_a_fifth_of_the_article_gives_way_to_the_whole_article():
    # A layout the selector was not written for: its container holds the first paragraphs
    # only, the rest of the article is prose beside it (the generic candidates agree on the
    # whole article: on a page in English the densest block does not stand alone).
    first = "".join(f"<p>{p}</p>" for p in PARAS[:2])
    rest = "".join(f"<p>{p}</p>" for p in PARAS[2:])
    html = _portal(f"<div class='article'><div class='summary'>{first}</div>{rest}</div>")
    r = extract_article(html, URL, {"body": ".summary"}, now=NOW)
    assert r["body"].split("\n\n") == PARAS
    assert r["layers"]["body"] != "site"


def test_a_whole_article_amid_menus_and_link_lists_is_kept_as_picked():
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    html = _portal(f"<div class='article'><div class='summary'>{body}</div></div>")
    r = extract_article(html, URL, {"body": ".summary"}, now=NOW)
    assert r["body"].split("\n\n") == PARAS
    assert r["layers"]["body"] == "site"


def test_a_whole_article_beside_teasers_with_their_summaries_is_kept_as_picked():
    # A column of teasers beside the article: headline links with their summaries, more
    # prose than the article outside its links. The blocks around the article hold no
    # prose of their own (cleaning/generic.may_score): the pick stands.
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    teasers = "".join(
        f"<div class='teaser'><h3><a href='/t{i}.html'>Tin khác số {i}</a></h3>"
        f"<p class='summary'>{PARAS[i % 10]} {PARAS[(i + 1) % 10]}</p></div>"
        for i in range(12)
    )
    html = (
        "<html><head><title>Hội nghị tổng kết công tác năm</title></head><body>"
        "<div id='page'><div class='detail'><div class='col'><div class='main'>"
        f"<h1>Hội nghị tổng kết công tác năm</h1><div class='article'>{body}</div></div>"
        f"</div><div class='col'>{teasers}</div></div></div></body></html>"
    )
    r = extract_article(html, URL, {"body": ".article"}, now=NOW)
    assert r["body"].split("\n\n") == PARAS
    assert r["layers"]["body"] == "site"


def test_a_short_article_whose_wrapper_holds_the_headline_and_lead_is_kept_as_picked():
    # The wrapper around the body container holds the headline and a long lead too: more
    # than _OUTGROWN times the short body, and its headline gives it a score. The search
    # could still not choose it: the container itself scores higher, and more once weighed
    # (cleaning/generic.cannot_choose).
    body = "".join(f"<p>{p}</p>" for p in PARAS[:3])
    lead = " ".join(PARAS[3:8])
    teasers = "".join(
        f"<div class='teaser'><h3><a href='/t{i}.html'>Tin khác số {i}</a></h3>"
        f"<p class='summary'>Summary {i} of another article: the district held a training "
        f"course for commune officials, and {i * 10} people took part in its sessions.</p></div>"
        for i in range(12)
    )
    html = (
        "<html><head><title>Hội nghị tổng kết công tác năm</title></head><body>"
        "<div id='page'><div class='detail'><div class='col'><div class='wrap'>"
        f"<h1>Hội nghị tổng kết công tác năm của Sở Xây dựng tỉnh</h1><div class='sapo'>{lead}"
        f"</div><div class='article'>{body}</div></div></div><div class='col'>{teasers}</div>"
        "</div></div></body></html>"
    )
    r = extract_article(html, URL, {"body": ".article"}, now=NOW)
    assert r["body"].split("\n\n") == PARAS[:3]
    assert r["layers"]["body"] == "site"


# The byline printed after a body container is read once the container is cut up (and
# only when no byline closes it): cutting it up leaves the siblings after it as they were,
# except for a figure or table container that goes whole with its images.
_INSIDE = st.sampled_from(
    [
        "<p>A paragraph of the article about the provincial meeting and its decisions.</p>",
        "<figure><img src='/a.jpg'><figcaption>Ảnh: hội nghị</figcaption></figure>",
        "<table><tr><td><img src='/b.jpg'></td></tr><tr><td>Ảnh minh họa</td></tr></table>",
        "<div class='share'><a href='/s'>Chia sẻ</a></div>",
        "<p><img src='/c.jpg'> Quang cảnh hội nghị</p>",
        "<p align='right'><strong>Minh Anh</strong></p>",
        "<div><h3>Tin liên quan</h3><ul><li><a href='/x'>Tin khác về hội nghị</a></li></ul></div>",
    ]
)
_AFTER = st.sampled_from(
    [
        "<p>Tác giả: Quốc Việt</p>",
        "<div class='author'>Lan Hương</div>",
        "<p>Nguồn tin: Sở Xây dựng</p>",
        "<div>" + "Một đoạn văn dài ở cột bên. " * 20 + "</div>",
        "<p>Tin liên quan</p>",
        "",
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["div", "section", "td", "figure", "table"]),
    st.lists(_INSIDE, max_size=6),
    st.lists(_AFTER, max_size=3),
    st.lists(_AFTER, max_size=2),
)
def test_the_byline_after_a_container_is_the_one_printed_there_before_it_is_cut_up(
    tag, inside, after, further
):
    inner = "".join(inside)
    if tag == "td":
        box = f"<table><tr><td class='body'>{inner}</td>{''.join(after)}</tr></table>"
    elif tag == "table":
        box = f"<table class='body'><tr><td>{inner}</td></tr></table>{''.join(after)}"
    else:
        box = f"<{tag} class='body'>{inner}</{tag}>{''.join(after)}"
    html = f"<html><body><div id='main'>{box}</div>{''.join(further)}</body></html>"
    doc = parse_html(html)
    el = doc.find_class("body")[0]
    printed = byline_after(el, [], bp._CUT_MARKERS)
    body = _container_body(el, list(GENERIC_DROP), [], URL, None, [], "site")
    _, _, closing = _body_from_element(
        parse_html(html).find_class("body")[0], list(GENERIC_DROP), [], URL, []
    )
    assert body.byline == (closing or printed)


_LINKY = st.sampled_from(
    ["", " ", "\n\t ", "Tin khác", "\u00a0nbsp\u00a0", "ệ\u0300", "<a href='/x'>a  link </a>",
     "<a href='/y'><b>bold</b> link<a href='/z'>nested</a></a>", "<span>text</span>", "<br>"]
)  # fmt: skip


@given(st.lists(_LINKY, max_size=8), st.lists(_LINKY, max_size=4))
def test_the_links_text_length_libxml2_counts_bounds_the_collapsed_one(outside, inside):
    html = (
        f"<div id='top'>{''.join(outside)}<p id='in'>{''.join(inside)}</p>{''.join(outside)}</div>"
    )
    doc = parse_html(f"<html><body>{html}</body></html>")
    for el in (doc.get_element_by_id("top"), doc.get_element_by_id("in")):
        raw = "".join(_LINK_TEXT(el))
        assert _LINK_TEXT_LENGTH(el) == len(raw) >= _link_chars(el)
