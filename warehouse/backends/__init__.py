"""Warehouse backends, chosen by ``PROVNEWS_WAREHOUSE``.

- unset, ``duckdb`` or ``duckdb:<path>``: the single published DuckDB file (the
  default; ``PROVNEWS_DB`` or ``$PROVNEWS_DATA/provnews.duckdb``), one writer at a
  time, built beside and swapped in (``warehouse/loader.py``, ``warehouse/publish.py``);
- ``ducklake:postgresql://user@host:port/dbname`` (any libpq URI or
  ``ducklake:postgres:dbname=… host=…``): a DuckLake warehouse, catalog in
  PostgreSQL, Parquet data files under ``PROVNEWS_LAKE_DATA`` (default
  ``$PROVNEWS_DATA/lake/``; ``s3://bucket/lake/`` on several machines). Several
  loaders may commit at once (``warehouse/backends/ducklake.py``).
"""

from __future__ import annotations

from provnews.settings import settings

ENV = "PROVNEWS_WAREHOUSE"


class BackendConfigError(ValueError):
    """PROVNEWS_WAREHOUSE names no backend we know."""


def warehouse_setting() -> str:
    return settings().warehouse.strip()


def ducklake_url(value: str | None = None) -> str | None:
    """The DuckLake catalog URL when the DuckLake backend is selected, else None."""
    value = warehouse_setting() if value is None else value.strip()
    if not value or value == "duckdb" or value.startswith("duckdb:"):
        return None
    if value.startswith("ducklake:"):
        rest = value[len("ducklake:") :]
        if not rest:
            raise BackendConfigError(f"{ENV}={value!r}: give the catalog, ducklake:postgresql://…")
        return value
    raise BackendConfigError(
        f"{ENV}={value!r}: expected duckdb (default) or ducklake:postgresql://user@host:port/db"
    )
