"""Every ``PROVNEWS_*`` setting in one typed object, with its default and one line of doc.

A value comes from the environment, else from a ``.env`` file in the working directory,
else from its default; ``provnews settings`` prints each effective value and its source.
Nothing here runs at import time: every layer calls :func:`settings` when it needs the
values, so a test or a subprocess can change the environment first.

This module is deliberately light (no pydantic): the crawl subprocess, started once per
site per night, reads it and imports neither Prefect nor pydantic.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import Field, dataclass, field, fields
from pathlib import Path
from typing import Any

DOTENV = Path(".env")


class ConfigError(ValueError):
    """A setting has a value we cannot use; the message names the setting."""


# -- parsers: raw text -> typed value; a ValueError's text says what was expected ------


def _int(raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise ValueError("is not an integer") from None


def _float(raw: str) -> float:
    try:
        return float(raw)
    except ValueError:
        raise ValueError("is not a number") from None


def _path(raw: str) -> Path:
    return Path(raw).resolve()


def _text(raw: str) -> str:
    return raw


def parse_host_map(text: str) -> dict[str, str]:
    """`host=ip:port,…` → {host: "127.0.0.1:port"}; raises ValueError naming the bad part."""
    mapping: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        host, sep, target = part.partition("=")
        ip, colon, port = target.rpartition(":")
        if not sep or not colon or not port.isdigit() or ip not in ("127.0.0.1", "localhost"):
            raise ValueError(f"PROVNEWS_HOST_MAP: {part!r} is not host=127.0.0.1:PORT")
        mapping[host.strip().lower()] = f"127.0.0.1:{port}"
    return mapping


def _host_map(raw: str) -> str:
    parse_host_map(raw)  # only checks: the crawl's download handler parses it again
    return raw


def _setting(
    env: str,
    default: Any,
    doc: str,
    *,
    parse: Callable[[str], Any] = _text,
    low: float | None = None,
    high: float | None = None,
    choices: tuple[str, ...] = (),
    shown_default: str | None = None,
) -> Any:
    """A dataclass field that is also a setting: its variable, parser, bounds and doc."""
    meta = {
        "env": env,
        "doc": doc,
        "parse": parse,
        "low": low,
        "high": high,
        "choices": choices,
        "shown_default": shown_default,
    }
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class Settings:
    """The effective settings. Field order is the order of ``provnews settings`` and the
    README table."""

    # -- data and warehouse ------------------------------------------------------------
    data_dir: Path = _setting(
        "PROVNEWS_DATA",
        Path("data"),
        "data folder: raw and clean zones, crawl state, the published database",
        parse=_path,
        shown_default="data",
    )
    db_path: Path = _setting(
        "PROVNEWS_DB",
        None,
        "the published DuckDB file",
        parse=_path,
        shown_default="$PROVNEWS_DATA/provnews.duckdb",
    )
    sites: str = _setting(
        "PROVNEWS_SITES",
        "",
        "extra registry files or folders, ':'-separated, read after the built-in ones",
    )
    warehouse: str = _setting(
        "PROVNEWS_WAREHOUSE",
        "",
        "warehouse backend: duckdb (the file) or ducklake:postgresql://user@host:port/db",
        shown_default="duckdb",
    )
    lake_data: str | None = _setting(
        "PROVNEWS_LAKE_DATA",
        None,
        "DuckLake data files (a folder or s3://…); the catalog remembers it once created",
        shown_default="$PROVNEWS_DATA/lake/",
    )
    standby_wait_s: float = _setting(
        "PROVNEWS_STANDBY_WAIT_S",
        2.0,
        "seconds a publish waits for readers of the old file before dropping the standby",
        parse=_float,
        low=0,
    )
    db_url: str | None = _setting(
        "PROVNEWS_DB_URL",
        None,
        "where analysts get the published database; the run's link artifact points there",
        shown_default="the local file",
    )
    # -- crawling ----------------------------------------------------------------------
    host_map: str = _setting(
        "PROVNEWS_HOST_MAP",
        "",
        "host=127.0.0.1:PORT,…: send those hosts to a local server (the site farm)",
        parse=_host_map,
    )
    max_parallel: int = _setting(
        "PROVNEWS_MAX_PARALLEL",
        4,
        "crawl processes at once (each crawls up to PROVNEWS_CRAWL_BATCH sites)",
        parse=_int,
        low=1,
    )
    crawl_batch: int = _setting(
        "PROVNEWS_CRAWL_BATCH",
        12,
        "sites crawled in one Scrapy process (local mode); each keeps its own delay,"
        " concurrency and robots.txt",
        parse=_int,
        low=1,
    )
    site_timeout_s: int = _setting(
        "PROVNEWS_SITE_TIMEOUT",
        1800,
        "seconds per site crawl; the crawl stops itself at about 70% of it",
        parse=_int,
        low=10,
    )
    delay_scale: float = _setting(
        "PROVNEWS_DELAY_SCALE",
        1.0,
        "multiplies every per-site delay (0 for the local farm)",
        parse=_float,
        low=0,
    )
    download_timeout_s: int = _setting(
        "PROVNEWS_DOWNLOAD_TIMEOUT", 30, "seconds per HTTP request", parse=_int, low=1
    )
    max_bytes: int = _setting(
        "PROVNEWS_MAX_BYTES",
        16 * 1024 * 1024,
        "largest response body fetched, in bytes",
        parse=_int,
        low=1,
    )
    retry_after_max_s: float = _setting(
        "PROVNEWS_RETRY_AFTER_MAX",
        60.0,
        "longest wait honoured from a 429/503 Retry-After header, in seconds",
        parse=_float,
        low=0,
    )
    backfill_max_pages: int = _setting(
        "PROVNEWS_BACKFILL_MAX_PAGES",
        200,
        "listing pages a backfill (since=…) walks at most per listing",
        parse=_int,
        low=1,
    )
    revalidate_days: int = _setting(
        "PROVNEWS_REVALIDATE_DAYS",
        30,
        "known articles younger than this many days that show no update time are revalidated"
        " (0: never)",
        parse=_int,
        low=0,
    )
    revalidate_share: float = _setting(
        "PROVNEWS_REVALIDATE_SHARE",
        0.1,
        "share of those asked again (conditionally) per night: each within ceil(1/share) nights",
        parse=_float,
        low=0,
        high=1,
    )
    scrapy_log_level: str = _setting(
        "PROVNEWS_SCRAPY_LOG_LEVEL",
        "INFO",
        "log level of the crawl subprocesses",
        choices=("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"),
    )
    # -- orchestration -----------------------------------------------------------------
    crawl_mode: str = _setting(
        "PROVNEWS_CRAWL_MODE",
        "local",
        "local (crawls in the nightly flow's process) or shard (one flow run per site)",
        choices=("local", "shard"),
    )
    raw_url: str | None = _setting(
        "PROVNEWS_RAW_URL",
        None,
        "shard mode: shared raw storage (path, file:// or s3:// URL)",
        shown_default="$PROVNEWS_DATA/raw",
    )
    state_url: str | None = _setting(
        "PROVNEWS_STATE_URL",
        None,
        "shard mode: shared crawl state",
        shown_default="state beside PROVNEWS_RAW_URL",
    )
    shard_wait_s: float = _setting(
        "PROVNEWS_SHARD_WAIT",
        12 * 3600.0,
        "seconds a sharded night waits for its crawl-site runs",
        parse=_float,
        low=0,
    )
    crawl_retries: int = _setting(
        "PROVNEWS_CRAWL_RETRIES",
        2,
        "retries of a failed site crawl (a crawl killed by its timeout is not retried)",
        parse=_int,
        low=0,
    )
    retry_delay_s: float = _setting(
        "PROVNEWS_RETRY_DELAY",
        30.0,
        "seconds before the first retry; doubles for each next one",
        parse=_float,
        low=0,
    )
    fail_ratio: float = _setting(
        "PROVNEWS_FAIL_RATIO",
        0.5,
        "the night is Failed when more than this share of its sites failed to crawl",
        parse=_float,
        low=0,
    )
    alert_recent: int = _setting(
        "PROVNEWS_ALERT_RECENT", 14, "runs that make a site's usual (median)", parse=_int, low=1
    )
    alert_quiet_nights: int = _setting(
        "PROVNEWS_ALERT_QUIET_NIGHTS",
        3,
        "runs in a row without a new article before a yield_drop alert",
        parse=_int,
        low=1,
    )
    alert_drift_jump: float = _setting(
        "PROVNEWS_ALERT_DRIFT_JUMP",
        0.3,
        "extraction failure rate above the usual that raises template_drift",
        parse=_float,
        low=0,
    )
    alert_drift_min_pages: int = _setting(
        "PROVNEWS_ALERT_DRIFT_MIN_PAGES",
        5,
        "article pages needed to judge template drift",
        parse=_int,
        low=1,
    )
    alert_burst_ratio: float = _setting(
        "PROVNEWS_ALERT_BURST_RATIO",
        0.5,
        "failed URLs / URLs that raises error_burst",
        parse=_float,
        low=0,
    )
    alert_burst_min: int = _setting(
        "PROVNEWS_ALERT_BURST_MIN", 5, "failed URLs needed for error_burst", parse=_int, low=1
    )
    alert_baseline_nights: int = _setting(
        "PROVNEWS_ALERT_BASELINE_NIGHTS",
        7,
        "runs of a site (its first, the backlog, not counted) before yield_drop can fire",
        parse=_int,
        low=0,
    )
    stage_timeout_s: float = _setting(
        "PROVNEWS_STAGE_TIMEOUT",
        3600.0,
        "seconds for each of the clean, load and health tasks of a night",
        parse=_float,
        low=10,
    )
    heartbeat_s: int = _setting(
        "PROVNEWS_HEARTBEAT_S",
        30,
        "`provnews serve`: seconds between flow-run heartbeats; 3 missed = Crashed",
        parse=_int,
        low=30,  # Prefect's minimum
    )
    nightly_deadline_s: float = _setting(
        "PROVNEWS_NIGHTLY_DEADLINE_S",
        26 * 3600.0,
        "`provnews serve`: alert when no nightly run Completed within this many seconds",
        parse=_float,
        low=10,  # Prefect refuses shorter proactive windows
    )
    stuck_run_s: float = _setting(
        "PROVNEWS_STUCK_RUN_S",
        1800.0,
        "`provnews serve`: alert when a nightly run stays Late or Pending this long",
        parse=_float,
        low=10,
    )
    alert_webhook: str | None = _setting(
        "PROVNEWS_ALERT_WEBHOOK",
        None,
        "`provnews serve`: URL the alert automations POST to (a Prefect webhook block)",
        shown_default="none: only the zombie-run automation",
    )
    prefect_port: int = _setting(
        "PROVNEWS_PREFECT_PORT",
        4200,
        "port of the Prefect server `provnews serve` starts on 127.0.0.1",
        parse=_int,
        low=1,
        high=65535,
    )
    prefect_home: Path | None = _setting(
        "PROVNEWS_PREFECT_HOME",
        None,
        "Prefect home and SQLite database of `provnews serve`",
        parse=_path,
        shown_default="$PROVNEWS_DATA/prefect",
    )

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


@dataclass(frozen=True)
class Info:
    """One setting as ``provnews settings`` shows it."""

    name: str
    value: Any
    source: str  # "default", ".env" or "environment"
    default: str
    doc: str


def _check(meta: Mapping[str, Any], raw: str) -> Any:
    """``raw`` parsed and checked, or ConfigError naming the variable."""
    name = meta["env"]
    if meta["choices"]:
        value = raw.strip()
        value = value.upper() if meta["choices"][0].isupper() else value.lower()
        if value not in meta["choices"]:
            raise ConfigError(f"{name}={raw!r}: expected one of {', '.join(meta['choices'])}")
        return value
    try:
        value = meta["parse"](raw)
    except ValueError as e:
        text = str(e)
        raise ConfigError(text if text.startswith(name) else f"{name}={raw!r} {text}") from None
    if meta["low"] is not None and value < meta["low"]:
        raise ConfigError(f"{name}={value} must be at least {meta['low']}")
    if meta["high"] is not None and value > meta["high"]:
        raise ConfigError(f"{name}={value} must be at most {meta['high']}")
    return value


def _resolve(
    environ: Mapping[str, str], dotenv: Mapping[str, str]
) -> tuple[Settings, dict[str, str]]:
    """Settings and each variable's source. An empty value counts as unset."""
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for f in fields(Settings):
        env = f.metadata["env"]
        if environ.get(env, "") != "":
            raw, sources[env] = environ[env], "environment"
        elif dotenv.get(env, "") != "":
            raw, sources[env] = dotenv[env], ".env"
        else:
            sources[env] = "default"
            if f.metadata["parse"] is _path and f.default is not None:
                values[f.name] = _path(str(f.default))  # relative to the working directory
            continue
        values[f.name] = _check(f.metadata, raw)
    if "db_path" not in values:  # the default follows PROVNEWS_DATA
        values["db_path"] = values["data_dir"] / "provnews.duckdb"
    return Settings(**values), sources


