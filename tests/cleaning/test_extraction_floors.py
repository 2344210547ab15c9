"""Floors on extraction accuracy, computed in-process on every page with a known answer
(devset, farm, unknown-layout fixtures) by the same code as bench/extraction.py.

Raise a floor when the extractor gets better; never lower one to make a change pass.
No timing here: pages per second live in the benchmark only.
"""

from __future__ import annotations

import pytest

from bench.extraction import load_cases, score

# The full pipeline (site selectors -> family -> metadata -> generic).
FLOORS = {
    "all": {"title": 1.0, "published_at": 1.0, "published_date": 1.0, "author": 1.0,
            "views": 1.0, "body_f1": 0.999},
}  # fmt: skip
# Metadata + generic layers alone (no selectors, no family): a site nobody configured.
GENERIC_FLOORS = {
    "all": {"title": 1.0, "published_at": 0.92, "published_date": 1.0, "author": 0.74,
            "views": 1.0, "body_f1": 0.92},
    "unknown": {"title": 1.0, "published_at": 1.0, "published_date": 1.0, "author": 1.0,
                "views": 1.0, "body_f1": 0.999},
}  # fmt: skip


@pytest.fixture(scope="module")
def cases():
    got = load_cases()
    assert len(got) >= 60  # 7 devset + the farm's articles + the unknown-layout fixtures
    return got


def _check(result: dict, floors: dict) -> list[str]:
    return [
        f"{group}.{field}: {result[group][field]:.4f} < floor {floor}"
        for group, fields in floors.items()
        for field, floor in fields.items()
        if result[group][field] < floor
    ]


def test_pipeline_floors(cases) -> None:
    r = score(cases, "provnews")
    assert not _check(r, FLOORS), (_check(r, FLOORS), r["misses"])


def test_generic_layer_floors(cases) -> None:
    r = score(cases, "provnews-generic")
    assert not _check(r, GENERIC_FLOORS), (_check(r, GENERIC_FLOORS), r["misses"])


@pytest.mark.slow  # runs trafilatura over every page too
def test_better_than_trafilatura_alone(cases) -> None:
    ours, theirs = score(cases, "provnews")["all"], score(cases, "trafilatura")["all"]
    for field in ("title", "published_date", "author", "body_f1"):
        assert ours[field] >= theirs[field], field
    assert ours["body_f1"] > theirs["body_f1"]
    generic = score(cases, "provnews-generic")["all"]
    assert generic["body_f1"] > theirs["body_f1"]
    assert generic["published_date"] >= theirs["published_date"]
