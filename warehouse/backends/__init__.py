"""Warehouse backends, chosen by ``PROVNEWS_WAREHOUSE``.

- unset or ``duckdb``: the single published DuckDB file (the default;
  ``PROVNEWS_DB`` or ``$PROVNEWS_DATA/provnews.duckdb``), one writer at a
  time, built beside and swapped in (``warehouse/loader.py``, ``warehouse/publish.py``);
- ``ducklake:postgresql://user@host:port/dbname`` (any libpq URI or
  ``ducklake:postgres:dbname=… host=…``): a DuckLake warehouse, catalog in
  PostgreSQL, Parquet data files under ``PROVNEWS_LAKE_DATA`` (default
  ``$PROVNEWS_DATA/lake/``; ``s3://bucket/lake/`` on several machines). Several
  loaders may commit at once (``warehouse/backends/ducklake.py``).

Both are a ``WarehouseBackend`` (``base.py``). ``configured`` is the one place that
reads the choice; loads, search, export and health all take the backend it returns.
"""

from __future__ import annotations

from pathlib import Path

from provnews.settings import settings
from warehouse.backends.base import WarehouseBackend
from warehouse.backends.duckdb_file import DuckDBFile
from warehouse.backends.ducklake import DuckLake

ENV = "PROVNEWS_WAREHOUSE"

#: what the read functions accept: a backend, or the path of a DuckDB file
Warehouse = WarehouseBackend | Path | str

__all__ = [
    "BackendConfigError", "DuckDBFile", "DuckLake", "Warehouse", "WarehouseBackend",
    "as_backend", "configured",
]  # fmt: skip


class BackendConfigError(ValueError):
    """PROVNEWS_WAREHOUSE names no backend we know."""


def configured(db_path: Path | None = None) -> WarehouseBackend:
    """The backend ``PROVNEWS_WAREHOUSE`` selects: DuckLake, or else the DuckDB file
    ``db_path`` (default: the settings' ``PROVNEWS_DB``). Raises ``BackendConfigError``."""
    value = settings().warehouse.strip()
    if not value or value == "duckdb":
        return DuckDBFile(Path(db_path) if db_path is not None else settings().db_path)
    if value.startswith("duckdb:"):  # a path here would silently lose to PROVNEWS_DB
        raise BackendConfigError(f"{ENV}={value!r}: the file's path is PROVNEWS_DB; write duckdb")
    if value.startswith("ducklake:") and value != "ducklake:":
        return DuckLake(value)
    raise BackendConfigError(
        f"{ENV}={value!r}: expected duckdb (default) or ducklake:postgresql://user@host:port/db"
    )


def as_backend(where: Warehouse) -> WarehouseBackend:
    """``where`` itself if it is a backend; a path names a DuckDB file."""
    if isinstance(where, (str, Path)):
        return DuckDBFile(Path(where))
    return where
