"""The night's summary and the four Prefect artifacts a run leaves for the UI.

``night_summary`` is what the flow returns (and the CLI prints); ``publish_artifacts``
writes ``nightly-summary`` (markdown), ``site-health`` (table), ``site-alerts``
(markdown) and ``published-database`` (link). The texts come from flows/report.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from prefect.artifacts import (
    create_link_artifact,
    create_markdown_artifact,
    create_table_artifact,
)

from flows.report import alerts_markdown, health_table, summary_markdown

if TYPE_CHECKING:  # a type only: a crawl-site run imports this module and needs no duckdb
    from warehouse.backends.base import WarehouseBackend


def night_summary(
    run_id: str,
    status: str,
    failed: list[str],
    site_rows: list[dict[str, Any]],
    warehouse: WarehouseBackend,
    db_url: str | None,
) -> dict[str, Any]:
    """``db_path`` is where the published warehouse is, for people (a DuckLake catalog's
    password redacted); ``db_url`` the link analysts follow: PROVNEWS_DB_URL, else the
    file's URI, else the catalog itself."""
    where = warehouse.location
    return {
        "run_id": run_id,
        "db_path": where,
        "db_url": db_url or (Path(where).as_uri() if warehouse.name == "duckdb" else where),
        "status": status,
        "failed_sites": failed,
        "sites": {row["site_id"]: row for row in site_rows},
        "alerts": [],
    }


def publish_artifacts(
    summary: dict[str, Any], health: dict[str, Any], *, n_sites: int, fail_ratio: float
) -> None:
    run_id = summary["run_id"]
    create_markdown_artifact(
        key="nightly-summary",
        markdown=summary_markdown(summary, health["sites"], fail_ratio=fail_ratio, n_sites=n_sites),
        description=f"run {run_id}: per-site health",
    )
    create_table_artifact(
        key="site-health",
        table=health_table(summary, health["sites"]),
        description=f"run {run_id}: per-site counts",
    )
    create_markdown_artifact(
        key="site-alerts",
        markdown=alerts_markdown(run_id, health["alerts"], summary["failed_sites"]),
        description=f"run {run_id}: alerts",
    )
    create_link_artifact(
        key="published-database",
        link=summary["db_url"],
        link_text=summary["db_path"],
        description="the published warehouse",
    )
