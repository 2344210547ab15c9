"""Settings from the environment (stable names from DESIGN.md) and a `.env` file."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


class ConfigError(ValueError):
    """A setting has a value we cannot use; the message names the setting."""


def _load_dotenv(path: Path = Path(".env")) -> None:
    # Only fills names the environment does not already set: the environment wins.
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        os.environ.setdefault(key.strip(), value.strip().strip("'\""))


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    db_path: Path
    host_map: str
    max_parallel: int
    site_timeout_s: int

    @property
    def raw_root(self) -> Path:
        return self.data_dir / "raw"

    @property
    def clean_root(self) -> Path:
        return self.data_dir / "clean"

    @property
    def state_dir(self) -> Path:
        """What each site's earlier crawls saw (incremental crawling)."""
        return self.data_dir / "state"


def _int(name: str, default: int, low: int = 1) -> int:
    raw = os.environ.get(name, str(default))
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not an integer") from None
    if value < low:
        raise ConfigError(f"{name}={value} must be at least {low}")
    return value


def settings() -> Settings:
    _load_dotenv()
    data_dir = Path(os.environ.get("PROVNEWS_DATA", "data")).resolve()
    db = os.environ.get("PROVNEWS_DB")
    return Settings(
        data_dir=data_dir,
        db_path=Path(db).resolve() if db else data_dir / "provnews.duckdb",
        host_map=os.environ.get("PROVNEWS_HOST_MAP", ""),
        max_parallel=_int("PROVNEWS_MAX_PARALLEL", 4),
        site_timeout_s=_int("PROVNEWS_SITE_TIMEOUT", 1800, low=10),
    )


RUN_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


def check_run_id(run_id: str) -> str:
    """A run id names folders under the data folder: letters, digits, '_' and '-' only."""
    if not RUN_ID_RE.match(run_id):
        raise ConfigError(f"run id {run_id!r} must match {RUN_ID_RE.pattern}")
    return run_id


def new_run_id() -> str:
    """UTC start time, sortable; microseconds keep two runs in one second apart."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
