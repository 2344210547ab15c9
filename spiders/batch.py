"""Several sites' crawls in one Scrapy process: one start-up for many sites.

    python -m spiders.batch JOBS.json

``JOBS.json`` is a list of ``scrapy crawl`` command lines as `spiders.command.crawl_command`
builds them, one per site. Each site keeps its own crawler — engine, scheduler, download
slot and delay, politeness settings, raw file and state — as with one process per site;
they share the process, its reactor and its start-up (importing Scrapy, the registry and
the family table: seconds of CPU per process on a loaded machine). Exit status 0 when every
crawl finished, 1 otherwise (each crawl's close reason is logged).

The nightly flow still starts one process per site (flows/crawl.py); bench/crawl.py
``--batch`` measures what sharing the process saves (docs/scaling.md).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


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


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m spiders.batch JOBS.json", file=sys.stderr)
        return 2
    jobs: list[list[str]] = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    process = CrawlerProcess(get_project_settings())
    crawlers: list[tuple[str, Any]] = []
    for cmd in jobs:
        family, args, site_settings = parse_command(cmd)
        base = process.spider_loader.load(family)
        # The site's `-s` settings as the spider's own (priority above the project's).
        spidercls = type(
            base.__name__, (base,), {"custom_settings": {**(base.custom_settings or {}),
                                                          **site_settings}}
        )  # fmt: skip
        crawler = process.create_crawler(spidercls)
        process.crawl(crawler, **args)
        crawlers.append((args.get("site", family), crawler))
    process.start()
    reasons = {site: c.stats.get_value("finish_reason") for site, c in crawlers}
    for site, reason in reasons.items():
        print(f"batch site={site} finish_reason={reason}", file=sys.stderr)
    return 0 if all(r == "finished" for r in reasons.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
