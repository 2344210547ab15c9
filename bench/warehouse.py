"""Warehouse benchmark at warehouse sizes N (default 10k, 100k; 1M with --sizes 1000000).

For each N, in a fresh temporary folder (or reused from --keep, then first brought
to this code's schema and search index, timed as "upgrade"):
  build      a warehouse of N synthetic articles: bulk load_run calls of 100k rows
             (no search upkeep, no standby), then one full search index build
  nights     two nightly loads of 2,000 articles (1,500 new, 500 edits spread over
             the whole warehouse) through load_run, each in a fresh process (its
             peak RSS): the first starts from a copy of the published file (no
             standby yet), the second from the standby -- the steady state. Phases
             timed (LoadResult.phases); published_after_s = when readers see it,
             load_run_s adds the replay into the standby
  baseline   before each night, the same 2,000 rows through a plain DuckDB
             INSERT ... SELECT (+ CHECKPOINT) from the same articles.jsonl into an
             empty table in a copy of the warehouse: no merge, versions, children,
             index or publish -- what a bare insert costs
  search     p50/p95 of search_articles over 20 queries (with and without marks),
             in a fresh read-only process; then, per query, the exhaustive ranking
             (exact := true) beside the default tier one: its p50/p95, how many
             default rankings proved themselves exact, and the share of the
             default top 20 found in the exhaustive top 20
  aggregate  p50/p95 of the province x month count (v_articles)
  size       file bytes and bytes per article

Synthetic articles: title and body drawn word by word from the farm's seed articles
(sitefarm/corpus/seeds) in proportion to the seeds' word frequencies, 24 sites
over 20 provinces, posting dates 2019-2025, enrichment keys like the cleaner's.

Usage: uv run python bench/warehouse.py [--sizes 10000 100000] [--keep DIR]
       [--out bench/results/warehouse.json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from itertools import accumulate
from pathlib import Path

# this file is named like the package it measures: keep bench/ off the import path
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

import duckdb  # noqa: E402

import warehouse.publish as publish  # noqa: E402
from warehouse.loader import load_run  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "sitefarm" / "corpus" / "seeds").glob("*.txt"))
# the seeds' words with their frequencies: text is drawn word by word in proportion
# to how often the seeds use each word (a unigram model), so common words are in
# most articles and rare ones in few, as in real text
_COUNTS = Counter(
    w for p in SEEDS for w in re.findall(r"\w+", p.read_text(encoding="utf-8")) if len(w) > 1
)
WORDS = sorted(_COUNTS)
_CUM = list(accumulate(_COUNTS[w] for w in WORDS))
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
AGG = """SELECT province_name, published_month AS month, count(*)
FROM v_articles GROUP BY ALL ORDER BY 2, 1"""


def article(n: int, run_id: str, rnd: random.Random, variant: int = 0) -> dict:
    site = SITES[n % len(SITES)]
    title = " ".join(rnd.choices(WORDS, cum_weights=_CUM, k=12)).capitalize()
    body = "\n\n".join(" ".join(rnd.choices(WORDS, cum_weights=_CUM, k=70)) for _ in range(5))
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


def write_clean(
    clean: Path, run_id: str, ids: list[tuple[int, int]], seed: int, key: bool = False
) -> None:
    """Write clean output like cleaning.stage does. ``key``: with the folded
    search_key the cleaner adds (the nights); without it (the bulk build, to
    generate fast) the loader folds title + body with pn_fold, which equals
    cleaning.text.search_key (tests/warehouse/test_wh_search.py)."""
    from cleaning.text import search_key

    rnd = random.Random(seed)
    clean.mkdir(parents=True, exist_ok=True)
    with (
        (clean / "articles.jsonl").open("w", encoding="utf-8") as fa,
        (clean / "fetch_log.jsonl").open("w", encoding="utf-8") as ff,
    ):
        for n, variant in ids:
            a = article(n, run_id, random.Random(n), variant)
            if key:
                a["search_key"] = search_key(f"{a['title']}\n{a['body']}")
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


CHUNK = 100_000  # articles per bulk load while building a size


def _child(*args: str) -> dict:
    """Run this script in a fresh process (its own peak RSS) and return its JSON."""
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"bench child {args[0]} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _rss_mb() -> float:
    """Peak RSS of this process since exec (VmHWM: ru_maxrss would include the
    parent's RSS at fork time)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def build(n: int, tmp: Path) -> dict:
    """A published warehouse of n articles: bulk loads of CHUNK articles each indexed
    as it loads, the postings sorted by word once at the end (one compaction)."""
    import warehouse.search as search

    db = tmp / "provnews.duckdb"
    t = time.perf_counter()
    gen_s = 0.0
    share = search.APPENDED_MAX_SHARE
    search.APPENDED_MAX_SHARE = float("inf")  # no compaction per chunk
    try:
        for k, lo in enumerate(range(0, n, CHUNK)):
            run = f"2019{k // 28 + 1:02d}{k % 28 + 1:02d}T013000Z"
            g = time.perf_counter()
            write_clean(tmp / "bulk", run, [(i, 0) for i in range(lo, min(n, lo + CHUNK))], k)
            gen_s += time.perf_counter() - g
            meta = {"run_id": run, "started_at": "2019-07-01T01:30:00+00:00", "status": "completed"}
            load_run(db, tmp / "bulk", meta, SITES, standby=False)
            shutil.rmtree(tmp / "bulk")
    finally:
        search.APPENDED_MAX_SHARE = share
    action = upgrade_kept(db)["search_action"]
    return {
        "generate_s": round(gen_s, 1),
        "build_s": round(time.perf_counter() - t - gen_s, 1),
        "build_index_action": action,
    }


def upgrade_kept(db: Path) -> dict:
    """Bring a warehouse to this code's schema and search index (a kept one: as the
    first load after an upgrade would; a fresh build: its one compaction)."""
    import warehouse.search as search
    from warehouse.db import connect
    from warehouse.publish import build_and_publish
    from warehouse.sqlfiles import ensure_schema

    t = time.perf_counter()
    with build_and_publish(db) as b:
        con = connect(b.path)
        ensure_schema(con)
        action = search.build_search_index(con)
        con.execute("CHECKPOINT")
        con.close()
    return {"search_action": action, "upgrade_s": round(time.perf_counter() - t, 1)}


def child_increment(db: Path, clean: Path, run_id: str) -> dict:
    meta = {"run_id": run_id, "started_at": "2025-07-02T01:30:00+00:00", "status": "completed"}
    t = time.perf_counter()
    res = load_run(db, clean, meta, SITES)
    total = time.perf_counter() - t
    return {
        "load_run_s": round(total, 3),
        "published_after_s": round(total - res.phases.get("standby_replay", 0.0), 3),
        "start_method": res.start_method,
        "standby": res.standby,
        "new": res.totals["new"],
        "updated": res.totals["updated"],
        "phases_s": {k: round(v, 3) for k, v in res.phases.items()},
        "search_action": res.search_action,
        "peak_rss_mb": _rss_mb(),
    }


def child_baseline(db: Path, clean: Path) -> dict:
    """The same rows through a plain INSERT ... SELECT into a copy of the warehouse."""
    base = db.with_name("baseline.duckdb")
    shutil.copyfile(db, base)
    try:
        con = duckdb.connect(str(base))
        con.execute("CREATE TABLE plain AS SELECT * FROM articles LIMIT 0")
        stmt = (
            "INSERT INTO plain BY NAME SELECT article_id, canonical_url, url, site_id, title, "
            "CAST(published_at AS TIMESTAMPTZ) AS published_at, author, body, views, language, "
            "coalesce(search_key, pn_fold(concat_ws(' ', title, body))) AS search_key, "
            "content_hash, CAST(fetched_at AS TIMESTAMPTZ) AS first_seen_at, "
            "CAST(fetched_at AS TIMESTAMPTZ) AS last_seen_at, run_id AS first_run_id, "
            "run_id AS last_run_id, 1 AS version "
            f"FROM read_json('{clean / 'articles.jsonl'}', format='newline_delimited')"
        )
        t = time.perf_counter()
        con.execute(stmt)
        con.execute("CHECKPOINT")
        baseline_s = time.perf_counter() - t
        con.close()
    finally:
        base.unlink(missing_ok=True)
    return {"baseline_insert_select_s": round(baseline_s, 3), "peak_rss_mb": _rss_mb()}


def child_queries(db: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    con.execute("SET TimeZone = 'Asia/Ho_Chi_Minh'")
    for q in QUERIES[:3]:  # warm
        con.execute("SELECT * FROM search_articles(?) LIMIT 20", [q]).fetchall()
    search = []
    for q in QUERIES:
        search += timed(
            lambda q=q: con.execute("SELECT * FROM search_articles(?) LIMIT 20", [q]).fetchall()
        )
    # how far the default (tier) ranking is from the exhaustive one, same queries
    exact, proven, same = [], 0, []
    for q in QUERIES:
        fast = con.execute("SELECT article_id, exact FROM search_articles(?)", [q]).fetchall()
        t = time.perf_counter()
        full = con.execute("SELECT article_id FROM search_articles(?, exact := true)", [q])
        full = [a for (a,) in full.fetchall()]
        exact.append(time.perf_counter() - t)
        proven += bool(fast and fast[0][1])
        same.append(len({a for a, _ in fast} & set(full)) / max(len(full), 1))
    agg = timed(lambda: con.execute(AGG).fetchall(), repeat=10)
    total = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    postings = con.execute("SELECT count(*) FROM search_postings").fetchone()[0]
    con.close()
    return {
        "articles": total,
        "search_postings": postings,
        "search_ms": {"p50": pct(search, 0.5), "p95": pct(search, 0.95), "queries": len(search)},
        "search_exact_ms": {"p50": pct(exact, 0.5), "p95": pct(exact, 0.95)},
        "search_proven_exact": f"{proven}/{len(QUERIES)}",
        "search_top20_overlap": round(sum(same) / len(same), 3),
        "province_month_agg_ms": {"p50": pct(agg, 0.5), "p95": pct(agg, 0.95)},
        "peak_rss_mb": _rss_mb(),
    }


def bench_size(n: int, tmp: Path, keep: Path | None) -> dict:
    db = tmp / "provnews.duckdb"
    cached = keep / f"warehouse-{n}.duckdb" if keep else None
    if cached and cached.exists():
        shutil.copyfile(cached, db)
        built = json.loads(cached.with_suffix(".json").read_text())
        upgrade = upgrade_kept(db)
        if upgrade["search_action"] != "none":
            built["upgrade"] = upgrade
            shutil.copyfile(db, cached)  # the next reuse starts current
            cached.with_suffix(".json").write_text(json.dumps(built))
    else:
        built = build(n, tmp)
        if cached:
            keep.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(db, cached)
            cached.with_suffix(".json").write_text(json.dumps(built))
    size_before = db.stat().st_size

    # the clone alone: what starting a build from a copy costs on this filesystem
    clone = tmp / "clone.duckdb"
    t = time.perf_counter()
    method = publish.clone_file(db, clone)
    clone_s = time.perf_counter() - t
    clone.unlink()

    # two nights of 2,000 articles (1,500 new + 500 edits spread over the years):
    # the first starts from a copy (no standby yet), the second from the standby
    nights = []
    for k, run_id in enumerate(("20250702T013000Z", "20250703T013000Z")):
        lo = n + 1500 * k
        inc = [(lo + i, 0) for i in range(1500)]
        inc += [(i * max(1, n // 500) + k, k + 1) for i in range(500)]
        clean = tmp / f"night{k}"
        write_clean(clean, run_id, inc, 100 + k, key=True)
        base = _child("--child-baseline", str(db), str(clean))
        night = _child("--child-increment", str(db), str(clean), run_id)
        night["baseline_insert_select_s"] = base["baseline_insert_select_s"]
        night["ratio_published_vs_baseline"] = round(
            night["published_after_s"] / base["baseline_insert_select_s"], 2
        )
        night["ratio_total_vs_baseline"] = round(
            night["load_run_s"] / base["baseline_insert_select_s"], 2
        )
        nights.append(night)
        shutil.rmtree(clean)
    queries = _child("--child-queries", str(db))
    size = db.stat().st_size
    return {
        "articles": queries["articles"],
        **built,
        "clone_s": round(clone_s, 3),
        "clone_method": method,
        "night_after_copy": nights[0],
        "night": nights[1],
        "search_postings": queries["search_postings"],
        "search_ms": queries["search_ms"],
        "search_exact_ms": queries["search_exact_ms"],
        "search_proven_exact": queries["search_proven_exact"],
        "search_top20_overlap": queries["search_top20_overlap"],
        "province_month_agg_ms": queries["province_month_agg_ms"],
        "query_process_peak_rss_mb": queries["peak_rss_mb"],
        "db_mb": round(size / 2**20, 1),
        "db_mb_before_nights": round(size_before / 2**20, 1),
        "bytes_per_article": size // max(queries["articles"], 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "warehouse.json")
    ap.add_argument("--tmp", type=Path, default=None, help="work folder (default: system temp)")
    ap.add_argument(
        "--keep", type=Path, default=None,
        help="keep each built warehouse here and reuse it on the next invocation",
    )  # fmt: skip
    ap.add_argument("--child-increment", nargs=3, metavar=("DB", "CLEAN", "RUN_ID"))
    ap.add_argument("--child-baseline", nargs=2, metavar=("DB", "CLEAN"))
    ap.add_argument("--child-queries", nargs=1, metavar="DB")
    args = ap.parse_args()
    if args.child_increment:
        db, clean, run_id = args.child_increment
        print(json.dumps(child_increment(Path(db), Path(clean), run_id)))
        return
    if args.child_baseline:
        print(json.dumps(child_baseline(*map(Path, args.child_baseline))))
        return
    if args.child_queries:
        print(json.dumps(child_queries(Path(args.child_queries[0]))))
        return
    results = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory(dir=args.tmp) as d:
            r = bench_size(n, Path(d), args.keep)
        print(json.dumps(r, ensure_ascii=False), flush=True)
        results.append(r)
    out = {
        "benchmark": "warehouse: nightly increment vs INSERT...SELECT, search, aggregate, size",
        "command": "uv run python bench/warehouse.py --sizes " + " ".join(map(str, args.sizes)),
        "duckdb": duckdb.__version__,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "note": (
            "each night, the baseline and the queries run in a fresh process: peak_rss_mb "
            "is that process's; night_after_copy starts its build from a copy of the file "
            "(no standby yet), night from the standby; published_after_s is when readers "
            "see the night, load_run_s adds the standby replay"
        ),
        "results": results,
    }
    if args.out.exists():  # earlier figures, written by hand, stay with the new ones
        history = json.loads(args.out.read_text(encoding="utf-8")).get("history")
        if history:
            out["history"] = history
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
