"""`provnews serve`: a local Prefect server, the deployments of prefect.yaml and a worker.

One command, idempotent, loopback only:

1. start `prefect server start` on 127.0.0.1 (SQLite under ``$PROVNEWS_DATA/prefect``),
   or reuse a healthy server already on the port; the API asks for the secret in
   ``$PREFECT_HOME/api-auth`` (flows/apiauth.py);
2. create the process work pool ``provnews-process`` and the crawl concurrency limit
   (tag ``provnews-crawl``) when missing, and free slots that no lease holds;
3. deploy ``prefect.yaml`` (``prefect --no-prompt deploy --all``), then put back any
   schedule or deployment that was paused before (a redeploy must not wake it up);
4. create the automations that watch the nights (flows/automations.py);
5. start a process worker on the pool, unless one is already online;
6. wait, restarting the worker when it dies (backoff 2 s, 4 s, … at most
   ``WORKER_BACKOFF_MAX_S``); Ctrl-C (or SIGTERM) cancels the pool's open runs, then
   stops the worker and the server this command started. If the server dies, serve
   stops and exits 1 (a service manager restarts it: docs/operations.md ships systemd
   units).

Slots cannot leak: a crawl task holds its ``tag:provnews-crawl`` slot through a lease
that its process renews; the server keeps leases on disk
(``PREFECT_SERVER_CONCURRENCY_LEASE_STORAGE``: filesystem, under ``$PREFECT_HOME``), so
a lease whose holder died expires (60 s) and frees the slot even across a server
restart (in memory, Prefect's default, a restart forgot the leases and kept their
slots taken for good).

`Stack` is the same thing as a context manager, for tests.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from flows.apiauth import AUTH_FILE, AuthFileError, auth_header, ensure_auth_string
from flows.automations import WatchSettings, ensure_automations
from flows.crawl import REPO_ROOT
from provnews.settings import default, load

WORK_POOL = "provnews-process"
CRAWL_TAG = "provnews-crawl"
DEFAULT_PORT = default("prefect_port")
FLOW_NAME = "nightly"
LEASE_STORAGE = "prefect.server.concurrency.lease_storage.filesystem"
WORKER_BACKOFF_MAX_S = 60.0
WORKER_STABLE_S = 600.0  # a worker up this long resets the backoff


class ServeError(RuntimeError):
    """The stack could not be brought up; the message says which step failed."""


def prefect_environment(
    port: int,
    home: Path,
    base: dict[str, str] | None = None,
    auth_string: str | None = None,
    heartbeat_s: int = 30,
) -> dict[str, str]:
    """Environment for the server, the deploy command and the worker (loopback only)."""
    env = dict(os.environ if base is None else base)
    api = f"http://127.0.0.1:{port}/api"
    if auth_string:  # the server asks for it, the worker and the CLI send it
        env["PREFECT_SERVER_API_AUTH_STRING"] = auth_string
        env["PREFECT_API_AUTH_STRING"] = auth_string
    env.update(
        {
            "PREFECT_SERVER_CONCURRENCY_LEASE_STORAGE": LEASE_STORAGE,
            # every flow run of the worker beats; flows/automations.py crashes the silent
            "PREFECT_FLOWS_HEARTBEAT_FREQUENCY": str(heartbeat_s),
            "PREFECT_HOME": str(home),
            "PREFECT_API_URL": api,
            "PREFECT_UI_API_URL": api,
            "PREFECT_SERVER_API_HOST": "127.0.0.1",
            "PREFECT_SERVER_API_PORT": str(port),
            "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{home / 'prefect.db'}",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1",
            "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
            "PREFECT_CLI_PROMPT": "false",
        }
    )
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return env


def healthy(api_url: str, timeout: float = 2.0) -> bool:
    try:
        return httpx.get(f"{api_url}/health", timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


def api_request(method: str, url: str, attempts: int = 6, **kw: Any) -> httpx.Response:
    """One Prefect API call; 503/429 (SQLite busy under load: the server's own answer for
    "retry") and a read timeout (a server starting up on a busy 2-core machine) are
    retried with backoff, like Prefect's client does."""
    timeout = kw.pop("timeout", 30)
    for attempt in range(attempts):
        try:
            r = httpx.request(method, url, timeout=timeout, **kw)
        except httpx.ReadTimeout:
            if attempt == attempts - 1:
                raise
            time.sleep(0.5 * 2**attempt)
            continue
        if r.status_code not in (429, 503):
            break
        time.sleep(0.5 * 2**attempt)
    return r


