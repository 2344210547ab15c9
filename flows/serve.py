"""`provnews serve`: a local Prefect server, the deployments of prefect.yaml and a worker.

One command, idempotent, loopback only:

1. start `prefect server start` on 127.0.0.1 (SQLite under ``$PROVNEWS_DATA/prefect``),
   or reuse a healthy server already on the port;
2. create the process work pool ``provnews-process`` and the crawl concurrency limit
   (tag ``provnews-crawl``) when missing;
3. deploy ``prefect.yaml`` (``prefect --no-prompt deploy --all``), then put back any
   schedule or deployment that was paused before (a redeploy must not wake it up);
4. start a process worker on the pool, unless one is already online;
5. wait; Ctrl-C (or SIGTERM) stops the worker and the server this command started.

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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from flows.crawl import REPO_ROOT
from provnews.settings import default

WORK_POOL = "provnews-process"
CRAWL_TAG = "provnews-crawl"
DEFAULT_PORT = default("prefect_port")
FLOW_NAME = "nightly"


class ServeError(RuntimeError):
    """The stack could not be brought up; the message says which step failed."""


def prefect_environment(
    port: int, home: Path, base: dict[str, str] | None = None
) -> dict[str, str]:
    """Environment for the server, the deploy command and the worker (loopback only)."""
    env = dict(os.environ if base is None else base)
    api = f"http://127.0.0.1:{port}/api"
    env.update(
        {
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
    server_proc: subprocess.Popen | None = None
    worker_proc: subprocess.Popen | None = None
    timings: dict[str, float] = field(default_factory=dict)
    reused_server: bool = False

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

    def start_server(self, timeout: float = 90.0) -> None:
        t0 = time.monotonic()
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
            deadline = time.monotonic() + timeout
            while not healthy(self.api_url):
                if self.server_proc.poll() is not None:
                    raise ServeError(
                        f"prefect server exited with {self.server_proc.returncode}; "
                        f"see {self.log_dir}/server.log"
                    )
                if time.monotonic() > deadline:
                    raise ServeError(
                        f"prefect server not healthy after {timeout:.0f}s; "
                        f"see {self.log_dir}/server.log"
                    )
                time.sleep(0.3)
        self.timings["server_s"] = time.monotonic() - t0

    def api(self, method: str, path: str, **kw: Any) -> httpx.Response:
        """One API call; 503/429 (SQLite busy under load) and a read timeout (a server
        starting up on a busy 2-core machine) are retried, like Prefect's client does."""
        for attempt in range(6):
            try:
                r = httpx.request(method, f"{self.api_url}{path}", timeout=30, **kw)
            except httpx.ReadTimeout:
                if attempt == 5:
                    raise
                time.sleep(0.5 * 2**attempt)
                continue
            if r.status_code not in (429, 503):
                break
            time.sleep(0.5 * 2**attempt)
        return r

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
        if self.reused_server and self.worker_online():
            return
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
        deadline = time.monotonic() + timeout
        while not self.worker_online():
            if self.worker_proc.poll() is not None:
                raise ServeError(
                    f"worker exited with {self.worker_proc.returncode}; "
                    f"see {self.log_dir}/worker.log"
                )
            if time.monotonic() > deadline:
                raise ServeError(
                    f"worker not online after {timeout:.0f}s; see {self.log_dir}/worker.log"
                )
            time.sleep(0.5)
        self.timings["worker_s"] = time.monotonic() - t0

    # -- whole stack ---------------------------------------------------------------
    def __enter__(self) -> Stack:
        t0 = time.monotonic()
        if self.home is None:
            from provnews.settings import settings

            self.home = settings().data_dir / "prefect"
        self.home.mkdir(parents=True, exist_ok=True)
        self.log_dir = self.log_dir or self.home / "logs"
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.env = prefect_environment(self.port, self.home)
        self.env.update(self.extra_env)
        try:
            self.start_server()
            self.ensure_pool_and_limit()
            self.deploy()
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
            _stop(self.worker_proc, "worker")
        if self.server_proc is not None:
            _stop(self.server_proc, "server")

    def children_alive(self) -> list[str]:
        return [
            name
            for name, p in (("server", self.server_proc), ("worker", self.worker_proc))
            if p is not None and p.poll() is None
        ]


def serve() -> int:
    """Bring the stack up and wait until Ctrl-C. Exit code: 0 ok, 1 a step failed.

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
    stack = Stack(port=cfg.prefect_port, home=cfg.prefect_home, crawl_limit=cfg.max_parallel)

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
        print(f"deployments: nightly (30 1 * * * Asia/Ho_Chi_Minh), backfill -> pool {WORK_POOL}")
        print(
            f"up in {stack.timings['total_s']:.1f}s "
            + " ".join(f"{k}={v:.1f}" for k, v in stack.timings.items())
        )
        if not owned:
            print("server and worker were already running: redeployed, nothing else to do")
            return 0
        print(f"running: {', '.join(owned)} (Ctrl-C stops them)")
        while not stopping:
            dead = [
                n
                for n, p in (("server", stack.server_proc), ("worker", stack.worker_proc))
                if p is not None and p.poll() is not None
            ]
            if dead:
                print(f"provnews serve: {', '.join(dead)} exited; stopping", file=sys.stderr)
                return 1
            time.sleep(0.5)
        print("stopping worker and server …")
        return 0
    finally:
        stack.stop()
        signal.signal(signal.SIGINT, old_int)
        signal.signal(signal.SIGTERM, old_term)


if __name__ == "__main__":
    sys.exit(serve())
