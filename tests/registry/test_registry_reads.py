"""The registry is read once per command, however many items the command processes.

Counted, not timed: every command runs in-process through the real entry point
(`flows.cli.main`) with `cleaning.registry.read_registry` wrapped by a counter and the
process cache emptied first. A command that re-read the YAML per page (as `extract
--manifest` once did, twice a page) fails here whatever the machine's speed.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

import pytest

import cleaning.registry as registry
from cleaning.registry import SiteIndex, load_sites
from flows.cli import main

DEVSET = Path(__file__).resolve().parents[2] / "sitefarm" / "corpus" / "devset" / "pages"
REPEAT = 6  # each devset page several times: "many items" without a slow test


def _devset_pages() -> list[tuple[Path, str]]:
    pages = []
    for want in sorted(DEVSET.glob("*.provnews.json")):
        url = json.loads(want.read_text(encoding="utf-8"))["url"]
        pages.append((want.with_name(want.name.replace(".provnews.json", ".html")), url))
    assert len(pages) >= 5
    return pages


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one each time the registry files are parsed."""
    calls: list[int] = []
    real: Callable = registry.read_registry

    def counting(paths):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(paths)

    monkeypatch.setattr(registry, "_LOADED", {})
    monkeypatch.setattr(registry, "read_registry", counting)
    monkeypatch.delenv("PROVNEWS_SITES", raising=False)
    return calls


def test_extract_manifest_reads_the_registry_once(
    tmp_path: Path, reads: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    rows = ["file\turl"] + [f"{p}\t{url}" for p, url in _devset_pages() * REPEAT]
    (tmp_path / "m.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["extract", "--manifest", str(tmp_path / "m.tsv")]) == 0
    assert len(capsys.readouterr().out.splitlines()) == len(rows) - 1
    assert len(reads) == 1


def test_clean_reads_the_registry_once(
    tmp_path: Path,
    reads: list[int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    index = SiteIndex(load_sites())
    run_id = "20260109T013000Z"
    raw_dir = tmp_path / "data" / "raw" / run_id
    raw_dir.mkdir(parents=True)
    by_site: dict[str, list[dict]] = {}
    for i, (page, url) in enumerate(_devset_pages() * REPEAT):
        site = index.for_url(url)
        site_id = site["id"] if site else "unregistered"  # cleaned with no site settings
        html = page.read_text(encoding="utf-8")
        by_site.setdefault(site_id, []).append(
            {"run_id": run_id, "site_id": site_id, "url": f"{url}?copy={i}",
             "final_url": url, "status": 200, "fetched_at": "2026-01-09T01:31:00Z",
             "headers": {}, "html": html, "encoding": "utf-8", "bytes": len(html),
             "sha256": None, "page_type": "article", "discovered_from": None,
             "via": "listing", "listing_date": None, "error": None}
        )  # fmt: skip
    for site_id, records in by_site.items():
        with gzip.open(raw_dir / f"{site_id}.jsonl.gz", "wt", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    monkeypatch.setenv("PROVNEWS_DATA", str(tmp_path / "data"))
    registry._LOADED.clear()
    reads.clear()
    assert main(["clean", "--run-id", run_id]) == 0
    counts = json.loads(capsys.readouterr().out)["sites"]
    assert sum(c["records"] for c in counts.values()) == len(_devset_pages()) * REPEAT
    assert len(reads) == 1


@pytest.mark.parametrize("argv", [["sites", "check"], ["sites", "list", "--json"]])
def test_sites_commands_read_the_registry_once(
    argv: list[str], reads: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 0
    assert capsys.readouterr().out
    assert len(reads) == 1


def test_cache_follows_edits_and_hands_out_copies(
    tmp_path: Path, reads: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = tmp_path / "mine.yaml"
    entry = (
        "- id: my-site\n  name: {name}\n  kind: other\n  province: '01'\n"
        "  family: wordpress\n  base_url: https://example.vn\n  start_urls: [/]\n"
    )
    extra.write_text(entry.format(name="Mine"), encoding="utf-8")
    monkeypatch.setenv("PROVNEWS_SITES", str(extra))
    first = load_sites()
    first["my-site"]["name"] = "changed by a caller"
    assert load_sites()["my-site"]["name"] == "Mine"
    assert len(reads) == 1
    extra.write_text(entry.format(name="Mine, renamed"), encoding="utf-8")
    assert load_sites()["my-site"]["name"] == "Mine, renamed"
    assert len(reads) == 2


def test_site_index_picks_the_longest_base_path_on_the_host() -> None:
    def site(sid: str, base: str) -> dict:
        from urllib.parse import urlsplit

        return {"id": sid, "base_url": base, "host": urlsplit(base).hostname}

    index = SiteIndex(
        {
            "portal": site("portal", "https://www.tinh.gov.vn"),
            "school": site("school", "https://tinh.gov.vn/truong"),
            "dept": site("dept", "https://tinh.gov.vn/truong/khoa"),
        }
    )
    pick = {u: (s or {}).get("id") for u in (
        "https://tinh.gov.vn/tin/a.html",
        "http://www.tinh.gov.vn/truong/b.html",
        "https://TINH.gov.vn/truong/khoa/c.html",
        "https://tinh.gov.vn/truongxa/d.html",
        "https://other.vn/truong/e.html",
    ) for s in [index.for_url(u)]}  # fmt: skip
    assert list(pick.values()) == ["portal", "school", "dept", "portal", None]
