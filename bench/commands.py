"""The commands users run, timed as whole processes, beside the loop each runs inside.

For each command that processes many items, `--runs` timed processes (after one warm-up
run that is not counted) of the venv's own `provnews` script, exactly as a user runs it:

  extract   `provnews extract --manifest` over the public article-extraction benchmark
            (181 real news pages, ../shared/benchmarks/article-extraction-benchmark),
            beside trafilatura's own loop over the same manifest as a whole process
            (`bare_extraction(with_metadata=True)` per page, as bench/extraction.py runs it)
  clean     `provnews clean --run-id R` over a raw run of the farm's article pages
            multiplied (bench/rawgen.py), in a temporary data folder
  load      `provnews load --run-id R` of that cleaned run into a new warehouse each run
  publish   `provnews publish --parquet DIR` of that warehouse
  reprocess `provnews reprocess --all --jobs 1` of that warehouse from the raw run (every
            article extracted again, compared and merged; one core, as the others)
  sites     `provnews sites list --json`

Each full-input figure stands beside the same command on a one-item input (start-up:
interpreter, imports, registry, first-item caches; for `sites list`, `provnews --help`),
so items per second with start-up excluded = (N - 1) / (median full - median one item),
on CPU seconds (user + sys: the commands are single-threaded, and CPU time is what a busy
shared machine disturbs least) and on wall seconds. Beside it, the command's own loop
in one warm process on the same input (`inprocess`), and for extract trafilatura's.
Each figure: min, median, max over the runs.

    flock /tmp/provnews-bench.lock nice -n 5 uv run python bench/commands.py \
        [--runs 3] [--only extract clean ...] [--copies 5] [--no-write]

Writes bench/results/commands.json. Whole-process times come from the kernel's own
accounting of each finished child (os.wait4), nothing sampled.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the checkout (a worktree one level deeper looks one level up)
_PUBLIC_REL = Path("shared") / "benchmarks" / "article-extraction-benchmark"
PUBLIC = next(
    (p / _PUBLIC_REL for p in (ROOT.parent, ROOT.parent.parent) if (p / _PUBLIC_REL).is_dir()),
    ROOT.parent / _PUBLIC_REL,
)
OUT = ROOT / "bench" / "results" / "commands.json"
PROVNEWS = Path(sys.executable).parent / "provnews"
COMMANDS = ("extract", "clean", "load", "publish", "reprocess", "sites")
RUN_ID, ONE_ID = "20260109T013000Z", "20260109T013000Z-one"


# --------------------------------------------------------------------------- timing


def run_process(argv: list[str], env: dict[str, str]) -> dict[str, float]:
    """One whole process: wall seconds and CPU seconds (user + sys). No peak RSS: the
    child's ru_maxrss counts the bench's own pages it was forked with."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace")[-2000:]
            raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}:\n{tail}")
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime}


def spread(values: list[float], digits: int = 3) -> dict[str, float]:
    return {
        "min": round(min(values), digits),
        "median": round(statistics.median(values), digits),
        "max": round(max(values), digits),
    }


def time_process(
    argv: list[str], env: dict[str, str], runs: int, before: Callable[[int], None] | None = None
) -> dict[str, dict[str, float]]:
    """min/median/max of each figure over `runs` counted runs after one warm-up.
    `before(i)` prepares run i (e.g. a fresh output path); i = -1 is the warm-up."""
    samples: list[dict[str, float]] = []
    for i in range(-1, runs):
        if before:
            before(i)
        sample = run_process(argv, env)
        if i >= 0:
            samples.append(sample)
    return {k: spread([s[k] for s in samples]) for k in samples[0]}


def time_inprocess(
    loop: Callable[[], object], runs: int, warm: Callable[[], object] | None = None
) -> dict[str, dict[str, float]]:
    """The command's own loop in this process, `runs` passes after `warm` (default: one
    pass; a one-item pass is enough to load what the first item loads lazily)."""
    (warm or loop)()
    wall, cpu = [], []
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        loop()
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    return {"wall_s": spread(wall), "cpu_s": spread(cpu)}


def rates(full: dict, one: dict | None, items: int, inproc: dict | None) -> dict[str, Any]:
    """Items per second from medians: whole process, start-up excluded, in-process."""
    out: dict[str, Any] = {}
    for clock in ("cpu_s", "wall_s"):
        key = clock.removesuffix("_s")
        out[f"whole_{key}"] = round(items / full[clock]["median"], 1)
        if one is not None:
            extra = full[clock]["median"] - one[clock]["median"]
            out[f"startup_{key}_s"] = round(one[clock]["median"], 3)
            out[f"excl_startup_{key}"] = round((items - 1) / extra, 1) if extra > 0 else None
        if inproc is not None:
            out[f"inprocess_{key}"] = round(items / inproc[clock]["median"], 1)
    return out


