"""Unattended nights on the real stack (server, automations, worker) on loopback:

- the API refuses a request without the secret (401), the secret file is 0600;
- the dead man's switch and the stuck-run watch (a run Late, and one Pending whose
  process never starts) reach a webhook receiver this test starts on 127.0.0.1,
  through the Prefect notification block `provnews serve` made (the 26 h window
  shortened to seconds by PROVNEWS_NIGHTLY_DEADLINE_S), and the window restarts at a
  Completed run (the next notice names that run and comes a whole window after it);
- a night whose worker and flow-run processes are all killed -9 mid-crawl is marked
  Crashed by the zombie automation, its crawl slot comes back, the supervisor restarts
  the worker, and the next deployment run completes with no hand; that Crashed run
  reaches the webhook through the failed-or-crashed watch.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from prefect.settings import get_current_settings

from flows.crawl import REPO_ROOT
from flows.serve import api_request
from tests.ops.conftest import TERMINAL

pytestmark = pytest.mark.slow

SITE = "sxd-thanhhoa"


class Receiver:
    """A webhook receiver on 127.0.0.1: keeps every JSON body POSTed to it."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []
        received = self.bodies

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                n = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(n) or b"{}")
                body["received_at"] = time.time()
                received.append(body)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"

    def wait_for(
        self, subject: str, timeout: float, naming: str = "", after: float = 0.0
    ) -> dict[str, Any]:
        """The first notification with ``subject`` whose body holds ``naming``, received at
        ``after`` (a time.time()) or later."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for body in list(self.bodies):
                if (
                    subject in str(body.get("subject"))
                    and naming in str(body.get("body"))
                    and body["received_at"] >= after
                ):
                    return body
            time.sleep(1)
        raise AssertionError(f"no {subject!r} notification in {timeout}s: {self.bodies}")


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.httpd.shutdown()


@pytest.fixture(scope="module")
def watched(tmp_path_factory: pytest.TempPathFactory, farm: Any, receiver: Receiver) -> Any:
    from flows.serve import Stack, free_port

    root = tmp_path_factory.mktemp("watch")
    env = {
        "PROVNEWS_DATA": str(root / "data"),
        "PROVNEWS_HOST_MAP": farm.host_map,
        "PROVNEWS_DELAY_SCALE": "0",
        "PROVNEWS_RETRY_DELAY": "1",
        "PROVNEWS_ALERT_WEBHOOK": receiver.url,
        "PROVNEWS_NIGHTLY_DEADLINE_S": "20",
        "PROVNEWS_STUCK_RUN_S": "15",
        "PREFECT_SERVER_SERVICES_LATE_RUNS_AFTER_SECONDS": "5",
        "PREFECT_SERVER_SERVICES_REPOSSESSOR_LOOP_SECONDS": "5",
    }
    saved = {k: os.environ.pop(k, None) for k in ("PROVNEWS_DB", "PROVNEWS_SITES")}
    with Stack(port=free_port(), home=root / "prefect", extra_env=env, crawl_limit=2) as s:
        yield s
    for k, v in saved.items():
        if v is not None:
            os.environ[k] = v


def _nightly_run(stack: Any, **extra: Any) -> str:
    dep = stack.api("GET", "/deployments/name/nightly/nightly").json()
    r = stack.api(
        "POST",
        f"/deployments/{dep['id']}/create_flow_run",
        json={"parameters": {"sites": [SITE]}, **extra},
    )
    r.raise_for_status()
    return r.json()["id"]


def _state(stack: Any, flow_run_id: str) -> dict[str, Any]:
    return stack.api("GET", f"/flow_runs/{flow_run_id}").json()["state"]


def _wait_state(stack: Any, flow_run_id: str, types: set[str], timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = _state(stack, flow_run_id)
        if state["type"] in types:
            return state
        time.sleep(1)
    raise AssertionError(f"{flow_run_id} not in {types} after {timeout}s: {state}")


def _crawl_slots(stack: Any) -> int:
    r = stack.api("GET", "/v2/concurrency_limits/tag:provnews-crawl")
    r.raise_for_status()
    return int(r.json()["active_slots"])


def _pids_with_env(key: str, value: str, exclude: set[int]) -> list[int]:
    """Processes whose environment has key=value (the stack's PREFECT_HOME)."""
    needle = f"{key}={value}".encode()
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) in exclude:
            continue
        try:
            if needle in (proc / "environ").read_bytes().split(b"\0"):
                pids.append(int(proc.name))
        except OSError:
            continue
    return pids


