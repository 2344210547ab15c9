"""Full-text search: the fts extension from the ``duckdb-extension-fts`` wheel.

Extensions are never downloaded at run time: the extension file shipped in the
wheel is loaded by path.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.sqlfiles import run_script


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


def build_search_index(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)build the index on articles.search_key and the search_articles macro."""
    load_fts(con)
    run_script(con, "search/fts.sql")
