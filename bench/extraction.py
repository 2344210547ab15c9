"""Extraction quality and speed: provnews vs trafilatura alone, side by side, same pages.

Pages (every one with a known right answer):
  devset   real article pages, sitefarm/corpus/devset/pages/*.provnews.json beside them
  farm     every article the local site farm serves (sitefarm.truth.expected_articles)
  unknown  synthetic pages of no known CMS family, tests/test_data/unknown/*.json
  benchmark  the public article-extraction benchmark (181 news pages of 181 sites, mostly
           English) in ../shared/benchmarks/article-extraction-benchmark: body text only,
           scored as its README says (4-word shingles; precision and recall averaged over
           pages, F1 of the two), provnews against trafilatura.extract() in the same run

Measures, per system: exact-match accuracy of title, published_at (the contract value:
date and time when the page shows one), published_date (the day only — trafilatura
gives no time, so this is its fair column), author and views; body token F1 (bag of
lower-cased words, averaged over pages); pages per second on the same decoded HTML.
trafilatura runs as `bare_extraction(html, url=url, with_metadata=True)`; it has no
views field, so it is right on views only where a page shows none.

    uv run python bench/extraction.py [--rounds N] [--no-write]

Speed is CPU time in this one process (time.process_time), provnews with enrichment, on
the same decoded pages: the benchmark pages and the pages of a known family (devset and
farm), against trafilatura's bare_extraction(with_metadata=True) (what the field columns
compare) and extract() (what the benchmark's body column compares). provnews is called
as its callers call it: on known-family pages as the nightly clean stage does (with the
registry's site selectors and family, as the accuracy columns do), on the benchmark pages
as `provnews extract` does (no registry site knows their hosts).

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
UNKNOWN = ROOT / "tests" / "test_data" / "unknown"
OUT = ROOT / "bench" / "results" / "extraction.json"
# Beside the clone, as in CI (../shared), or beside the folder of a git worktree
# (../../shared); absent on a machine without it.
_SHARED_BENCH = Path("shared", "benchmarks", "article-extraction-benchmark")
BENCHMARK = next(
    (p for up in ROOT.parents[:2] if (p := up / _SHARED_BENCH).is_dir()),
    ROOT.parent / _SHARED_BENCH,
)
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
        for spec in sorted(UNKNOWN.glob("*.json")):  # the fixture convention: tests/test_data
            meta = json.loads(spec.read_text(encoding="utf-8"))
            want = {"url": meta["url"], **meta["expected"]}
            page = spec.with_suffix(".html.gz")  # decode_body gunzips it
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


# --------------------------------------------------------------------------- benchmark


@dataclass
class BenchPage:
    id: str
    url: str
    html: str
    body: str  # the hand-made articleBody


def load_benchmark(root: Path = BENCHMARK) -> list[BenchPage]:
    """The benchmark's pages, decoded as the cleaning stage decodes them; [] when absent."""
    truth_path = root / "ground-truth.json"
    if not truth_path.is_file():
        return []
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    pages = []
    for pid in sorted(truth):
        html, _ = decode_body((root / "html" / f"{pid}.html.gz").read_bytes(), None)
        pages.append(BenchPage(pid, truth[pid]["url"], html, truth[pid].get("articleBody") or ""))
    return pages


_SHINGLE_WORD = re.compile(r"\w+")


def _shingle_counts(text: str, n: int = 4) -> Counter:
    words = _SHINGLE_WORD.findall(text or "")
    return Counter(tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1)))


def shingle_match(got: str | None, want: str) -> tuple[float, float, float]:
    """(tp, fp, fn) over 4-word shingles, normalised to sum 1 (the benchmark's scorer)."""
    g, w = _shingle_counts(got or ""), _shingle_counts(want)
    g.pop((), None)
    w.pop((), None)
    tp, fp, fn = sum((g & w).values()), sum((g - w).values()), sum((w - g).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def benchmark_prf(rows: list[tuple[float, float, float]]) -> dict[str, float]:
    """Precision and recall averaged over pages, and their F1 (the benchmark's figures)."""

    def ratio(a: float, b: float, other: float) -> float:
        if b == other == 0:
            return 1.0
        return a / (a + b) if a + b else 0.0

    ps = [ratio(tp, fp, fn) for tp, fp, fn in rows if tp + fp > 0]
    rs = [ratio(tp, fn, fp) for tp, fp, fn in rows if tp + fn > 0]
    p, r = sum(ps) / len(ps), sum(rs) / len(rs)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4)}