def test_the_api_refuses_requests_without_the_secret(watched: Any) -> None:
    secret = watched.home / "api-auth"
    assert secret.stat().st_mode & 0o777 == 0o600
    url = f"{watched.api_url}/deployments/filter"
    assert httpx.post(url, json={}, timeout=30).status_code == 401
    wrong = httpx.post(url, json={}, auth=("provnews", "guess"), timeout=30)
    assert wrong.status_code == 401
    user, _, password = secret.read_text().strip().partition(":")
    # retried on 503 as Prefect's client does: SQLite may be busy under load
    assert api_request("POST", url, json={}, auth=(user, password)).status_code == 200
    assert watched.env["PREFECT_API_AUTH_STRING"] == f"{user}:{password}"


def test_serve_again_keeps_the_automations_it_made(watched: Any) -> None:
    def ours() -> dict[str, str]:
        found = watched.api("POST", "/automations/filter", json={}).json()
        return {a["name"]: a["id"] for a in found if a["name"].startswith("provnews: ")}

    before = ours()
    assert set(before) == {
        "provnews: crash zombie runs", "provnews: no nightly completed",
        "provnews: nightly run stuck", "provnews: nightly run failed",
    }  # fmt: skip
    # Recreating the dead man's switch would restart its window: a second serve must not.
    assert watched.ensure_watches() == []
    assert ours() == before


def test_no_completed_nightly_and_a_stuck_run_reach_the_webhook(
    watched: Any, receiver: Receiver
) -> None:
    # No nightly has completed since serve made the automation 20 s ago.
    body = receiver.wait_for("no nightly run completed", timeout=180)
    assert "Completed in the last" in body["body"]
    # A run scheduled a minute ago that no worker picks up (its work queue is paused).
    dep = watched.api("GET", "/deployments/name/nightly/nightly").json()
    queue = watched.api(
        "GET", f"/work_pools/{dep['work_pool_name']}/queues/{dep['work_queue_name']}"
    ).json()
    watched.api("PATCH", f"/work_queues/{queue['id']}", json={"is_paused": True})
    try:
        past = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 60))
        run_id = _nightly_run(watched, state={"type": "SCHEDULED", "state_details": {
            "scheduled_time": past}})  # fmt: skip
        _wait_state(watched, run_id, {"SCHEDULED"}, timeout=5)
        stuck = receiver.wait_for("nightly run stuck", timeout=180)
        assert run_id in stuck["body"]
        watched.api("POST", f"/flow_runs/{run_id}/set_state", json={
            "state": {"type": "CANCELLED"}, "force": True})  # fmt: skip
        # A run a worker took (Pending) but whose process never started: stuck too.
        later = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3600))
        pending_id = _nightly_run(watched, state={"type": "SCHEDULED", "state_details": {
            "scheduled_time": later}})  # fmt: skip
        watched.api("POST", f"/flow_runs/{pending_id}/set_state", json={
            "state": {"type": "PENDING"}, "force": True})  # fmt: skip
        assert _state(watched, pending_id)["type"] == "PENDING"
        stuck = receiver.wait_for("nightly run stuck", timeout=180, naming=pending_id)
        assert "has been Pending" in stuck["body"]
        watched.api("POST", f"/flow_runs/{pending_id}/set_state", json={
            "state": {"type": "CANCELLED"}, "force": True})  # fmt: skip
    finally:
        watched.api("PATCH", f"/work_queues/{queue['id']}", json={"is_paused": False})


