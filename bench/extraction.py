"""Extraction quality and speed: provnews vs trafilatura alone, side by side, same pages.

Pages (every one with a known right answer):
  devset   real article pages, sitefarm/corpus/devset/pages/*.provnews.json beside them
  farm     every article the local site farm serves (sitefarm.truth.expected_articles)
  unknown  synthetic pages of no known CMS family, tests/cleaning/fixtures/*.expected.json

Measures, per system: exact-match accuracy of title, published_at (the contract value:
date and time when the page shows one), published_date (the day only — trafilatura
gives no time, so this is its fair column), author and views; body token F1 (bag of
lower-cased words, averaged over pages); pages per second on the same decoded HTML.
trafilatura runs as `bare_extraction(html, url=url, with_metadata=True)`; it has no
views field, so it is right on views only where a page shows none.

    uv run python bench/extraction.py [--rounds N] [--no-write]

Writes bench/results/extraction.json and prints a table. The floors test
(tests/cleaning/test_extraction_floors.py) imports `load_cases` and `score` from here
and computes the same accuracies in-process (no timing).
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cleaning.charset import decode_body  # noqa: E402
from cleaning.extract import extract_article  # noqa: E402
from cleaning.registry import SiteIndex, load_sites  # noqa: E402

DEVSET = ROOT / "sitefarm" / "corpus" / "devset" / "pages"
UNKNOWN = ROOT / "tests" / "cleaning" / "fixtures"
OUT = ROOT / "bench" / "results" / "extraction.json"
FIELDS = ("title", "published_at", "published_date", "author", "views")
SYSTEMS = ("provnews", "provnews-generic", "trafilatura")


@dataclass
class Case:
    group: str  # devset / farm / unknown
    name: str
    url: str
    html: str
    selectors: dict
    family: str | None
    want: dict


def _case(group: str, name: str, url: str, raw: bytes, want: dict, sites: SiteIndex) -> Case:
    html, _ = decode_body(raw, None)
    site = sites.for_url(url)
    family = site["layout"] if site else None
    return Case(group, name, url, html, dict(site["selectors"]) if site else {}, family, want)


def load_cases(groups: tuple[str, ...] = ("devset", "farm", "unknown")) -> list[Case]:
    """Every page with a known right answer, decoded, with its registry site settings."""
    sites = SiteIndex(load_sites())
    cases: list[Case] = []
    if "devset" in groups:
        for exp_path in sorted(DEVSET.glob("*.provnews.json")):
            want = json.loads(exp_path.read_text(encoding="utf-8"))
            page = exp_path.with_name(exp_path.name.replace(".provnews.json", ".html"))
            cases.append(_case("devset", page.name, want["url"], page.read_bytes(), want, sites))
    if "farm" in groups:
        from sitefarm.build import build_farm
        from sitefarm.truth import expected_articles

        farm = build_farm()
        for want in expected_articles():
            parts = urlsplit(want["url"])
            b = farm.by_host[parts.netloc]
            page = b.lookup(parts.path + (f"?{parts.query}" if parts.query else ""))
            cases.append(_case("farm", want["url"], want["url"], page.body, want, sites))
    if "unknown" in groups:
        for exp_path in sorted(UNKNOWN.glob("*.expected.json")):
            want = json.loads(exp_path.read_text(encoding="utf-8"))
            page = exp_path.with_name(exp_path.name.replace(".expected.json", ".html"))
            cases.append(_case("unknown", page.name, want["url"], page.read_bytes(), want, sites))
    return cases


# --------------------------------------------------------------------------- systems


def run_provnews(c: Case) -> dict:
    r = extract_article(c.html, c.url, selectors=c.selectors, family=c.family)
    return {k: r[k] for k in ("title", "published_at", "author", "views", "body")}


def run_generic(c: Case) -> dict:
    """provnews with no site selectors and no family: how a never-configured site fares."""
    r = extract_article(c.html, c.url, use_families=False)
    return {k: r[k] for k in ("title", "published_at", "author", "views", "body")}


def run_trafilatura(c: Case) -> dict:
    import trafilatura

    doc = trafilatura.bare_extraction(c.html, url=c.url, with_metadata=True)
    if doc is None:
        return {"title": None, "published_at": None, "author": None, "views": None, "body": None}
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return {
        "title": d.get("title"),
        "published_at": d.get("date"),
        "author": d.get("author"),
        "views": None,
        "body": d.get("text"),
    }


RUNNERS: dict[str, Callable[[Case], dict]] = {
    "provnews": run_provnews,
    "provnews-generic": run_generic,
    "trafilatura": run_trafilatura,
}


# --------------------------------------------------------------------------- scoring


def _norm(v: object) -> object:
    if isinstance(v, str):
        return " ".join(unicodedata.normalize("NFC", v).split())
    return v


def _tokens(text: str | None) -> Counter:
    return Counter(re.findall(r"\w+", unicodedata.normalize("NFC", text or "").lower()))


def token_f1(got: str | None, want: str | None) -> float:
    g, w = _tokens(got), _tokens(want)
    if not g and not w:
        return 1.0
    common = sum((g & w).values())
    if not common:
        return 0.0
    p, r = common / sum(g.values()), common / sum(w.values())
    return 2 * p * r / (p + r)


def field_hits(got: dict, want: dict) -> dict[str, bool]:
    day = (want["published_at"] or "")[:10] or None
    got_day = (got["published_at"] or "")[:10] or None
    return {
        "title": _norm(got["title"]) == _norm(want["title"]),
        "published_at": got["published_at"] == want["published_at"],
        "published_date": got_day == day,
        "author": _norm(got["author"]) == _norm(want["author"]),
        "views": got["views"] == want["views"],
    }


def score(cases: list[Case], system: str = "provnews") -> dict:
    """Accuracy per field and mean body F1 for one system, overall and per group;
    `misses` lists (page, field) pairs that were wrong."""
    run = RUNNERS[system]
    per: dict[str, dict[str, list[float]]] = {}
    misses: list[tuple[str, str]] = []
    for c in cases:
        got = run(c)
        hits = field_hits(got, c.want)
        f1 = token_f1(got["body"], c.want["body"])
        for g in ("all", c.group):
            bucket = per.setdefault(g, {f: [] for f in (*FIELDS, "body_f1")})
            for f in FIELDS:
                bucket[f].append(1.0 if hits[f] else 0.0)
            bucket["body_f1"].append(f1)
        misses += [(c.name, f) for f in FIELDS if not hits[f]]
        if f1 < 0.97:
            misses.append((c.name, f"body_f1={f1:.3f}"))
    out = {
        g: {f: round(sum(v) / len(v), 4) for f, v in b.items()} | {"pages": len(b["title"])}
        for g, b in per.items()
    }
    out["misses"] = misses
    return out


def pages_per_second(cases: list[Case], system: str, rounds: int) -> float:
    run = RUNNERS[system]
    for c in cases:  # warm-up: imports, caches, compiled selectors
        run(c)
    t0 = time.perf_counter()
    for _ in range(rounds):
        for c in cases:
            run(c)
    return round(rounds * len(cases) / (time.perf_counter() - t0), 1)


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=3, help="timed passes over all pages")
    ap.add_argument("--no-write", action="store_true", help="print only")
    args = ap.parse_args(argv)

    cases = load_cases()
    results = {s: score(cases, s) for s in SYSTEMS}
    speed = {s: pages_per_second(cases, s, args.rounds) for s in SYSTEMS}

    groups = ["all", *sorted({c.group for c in cases})]
    cols = (*FIELDS, "body_f1")
    counts = ", ".join(f"{g} {results['provnews'][g]['pages']}" for g in groups[1:])
    print(f"{len(cases)} pages ({counts})")
    head = f"{'group':8} {'system':16} " + " ".join(f"{c[:14]:>14}" for c in cols)
    print(head)
    print("-" * len(head))
    for g in groups:
        for s in SYSTEMS:
            r = results[s][g]
            print(f"{g:8} {s:16} " + " ".join(f"{r[c]:>14.3f}" for c in cols))
    print("-" * len(head))
    for s in SYSTEMS:
        print(f"{s:16} {speed[s]:8.1f} pages/s")
    for s in SYSTEMS[:2]:
        if results[s]["misses"]:
            print(f"{s} misses:", *(f"  {n}: {f}" for n, f in results[s]["misses"]), sep="\n")

    if not args.no_write:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "pages": {g: results["provnews"][g]["pages"] for g in groups},
            "rounds": args.rounds,
            "python": platform.python_version(),
            "machine": platform.machine(),
            "systems": {
                s: {
                    "pages_per_second": speed[s],
                    **{g: {k: v for k, v in results[s][g].items() if k != "pages"} for g in groups},
                    "misses": [f"{n}: {f}" for n, f in results[s]["misses"]],
                }
                for s in SYSTEMS
            },
        }
        OUT.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
