"""End to end through the real Prefect server and a process worker on loopback."""

from __future__ import annotations

import time
from typing import Any

import duckdb
import pytest

from tests.ops.conftest import OPS_SITES, db_path, deployment

pytestmark = pytest.mark.slow


def test_server_binds_loopback_only(stack: Any) -> None:
    assert stack.api_url.startswith("http://127.0.0.1:")
    assert stack.env["PREFECT_SERVER_API_HOST"] == "127.0.0.1"
    assert stack.env["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"
    assert stack.children_alive() == ["server", "worker"]


def test_pool_limit_and_deployments_exist(stack: Any) -> None:
    pool = stack.api("GET", "/work_pools/provnews-process").json()
    assert pool["type"] == "process"
    limit = stack.api("GET", "/concurrency_limits/tag/provnews-crawl").json()
    assert limit["concurrency_limit"] == 2
    nightly = deployment(stack, "nightly")
    assert nightly["parameters"] == {"sites": None, "since": None, "full": False}
    assert set(nightly["tags"]) >= {"provnews", "nightly"}
    assert nightly["work_pool_name"] == "provnews-process"
    backfill = deployment(stack, "backfill")
    assert backfill["schedules"] == []
    assert backfill["parameters"]["full"] is True
    # The worker runs the flow from this checkout.
    step = nightly["pull_steps"][0]["prefect.deployments.steps.set_working_directory"]
    from flows.crawl import REPO_ROOT

    assert step["directory"] == str(REPO_ROOT)


def test_nightly_completes_through_the_worker(stack: Any, completed_run: dict[str, Any]) -> None:
    assert completed_run["state"]["type"] == "COMPLETED", completed_run["state"]
    tasks = stack.api(
        "POST",
        "/task_runs/filter",
        json={"flow_runs": {"id": {"any_": [completed_run["id"]]}}, "limit": 50},
    ).json()
    names = {t["name"] for t in tasks}
    assert {f"crawl-{s}" for s in OPS_SITES} <= names
    assert {t["state"]["type"] for t in tasks if t["name"].startswith("crawl-")} == {"COMPLETED"}
    # The crawl processes (batches of sites) hold the crawl tag's slots; a site's own
    # task run reports its outcome inside its batch's.
    crawl_tags = [set(t["tags"]) for t in tasks if t["name"].startswith("crawl-batch-")]
    assert crawl_tags and all("provnews-crawl" in tags for tags in crawl_tags)


def test_database_has_the_run(stack: Any, completed_run: dict[str, Any]) -> None:
    with duckdb.connect(str(db_path(stack)), read_only=True) as con:
        run_id, flow_run_id, status = con.execute(
            "SELECT run_id, flow_run_id, status FROM crawl_runs ORDER BY run_id DESC LIMIT 1"
        ).fetchone()
        assert flow_run_id == completed_run["id"]
        assert status == "completed"
        sites = dict(
            con.execute(
                "SELECT site_id, articles FROM v_site_runs WHERE run_id = ?", [run_id]
            ).fetchall()
        )
        assert set(sites) == set(OPS_SITES)
        assert all(n > 0 for n in sites.values()), sites
        n_articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert n_articles > 0
        # The ops views are in the published file, for analysts too.
        con.execute("SELECT * FROM v_site_alerts").fetchall()


def test_artifacts_through_the_api(stack: Any, completed_run: dict[str, Any]) -> None:
    arts = stack.api(
        "POST",
        "/artifacts/filter",
        json={"artifacts": {"flow_run_id": {"any_": [completed_run["id"]]}}},
    ).json()
    by_key = {a["key"]: a for a in arts}
    assert {"nightly-summary", "site-health", "site-alerts", "published-database"} <= set(by_key)
    md = by_key["nightly-summary"]["data"]
    assert "# Nightly run" in md and "completed" in md
    for site in OPS_SITES:
        assert f"| {site} |" in md
    assert "new / usual" in md and "first run" in md
    table = by_key["site-health"]["data"]
    assert {row["site"] for row in _table_rows(table)} == set(OPS_SITES)
    assert "provnews.duckdb" in by_key["published-database"]["data"]
    assert by_key["site-alerts"]["type"] == "markdown"


def test_warnings_carry_site_stage_and_url(stack: Any, completed_run: dict[str, Any]) -> None:
    # The flow run's last logs reach the API after its Completed state (Prefect ships
    # logs in batches from the run's process): poll, bounded, before judging.
    deadline = time.monotonic() + 30
    while True:
        logs = stack.api(
            "POST",
            "/logs/filter",
            json={"logs": {"flow_run_id": {"any_": [completed_run["id"]]}, "level": {"ge_": 30}}},
        ).json()
        warnings = [entry["message"] for entry in logs if entry["level"] == 30]
        ours = [m for m in warnings if m.startswith("site=")]
        if ours or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert ours, warnings  # the farm serves quangninh-portal a few HTTP 500s
    assert all(" stage=" in m and " url=" in m for m in ours)


def _table_rows(data: Any) -> list[dict[str, Any]]:
    import json

    if isinstance(data, str):
        data = json.loads(data)
    return data
