"""Any bytes in, never a traceback (issue 16 c).

Random bytes, real pages with control characters, NUL and lone surrogates injected, and
pages mixing encodings go through `cleaning.page` — the entry point `provnews extract` and
the cleaning stage both use — and through the stage itself: each gives a result or a
NotAPage reason, and in the stage every record ends as an article or a skipped row with its
reason, never an error row from an exception.
"""

from __future__ import annotations

import gzip
import json
import re
import tempfile
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaning.charset import decode_body
from cleaning.extract import RESULT_KEYS
from cleaning.page import NotAPage, extract_page, page_text
from cleaning.stage import clean_run

FIXTURE = Path(__file__).resolve().parents[1] / "test_data" / "unknown" / "table_portal"
PAGE = gzip.decompress(FIXTURE.with_suffix(".html.gz").read_bytes()).decode("utf-8")
PAGE_URL = json.loads(FIXTURE.with_suffix(".json").read_text(encoding="utf-8"))["url"]
NOW = datetime(2026, 2, 1, 12, 0, tzinfo=timezone(timedelta(hours=7)))
FIELDS = ("title", "published_at", "author", "views", "body")
SOME = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# What lxml refuses in text it builds, and what Word pastes into pages.
CONTROLS = st.sampled_from(
    [*map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]), "\ud800", "\udfff",
     "\ufffe", "\uffff", "\x7f", "\x85", "\x9f"]
)  # fmt: skip
# The same characters written as character references ("&#11;", "&#xFFFF;").
REFS = st.one_of(
    st.integers(0, 159).map(lambda n: f"&#{n};"),
    st.sampled_from([0xD800, 0xDFFF, 0xFFFE, 0xFFFF, 0x110000]).map(lambda n: f"&#x{n:X};"),
)
UNSAFE_OUT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
CLEAN = extract_page(PAGE, PAGE_URL, now=NOW)


def _fields(result: dict) -> dict:
    return {k: result[k] for k in FIELDS}


def _assert_clean_output(result: dict) -> None:
    assert set(result) == set(RESULT_KEYS)
    for key in ("title", "author", "body"):
        assert result[key] is None or not UNSAFE_OUT.search(result[key]), key
    json.dumps(result, ensure_ascii=False).encode("utf-8")  # storable as it is


def _extract_bytes(data: bytes) -> dict | None:
    """What `provnews extract` does with a file's bytes: a result, or None for NotAPage."""
    try:
        return extract_page(page_text(data), PAGE_URL, now=NOW)
    except NotAPage as e:
        assert str(e).startswith("not a page: ") and "\n" not in str(e)
        return None


def test_the_clean_page_extracts() -> None:
    assert CLEAN["title"] and CLEAN["body"] and CLEAN["published_at"] and CLEAN["author"]


@SOME
@given(st.binary(max_size=4000))
def test_random_bytes_give_a_result_or_a_reason(data: bytes) -> None:
    result = _extract_bytes(data)
    if result is not None:
        _assert_clean_output(result)


@SOME
@given(
    st.binary(min_size=1, max_size=400),
    st.sampled_from([b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"PK\x03\x04"]),
)
def test_files_that_are_not_pages_are_refused(data: bytes, magic: bytes) -> None:
    with pytest.raises(NotAPage):
        page_text(magic + b"<html><body><p>x</p></body></html>" + data)


@SOME
@given(st.lists(st.tuples(st.integers(0, 10**6), CONTROLS), min_size=1, max_size=12))
def test_control_characters_between_tags_change_nothing(injections) -> None:
    # After a '>' (e.g. "</script>\x0b", the case that crashed lxml) they sit between
    # elements: the page says the same thing and must extract to the same fields.
    gaps = [m.end() for m in re.finditer(">", PAGE)]
    html = PAGE
    for pos, ch in sorted(((gaps[i % len(gaps)], ch) for i, ch in injections), reverse=True):
        html = html[:pos] + ch + html[pos:]
    result = extract_page(html, PAGE_URL, now=NOW)
    _assert_clean_output(result)
    assert _fields(result) == _fields(CLEAN)


@SOME
@given(st.lists(st.tuples(st.integers(0, 10**6), CONTROLS | REFS), min_size=1, max_size=12))
def test_control_characters_anywhere_give_a_result(injections) -> None:
    html = PAGE
    for pos, ch in injections:
        pos %= len(html)
        html = html[:pos] + ch + html[pos:]
    result = extract_page(html, PAGE_URL, now=NOW)
    _assert_clean_output(result)
    assert result["body"]  # a few odd characters never lose the article


