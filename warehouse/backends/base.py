"""What a warehouse backend offers the rest of the pipeline.

Two backends implement it: ``DuckDBFile`` (``warehouse/backends/duckdb_file.py``,
one published file) and ``DuckLake`` (``warehouse/backends/ducklake.py``, a
PostgreSQL catalog and Parquet files). ``warehouse.backends.configured`` picks one
from ``PROVNEWS_WAREHOUSE``; nothing else chooses. Loads go through ``load``;
every read (search, export, health, the analyst queries in ``warehouse.query``)
opens a connection with ``reader``, in which the warehouse's tables, views and
macros are the default catalog, so the same SQL files run on both.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol, runtime_checkable

import duckdb

from warehouse.prepare import LoadResult


@runtime_checkable
class WarehouseBackend(Protocol):
    """A warehouse the pipeline loads into and reads from (structural: no base class)."""

    @property
    def name(self) -> str:
        """``duckdb`` or ``ducklake``."""
        ...

    @property
    def location(self) -> str:
        """Where it is, for people: the file's path or the catalog URL."""
        ...

    def exists(self) -> bool:
        """Whether there is a loaded warehouse to read."""
        ...

    def load(
        self, clean_dir: Path, run: dict, sites: list[dict], *, fts: bool = True
    ) -> LoadResult:
        """Merge one run's clean output (see ``warehouse.prepare.prepare_load``) and
        make it visible to readers at once; a failed load leaves nothing visible."""
        ...

    def reader(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        """A read-only connection, times in Asia/Ho_Chi_Minh; closed on exit."""
        ...

    def prepare_reads(self) -> None:
        """Make the read-side views and macros current (the ops views)."""
        ...