# --------------------------------------------------------------------------- inputs


def public_manifest(pages: Path, folder: Path, limit: int | None = None) -> Path:
    """file<TAB>url rows for the public benchmark pages (gzip pages: the CLI sniffs gzip)."""
    truth = json.loads((pages / "ground-truth.json").read_text(encoding="utf-8"))
    rows = sorted(truth.items())[:limit]
    path = folder / (f"public-{limit}.tsv" if limit else "public.tsv")
    lines = ["file\turl"] + [f"{pages / 'html' / f'{k}.html.gz'}\t{v['url']}" for k, v in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def trafilatura_manifest(manifest: str) -> int:
    """trafilatura's own loop as a whole process: every manifest page → one JSON line."""
    import trafilatura

    with open(manifest, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    for row in rows:
        data = Path(row["file"]).read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        doc = trafilatura.bare_extraction(data, url=row["url"], with_metadata=True)
        d = doc.as_dict() if doc is not None else {}
        keys = ("title", "date", "author", "text")
        print(json.dumps({"url": row["url"], **{k: d.get(k) for k in keys}}, ensure_ascii=False))
    return 0


def _lines(path: Path) -> int:
    with open(path, encoding="utf-8") as f:
        return sum(1 for _ in f)


# --------------------------------------------------------------------------- commands


def bench_extract(tmp: Path, env: dict[str, str], runs: int, pages: Path) -> dict[str, Any]:
    from cleaning.registry import SiteIndex, load_sites
    from flows.cli import extract_one

    full, one = public_manifest(pages, tmp), public_manifest(pages, tmp, 1)
    rows = _lines(full) - 1
    index = SiteIndex(load_sites())
    paths_urls = [(Path(r["file"]), r["url"]) for r in csv.DictReader(full.open(), delimiter="\t")]

    def loop(rows: list[tuple[Path, str]] = paths_urls) -> None:
        for path, url in rows:
            extract_one(path, url, index)

    def trafilatura_loop(rows: list[tuple[Path, str]] = paths_urls) -> None:
        import trafilatura

        for path, url in rows:
            trafilatura.bare_extraction(gzip.decompress(path.read_bytes()), url=url,
                                        with_metadata=True)  # fmt: skip

    cmd = [str(PROVNEWS), "extract", "--manifest"]
    traf = [sys.executable, str(Path(__file__)), "--trafilatura-manifest"]
    result = {
        "items": rows,
        "unit": "pages",
        "input": "public article-extraction benchmark (181 real news pages)",
        "command": "provnews extract --manifest public.tsv",
        "full": time_process([*cmd, str(full)], env, runs),
        "one_item": time_process([*cmd, str(one)], env, runs),
        "inprocess": time_inprocess(loop, runs, lambda: loop(paths_urls[:1])),
        "trafilatura": {
            "command": "python bench/commands.py --trafilatura-manifest public.tsv",
            "full": time_process([*traf, str(full)], env, runs),
            "one_item": time_process([*traf, str(one)], env, runs),
            "inprocess": time_inprocess(
                trafilatura_loop, runs, lambda: trafilatura_loop(paths_urls[:1])
            ),
        },
    }
    t = result["trafilatura"]
    t["per_second"] = rates(t["full"], t["one_item"], rows, t["inprocess"])
    return result


def bench_clean(tmp: Path, env: dict[str, str], runs: int, copies: int) -> dict[str, Any]:
    from bench.rawgen import write_raw_run
    from cleaning.registry import load_sites
    from cleaning.stage import clean_run

    data = Path(env["PROVNEWS_DATA"])
    records = write_raw_run(data / "raw" / RUN_ID, copies)
    write_raw_run(data / "raw" / ONE_ID, 1, limit=1)
    sites = load_sites()
    out = tmp / "inprocess-clean"
    return {
        "items": records,
        "unit": "raw records",
        "input": f"the farm's {records // copies} article pages x {copies} (bench/rawgen.py)",
        "command": "provnews clean --run-id R",
        "full": time_process([str(PROVNEWS), "clean", "--run-id", RUN_ID], env, runs),
        "one_item": time_process([str(PROVNEWS), "clean", "--run-id", ONE_ID], env, runs),
        "inprocess": time_inprocess(
            lambda: clean_run(data / "raw" / RUN_ID, out, sites),
            runs,
            lambda: clean_run(data / "raw" / ONE_ID, out, sites),
        ),
    }


def bench_load(tmp: Path, env: dict[str, str], runs: int) -> dict[str, Any]:
    """A new warehouse each run (a first night: every article new), the published file and
    its standby included, as `provnews load` leaves them."""
    from cleaning.registry import load_sites
    from warehouse.loader import load_run

    data = Path(env["PROVNEWS_DATA"])
    rows = _lines(data / "clean" / RUN_ID / "articles.jsonl")
    dbs = tmp / "dbs"

    def fresh(tag: str) -> Callable[[int], None]:
        def before(i: int) -> None:
            db = dbs / f"{tag}-{i + 1}" / "provnews.duckdb"
            db.parent.mkdir(parents=True, exist_ok=True)
            env["PROVNEWS_DB"] = str(db)

        return before

    sites = load_sites()
    site_list = list(sites.values())
    counter = iter(range(10_000))

    def loop(run_id: str = RUN_ID) -> None:
        db = dbs / f"inprocess-{next(counter)}" / "provnews.duckdb"
        db.parent.mkdir(parents=True)
        run = {"run_id": run_id, "started_at": None, "finished_at": None,
               "status": "completed", "sites": {}}  # fmt: skip
        load_run(db, data / "clean" / run_id, run, site_list)

    result = {
        "items": rows,
        "unit": "articles",
        "input": "the cleaned run of the clean bench",
        "command": "provnews load --run-id R (new warehouse each run)",
        "full": time_process([str(PROVNEWS), "load", "--run-id", RUN_ID], env, runs, fresh("full")),
        "one_item": time_process(
            [str(PROVNEWS), "load", "--run-id", ONE_ID], env, runs, fresh("one")
        ),
        "inprocess": time_inprocess(loop, runs, lambda: loop(ONE_ID)),
    }
    # the warehouses publish exports: the full one and the one-article one
    env["PROVNEWS_DB"] = str(dbs / "full-1" / "provnews.duckdb")
    return result


def bench_publish(tmp: Path, env: dict[str, str], runs: int) -> dict[str, Any]:
    from warehouse.export import export_parquet

    dbs = tmp / "dbs"
    full_db, one_db = dbs / "full-1" / "provnews.duckdb", dbs / "one-1" / "provnews.duckdb"
    if not full_db.exists():
        raise SystemExit("publish: needs the load bench's warehouses (run with load)")
    counts = export_parquet(full_db, tmp / "counted-export")

    def cmd(db: Path) -> tuple[list[str], dict[str, str]]:
        return [str(PROVNEWS), "publish", "--parquet", str(tmp / "export")], {
            **env,
            "PROVNEWS_DB": str(db),
        }

    return {
        "items": counts["articles"],
        "rows_written": counts,
        "unit": "articles",
        "input": "the warehouse of the load bench",
        "command": "provnews publish --parquet DIR",
        "full": time_process(*cmd(full_db), runs),
        "one_item": time_process(*cmd(one_db), runs),
        "inprocess": time_inprocess(
            lambda: export_parquet(full_db, tmp / "inprocess-export"),
            runs,
            lambda: export_parquet(one_db, tmp / "inprocess-export"),
        ),
    }


def bench_reprocess(tmp: Path, env: dict[str, str], runs: int) -> dict[str, Any]:
    """Every article of the load bench's warehouse extracted again from the raw run."""
    from flows.reprocess import reprocess

    dbs, data = tmp / "dbs", Path(env["PROVNEWS_DATA"])
    full_db, one_db = dbs / "full-1" / "provnews.duckdb", dbs / "one-1" / "provnews.duckdb"
    if not full_db.exists():
        raise SystemExit("reprocess: needs the load bench's warehouses (run with load)")
    cmd = [str(PROVNEWS), "reprocess", "--all", "--jobs", "1", "--json"]

    def loop(db: Path = full_db) -> None:
        s = reprocess(db, data / "raw", all_articles=True, jobs=1)
        assert s.failed == 0, s.as_dict()

    items = reprocess(full_db, data / "raw", all_articles=True, jobs=1).checked
    return {
        "items": items,
        "unit": "articles",
        "input": "the warehouse of the load bench and the clean bench's raw run",
        "command": "provnews reprocess --all --jobs 1",
        "full": time_process(cmd, {**env, "PROVNEWS_DB": str(full_db)}, runs),
        "one_item": time_process(cmd, {**env, "PROVNEWS_DB": str(one_db)}, runs),
        "inprocess": time_inprocess(loop, runs, lambda: loop(one_db)),
    }


def bench_sites(tmp: Path, env: dict[str, str], runs: int) -> dict[str, Any]:
    import cleaning.registry as registry

    def loop() -> None:
        registry._LOADED.clear()  # what the command pays: read and validate, then print
        json.dumps([registry.public_view(s) for s in registry.load_sites().values()])

    return {
        "items": len(registry.load_sites()),
        "unit": "sites",
        "input": "the built-in registry",
        "command": "provnews sites list --json",
        "full": time_process([str(PROVNEWS), "sites", "list", "--json"], env, runs),
        "one_item": time_process([str(PROVNEWS), "--help"], env, runs),
        "one_item_is": "provnews --help (interpreter and CLI start-up; no registry)",
        "inprocess": time_inprocess(loop, runs),
    }


# --------------------------------------------------------------------------- main


def _row(name: str, r: dict) -> str:
    p = r["per_second"]
    return (
        f"{name:22} {r['items']:6d} {r['unit']:12} {r['full']['cpu_s']['median']:8.2f} "
        f"{r['full']['wall_s']['median']:8.2f} {r['one_item']['cpu_s']['median']:8.2f} "
        f"{p['whole_cpu']:9.1f} {p.get('excl_startup_cpu') or 0:9.1f} {p['inprocess_cpu']:9.1f}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3, help="counted runs per command (default 3)")
    ap.add_argument("--only", nargs="+", choices=COMMANDS, default=list(COMMANDS))
    ap.add_argument("--copies", type=int, default=5, help="clean: copies of each farm page")
    ap.add_argument("--pages", type=Path, default=PUBLIC, help=f"default: {PUBLIC}")
    ap.add_argument("--no-write", action="store_true", help="print only")
    ap.add_argument("--trafilatura-manifest", metavar="TSV", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.trafilatura_manifest:
        return trafilatura_manifest(args.trafilatura_manifest)
    # the project first; bench/ itself off the path (bench/warehouse.py would shadow the
    # warehouse package)
    here = str(Path(__file__).resolve().parent)
    sys.path[:] = [str(ROOT)] + [p for p in sys.path if p not in (here, str(ROOT))]
    if not PROVNEWS.exists():
        raise SystemExit(f"{PROVNEWS} not found: run through `uv run python bench/commands.py`")
    if not (args.pages / "ground-truth.json").is_file():
        ap.error(f"--pages {args.pages}: not the article-extraction benchmark (no ground-truth)")
    for needs_load in ("publish", "reprocess"):
        if needs_load in args.only and "load" not in args.only:
            ap.error(f"{needs_load} needs load (it works on the load bench's warehouse)")

    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="provnews-bench-commands-") as t:
        tmp = Path(t)
        env = {k: v for k, v in os.environ.items() if not k.startswith("PROVNEWS_")}
        env["PROVNEWS_DATA"] = str(tmp / "data")
        benches: dict[str, Callable[[], dict]] = {
            "extract": lambda: bench_extract(tmp, env, args.runs, args.pages),
            "clean": lambda: bench_clean(tmp, env, args.runs, args.copies),
            "load": lambda: bench_load(tmp, env, args.runs),
            "publish": lambda: bench_publish(tmp, env, args.runs),
            "reprocess": lambda: bench_reprocess(tmp, env, args.runs),
            "sites": lambda: bench_sites(tmp, env, args.runs),
        }
        if "clean" not in args.only and "load" in args.only:
            ap.error("load needs clean (it loads the clean bench's output)")
        for name in COMMANDS:
            if name in args.only:
                print(f"{name} …", file=sys.stderr, flush=True)
                r = benches[name]()
                r["per_second"] = rates(r["full"], r["one_item"], r["items"], r["inprocess"])
                results[name] = r

    head = (
        f"{'command':22} {'items':>6} {'':12} {'cpu s':>8} {'wall s':>8} {'start s':>8} "
        f"{'whole/s':>9} {'-start/s':>9} {'inproc/s':>9}"
    )
    print(f"medians of {args.runs} runs; rates per CPU second")
    print(head)
    print("-" * len(head))
    for name, r in results.items():
        print(_row(name, r))
        if name == "extract":
            print(_row("  trafilatura", {**r["trafilatura"], "items": r["items"], "unit": "pages"}))
    if "extract" in results:
        ext = results["extract"]["per_second"]
        traf = results["extract"]["trafilatura"]["per_second"]
        ratio = ext["excl_startup_cpu"] / traf["excl_startup_cpu"]
        results["extract"]["vs_trafilatura_excl_startup_cpu"] = round(ratio, 2)
        print(f"extract vs trafilatura, start-up excluded, per CPU second: {ratio:.2f}x")

    if not args.no_write:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                             capture_output=True, text=True).stdout.strip()  # fmt: skip
        for r in results.values():  # per command: --only runs merge into older figures
            r["commit"] = rev or None
        payload = {
            "runs": args.runs,
            "python": platform.python_version(),
            "machine": platform.machine(),
            "cpus": os.cpu_count(),
            "commands": results,
        }
        if OUT.exists() and set(args.only) != set(COMMANDS):  # keep the others' figures
            old = json.loads(OUT.read_text(encoding="utf-8")).get("commands", {})
            payload["commands"] = {**old, **results}
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
