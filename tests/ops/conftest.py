"""The real stack on loopback: Prefect server + work pool + deployments + a process
worker (flows/serve.py Stack), with the site farm in the worker's environment."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Two small farm sites keep the night short; one of them serves a few HTTP 500s.
OPS_SITES = ["sxd-thanhhoa", "quangninh-portal"]
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory, farm: Any) -> Iterator[Any]:
    from flows.serve import Stack, free_port

    root = tmp_path_factory.mktemp("ops")
    data = root / "data"
    env = {
        "PROVNEWS_DATA": str(data),
        "PROVNEWS_HOST_MAP": farm.host_map,
        "PROVNEWS_DELAY_SCALE": "0",
        "PROVNEWS_RETRY_DELAY": "1",
        "PREFECT_LOGGING_LEVEL": "INFO",
        # The scheduler fills the next runs within seconds instead of a minute.
        "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "5",
    }
    saved = {k: os.environ.pop(k, None) for k in ("PROVNEWS_DB", "PROVNEWS_SITES")}
    t0 = time.monotonic()
    with Stack(port=free_port(), home=root / "prefect", extra_env=env, crawl_limit=2) as s:
        s.timings["fixture_s"] = time.monotonic() - t0
        s.data_dir = data  # type: ignore[attr-defined]
        print(f"\nstack up: {s.timings}")
        yield s
    for k, v in saved.items():
        if v is not None:
            os.environ[k] = v


def deployment(stack: Any, name: str) -> dict[str, Any]:
    r = stack.api("GET", f"/deployments/name/nightly/{name}")
    r.raise_for_status()
    return r.json()


def wait_flow_run(stack: Any, flow_run_id: str, timeout: float = 300.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        fr = stack.api("GET", f"/flow_runs/{flow_run_id}").json()
        if (fr.get("state") or {}).get("type") in TERMINAL:
            return fr
        time.sleep(1)
    raise AssertionError(f"flow run {flow_run_id} not finished after {timeout}s: {fr.get('state')}")


@pytest.fixture(scope="session")
def completed_run(stack: Any) -> dict[str, Any]:
    """`nightly` triggered through the API like the UI's Run button, run by the worker."""
    dep = deployment(stack, "nightly")
    t0 = time.monotonic()
    r = stack.api(
        "POST",
        f"/deployments/{dep['id']}/create_flow_run",
        json={"parameters": {"sites": OPS_SITES}, "tags": ["ops-test"]},
    )
    r.raise_for_status()
    fr = wait_flow_run(stack, r.json()["id"])
    fr["_duration_s"] = time.monotonic() - t0
    print(f"\nnightly via worker: {fr['state']['type']} in {fr['_duration_s']:.1f}s")
    return fr


def db_path(stack: Any) -> Path:
    return stack.data_dir / "provnews.duckdb"
