"""Read-only queries on the published warehouse (SQL in ``sql/queries/``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

import duckdb

from warehouse.db import connect
from warehouse.search import load_fts
from warehouse.sqlfiles import read_sql

TIMEZONE = "Asia/Ho_Chi_Minh"


def connect_read_only(db_path: Path) -> duckdb.DuckDBPyConnection:
    """Open the published file read-only, times shown in Asia/Ho_Chi_Minh."""
    con = connect(db_path, read_only=True)
    con.execute(f"SET TimeZone = '{TIMEZONE}'")
    return con


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> list[dict]:
    cur = con.execute(sql, params) if params else con.execute(sql)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


class ProvinceRow(NamedTuple):
    """One row of the analyst query; iterates as (province, former names, articles, latest)."""

    province: str
    former_names: str
    articles: int
    latest_published_at: Any


def articles_per_province_full(db_path: Path) -> list[dict[str, Any]]:
    """Every column of ``queries/articles_per_province.sql`` as dicts."""
    with connect_read_only(db_path) as con:
        return _rows(con, read_sql("queries/articles_per_province.sql"))


def articles_per_province(db_path: Path) -> list[ProvinceRow]:
    """Articles per current province (by the site's province), with former names.

    Each row: province ("Cần Thơ (92)"), former_names (pre-2025 provinces merged
    into it, comma-separated), articles, latest_published_at (Asia/Ho_Chi_Minh).
    """
    return [
        ProvinceRow(
            province=f"{r['province_name']} ({r['province_code']})",
            former_names=", ".join(r["former_names"] or []),
            articles=r["articles"],
            latest_published_at=r["latest_published_at"],
        )
        for r in articles_per_province_full(db_path)
    ]


def articles_fingerprint(db_path: Path) -> tuple[int, str]:
    """(row count, hash of the article content) of ``articles``.

    Covers id, content hash, version and the versioned fields; leaves out the
    seen-bookkeeping (first/last seen, run ids) and views, so two nights with the
    same content give the same fingerprint.
    """
    with connect_read_only(db_path) as con:
        n, h = con.execute(read_sql("queries/articles_fingerprint.sql")).fetchone()
        return int(n), h or ""


def summary(db_path: Path, run_id: str) -> list[dict[str, Any]]:
    """Per-site results of one run (crawl_run_sites joined with sites)."""
    with connect_read_only(db_path) as con:
        return _rows(con, read_sql("queries/run_summary.sql"), {"run_id": run_id})


def search(db_path: Path, q: str, limit: int = 20) -> list[dict[str, Any]]:
    """Ranked accent-insensitive full-text search over title + body."""
    with connect_read_only(db_path) as con:
        load_fts(con)
        return _rows(con, read_sql("queries/search.sql"), {"q": q, "limit": limit})
