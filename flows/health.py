"""Operations settings of the nightly flow and its structured warnings.

Settings (environment, read when the flow starts):

- ``PROVNEWS_FAIL_RATIO`` (0.5): the night is Failed when more than this share of
  its sites failed to crawl; below it the run is Completed with a warning artifact.
- ``PROVNEWS_CRAWL_RETRIES`` (2) and ``PROVNEWS_RETRY_DELAY`` (30 s): a failed crawl
  is retried after 30 s, then 60 s, ... (exponential, with jitter). A crawl killed by
  its timeout (``PROVNEWS_SITE_TIMEOUT``) is not retried.
- ``PROVNEWS_ALERT_RECENT`` (14), ``PROVNEWS_ALERT_QUIET_NIGHTS`` (3),
  ``PROVNEWS_ALERT_DRIFT_JUMP`` (0.3), ``PROVNEWS_ALERT_DRIFT_MIN_PAGES`` (5),
  ``PROVNEWS_ALERT_BURST_RATIO`` (0.5), ``PROVNEWS_ALERT_BURST_MIN`` (5): alert
  thresholds (see ``warehouse/sql/ops/010_site_health.sql``).
- ``PROVNEWS_DB_URL``: where analysts get the published database (a share, an
  object-store URL); the run's link artifact points there, else to the local file.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flows.config import ConfigError

if TYPE_CHECKING:
    from warehouse.health import AlertThresholds


def _num(name: str, default: float, cast: type = float, low: float = 0) -> Any:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return cast(default)
    try:
        value = cast(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a number") from None
    if value < low:
        raise ConfigError(f"{name}={value} must be at least {low}")
    return value


def _thresholds() -> AlertThresholds:
    # warehouse.health imports duckdb; a crawl-site run (one process per site) never
    # judges health, so only the processes that need thresholds pay for it.
    from warehouse.health import AlertThresholds

    return AlertThresholds()


def _delays(retries: int, delay_s: float) -> list[float]:
    return [delay_s * 2**i for i in range(retries)]


@dataclass(frozen=True)
class OpsSettings:
    fail_ratio: float = 0.5
    crawl_retries: int = 2
    retry_delay_s: float = 30.0
    thresholds: AlertThresholds = field(default_factory=_thresholds)
    db_url: str | None = None

    def retry_delays(self) -> list[float]:
        return _delays(self.crawl_retries, self.retry_delay_s)


def crawl_retry_settings() -> tuple[int, list[float]]:
    """(retries, delays) of one site's crawl, the part of ``ops_settings`` a
    crawl-site run uses."""
    retries = _num("PROVNEWS_CRAWL_RETRIES", 2, int)
    return retries, _delays(retries, _num("PROVNEWS_RETRY_DELAY", 30.0))


def ops_settings() -> OpsSettings:
    from warehouse.health import AlertThresholds

    d = AlertThresholds()
    return OpsSettings(
        fail_ratio=_num("PROVNEWS_FAIL_RATIO", 0.5),
        crawl_retries=_num("PROVNEWS_CRAWL_RETRIES", 2, int),
        retry_delay_s=_num("PROVNEWS_RETRY_DELAY", 30.0),
        thresholds=AlertThresholds(
            recent=_num("PROVNEWS_ALERT_RECENT", d.recent, int, 1),
            quiet_nights=_num("PROVNEWS_ALERT_QUIET_NIGHTS", d.quiet_nights, int, 1),
            drift_jump=_num("PROVNEWS_ALERT_DRIFT_JUMP", d.drift_jump),
            drift_min_pages=_num("PROVNEWS_ALERT_DRIFT_MIN_PAGES", d.drift_min_pages, int, 1),
            burst_ratio=_num("PROVNEWS_ALERT_BURST_RATIO", d.burst_ratio),
            burst_min=_num("PROVNEWS_ALERT_BURST_MIN", d.burst_min, int, 1),
        ),
        db_url=os.environ.get("PROVNEWS_DB_URL") or None,
    )


def night_status(n_sites: int, failed: list[str], fail_ratio: float) -> str:
    """``failed`` when more than ``fail_ratio`` of the sites failed, else ``completed``."""
    return "failed" if n_sites and len(failed) / n_sites > fail_ratio else "completed"


def warn(
    logger: logging.Logger | logging.LoggerAdapter,
    message: str,
    *,
    site: str | None,
    stage: str,
    url: str | None = None,
    **fields: Any,
) -> None:
    """A warning that always carries site, stage and URL, in the text (what the
    Prefect UI shows) and as ``extra`` fields (for JSON log handlers)."""
    parts = [f"site={site or '-'}", f"stage={stage}", f"url={url or '-'}"]
    parts += [f"{k}={v}" for k, v in fields.items()]
    logger.warning(
        "%s %s",
        " ".join(parts),
        message,
        extra={"site": site, "stage": stage, "url": url, **fields},
    )
