"""`provnews`: a thin command line over the layers. Exit codes: 0 ok, 1 failure, 2 bad input."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cleaning.registry import SiteIndex

EXTRACT_KEYS = (
    "url",
    "title",
    "published_at",
    "author",
    "views",
    "body",
    "images",
    "event_date",
    "provinces",
    "persons",
)


class UsageError(Exception):
    """Bad usage or bad input: exit 2 with the message."""


class ArgParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, no usage dump
        raise UsageError(message if self.prog == "provnews" else f"{self.prog}: {message}")


def _run_id(text: str) -> str:
    from flows.config import ConfigError, check_run_id

    try:
        return check_run_id(text)
    except ConfigError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _date(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


# -- extract -------------------------------------------------------------------


def extract_one(path: Path, url: str, index: SiteIndex) -> dict[str, Any]:
    """One saved page → the `provnews extract` object; `index` is built once per command.

    The page goes through the cleaning stage's entry point (cleaning/page.py); a file that
    is not a page is a UsageError naming it."""
    from cleaning.page import NotAPage, extract_page, page_text

    try:
        html = page_text(path.read_bytes())
    except OSError as e:
        raise UsageError(f"{path}: {e.strerror}") from None
    except NotAPage as e:
        raise UsageError(f"{path}: {e}") from None
    site = index.for_url(url)
    result = extract_page(
        html,
        url,
        selectors=site["selectors"] if site else None,
        family=site["layout"] if site else None,
    )
    return {k: result.get(k) for k in EXTRACT_KEYS}


def cmd_extract(args: argparse.Namespace) -> int:
    from cleaning.registry import SiteIndex, load_sites

    if args.manifest:
        manifest = Path(args.manifest)
        try:
            with open(manifest, encoding="utf-8", newline="") as f:
                rows = list(csv.DictReader(f, delimiter="\t"))
        except OSError as e:
            raise UsageError(f"{manifest}: {e.strerror}") from None
        if rows and not {"file", "url"} <= set(rows[0]):
            raise UsageError(f"{manifest}: needs tab-separated columns 'file' and 'url'")
        index = SiteIndex(load_sites())
        rc = 0
        for row in rows:
            path = Path(row["file"])
            if not path.is_absolute():
                path = manifest.parent / path
            try:
                out = extract_one(path, row["url"], index)
            except UsageError as e:  # one bad file does not stop the others; the exit says so
                print(f"provnews: {e}", file=sys.stderr, flush=True)
                rc = 2
                continue
            print(json.dumps(out, ensure_ascii=False), flush=True)
        return rc
    if not args.file or not args.url:
        raise UsageError("extract: give --url URL FILE.html, or --manifest FILE.tsv")
    index = SiteIndex(load_sites())
    print(json.dumps(extract_one(Path(args.file), args.url, index), ensure_ascii=False, indent=2))
    return 0


# -- sites ---------------------------------------------------------------------


def cmd_sites(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from cleaning.registry import load_sites, public_view
    from flows import sites_cli

    if args.action == "detect":  # needs no registry
        return sites_cli.cmd_detect(args)
    sites = load_sites()
    if args.action == "check":
        return sites_cli.cmd_check(args, sites)
    if args.action == "coverage":
        return sites_cli.cmd_coverage(args, sites)
    if args.action == "add":
        return sites_cli.cmd_add(args, sites)
    if args.action == "probe":
        return _probe(args, sites)
    if args.json:
        print(json.dumps([public_view(s) for s in sites.values()], ensure_ascii=False, indent=2))
        return 0
    table = Table(title=f"{len(sites)} sites")
    for col in ("id", "kind", "family", "province", "former", "enabled", "verified", "base_url"):
        table.add_column(col)
    for s in sites.values():
        table.add_row(
            s["id"],
            s["kind"],
            s["family"],
            s["province_name"],
            s["former_province_name"] or "",
            "yes" if s["enabled"] else "no",
            s["verified"],
            s["base_url"],
        )
    Console().print(table)
    return 0


def _probe(args: argparse.Namespace, sites: dict[str, Any]) -> int:
    from rich.console import Console
    from rich.table import Table

    from spiders.probe import probe

    if not args.site_id:
        raise UsageError("sites probe: give a site id (see `provnews sites list`)")
    if args.site_id not in sites:
        raise UsageError(f"sites probe: unknown site {args.site_id!r}")
    console = Console()
    with console.status(f"probing {args.site_id} (listings, feeds, first articles) …"):
        result = probe(args.site_id, max_articles=args.articles)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0 if result["exit_code"] == 0 and result["articles"] else 1
    pages = Table(title=f"{args.site_id}: discovery ({result['seconds']}s)")
    for col in ("page", "type", "status", "article links", "error"):
        pages.add_column(col)
    for p in result["pages"]:
        pages.add_row(
            p["url"], p["page_type"], str(p["status"]), str(p["article_links"]), p["error"] or ""
        )
    console.print(pages)
    for p2 in result["page2"]:
        if p2["url"] is None:
            console.print(f"[yellow]{p2['start_url']}: no link to page 2 found[/yellow]")
        else:
            console.print(f"{p2['start_url']}: page 2 {p2['url']} (found by {p2['how']}; "
                          f"HTTP {p2['status']}, {p2['article_links']} article links)")  # fmt: skip
    arts = Table(title="first articles: what extraction returns")
    for col in ("url", "title", "published_at", "author", "views", "body start"):
        arts.add_column(col, overflow="fold")
    for a in result["articles"]:
        arts.add_row(
            a["url"],
            a.get("title") or a.get("error") or "",
            a.get("published_at") or "",
            a.get("author") or "",
            "" if a.get("views") is None else str(a["views"]),
            (a.get("body_start") or "")[:120],
        )
    console.print(arts)
    if result["exit_code"] != 0 or not result["articles"]:
        console.print(f"[red]probe found no articles (exit {result['exit_code']})[/red]")
        console.print(result.get("log_tail") or "")
        return 1
    return 0


# -- stages --------------------------------------------------------------------


def _latest_run(root: Path, first: str = "provnews crawl --site ID") -> str:
    runs = sorted(p.name for p in root.glob("*") if p.is_dir())
    if not runs:
        raise UsageError(f"no runs under {root}; run `{first}` first")
    return runs[-1]


def cmd_crawl(args: argparse.Namespace) -> int:
    from cleaning.registry import load_sites
    from flows.config import new_run_id
    from flows.crawl import pending_state_dir, run_crawl
    from provnews.settings import settings

    cfg = settings()
    sites = load_sites()
    if args.site not in sites:
        raise UsageError(f"crawl: unknown site {args.site!r} (see `provnews sites list`)")
    run_id = args.run_id or new_run_id()
    result = run_crawl(
        sites[args.site],
        run_id,
        cfg.raw_root / run_id,
        args.since,
        full=args.full,
        state_dir=cfg.state_dir,
        state_out=pending_state_dir(cfg.state_dir, run_id),
    )
    print(
        f"site={args.site} run={run_id} records={result.records} errors={result.errors} "
        f"exit={result.exit_code} raw={result.raw_file}"
    )
    if result.exit_code != 0:
        print(result.log_tail, file=sys.stderr)
        return 1
    return 0


def cmd_clean(args: argparse.Namespace) -> int:
    from cleaning.registry import load_sites
    from cleaning.stage import clean_run
    from provnews.settings import settings

    cfg = settings()
    run_id = args.run_id or _latest_run(cfg.raw_root)
    raw_dir = cfg.raw_root / run_id
    if not raw_dir.is_dir():
        raise UsageError(f"clean: no raw data for run {run_id} in {raw_dir}")
    counts = clean_run(raw_dir, cfg.clean_root / run_id, load_sites())
    print(json.dumps({"run_id": run_id, "sites": counts}, ensure_ascii=False))
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    from rich.console import Console

    from flows.load import crawled_sites, load_clean_run, offline_run
    from flows.report import summary_table
    from flows.shard_storage import shard_enabled, shard_state_url
    from provnews.settings import settings

    cfg = settings()
    run_id = args.run_id or _latest_run(cfg.clean_root, first="provnews clean")
    clean_dir = cfg.clean_root / run_id
    if not (clean_dir / "articles.jsonl").exists():
        raise UsageError(
            f"load: run {run_id} is not cleaned yet ({clean_dir}); run `provnews clean`"
        )
    state_url = shard_state_url() if shard_enabled() else None
    result = load_clean_run(run_id, offline_run(run_id), crawled_sites(run_id), state_url)
    summary = {
        "run_id": run_id,
        "status": "loaded",
        "db_path": str(result.db_path),
        "sites": {r["site_id"]: r for r in result.rows()},
    }
    Console().print(summary_table(summary))
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from flows.demo import run_nightly_and_report

    return run_nightly_and_report(sites=args.site or None, since=args.since, full=args.full)


def cmd_publish(args: argparse.Namespace) -> int:
    from provnews.settings import settings
    from warehouse.backends import configured
    from warehouse.export import export_parquet

    cfg = settings()
    warehouse = configured()
    if not warehouse.exists():
        raise UsageError(
            f"publish: no warehouse at {warehouse.location}; run `provnews load` first"
        )
    out = Path(args.parquet) if args.parquet else cfg.data_dir / "export"
    written = export_parquet(warehouse, out)
    print(f"exported {warehouse.location} to Parquet under {out}: {written}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from flows.serve import serve

    return serve(setup_only=args.setup_only)


def cmd_demo(args: argparse.Namespace) -> int:
    from flows.demo import demo

    return demo(keep_farm=False)


def cmd_farm(args: argparse.Namespace) -> int:
    import runpy

    sys.argv = [
        "sitefarm",
        args.action,
        *(["--port", str(args.port)] if args.action == "serve" else []),
    ]
    runpy.run_module("sitefarm", run_name="__main__")
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    from flows.settings_cli import cmd_settings

    return cmd_settings(args)


def cmd_reprocess(args: argparse.Namespace) -> int:
    from cleaning.reprocess import RawFormatError
    from flows.reprocess_cli import ReprocessUsage, cmd_reprocess

    try:
        return cmd_reprocess(args)
    except (ReprocessUsage, RawFormatError) as e:
        raise UsageError(str(e)) from None


def build_parser() -> ArgParser:
    p = ArgParser(prog="provnews", description="Vietnamese provincial news → DuckDB.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=ArgParser)

    s = sub.add_parser("demo", help="run the nightly flow once against the local site farm")
    s.set_defaults(func=cmd_demo)

    s = sub.add_parser("run", help="run the nightly flow once against the real sites")
    s.add_argument("--site", action="append", help="only this site (repeatable)")
    s.add_argument("--since", type=_date)
    s.add_argument("--full", action="store_true", help="recrawl everything, not just what is new")
    s.set_defaults(func=cmd_run)

    s = sub.add_parser("publish", help="export the published warehouse to Parquet")
    s.add_argument("--parquet", help="output folder (default: $PROVNEWS_DATA/export)")
    s.set_defaults(func=cmd_publish)

    s = sub.add_parser("serve", help="Prefect server, work pool, deployments and a worker")
    s.add_argument(
        "--setup-only",
        action="store_true",
        help="a running server (systemd): pool, deployments, automations, then exit",
    )
    s.set_defaults(func=cmd_serve)

    s = sub.add_parser("crawl", help="crawl one site into the raw zone")
    s.add_argument("--site", required=True)
    s.add_argument("--since", type=_date, help="skip entries posted before this date")
    s.add_argument("--full", action="store_true", help="ignore what earlier runs saw")
    s.add_argument("--run-id", type=_run_id)
    s.set_defaults(func=cmd_crawl)

    s = sub.add_parser("clean", help="extract articles from a run's raw records")
    s.add_argument("--run-id", type=_run_id, help="default: the latest run")
    s.set_defaults(func=cmd_clean)

    s = sub.add_parser("load", help="load a cleaned run into the warehouse and publish it")
    s.add_argument("--run-id", type=_run_id, help="default: the latest cleaned run")
    s.set_defaults(func=cmd_load)

    s = sub.add_parser("extract", help="extract one page (JSON) or a manifest (JSON Lines)")
    s.add_argument("file", nargs="?")
    s.add_argument("--url")
    s.add_argument("--manifest")
    s.set_defaults(func=cmd_extract)

    s = sub.add_parser("sites", help="the site registry")
    s.add_argument("action", choices=("list", "check", "probe", "coverage", "detect", "add"))
    s.add_argument("site_id", nargs="?", help="probe: a site id; detect, add: a URL")
    s.add_argument("file", nargs="?", help="detect, add: a saved page of the URL")
    s.add_argument("--json", action="store_true")
    s.add_argument("--articles", type=int, default=3, help="probe, add: articles to extract")
    s.add_argument("--markdown", action="store_true", help="coverage: the docs/coverage.md table")
    s.add_argument("--id", help="add: the new site's id")
    s.add_argument("--kind", help="add: portal, party, school, newspaper, department, other")
    s.add_argument("--province", help="add: current (2025) province code")
    s.add_argument("--former-province", help="add: pre-2025 province code, where it differs")
    s.add_argument("--name", help="add: display name (default: the host)")
    s.add_argument(
        "--to", help="add: registry file to append to (default spiders/sites/added.yaml)"
    )
    s.add_argument("--force", action="store_true", help="add: write even if the probe fails")
    s.set_defaults(func=cmd_sites)

    s = sub.add_parser(
        "reprocess", help="extract stored articles again where the extractor changed"
    )
    s.add_argument("--site", action="append", help="only this site (repeatable)")
    s.add_argument("--since", type=_date, help="articles last seen on or after this date")
    s.add_argument("--until", type=_date, help="articles last seen on or before this date")
    s.add_argument("--jobs", type=int, help="worker processes (default: every core)")
    s.add_argument("--all", action="store_true", help="every article, whatever its version")
    s.add_argument("--json", action="store_true", help="the summary as JSON")
    s.set_defaults(func=cmd_reprocess)

    s = sub.add_parser("settings", help="every PROVNEWS_* setting: value, source, doc")
    s.add_argument("--json", action="store_true")
    s.add_argument("--markdown", action="store_true", help="the README's settings table")
    s.set_defaults(func=cmd_settings)

    s = sub.add_parser("farm", help="the local site farm")
    s.add_argument("action", choices=("serve", "truth"))
    s.add_argument("--port", type=int, default=8180)
    s.set_defaults(func=cmd_farm)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    import duckdb

    from cleaning.registry import RegistryError
    from flows.runlog import UnknownSite
    from provnews.settings import ConfigError
    from warehouse.backends import BackendConfigError
    from warehouse.backends.ducklake import LakeUnavailable
    from warehouse.db import NotDuckDB
    from warehouse.prepare import LoadInputError
    from warehouse.publish import WarehouseBusy

    try:
        args = build_parser().parse_args(argv)
        return args.func(args)
    except UsageError as e:
        print(f"provnews: {e}", file=sys.stderr)
        return 2
    except (
        RegistryError,
        ConfigError,
        BackendConfigError,
        LoadInputError,
        NotDuckDB,
        UnknownSite,
    ) as e:
        print(f"provnews: {e}", file=sys.stderr)
        return 2
    except (duckdb.Error, WarehouseBusy, LakeUnavailable, OSError) as e:
        # A failure in the work, e.g. a database file that is not DuckDB (the published
        # file is untouched: the loader fails on its copy) or a full disk.
        print(f"provnews: {' '.join(str(e).split())}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("provnews: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
