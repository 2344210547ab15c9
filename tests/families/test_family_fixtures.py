"""Frozen pattern-built article pages of the portal families known by their URL shapes
(tests/families/fixtures/<family>/; regenerate with `python -m tests.families.fixtures.make`):
the family's layout reads every field, and detection names the family from page and URL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaning.charset import decode_body
from cleaning.detect import detect
from cleaning.extract import extract_article, parse_html
from cleaning.registry import load_sites, registry_paths

FIXTURES = sorted((Path(__file__).resolve().parent / "fixtures").glob("*/article.expected.json"))


def _case(path: Path) -> tuple[dict, str]:
    want = json.loads(path.read_text(encoding="utf-8"))
    html, _ = decode_body((path.parent / "article.html").read_bytes(), None)
    return want, html


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.parent.name)
def test_the_family_layout_reads_every_field(path: Path) -> None:
    want, html = _case(path)
    site = next(
        s for s in load_sites(registry_paths("")).values() if want["url"].startswith(s["base_url"])
    )
    assert site["layout"] == want["family"], "the fixture's site no longer uses the family"
    got = extract_article(html, want["url"], selectors=site["selectors"], family=site["layout"])
    for field in ("title", "published_at", "author", "views", "body"):
        assert got[field] == want[field], field
    assert [i["src"] for i in got["images"]] == [i["src"] for i in want["images"]]
    assert got["layers"]["body"] == f"family:{want['family']}"


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.parent.name)
def test_detection_names_the_family_from_page_and_url(path: Path) -> None:
    want, html = _case(path)
    host = want["url"].split("/")[2]
    assert detect(parse_html(html), want["url"], host).family == want["family"]
    # From URLs alone: the article's, or (upload-fck, whose article URLs other portals
    # share) an image's.
    urls = [want["url"]] + [i["src"] for i in want["images"]]
    assert want["family"] in {detect(None, u, host).family for u in urls}


def test_every_url_shape_family_has_a_fixture() -> None:
    assert {p.parent.name for p in FIXTURES} == {
        "websphere",
        "dotnetnuke",
        "catid-portal",
        "bai-viet",
        "upload-fck",
    }
