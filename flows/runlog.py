"""What a one-shot command (`provnews run`, `provnews demo`) does before Prefect starts.

- ``check_sites``: every requested site id is in the registry (exit 2 before anything
  slow starts, instead of a Prefect traceback from inside the flow).
- ``prepare_data_dir``: the data folder and Prefect's home inside it exist. Prefect
  puts its SQLite database in its home; in a folder that does not exist the ephemeral
  server cannot start and the command waited two minutes, then drowned the terminal.
- ``third_party_logs``: the ephemeral Prefect server (uvicorn, SQLAlchemy) and the
  flow's own log handlers write to file descriptor 2; while a command runs that
  descriptor points at a log file, so the terminal shows only our report and one line
  naming the file. The ephemeral server is a child process that inherits descriptor 2,
  which is why this works on the descriptor and not on ``sys.stderr`` alone.
"""

from __future__ import annotations

import atexit
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO


class UnknownSite(ValueError):
    """A requested site id is not in the registry; the message names them."""


def check_sites(requested: Iterable[str] | None, registry: dict[str, Any]) -> list[str]:
    """The requested site ids, or, when none were requested, every enabled site that is
    active: a moved or retired host is crawled only when asked for by id (the farm's
    seed sites that are retired hosts stay enabled for the demo, which names them)."""
    if requested:
        wanted = list(requested)
        unknown = [s for s in wanted if s not in registry]
        if unknown:
            raise UnknownSite(
                f"unknown site id(s): {', '.join(unknown)} (see `provnews sites list`)"
            )
        return wanted
    return [s for s, e in registry.items() if e["enabled"] and e["status"] == "active"]


def prepare_data_dir(data_dir: Path) -> Path:
    """Create the data folder and Prefect's home for the ephemeral server; the home.

    ``PREFECT_HOME`` set by the user wins (and is created too)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    home = Path(os.environ.get("PREFECT_HOME") or data_dir / ".prefect").expanduser()
    home.mkdir(parents=True, exist_ok=True)
    os.environ["PREFECT_HOME"] = str(home)
    return home


def log_path(data_dir: Path, command: str, run_id: str) -> Path:
    return data_dir / "logs" / f"{command}-{run_id}.log"


def _divert_fd2(path: Path) -> None:
    sys.stderr.flush()
    with open(path, "ab") as log:
        os.dup2(log.fileno(), 2)


@contextmanager
def third_party_logs(path: Path) -> Iterator[TextIO]:
    """Point descriptor 2 at ``path`` (appending); yield the terminal's stderr.

    Prefect stops its ephemeral server at interpreter exit and logs that; an exit
    handler registered after Prefect's (they run last-in first-out) sends those last
    lines to the same file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    saved = os.dup(2)
    _divert_fd2(path)
    terminal = os.fdopen(os.dup(saved), "w", encoding="utf-8", errors="replace")
    try:
        yield terminal
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
        terminal.flush()
        terminal.close()
        atexit.register(_divert_fd2, path)
