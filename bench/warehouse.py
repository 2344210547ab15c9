"""Warehouse benchmark at warehouse sizes N (default 10k, 100k; 1M with --sizes 1000000).

For each N, in a fresh temporary folder:
  build      a warehouse of N synthetic articles (bulk: one load_run of N rows, FTS built)
  increment  the nightly load of 2,000 articles (1,500 new, 500 edited) through
             load_run: clone of the published file + schema check + stage + merge +
             children + search index upkeep + checkpoint + publish, phases timed
             (LoadResult.phases)
  baseline   the same 2,000 rows through a plain DuckDB INSERT ... SELECT from the same
             articles.jsonl into a copy of the same articles table (no versions,
             no clone, no index, no publish) — what a bare load costs
  search     p50/p95 of search_articles over 20 queries (with and without marks)
  aggregate  p50/p95 of the province x month count (v_articles)
  size       file bytes and bytes per article; peak RSS of this process

Synthetic articles use Vietnamese text drawn from the vocabulary of the farm's seed
articles (spiders/farm/corpus/seeds), 24 sites over 20 provinces, posting dates
2019-2025, enrichment keys like the cleaner's.

Usage: uv run python bench/warehouse.py [--sizes 10000 100000] [--out bench/results/warehouse.json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import random
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

# this file is named like the package it measures: keep bench/ off the import path
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

import duckdb  # noqa: E402

import warehouse.publish as publish  # noqa: E402
from warehouse.loader import load_run  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "spiders" / "farm" / "corpus" / "seeds").glob("*.txt"))
WORDS = sorted(
    {w for p in SEEDS for w in re.findall(r"\w+", p.read_text(encoding="utf-8")) if len(w) > 1}
)
SITES = [
    {"id": f"site-{i:02d}", "name": f"Trang {i}", "kind": "portal", "family": "generic",
     "province": f"{(i % 20) + 1:02d}", "base_url": f"https://site{i}.gov.vn",
     "enabled": True, "verified": "none"}
    for i in range(24)
]  # fmt: skip
QUERIES = [
    "chất lượng cán bộ", "chat luong can bo", "hội thảo khoa học", "hoi thao",
    "Ủy ban nhân dân", "Uỷ ban nhân dân", "uy ban", "cấp cơ sở", "Hậu Giang",
    "hau giang", "phân viện học viện", "đào tạo bồi dưỡng", "dao tao", "giải pháp",
    "thực trạng", "công chức", "cong chuc cap xa", "tham luận", "chính quyền", "nông thôn",
]  # fmt: skip
AGG = """SELECT province_name, pn_month(published_at) AS month, count(*)
FROM v_articles GROUP BY ALL ORDER BY 2, 1"""


def article(n: int, run_id: str, rnd: random.Random, variant: int = 0) -> dict:
    site = SITES[n % len(SITES)]
    title = " ".join(rnd.choices(WORDS, k=12)).capitalize()
    body = "\n\n".join(" ".join(rnd.choices(WORDS, k=70)) for _ in range(5))
    if variant:
        body += f"\n\nCập nhật lần {variant}."
    year = 2019 + n % 7
    published = f"{year}-{1 + n % 12:02d}-{1 + n % 28:02d}T{8 + n % 9:02d}:15:00+07:00"
    key = f"{title}\x1f{published}\x1fTin, ảnh: X\x1f{body}"
    return {
        "article_id": hashlib.sha256(f"u{n}".encode()).hexdigest()[:32],
        "canonical_url": f"https://{site['id']}.gov.vn/tin/{n}",
        "url": f"https://{site['id']}.gov.vn/tin/{n}",
        "site_id": site["id"],
        "run_id": run_id,
        "fetched_at": f"2025-07-{int(run_id[6:8]):02d}T01:30:00Z",
        "title": title,
        "published_at": published,
        "author": "Tin, ảnh: X",
        "body": body,
        "views": n % 1000,
        "language": "vi",
        "search_key": None,
        "content_hash": hashlib.sha256(key.encode()).hexdigest(),
        "images": [{"src": f"https://{site['id']}.gov.vn/img/{n}.jpg", "caption": None}],
        "provinces": ["Cần Thơ"],
        "province_mentions": [
            {
                "as_written": "tỉnh Hậu Giang",
                "current_code": "92",
                "current_name": "Cần Thơ",
                "former_code": "93",
                "former_name": "Hậu Giang",
                "count": 1,
            }
        ],  # fmt: skip
        "persons": [
            {
                "name": "Huỳnh Văn Thới",
                "titles": ["TS."],
                "role": None,
                "organisation": None,
                "mentions": 1,
            }
        ],  # fmt: skip
        "event": None if n % 10 else {"type": "hội thảo khoa học", "date": published[:10]},
        "event_date": None if n % 10 else published[:10],
        "topics": ["cadre_quality"] if n % 4 == 0 else [],
        "layers": {"title": "generic"},
    }


def write_clean(clean: Path, run_id: str, ids: list[tuple[int, int]], seed: int) -> None:
    # search_key is left out: the loader folds title + body with pn_fold, which
    # equals cleaning.text.search_key (tests/warehouse/test_wh_search.py)
    rnd = random.Random(seed)
    clean.mkdir(parents=True, exist_ok=True)
    with (
        (clean / "articles.jsonl").open("w", encoding="utf-8") as fa,
        (clean / "fetch_log.jsonl").open("w", encoding="utf-8") as ff,
    ):
        for n, variant in ids:
            a = article(n, run_id, random.Random(n), variant)
            fa.write(json.dumps(a, ensure_ascii=False) + "\n")
            ff.write(json.dumps({
                "run_id": run_id, "site_id": a["site_id"], "url": a["url"],
                "final_url": a["url"], "status": 200, "bytes": 30000 + rnd.randrange(9000),
                "fetched_at": a["fetched_at"], "page_type": "article", "outcome": "article",
                "reason": None, "article_id": a["article_id"]}) + "\n")  # fmt: skip


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return round(xs[min(len(xs) - 1, int(p * len(xs)))] * 1000, 1)


def timed(fn, repeat: int = 1) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def bench_size(n: int, tmp: Path) -> dict:
    run1, run2 = "20250701T013000Z", "20250702T013000Z"
    db = tmp / "provnews.duckdb"
    meta = {"run_id": run1, "started_at": "2025-07-01T01:30:00+00:00", "status": "completed"}
    t = time.perf_counter()
    write_clean(tmp / "c1", run1, [(i, 0) for i in range(n)], 1)
    gen_s = time.perf_counter() - t
    t = time.perf_counter()
    load_run(db, tmp / "c1", meta, SITES)
    build_s = time.perf_counter() - t
    shutil.rmtree(tmp / "c1")
    size_before = db.stat().st_size

    # nightly increment: 1,500 new + 500 edited
    inc = [(n + i, 0) for i in range(1500)] + [(i * max(1, n // 500), 1) for i in range(500)]
    write_clean(tmp / "c2", run2, inc, 2)
    # baseline: same rows, plain INSERT ... SELECT into a copy of the articles table
    base = tmp / "baseline.duckdb"
    shutil.copyfile(db, base)
    bcon = duckdb.connect(str(base))
    bcon.execute("CREATE TABLE plain AS SELECT * FROM articles LIMIT 0")
    stmt = (
        "INSERT INTO plain BY NAME SELECT article_id, canonical_url, url, site_id, title, "
        "CAST(published_at AS TIMESTAMPTZ) AS published_at, author, body, views, language, "
        "pn_fold(concat_ws(' ', title, body)) AS search_key, "
        "content_hash, CAST(fetched_at AS TIMESTAMPTZ) AS first_seen_at, "
        "CAST(fetched_at AS TIMESTAMPTZ) AS last_seen_at, run_id AS first_run_id, "
        "run_id AS last_run_id, 1 AS version "
        f"FROM read_json('{tmp / 'c2' / 'articles.jsonl'}', format='newline_delimited')"
    )
    t = time.perf_counter()
    bcon.execute(stmt)
    bcon.execute("CHECKPOINT")
    baseline_s = time.perf_counter() - t
    bcon.close()
    base.unlink()

    # the clone alone (what publishing costs on this filesystem)
    clone = tmp / "clone.duckdb"
    t = time.perf_counter()
    method = publish.clone_file(db, clone)
    clone_s = time.perf_counter() - t
    clone.unlink()

    meta2 = {**meta, "run_id": run2, "started_at": "2025-07-02T01:30:00+00:00"}
    t = time.perf_counter()
    res = load_run(db, tmp / "c2", meta2, SITES)
    inc_s = time.perf_counter() - t
    with duckdb.connect(str(db), read_only=True) as con:
        index = con.execute("SELECT part, documents FROM search_index_state").fetchall()
        postings = con.execute("SELECT count(*) FROM search_postings").fetchone()[0]
    merge_s = sum(res.phases.get(k, 0.0) for k in ("stage", "merge"))

    con = duckdb.connect(str(db), read_only=True)
    con.execute("SET TimeZone = 'Asia/Ho_Chi_Minh'")
    for q in QUERIES[:3]:  # warm
        con.execute("SELECT * FROM search_articles(?) LIMIT 20", [q]).fetchall()
    search = []
    for q in QUERIES:
        search += timed(
            lambda q=q: con.execute("SELECT * FROM search_articles(?) LIMIT 20", [q]).fetchall()
        )
    agg = timed(lambda: con.execute(AGG).fetchall(), repeat=10)
    total = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    con.close()
    size = db.stat().st_size
    return {
        "articles": total,
        "generate_s": round(gen_s, 1),
        "build_s": round(build_s, 1),
        "increment": {
            "rows": 2000,
            "new": res.totals["new"],
            "updated": res.totals["updated"],
            "load_run_s": round(inc_s, 3),
            "merge_s": round(merge_s, 3),
            "clone_s": round(clone_s, 3),
            "clone_method": method,
            "baseline_insert_select_s": round(baseline_s, 3),
            "ratio_vs_baseline": round(inc_s / baseline_s, 1),
            "ratio_merge_only_vs_baseline": round(merge_s / baseline_s, 1),
            "phases_s": {k: round(v, 3) for k, v in res.phases.items()},
            "search_action": res.search_action,
            "search_index_parts": dict(index),
            "search_postings": postings,
        },
        "search_ms": {"p50": pct(search, 0.5), "p95": pct(search, 0.95), "queries": len(search)},
        "province_month_agg_ms": {"p50": pct(agg, 0.5), "p95": pct(agg, 0.95)},
        "db_mb": round(size / 2**20, 1),
        "db_mb_before_increment": round(size_before / 2**20, 1),
        "bytes_per_article": size // max(total, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "warehouse.json")
    ap.add_argument("--tmp", type=Path, default=None, help="work folder (default: system temp)")
    args = ap.parse_args()
    results = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory(dir=args.tmp) as d:
            r = bench_size(n, Path(d))
        print(json.dumps(r, ensure_ascii=False), flush=True)
        results.append(r)
    out = {
        "benchmark": "warehouse: nightly increment vs INSERT...SELECT, search, aggregate, size",
        "command": "uv run python bench/warehouse.py --sizes " + " ".join(map(str, args.sizes)),
        "duckdb": duckdb.__version__,
        "python": platform.python_version(),
        "cpus": __import__("os").cpu_count(),
        "note": "peak_rss_mb is of the whole bench process (build included), cumulative over sizes",
        "results": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
