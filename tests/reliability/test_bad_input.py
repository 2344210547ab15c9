"""Bad input everywhere: one line naming the thing, exit 2 (bad input) or 1 (failure),
no traceback, nothing overwritten."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def cli(args: list[str], env: dict[str, str] | None = None, **kw) -> subprocess.CompletedProcess:
    full = {**os.environ, **(env or {})}
    full.pop("PROVNEWS_SITES", None) if env is None or "PROVNEWS_SITES" not in env else None
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args],
        cwd=REPO, env=full, capture_output=True, text=True, timeout=120, **kw,
    )  # fmt: skip


def one_line_error(proc: subprocess.CompletedProcess, code: int, *names: str) -> None:
    assert proc.returncode == code, (proc.returncode, proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    for name in names:
        assert name in lines[0], (name, lines[0])


@pytest.fixture
def data(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    (d / "raw").mkdir(parents=True)
    return d


@pytest.mark.parametrize(
    "args, names",
    [
        (["crawl"], ["--site"]),
        (["crawl", "--site", "no-such-site"], ["no-such-site"]),
        (["run", "--since", "2020-13-01"], ["2020-13-01"]),
        (["extract", "--url", "https://x.vn/a", "/no/such/file.html"], ["/no/such/file.html"]),
        (["sites", "frobnicate"], ["frobnicate"]),
        (["nosuchcommand"], ["nosuchcommand"]),
        (["clean", "--run-id", "20990101T000000Z"], ["20990101T000000Z"]),
    ],
)
def test_bad_cli_arguments(data: Path, args: list[str], names: list[str]) -> None:
    one_line_error(cli(args, {"PROVNEWS_DATA": str(data)}), 2, *names)


@pytest.mark.parametrize(
    "yaml_text, names",
    [
        ("- id: ok-site\n  name: [unclosed\n", ["bad.yaml", "YAML"]),
        ("{not: a list}\n", ["bad.yaml", "list"]),
        ("- id: ../evil\n  name: x\n", ["bad.yaml", "id"]),
        ("- id: good\n  name: X\n  kind: portal\n  province: '99'\n  family: feed\n"
         "  base_url: https://x.vn\n  feeds: [/rss]\n", ["bad.yaml", "province"]),
        ("- id: good\n  name: X\n  kind: portal\n  province: '01'\n  family: feed\n"
         "  base_url: javascript:alert(1)\n  feeds: [/rss]\n", ["bad.yaml", "base_url"]),
        ("- id: good\n  name: X\n  kind: portal\n  province: '01'\n  family: nope\n"
         "  base_url: https://x.vn\n  feeds: [/rss]\n", ["bad.yaml", "family"]),
        ("- id: baocantho\n  name: X\n  kind: portal\n  province: '01'\n  family: feed\n"
         "  base_url: https://x.vn\n  feeds: [/rss]\n", ["bad.yaml", "baocantho"]),
    ],
)  # fmt: skip
def test_malformed_registry_entries(tmp_path: Path, yaml_text: str, names: list[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml_text, encoding="utf-8")
    one_line_error(cli(["sites", "check"], {"PROVNEWS_SITES": str(bad)}), 2, *names)


def test_missing_registry_file_is_named(tmp_path: Path) -> None:
    gone = tmp_path / "gone.yaml"
    one_line_error(cli(["sites", "list"], {"PROVNEWS_SITES": str(gone)}), 2, "gone.yaml")


def test_bad_settings_are_named(data: Path) -> None:
    env = {"PROVNEWS_DATA": str(data), "PROVNEWS_MAX_PARALLEL": "lots"}
    one_line_error(cli(["clean"], env), 2, "PROVNEWS_MAX_PARALLEL")


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
        (bytes(range(256)) * 8, "binary data"),
        (b"", "empty"),
        ("Chỉ là văn bản, không có thẻ nào.".encode(), "no HTML markup"),
    ],
)
def test_extract_of_a_file_that_is_not_a_page(tmp_path: Path, content: bytes, reason: str) -> None:
    f = tmp_path / "page.html"
    f.write_bytes(content)
    one_line_error(cli(["extract", "--url", "https://x.vn/a.html", str(f)]), 2, str(f), reason)


def test_extract_of_a_page_with_control_characters(tmp_path: Path) -> None:
    # Text pasted from Word after a </script> used to crash lxml (issue 16, 4).
    body = "<p>Nội dung bài viết về hội nghị tổng kết công tác năm của tỉnh.\x0b</p>" * 3
    page = f"<html><body><h1>Hội nghị tổng kết năm</h1><script>x</script>\x01{body}</body></html>"
    f = tmp_path / "page.html"
    f.write_bytes(page.encode())
    bad = tmp_path / "photo.html"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    proc = cli(["extract", "--url", "https://x.vn/a.html", str(f)])
    assert proc.returncode == 0 and not proc.stderr, proc.stderr
    assert json.loads(proc.stdout)["body"].startswith("Nội dung bài viết")
    # In a manifest, a file that is not a page is named on stderr, the others still extract.
    (tmp_path / "m.tsv").write_text(
        "file\turl\nphoto.html\thttps://x.vn/b\npage.html\thttps://x.vn/a\n"
    )
    proc = cli(["extract", "--manifest", str(tmp_path / "m.tsv")])
    one_line_error(proc, 2, "photo.html", "a PNG image")
    assert [json.loads(x)["url"] for x in proc.stdout.splitlines()] == ["https://x.vn/a"]


def test_corrupted_raw_file_becomes_error_rows_not_a_crash(data: Path) -> None:
    run = data / "raw" / "20260101T000000Z"
    run.mkdir()
    (run / "baocantho.jsonl.gz").write_bytes(b"this is not gzip at all")
    good = {"run_id": "20260101T000000Z", "site_id": "dhnv", "url": "https://x.vn/",
            "final_url": "https://x.vn/", "status": 200, "page_type": "listing", "html": "<a>",
            "error": None, "bytes": 3, "fetched_at": "2026-01-01T00:00:00+00:00"}  # fmt: skip
    blob = gzip.compress((json.dumps(good) + "\n{broken json\n").encode())
    (run / "dhnv.jsonl.gz").write_bytes(blob[: len(blob) - 8])  # cut off: a killed crawl
    before = {p.name: p.read_bytes() for p in run.iterdir()}
    proc = cli(["clean", "--run-id", "20260101T000000Z"], {"PROVNEWS_DATA": str(data)})
    assert proc.returncode == 0, proc.stderr
    log = [json.loads(x) for x in (data / "clean" / run.name / "fetch_log.jsonl").open()]
    assert {r["outcome"] for r in log if r["site_id"] == "baocantho"} == {"error"}
    assert all(r["url"] and r["run_id"] and r["page_type"] for r in log)
    assert any(r["outcome"] == "listing" for r in log if r["site_id"] == "dhnv")
    assert before == {p.name: p.read_bytes() for p in run.iterdir()}  # raw never rewritten


def test_database_file_that_is_not_duckdb_is_refused_and_kept(data: Path) -> None:
    from tests.warehouse.conftest import article, fetch_rows, write_clean

    run_id = "20260101T000000Z"
    (data / "raw" / run_id).mkdir()
    arts = [article(1, run_id)]
    clean = write_clean(data.parent, run_id, arts, fetch_rows(arts, run_id))
    (data / "clean").mkdir(exist_ok=True)
    clean.rename(data / "clean" / run_id)
    db = data / "provnews.duckdb"
    db.write_bytes(b"SQLite format 3\x00 definitely not duckdb")
    proc = cli(["load", "--run-id", run_id], {"PROVNEWS_DATA": str(data)})
    assert proc.returncode in (1, 2), proc.stderr[-1500:]
    assert db.read_bytes() == b"SQLite format 3\x00 definitely not duckdb"
    one_line_error(proc, proc.returncode, "provnews.duckdb")


FSIZE_CHILD = r"""
import resource, sys, json
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), int(sys.argv[1])))
import signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a kill
from pathlib import Path
from cleaning.stage import clean_run
try:
    clean_run(Path(sys.argv[2]), Path(sys.argv[3]), {})