def bench_provnews(page: BenchPage) -> str | None:
    """Body text as `provnews extract` gives it (no registry site knows these hosts)."""
    return extract_article(page.html, page.url)["body"]


def bench_trafilatura(page: BenchPage) -> str | None:
    import trafilatura

    return trafilatura.extract(page.html, url=page.url)


BENCH_RUNNERS: dict[str, Callable[[BenchPage], str | None]] = {
    "provnews": bench_provnews,
    "trafilatura": bench_trafilatura,
}


def score_benchmark(pages: list[BenchPage], system: str = "provnews") -> dict:
    """Precision, recall and F1 on all pages and on the odd- and even-indexed halves."""
    rows = [shingle_match(BENCH_RUNNERS[system](p), p.body) for p in pages]
    return {
        "all": benchmark_prf(rows),
        "odd": benchmark_prf(rows[1::2]),
        "even": benchmark_prf(rows[0::2]),
        "pages": len(rows),
    }


def cpu_pages_per_second(htmls: list[tuple[str, str]], run: Callable[[str, str], object],
                         rounds: int) -> float:  # fmt: skip
    """Pages per CPU second of this process for run(html, url) over the pages."""
    for html, url in htmls[:5]:  # warm-up: imports, caches
        run(html, url)
    t0 = time.process_time()
    for _ in range(rounds):
        for html, url in htmls:
            run(html, url)
    return round(rounds * len(htmls) / (time.process_time() - t0), 1)


def _traf_extract(html: str, url: str) -> object:
    import trafilatura

    return trafilatura.extract(html, url=url)


def _traf_bare(html: str, url: str) -> object:
    import trafilatura

    return trafilatura.bare_extraction(html, url=url, with_metadata=True)


SPEED_RUNNERS: dict[str, Callable[[str, str], object]] = {
    "provnews": lambda html, url: extract_article(html, url),
    "trafilatura-bare": _traf_bare,
    "trafilatura-extract": _traf_extract,
}


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

    bench_pages = load_benchmark()
    bench: dict[str, dict] = {}
    if bench_pages:
        bench = {s: score_benchmark(bench_pages, s) for s in BENCH_RUNNERS}
        print(f"\nbenchmark: {len(bench_pages)} pages, body text (shingles of 4 words)")
        print(f"{'system':12} {'half':5} {'precision':>9} {'recall':>9} {'F1':>9}")
        for s, r in bench.items():
            for half in ("all", "odd", "even"):
                x = r[half]
                print(f"{s:12} {half:5} {x['precision']:9.4f} {x['recall']:9.4f} {x['f1']:9.4f}")
    else:
        print(f"\nbenchmark: {BENCHMARK} not found, skipped")
    # CPU time in this process, same decoded pages for every system.
    known = [c for c in cases if c.group != "unknown"]
    sets: dict[str, list[tuple[str, str]]] = {"known-family": [(c.html, c.url) for c in known]}
    if bench_pages:
        sets["benchmark"] = [(p.html, p.url) for p in bench_pages]
    by_url = {c.url: c for c in known}

    def provnews_known(html: str, url: str) -> object:
        c = by_url.get(url)
        return extract_article(
            html, url, selectors=c.selectors if c else None, family=c.family if c else None
        )

    cpu: dict[str, dict[str, float]] = {}
    for name, htmls in sets.items():
        runners = dict(SPEED_RUNNERS)
        if name == "known-family":
            runners["provnews"] = provnews_known
        cpu[name] = {s: cpu_pages_per_second(htmls, run, args.rounds) for s, run in runners.items()}
        x = cpu[name]
        print(
            f"CPU pages/s on {name} ({len(htmls)} pages): provnews {x['provnews']}, trafilatura "
            f"bare_extraction {x['trafilatura-bare']} "
            f"({x['provnews'] / x['trafilatura-bare']:.2f}x), "
            f"extract {x['trafilatura-extract']} ({x['provnews'] / x['trafilatura-extract']:.2f}x)"
        )

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
            "benchmark": bench,
            "cpu_pages_per_second": cpu,
            "cpu_provnews_called_as": {
                "known-family": "the clean stage: the registry's site selectors and family",
                "benchmark": "provnews extract: no registry site",
            },
        }
        OUT.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
