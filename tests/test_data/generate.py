"""Refresh or add extraction fixtures (tests/test_data/<family-or-site>/<name>.html.gz + .json).

The convention (Fundus-style): each page is stored gzip-compressed beside a JSON file
holding what it is for and the values extraction must give:

    {"url": ..., "layout": null | "<family>", "fetched_at": "<ISO time>",
     "case": "the kind of failure this page pins", "detects": "<family>" (optional),
     "expected": {<field>: <value>, ...}}

`layout` is the registry's word for the page (null: the page of a site no one has
registered, where the family is detected or the generic layers work alone). `expected`
holds FIELDS below; tests/cleaning/test_fixtures.py compares them exactly and, where
`detects` is given, checks that detection names that family from the page and its URLs.

    uv run python tests/test_data/generate.py                     # refresh every fixture
    uv run python tests/test_data/generate.py nukeviet/footer     # only these
    uv run python tests/test_data/generate.py --add page.html --as nukeviet/footer \\
        --url URL [--layout nukeviet] [--fetched-at 2026-01-09T01:31:00Z] --case "…"

Refreshing rewrites `expected` from what extraction gives now and prints every field
that changed: run it after a change you have reviewed, read the diff of the .json files
by eye, and commit them with the change.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cleaning.page import extract_page  # noqa: E402

HERE = Path(__file__).resolve().parent
FIELDS = ("title", "published_at", "author", "views", "body", "images", "event_date",
          "provinces", "persons")  # fmt: skip


def fixtures(names: list[str] | None = None) -> list[Path]:
    """The fixtures' JSON files, all or the named ones ("<dir>/<name>")."""
    if names:
        return [HERE / f"{n.removesuffix('.json')}.json" for n in names]
    return sorted(HERE.glob("*/*.json"))


def page_of(spec: Path) -> str:
    return gzip.decompress(spec.with_suffix(".html.gz").read_bytes()).decode("utf-8")


def extract(spec: Path) -> dict:
    """What extraction gives for one fixture now, restricted to FIELDS."""
    meta = json.loads(spec.read_text(encoding="utf-8"))
    now = datetime.fromisoformat(meta["fetched_at"].replace("Z", "+00:00"))
    result = extract_page(page_of(spec), meta["url"], None, meta.get("layout"), now=now)
    return {k: result[k] for k in FIELDS}


def refresh(spec: Path) -> list[str]:
    """Rewrite one fixture's `expected`; returns the fields that changed."""
    meta = json.loads(spec.read_text(encoding="utf-8"))
    got = extract(spec)
    changed = [k for k in FIELDS if meta.get("expected", {}).get(k) != got[k]]
    meta["expected"] = got
    spec.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return changed


def add(
    html_file: Path, name: str, url: str, layout: str | None, fetched_at: str, case: str
) -> Path:
    spec = HERE / f"{name}.json"
    spec.parent.mkdir(parents=True, exist_ok=True)
    # mtime 0: the same page gives the same bytes, so git sees no change on a re-add.
    spec.with_suffix(".html.gz").write_bytes(gzip.compress(html_file.read_bytes(), mtime=0))
    meta = {"url": url, "layout": layout, "fetched_at": fetched_at, "case": case, "expected": {}}
    spec.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return spec


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("names", nargs="*", help="<dir>/<name> of the fixtures to refresh")
    ap.add_argument("--add", type=Path, help="an HTML page to store as a new fixture")
    ap.add_argument("--as", dest="name", help="<dir>/<name> for --add")
    ap.add_argument("--url")
    ap.add_argument("--layout")
    ap.add_argument("--fetched-at", default="2026-01-09T01:30:00Z")
    ap.add_argument("--case", default="")
    args = ap.parse_args(argv)
    if args.add:
        if not (args.name and args.url and args.case):
            ap.error("--add needs --as, --url and --case")
        names = [args.name]
        add(args.add, args.name, args.url, args.layout, args.fetched_at, args.case)
    else:
        names = args.names
    for spec in fixtures(names):
        changed = refresh(spec)
        rel = spec.relative_to(HERE).with_suffix("")
        print(f"{rel}: {'changed ' + ', '.join(changed) if changed else 'unchanged'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
