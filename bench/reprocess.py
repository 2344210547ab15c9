"""`provnews reprocess` speed: pages per second on one core and on the whole machine,
beside the same extraction in one process with no warehouse at all.

Setup, in a temporary folder outside the repo: a raw zone of `--pages` article records
(the farm's article pages multiplied, bench/rawgen.py), cleaned and loaded as a night
does (`clean_run`, `load_run`). Then, on the same records:

  extract only   the cleaning stage's record path (`cleaning.stage.clean_record`) over
                 every raw record in this process: the extraction floor
  jobs=1         `reprocess(all_articles=True, jobs=1)`: read raw, extract, compare,
                 load and publish every batch
  jobs=N         the same on every core (N = os.cpu_count())

    flock /tmp/provnews-bench.lock nice -n 5 uv run python bench/reprocess.py \
        [--pages 50000] [--batch 2000] [--no-write]

The issue asks for ~50,000 pages; at ~60 pages per CPU second a run of that size takes
the better part of an hour on a 2-core machine (the setup's clean and load, then three
passes), so the figures in bench/results/reprocess.json say which size they were
measured on. Writes bench/results/reprocess.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "reprocess.json"
RUN = "20260109T013000Z"


def _records(raw_dir: Path) -> list[dict]:
    out = []
    for path in sorted(raw_dir.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            out.extend(json.loads(line) for line in fh)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=50_000, help="raw article records")
    ap.add_argument("--batch", type=int, default=2000, help="articles per load")
    ap.add_argument("--no-write", action="store_true", help="print only")
    args = ap.parse_args(argv)
    here = str(Path(__file__).resolve().parent)  # bench/warehouse.py would shadow warehouse
    sys.path[:] = [str(ROOT)] + [p for p in sys.path if p not in (here, str(ROOT))]

    from bench.rawgen import farm_articles, write_raw_run
    from cleaning.registry import load_sites
    from cleaning.stage import clean_record, clean_run
    from flows.reprocess import reprocess
    from warehouse.loader import load_run

    sites = load_sites()
    per_copy = len(farm_articles())
    copies = -(-args.pages // per_copy)
    result: dict = {"pages": args.pages, "batch": args.batch, "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="provnews-bench-reprocess-") as t:
        data = Path(t)
        raw_dir, db = data / "raw" / RUN, data / "provnews.duckdb"
        t0 = time.perf_counter()
        n = write_raw_run(raw_dir, copies, limit=args.pages)
        print(f"raw zone: {n} records in {time.perf_counter() - t0:.0f} s", flush=True)
        t0 = time.perf_counter()
        counts = clean_run(raw_dir, data / "clean" / RUN, sites)
        run = {"run_id": RUN, "started_at": None, "finished_at": None, "status": "completed",
               "sites": {}}  # fmt: skip
        load_run(db, data / "clean" / RUN, run, list(sites.values()))
        articles = sum(c["article"] for c in counts.values())
        result["setup_s"] = round(time.perf_counter() - t0, 1)
        result["articles"] = articles
        print(f"night: {articles} articles cleaned and loaded in {result['setup_s']} s")

        records = _records(raw_dir)
        t0, c0 = time.perf_counter(), time.process_time()
        for rec in records:
            clean_record(rec, sites.get(rec["site_id"]) or {})
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        result["extract_only"] = {"seconds": round(wall, 2), "cpu_s": round(cpu, 2),
                                  "pages_per_s": round(len(records) / wall, 1)}  # fmt: skip
        print(f"extract only, one process: {len(records) / wall:.1f} pages/s", flush=True)
        del records

        for jobs in (1, os.cpu_count() or 1):
            s = reprocess(db, data / "raw", jobs=jobs, all_articles=True, batch_size=args.batch)
            assert s.failed == 0 and s.checked == articles, s.as_dict()
            result[f"jobs_{jobs}"] = {
                "seconds": round(s.seconds, 2),
                "pages_per_s": round(s.checked / s.seconds, 1),
                "changed": s.changed,
                "batches": s.batches,
            }
            print(f"reprocess jobs={jobs}: {s.checked / s.seconds:.1f} pages/s "
                  f"({s.seconds:.1f} s, {s.batches} batches)", flush=True)  # fmt: skip

    rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                         capture_output=True, text=True).stdout.strip()  # fmt: skip
    result.update(commit=rev or None, python=platform.python_version())
    if not args.no_write:
        OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
