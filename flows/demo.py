"""`provnews demo`: the nightly flow once, against the local site farm, then a query."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from flows.crawl import REPO_ROOT

if TYPE_CHECKING:  # warehouse (duckdb) is imported when the demo runs
    from warehouse.backends import WarehouseBackend


class FarmError(RuntimeError):
    pass


@contextmanager
def farm_process(timeout_s: float = 30.0) -> Iterator[str]:
    """Start `python -m sitefarm serve --port 0`; yield its PROVNEWS_HOST_MAP value."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "sitefarm", "serve", "--port", "0"],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        host_map = ""
        deadline = time.monotonic() + timeout_s
        assert proc.stdout is not None
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                raise FarmError(f"site farm exited early (code {proc.poll()})")
            if line.startswith("PROVNEWS_HOST_MAP="):
                host_map = line.strip().split("=", 1)[1]
                break
        if not host_map:
            raise FarmError("site farm did not report its host map in time")
        yield host_map
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def prefect_env() -> None:
    """Ephemeral Prefect, quiet and offline (its home: ``runlog.prepare_data_dir``)."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")  # to the log file, not the terminal
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:300]}"


def run_nightly_and_report(
    sites: list[str] | None = None,
    since: str | None = None,
    full: bool = False,
    command: str = "run",
) -> int:
    """The nightly flow once in this process (ephemeral Prefect), then the report.

    Unknown site ids raise ``runlog.UnknownSite`` before Prefect starts. Prefect's and
    the ephemeral server's logs go to ``$PROVNEWS_DATA/logs/<command>-<run_id>.log``;
    the terminal gets the report, or one line naming that file."""
    from rich.console import Console

    from cleaning.registry import load_sites
    from flows.config import new_run_id
    from flows.runlog import check_sites, log_path, prepare_data_dir, third_party_logs
    from provnews.settings import settings
    from warehouse import query
    from warehouse.backends import configured

    cfg = settings()
    site_ids = check_sites(sites, load_sites())
    prepare_data_dir(cfg.data_dir)
    prefect_env()
    run_id = new_run_id()
    log = log_path(cfg.data_dir, command, run_id)

    console = Console()
    warehouse = configured()
    before = query.articles_fingerprint(warehouse) if warehouse.exists() else None
    started = time.monotonic()
    with third_party_logs(log) as terminal:
        try:
            from flows.nightly import nightly  # after the Prefect environment is set

            state = nightly(
                sites=site_ids, since=since, full=full, run_id=run_id, return_state=True
            )
        except Exception as exc:  # Prefect could not start or the flow could not run
            print(f"provnews {command}: {_one_line(exc)} (log: {log})", file=terminal)
            return 1
    if state.is_failed():
        console.print(f"[red]nightly run failed:[/red] {state.message}")
    summary = state.result(raise_on_failure=False)
    if not isinstance(summary, dict):
        print(f"provnews {command}: the run left no summary (log: {log})", file=sys.stderr)
        return 1
    after = query.articles_fingerprint(warehouse)
    report(console, summary, warehouse, before, after, time.monotonic() - started)
    print(f"log: {log}")  # one line, never wrapped: scripts read it
    return 0 if summary["status"] == "completed" else 1


def report(
    console: Any,
    summary: dict,
    warehouse: WarehouseBackend,
    before: Any,
    after: Any,
    seconds: float,
) -> None:
    from rich.table import Table

    from flows.report import failed_sites, summary_table
    from warehouse import query

    console.print(summary_table(summary))
    if failed := failed_sites(summary):
        console.print(f"[yellow]sites that failed:[/yellow] {', '.join(failed)}")
    for a in summary.get("alerts") or []:
        console.print(f"[yellow]alert[/yellow] {a['site_id']} {a['kind']}: {a['detail']}")
    if before is None:
        console.print(f"first load: {after[0]} articles in a new database")
    elif before == after:
        console.print(
            f"[green]idempotent:[/green] the articles table is unchanged ({after[0]} rows, "
            f"same content hash) — this run changed no article row"
        )
    else:
        console.print(f"articles changed: {before[0]} → {after[0]} rows (content differs)")
    rows = query.articles_per_province(warehouse)
    table = Table(title="Analyst query: articles per province (current unit; former names)")
    for col in ("province", "merged from (pre-2025)", "articles", "latest posting"):
        table.add_column(col)
    for r in rows:
        table.add_row(*(str(v) if v is not None else "" for v in r))
    console.print(table)
    console.print(f"database: {warehouse.location}  ({seconds:.1f}s)")
    if warehouse.name == "duckdb":
        sample = "SELECT title, published_at FROM v_articles ORDER BY published_at DESC LIMIT 5"
        console.print(f'try: duckdb -readonly {warehouse.location} "{sample}"')


def demo(keep_farm: bool = False) -> int:
    from rich.console import Console

    from cleaning.registry import load_sites
    from provnews.settings import settings

    console = Console()
    cfg = settings()
    cfg.data_dir.mkdir(parents=True, exist_ok=True)
    with console.status("starting the local site farm on 127.0.0.1 …"):
        farm = farm_process()
        host_map = farm.__enter__()
    try:
        os.environ["PROVNEWS_HOST_MAP"] = host_map
        os.environ.setdefault("PROVNEWS_DELAY_SCALE", "0")
        farm_hosts = {part.split("=")[0] for part in host_map.split(",")}
        sites = [s for s, e in load_sites().items() if e["host"] in farm_hosts and e["enabled"]]
        console.print(
            f"farm serves {len(farm_hosts)} hosts; crawling {len(sites)} sites into {cfg.data_dir}"
        )
        return run_nightly_and_report(sites=sites, command="demo")
    finally:
        farm.__exit__(None, None, None)
        console.print("site farm stopped")