def test_mixed_encodings_keep_the_utf8_text() -> None:
    # A UTF-8 page with a quotation pasted from a Windows-1258 document.
    legacy = "Tri\u0301ch d\u00e2\u0303n: ca\u0301n bô\u0323".encode("cp1258")
    page = PAGE.replace("<body>", "<body><div class='quote'>@@</div>", 1)
    assert page != PAGE
    text = page_text(page.encode("utf-8").replace(b"@@", legacy))
    assert CLEAN["title"] in text
    assert "Trích dẫn: cán bộ" in unicodedata.normalize("NFC", text)
    assert _fields(extract_page(text, PAGE_URL, now=NOW))["body"] == CLEAN["body"]


def test_truncated_file_gives_what_it_holds() -> None:
    data = PAGE.encode("utf-8")
    cut = data[: int(len(data) * 0.8)]
    result = _extract_bytes(cut)
    assert result is not None and result["title"] == CLEAN["title"]
    assert decode_body(gzip.compress(data)[:-40], None)[0].startswith(PAGE[:100])


def _stage(htmls: list[str]) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        raw_dir, out_dir = Path(tmp) / "raw", Path(tmp) / "clean"
        raw_dir.mkdir()
        with gzip.open(raw_dir / "site.jsonl.gz", "wt", encoding="utf-8") as fh:
            for i, html in enumerate(htmls):
                rec = {"run_id": "20260201T000000Z", "site_id": "site", "status": 200,
                       "url": f"{PAGE_URL}?n={i}", "fetched_at": "2026-02-01T04:00:00Z",
                       "page_type": "article", "html": html, "error": None}  # fmt: skip
                fh.write(json.dumps(rec) + "\n")
        clean_run(raw_dir, out_dir, {})
        log = (out_dir / "fetch_log.jsonl").read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in log]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.binary(max_size=600).map(lambda b: b.decode("latin-1")),
            st.text(max_size=300),
            st.lists(st.tuples(st.integers(0, 10**6), CONTROLS), max_size=6).map(
                lambda inj: (
                    "".join(PAGE[: p % len(PAGE)] + c + PAGE[p % len(PAGE) :] for p, c in inj[:1])
                    or PAGE
                )
            ),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_the_stage_never_loses_a_page_to_an_exception(htmls: list[str]) -> None:
    log = _stage(htmls)
    assert len(log) == len(htmls)
    for row, html in zip(log, htmls, strict=True):
        assert row["outcome"] in ("article", "skipped"), row
        assert row["outcome"] == "skipped" or row["article_id"]
        if html.startswith(PAGE[:200]) and len(html) >= len(PAGE):
            assert row["outcome"] == "article", row  # the page with a stray character


def test_the_stage_extracts_odd_pages_and_names_what_is_not_one() -> None:
    odd = PAGE.replace("</head>", "</head><script>x</script>\x0b\x01", 1)
    assert odd != PAGE
    binary = bytes(range(256)).decode("latin-1") * 4
    log = _stage([odd, binary, "   ", "chỉ văn bản"])
    assert [r["outcome"] for r in log] == ["article", "skipped", "skipped", "skipped"]
    assert log[1]["reason"].startswith("not a page: binary data (")
    assert [r["reason"] for r in log[2:]] == [
        "empty body",
        "not a page: no HTML markup",
    ]


def test_a_break_character_inside_a_tag_does_not_unmake_the_tag() -> None:
    # Found by the property test: "<\x0btitle>" read as text once \x0b became a line break.
    odd = PAGE.replace("<title>", "<\x0btitle>", 1).replace("</p>", "\x0b</p>", 1)
    assert odd != PAGE
    assert _fields(extract_page(odd, PAGE_URL, now=NOW)) == _fields(CLEAN)


@pytest.mark.parametrize(
    "nested",
    ["&#\x001;", "&#&#1;1;", "&#\x0b11;", "&#&#0;1;", "&#x&#0;1;"],
    ids=["nul-in-ref", "ref-in-ref", "break-in-ref", "null-ref-in-ref", "hex-split"],
)
def test_a_reference_formed_by_dropping_characters_is_dropped_too(nested: str) -> None:
    # Found by the property test: dropping a NUL or a reference closed up "&#1;".
    at = PAGE.index("<title>") + len("<title>")
    _assert_clean_output(extract_page(PAGE[:at] + nested + PAGE[at:], PAGE_URL, now=NOW))
