"""Fixtures for the scale tests: a real PostgreSQL (DuckLake catalog) per session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.scale.pg import Postgres, PostgresUnavailable, start_postgres


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    try:
        pg = start_postgres()
    except PostgresUnavailable as exc:
        pytest.skip(f"PostgreSQL cannot be started here: {exc}")
    try:
        yield pg
    finally:
        pg.stop()


@pytest.fixture
def lake_url(postgres: Postgres, tmp_path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh DuckLake (new catalog database, data files in tmp_path) selected by env."""
    url = postgres.lake_url(postgres.new_database())
    monkeypatch.setenv("PROVNEWS_WAREHOUSE", url)
    monkeypatch.setenv("PROVNEWS_LAKE_DATA", str(tmp_path / "lake"))
    return url
