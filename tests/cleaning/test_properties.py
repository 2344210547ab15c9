"""Property tests (hypothesis) for the date parser, the text normaliser and the extractor.

Bounded example counts and no deadline: the suite runs on busy CI machines.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta, timezone
from urllib.parse import urljoin

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cleaning.dates import MIN_YEAR, iter_dates, parse_vn_datetime
from cleaning.events import find_event
from cleaning.extract import RESULT_KEYS, extract_article
from cleaning.htmltext import join_url
from cleaning.text import (
    fold_tone_style,
    nfc,
    normalize_paragraphs,
    normalize_whitespace,
    search_key,
)

VN = timezone(timedelta(hours=7))
NOW = datetime(2026, 2, 1, 12, 0, tzinfo=VN)
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}\+07:00)?$")
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like what date lines are made of: Vietnamese letters, digits, separators,
# labels, AM/PM words, zones, and the odd invisible or decomposed character.
_PIECES = st.sampled_from(
    ["Thứ Năm", "THỨ BA", "Chủ nhật", "Ngày", "ngày", "tháng", "năm", "Cập nhật:", "Đăng lúc:",
     "lúc", "(GMT+7)", "+07:00", "Z", "SA", "CH", "PM", "AM", "sáng", "chiều", "Chia sẻ",
     "lượt xem", "[", "]", "(", ")", "-", "|", "/", ".", ":", ",", " ", "\n", "\u00a0",
     "\u200b", "\ufeff", "h", "g", "T", "e\u0301"]
)  # fmt: skip
_NUMS = st.integers(min_value=0, max_value=9999).map(str)
DATEISH = st.lists(st.one_of(_PIECES, _NUMS), max_size=14).map("".join)
ANY_TEXT = st.one_of(DATEISH, st.text(max_size=80))


@FAST
@given(ANY_TEXT)
def test_date_parser_never_crashes_and_returns_valid_iso(text: str) -> None:
    value = parse_vn_datetime(text, now=NOW)
    assert value is None or ISO.match(value)
    if value:
        dt = datetime.fromisoformat(value if "T" in value else value + "T00:00:00+07:00")
        assert MIN_YEAR <= dt.year and dt <= NOW + timedelta(hours=1)
    for m in iter_dates(text, now=NOW, default_year=2025):
        assert ISO.match(m.value)


@FAST
@given(st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2026, 1, 31)))
def test_formatted_dates_round_trip(dt: datetime) -> None:
    iso_t = dt.replace(tzinfo=VN).strftime("%Y-%m-%dT%H:%M:%S+07:00")
    iso_d = dt.date().isoformat()
    d, m, y = dt.day, dt.month, dt.year
    hms = f"{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d}"
    hm_iso = dt.replace(tzinfo=VN, second=0).strftime("%Y-%m-%dT%H:%M:%S+07:00")
    cases = {
        f"THỨ NĂM, {d:02d}/{m:02d}/{y} {hms}": iso_t,
        f"THỨ BA, {d:02d}/{m:02d}/{y} {hms}\nChia sẻ": iso_t,  # never PM from "Chia"
        f"Đăng lúc: {hms} {d:02d}/{m:02d}/{y} (GMT+7)": iso_t,
        f"{d}-{m}-{y} {dt.hour:02d}:{dt.minute:02d}": hm_iso,
        f"Thứ Năm, {d}/{m}/{y} - {dt.hour:02d}:{dt.minute:02d}": hm_iso,
        f"Ngày {d} tháng {m} năm {y}": iso_d,
        f"{d:02d}.{m:02d}.{y}": iso_d,
        f"Cập nhật: {d}/{m}/{y}": iso_d,
        f"[ Cập nhật vào ngày ({d:02d}/{m:02d}/{y}) ]": iso_d,
        f"0 lượt đọc {d:02d}/{m:02d}/{y}": iso_d,
        iso_t: iso_t,
    }
    for text, want in cases.items():
        assert parse_vn_datetime(text, now=NOW) == want, text
        # The parser's own output reads back unchanged.
        assert parse_vn_datetime(want, now=NOW) == want


@FAST
@given(st.integers(min_value=1, max_value=400))
def test_future_and_pre_1995_dates_are_rejected(days: int) -> None:
    future = NOW + timedelta(days=days)
    assert parse_vn_datetime(future.strftime("%d/%m/%Y %H:%M"), now=NOW) is None
    old = datetime(1994, 12, 31) - timedelta(days=days)
    assert parse_vn_datetime(old.strftime("%d/%m/%Y"), now=NOW) is None
    assert parse_vn_datetime(f"Ngày {old.day} tháng {old.month} năm {old.year}", now=NOW) is None


_VI = st.text(
    alphabet=st.sampled_from(
        list("aăâeêioôơuưyAĂÂĐđ hoàáảãạHOÀUỶuỷủýỳ\u0300\u0301\u0309\u0303\u0323")
        + list("\u00a0\u200b\u00ad\ufeff\t\n.,:;0123456789")
    ),
    max_size=60,
)  # fmt: skip


@FAST
@given(st.one_of(_VI, st.text(max_size=60)))
def test_normalisation_is_idempotent_and_nfc(s: str) -> None:
    for f in (nfc, normalize_whitespace, normalize_paragraphs, search_key, fold_tone_style):
        once = f(s)
        assert f(once) == once, f.__name__
        assert unicodedata.is_normalized("NFC", once)
    assert "\u200b" not in nfc(s) and "\u00ad" not in nfc(s) and "\ufeff" not in nfc(s)
    # Decomposed input and either tone style give the same key.
    assert search_key(unicodedata.normalize("NFD", s)) == search_key(s)
    assert search_key(fold_tone_style(s)) == search_key(s)


# The date patterns as first written, each opening with its look-behind (cleaning/dates.py
# now opens them with a digit, the look-behind after it).
_LOOK_BEHIND_FIRST = {
    "_ISO_RE": (r"(?<!\d)(?P<y>\d{4})", r"(?P<y>\d(?<!\d\d)\d{3})"),
    "_DMY_RE": (r"(?<![\d/.\-])(?P<d>\d{1,2})", r"(?P<d>\d(?<![\d/.\-]\d)\d?)"),
    "_WORDY_RE": (r"(?<!\d)(?P<d>\d{1,2})", r"(?P<d>\d(?<!\d\d)\d?)"),
    "_DMY2_RE": (r"(?<![\d/.\-])(?P<d>\d{1,2})", r"(?P<d>\d(?<![\d/.\-]\d)\d?)"),
    "_DM_RE": (r"(?<![\d/.\-])(?P<d>\d{1,2})", r"(?P<d>\d(?<![\d/.\-]\d)\d?)"),
}
_DIGITS_AND_SEPARATORS = st.lists(
    st.sampled_from(["1", "2", "12", "2025", "٣", "/", ".", "-", " ", "tháng ", "T", "09:15"]),
    max_size=16,
).map("".join)


@FAST
@given(st.one_of(DATEISH, _DIGITS_AND_SEPARATORS))
@example("-1/2 .3/4 /5.6 7-8")
@example("12025-01-02 x2025-01-02 /12/05/25 .12-05-25 112 tháng 5 2025 1-12-2025")
def test_date_patterns_opening_with_a_digit_match_as_the_look_behind_first_ones(text):
    from cleaning import dates

    for name, (first, now) in _LOOK_BEHIND_FIRST.items():
        rx = getattr(dates, name)
        assert now in rx.pattern, name
        old = re.compile(rx.pattern.replace(now, first, 1), rx.flags)
        got = [(m.span(), m.groupdict()) for m in rx.finditer(text)]
        assert got == [(m.span(), m.groupdict()) for m in old.finditer(text)], name


_TAGS = st.sampled_from(["p", "div", "span", "h1", "table", "td", "br", "img", "figure", "b"])


@st.composite
def html_soup(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(_TAGS)
        text = draw(st.one_of(DATEISH, _VI, st.text(max_size=30)))
        if draw(st.booleans()):
            parts.append(
                f"<{tag} class='{draw(st.sampled_from(['content', 'title', 'x']))}'>{text}"
            )
        else:
            parts.append(f"{text}</{tag}>")
    return "<html><body>" + "".join(parts)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(html_soup(), st.text(max_size=200)))
def test_extractor_never_crashes(html: str) -> None:
    r = extract_article(html, "https://example.vn/a-1.html", now=NOW)
    assert set(r) == set(RESULT_KEYS)
    assert r["body"] is None or (r["body"].strip() and "\n\n\n" not in r["body"])


# Pieces of view-counter phrases in every case, with the letters re.I treats as i and s.
_VIEW_PIECES = st.sampled_from(
    ["xem", "XEM", "Xem", "đọc", "ĐỌC", "view", "VIEWS", "viewſ", "vıew", "hit", "HITS", "hıt",
     "hİt", "lượt", "LƯỢT", "lần", "đã", "ĐÃ", "người", "NGƯỜI", "ngườı", " ", "  ", ":", "a", "_",
     "1", "\u00a0", "\u0307", "s", "ſ", "İ", "\n"]
)  # fmt: skip


@FAST
@given(st.lists(_VIEW_PIECES, max_size=8).map("".join))
def test_speaks_of_views_answers_as_the_case_insensitive_regex(text):
    from cleaning.fields import _VIEWS_HINT, speaks_of_views

    assert speaks_of_views(text) == (_VIEWS_HINT.search(text) is not None)


_NAME_PIECES = st.sampled_from(["Lê", "Lê Lê", "Văn", " ", "x", "_", "1", "\u00a0", ".", "ê"])


@FAST
@given(st.lists(_NAME_PIECES, min_size=1, max_size=3).map("".join),
       st.lists(_NAME_PIECES, max_size=10).map("".join))  # fmt: skip
def test_whole_words_finds_what_the_look_behind_regex_finds(words, text):
    from cleaning.persons import _whole_words

    rx = r"(?<![\w])" + re.escape(words) + r"(?![\w])"
    assert list(_whole_words(words, text)) == [m.span() for m in re.finditer(rx, text)]


# Pieces of event phrases (as _low folds them), places and formats, and what sits around them.
_EVENT_PIECES = st.sampled_from(
    ["hội thảo", "hội nghị", "tọa đàm", "diễn ra", "được tổ chức", "lễ", "lễ trao", "kỷ niệm",
     "trực tuyến", "trực tiếp", "toàn quốc", "với", "tại", "hình thức", "tổ chức", "điểm cầu",
     "khoa học", "hội thảo tại ", "lễ trao tại ", "diễn ra trực tuyến tại ",
     "hội nghị trực tuyến với",
     " ", "  ", "\n", "\u00a0", "x", "_", "1", ".", "ê"]
)  # fmt: skip


@FAST
@given(st.lists(_EVENT_PIECES, max_size=12).map("".join))
def test_event_place_and_format_patterns_match_as_the_ones_they_replace(text):
    # _PLACE opened with a look-behind and _ONLINE with groups of words: both were tried at
    # every position of the text. The rewritten ones find the same matches.
    from cleaning.events import _ONLINE, _PLACE, _TYPE_ALT
    from cleaning.text import matches_not_after

    place = (
        r"(?<![\w])(?:" + _TYPE_ALT + r"|diễn\s+ra|được\s+tổ\s+chức)\s+(?:trực\s+tuyến\s+)?tại\s+"
    )
    online = (
        r"(?:hình\s+thức|tổ\s+chức)\s+trực\s+tuyến|(?:hội\s+nghị|hội\s+thảo|tọa\s+đàm)\s+trực\s+tuyến"
        r"\s+(?:toàn\s+quốc|với)|điểm\s+cầu"
    )
    assert [m.span() for m in matches_not_after(_PLACE, text)] == [
        m.span() for m in re.finditer(place, text)
    ]
    assert (_ONLINE.search(text) is None) == (re.search(online, text) is None)


_FORMAT_PIECES = st.sampled_from(
    ["trực tiếp", "trực tuyến", "kết hợp", "với", "và", "hình thức", "tổ chức", "hội nghị",
     "hội thảo", "tọa đàm", "toàn quốc", "điểm cầu", "kết", "trực", " ", "  ", "\n", "x"]
)  # fmt: skip


@FAST
@given(st.lists(_FORMAT_PIECES, max_size=12).map("".join))
@example("kết hợp trực tuyến")
@example("trực tiếp kết hợp với trực tuyến")
@example("hội thảo trực tuyến với")
@example("hình thức trực tiếp")
def test_event_formats_tried_at_their_words_are_found_as_a_search_finds_them(low):
    from cleaning.events import (
        _HYBRID,
        _HYBRID_WORDS,
        _IN_PERSON,
        _IN_PERSON_WORDS,
        _ONLINE,
        _ONLINE_WORDS,
        _found_at,
    )

    for words, rx in (
        (_HYBRID_WORDS, _HYBRID),
        (_ONLINE_WORDS, _ONLINE),
        (_IN_PERSON_WORDS, _IN_PERSON),
    ):
        assert _found_at(low, words, rx) is (rx.search(low) is not None)


_COUNT_PIECES = st.sampled_from(
    ["12", "3", "2024", "1.5", "150", "12345", "đại biểu", "Đại Biểu", "khách mời", "người tham dự",
     "bài tham luận", "tham luận", "bài viết tham luận", "lượt ý kiến", "ý kiến", "Ý KIẾN", " ",
     "  ", "\n", ".", ",", "x", "/"]
)  # fmt: skip


@FAST
@given(st.lists(_COUNT_PIECES, max_size=14).map("".join))
@example("12 đại biểu 3 tham luận 4 ý kiến 5 đại biểu")
@example("12 đại biểu và 5 đại biểu")
@example("1.2 đại biểu, 12345 ý kiến")
def test_event_counts_in_one_pass_are_the_first_each_pattern_finds(body):
    # The three patterns as they were, each searched over the whole body.
    number = r"(\d(?<![\d.]\d)\d{0,3})"
    patterns = {
        "guests": number + r"\s+(?:đại\s+biểu|khách\s+mời|người\s+tham\s+dự)",
        "papers": number + r"\s+(?:bài\s+)?(?:viết\s+)?tham\s+luận",
        "opinions": number + r"\s+(?:lượt\s+)?ý\s+kiến",
    }
    want = {
        k: (int(m.group(1)) if (m := re.search(p, body, re.I)) else None)
        for k, p in patterns.items()
    }
    event = find_event(body, "Hội nghị tổng kết")
    assert event is not None and event["counts"] == want


@FAST
@given(
    st.text("ab \n", max_size=20),
    st.lists(st.tuples(st.integers(-3, 24), st.integers(-3, 24)), max_size=5),
)
def test_blanking_spans_from_slices_is_assigning_spaces_to_each_slice(text, spans):
    from cleaning.provinces import _blank

    chars = list(text)
    for s, e in spans:
        chars[s:e] = " " * (e - s)
    assert _blank(text, spans) == "".join(chars)


_HONORIFIC_PIECES = st.sampled_from(
    ["chị", "Chị", "anh", "ông", "Bà", "đồng chí", "Đồng chí", "chị Hạnh", "chị anh anh", " ", "  ",
     "\u00a0", "\n", "Hạnh", "hạnh", "x", "_", "1", ".", ",", "ê"]
)  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["Hạnh", "anh", "chí", "x", ""]),
       st.lists(_HONORIFIC_PIECES, max_size=12).map("".join))  # fmt: skip
@example("anh", "chị anh anh")  # the second "anh" is no honorific: the first match holds it
@example("Hạnh", "bà \u00a0 Hạnh")
def test_given_names_after_an_honorific_are_what_the_pattern_finds(given, text):
    from cleaning.persons import _after_honorific
    from cleaning.text import matches_not_after

    rx = re.compile(
        r"(?:chị|anh|ông|bà|Chị|Anh|Ông|Bà|đồng chí|Đồng chí)\s+" + re.escape(given) + r"(?![\w])"
    )
    assert list(_after_honorific(given, text)) == [m.span() for m in matches_not_after(rx, text)]


_URL_TAIL = st.text("ab/.:-_%@?#;[]\t\n \x01\u00e9AZ09\\", max_size=20)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["https://", "http://", "HTTPS://", "ftp://", "//", "/", ""]),
    _URL_TAIL,
    st.sampled_from(["https://site.vn/a/b.html", "http://site.vn/", "HTTPS://site.vn", "", "x"]),
)
@example("https://", "a?", "https://site.vn/")  # an empty query: urljoin drops the "?"
@example("https://", "a/b#", "https://site.vn/")
@example("https://", "a/b;", "https://site.vn/")  # empty parameters
@example("https://", "/a", "https://site.vn/x/")  # no host: the base's
@example("https://", "a\tb/c", "http://site.vn/")  # a tab urljoin drops
@example("https://", "[a/b", "https://site.vn/")  # raises
@example("http://", "a/../b", "https://site.vn/")
def test_join_url_is_urljoin(head, tail, base):
    # join_url gives an absolute http(s) URL of a host and a path back without parsing it;
    # urljoin gives the same (where urljoin raises on a bad URL, join_url may not).
    url = head + tail
    try:
        want = urljoin(base, url)
    except ValueError:
        return
    assert join_url(base, url) == want
