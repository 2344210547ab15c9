"""Locate and run the SQL files under ``warehouse/sql/``.

All SQL of the warehouse lives in those files; Python only reads and runs them.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).parent / "sql"


def read_sql(relpath: str) -> str:
    """Text of ``warehouse/sql/<relpath>``."""
    return (SQL_DIR / relpath).read_text(encoding="utf-8")


def schema_files() -> list[Path]:
    """The numbered schema files (``NNN_*.sql`` at the top of sql/), in order."""
    return sorted(p for p in SQL_DIR.glob("[0-9][0-9][0-9]_*.sql"))


def run_script(con: duckdb.DuckDBPyConnection, relpath: str) -> duckdb.DuckDBPyConnection:
    """Run every statement of a file (no parameters; values go in via SET VARIABLE).

    Returns the connection, whose pending result is the last statement's.
    """
    return con.execute(read_sql(relpath))


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create or update tables, macros and views (idempotent)."""
    for path in schema_files():
        con.execute(path.read_text(encoding="utf-8"))
