"""Operations settings of the nightly flow and its structured warnings.

Settings (provnews/settings.py, read when the flow starts):

- ``PROVNEWS_FAIL_RATIO`` (0.5): the night is Failed when more than this share of
  its sites failed to crawl; below it the run is Completed with a warning artifact.
- ``PROVNEWS_CRAWL_RETRIES`` (2) and ``PROVNEWS_RETRY_DELAY`` (30 s): a failed crawl
  is retried after 30 s, then 60 s, ... (exponential, with jitter). A crawl killed by
  its timeout (``PROVNEWS_SITE_TIMEOUT``) is not retried.
- ``PROVNEWS_ALERT_RECENT`` (14), ``PROVNEWS_ALERT_QUIET_NIGHTS`` (3),
  ``PROVNEWS_ALERT_DRIFT_JUMP`` (0.3), ``PROVNEWS_ALERT_DRIFT_MIN_PAGES`` (5),
  ``PROVNEWS_ALERT_BURST_RATIO`` (0.5), ``PROVNEWS_ALERT_BURST_MIN`` (5): alert
  thresholds (see ``warehouse/sql/ops/010_site_health.sql``).
  ``PROVNEWS_ALERT_BASELINE_NIGHTS`` (7): runs of a site (its first not counted)
  before a yield drop can alert.
- ``PROVNEWS_DB_URL``: where analysts get the published database (a share, an
  object-store URL); the run's link artifact points there, else to the local file.
- ``PROVNEWS_STAGE_TIMEOUT`` (3600 s): each of the clean, load and health tasks. A crawl
  task's timeout is the kill of its subprocess at ``PROVNEWS_SITE_TIMEOUT``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from provnews.settings import settings

if TYPE_CHECKING:
    from warehouse.health import AlertThresholds


# Flow timeouts are fixed bounds, not settings: Prefect takes a flow's timeout from its
# decorator, at import, and no setting is read then. Long enough for any night
# (PROVNEWS_SHARD_WAIT is 12 h), short enough that a hung night ends before the 26 h dead
# man's switch fires. A crawl-site run (shard mode) gets the same bound.
NIGHT_TIMEOUT_S = 20 * 3600


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
    stage_timeout_s: float = 3600.0

    def retry_delays(self) -> list[float]:
        return _delays(self.crawl_retries, self.retry_delay_s)


def crawl_retry_settings() -> tuple[int, list[float]]:
    """(retries, delays) of one site's crawl, the part of ``ops_settings`` a
    crawl-site run uses."""
    cfg = settings()
    return cfg.crawl_retries, _delays(cfg.crawl_retries, cfg.retry_delay_s)


def ops_settings() -> OpsSettings:
    from warehouse.health import AlertThresholds

    cfg = settings()
    return OpsSettings(
        fail_ratio=cfg.fail_ratio,
        crawl_retries=cfg.crawl_retries,
        retry_delay_s=cfg.retry_delay_s,
        thresholds=AlertThresholds(
            recent=cfg.alert_recent,
            quiet_nights=cfg.alert_quiet_nights,
            drift_jump=cfg.alert_drift_jump,
            drift_min_pages=cfg.alert_drift_min_pages,
            burst_ratio=cfg.alert_burst_ratio,
            burst_min=cfg.alert_burst_min,
            baseline_nights=cfg.alert_baseline_nights,
        ),
        db_url=cfg.db_url,
        stage_timeout_s=cfg.stage_timeout_s,
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