def load(
    environ: Mapping[str, str] | None = None, dotenv: Mapping[str, str] | None = None
) -> Settings:
    """Settings from ``environ`` (default ``os.environ``) over ``dotenv`` (default none).

    Raises ConfigError, one line naming the variable, for the first bad value."""
    return _resolve(os.environ if environ is None else environ, dotenv or {})[0]


def read_dotenv(path: Path = DOTENV) -> dict[str, str]:
    """``NAME=value`` lines of a .env file (``#`` comments, optional quotes); {} if absent."""
    if not path.is_file():
        return {}
    pairs: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        pairs[key.strip()] = value.strip().strip("'\"")
    return pairs


def export_dotenv(path: Path = DOTENV) -> dict[str, str]:
    """Read ``.env`` and put the names the environment does not set into ``os.environ``, so
    subprocesses (the crawls, the Prefect worker) see the same settings. Returns the file's
    pairs. The environment wins: a name it already sets is left alone."""
    pairs = read_dotenv(path)
    for key, value in pairs.items():
        if key not in os.environ:
            os.environ[key] = value
            _EXPORTED[key] = value
    return pairs


# Names export_dotenv put into os.environ (and the value it put), so a later call can still
# tell a value that came from .env from one the environment set.
_EXPORTED: dict[str, str] = {}


