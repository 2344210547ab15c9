"""Several sites' crawls in one Scrapy process: one start-up for many sites.

    python -m spiders.batch BATCH.json

``BATCH.json``: ``{"jobs": [...], "results_dir": ..., "log_dir": ...}``; each job is a
``scrapy crawl`` command line as `spiders.command.crawl_command` builds it, one per site.
Each site keeps its own crawler — engine, scheduler, download slot and delay, per-site
concurrency, robots.txt, raw file and state — as with one process per site; they share
the process, its reactor and its start-up (importing Scrapy, the registry and the family
table: seconds of CPU per process on a loaded machine).

As each site's crawl ends, ``<results_dir>/<site>.json`` says how (`SiteOutcome`), so a
process killed later keeps the outcome of every site that had ended. Each site's log
lines (those Scrapy and the spider tag with the spider) also go to
``<log_dir>/<site>.log``. Exit status 0 when every crawl ran to its close, 1 otherwise —
the same rule as ``scrapy crawl`` for one site (a close reason such as
``closespider_timeout`` is not a failure; a crawl that raised is).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

from spiders.command import process_age


def parse_command(cmd: list[str]) -> tuple[str, dict[str, str], dict[str, str]]:
    """(family, spider arguments, settings) of a `scrapy crawl` command line."""
    family = cmd[cmd.index("crawl") + 1]
    args: dict[str, str] = {}
    settings: dict[str, str] = {}
    for flag, value in zip(cmd, cmd[1:], strict=False):
        if flag in ("-a", "-s"):
            key, _, val = value.partition("=")
            (args if flag == "-a" else settings)[key] = val
    return family, args, settings


def write_outcome(results_dir: Path, site_id: str, outcome: dict[str, Any]) -> None:
    """One site's outcome, written whole or not at all (the process may be killed)."""
    tmp = results_dir / f".{site_id}.json.tmp"
    tmp.write_text(json.dumps(outcome), encoding="utf-8")
    os.replace(tmp, results_dir / f"{site_id}.json")


class _SiteLines(logging.Filter):
    """Log records tagged with one site's spider (Scrapy passes ``extra={"spider": …}``;
    a spider's own logger adds it too)."""

    def __init__(self, site_id: str) -> None:
        super().__init__()
        self.site_id = site_id

    def filter(self, record: logging.LogRecord) -> bool:
        site = getattr(getattr(record, "spider", None), "site", None)
        return isinstance(site, dict) and site.get("id") == self.site_id


def _site_log(log_dir: Path, site_id: str) -> logging.Handler:
    handler = logging.FileHandler(log_dir / f"{site_id}.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s"))
    handler.addFilter(_SiteLines(site_id))
    # At the level Scrapy's own handler has (LOG_LEVEL), not every debug line.
    handler.setLevel(min((h.level for h in logging.root.handlers), default=logging.INFO))
    return handler


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m spiders.batch BATCH.json", file=sys.stderr)
        return 2
    batch = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    results_dir, log_dir = Path(batch["results_dir"]), Path(batch["log_dir"])
    results_dir.mkdir(parents=True, exist_ok=True)
    log_dir.mkdir(parents=True, exist_ok=True)
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings
    from scrapy.utils.reactor import install_reactor

    project = get_project_settings()
    process = CrawlerProcess(project)
    # Scrapy installs the reactor in the first crawler's start; a first site whose spider
    # cannot start would leave every other site without one.
    install_reactor(project["TWISTED_REACTOR"], project["ASYNCIO_EVENT_LOOP"])
    ok: dict[str, bool] = {}
    scheduled = 0

    def ended(result: Any, site_id: str, crawler: Any) -> None:
        failure = result if hasattr(result, "getTraceback") else None
        ok[site_id] = failure is None
        try:
            reason = crawler.stats.get_value("finish_reason")
        except (AttributeError, RuntimeError):  # no crawler, or it never started
            reason = None
        write_outcome(
            results_dir, site_id,
            {"site_id": site_id, "ok": failure is None, "finish_reason": reason,
             "error": failure.getTraceback() if failure else None,
             "duration_s": round(process_age(), 2),
             "started_at": time.time() - process_age(), "ended_at": time.time()},
        )  # fmt: skip
        print(f"batch site={site_id} ok={failure is None} finish_reason={reason}", file=sys.stderr)

    for cmd in batch["jobs"]:
        family, args, site_settings = parse_command(cmd)
        site_id = args.get("site", family)
        logging.getLogger().addHandler(_site_log(log_dir, site_id))
        try:
            base = process.spider_loader.load(family)
            # The site's `-s` settings as the spider's own (priority above the project's).
            spidercls = type(
                base.__name__, (base,),
                {"custom_settings": {**(base.custom_settings or {}), **site_settings}},
            )  # fmt: skip
            crawler = process.create_crawler(spidercls)
            deferred = process.crawl(crawler, **args)
        except Exception as exc:  # one site's bad job must not stop the others
            from twisted.python.failure import Failure

            ended(Failure(exc), site_id, None)
            continue
        deferred.addBoth(ended, site_id, crawler)
        scheduled += 1
    started = time.monotonic()
    if scheduled:
        process.start()
    print(f"batch {len(ok)} sites in {time.monotonic() - started:.1f}s", file=sys.stderr)
    return 0 if all(ok.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
