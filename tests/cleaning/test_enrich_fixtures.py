"""Enrichment against the hand-checked fixtures (tests/cleaning/fixtures/enrichment/).

Each fixture pins, for one farm article, the provinces (current units and the
(current, former) pairs), the people (names and academic titles), the event type and
date, and for the five seed articles the whole event and each person's role and
organisation. Topic tags are measured by bench/enrichment.py, not asserted here.
A fixture whose article the farm no longer serves, or serves with another text, is
skipped with the reason (re-check it by hand).
"""

import hashlib
import json
from pathlib import Path

import pytest

from cleaning.enrich import enrich
from cleaning.text import fold_tone_style

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "enrichment").glob("*.json"))


@pytest.fixture(scope="module")
def farm_articles():
    from sitefarm.truth import expected_articles

    return {a["url"]: a for a in expected_articles()}


def _case(path: Path, farm_articles):
    fx = json.loads(path.read_text(encoding="utf-8"))
    a = farm_articles.get(fx["url"])
    if a is None:
        pytest.skip(f"{path.name}: the farm does not serve {fx['url']}")
    caps = [i["caption"] for i in a["images"] if i.get("caption")]
    sha = hashlib.sha256("\n".join([a["title"], a["body"], *caps]).encode()).hexdigest()
    if sha != fx["text_sha256"]:
        pytest.skip(f"{path.name}: the farm's text changed; re-check the fixture by hand")
    return fx["expected"], enrich(a["body"], a["title"], a["published_at"], caps)


def test_there_is_a_fixture_for_every_seed():
    seeds = {json.loads(p.read_text(encoding="utf-8"))["expected"].get("seed") for p in FIXTURES}
    assert {"000", "001", "002", "003", "004"} <= seeds


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem[:60])
def test_enrichment_matches_fixture(path, farm_articles):
    exp, got = _case(path, farm_articles)
    # Order of first mention is pinned for hand-read texts; synthetic ones compare as sets
    # (their expectation is composed from per-paragraph annotations).
    if "pool_paragraphs" in exp:
        assert set(got["provinces"]) == set(exp["provinces"])
    else:
        assert got["provinces"] == exp["provinces"]
    pairs = {(m["current_name"], m["former_name"]) for m in got["province_mentions"]}
    assert pairs == {tuple(p) for p in exp["province_pairs"]}
    people = {fold_tone_style(p["name"]): p for p in got["persons"]}
    assert set(people) == {fold_tone_style(p["name"]) for p in exp["persons"]}
    for p in exp["persons"]:
        g = people[fold_tone_style(p["name"])]
        assert g["titles"] == p["titles"], p["name"]
        if "role" in p:
            assert (g["role"], g["organisation"]) == (p["role"], p["organisation"]), p["name"]
    ev, gev = exp["event"], got["event"]
    if ev is None:
        assert gev is None
        return
    assert (gev["type"], gev["date"], gev["date_end"]) == (ev["type"], ev["date"], ev["date_end"])
    assert got["event_date"] == ev["date"]
    assert gev["topic"] == ev["topic"]
    assert gev["organisers"] == ev["organisers"]
    if "guests" in ev:
        assert gev["counts"]["guests"] == ev["guests"]
    for key in ("co_organisers", "place", "format", "counts"):
        if key in ev:
            assert gev[key] == ev[key], key


def test_seed_hard_cases(farm_articles):
    by_seed = {}
    for path in FIXTURES:
        fx = json.loads(path.read_text(encoding="utf-8"))
        if fx["expected"].get("seed"):
            by_seed[fx["expected"]["seed"]] = path
    exp, got = _case(by_seed["000"], farm_articles)
    written = {m["as_written"] for m in got["province_mentions"]}
    assert set(exp["as_written"]) == written  # "tỉnh Hậu Giang", "TP. HCM", "TP.HCM", …
    exp, got = _case(by_seed["001"], farm_articles)
    assert "Hà Nội" in got["provinces"]  # inside "Trường Đại học Nội vụ Hà Nội"
    assert got["event"]["date_end"] == "2020-07-03"
    exp, got = _case(by_seed["003"], farm_articles)
    # "TS. Lương Trọng" (a truncated mention) is the same person as "TS. Lương Trọng Thành".
    assert [p["name"] for p in got["persons"]].count("Lương Trọng Thành") == 1
    assert "Lương Trọng" not in [p["name"] for p in got["persons"]]
    assert got["event"]["date"] is None  # only documents' dates in the text
    exp, got = _case(by_seed["004"], farm_articles)
    assert got["provinces"] == []  # the site's own province is not implied
    assert got["event_date"] == "2021-04-01"  # "Chiều 1.4" + the posting year