def _environment_only() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if _EXPORTED.get(k) != v}


def settings() -> Settings:
    """The effective settings: environment over ``.env`` (in the working directory) over
    defaults. Read on every call (cheap), never cached, never at import."""
    dotenv = export_dotenv()
    return _resolve(_environment_only(), dotenv)[0]


def describe() -> list[Info]:
    """Every setting's effective value, where it came from, its default and its doc."""
    dotenv = export_dotenv()
    cfg, sources = _resolve(_environment_only(), dotenv)
    return [
        Info(
            name=f.metadata["env"],
            value=getattr(cfg, f.name),
            source=sources[f.metadata["env"]],
            default=shown_default(f),
            doc=f.metadata["doc"],
        )
        for f in fields(Settings)
    ]


def shown_default(f: Field[Any]) -> str:
    """The default as the docs write it (a derived default names what it follows)."""
    if f.metadata["shown_default"] is not None:
        return f.metadata["shown_default"]
    return "" if f.default in ("", None) else str(f.default)


def default(attr: str) -> Any:
    """The default of the setting held in ``attr``, for code with a default of its own
    (a function parameter, a dataclass field) that must agree with the setting's."""
    return Settings.__dataclass_fields__[attr].default


def names() -> list[str]:
    """Every PROVNEWS_* variable the settings object reads."""
    return [f.metadata["env"] for f in fields(Settings)]
