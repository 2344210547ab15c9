"""Export the published warehouse to Parquet (articles partitioned by posting month).

``export_parquet(warehouse, out_dir)`` writes ``out_dir/articles/month=YYYY-MM/*.parquet``
(``v_articles``: articles with site and province; ``month=unknown`` when no posting
date) and one Parquet file per other table (``article_versions.parquet``,
``images.parquet``, ``article_provinces.parquet``, ``article_persons.parquet``,
``events.parquet``, ``article_topics.parquet``, ``sites.parquet``,
``provinces.parquet``, ``provinces_former.parquet``, ``crawl_runs.parquet``,
``crawl_run_sites.parquet``, ``fetch_log.parquet``). It reads through the backend's
read-only ``reader`` (the published file or the lake's latest snapshot: never
blocks a load) and builds the export beside ``out_dir``, then
swaps it in, so ``out_dir`` is never half-written. Times are written as UTC
instants (Parquet TIMESTAMP with time zone).

Read it back with ``SELECT * FROM read_parquet('out/articles/*/*.parquet',
hive_partitioning = true)``.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb

from warehouse.backends import Warehouse, as_backend

TABLES = (
    "article_versions",
    "images",
    "article_provinces",
    "article_persons",
    "events",
    "article_topics",
    "sites",
    "provinces",
    "provinces_former",
    "crawl_runs",
    "crawl_run_sites",
    "fetch_log",
)


def _q(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def export_parquet(
    where: Warehouse, out_dir: Path, since: dt.date | str | None = None
) -> dict[str, int]:
    """Export the warehouse (a backend, or the path of a DuckDB file) to ``out_dir``;
    ``since`` keeps articles posted on or after that local date (and the child rows
    of those articles). Returns rows written per table."""
    out_dir = Path(out_dir)
    since_d = dt.date.fromisoformat(str(since)) if since is not None else None
    tmp = out_dir.with_name(out_dir.name + ".exporting")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    counts: dict[str, int] = {}
    with as_backend(where).reader() as con:
        con.execute("SET TimeZone = 'UTC'")
        filt = "" if since_d is None else "WHERE published_date >= $since"
        params = {} if since_d is None else {"since": since_d}
        con.execute(
            "CREATE TEMP TABLE export_ids AS SELECT article_id FROM articles " + filt, params
        )
        counts["articles"] = _copy(
            con,
            "SELECT *, coalesce(strftime(published_date, '%Y-%m'), 'unknown') AS month "
            "FROM v_articles SEMI JOIN export_ids USING (article_id)",
            f"{_q(tmp / 'articles')} (FORMAT parquet, PARTITION_BY (month), COMPRESSION zstd)",
        )
        for table in TABLES:
            cols = {r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()}
            sql = f"SELECT * FROM {table}"
            if "article_id" in cols and table != "fetch_log" and since_d is not None:
                sql += " SEMI JOIN export_ids USING (article_id)"
            counts[table] = _copy(
                con, sql, f"{_q(tmp / (table + '.parquet'))} (FORMAT parquet, COMPRESSION zstd)"
            )
    old = out_dir.with_name(out_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if out_dir.exists():
        out_dir.rename(old)
    tmp.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)
    return counts


def _copy(con: duckdb.DuckDBPyConnection, select: str, target: str) -> int:
    n = con.execute(f"SELECT count(*) FROM ({select})").fetchone()[0]
    con.execute(f"COPY ({select}) TO {target}")
    return int(n)
