"""The field layers (cleaning/fields.py): each field is its list of layers, the first that
finds wins, and the generic layers read where unknown layouts print the field."""

from datetime import datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from cleaning.extract import extract_article
from cleaning.fields import could_hold_views
from cleaning.text import normalize_whitespace
from cleaning.views import parse_views

NOW = datetime(2026, 2, 1, 12, 0, tzinfo=timezone(timedelta(hours=7)))
URL = "https://xa.example.gov.vn/tin-tuc/bai-viet-12.html"
TEXT = "".join(
    f"<p>Đoạn {i} của bài viết: hội nghị bàn các giải pháp phát triển kinh tế - xã hội.</p>"
    for i in range(8)
)


def test_a_posting_line_beyond_the_headline_block_is_found():
    # The headline sits four blocks deep; the date is in a sibling of its ancestor, outside
    # the three levels the header text covers.
    html = (
        "<html><head><title>Xã tổ chức hội nghị bàn giải pháp phát triển</title></head><body>"
        "<div class='a'><div class='b'><div class='c'><div class='d'>"
        "<h2>Xã tổ chức hội nghị bàn giải pháp phát triển</h2></div></div></div>"
        "<div class='info'><span>Ngày đăng: 12/05/2025 | Lượt xem: 87</span></div>"
        f"<div class='content'>{TEXT}</div></div></body></html>"
    )
    r = extract_article(html, URL, now=NOW)
    assert r["published_at"] == "2025-05-12"
    assert r["views"] == 87


def test_the_footer_under_the_article_gives_date_and_views_but_not_a_related_list():
    html = (
        "<html><head><title>Xã tổ chức hội nghị bàn giải pháp phát triển</title></head><body>"
        "<h1>Xã tổ chức hội nghị bàn giải pháp phát triển</h1>"
        f"<div class='content'>{TEXT}</div>"
        "<div class='foot'>Cập nhật: 03/04/2025 - 08:15 | Số lần xem: 1.204</div>"
        "<div class='other'><b>Tin liên quan</b><ul><li>Hội nghị khác (01/04/2025)</li></ul></div>"
        "</body></html>"
    )
    r = extract_article(html, URL, now=NOW)
    assert (r["published_at"], r["views"]) == ("2025-04-03T08:15:00+07:00", 1204)
    related_only = html.replace("Cập nhật: 03/04/2025 - 08:15 | Số lần xem: 1.204", "")
    assert extract_article(related_only, URL, now=NOW)["published_at"] is None


def test_site_selectors_come_before_the_family_and_the_metadata():
    html = (
        "<html><head><meta property='article:published_time' content='2025-01-02T03:04:05+07:00'>"
        "<title>Tiêu đề bài viết về hội nghị</title></head>"
        "<body><h1>Tiêu đề bài viết về hội nghị</h1>"
        f"<span class='ngay'>05/01/2025</span><div class='content'>{TEXT}</div></body></html>"
    )
    r = extract_article(html, URL, {"date": "span.ngay"}, now=NOW)
    assert (r["published_at"], r["layers"]["published_at"]) == ("2025-01-05", "site")
    r = extract_article(html, URL, now=NOW)
    assert (r["published_at"], r["layers"]["published_at"]) == ("2025-01-02T03:04:05+07:00", "meta")


_COUNT_PIECES = ["xem", "XEM", "Xem", "đọc", "ĐỌC", "view", "VİEW", "vıew", "hit", "HİT", "hıts",
                 "Lượt", "lần", "Số", " ", "\u00a0", "\n", ":", "1", "2.", "3,", "4", "a", "ſ",
                 "\u200b", "İ", "o\u0323", "truy cập"]  # fmt: skip


