"""Every article the farm serves, extracted exactly as the farm's ground truth says.

One parametrized case per (site, field), so a drifting family shows up by name.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from cleaning.charset import decode_body
from cleaning.extract import extract_article
from cleaning.registry import load_sites
from sitefarm.truth import expected_articles
from tests.pipeline.helpers import fetch_from_farm

FIELDS = ("title", "published_at", "author", "views", "body")
SITES = sorted({a["site_id"] for a in expected_articles()})


@cache
def _extracted(farm: Any, url: str) -> dict[str, Any]:
    site = next(s for s in load_sites().values() if url.startswith(s["base_url"]))
    html, _ = decode_body(fetch_from_farm(farm, url), None)
    family = site["layout"]
    return extract_article(html, url, selectors=site["selectors"], family=family)


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("site_id", SITES)
def test_farm_articles_field(farm: Any, site_id: str, field: str) -> None:
    wrong = []
    for want in expected_articles():
        if want["site_id"] != site_id:
            continue
        got = _extracted(farm, want["url"])[field]
        if got != want[field]:
            wrong.append(f"{want['url']}\n   got  {got!r:.200}\n   want {want[field]!r:.200}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("site_id", SITES)
def test_farm_articles_images(farm: Any, site_id: str) -> None:
    for want in expected_articles():
        if want["site_id"] == site_id:
            got = _extracted(farm, want["url"])["images"]
            assert [i["src"] for i in got] == [i["src"] for i in want["images"]], want["url"]
