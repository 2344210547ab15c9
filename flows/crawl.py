"""Run one site's crawl as a `scrapy crawl` subprocess (the reactor cannot restart)."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import time
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from spiders.command import crawl_command

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass
class CrawlResult:
    site_id: str
    exit_code: int
    duration_s: float
    records: int
    errors: int
    raw_file: str
    log_tail: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def count_records(path: Path) -> tuple[int, int]:
    """(records, errors) in a raw file; a truncated tail (killed crawl) is tolerated.

    A deliberate skip (`skipped: …`: robots.txt, unchanged since the last night) is
    accounted for but is not an error.
    """
    records = errors = 0
    if not path.exists():
        return 0, 0
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                records += 1
                error = json.loads(line).get("error")
                if error and not error.startswith("skipped:"):
                    errors += 1
    except (EOFError, zlib.error, json.JSONDecodeError, gzip.BadGzipFile):
        pass
    return records, errors


def run_crawl(
    site: dict[str, Any],
    run_id: str,
    raw_dir: Path,
    since: str | None = None,
    timeout_s: int = 1800,
    log_dir: Path | None = None,
    full: bool = False,
    state_dir: Path | None = None,
    state_out: Path | None = None,
) -> CrawlResult:
    raw_dir.mkdir(parents=True, exist_ok=True)
    log_path = (log_dir or raw_dir) / f"{site['id']}.log"
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "spiders.settings"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    start = time.monotonic()
    with open(log_path, "ab") as log:
        try:
            proc = subprocess.run(
                crawl_command(
                    site,
                    run_id,
                    raw_dir,
                    since=since,
                    full=full,
                    state_dir=state_dir,
                    state_out=state_out,
                ),
                cwd=REPO_ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=timeout_s,
                check=False,
            )
            code = proc.returncode
        except subprocess.TimeoutExpired:
            code = -9
    duration = time.monotonic() - start
    records, errors = count_records(raw_dir / f"{site['id']}.jsonl.gz")
    tail = log_path.read_bytes()[-2000:].decode("utf-8", "replace")
    return CrawlResult(
        site["id"],
        code,
        round(duration, 2),
        records,
        errors,
        str(raw_dir / f"{site['id']}.jsonl.gz"),
        tail,
    )


def pending_state_dir(state_dir: Path, run_id: str) -> Path:
    """Where a run's crawls write their new state until the run is loaded."""
    return state_dir / "pending" / run_id


def promote_state(state_dir: Path, run_id: str) -> list[str]:
    """Make a loaded run's crawl state current (atomic per site); returns the sites."""
    pending = pending_state_dir(state_dir, run_id)
    promoted = []
    for path in sorted(pending.glob("*.json")):
        os.replace(path, state_dir / path.name)
        promoted.append(path.stem)
    if pending.is_dir():
        for leftover in pending.iterdir():  # temp files of a killed crawl
            leftover.unlink(missing_ok=True)
        pending.rmdir()
    return promoted