@given(st.lists(st.sampled_from(_COUNT_PIECES), max_size=12), st.integers(0, 12))
def test_a_text_no_count_can_be_read_from_is_skipped_only_then(pieces, cut):
    # The views layers skip a block when could_hold_views says no count is there: never
    # when parse_views reads one from the block, from one of its lines or from a part of it.
    text = "".join(pieces)
    parts = [text, normalize_whitespace(text), "".join(pieces[cut:]), *text.splitlines()]
    if any(parse_views(normalize_whitespace(p)) is not None for p in parts):
        assert could_hold_views(text)


_COUNT_WORD_PIECES = ["LƯỢT", "lượt", "Lần", "LẦN", "VIEW", "View", "vıew", "VİEW", " xem", " ĐỌC",
                      " ", "  ", "\u00a0", "\u2003", "\x1c", "\n", "1", "٣", "2.", ",", "a", "İ",
                      "\u0323", "3 vıew", "4.\u00a0LƯỢT xem", "5 lần"]  # fmt: skip


@given(st.lists(st.sampled_from(_COUNT_WORD_PIECES), max_size=12))
def test_could_hold_views_answers_as_its_regexes_searched_over_the_whole_text(pieces):
    # could_hold_views tries its patterns only where their words are: the same answer as
    # searching the whole (NFC) text with both.
    from cleaning.fields import _COUNT_AFTER, _COUNT_BEFORE
    from cleaning.text import nfc

    text = "".join(pieces)
    whole = nfc(text)
    expected = bool(_COUNT_BEFORE.search(whole) or _COUNT_AFTER.search(whole))
    assert could_hold_views(text) == expected


def test_the_lines_after_the_headline_read_lazily_are_the_lines_read_at_once():
    # The author layer reads 6 lines after the headline, the views layer 15: read as far
    # as asked, in any order, they are the first lines of the same walk, ending at the tail.
    from cleaning.extract import parse_html
    from cleaning.fields import Page, _lines_after, _lines_after_title
    from cleaning.metadata import read_metadata

    for n_blocks, tail, count in ((12, "", 15), (4, "<h3>Tin liên quan</h3><p>Bài khác</p>", 8)):
        blocks = "".join(f"<p>Dòng {i}<br>dòng {i}b</p>" for i in range(n_blocks))
        doc = parse_html(
            f"<html><body><div><h1>Tiêu đề</h1><div>{blocks}</div>{tail}</div></body></html>"
        )
        title = doc.find(".//h1")
        whole = _lines_after(title, 15)
        assert len(whole) == count
        for asks in ((6, 15), (15, 6), (2, 6, 15, 15)):
            page = Page(doc, URL, {}, None, read_metadata(doc), None, title_el=title)
            for n in asks:
                assert _lines_after_title(page, n) == whole[:n]


_ATTR_PIECES = ["title", "Title", "TİTLE", "tıtle", "tieu-de", "TieuDe", "headLine", "HEADING",
                "head", "ing", "ten-bai", "TENBAI", "x", "post", "-", " ", "\u00a0",
                "\n"]  # fmt: skip
_TAGS = ["h1", "h2", "h3", "h4", "div", "span", "p", "a", "section", "title", "meta"]
_ATTR = st.lists(st.sampled_from(_ATTR_PIECES), max_size=4).map("".join)
_WORDS = st.sampled_from(["", "Tiêu đề bài viết", "tin", " ngắn ", "x" * 150, "Hội nghị tỉnh"])


@st.composite
def _element(draw, children):
    tag = draw(st.sampled_from(_TAGS))
    attrs = "".join(
        f' {name}="{value}"' for name in ("class", "id") if (value := draw(st.none() | _ATTR))
    )
    inner = draw(_WORDS) + "".join(draw(st.lists(children, max_size=3)))
    return f"<{tag}{attrs}>{inner}</{tag}>{draw(_WORDS)}"


_PAGE = st.recursive(_WORDS, lambda kids: _element(kids), max_leaves=12)


