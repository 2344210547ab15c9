"""Benchmark: our layered `extract_article` vs plain `trafilatura.bare_extraction`.

Both run on the same devset pages (spiders/farm/corpus/devset/pages/*.html),
from decoded text, several rounds each after a warm-up. Prints pages/s and the
peak traced memory of one pass, and writes bench/results/extract.json.

    uv run python bench/bench_extract.py [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from cleaning.extract import extract_article  # noqa: E402

PAGES = ROOT / "spiders" / "farm" / "corpus" / "devset" / "pages"
MANIFEST = ROOT / "spiders" / "farm" / "corpus" / "devset" / "manifest.tsv"
OUT = ROOT / "bench" / "results" / "extract.json"


def load_pages() -> list[tuple[str, str, str, str]]:
    """(file, url, kind, html) for every .html page in the devset manifest."""
    rows = []
    lines = MANIFEST.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    for line in lines[1:]:
        rec = dict(zip(header, line.split("\t"), strict=False))
        if rec["file"].endswith(".html"):
            path = PAGES / Path(rec["file"]).name
            rows.append((path.name, rec["url"], rec["kind"], path.read_text(encoding="utf-8")))
    return rows


def ours(html: str, url: str) -> object:
    return extract_article(html, url)


def plain_trafilatura(html: str, url: str) -> object:
    return trafilatura.bare_extraction(html, url=url, with_metadata=True)


def measure(fn: Callable[[str, str], object], pages, rounds: int) -> dict:
    for _, url, _, html in pages:  # warm-up: imports, caches, compiled selectors
        fn(html, url)
    t0 = time.perf_counter()
    for _ in range(rounds):
        for _, url, _, html in pages:
            fn(html, url)
    elapsed = time.perf_counter() - t0
    n = rounds * len(pages)
    tracemalloc.start()
    for _, url, _, html in pages:
        fn(html, url)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "pages": n,
        "seconds": round(elapsed, 3),
        "pages_per_s": round(n / elapsed, 1),
        "ms_per_page": round(1000 * elapsed / n, 2),
        "peak_traced_mib": round(peak / 2**20, 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    pages = load_pages()
    articles = [p for p in pages if p[2] == "article"]
    results = {
        "corpus": f"{len(pages)} devset HTML pages ({len(articles)} articles)",
        "rounds": args.rounds,
        "python": platform.python_version(),
        "trafilatura": trafilatura.__version__,
        "machine": platform.machine(),
        "all_pages": {
            "extract_article": measure(ours, pages, args.rounds),
            "trafilatura.bare_extraction": measure(plain_trafilatura, pages, args.rounds),
        },
        "articles_only": {
            "extract_article": measure(ours, articles, args.rounds),
            "trafilatura.bare_extraction": measure(plain_trafilatura, articles, args.rounds),
        },
    }
    for scope in ("all_pages", "articles_only"):
        print(f"{scope}:")
        for name, r in results[scope].items():
            print(
                f"  {name:30s} {r['pages_per_s']:8.1f} pages/s  {r['ms_per_page']:7.2f} ms/page"
                f"  peak {r['peak_traced_mib']:.1f} MiB"
            )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