def port_in_use(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen, name: str, timeout: float = 20.0) -> None:
    """SIGTERM the process group (it runs in its own session), then SIGKILL."""
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue
    print(f"provnews serve: {name} (pid {proc.pid}) did not stop", file=sys.stderr)


@dataclass
class Stack:
    """Server + pool + deployments + worker on 127.0.0.1:`port`."""

    port: int = DEFAULT_PORT
    home: Path | None = None
    worker: bool = True
    crawl_limit: int = 4
    log_dir: Path | None = None
    env: dict[str, str] = field(default_factory=dict)
    extra_env: dict[str, str] = field(default_factory=dict)
    auth: bool = True
    own_server: bool = True  # False: wait for a server someone else runs (systemd)
    server_proc: subprocess.Popen | None = None
    worker_proc: subprocess.Popen | None = None
    timings: dict[str, float] = field(default_factory=dict)
    reused_server: bool = False
    watch: WatchSettings = field(default_factory=WatchSettings)
    auth_string: str | None = None
    worker_restarts: int = 0
    _worker_started_at: float = 0.0
    _next_worker_start: float = 0.0

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    @property
    def ui_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- steps ---------------------------------------------------------------------
    def _spawn(self, args: list[str], name: str) -> subprocess.Popen:
        assert self.log_dir is not None
        log = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 - owned by the child
        try:
            return subprocess.Popen(
                [sys.executable, "-m", "prefect", *args],
                cwd=REPO_ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # Ctrl-C reaches us only; we stop the group
            )
        finally:
            log.close()

    def _wait_until(
        self,
        ready: Callable[[], bool],
        what: str,
        timeout: float,
        proc: subprocess.Popen | None = None,
        name: str = "server",
        step: float = 0.5,
    ) -> None:
        """Poll ``ready`` until true; ServeError when ``proc`` exits or time is up."""
        deadline = time.monotonic() + timeout
        while not ready():
            if proc is not None and proc.poll() is not None:
                raise ServeError(
                    f"{name} exited with {proc.returncode}; see {self.log_dir}/{name}.log"
                )
            if time.monotonic() > deadline:
                raise ServeError(
                    f"{name} not {what} after {timeout:.0f}s; see {self.log_dir}/{name}.log"
                )
            time.sleep(step)

    def start_server(self, timeout: float = 90.0) -> None:
        t0 = time.monotonic()
        if not self.own_server:  # setup only: another service runs the server
            self._wait_until(lambda: healthy(self.api_url), f"healthy at {self.api_url}", timeout)
        if healthy(self.api_url):
            self.reused_server = True
        else:
            if port_in_use(self.port):
                raise ServeError(
                    f"127.0.0.1:{self.port} is taken by something that is not a Prefect server"
                )
            self.server_proc = self._spawn(
                ["server", "start", "--host", "127.0.0.1", "--port", str(self.port)], "server"
            )
            self._wait_until(
                lambda: healthy(self.api_url), "healthy", timeout, self.server_proc, step=0.3
            )
        self.timings["server_s"] = time.monotonic() - t0

    def api(self, method: str, path: str, **kw: Any) -> httpx.Response:
        headers = {**auth_header(self.auth_string), **kw.pop("headers", {})}
        return api_request(method, f"{self.api_url}{path}", headers=headers, **kw)

    def ensure_pool_and_limit(self) -> None:
        if self.api("GET", f"/work_pools/{WORK_POOL}").status_code == 404:
            r = self.api("POST", "/work_pools/", json={"name": WORK_POOL, "type": "process"})
            if r.status_code not in (200, 201, 409):
                raise ServeError(f"creating work pool {WORK_POOL}: {r.status_code} {r.text[:200]}")
        # Tag limit on the crawl tasks: caps crawls across every flow run and worker.
        r = self.api("GET", f"/concurrency_limits/tag/{CRAWL_TAG}")
        if r.status_code == 404:
            r = self.api(
                "POST",
                "/concurrency_limits/",
                json={"tag": CRAWL_TAG, "concurrency_limit": self.crawl_limit},
            )
            if r.status_code not in (200, 201):
                raise ServeError(
                    f"creating concurrency limit {CRAWL_TAG}: {r.status_code} {r.text[:200]}"
                )
        if not self.reused_server:
            self.free_unleased_slots()

    def free_unleased_slots(self) -> list[str]:
        """Set to 0 the active slots of every limit when no lease is on disk: nothing
        can hold them (slots taken under in-memory leases, before this server kept its
        leases in files, stayed taken for good). Only on a server we just started."""
        assert self.home is not None
        lease_dir = self.home / "concurrency_leases"
        if lease_dir.is_dir() and any(
            p.suffix == ".json" and p.name != "expirations.json" for p in lease_dir.iterdir()
        ):
            return []  # leases exist: the server's repossessor frees what expires
        r = self.api("POST", "/v2/concurrency_limits/filter", json={"limit": 200})
        r.raise_for_status()
        freed = []
        for limit in r.json():
            if limit.get("active_slots"):
                self.api(
                    "PATCH", f"/v2/concurrency_limits/{limit['id']}", json={"active_slots": 0}
                ).raise_for_status()
                freed.append(limit["name"])
        if freed:
            print(f"provnews serve: freed slots no lease held: {', '.join(freed)}", file=sys.stderr)
        return freed

    def ensure_watches(self) -> list[str]:
        """The automations of flows/automations.py (zombie runs; with a webhook, the
        nightly dead man's switch)."""
        r = self.api("GET", f"/deployments/name/{FLOW_NAME}/{FLOW_NAME}")
        if r.status_code != 200:
            raise ServeError(f"deployment {FLOW_NAME}/{FLOW_NAME} missing after deploy")
        try:
            return ensure_automations(self.api, r.json()["id"], self.watch)
        except (httpx.HTTPError, RuntimeError) as exc:
            raise ServeError(f"creating automations: {exc}") from None

    def _paused_state(self) -> dict[str, dict[str, Any]]:
        """{deployment name: {"id", "paused", "inactive_slugs"}} as the server has them now."""
        r = self.api("POST", "/deployments/filter", json={"limit": 200})
        r.raise_for_status()
        out = {}
        for d in r.json():
            out[d["name"]] = {
                "id": d["id"],
                "paused": d.get("paused", False),
                "inactive": {
                    s.get("slug") or s["id"]
                    for s in d.get("schedules", [])
                    if not s.get("active", True)
                },
            }
        return out

    def deploy(self, timeout: float = 180.0) -> None:
        t0 = time.monotonic()
        before = self._paused_state()
        proc = subprocess.run(
            [sys.executable, "-m", "prefect", "--no-prompt", "deploy", "--all"],
            cwd=REPO_ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if self.log_dir:
            with open(self.log_dir / "deploy.log", "a", encoding="utf-8") as f:
                f.write(proc.stdout + proc.stderr)
        if proc.returncode != 0:
            raise ServeError(
                f"prefect deploy failed ({proc.returncode}): {(proc.stdout + proc.stderr)[-800:]}"
            )
        self._restore_paused(before)
        self.timings["deploy_s"] = time.monotonic() - t0

    def _restore_paused(self, before: dict[str, dict[str, Any]]) -> None:
        after = self._paused_state()
        for name, old in before.items():
            new = after.get(name)
            if not new:
                continue
            if old["paused"] and not new["paused"]:
                self.api(
                    "PATCH", f"/deployments/{new['id']}", json={"paused": True}
                ).raise_for_status()
            if old["inactive"]:
                scheds = self.api("GET", f"/deployments/{new['id']}/schedules").json()
                for s in scheds:
                    if (s.get("slug") or s["id"]) in old["inactive"] and s.get("active", True):
                        self.api(
                            "PATCH",
                            f"/deployments/{new['id']}/schedules/{s['id']}",
                            json={"active": False},
                        ).raise_for_status()

    def worker_online(self) -> bool:
        r = self.api("POST", f"/work_pools/{WORK_POOL}/workers/filter", json={})
        return r.status_code == 200 and any(w.get("status") == "ONLINE" for w in r.json())

    def start_worker(self, timeout: float = 60.0) -> None:
        t0 = time.monotonic()
        if self.reused_server and self.worker_proc is None and self.worker_online():
            return
        self._worker_started_at = t0
        self.worker_proc = self._spawn(
            [
                "worker",
                "start",
                "--pool",
                WORK_POOL,
                "--type",
                "process",
                "--name",
                f"provnews-{socket.gethostname()}",
            ],
            "worker",
        )
        self._wait_until(self.worker_online, "online", timeout, self.worker_proc, "worker")
        self.timings["worker_s"] = time.monotonic() - t0

    def worker_backoff_s(self) -> float:
        return min(WORKER_BACKOFF_MAX_S, 2.0 ** min(self.worker_restarts, 10))

    def supervise_worker(self) -> str | None:
        """One look at our worker: restart it when it died, after a backoff that
        doubles with each restart in a row (at most WORKER_BACKOFF_MAX_S) and starts
        over once a worker stayed up WORKER_STABLE_S. Returns what it did, for the log."""
        proc = self.worker_proc
        if proc is None:
            return None
        now = time.monotonic()
        if proc.poll() is None:
            if self.worker_restarts and now - self._worker_started_at > WORKER_STABLE_S:
                self.worker_restarts = 0
            return None
        if not self._next_worker_start:
            self._next_worker_start = now + self.worker_backoff_s()
            return (
                f"worker exited with {proc.returncode}; restarting it in "
                f"{self.worker_backoff_s():.0f}s (see {self.log_dir}/worker.log)"
            )
        if now < self._next_worker_start:
            return None
        self._next_worker_start = 0.0
        self.worker_restarts += 1
        try:
            self.start_worker()
        except ServeError as exc:
            return f"worker restart failed: {exc}"
        return f"worker restarted (pid {self.worker_proc.pid}, restart {self.worker_restarts})"

    # -- whole stack ---------------------------------------------------------------
    def __enter__(self) -> Stack:
        t0 = time.monotonic()
        if self.home is None:
            from provnews.settings import settings

            self.home = settings().data_dir / "prefect"
        self.home.mkdir(parents=True, exist_ok=True)
        self.log_dir = self.log_dir or self.home / "logs"
        self.log_dir.mkdir(parents=True, exist_ok=True)
        # the stack's own environment: a test's extra_env counts as the environment
        self.watch = WatchSettings.from_settings(load({**os.environ, **self.extra_env}))
        try:
            self.auth_string = ensure_auth_string(self.home) if self.auth else None
        except AuthFileError as exc:
            raise ServeError(str(exc)) from None
        self.env = prefect_environment(
            self.port, self.home, auth_string=self.auth_string, heartbeat_s=self.watch.heartbeat_s
        )
        self.env.update(self.extra_env)
        try:
            self.start_server()
            self.ensure_pool_and_limit()
            self.deploy()
            if made := self.ensure_watches():
                print(f"provnews serve: automations made: {', '.join(made)}", file=sys.stderr)
            if self.worker:
                self.start_worker()
        except BaseException:
            self.stop()
            raise
        self.timings["total_s"] = time.monotonic() - t0
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        if self.worker_proc is not None:
            if self.server_proc is not None and self.worker_proc.poll() is None:
                self.cancel_open_runs()
            _stop(self.worker_proc, "worker")
        if self.server_proc is not None:
            _stop(self.server_proc, "server")

    def cancel_open_runs(self, timeout: float = 60.0) -> list[str]:
        """Cancel the pool's Running and Pending runs and wait (bounded) until the
        worker has stopped them, before the worker and the server go: a flow-run process
        runs in its own process group, so stopping the worker alone left it going
        without a server (Failed with ConnectError a minute later). Ids of the runs it
        asked to cancel."""
        open_states = {"RUNNING", "PENDING", "CANCELLING"}
        query = {
            "flow_runs": {"state": {"type": {"any_": sorted(open_states)}}},
            "work_pools": {"name": {"any_": [WORK_POOL]}},
        }
        try:
            runs = self.api("POST", "/flow_runs/filter", json=query).json()
            asked = [fr["id"] for fr in runs]
            for fr in runs:
                if fr["state"]["type"] != "CANCELLING":
                    self.api("POST", f"/flow_runs/{fr['id']}/set_state", json={"state": {
                        "type": "CANCELLING", "name": "Cancelling",
                        "message": "provnews serve is stopping"}})  # fmt: skip
            deadline = time.monotonic() + timeout
            while runs and time.monotonic() < deadline:
                time.sleep(1)
                runs = self.api("POST", "/flow_runs/filter", json=query).json()
        except httpx.HTTPError as exc:
            print(f"provnews serve: could not cancel the open runs: {exc}", file=sys.stderr)
            return []
        if runs:
            names = ", ".join(fr["name"] for fr in runs)
            print(f"provnews serve: runs still open after {timeout:.0f}s: {names}", file=sys.stderr)
        return asked

    def children_alive(self) -> list[str]:
        return [
            name
            for name, p in (("server", self.server_proc), ("worker", self.worker_proc))
            if p is not None and p.poll() is None
        ]


def serve(setup_only: bool = False) -> int:
    """Bring the stack up and wait until Ctrl-C. Exit code: 0 ok, 1 a step failed.

    ``setup_only``: the server is run by someone else (the systemd unit); wait for it,
    make the pool, the limit, the deployments and the automations, and exit.

    Environment: PROVNEWS_PREFECT_PORT (default 4200), PROVNEWS_DATA (the Prefect
    home and SQLite database go to $PROVNEWS_DATA/prefect unless PROVNEWS_PREFECT_HOME
    is set), PROVNEWS_MAX_PARALLEL (the crawl concurrency limit created when missing).
    Everything else (PROVNEWS_HOST_MAP, PROVNEWS_DB, ...) is passed on to the worker
    and so to the flow runs.
    """
    from provnews.settings import ConfigError, settings

    try:
        cfg = settings()
    except ConfigError as exc:
        print(f"provnews serve: {exc}", file=sys.stderr)
        return 2
    stack = Stack(
        port=cfg.prefect_port,
        home=cfg.prefect_home,
        crawl_limit=cfg.max_parallel,
        worker=not setup_only,
        own_server=not setup_only,
    )

    stopping = False

    def _on_signal(signum: int, _frame: Any) -> None:
        nonlocal stopping
        stopping = True

    old_term = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        stack.__enter__()  # a Ctrl-C while starting stops what was started
    except ServeError as exc:
        print(f"provnews serve: {exc}", file=sys.stderr)
        signal.signal(signal.SIGTERM, old_term)
        return 1
    except KeyboardInterrupt:
        signal.signal(signal.SIGTERM, old_term)
        print("interrupted while starting; stopped", file=sys.stderr)
        return 130
    old_int = signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    try:
        owned = stack.children_alive()
        print(f"Prefect UI:  {stack.ui_url}")
        print(f"API:         {stack.api_url}  (PREFECT_API_URL for other shells)")
        print(f"home:        {stack.home}  logs: {stack.log_dir}")
        if stack.auth_string:
            print(
                f"API secret:  {stack.home / AUTH_FILE}  (other shells: export "
                f'PREFECT_API_AUTH_STRING="$(cat {stack.home / AUTH_FILE})")'
            )
        print(f"deployments: nightly (30 1 * * * Asia/Ho_Chi_Minh), backfill -> pool {WORK_POOL}")
        print(
            f"up in {stack.timings['total_s']:.1f}s "
            + " ".join(f"{k}={v:.1f}" for k, v in stack.timings.items())
        )
        if setup_only:
            print("setup done: pool, limit, deployments and automations on the running server")
            return 0
        if not owned:
            print("server and worker were already running: redeployed, nothing else to do")
            return 0
        print(f"running: {', '.join(owned)} (Ctrl-C stops them)")
        while not stopping:
            if stack.server_proc is not None and stack.server_proc.poll() is not None:
                print(
                    f"provnews serve: the server exited with {stack.server_proc.returncode}; "
                    f"stopping (see {stack.log_dir}/server.log)",
                    file=sys.stderr,
                )
                return 1
            if news := stack.supervise_worker():
                print(f"provnews serve: {news}", file=sys.stderr, flush=True)
            time.sleep(0.5)
        print("stopping worker and server …")
        return 0
    finally:
        stack.stop()
        signal.signal(signal.SIGINT, old_int)
        signal.signal(signal.SIGTERM, old_term)


if __name__ == "__main__":
    sys.exit(serve())
