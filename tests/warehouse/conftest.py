"""Fixtures for warehouse tests: hand-written clean outputs in tmp_path."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

R1 = "20250702T013000Z"
R2 = "20250703T013000Z"

SITES = [
    {
        "id": "baocantho",
        "name": "Báo Cần Thơ",
        "kind": "newspaper",
        "family": "content-fck",
        "province": "92",
        "former_province": None,
        "base_url": "https://baocantho.com.vn",
        "enabled": True,
        "verified": "fixture",
    },
    {
        "id": "soctrang-portal",
        "name": "Cổng thông tin điện tử tỉnh Sóc Trăng",
        "kind": "portal",
        "family": "sharepoint",
        "province": "92",
        "former_province": "94",
        "base_url": "https://www.soctrang.gov.vn",
        "enabled": True,
        "verified": "none",
    },
]


def article(n: int, run_id: str = R1, site_id: str = "baocantho", **over: Any) -> dict:
    """A clean article row as cleaning writes it."""
    day = run_id[6:8]
    row = {
        "article_id": f"{n:032x}",
        "canonical_url": f"https://example.vn/tin/{n}",
        "url": f"https://www.example.vn/tin/{n}/?utm_source=x",
        "site_id": site_id,
        "run_id": run_id,
        "fetched_at": f"2025-07-{day}T01:3{n % 10}:00Z",
        "title": f"Ủy ban nhân dân họp phiên thứ {n}",
        "published_at": f"2025-07-01T0{n % 10}:15:00+07:00",
        "author": "HOÀNG BIÊN",
        "body": f"Sáng 1/7, Uỷ ban nhân dân thành phố họp.\n\nĐoạn {n} về đường giao thông.",
        "views": n * 10,
        "language": "vi",
        "images": [{"src": f"https://example.vn/img/{n}.jpg", "caption": "Ảnh minh họa"}],
        "event_date": "2025-07-01",
        "provinces": ["Cần Thơ"],
        "persons": [{"name": "Nguyễn Văn A", "title": "Chủ tịch"}],
        "layers": {"title": "site", "body": "family:content-fck"},
    }
    row.update(over)
    row.setdefault("content_hash", None)
    if row["content_hash"] is None:
        import hashlib

        key = "\x1f".join(str(row[k]) for k in ("title", "published_at", "author", "body"))
        row["content_hash"] = hashlib.sha256(key.encode()).hexdigest()
    if "search_key" not in over:
        from cleaning.text import search_key

        row["search_key"] = search_key(f"{row['title']} {row['body']}")
    return row


def fetch_rows(articles: list[dict], run_id: str, extra: list[dict] | None = None) -> list[dict]:
    """One article fetch row per article, a listing, plus ``extra`` rows."""
    rows = []
    sites = sorted({a["site_id"] for a in articles}) or ["baocantho"]
    for s in sites:
        rows.append(
            {
                "run_id": run_id,
                "site_id": s,
                "url": f"https://{s}.example.vn/tin-tuc/",
                "final_url": f"https://{s}.example.vn/tin-tuc/",
                "status": 200,
                "bytes": 5000,
                "fetched_at": f"2025-07-{run_id[6:8]}T01:30:00Z",
                "page_type": "listing",
                "outcome": "listing",
                "reason": None,
                "article_id": None,
            }
        )
    for a in articles:
        rows.append(
            {
                "run_id": run_id,
                "site_id": a["site_id"],
                "url": a["url"],
                "final_url": a["url"],
                "status": 200,
                "bytes": 20000,
                "fetched_at": a["fetched_at"],
                "page_type": "article",
                "outcome": "article",
                "reason": None,
                "article_id": a["article_id"],
            }
        )
    return rows + (extra or [])


def write_clean(root: Path, run_id: str, articles: list[dict], fetch: list[dict]) -> Path:
    d = root / "clean" / run_id
    d.mkdir(parents=True, exist_ok=True)
    (d / "articles.jsonl").write_text(
        "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8"
    )
    (d / "fetch_log.jsonl").write_text(
        "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in fetch), encoding="utf-8"
    )
    return d


def run_meta(run_id: str, site_ids: list[str] | None = None) -> dict:
    day = run_id[6:8]
    return {
        "run_id": run_id,
        "started_at": f"2025-07-{day}T01:30:00+00:00",
        "finished_at": f"2025-07-{day}T01:45:00+00:00",
        "status": "completed",
        "sites": {s: {"exit_code": 0, "duration_s": 12.5} for s in (site_ids or ["baocantho"])},
    }


def dump_all(db: Path) -> dict[str, list[str]]:
    """Every table of the file, rows sorted: to compare two files' contents."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
        return {t: sorted(map(repr, con.execute(f"FROM {t}").fetchall())) for t in tables}


class Helpers:
    R1 = R1
    R2 = R2
    SITES = SITES
    article = staticmethod(article)
    fetch_rows = staticmethod(fetch_rows)
    write_clean = staticmethod(write_clean)
    run_meta = staticmethod(run_meta)
    dump_all = staticmethod(dump_all)


@pytest.fixture
def wh() -> type[Helpers]:
    return Helpers


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "provnews.duckdb"


def assert_keys_unique(db: Path) -> None:
    """The loader-kept keys (no index) hold: v_key_violations is empty."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT * FROM v_key_violations").fetchall() == []


@pytest.fixture
def load(tmp_path: Path, db_path: Path) -> Callable[..., Any]:
    """load(run_id, articles, extra_fetch=None) -> LoadResult, into db_path."""
    from warehouse.loader import load_run

    def _load(run_id: str, articles: list[dict], extra_fetch: list[dict] | None = None, **kw):
        clean = write_clean(tmp_path, run_id, articles, fetch_rows(articles, run_id, extra_fetch))
        sites = sorted({a["site_id"] for a in articles} | {"baocantho"})
        result = load_run(db_path, clean, run_meta(run_id, sites), SITES, **kw)
        assert_keys_unique(db_path)
        return result

    return _load
