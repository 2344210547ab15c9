"""Read-only queries on the published warehouse (SQL in ``sql/queries/``).

Each takes the warehouse as a backend (``warehouse.backends.configured``) or the
path of a DuckDB file, and reads through the backend's ``reader``: the same SQL on
the file and on DuckLake.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import duckdb

from warehouse.backends import Warehouse, as_backend
from warehouse.sqlfiles import read_sql


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


def articles_per_province_full(where: Warehouse) -> list[dict[str, Any]]:
    """Every column of ``queries/articles_per_province.sql`` as dicts."""
    with as_backend(where).reader() as con:
        return _rows(con, read_sql("queries/articles_per_province.sql"))


def articles_per_province(where: Warehouse) -> list[ProvinceRow]:
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
        for r in articles_per_province_full(where)
    ]


def articles_fingerprint(where: Warehouse) -> tuple[int, str]:
    """(row count, hash of the article content) of ``articles``.

    Covers id, content hash, version and the versioned fields; leaves out the
    seen-bookkeeping (first/last seen, run ids) and views, so two nights with the
    same content give the same fingerprint.
    """
    with as_backend(where).reader() as con:
        n, h = con.execute(read_sql("queries/articles_fingerprint.sql")).fetchone()
        return int(n), h or ""


def summary(where: Warehouse, run_id: str) -> list[dict[str, Any]]:
    """Per-site results of one run (crawl_run_sites joined with sites)."""
    with as_backend(where).reader() as con:
        return _rows(con, read_sql("queries/run_summary.sql"), {"run_id": run_id})


def search(where: Warehouse, q: str, limit: int = 20) -> list[dict[str, Any]]:
    """Ranked accent-insensitive full-text search over title + body (the file's
    index, or BM25 computed at query time on DuckLake: see its ``search_articles``)."""
    with as_backend(where).reader() as con:
        return _rows(con, read_sql("queries/search.sql"), {"q": q, "limit": limit})
