"""Every article page with an expected JSON beside it, run through `provnews extract --manifest`.

Devset pages: sitefarm/corpus/devset/pages/<name>.provnews.json (the expected values of
one page beside it; the farm serves these pages, so they stay in its corpus). Extraction
fixtures: tests/test_data/<dir>/<name>.html.gz beside <name>.json (the manifest reads the
gzip file as it is). The command must print one JSON object per manifest row, in order,
with exactly the contract keys, and every expected key must match.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from cleaning.extract import extract_article

ROOT = Path(__file__).resolve().parents[2]
DEVSET = ROOT / "sitefarm" / "corpus" / "devset" / "pages"
TEST_DATA = ROOT / "tests" / "test_data"
CONTRACT_KEYS = ["url", "title", "published_at", "author", "views", "body", "images",
                 "event_date", "provinces", "persons"]  # fmt: skip
UNKNOWN = sorted((TEST_DATA / "unknown").glob("*.json"))  # sites no registry entry names
EXPECTED = sorted(DEVSET.glob("*.provnews.json")) + UNKNOWN


def _page_of(exp: Path) -> Path:
    if exp.name.endswith(".provnews.json"):
        return exp.with_name(exp.name.replace(".provnews.json", ".html"))
    return exp.with_suffix(".html.gz")


def _want(exp: Path) -> dict:
    data = json.loads(exp.read_text("utf-8"))
    return {"url": data["url"], **data["expected"]} if "expected" in data else data


def test_every_devset_article_page_has_an_expected_json() -> None:
    manifest = (DEVSET.parent / "manifest.tsv").read_text(encoding="utf-8").splitlines()
    articles = [
        Path(row.split("\t")[0]).name
        for row in manifest[1:]
        if row.split("\t")[1] == "article" and row.split("\t")[0].endswith(".html")
    ]
    assert len(articles) == 7
    for name in articles:
        assert (DEVSET / name.replace(".html", ".provnews.json")).exists(), name


@pytest.fixture(scope="module")
def manifest_output(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    tmp = tmp_path_factory.mktemp("manifest")
    rows = ["file\turl"]
    for exp in EXPECTED:
        rows.append(f"{_page_of(exp)}\t{_want(exp)['url']}")
    # The gzip body twin of the Lào Cai page must decode to the same article.
    lc = json.loads((DEVSET / "baolaocai_article_20250617.provnews.json").read_text("utf-8"))
    rows.append(f"{DEVSET / 'baolaocai_article_20250617.body.gz'}\t{lc['url']}")
    (tmp / "m.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "flows.cli", "extract", "--manifest", str(tmp / "m.tsv")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines()]


def test_manifest_prints_one_contract_object_per_row_in_order(manifest_output) -> None:
    assert len(manifest_output) == len(EXPECTED) + 1
    for exp, got in zip(EXPECTED, manifest_output, strict=False):
        assert got["url"] == _want(exp)["url"]
        assert list(got) == CONTRACT_KEYS


@pytest.mark.parametrize("exp", EXPECTED, ids=[e.name.split(".")[0] for e in EXPECTED])
def test_manifest_output_matches_expected_json(manifest_output, exp: Path) -> None:
    want = _want(exp)
    got = manifest_output[EXPECTED.index(exp)]
    for key, value in want.items():
        if key in CONTRACT_KEYS:
            assert got[key] == value, f"{exp.name}: {key}"


def test_gzip_twin_gives_the_same_article(manifest_output) -> None:
    lc = DEVSET / "baolaocai_article_20250617.provnews.json"
    assert manifest_output[-1] == manifest_output[EXPECTED.index(lc)]


@pytest.mark.parametrize("spec", UNKNOWN, ids=lambda p: p.stem)
def test_unknown_layouts_use_metadata_and_generic_layers(spec: Path) -> None:
    html = gzip.decompress(_page_of(spec).read_bytes()).decode("utf-8")
    r = extract_article(html, _want(spec)["url"])
    assert r["family"] is None
    assert set(r["layers"].values()) <= {"meta", "generic"}
    assert {"title", "published_at", "body"} <= set(r["layers"])
