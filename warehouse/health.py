"""Site health and alerts on the published warehouse (SQL in ``sql/ops/`` and
``sql/queries/health_*.sql``).

``ensure_ops_views`` adds the operations macros and views (``pn_site_runs``,
``pn_site_alerts``, ``v_site_runs``, ``v_site_alerts``, ``v_site_alerts_latest``) to
the published file, through the same build-beside-and-replace publishing as the
loader. The loader copies the published file on every load, so this writes only
when the ops SQL changed (its hash is kept in the macro's comment) or the file is new.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import duckdb

from provnews.settings import default
from warehouse.backends import Warehouse, as_backend
from warehouse.db import connect, connect_read_only
from warehouse.publish import build_and_publish
from warehouse.sqlfiles import SQL_DIR, read_sql

OPS_DIR = SQL_DIR / "ops"
ALERT_KINDS = ("site_down", "yield_drop", "template_drift", "error_burst", "crawl_failed")


@dataclass(frozen=True)
class AlertThresholds:
    """Parameters of ``pn_site_alerts`` (see ``sql/ops/010_site_health.sql``)."""

    # Defaults: the PROVNEWS_ALERT_* settings' (flows/health.py passes their values).
    recent: int = default("alert_recent")  # runs that make a site's "usual" (median)
    quiet_nights: int = default("alert_quiet_nights")  # runs without a new article -> yield_drop
    drift_jump: float = default("alert_drift_jump")  # failure rate above usual -> template_drift
    drift_min_pages: int = default("alert_drift_min_pages")  # article pages to judge drift
    burst_ratio: float = default("alert_burst_ratio")  # failed URLs / URLs -> error_burst
    burst_min: int = default("alert_burst_min")  # failed URLs needed for error_burst
    # runs (the first not counted) before yield_drop can fire
    baseline_nights: int = default("alert_baseline_nights")


def ops_files() -> list[Path]:
    return sorted(OPS_DIR.glob("*.sql"))


def ops_version() -> str:
    h = hashlib.sha256()
    for p in ops_files():
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _marker() -> str:
    return f"provnews ops views {ops_version()}"


def apply_ops_views(con: duckdb.DuckDBPyConnection) -> None:
    """Create or replace the ops macros and views on a writable connection."""
    for p in ops_files():
        con.execute(p.read_text(encoding="utf-8"))
    con.execute(f"COMMENT ON MACRO TABLE pn_site_alerts IS '{_marker()}'")  # hex: no quoting


def ops_views_current(db_path: Path) -> bool:
    with connect_read_only(db_path) as con:
        row = con.execute(
            "SELECT comment FROM duckdb_functions() WHERE function_name = 'pn_site_alerts' LIMIT 1"
        ).fetchone()
    return bool(row) and row[0] == _marker()


def ensure_ops_views(db_path: Path, lock_timeout_s: float = 600.0) -> bool:
    """Make sure the published file has the current ops views; True when it wrote."""
    db_path = Path(db_path)
    if not db_path.exists() or ops_views_current(db_path):
        return False

    def apply(path: Path) -> None:
        con = connect(path)
        try:
            apply_ops_views(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()

    with build_and_publish(db_path, lock_timeout_s, replay=apply) as build:
        apply(build.path)
    return True


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    cur = con.execute(sql, params)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def run_health(
    where: Warehouse, run_id: str, thresholds: AlertThresholds | None = None
) -> dict[str, Any]:
    """What the nightly flow reports on ``run_id``: ``sites`` (``site_health`` by
    site id), ``alerts`` and ``failed_urls``, on either backend."""
    backend = as_backend(where)
    thresholds = thresholds or AlertThresholds()
    backend.prepare_reads()
    return {
        "sites": {r["site_id"]: r for r in site_health(backend, run_id, thresholds.recent)},
        "alerts": site_alerts(backend, run_id, thresholds),
        "failed_urls": failed_urls(backend, run_id),
    }


def site_health(
    where: Warehouse, run_id: str, recent: int = default("alert_recent")
) -> list[dict[str, Any]]:
    """Per site of ``run_id``: counts, extraction failures, rates, and the site's
    median yield / failure rates over its previous ``recent`` runs (None when the
    site has no earlier run). Needs the ops views (``prepare_reads``) first."""
    with as_backend(where).reader() as con:
        return _rows(con, read_sql("queries/health_run.sql"), {"run_id": run_id, "recent": recent})


def site_alerts(
    where: Warehouse, run_id: str, thresholds: AlertThresholds | None = None
) -> list[dict[str, Any]]:
    """Alerts (run_id, site_id, kind, detail) raised by ``run_id``."""
    params = {"run_id": run_id, **asdict(thresholds or AlertThresholds())}
    with as_backend(where).reader() as con:
        return _rows(con, read_sql("queries/health_alerts.sql"), params)


def failed_urls(where: Warehouse, run_id: str, per_site: int = 5) -> list[dict[str, Any]]:
    """A sample of the run's failed or unextractable URLs: site_id, url, stage, reason."""
    with as_backend(where).reader() as con:
        return _rows(
            con,
            read_sql("queries/health_failed_urls.sql"),
            {"run_id": run_id, "per_site": per_site},
        )
