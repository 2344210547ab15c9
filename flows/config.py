"""Run ids. The settings themselves live in provnews/settings.py (one typed object)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from provnews.settings import ConfigError

RUN_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


def check_run_id(run_id: str) -> str:
    """A run id names folders under the data folder: letters, digits, '_' and '-' only."""
    if not RUN_ID_RE.match(run_id):
        raise ConfigError(f"run id {run_id!r} must match {RUN_ID_RE.pattern}")
    return run_id


def new_run_id() -> str:
    """UTC start time, sortable; microseconds keep two runs in one second apart."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
