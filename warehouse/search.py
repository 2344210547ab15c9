"""Full-text search: the fts extension from the ``duckdb-extension-fts`` wheel.

Extensions are never downloaded at run time: the extension file shipped in the
wheel is loaded by path.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.sqlfiles import read_sql, run_script


class FtsUnavailable(RuntimeError):
    """The fts extension file for this DuckDB version is not installed."""


def fts_extension_path() -> Path:
    """Path of ``fts.duckdb_extension`` for the running DuckDB version."""
    try:
        import duckdb_extension_fts
    except ImportError as exc:  # pragma: no cover - dependency is pinned
        raise FtsUnavailable("package duckdb-extension-fts is not installed") from exc
    version = duckdb.__version__
    path = (
        Path(duckdb_extension_fts.__file__).parent
        / "extensions"
        / f"v{version}"
        / "fts.duckdb_extension"
    )
    if not path.is_file():
        raise FtsUnavailable(f"no fts extension for duckdb {version} at {path}")
    return path


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    """LOAD the fts extension into ``con`` by path (works on read-only connections)."""
    path = str(fts_extension_path()).replace("'", "''")
    con.execute(f"LOAD '{path}'")


#: A full rebuild happens when the delta grows past this share of all articles.
DELTA_MAX_SHARE = 0.10
#: ... but never for a delta smaller than this (small warehouses rebuild rarely).
DELTA_MIN_ROWS = 5_000


def build_search_index(con: duckdb.DuckDBPyConnection, *, full: bool = False) -> str:
    """Bring the full-text index up to date; returns what was done.

    ``"full"``: base index over every article rebuilt, delta emptied (first build,
    ``full=True``, or a delta larger than ``DELTA_MAX_SHARE`` of the articles);
    ``"delta"``: only the small index over ``search_delta`` rebuilt (text changed);
    ``"none"``: nothing changed since the last build, nothing rebuilt.
    """
    import datetime as dt

    load_fts(con)
    con.execute("SET VARIABLE now = $v", {"v": dt.datetime.now(dt.UTC).isoformat()})
    has_base, articles, delta_rows, delta_fp, delta_built_fp, schemas = con.execute(
        read_sql("search/state.sql")
    ).fetchone()
    too_big = delta_rows > max(DELTA_MIN_ROWS, DELTA_MAX_SHARE * articles)
    if full or not has_base or schemas < 2 or too_big:
        run_script(con, "search/build_base.sql")
        run_script(con, "search/build_delta.sql")
        action = "full"
    elif delta_fp != delta_built_fp:
        run_script(con, "search/build_delta.sql")
        action = "delta"
    else:
        action = "none"
    run_script(con, "search/fts.sql")
    return action
