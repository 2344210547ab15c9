"""`spiders.probe.probe`: listing discovery and extraction for one site, from the farm."""

from __future__ import annotations

from typing import Any

import pytest

from sitefarm.truth import expected_articles
from spiders.probe import probe


def test_probe_reports_links_and_extraction(farm: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROVNEWS_HOST_MAP", farm.host_map)
    monkeypatch.setenv("PROVNEWS_DELAY_SCALE", "0")
    out = probe("napa-hcm", max_articles=2)
    assert out["exit_code"] == 0, out["log_tail"]
    truth = {a["url"]: a for a in expected_articles() if a["site_id"] == "napa-hcm"}
    assert set(out["article_urls"]) == set(truth)  # every link found, listing and feed
    # page 2 of the listing is read (the pager shown to work), no further page
    paged = [p["url"] for p in out["pages"] if p["page_type"] == "listing" and "/page/" in p["url"]]
    assert [u.rstrip("/").rsplit("/", 1)[1] for u in paged] == ["2"]
    assert [(p2["url"], p2["how"]) for p2 in out["page2"]] == [(paged[0], "pager selectors")]
    assert len(out["articles"]) == 2
    for a in out["articles"]:
        assert a["status"] == 200 and a["title"] == truth[a["url"]]["title"]
        assert a["body_start"] and truth[a["url"]]["body"].startswith(a["body_start"][:80])
    with pytest.raises(KeyError):
        probe("no-such-site")
