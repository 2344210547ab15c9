"""Locate and run the SQL files under ``warehouse/sql/``.

All SQL of the warehouse lives in those files; Python only reads and runs them.
"""

from __future__ import annotations

import hashlib
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


#: Tables that had a PRIMARY KEY (an ART index) in files made before the keys of
#: the big tables became loader-kept (see the header of sql/001_tables.sql).
UNINDEXED_KEY_TABLES = (
    "articles", "article_versions", "images", "article_provinces", "article_persons",
    "events", "article_topics", "search_docs",
)  # fmt: skip


def _unindex_keys(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Rename away the big tables that still carry a PRIMARY KEY index.

    Their rows are copied back into the new definitions by ``apply_schema``; returns
    the tables renamed (``<table>__indexed``). A one-off cost per old file.
    """
    rows = con.execute(
        "SELECT DISTINCT table_name FROM duckdb_constraints() "
        "WHERE constraint_type = 'PRIMARY KEY' AND database_name = current_database() "
        "AND schema_name = 'main' AND list_contains($t, table_name)",
        {"t": list(UNINDEXED_KEY_TABLES)},
    ).fetchall()
    renamed = [r[0] for r in rows]
    for table in renamed:
        con.execute(f"ALTER TABLE {table} RENAME TO {table}__indexed")
    return renamed


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create or update tables, macros and views (idempotent)."""
    renamed = _unindex_keys(con)
    for path in schema_files():
        con.execute(path.read_text(encoding="utf-8"))
    for table in renamed:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {table}__indexed")
        con.execute(f"DROP TABLE {table}__indexed")
    con.execute(
        "INSERT OR REPLACE INTO schema_state VALUES ('schema_hash', $h)", {"h": schema_hash()}
    )


def schema_hash() -> str:
    """Hash of the schema files' text: what ``schema_state`` records once applied."""
    h = hashlib.sha256()
    for path in schema_files():
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def schema_is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether ``con``'s database already has exactly this version of the schema."""
    try:
        row = con.execute("SELECT value FROM schema_state WHERE key = 'schema_hash'").fetchone()
    except duckdb.CatalogException:
        return False
    return row is not None and row[0] == schema_hash()


def ensure_schema(con: duckdb.DuckDBPyConnection) -> bool:
    """Apply the schema unless the file already has this version; True if applied."""
    if schema_is_current(con):
        return False
    apply_schema(con)
    return True
