"""The `provnews` command line: contract keys, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from flows.cli import EXTRACT_KEYS, main
from tests.pipeline.helpers import fetch_from_farm, truth_by_url

REPO = Path(__file__).resolve().parents[2]


def _seed_articles() -> list[dict[str, Any]]:
    # Non-synthetic articles outside the two devset papers are the five seed texts.
    devset_sites = {"baocantho", "baolaocai"}
    return [
        a for a in truth_by_url().values()
        if not a["synthetic"] and a["site_id"] not in devset_sites
    ]  # fmt: skip


def test_extract_each_seed_article_from_the_farm(
    farm: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = _seed_articles()
    assert len(seeds) == 5
    for want in seeds:
        page = tmp_path / "page.html"
        page.write_bytes(fetch_from_farm(farm, want["url"]))
        assert main(["extract", "--url", want["url"], str(page)]) == 0
        got = json.loads(capsys.readouterr().out)
        assert tuple(got) == EXTRACT_KEYS
        assert got["title"] == want["title"]
        assert got["published_at"] == want["published_at"]
        assert got["body"] == want["body"], want["url"]


def test_extract_manifest_prints_json_lines_in_order(
    farm: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    arts = sorted(truth_by_url().values(), key=lambda a: a["url"])[:4]
    lines = ["file\turl"]
    for i, a in enumerate(arts):
        (tmp_path / f"{i}.html").write_bytes(fetch_from_farm(farm, a["url"]))
        lines.append(f"{i}.html\t{a['url']}")
    (tmp_path / "m.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["extract", "--manifest", str(tmp_path / "m.tsv")]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["url"] for o in out] == [a["url"] for a in arts]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["crawl", "--site", "no-such-site"], "unknown site 'no-such-site'"),
        (["crawl"], "required: --site"),
        (["crawl", "--site", "baocantho", "--since", "yesterday"], "not a date"),
        (["extract", "--url", "https://x.vn/a", "/nonexistent.html"], "No such file"),
        (["extract"], "give --url URL FILE.html, or --manifest"),
        (["bogus"], "invalid choice"),
        (["run", "--site", "no-such-site"], "unknown site id(s): no-such-site"),
        (["run", "--since", "2024-13-01"], "not a date"),
        (["run", "--bogus"], "unrecognized arguments: --bogus"),
        (["demo", "--site", "x"], "unrecognized arguments"),
        # a fresh data folder: nothing to work on yet, said in one line
        (["clean"], "run `provnews crawl --site ID` first"),
        (["load"], "run `provnews clean` first"),
        (["publish"], "run `provnews load` first"),
    ],
)
def test_bad_usage_is_one_line_and_exit_2(argv: list[str], message: str, tmp_path: Path) -> None:
    fresh = tmp_path / "not" / "there"
    proc = subprocess.run(
        [sys.executable, "-m", "flows.cli", *argv], cwd=REPO, capture_output=True, text=True,
        env={**os.environ, "PROVNEWS_DATA": str(fresh)},
    )  # fmt: skip
    assert not fresh.exists()  # refused before anything started (Prefect's home goes there)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr


def test_sites_list_json_contract() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "flows.cli", "sites", "list", "--json"],
        cwd=REPO, capture_output=True, text=True, check=True,
    )  # fmt: skip
    sites = json.loads(proc.stdout)
    keys = {"id", "name", "kind", "family", "base_url", "province_code", "province_name",
            "former_province_name", "enabled", "verified"}  # fmt: skip
    assert all(keys <= set(s) for s in sites)
    assert {s["verified"] for s in sites} <= {"fixture", "none"}


def test_malformed_registry_is_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("- id: x\n  kind: blog\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "flows.cli", "sites", "check"],
        cwd=REPO, capture_output=True, text=True, env={"PROVNEWS_SITES": str(bad), "PATH": ""},
    )  # fmt: skip
    assert proc.returncode == 2
    assert "bad.yaml" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("command", ["crawl --site baocantho", "clean", "load"])
def test_run_ids_cannot_name_folders_outside_the_data_folder(command: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "flows.cli", *command.split(), "--run-id", "../../etc"],
        cwd=REPO, capture_output=True, text=True,
    )  # fmt: skip
    assert proc.returncode == 2
    assert "run id '../../etc' must match" in proc.stderr and "Traceback" not in proc.stderr