def test_a_night_killed_with_its_worker_is_crashed_and_the_next_completes(
    watched: Any, farm: Any, receiver: Receiver
) -> None:
    # A slow site, so the night is mid-crawl when everything is killed.
    farm.faults.set(SITE, rules=[{"kind": "latency", "seconds": 3.0}])
    try:
        run_id = _nightly_run(watched)
        _wait_state(watched, run_id, {"RUNNING"}, timeout=240)
        deadline = time.monotonic() + 120
        while _crawl_slots(watched) == 0 and time.monotonic() < deadline:
            time.sleep(1)
        assert _crawl_slots(watched) == 1  # the crawl task holds its slot
        # The machine "crashes" for this stack: the worker and every process it started.
        victims = _pids_with_env(
            "PREFECT_HOME", str(watched.home), exclude={os.getpid(), watched.server_proc.pid}
        )
        assert watched.worker_proc.pid in victims and len(victims) >= 2
        for pid in victims:
            os.kill(pid, signal.SIGKILL)
    finally:
        farm.faults.set(SITE)
    # Nobody is left to report: the zombie automation (3 missed heartbeats) does.
    crashed = _wait_state(watched, run_id, {"CRASHED"} | TERMINAL, timeout=300)
    assert crashed["type"] == "CRASHED", crashed
    assert "no heartbeat" in crashed["message"]
    # ... and the failed-or-crashed watch tells the webhook which run it was.
    alert = receiver.wait_for("nightly run Crashed", timeout=180)
    assert run_id in alert["body"] and "no heartbeat" in alert["body"], alert
    # The slot's lease expires and the server takes the slot back.
    deadline = time.monotonic() + 180
    while _crawl_slots(watched) and time.monotonic() < deadline:
        time.sleep(2)
    assert _crawl_slots(watched) == 0
    # The supervisor (what `provnews serve` runs every half second) restarts the worker.
    deadline = time.monotonic() + 120
    news = []
    while watched.worker_restarts == 0 and time.monotonic() < deadline:
        if said := watched.supervise_worker():
            news.append(said)
        time.sleep(0.5)
    assert watched.worker_restarts == 1 and watched.worker_online(), news
    # The next night runs to the end with nobody touching anything.
    nxt = _nightly_run(watched)
    done = _wait_state(watched, nxt, TERMINAL, timeout=400)
    assert done["type"] == "COMPLETED", done
    # The dead man's switch restarts its window at that Completed run: the next "no
    # nightly" notice names it and comes a whole window (20 s) after it, not sooner.
    # A window that ran out just before the run completed is still reported, as late as
    # the server's next proactive evaluation (every proactive_granularity, 5 s; the
    # Completed event itself may trigger it, and then the notice names this run): that
    # notice is the old window's, so the check starts past it (and the event's way
    # through the server's queue, a few seconds under load).
    completed_at = datetime.fromisoformat(done["timestamp"]).timestamp()
    every = get_current_settings().server.events.proactive_granularity.total_seconds()
    quiet = receiver.wait_for(
        "no nightly run completed", timeout=180, naming=nxt, after=completed_at + every + 4
    )
    assert quiet["received_at"] >= completed_at + 20 - 1, (quiet, done["timestamp"])
    assert "The last run to complete was" in quiet["body"]


def test_setup_only_serve_for_systemd(watched: Any) -> None:
    # What the worker unit's ExecStartPre runs against the server unit's server.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "PROVNEWS_"))}
    env.update({k: v for k, v in watched.extra_env.items() if k.startswith("PROVNEWS_")})
    env.update(
        {
            "PROVNEWS_PREFECT_PORT": str(watched.port),
            "PROVNEWS_PREFECT_HOME": str(watched.home),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        }
    )
    proc = subprocess.run(
        [sys.executable, "-m", "flows.cli", "serve", "--setup-only"],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "setup done" in proc.stdout
    assert "automations made" not in proc.stderr  # the running ones were kept