except OSError as e:
    print(f"clean: {sys.argv[3]}: {e.strerror}", file=sys.stderr); sys.exit(1)
"""


def test_full_disk_while_cleaning_leaves_the_previous_output(data: Path) -> None:
    """RLIMIT_FSIZE stands in for a full disk (no tmpfs mount here): writing fails with
    EFBIG; the stage's temporary files go, the previous outputs stay as they were."""
    run = data / "raw" / "20260101T000000Z"
    run.mkdir()
    recs = [{"run_id": run.name, "site_id": "dhnv", "url": f"https://x.vn/{i}",
             "status": 200, "page_type": "listing", "html": "<a>", "error": None,
             "bytes": 3} for i in range(3000)]  # fmt: skip
    with gzip.open(run / "dhnv.jsonl.gz", "wt") as f:
        f.writelines(json.dumps(r) + "\n" for r in recs)
    out = data / "clean" / run.name
    out.mkdir(parents=True)
    (out / "fetch_log.jsonl").write_text("previous\n")
    (out / "articles.jsonl").write_text("previous\n")
    proc = subprocess.run(
        [sys.executable, "-c", FSIZE_CHILD, "65536", str(run), str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    one_line_error(proc, 1, "File too large")
    assert (out / "fetch_log.jsonl").read_text() == "previous\n"
    assert (out / "articles.jsonl").read_text() == "previous\n"
    assert sorted(p.name for p in out.iterdir()) == ["articles.jsonl", "fetch_log.jsonl"]
