"""Property fuzzing (bounded) of the parts that read untrusted text."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaning.registry import RegistryError, validate_site
from cleaning.urls import article_id, canonical_url

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NOW = datetime(2026, 1, 10, 12, 0)

vn_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300
) | st.sampled_from(["Sáng ngày 18/3/2022", "Chiều 1.4", "THỨ NĂM, 01/04/2021 18:14:15",
                     "Đăng lúc: 16:21:07 22/07/2022 (GMT+7)", "Ngày 20 tháng 11 năm 2025",
                     "31/02/2024", "99/99/9999 99:99", "0 lượt đọc 21/07/2020"])  # fmt: skip
tags = st.sampled_from(["p", "div", "h1", "h2", "span", "article", "script", "style", "a",
                        "table", "td", "img", "br", "title", "meta", "!--"])  # fmt: skip


@st.composite
def html_soup(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 30))):
        tag = draw(tags)
        text = draw(vn_text)
        closed = draw(st.booleans())
        parts.append(f"<{tag} class='{draw(st.text(max_size=8))}'>{text}" + (f"</{tag}>" * closed))
    return "<html><head><title>" + draw(vn_text) + "</title></head><body>" + "".join(parts)


@FUZZ
@given(html_soup(), st.sampled_from([None, "content-fck", "liferay", "wordpress", "nukeviet"]))
def test_extractor_never_raises_and_returns_the_contract(html: str, family: str | None) -> None:
    from cleaning.extract import extract_article

    out = extract_article(html, "https://baocantho.com.vn/x-a1.html", None, family, now=NOW)
    for key in ("title", "published_at", "author", "body", "images"):
        assert key in out
    assert out["body"] is None or isinstance(out["body"], str)
    if out["published_at"]:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}\+07:00)?", out["published_at"])


@FUZZ
@given(vn_text)
def test_date_parser_returns_none_or_a_valid_past_date(text: str) -> None:
    from cleaning.dates import parse_vn_datetime

    out = parse_vn_datetime(text, now=NOW)
    if out is not None:
        day = datetime.fromisoformat(out[:10])
        assert 1995 <= day.year and day <= NOW, (text, out)
        datetime.fromisoformat(out)  # well-formed


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                 max_size=4),
    max_leaves=12,
)  # fmt: skip
GOOD = {"id": "x-1", "name": "X", "kind": "portal", "province": "01", "family": "feed",
        "base_url": "https://x.vn", "feeds": ["/rss"]}  # fmt: skip


@FUZZ
@given(st.dictionaries(st.sampled_from(sorted(GOOD) + ["selectors", "max_pages", "enabled",
                                                       "verified", "bogus"]),
                       json_values, max_size=6))  # fmt: skip
def test_registry_validation_accepts_or_names_the_field(changes: dict) -> None:
    entry = {**GOOD, **changes}
    try:
        site = validate_site(entry, where="fuzz.yaml entry 1")
    except RegistryError as e:
        msg = str(e)
        assert msg.startswith("fuzz.yaml entry 1") and "\n" not in msg
        return
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]{0,62}", site["id"])
    assert site["base_url"].startswith(("http://", "https://"))


@FUZZ
@given(
    st.sampled_from(["http", "https", "HTTPS"]),
    st.from_regex(r"(www\.)?[a-zA-Z0-9-]{1,12}\.(vn|gov\.vn|com\.vn)", fullmatch=True),
    st.lists(st.from_regex(r"[a-zA-Z0-9%._~-]{0,10}", fullmatch=True), max_size=4),
    st.lists(st.tuples(st.sampled_from(["id", "p", "utm_source", "fbclid", "zarsrc", "page"]),
                       st.from_regex(r"[a-z0-9]{0,5}", fullmatch=True)), max_size=4),
    st.booleans(),
)  # fmt: skip
def test_canonical_url_is_idempotent_and_drops_tracking(scheme, host, segs, params, slash):
    from urllib.parse import urlencode

    url = f"{scheme}://{host}/" + "/".join(segs) + ("/" if slash else "")
    if params:
        url += "?" + urlencode(params)
    c = canonical_url(url)
    assert canonical_url(c) == c
    assert "utm_" not in c and "fbclid" not in c and "zarsrc" not in c
    assert "www." not in c.split("/")[2]
    assert article_id(url) == article_id(c)


@pytest.mark.parametrize("junk", ["", " ", "http://", "::::", "ftp://x/y", "https://x.vn:99999/"])
def test_canonical_url_survives_junk(junk: str) -> None:
    canonical_url(junk)


# Found by the fuzzing above.
def test_canonical_url_unclosed_ipv6_bracket() -> None:
    assert canonical_url("https://[::1/a") == "https://[::1/a"


@pytest.mark.parametrize(
    "key, value", [("tls", 1), ("politeness", [None]), ("former_province", ["01"]), ("notes", 1)]
)
def test_registry_wrong_typed_fields_are_named(key: str, value: object) -> None:
    with pytest.raises(RegistryError, match=key):
        validate_site({**GOOD, key: value})
