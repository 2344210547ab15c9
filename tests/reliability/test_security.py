"""Security: loopback binds, no XML entity expansion, no path escape, parameterised SQL,
no secrets in the repository."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[2]


def test_farm_binds_loopback_only() -> None:
    from sitefarm import start_farm

    with start_farm() as farm:
        assert farm.httpd.server_address[0] == "127.0.0.1"


def test_prefect_server_binds_loopback_by_default() -> None:
    from prefect.settings import PREFECT_SERVER_API_HOST

    assert PREFECT_SERVER_API_HOST.value() == "127.0.0.1"
    serve = (REPO / "flows" / "serve.py").read_text(encoding="utf-8")
    assert '"--host", "127.0.0.1"' in serve
    assert "0.0.0.0" not in serve


def test_feed_parser_expands_no_entity_and_reads_no_file(tmp_path: Path) -> None:
    from sitefarm.faults import entity_bomb
    from spiders.families.feedparse import parse_feed

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    body = entity_bomb("https://baocantho.com.vn/a-a1.html").replace(
        b"file:///etc/passwd", f"file://{secret}".encode()
    )
    kind, entries = parse_feed(body)  # libxml2 gives up on the DTD: nothing, not a bomb
    assert kind == "rss" and entries in ([], [("https://baocantho.com.vn/a-a1.html", None)])
    from lxml import etree

    from spiders.families.feedparse import _PARSER

    root = etree.fromstring(body, parser=_PARSER)
    text = etree.tostring(root)
    assert b"TOP-SECRET" not in text and b"lollollol" not in text
    assert len(text) < 10_000


@pytest.mark.parametrize("bad", ["../evil", "a/b", "..", "Caps", "a b", "-x", "x" * 64, ""])
def test_site_ids_that_could_escape_the_data_folder_are_refused(bad: str) -> None:
    from cleaning.registry import RegistryError, validate_site

    entry = {"id": bad, "name": "x", "kind": "portal", "province": "01", "family": "feed",
             "base_url": "https://x.vn", "feeds": ["/rss"]}  # fmt: skip
    with pytest.raises(RegistryError, match="id"):
        validate_site(entry)


def test_raw_and_clean_paths_derive_only_from_validated_ids(tmp_path: Path) -> None:
    """Raw files are <raw_dir>/<site_id>.jsonl.gz; site ids match [a-z0-9-]; a URL never
    becomes a file name anywhere in spiders/ or cleaning/."""
    src = "\n".join(
        p.read_text(encoding="utf-8")
        for d in ("spiders", "cleaning")
        for p in (REPO / d).rglob("*.py")
        if "farm" not in p.parts
    )
    assert not re.search(r"open\([^)]*url", src)
    assert "f\"{spider.site['id']}.jsonl.gz\"" in (REPO / "spiders" / "rawzone.py").read_text()


def test_search_is_parameterised_against_quotes(tmp_path: Path) -> None:
    from tests.warehouse.conftest import SITES, article, fetch_rows, run_meta, write_clean
    from warehouse import query
    from warehouse.loader import load_run

    db = tmp_path / "data" / "provnews.duckdb"
    arts = [article(1), article(2, title="Ủy ban nhân dân tỉnh", body="Kỳ họp. O'Brien")]
    clean = write_clean(tmp_path, "20260101T000000Z", arts, fetch_rows(arts, "20260101T000000Z"))
    load_run(db, clean, run_meta("20260101T000000Z", ["baocantho"]), SITES)
    for q in ["'); DROP TABLE articles; --", "O'Brien", "' OR 1=1 --", '"; DELETE FROM articles;']:
        query.search(db, q)  # must not raise nor execute anything
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
        from warehouse.search import load_fts

        load_fts(con)
        q = "x'); DROP TABLE articles; --"
        con.execute("SELECT count(*) FROM search_articles(?)", [q]).fetchone()
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 2


_SECRET = re.compile(
    r"(?i)(aws_secret_access_key|api[_-]?key|secret[_-]?key|password|passwd|token)\s*[:=]\s*"
    r"['\"][^'\"\s]{8,}['\"]|-----BEGIN [A-Z ]*PRIVATE KEY-----|ghp_[A-Za-z0-9]{30,}|"
    r"AKIA[0-9A-Z]{16}|pnu_[A-Za-z0-9]{20,}"
)


def test_no_secrets_in_tracked_files() -> None:
    files = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    hits = []
    for name in files:
        path = REPO / name
        if path.suffix in (".gz", ".png", ".jpg", ".duckdb", ".parquet") or not path.is_file():
            continue
        if "corpus" in path.parts or "fixtures" in path.parts:
            continue  # saved third-party pages (their CSRF tokens are public page content)
        text = path.read_text(encoding="utf-8", errors="ignore")
        hits += [f"{name}: {m.group(0)[:40]}" for m in _SECRET.finditer(text)]
    assert not hits, hits
