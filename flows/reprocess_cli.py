"""`provnews reprocess [--site ID …] [--since DATE] [--until DATE] [--jobs N] [--all]`:
checks its arguments before anything slow, shows a progress bar, ends with a summary
(checked, changed, unchanged, failed, changes by field, the failures by site and URL).
The work is flows/reprocess.py."""

from __future__ import annotations

import argparse
import json
import os

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table


class ReprocessUsage(ValueError):
    """Bad usage: the CLI prints it on one line and exits 2."""


def check_args(args: argparse.Namespace) -> None:
    """Everything that can be refused before the work starts."""
    from cleaning.registry import load_sites
    from provnews.settings import settings
    from warehouse.backends import DuckDBFile, configured

    if args.jobs is not None and args.jobs < 1:
        raise ReprocessUsage(f"reprocess: --jobs {args.jobs}: give 1 or more")
    if args.since and args.until and args.since > args.until:
        raise ReprocessUsage(f"reprocess: --since {args.since} is after --until {args.until}")
    unknown = sorted(set(args.site or ()) - set(load_sites()))
    if unknown:
        raise ReprocessUsage(f"reprocess: unknown site {unknown[0]!r} (see `provnews sites list`)")
    if not isinstance(configured(), DuckDBFile):
        raise ReprocessUsage("reprocess: only the DuckDB-file warehouse (PROVNEWS_WAREHOUSE)")
    if not settings().db_path.exists():
        raise ReprocessUsage(f"reprocess: no warehouse at {settings().db_path}")


def summary_table(s: dict) -> Table:
    t = Table(title=f"reprocess with extractor {s['extractor_version']} ({s['seconds']} s)")
    for col in ("selected", "checked", "changed", "unchanged", "failed"):
        t.add_column(col, justify="right")
    t.add_row(*(str(s[k]) for k in ("selected", "checked", "changed", "unchanged", "failed")))
    return t


def cmd_reprocess(args: argparse.Namespace) -> int:
    from flows.reprocess import reprocess
    from provnews.settings import settings

    check_args(args)
    cfg = settings()
    console = Console(stderr=True)
    columns = (TextColumn("reprocess"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task("articles", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        result = reprocess(
            cfg.db_path,
            cfg.raw_root,
            sites=args.site,
            since=args.since,
            until=args.until,
            jobs=args.jobs or os.cpu_count() or 1,
            all_articles=args.all,
            progress=progress,
            say=console.print,
        )
    s = result.as_dict()
    if args.json:
        print(json.dumps(s, ensure_ascii=False, indent=2))
    else:
        out = Console()
        out.print(summary_table(s))
        if s["by_field"]:
            fields = Table(title="changed, by field")
            fields.add_column("field")
            fields.add_column("articles", justify="right")
            for name, n in s["by_field"].items():
                fields.add_row(name, str(n))
            out.print(fields)
        for f in s["failures"]:
            line = f"failed: site={f['site_id']} url={f['url']} stage={f['stage']}: {f['reason']}"
            out.print(line, markup=False, highlight=False)
        if s["failed"] > len(s["failures"]):
            out.print(f"… and {s['failed'] - len(s['failures'])} more failures")
    return 1 if s["failed"] else 0
