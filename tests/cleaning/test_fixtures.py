"""Every page under tests/test_data/ extracts to the values its JSON holds, field by field.

One fixture per kind of failure (issue 16 e); the convention and the generator that
refreshes expectations after a reviewed change: tests/test_data/generate.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from cleaning.detect import detect
from cleaning.extract import parse_html
from families import FAMILIES, layout_names
from tests.test_data.generate import FIELDS, extract, fixtures, page_of

SPECS = fixtures()


def test_there_are_fixtures_and_each_names_its_case() -> None:
    assert SPECS
    for spec in SPECS:
        meta = json.loads(spec.read_text(encoding="utf-8"))
        assert meta["case"].strip(), spec
        assert set(meta["expected"]) == set(FIELDS), spec
        assert spec.with_suffix(".html.gz").exists(), spec
        # A folder per family of the table, or "unknown" for sites of no known family.
        assert spec.parent.name in {*FAMILIES, "unknown"}, spec
        assert meta["layout"] is None or meta["layout"] in layout_names(), spec
        assert meta.get("detects") is None or meta["detects"] in FAMILIES, spec


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture_extracts_to_its_expected_values(spec: Path) -> None:
    meta = json.loads(spec.read_text(encoding="utf-8"))
    got = extract(spec)
    for field in FIELDS:
        assert got[field] == meta["expected"][field], f"{spec.parent.name}/{spec.stem}: {field}"
    if meta.get("detects"):
        # Detection names the family from the page and its URL, and from URLs alone: the
        # article's or an image's (upload-fck's article URLs other portals share).
        host = urlsplit(meta["url"]).hostname or ""
        assert detect(parse_html(page_of(spec)), meta["url"], host).family == meta["detects"]
        urls = [meta["url"]] + [i["src"] for i in meta["expected"]["images"]]
        assert meta["detects"] in {detect(None, u, host).family for u in urls}
