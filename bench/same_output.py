"""Does a speed change keep extraction's output? Dump it on every page, compare two dumps.

A speed change to cleaning/ should give byte-identical results; this is how that is
checked. Pages: devset, farm and unknown cases of bench/extraction.py (each with the
registry's site settings, with the family layer off, and as `provnews extract` sees it
without a registry), every tests/test_data fixture, and the public benchmark's 181 pages.
Dates are bounded by a fixed `now`, so two dumps differ only where extraction does.

    uv run python bench/same_output.py dump OUT.json       # before and after the change
    uv run python bench/same_output.py compare OLD.json NEW.json

`compare` prints each page and key that differs (old and new values, cut short) and
exits 1 when any does, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.extraction import load_benchmark, load_cases  # noqa: E402
from cleaning.charset import decode_body  # noqa: E402
from cleaning.extract import extract_article  # noqa: E402

NOW = datetime(2026, 6, 1, tzinfo=UTC)
FIXTURES = ROOT / "tests" / "test_data"


def dump() -> dict[str, dict]:
    """Every page's extraction result, keyed by set, page and how it was called."""
    out: dict[str, dict] = {}
    for c in load_cases():
        key = f"{c.group}/{c.name}"
        out[f"{key}/site"] = extract_article(
            c.html, c.url, selectors=c.selectors, family=c.family, now=NOW
        )
        out[f"{key}/generic"] = extract_article(c.html, c.url, use_families=False, now=NOW)
        out[f"{key}/plain"] = extract_article(c.html, c.url, now=NOW)
    for spec in sorted(FIXTURES.glob("*/*.json")):
        page = spec.with_suffix(".html.gz")
        if not page.exists():
            continue
        meta = json.loads(spec.read_text(encoding="utf-8"))
        html, _ = decode_body(page.read_bytes(), None)
        url = meta.get("url", "")
        key = f"fixture/{spec.relative_to(FIXTURES)}"
        out[f"{key}/layout"] = extract_article(html, url, family=meta.get("layout"), now=NOW)
        out[f"{key}/plain"] = extract_article(html, url, now=NOW)
    for p in load_benchmark():
        out[f"benchmark/{p.url}"] = extract_article(p.html, p.url, now=NOW)
    return out


def _short(value: object, limit: int = 160) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def compare(old: dict[str, dict], new: dict[str, dict]) -> list[str]:
    """One line per page and key whose value differs (or page present in one dump only)."""
    lines = [f"{page}: only in the old dump" for page in sorted(old.keys() - new.keys())]
    lines += [f"{page}: only in the new dump" for page in sorted(new.keys() - old.keys())]
    for page in sorted(old.keys() & new.keys()):
        a, b = old[page], new[page]
        for key in sorted(a.keys() | b.keys()):
            if a.get(key) != b.get(key):
                was, now = _short(a.get(key)), _short(b.get(key))
                lines.append(f"{page} [{key}]\n  old {was}\n  new {now}")
    return lines


def _read(path: str) -> dict[str, dict]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("dump", help="write every page's result").add_argument("out")
    cmp = sub.add_parser("compare", help="list the differences of two dumps")
    cmp.add_argument("old")
    cmp.add_argument("new")
    args = ap.parse_args(argv)
    if args.cmd == "compare":
        for path in (args.old, args.new):
            if not Path(path).is_file():
                ap.error(f"no dump at {path}")
        diffs = compare(_read(args.old), _read(args.new))
        print("\n".join(diffs) if diffs else "same output on every page")
        return 1 if diffs else 0
    out = dump()
    text = json.dumps(out, ensure_ascii=False, sort_keys=True, default=str, indent=0)
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"{len(out)} results written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
