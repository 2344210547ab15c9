from __future__ import annotations

from pathlib import Path

import pytest

from cleaning.registry import RegistryError, load_sites, public_view, validate_site

GOOD = {
    "id": "baocantho",
    "name": "Báo Cần Thơ",
    "kind": "newspaper",
    "province": "92",
    "family": "content-fck",
    "base_url": "https://baocantho.com.vn",
    "start_urls": ["/thoi-su/"],
}


def test_builtin_registry_is_valid_and_has_every_layer_key() -> None:
    sites = load_sites()
    assert len(sites) >= 6
    assert len({s["family"] for s in sites.values()}) >= 3
    for site in sites.values():
        view = public_view(site)
        assert view["kind"] in ("portal", "party", "school", "newspaper", "department", "other")
        assert view["province_name"]


def test_former_province_maps_to_current_unit() -> None:
    site = load_sites()["thanhuy-ngabay"]
    assert (site["province_name"], site["former_province_name"]) == ("Cần Thơ", "Hậu Giang")


def test_relative_start_urls_resolve_against_base() -> None:
    site = validate_site(GOOD)
    assert site["start_urls"] == ["https://baocantho.com.vn/thoi-su/"]
    assert site["politeness"] == {"delay": 1.0, "concurrency": 1}


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"id": "Bad Id"}, "id 'Bad Id'"),
        ({"kind": "blog"}, "kind: 'blog' not one of"),
        ({"family": "joomla9"}, "family: 'joomla9'"),
        ({"province": "93"}, "province: '93' is not a current"),
        ({"former_province": "30"}, "former_province: '30' was not merged into 92"),
        ({"base_url": "ftp://x"}, "base_url"),
        ({"start_urls": []}, "needs start_urls or feeds"),
        ({"selectors": {"bodyy": "div"}}, "selectors.bodyy: unknown"),
        ({"politeness": {"concurrency": 8}}, "politeness.concurrency"),
        ({"colour": "red"}, "colour: unknown key"),
    ],
)
def test_bad_entries_are_refused_with_the_field_named(patch: dict, message: str) -> None:
    with pytest.raises(RegistryError, match=message.replace("(", r"\(")):
        validate_site({**GOOD, **patch}, where="x.yaml entry 1")


def test_extra_registry_files_and_duplicates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "- id: my-site\n  name: Mine\n  kind: other\n  province: '01'\n"
        "  family: wordpress\n  base_url: https://example.vn\n  start_urls: [/]\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PROVNEWS_SITES", str(extra))
    assert "my-site" in load_sites()
    dup = tmp_path / "dup.yaml"
    dup.write_text(extra.read_text().replace("my-site", "baocantho"), encoding="utf-8")
    monkeypatch.setenv("PROVNEWS_SITES", str(dup))
    with pytest.raises(RegistryError, match="already defined"):
        load_sites()


def test_broken_yaml_names_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("- id: x\n  name: [unclosed\n", encoding="utf-8")
    monkeypatch.setenv("PROVNEWS_SITES", str(bad))
    with pytest.raises(RegistryError, match=r"bad.yaml line \d+: not valid YAML"):
        load_sites()


EVIDENCE = [
    {"url": "https://baocantho.com.vn/x-a1.html", "kind": "stored-page", "seen": "2026-01-08"},
    {"url": "https://baocantho.com.vn/y-a2.html", "kind": "article-url-in-code", "seen": "2025"},
]


def test_evidence_status_and_strength_are_normalised() -> None:
    site = validate_site({**GOOD, "evidence": EVIDENCE})
    assert site["status"] == "active" and site["successor"] is None
    assert site["evidence_strength"] == "strong"
    assert [e["kind"] for e in site["evidence"]] == ["stored-page", "article-url-in-code"]
    weak = validate_site({**GOOD, "evidence": [{"url": "https://x.vn/a.jpg", "kind": "host-only"}]})
    assert weak["evidence_strength"] == "weak"
    assert validate_site(GOOD)["evidence_strength"] == "none"


def test_yaml_dates_in_evidence_become_iso_text() -> None:
    import yaml

    raw = yaml.safe_load("- {url: 'https://x.vn/a', kind: stored-page, seen: 2025-09-21}")
    site = validate_site({**GOOD, "evidence": raw})
    assert site["evidence"][0]["seen"] == "2025-09-21"


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"status": "gone"}, "status: 'gone' not one of"),
        ({"status": "moved"}, "successor: a moved site names"),
        ({"successor": "sggp"}, "successor: only a moved or retired"),
        ({"evidence": {"url": "https://x.vn"}}, "evidence: expected a list"),
        ({"evidence": [{"url": "x.vn/a", "kind": "stored-page"}]}, r"evidence\[1\].url"),
        ({"evidence": [{"url": "https://x.vn", "kind": "rumour"}]}, r"evidence\[1\].kind"),
        ({"evidence": [{"url": "https://x.vn", "kind": "host-only", "seen": "May"}]}, "seen"),
        (
            {"evidence": [{"url": "https://x.vn", "kind": "host-only", "by": 1}]},
            r"evidence\[1\].by",
        ),
    ],
)
def test_bad_evidence_and_status_are_refused(patch: dict, message: str) -> None:
    with pytest.raises(RegistryError, match=message):
        validate_site({**GOOD, **patch}, where="x.yaml entry 1")


def test_successor_must_be_another_loaded_site(tmp_path: Path) -> None:
    entry = (
        "- id: old-paper\n  name: Old\n  kind: newspaper\n  province: '92'\n"
        "  family: feed\n  base_url: https://old.vn\n  start_urls: [/]\n"
        "  status: retired\n  successor: {succ}\n"
    )
    path = tmp_path / "r.yaml"
    path.write_text(entry.format(succ="no-such-site"), encoding="utf-8")
    with pytest.raises(RegistryError, match="successor: 'no-such-site' is not another site"):
        load_sites([path])
    path.write_text(entry.format(succ="old-paper"), encoding="utf-8")
    with pytest.raises(RegistryError, match="is not another site"):
        load_sites([path])


def test_builtin_retired_sites_keep_their_former_province() -> None:
    sites = load_sites()
    for site in sites.values():
        if site["status"] == "moved":
            assert sites[site["successor"]]["host"] != site["host"], site["id"]
    # Báo Bình Dương merged into SGGP: its stored articles stay with Bình Dương (74).
    old = sites["baobinhduong"]
    assert (old["status"], old["successor"], old["former_province_code"]) == (
        "retired",
        "sggp",
        "74",
    )
