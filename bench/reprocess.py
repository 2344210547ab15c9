"""`provnews reprocess` speed: pages per second on one core and on the whole machine,
beside the same extraction in one process with no warehouse at all.

Setup, in a temporary folder outside the repo (or `--data DIR`, kept and reused): a raw
zone of `--pages` article records over `--nights` runs, one a day (the farm's article
pages multiplied, bench/rawgen.py; every night holds the same mix of pages). Each night
is cleaned as `clean_run` cleans it, one site file per worker on every core (the rows
are the ones `clean_run` writes for the whole folder, in the same order), and loaded as
a night loads it (`load_run`, nights in order).

Then, on the same records:

  extract only     the cleaning stage's record path (`cleaning.stage.clean_record`) in
                   this process over the raw records of the last night: the floor
  jobs=1 subset    `reprocess(all_articles=True, since=<last night>, jobs=1)`: read raw,
                   extract, compare, load and publish every batch, over the same pages
  jobs=N subset    the same on every core (N = os.cpu_count())
  jobs=N zone      `reprocess(all_articles=True, jobs=N)` over the whole raw zone

The subset is what reprocess's own `--since` selects, so one core and extract-only
need not cover the whole zone for their figures (a night of the same mix of pages); the
speed-up is jobs=N subset over jobs=1 subset, the same pages. Each pass records wall and
CPU seconds (this process, and its finished workers), and the load average before the
pass and sampled every 2 s during it: the machine is shared, and a load above the
number of cores means the pass did not have them to itself.

    flock /tmp/provnews-bench.lock nice -n 5 uv run python bench/reprocess.py \
        [--pages 50000] [--nights 10] [--batch 2000] [--data DIR] [--out FILE] [--no-write]

Writes bench/results/reprocess.json (or --out).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "reprocess.json"
LAST_NIGHT = date(2026, 1, 9)  # the nights end here, one a day, at 01:30 UTC


def _nights(n: int) -> list[tuple[str, str, date]]:
    """(run_id, fetched_at, local date) of n nights ending on LAST_NIGHT."""
    days = [LAST_NIGHT - timedelta(days=n - 1 - i) for i in range(n)]
    return [(f"{d:%Y%m%d}T013000Z", f"{d:%Y-%m-%d}T01:31:00Z", d) for d in days]


def _cpu() -> float:
    """CPU seconds of this process and of its children that have finished."""
    use = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in use)


@contextmanager
def _measured(into: dict[str, Any]) -> Iterator[None]:
    """Wall and CPU seconds of the block; load averages before it and sampled during it."""
    samples: list[float] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(2.0):
            samples.append(os.getloadavg()[0])

    into["load_before"] = [round(x, 2) for x in os.getloadavg()]
    sampler = threading.Thread(target=sample, daemon=True)
    t0, c0 = time.perf_counter(), _cpu()
    sampler.start()
    try:
        yield
    finally:
        stop.set()
        sampler.join()
        into["seconds"] = round(time.perf_counter() - t0, 2)
        into["cpu_s"] = round(_cpu() - c0, 2)
        samples.append(os.getloadavg()[0])
        into["load_during"] = {"mean_1min": round(sum(samples) / len(samples), 2),
                               "max_1min": round(max(samples), 2),
                               "samples": len(samples)}  # fmt: skip


def _clean_site_file(raw_file: Path, out_dir: Path) -> dict:
    """Pool worker: `clean_run` over a folder holding only `raw_file` (named as its run)."""
    from cleaning.registry import load_sites
    from cleaning.stage import clean_run

    alone = out_dir / "raw" / raw_file.parent.name
    alone.mkdir(parents=True)
    (alone / raw_file.name).symlink_to(raw_file)
    return clean_run(alone, out_dir, load_sites())


def _join_parts(clean_dir: Path, parts: list[Path]) -> None:
    """clean_dir's articles.jsonl and fetch_log.jsonl: the parts' files one after another.

    clean_run reads a run's files in name order and checks duplicates within the run;
    the bench's site files hold distinct URLs, so the parts of a run cleaned one site
    file each and joined in name order are clean_run's own output for the run."""
    for name in ("articles.jsonl", "fetch_log.jsonl"):
        with open(clean_dir / name, "wb") as out:
            for part in parts:
                with open(part / name, "rb") as fh:
                    shutil.copyfileobj(fh, out)


