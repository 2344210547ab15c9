"""Opening DuckDB files: never let DuckDB download anything at run time.

DuckDB auto-installs "known" extensions on demand — opening a SQLite file handed to us
as the warehouse, for instance, makes it fetch `sqlite_scanner` from the internet. Every
connection the warehouse opens goes through here with that switched off; the extensions
we do use (fts, ducklake, postgres) are loaded by path from their wheels.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

#: the warehouse shows times in Vietnam's time (both backends, every session)
TIMEZONE = "Asia/Ho_Chi_Minh"

NO_DOWNLOADS = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}


def connect(path: Path | str | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    database = ":memory:" if path is None else str(path)
    return duckdb.connect(database, read_only=read_only, config=dict(NO_DOWNLOADS))


def connect_read_only(db_path: Path) -> duckdb.DuckDBPyConnection:
    """Open the published file read-only, times shown in Asia/Ho_Chi_Minh."""
    con = connect(db_path, read_only=True)
    con.execute(f"SET TimeZone = '{TIMEZONE}'")
    return con


class NotDuckDB(ValueError):
    """A file where the warehouse should be is not a DuckDB database."""


def check_duckdb_file(path: Path) -> None:
    """Refuse, naming the file, anything that is not a DuckDB database (magic `DUCK`)."""
    with open(path, "rb") as f:
        header = f.read(12)
    if len(header) < 12 or header[8:12] != b"DUCK":
        raise NotDuckDB(f"{path}: not a DuckDB database file; refusing to load into it")
