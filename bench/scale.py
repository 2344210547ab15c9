"""Scale benchmark: sharded crawl on 1, 2, 4 workers; DuckLake loads with 1 vs 3 writers.

    uv run python bench/scale.py [--sites 12] [--articles 20] [--latency 0.2] [--delay 0.5]
                                 [--workers 1,2,4] [--skip-crawl] [--skip-load]

Crawl: farm-only generated sites (as bench/crawl.py), every response delayed by
``--latency``, per-site politeness delay ``--delay`` (so a site's crawl is
latency/politeness-bound, not CPU-bound). A real Prefect server on loopback, the
``crawl-site`` deployment, and N process workers (separate processes, ``--limit 1``:
one crawl at a time each) on the pool; the nightly flow runs with ``shard=True`` in
its own process. Every night runs with ``full=True`` (same work for each worker count).
Wall time is the nightly flow's (crawl + clean + load); ``crawl_s`` is first
crawl-site start to last end. Speed-up = one worker's time / N workers' time.

Loads: a throwaway PostgreSQL (catalog) + DuckLake; ``--runs`` synthetic clean runs of
``--load-articles`` articles each; 1 writer loads them one after the other, 3 writers
(processes) load them concurrently (a third each). Throughput = articles / wall time.

Writes bench/results/scale.json.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def crawl_bench(args: argparse.Namespace) -> dict[str, Any]:
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_crawl", ROOT / "bench" / "crawl.py")
    bench_crawl = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(bench_crawl)  # type: ignore[union-attr]
    registry = bench_crawl.registry  # bench/crawl.py: generated farm sites

    from flows.shard_harness import crawl_site_runs, run_night, shard_stack, workers
    from spiders.farm.build import PAGE_SIZE, build_farm
    from spiders.farm.server import Farm

    tmp = Path(tempfile.mkdtemp(prefix="provnews-bench-scale-"))
    sites_dir = tmp / "sites"
    sites_dir.mkdir()
    max_pages = -(-(args.articles + 1) // PAGE_SIZE) + 1
    (sites_dir / "bench.yaml").write_text(registry(args.sites, args.delay, max_pages), "utf-8")
    site_ids = [f"bench-{i:03d}" for i in range(args.sites)]
    farm = Farm(build_farm(sites_dir, n_synth=args.articles)).start()
    farm.faults.set("*", latency=args.latency)
    base_env = {
        "PROVNEWS_SITES": str(sites_dir),
        "PROVNEWS_HOST_MAP": farm.host_map,
        "PROVNEWS_DELAY_SCALE": "1",
        "PROVNEWS_SCRAPY_LOG_LEVEL": "WARNING",
        "PROVNEWS_RETRY_DELAY": "1",
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }
    out: dict[str, Any] = {
        "sites": args.sites,
        "articles_per_site": args.articles,
        "latency_s": args.latency,
        "delay_s": args.delay,
        "runs": {},
    }
    try:
        # Workers and nights share one environment; full=True makes every night fetch
        # everything (no incremental state), so each worker count does the same work.
        base_env["PROVNEWS_DATA"] = str(tmp / "data")
        base_env["PROVNEWS_RAW_URL"] = (tmp / "storage" / "raw").as_uri()
        with shard_stack(tmp / "prefect", base_env) as st:
            for n in args.workers:
                with workers(st, n, limit=1, tag=f"b{n}-"):
                    summary = run_night(st, site_ids, base_env, timeout=3600, full=True)
                runs = crawl_site_runs(st, summary["run_id"])
                starts = [r["start_time"] for r in runs if r.get("start_time")]
                ends = [r["end_time"] for r in runs if r.get("end_time")]
                from datetime import datetime

                def ts(s: str) -> float:
                    return datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()

                crawl_s = max(map(ts, ends)) - min(map(ts, starts)) if starts and ends else None
                articles = sum(r.get("new", 0) for r in summary["sites"].values())
                out["runs"][str(n)] = {
                    "workers": n,
                    "wall_s": round(summary["wall_s"], 1),
                    "crawl_s": round(crawl_s, 1) if crawl_s else None,
                    "crawl_site_runs": len(runs),
                    "status": summary["status"],
                    "articles": articles,
                }
                print(f"workers={n}: {out['runs'][str(n)]}", flush=True)
    finally:
        farm.stop()
    one = out["runs"].get("1")
    if one:
        for r in out["runs"].values():
            r["speedup_wall"] = round(one["wall_s"] / r["wall_s"], 2)
            if one["crawl_s"] and r["crawl_s"]:
                r["speedup_crawl"] = round(one["crawl_s"] / r["crawl_s"], 2)
    return out


def _writer(url: str, lake_data: str, dirs: list[str], runs: list[str], q: Any) -> None:
    os.environ["PROVNEWS_WAREHOUSE"] = url
    os.environ["PROVNEWS_LAKE_DATA"] = lake_data
    from tests.warehouse.conftest import SITES, run_meta
    from warehouse.loader import load_run

    waits = 0.0
    for d, r in zip(dirs, runs, strict=True):
        res = load_run(Path("unused"), Path(d), run_meta(r), SITES)
        waits += getattr(res, "lock_wait_s", 0.0)
    q.put(waits)


def load_bench(args: argparse.Namespace) -> dict[str, Any]:
    from tests.scale.pg import start_postgres
    from tests.warehouse.conftest import article, fetch_rows, write_clean
    from warehouse.backends.ducklake import ensure_schema, session

    pg = start_postgres()
    tmp = Path(tempfile.mkdtemp(prefix="provnews-bench-lake-"))
    try:
        runs = [f"202507{d:02d}T013000Z" for d in range(1, args.runs + 1)]
        dirs = []
        for i, r in enumerate(runs):
            arts = [article(i * 100_000 + n, r) for n in range(args.load_articles)]
            dirs.append(str(write_clean(tmp / r, r, arts, fetch_rows(arts, r))))
        total = args.runs * args.load_articles
        out: dict[str, Any] = {"runs": args.runs, "articles_per_run": args.load_articles}
        ctx = mp.get_context("spawn")
        for writers in (1, 3):
            url = pg.lake_url(pg.new_database(f"bench{writers}w"))
            lake = str(tmp / f"lake-{writers}")
            os.environ["PROVNEWS_LAKE_DATA"] = lake
            with session(url) as con:
                ensure_schema(con)
            q = ctx.Queue()
            procs = [
                ctx.Process(target=_writer, args=(url, lake, dirs[w::writers], runs[w::writers], q))
                for w in range(writers)
            ]
            t0 = time.perf_counter()
            for p in procs:
                p.start()
            for p in procs:
                p.join()
            wall = time.perf_counter() - t0
            waits = [q.get(timeout=10) for _ in procs]
            with session(url, read_only=True) as con:
                n, distinct = con.execute(
                    "SELECT count(*), count(DISTINCT article_id) FROM articles"
                ).fetchone()
            assert n == distinct == total, (n, distinct, total)
            out[f"{writers}_writers"] = {
                "wall_s": round(wall, 2),
                "articles_per_s": round(total / wall, 1),
                "runs_per_min": round(args.runs / wall * 60, 2),
                "lock_wait_s": round(sum(waits), 2),
            }
            print(f"writers={writers}: {out[f'{writers}_writers']}", flush=True)
        out["throughput_ratio_3_vs_1"] = round(
            out["3_writers"]["articles_per_s"] / out["1_writers"]["articles_per_s"], 2
        )
        return out
    finally:
        pg.stop()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sites", type=int, default=12)
    ap.add_argument("--articles", type=int, default=20)
    ap.add_argument("--latency", type=float, default=0.2)
    ap.add_argument("--delay", type=float, default=0.5)
    ap.add_argument("--workers", default="1,2,4")
    ap.add_argument("--runs", type=int, default=6)
    ap.add_argument("--load-articles", type=int, default=2000)
    ap.add_argument("--skip-crawl", action="store_true")
    ap.add_argument("--skip-load", action="store_true")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "scale.json")
    args = ap.parse_args(argv)
    args.workers = [int(x) for x in args.workers.split(",")]
    result: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    if args.out.exists():  # keep the part not rerun
        prev = json.loads(args.out.read_text())
        result.update({k: v for k, v in prev.items() if k in ("crawl", "load")})
    args.out.parent.mkdir(parents=True, exist_ok=True)

    def save() -> None:
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")

    if not args.skip_crawl:
        result["crawl"] = crawl_bench(args)
        save()
    if not args.skip_load:
        result["load"] = load_bench(args)
        save()
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
