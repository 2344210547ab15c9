"""Chaos on the real command: `provnews serve` and the site farm up, one site whose host
refuses connections; kill -9 the worker mid-crawl, interrupt serve (Ctrl-C) while a
night cleans or loads, start serve again; then the next night, a deployment run that
nobody helps, completes, the dead site is flagged, and the warehouse holds what a clean
run of the same sites holds."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

from flows.serve import api_request, free_port
from tests.ops.conftest import TERMINAL
from tests.ops.test_newcomer import host_map_with_dead_host

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
ALIVE = ["sxd-thanhhoa", "quangninh-portal"]
DEAD, DEAD_HOST = "baolaocai", "baolaocai.vn"
SLOW = ALIVE[0]


class Serve:
    """`python -m flows.cli serve` as a child, its output collected line by line."""

    def __init__(self, env: dict[str, str]) -> None:
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "serve"],
            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in self.lines):
                return
            assert self.proc.poll() is None, "\n".join(self.lines[-30:])
            time.sleep(0.5)
        raise AssertionError(f"serve never said {text!r}:\n" + "\n".join(self.lines[-30:]))

    def worker_pid(self) -> int:
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
                cmd = (stat.parent / "cmdline").read_bytes().split(b"\0")
            except (OSError, IndexError, ValueError):
                continue
            if ppid == self.proc.pid and b"worker" in cmd:
                return int(stat.parent.name)
        raise AssertionError("serve has no worker child")

    def interrupt(self) -> int:
        self.proc.send_signal(signal.SIGINT)
        return self.proc.wait(timeout=120)


class Api:
    def __init__(self, port: int, home: Path) -> None:
        self.base = f"http://127.0.0.1:{port}/api"
        self.auth = tuple((home / "api-auth").read_text().strip().split(":", 1))

    def __call__(self, method: str, path: str, **kw: Any) -> Any:
        # Retried as Prefect's own client retries: a server just restarted on a busy
        # machine answers 503 while SQLite is busy (a fresh-clone CI run met one).
        r = api_request(method, self.base + path, auth=self.auth, timeout=60, **kw)
        r.raise_for_status()
        return r.json() if r.content else None

    def run_nightly(self, sites: list[str]) -> str:
        dep = self("GET", "/deployments/name/nightly/nightly")
        return self("POST", f"/deployments/{dep['id']}/create_flow_run",
                    json={"parameters": {"sites": sites}})["id"]  # fmt: skip

    def state(self, flow_run_id: str) -> dict[str, Any]:
        # A run or task run the server has just created may have no state yet.
        return self("GET", f"/flow_runs/{flow_run_id}")["state"] or {}

    def running_task(self, flow_run_id: str, prefix: str) -> bool:
        runs = self("POST", "/task_runs/filter", json={
            "task_runs": {"flow_run_id": {"any_": [flow_run_id]}}})  # fmt: skip
        return any(
            t["name"].startswith(prefix) and (t["state"] or {}).get("type") == "RUNNING"
            for t in runs
        )

    def wait(self, flow_run_id: str, types: set[str], timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        state: dict[str, Any] = {}
        while time.monotonic() < deadline:
            state = self.state(flow_run_id)
            if state.get("type") in types:
                return state
            time.sleep(1)
        raise AssertionError(f"{flow_run_id} not in {types} after {timeout}s: {state}")


def _articles_per_site(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM v_key_violations").fetchone()[0] == 0
        return dict(con.execute("SELECT site_id, count(*) FROM articles GROUP BY ALL").fetchall())


def _clean_run(tmp: Path, farm: Any) -> dict[str, int]:
    """What one undisturbed night of the live sites loads (`provnews run`, ephemeral)."""
    data = tmp / "clean-data"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "PROVNEWS_"))}
    env.update(
        {
            "PROVNEWS_DATA": str(data),
            "PROVNEWS_HOST_MAP": farm.host_map,
            "PROVNEWS_DELAY_SCALE": "0",
            "PREFECT_HOME": str(tmp / "clean-prefect"),
        }
    )
    args = [a for s in ALIVE for a in ("--site", s)]
    proc = subprocess.run([sys.executable, "-m", "flows.cli", "run", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=900)  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return _articles_per_site(data / "provnews.duckdb")


def test_nights_survive_a_killed_worker_an_interrupted_serve_and_a_dead_site(
    tmp_path: Path, farm: Any
) -> None:
    port = free_port()
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "PROVNEWS_"))}
    env.update(
        {
            "PROVNEWS_DATA": str(data),
            "PROVNEWS_PREFECT_PORT": str(port),
            "PROVNEWS_HOST_MAP": host_map_with_dead_host(farm.host_map, DEAD_HOST, free_port()),
            "PROVNEWS_DELAY_SCALE": "0",
            "PROVNEWS_RETRY_DELAY": "1",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1",
            "PREFECT_SERVER_SERVICES_REPOSSESSOR_LOOP_SECONDS": "5",
            "PYTHONUNBUFFERED": "1",
        }
    )
    sites = [*ALIVE, DEAD]
    serve = Serve(env)
    try:
        serve.wait_for("running: server, worker", timeout=300)
        api = Api(port, data / "prefect")

        # 1. kill -9 the worker while a night crawls (one site slowed down).
        farm.faults.set(SLOW, rules=[{"kind": "latency", "seconds": 2.0}])
        first = api.run_nightly(sites)
        deadline = time.monotonic() + 300
        while not api.running_task(first, "crawl-batch-"):  # SLOW's batch: every site
            assert time.monotonic() < deadline, api.state(first)
            time.sleep(0.5)
        os.kill(serve.worker_pid(), signal.SIGKILL)
        serve.wait_for("worker restarted", timeout=180)  # serve's supervisor, no hand
        farm.faults.set(SLOW)
        api.wait(first, TERMINAL, timeout=600)  # the orphaned run ends, one way or another

        # 2. Ctrl-C serve while the next night cleans or loads, then start it again.
        second = api.run_nightly(sites)
        deadline = time.monotonic() + 600
        while not (api.running_task(second, "clean-") or api.running_task(second, "load-")):
            assert time.monotonic() < deadline, api.state(second)
            assert api.state(second)["type"] not in TERMINAL, api.state(second)
            time.sleep(0.2)
        assert serve.interrupt() == 0
        serve = Serve(env)
        serve.wait_for("running: server, worker", timeout=300)
        # serve cancelled it on the way out (or it had just finished): not left Running
        assert api.state(second)["type"] in {"CANCELLED", "COMPLETED"}, api.state(second)

        # 3. The next night: a deployment run nobody helps.
        third = api.run_nightly(sites)
        done = api.wait(third, TERMINAL, timeout=900)
        assert done["type"] == "COMPLETED", done
        # The dead site is flagged in the night's artifacts and the warehouse.
        wanted = {"flow_run_id": {"any_": [third]}, "key": {"any_": ["site-health", "site-alerts"]}}
        arts = api("POST", "/artifacts/filter", json={"artifacts": wanted})
        by_key = {a["key"]: a for a in arts}
        assert f"| {DEAD} | **site_down** |" in by_key["site-alerts"]["data"]
        health = by_key["site-health"]["data"]
        rows = health if isinstance(health, list) else json.loads(health)
        assert {r["site"]: r["crawl"] for r in rows} == {
            ALIVE[0]: "ok",
            ALIVE[1]: "ok",
            DEAD: "failed",
        }
    finally:
        farm.faults.set(SLOW)
        if serve.proc.poll() is None:
            serve.interrupt()

    # The warehouse holds what one clean night of the live sites holds, and says the
    # dead site is down.
    got = _articles_per_site(data / "provnews.duckdb")
    with duckdb.connect(str(data / "provnews.duckdb"), read_only=True) as con:
        latest = con.execute("SELECT site_id, kind FROM v_site_alerts_latest").fetchall()
    assert (DEAD, "site_down") in latest
    assert got == _clean_run(tmp_path, farm)
