"""`provnews sites detect | add | check | coverage` through the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from cleaning.registry import load_sites, registry_paths
from flows.cli import main

PAGES = Path(__file__).resolve().parents[2] / "sitefarm" / "corpus" / "devset" / "pages"


def test_detect_from_the_url_alone_names_the_rule(capsys: pytest.CaptureFixture[str]) -> None:
    url = "https://daklak.gov.vn/thong-tin-bao-chi/-/asset_publisher/hfnlmC5Zec7J/content/x"
    assert main(["sites", "detect", url]) == 0
    out = capsys.readouterr().out
    assert out.startswith("family: liferay (from the url)")
    assert "evidence: url: /web/guest/|/-/|/asset_publisher/" in out
    assert "registry: family: liferay" in out


def test_detect_with_a_saved_page_uses_its_markup(capsys: pytest.CaptureFixture[str]) -> None:
    page = PAGES / "baolaocai_article_20250617.html"
    url = "https://baolaocai.vn/song-dep-tu-nhung-dieu-gian-di"  # no -post<id>: markup decides
    assert main(["sites", "detect", url, str(page), "--json"]) == 0
    import json

    out = json.loads(capsys.readouterr().out)
    assert out["family"] == "cms-zce" and out["from"] == "url and page"
    assert any(e.startswith("markup: ") for e in out["evidence"])


def test_detect_unknown_and_bad_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["sites", "detect", "https://example.vn/tin-tuc/abc"]) == 1
    assert "family: unknown" in capsys.readouterr().out
    assert main(["sites", "detect", "example.vn/x"]) == 2
    assert "is not an http(s) URL" in capsys.readouterr().err
    assert main(["sites", "detect", "https://example.vn/", str(tmp_path / "none.html")]) == 2
    assert "none.html" in capsys.readouterr().err


def test_check_prints_the_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sites", "check"]) == 0
    out = capsys.readouterr().out.splitlines()
    n = len(load_sites())
    assert out[0].startswith(f"{n} sites OK")
    assert any(line.startswith("warning: thanhuy-haiphong: no evidence") for line in out)


@pytest.fixture
def on_farm(farm: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every registered host answered by the farm, no extra registry files."""
    monkeypatch.setenv("PROVNEWS_HOST_MAP", farm.host_map)
    monkeypatch.setenv("PROVNEWS_DELAY_SCALE", "0")
    monkeypatch.delenv("PROVNEWS_SITES", raising=False)


def test_add_detects_probes_the_farm_and_writes_the_entry(
    on_farm: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "added.yaml"
    url = "https://truongchinhtri.thanhhoa.gov.vn/web/guest/tin-tuc"
    args = ["sites", "add", url, "--id", "tct-thanhhoa-2", "--kind", "school", "--province", "38"]
    assert main([*args, "--to", str(target), "--articles", "1"]) == 0, capsys.readouterr()
    out = capsys.readouterr().out
    assert "family: liferay" in out and "wrote tct-thanhhoa-2" in out
    [written] = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert written["family"] == "liferay" and written["enabled"] is False
    assert written["start_urls"] == ["/web/guest/tin-tuc"]
    assert "1/1 articles extracted" in written["notes"]
    site = load_sites([*registry_paths(""), target])["tct-thanhhoa-2"]
    assert site["base_url"] == "https://truongchinhtri.thanhhoa.gov.vn"
    # The same id again is refused before anything slow.
    monkeypatch.setenv("PROVNEWS_SITES", str(target))
    assert main([*args, "--to", str(target)]) == 2
    assert "already exists" in capsys.readouterr().err


def test_add_writes_nothing_when_the_probe_finds_no_article(
    on_farm: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "added.yaml"
    url = "https://baocantho.com.vn/no-such-listing/"
    args = ["sites", "add", url, "--id", "cantho-x", "--kind", "newspaper", "--province", "92"]
    assert main([*args, "--to", str(target), "--articles", "1"]) == 1
    assert "not written" in capsys.readouterr().out
    assert not target.exists()
    assert main(["sites", "add", url, "--id", "cantho-x", "--kind", "newspaper"]) == 2
    assert "--province is required" in capsys.readouterr().err