def _setup(data: Path, pages: int, nights: int, jobs: int, result: dict) -> None:
    """Raw zone, cleaned on every core and loaded night by night; a finished setup is
    reused. Each night's site files are cleaned as they are written, largest first."""
    from bench.rawgen import farm_articles, write_raw_run
    from cleaning.registry import load_sites
    from warehouse.loader import load_run

    done = data / "setup.json"
    if done.is_file():
        kept = json.loads(done.read_text("utf-8"))
        if (kept["pages"], len(kept["nights"])) != (pages, nights):
            held = f"{kept['pages']} pages over {len(kept['nights'])} nights"
            raise SystemExit(f"bench/reprocess.py: {data} holds {held}, not {pages} over {nights}")
        result["setup"] = {**kept, "reused": True}
        return
    sites = list(load_sites().values())
    articles = farm_articles()
    per_night = -(-pages // nights)
    setup: dict[str, Any] = {"pages": 0, "articles": 0, "farm_pages": len(articles),
                             "nights": []}  # fmt: skip
    with _measured(setup), ProcessPoolExecutor(max_workers=jobs) as pool:
        cleaning = []
        first_copy, left = 0, pages
        for run_id, fetched_at, day in _nights(nights):
            n_pages = min(per_night, left)
            copies = -(-n_pages // len(articles))
            raw_dir, clean_dir = data / "raw" / run_id, data / "clean" / run_id
            write_raw_run(raw_dir, copies, limit=n_pages, first_copy=first_copy,
                          fetched_at=fetched_at, articles=articles)  # fmt: skip
            first_copy, left = first_copy + copies, left - n_pages
            files = sorted(raw_dir.glob("*.jsonl.gz"))
            parts = [clean_dir / "parts" / f.name for f in files]
            futures = {f: pool.submit(_clean_site_file, f, part) for f, part in sorted(
                zip(files, parts, strict=True), key=lambda fp: -fp[0].stat().st_size)}  # fmt: skip
            cleaning.append((run_id, day, n_pages, clean_dir, parts, futures))
        for run_id, day, n_pages, clean_dir, parts, futures in cleaning:
            counts = {k: v for f in futures.values() for k, v in f.result().items()}
            _join_parts(clean_dir, parts)
            shutil.rmtree(clean_dir / "parts")
            run = {"run_id": run_id, "started_at": None, "finished_at": None,
                   "status": "completed", "sites": {}}  # fmt: skip
            # no standby replay: a bulk load (reprocess's first batch then starts from a copy)
            load_run(data / "provnews.duckdb", clean_dir, run, sites, standby=False)
            n_articles = sum(c["article"] for c in counts.values())
            setup["nights"].append({"run_id": run_id, "date": day.isoformat(),
                                    "pages": n_pages, "articles": n_articles})  # fmt: skip
            setup["pages"] += n_pages
            setup["articles"] += n_articles
            print(f"night {run_id}: {n_pages} pages, {n_articles} articles", flush=True)
    print(f"setup: {setup['articles']} articles in {setup['seconds']} s", flush=True)
    done.write_text(json.dumps(setup), "utf-8")
    result["setup"] = setup


def _mb(paths: Iterable[Path]) -> float:
    return round(sum(p.stat().st_size for p in paths) / 1e6, 1)


def _raw_records(raw_dir: Path) -> Iterator[dict]:
    for path in sorted(raw_dir.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            yield from (json.loads(line) for line in fh)


def _pass(name: str, result: dict, run: Callable[[], tuple[int, dict]], on: str) -> None:
    """Run one pass; what it ran on, its pages, speed and machine state go to result[name]."""
    into: dict[str, Any] = {"on": on}
    with _measured(into):
        pages, extra = run()
    into.update(extra, pages=pages, pages_per_s=round(pages / into["seconds"], 1),
                pages_per_cpu_s=round(pages / into["cpu_s"], 1))  # fmt: skip
    result[name] = into
    print(f"{name}: {pages} pages, {into['pages_per_s']} pages/s, "
          f"{into['pages_per_cpu_s']} pages per CPU s, load {into['load_before'][0]} before, "
          f"{into['load_during']['mean_1min']} during", flush=True)  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=50_000, help="raw article records in all")
    ap.add_argument("--nights", type=int, default=10, help="runs the pages are spread over")
    ap.add_argument("--batch", type=int, default=2000, help="articles per load")
    ap.add_argument("--data", type=Path, help="keep the raw zone and warehouse here (reused)")
    ap.add_argument("--out", type=Path, default=OUT, help="results file")
    ap.add_argument("--no-write", action="store_true", help="print only")
    args = ap.parse_args(argv)
    if args.pages < 1 or args.nights < 1 or args.batch < 1 or args.nights > args.pages:
        print("bench/reprocess.py: --pages, --nights and --batch must be >= 1, "
              "--nights <= --pages", file=sys.stderr)  # fmt: skip
        return 2
    here = str(Path(__file__).resolve().parent)  # bench/warehouse.py would shadow warehouse
    sys.path[:] = [str(ROOT)] + [p for p in sys.path if p not in (here, str(ROOT))]

    from cleaning.registry import load_sites
    from cleaning.stage import clean_record
    from flows.reprocess import reprocess

    jobs = os.cpu_count() or 1
    run_id, _, since = _nights(args.nights)[-1]
    result: dict[str, Any] = {"pages": args.pages, "nights": args.nights, "batch": args.batch,
                              "cpus": jobs}  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="provnews-bench-reprocess-") as t:
        data = args.data or Path(t)
        data.mkdir(parents=True, exist_ok=True)
        db, raw = data / "provnews.duckdb", data / "raw"
        _setup(data, args.pages, args.nights, jobs, result)
        total = result["setup"]["articles"]
        result["sizes_mb"] = {"raw_zone": _mb(raw.rglob("*.jsonl.gz")), "warehouse": _mb([db]),
                              "clean": _mb((data / "clean").rglob("*.jsonl"))}  # fmt: skip
        subset = next(n["articles"] for n in result["setup"]["nights"] if n["run_id"] == run_id)
        on_subset = (f"the {subset} articles of the last night, {run_id} "
                     f"(reprocess --since {since}), of the {total} in the zone")  # fmt: skip
        sites = load_sites()

        def extract_only() -> tuple[int, dict]:
            n = 0
            for rec in _raw_records(raw / run_id):
                clean_record(rec, sites.get(rec["site_id"]) or {})
                n += 1
            return n, {}

        def reprocessed(n_jobs: int, day: date | None, want: int) -> Callable[[], tuple]:
            def run() -> tuple[int, dict]:
                s = reprocess(db, raw, jobs=n_jobs, all_articles=True, batch_size=args.batch,
                              since=day.isoformat() if day else None)  # fmt: skip
                assert s.failed == 0 and s.checked == want, s.as_dict()
                return s.checked, {"changed": s.changed, "batches": s.batches}

            return run

        alone = f"{on_subset}: clean_record over its raw records"
        _pass("extract_only", result, extract_only, alone)
        _pass("jobs_1_subset", result, reprocessed(1, since, subset), on_subset)
        if jobs > 1:
            _pass(f"jobs_{jobs}_subset", result, reprocessed(jobs, since, subset), on_subset)
        _pass(f"jobs_{jobs}_zone", result, reprocessed(jobs, None, total),
              f"every article of the zone ({total})")  # fmt: skip
        one, many = result["jobs_1_subset"], result.get(f"jobs_{jobs}_subset")
        if many:
            result["speed_up"] = round(many["pages_per_s"] / one["pages_per_s"], 2)
        result["reprocess_vs_extract_only"] = round(
            one["pages_per_s"] / result["extract_only"]["pages_per_s"], 3
        )

    rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                         capture_output=True, text=True).stdout.strip()  # fmt: skip
    result.update(commit=rev or None, python=platform.python_version())
    print(json.dumps(result, indent=2))
    if not args.no_write:
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