@given(st.lists(_PAGE, max_size=4))
def test_title_candidates_are_those_a_regex_on_every_element_finds(parts):
    # _title_candidates tests _TITLE_CLASS only on elements holding one of the words it
    # matches in the page's class names and ids: the same candidates, in page order, as
    # the regex tried on every element.
    from cleaning.extract import parse_html
    from cleaning.fields import _TITLE_CLASS, Page, _title_candidates
    from cleaning.htmltext import text_of
    from cleaning.metadata import read_metadata
    from cleaning.text import search_key

    doc = parse_html(f"<html><body>{''.join(parts)}</body></html>")
    expected = []
    for el in doc.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag not in ("h1", "h2", "h3", "h4") and (
            tag in ("title", "meta", "a", "html", "body", "head")
            or not _TITLE_CLASS.search(f"{el.get('class') or ''} {el.get('id') or ''}")
        ):
            continue
        if len(el.text_content()) <= 400 and 10 <= len(t := text_of(el)) <= 300:
            expected.append((el, t, search_key(t)))
    page = Page(doc, URL, {}, None, read_metadata(doc), None)
    assert list(_title_candidates(page)) == expected
    assert next(_title_candidates(page), None) == (expected[0] if expected else None)
    assert list(_title_candidates(page)) == expected


_LINE_TAGS = ["div", "p", "span", "b", "br", "li", "script", "h2", "td"]
_LINE_TEXT = st.sampled_from(
    ["", "Dòng", " tin ", "\n", "a\u200b\u0300", "\u0301", "\u00a0", "x y"]
)


@st.composite
def _line_element(draw, children):
    tag = draw(st.sampled_from(_LINE_TAGS))
    if tag == "br":
        return "<br>" + draw(_LINE_TEXT)
    inner = draw(_LINE_TEXT) + "".join(draw(st.lists(children, max_size=4)))
    comment = draw(st.sampled_from(["", "<!-- c -->"]))
    return f"<{tag}>{inner}{comment}</{tag}>{draw(_LINE_TEXT)}"


@given(
    st.lists(st.recursive(_LINE_TEXT, lambda kids: _line_element(kids), max_leaves=25), max_size=5),
    st.integers(0, 14),
)
def test_first_paragraphs_are_the_first_of_all_paragraphs(parts, n):
    # The headline block's lines are read only as far as asked: the same lines as reading
    # the whole block.
    from cleaning.extract import parse_html
    from cleaning.htmltext import first_paragraphs, paragraphs

    doc = parse_html(f"<html><body><div>{''.join(parts)}</div></body></html>")
    block = doc.find(".//body/div")
    assert first_paragraphs(block, n) == paragraphs(block)[:n]


_SPACED = st.lists(
    st.sampled_from(["Tin", "ảnh", "Minh", " ", "  ", "\t", "\n", "\r\n", "\u00a0", "x"]),
    max_size=8,
).map("".join)


@given(st.lists(st.tuples(st.sampled_from(["p", "b", "div"]), _SPACED, _SPACED), max_size=6),
       st.integers(0, 60), st.integers(0, 40))  # fmt: skip
def test_text_nodes_holding_a_key_are_those_the_collapsing_xpath_finds(blocks, cut, size):
    # The footer's owner: a piece of the key without XML white space is looked for in each
    # text node before its white space is collapsed; the same nodes as collapsing them all.
    import re

    from cleaning.extract import parse_html
    from cleaning.fields import _text_nodes_holding

    html = "".join(f"<{t}>{a}<i>{b}</i>{b}</{t}>{a}" for t, a, b in blocks)
    doc = parse_html(f"<html><body><div>x{html}</div></body></html>")
    text = re.sub(r"[ \t\r\n]+", " ", doc.text_content()).strip()
    key = text[cut : cut + size] or "x"
    old = doc.xpath("//body//text()[contains(normalize-space(.), $k)]", k=key)
    new = _text_nodes_holding(doc, key)
    assert [(t, t.getparent(), t.is_tail) for t in new] == [
        (t, t.getparent(), t.is_tail) for t in old
    ]
