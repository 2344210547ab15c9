"""Shared fixtures: Prefect isolated in a temporary home, the site farm on loopback."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before anything imports prefect: its home, database and analytics stay local.
_PREFECT_HOME = tempfile.mkdtemp(prefix="provnews-prefect-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["DO_NOT_TRACK"] = "1"
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# Two cores shared with scrapy subprocesses: the ephemeral server can start slowly.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.pop("PREFECT_API_URL", None)

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "sitefarm" / "corpus"


@pytest.fixture(scope="session")
def farm() -> Iterator[object]:
    from sitefarm import start_farm

    with start_farm() as running:
        yield running


@pytest.fixture
def pipeline_env(tmp_path: Path, farm: object, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder in tmp_path and every registered host mapped to the farm."""
    data = tmp_path / "data"
    monkeypatch.setenv("PROVNEWS_DATA", str(data))
    monkeypatch.delenv("PROVNEWS_DB", raising=False)
    monkeypatch.delenv("PROVNEWS_SITES", raising=False)
    monkeypatch.setenv("PROVNEWS_HOST_MAP", farm.host_map)  # type: ignore[attr-defined]
    monkeypatch.setenv("PROVNEWS_DELAY_SCALE", "0")
    return data
