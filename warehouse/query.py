"""Read-only queries on the published warehouse (SQL in ``sql/queries/``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from warehouse.search import load_fts
from warehouse.sqlfiles import read_sql

TIMEZONE = "Asia/Ho_Chi_Minh"


def connect_read_only(db_path: Path) -> duckdb.DuckDBPyConnection:
    """Open the published file read-only, times shown in Asia/Ho_Chi_Minh."""
    con = duckdb.connect(str(db_path), read_only=True)
    con.execute(f"SET TimeZone = '{TIMEZONE}'")
    return con


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> list[dict]:
    cur = con.execute(sql, params) if params else con.execute(sql)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def articles_per_province(db_path: Path) -> list[dict[str, Any]]:
    """Articles per current province (by the site's province), with former names.

    Keys: province_code, province_name, former_province_names (list), sites,
    articles, latest_published_at.
    """
    with connect_read_only(db_path) as con:
        return _rows(con, read_sql("queries/articles_per_province.sql"))


def summary(db_path: Path, run_id: str) -> list[dict[str, Any]]:
    """Per-site results of one run (crawl_run_sites joined with sites)."""
    with connect_read_only(db_path) as con:
        return _rows(con, read_sql("queries/run_summary.sql"), {"run_id": run_id})


def search(db_path: Path, q: str, limit: int = 20) -> list[dict[str, Any]]:
    """Ranked accent-insensitive full-text search over title + body."""
    with connect_read_only(db_path) as con:
        load_fts(con)
        return _rows(con, read_sql("queries/search.sql"), {"q": q, "limit": limit})
