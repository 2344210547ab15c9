"""The coverage report (docs/coverage.md is generated, never edited) and `sites check` warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaning.coverage import province_rows, render_markdown, summary
from cleaning.registry import current_provinces, load_sites, registry_paths, validate_site
from cleaning.registry_checks import registry_warnings

DOC = Path(__file__).resolve().parents[2] / "docs" / "coverage.md"
SOURCE = "https://example.vn/x"


def entry(sid: str, kind: str, province: str, **extra: object) -> dict:
    raw = {
        "id": sid,
        "name": sid,
        "kind": kind,
        "province": province,
        "family": "feed",
        "base_url": f"https://{sid}.vn",
        "start_urls": ["/"],
        **extra,
    }
    return validate_site(raw)


def registry(*sites: dict) -> dict[str, dict]:
    return {s["id"]: s for s in sites}


def test_docs_coverage_is_what_the_registry_generates() -> None:
    generated = render_markdown(load_sites(registry_paths("")))
    assert DOC.read_text(encoding="utf-8") == generated, (
        "docs/coverage.md is out of date: run "
        "`provnews sites coverage --markdown > docs/coverage.md`"
    )


def test_rows_list_missing_pairs_and_keep_retired_sites_after_active_ones() -> None:
    stored = [{"url": SOURCE, "kind": "stored-page", "seen": "2025-09"}]
    sites = registry(
        entry("new-paper", "newspaper", "92", evidence=stored),
        entry("old-paper", "newspaper", "92", former_province="93", status="retired",
              successor="new-paper"),
        entry("portal-92", "portal", "92", evidence=[{"url": SOURCE, "kind": "host-only"}]),
    )  # fmt: skip
    rows = [(r.province, r.kind, r.site and r.site["id"]) for r in province_rows(sites)]
    cantho = [r for r in rows if r[0] == "92 Cần Thơ"]
    assert cantho == [
        ("92 Cần Thơ", "portal", "portal-92"),
        ("92 Cần Thơ", "party", None),
        ("92 Cần Thơ", "newspaper", "new-paper"),
        ("92 Cần Thơ", "newspaper", "old-paper"),
    ]
    assert len([r for r in rows if r[2] is None]) == 3 * len(current_provinces()) - 2
    sm = summary(sites)
    assert sm["kinds"]["newspaper"]["evidenced_strong"] == 1
    assert sm["kinds"]["portal"]["evidenced_weak"] == 1
    assert sm["kinds"]["portal"]["evidenced_medium"] == 0
    assert sm["provinces_complete"] == 0
    md = render_markdown(sites)
    assert (
        "| 92 Cần Thơ | newspaper | old-paper | old-paper.vn | feed | retired → new-paper |" in md
    )
    assert "| 93 Hậu Giang |" in md  # the former province the retired site's articles keep


def test_a_province_is_complete_only_with_evidenced_active_entries_of_each_kind() -> None:
    ev = [{"url": SOURCE, "kind": "article-url-in-code"}]
    sites = registry(
        entry("p", "portal", "01", evidence=ev),
        entry("q", "party", "01", evidence=ev),
        entry("n", "newspaper", "01"),  # no evidence: Hà Nội is not complete
    )
    assert summary(sites)["provinces_complete"] == 0
    sites["n"] = entry("n", "newspaper", "01", evidence=ev)
    assert summary(sites)["provinces_complete"] == 1
    sites["n"] = entry("n", "newspaper", "01", evidence=ev, status="retired")
    assert summary(sites)["provinces_complete"] == 0


def test_check_warns_on_missing_evidence_retired_but_enabled_and_shared_hosts() -> None:
    ev = [{"url": SOURCE, "kind": "stored-page"}]
    a = entry("a", "portal", "31", evidence=ev, enabled=False)
    b = {**entry("b", "party", "31", evidence=ev, enabled=False), "host": a["host"]}
    c = entry("c", "newspaper", "31", status="retired", successor="a")
    warnings = registry_warnings(registry(a, b, c))
    assert warnings == [
        "a: host a.vn also used by b",
        "c: no evidence (add `evidence:` or record what was searched)",
        "c: retired but enabled: it would still be crawled (successor: a)",
    ]
    assert registry_warnings(registry(a)) == []


@pytest.mark.parametrize("strength", ["strong", "medium", "weak", "none"])
def test_every_strength_is_counted(strength: str) -> None:
    kinds = {"strong": "stored-page", "medium": "article-url-in-code", "weak": "host-only"}
    ev = [{"url": SOURCE, "kind": kinds[strength]}] if strength in kinds else []
    sm = summary(registry(entry("x", "portal", "04", evidence=ev)))
    assert sm["by_evidence"][strength] == 1
