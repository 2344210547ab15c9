"""Scale benchmark: sharded crawl on 1, 2, 4 workers; DuckLake loads with 1 vs 3 writers.

    uv run python bench/scale.py [--sites 24] [--articles 10] [--latency 0.2] [--delay 0.5]
                                 [--workers 1,2,4] [--skip-crawl] [--skip-load]

Run benchmarks one at a time on a shared machine:
``flock /tmp/provnews-bench.lock uv run python bench/scale.py …``.

Crawl: farm-only generated sites (as bench/crawl.py), every response delayed by
``--latency``, per-site politeness delay ``--delay`` (so a site's crawl is
latency/politeness-bound, not CPU-bound). A real Prefect server on loopback, the
``crawl-site`` deployment, and N process workers (separate processes, ``--limit 1``:
one crawl at a time each) on the pool; the nightly flow runs with ``shard=True`` in
its own process. Every night runs with ``full=True`` (same work for each worker count);
all worker counts run in the same invocation, against the same server and farm.
Many sites (default 24) so that 4 workers are not quantised (8 sites = 2 rounds of 4)
and the fixed per-night part (start, clean, load) is a small share.

The Prefect server's database: PostgreSQL (``--prefect-db postgres``, default; a
throwaway one from tests/scale/pg.py) or its SQLite default (``--prefect-db sqlite``).

Per worker count: ``wall_s`` (the nightly flow process, crawl + clean + load),
``head_s`` (night start -> first crawl-site start), ``crawl_s`` (first crawl-site start
-> last end), ``tail_s`` (last crawl end -> night end: fetch, clean, load, health),
``run_mean_s`` / ``scrapy_mean_s`` / ``overhead_mean_s`` per crawl-site run (its
running time, the scrapy subprocess's, the rest), throughput ``sites_per_min`` and
``pages_per_s`` (raw records of the night / wall), speed-ups against one worker, and
CPU seconds used during the night by the whole machine (``cpu_s``) and by the Prefect
server (``server_cpu_s``): on 2 cores, N workers' process start-ups compete for them.

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


def _ts(s: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()


def _mean(xs: list[float]) -> float | None:
    return round(sum(xs) / len(xs), 2) if xs else None


def night_profile(
    runs: list[dict[str, Any]], records: dict[str, dict[str, Any]], t_start: float, t_end: float
) -> dict[str, Any]:
    """Where a sharded night's time went, from its crawl-site flow runs.

    ``t_start``/``t_end``: the nightly process's start and end (wall clock).
    head = night start -> first crawl-site start (flow start, run creation, pick-up);
    crawl = first crawl-site start -> last end; tail = last end -> night end (fetch of
    the raw files, clean, load, health, artifacts). Per crawl-site run: ``queued`` =
    created -> started (waiting for a free worker + poll), ``run`` = started -> ended,
    ``scrapy`` = the crawl subprocess itself (from the result record), overhead =
    run - scrapy (process start, Prefect engine, locks, copy to storage).
    """
    starts = [_ts(r["start_time"]) for r in runs if r.get("start_time")]
    ends = [_ts(r["end_time"]) for r in runs if r.get("end_time")]
    out: dict[str, Any] = {}
    if starts and ends:
        out["head_s"] = round(min(starts) - t_start, 1)
        out["crawl_s"] = round(max(ends) - min(starts), 1)
        out["tail_s"] = round(t_end - max(ends), 1)
    per_run = [
        (_ts(r["end_time"]) - _ts(r["start_time"]), r["parameters"]["site_id"])
        for r in runs
        if r.get("start_time") and r.get("end_time")
    ]
    scrapy = {s: rec.get("duration_s") for s, rec in records.items()}
    out["run_mean_s"] = _mean([d for d, _ in per_run])
    out["scrapy_mean_s"] = _mean([v for v in scrapy.values() if v is not None])
    out["overhead_mean_s"] = _mean([d - scrapy[s] for d, s in per_run if scrapy.get(s) is not None])
    out["queued_max_s"] = round(
        max(
            (_ts(r["start_time"]) - _ts(r["created"]) for r in runs if r.get("start_time")),
            default=0.0,
        ),
        1,
    )
    return out


def _cpu_s(pid: int | None = None) -> float:
    """CPU seconds used so far: by process ``pid`` (user + system), or by the whole
    machine (all cores, busy time) when no pid is given."""
    tick = os.sysconf("SC_CLK_TCK")
    if pid is not None:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick
    cpu = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq = (int(x) for x in cpu[:7])
    return (user + nice + system + irq + softirq) / tick


def crawl_bench(args: argparse.Namespace) -> dict[str, Any]:
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_crawl", ROOT / "bench" / "crawl.py")
    bench_crawl = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(bench_crawl)  # type: ignore[union-attr]
    registry = bench_crawl.registry  # bench/crawl.py: generated farm sites

    from flows.crawl import count_records
    from sitefarm.build import PAGE_SIZE, build_farm
    from sitefarm.server import Farm
    from tests.support.shard_harness import crawl_site_runs, run_night, shard_stack, workers

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
    storage = tmp / "storage"
    pg = None
    if args.prefect_db == "postgres":
        # The Prefect server on PostgreSQL, as docs/scaling.md advises past a few
        # workers: on SQLite, concurrent workers meet "database is locked" (the server
        # waits up to 60 s for the lock), which is a property of that server database.
        from tests.scale.pg import start_postgres

        pg = start_postgres()
        db = pg.new_database("prefect")
        base_env["PREFECT_API_DATABASE_CONNECTION_URL"] = (
            f"postgresql+asyncpg://postgres@127.0.0.1:{pg.port}/{db}"
        )
    out["prefect_db"] = args.prefect_db
    try:
        # Workers and nights share one environment; full=True makes every night fetch
        # everything (state is not read), so each worker count does the same work.
        base_env["PROVNEWS_DATA"] = str(tmp / "data")
        base_env["PROVNEWS_RAW_URL"] = (storage / "raw").as_uri()
        with shard_stack(tmp / "prefect", base_env) as st:
            for n in args.workers:
                with workers(st, n, limit=1, tag=f"b{n}-"):
                    server = st.server_proc.pid if st.server_proc else None
                    cpu0, srv0, t0 = _cpu_s(), _cpu_s(server) if server else 0.0, time.time()
                    summary = run_night(st, site_ids, base_env, timeout=3600, full=True)
                    cpu1, srv1, t1 = _cpu_s(), _cpu_s(server) if server else 0.0, time.time()
                run_id = summary["run_id"]
                runs = crawl_site_runs(st, run_id)
                recs = {
                    p.stem: json.loads(p.read_text())
                    for p in (storage / "raw" / run_id / "_crawls").glob("*.json")
                }
                raw = tmp / "data" / "raw" / run_id
                pages = sum(count_records(raw / f"{s}.jsonl.gz")[0] for s in site_ids)
                wall = summary["wall_s"]
                row = {
                    "workers": n,
                    "wall_s": round(wall, 1),
                    **night_profile(runs, recs, t0, t1),
                    "crawl_site_runs": len(runs),
                    "status": summary["status"],
                    "pages": pages,
                    "sites_per_min": round(args.sites / wall * 60, 2),
                    "pages_per_s": round(pages / wall, 2),
                    # CPU seconds over the night: whole machine, and the Prefect server
                    "cpu_s": round(cpu1 - cpu0, 1),
                    "server_cpu_s": round(srv1 - srv0, 1),
                }
                out["runs"][str(n)] = row
                print(f"workers={n}: {row}", flush=True)
    finally:
        farm.stop()
        if pg is not None:
            pg.stop()
    one = out["runs"].get("1")
    if one:
        for r in out["runs"].values():
            r["speedup_wall"] = round(one["wall_s"] / r["wall_s"], 2)
            r["speedup_pages_per_s"] = round(r["pages_per_s"] / one["pages_per_s"], 2)
            if one.get("crawl_s") and r.get("crawl_s"):
                r["speedup_crawl"] = round(one["crawl_s"] / r["crawl_s"], 2)
    return out


def _writer(url: str, lake_data: str, dirs: list[str], runs: list[str], q: Any) -> None:
    os.environ["PROVNEWS_WAREHOUSE"] = url
    os.environ["PROVNEWS_LAKE_DATA"] = lake_data
    from tests.warehouse.conftest import SITES, run_meta
    from warehouse.backends import configured

    lake = configured()  # the DuckLake the environment names
    waits = 0.0
    for d, r in zip(dirs, runs, strict=True):
        waits += lake.load(Path(d), run_meta(r), SITES).lock_wait_s
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
    ap.add_argument("--sites", type=int, default=24)
    ap.add_argument("--articles", type=int, default=10)
    ap.add_argument("--latency", type=float, default=0.2)
    ap.add_argument("--delay", type=float, default=0.5)
    ap.add_argument("--workers", default="1,2,4")
    ap.add_argument("--prefect-db", choices=("postgres", "sqlite"), default="postgres")
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
