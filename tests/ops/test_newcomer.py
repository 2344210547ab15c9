"""`provnews run` as a newcomer runs it: a data folder that does not exist yet, Prefect's
home left to its default (inside that folder), and one site whose host refuses
connections (its host mapped to a loopback port nobody listens on: a real refused
connect through the real crawl)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from flows.serve import free_port

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
ALIVE, DEAD = "sxd-thanhhoa", "baolaocai"  # DEAD: a feed site (its sitemap is all it has)
DEAD_HOST = "baolaocai.vn"


def host_map_with_dead_host(host_map: str, dead_host: str, port: int) -> str:
    out = []
    for part in host_map.split(","):
        host, _, target = part.partition("=")
        dead = host.removeprefix("www.") == dead_host
        out.append(f"{host}=127.0.0.1:{port}" if dead else f"{host}={target}")
    return ",".join(out)


def test_run_on_a_fresh_data_folder_with_a_dead_site(tmp_path: Path, farm: Any) -> None:
    data = tmp_path / "fresh" / "data"  # neither folder exists
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "PROVNEWS_"))}
    env.update(
        {
            "PROVNEWS_DATA": str(data),
            "PROVNEWS_HOST_MAP": host_map_with_dead_host(farm.host_map, DEAD_HOST, free_port()),
            "PROVNEWS_DELAY_SCALE": "0",
            "PROVNEWS_RETRY_DELAY": "1",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1",
        }
    )
    proc = subprocess.run(
        [sys.executable, "-m", "flows.cli", "run", "--site", ALIVE, "--site", DEAD],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    out = proc.stdout
    assert proc.returncode == 0, (proc.stderr, out[-2000:])
    # Nothing from Prefect, uvicorn or SQLAlchemy on the terminal; their logs are in
    # the file the command names.
    assert proc.stderr == ""
    for noise in ("Traceback", "uvicorn", "sqlalchemy", "| INFO", "| WARNING"):
        assert noise not in out
    log = Path(re.search(r"^log: (\S+)$", out, flags=re.M).group(1))
    assert log.parent == data / "logs" and "Finished in state" in log.read_text()
    assert (data / ".prefect" / "prefect.db").exists()  # Prefect's home in the new folder
    # The dead site is failed and alerted the same night, and the live one is not.
    assert f"sites that failed: {DEAD}" in out
    assert re.search(rf"alert {DEAD} site_down: all \d+ discovery URLs", out)
    assert not re.search(rf"alert {ALIVE} ", out)
    with duckdb.connect(str(data / "provnews.duckdb"), read_only=True) as con:
        alerts = con.execute("SELECT site_id, kind, detail FROM v_site_alerts_latest").fetchall()
        refused = con.execute(
            "SELECT count(*) FROM fetch_log WHERE site_id = ? AND status IS NULL"
            " AND reason ILIKE '%refused%'",
            [DEAD],
        ).fetchone()[0]
    assert [(s, k) for s, k, _ in alerts] == [(DEAD, "site_down")]
    assert refused >= 1


def test_a_prefect_that_cannot_start_is_one_line_naming_its_log(tmp_path: Path) -> None:
    # The ephemeral server's database in a folder that cannot exist: it never starts.
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "PROVNEWS_"))}
    env.update(
        {
            "PROVNEWS_DATA": str(data),
            "PREFECT_API_DATABASE_CONNECTION_URL": "sqlite+aiosqlite:////nonexistent/d/x.db",
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "5",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1",
        }
    )
    proc = subprocess.run(
        [sys.executable, "-m", "flows.cli", "run", "--site", ALIVE],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 1
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "ephemeral Prefect API server" in lines[0], proc.stderr[-2000:]
    log = Path(re.search(r"\(log: (\S+)\)$", lines[0]).group(1))
    assert log.parent == data / "logs" and log.stat().st_size > 0  # the tracebacks are there
