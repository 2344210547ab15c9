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
