"""The default warehouse: one DuckDB file, built beside and swapped in.

Loads go through ``warehouse.loader.load_run`` (one writer at a time, readers
never blocked, see ``warehouse.publish``); reads open the published file read-only.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.db import connect_read_only
from warehouse.loader import load_run
from warehouse.prepare import LoadResult


@dataclass(frozen=True)
class DuckDBFile:
    """The published DuckDB file at ``path``; a ``warehouse.backends.WarehouseBackend``."""

    path: Path

    @property
    def name(self) -> str:
        return "duckdb"

    @property
    def location(self) -> str:
        return str(self.path)

    def exists(self) -> bool:
        return self.path.exists()

    def load(
        self, clean_dir: Path, run: dict, sites: list[dict], *, fts: bool = True
    ) -> LoadResult:
        return load_run(self.path, clean_dir, run, sites, fts=fts)

    def reader(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        return connect_read_only(self.path)

    def prepare_reads(self) -> None:
        """Add the ops views to the published file when their SQL changed."""
        from warehouse.health import ensure_ops_views

        ensure_ops_views(self.path)
