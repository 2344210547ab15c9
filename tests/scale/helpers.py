"""Compare a DuckLake warehouse with a single-file one, table by table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

# Content tables: equal between backends after the same loads (load_log differs
# by its timings, search_index_state/search_delta are fts bookkeeping of the file).
TABLES = [
    "sites", "articles", "article_versions", "crawl_runs", "crawl_run_sites", "fetch_log",
    "images", "article_provinces", "article_persons", "events", "article_topics",
    "provinces", "provinces_former",
]  # fmt: skip


def _dump(con: duckdb.DuckDBPyConnection, tables: list[str]) -> dict[str, list[tuple[Any, ...]]]:
    con.execute("SET TimeZone = 'Asia/Ho_Chi_Minh'")
    out = {}
    for t in tables:
        cols = [r[0] for r in con.execute(f"DESCRIBE {t}").fetchall()]
        sel = ", ".join(f'CAST("{c}" AS VARCHAR)' for c in cols)
        out[t] = con.execute(f"SELECT {sel} FROM {t} ORDER BY ALL").fetchall()
    return out


def dump_file(db: Path, tables: list[str] = TABLES) -> dict[str, list[tuple[Any, ...]]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return _dump(con, tables)


def dump_lake(url: str, tables: list[str] = TABLES) -> dict[str, list[tuple[Any, ...]]]:
    from warehouse.backends.ducklake import session

    with session(url, read_only=True) as con:
        return _dump(con, tables)


def without(rows: dict[str, list], table: str, *cols_idx: int) -> list:
    return [tuple(v for i, v in enumerate(r) if i not in cols_idx) for r in rows[table]]
