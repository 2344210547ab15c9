"""Benchmark: warehouse load + publish wall time for N synthetic articles.

For each size N it measures, in a fresh temporary folder:
  night1   first load of N new articles into a new database (incl. FTS + publish)
  night2   next night: same N ids, 10% changed, plus N/20 new ones (merge on an
           existing database: copy, merge, FTS rebuild, publish)
  reload   night2 loaded again (a no-op merge; still copies and publishes)
  night2_nofts  as night2 but without rebuilding the full-text index

Usage: uv run python bench/bench_load.py [--sizes 10000 50000] [--out bench/results/load.json]
Never used as a timed assert in tests.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb

# The project first and bench/ itself off the path: run as `python bench/bench_load.py`,
# bench/warehouse.py would shadow the warehouse package.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent)] + [p for p in sys.path if Path(p or ".").resolve() != _HERE]

from warehouse.loader import load_run  # noqa: E402

WORDS = (
    "Ủy ban nhân dân tỉnh tổ chức hội nghị triển khai nhiệm vụ phát triển kinh tế xã hội "
    "năm 2025 đồng chí Chủ tịch phát biểu chỉ đạo các sở ngành địa phương tập trung "
    "thực hiện hiệu quả chương trình mục tiêu quốc gia xây dựng nông thôn mới đường giao "
    "thông Uỷ ban Mặt trận Tổ quốc Việt Nam hoà bình Thừa Thiên Huế Cần Thơ Sóc Trăng"
).split()
SITES = [
    {"id": f"site-{i:02d}", "name": f"Trang {i}", "kind": "portal", "family": "generic",
     "province": f"{(i % 30) + 1:02d}", "base_url": f"https://site{i}.gov.vn",
     "enabled": True, "verified": "none"}
    for i in range(24)
]  # fmt: skip


def _article(n: int, run_id: str, day: int, rnd: random.Random, variant: int = 0) -> dict:
    site = SITES[n % len(SITES)]["id"]
    title = " ".join(rnd.choices(WORDS, k=12))
    body = "\n\n".join(" ".join(rnd.choices(WORDS, k=60)) for _ in range(5))
    if variant:
        body += f"\n\nCập nhật lần {variant}."
    published = f"2025-07-{(n % 28) + 1:02d}T{n % 24:02d}:15:00+07:00" if n % 5 else "2025-07-01"
    h = hashlib.sha256(f"{title}\x1f{published}\x1fTin, ảnh: X\x1f{body}".encode()).hexdigest()
    return {
        "article_id": hashlib.sha256(f"u{n}".encode()).hexdigest()[:32],
        "canonical_url": f"https://{site}.gov.vn/tin/{n}",
        "url": f"https://{site}.gov.vn/tin/{n}",
        "site_id": site,
        "run_id": run_id,
        "fetched_at": f"2025-07-{day:02d}T01:30:00Z",
        "title": title,
        "published_at": published,
        "author": "Tin, ảnh: X",
        "body": body,
        "views": n % 1000,
        "language": "vi",
        "search_key": None,
        "content_hash": h,
        "images": [{"src": f"https://{site}.gov.vn/img/{n}.jpg", "caption": None}],
        "event_date": None,
        "provinces": ["Cần Thơ"],
        "persons": [],
        "layers": {"title": "generic"},
    }


def _write(clean: Path, run_id: str, articles: list[dict]) -> None:
    clean.mkdir(parents=True, exist_ok=True)
    with (clean / "articles.jsonl").open("w", encoding="utf-8") as fh:
        for a in articles:
            fh.write(json.dumps(a, ensure_ascii=False) + "\n")
    with (clean / "fetch_log.jsonl").open("w", encoding="utf-8") as fh:
        for a in articles:
            fh.write(json.dumps({
                "run_id": run_id, "site_id": a["site_id"], "url": a["url"],
                "final_url": a["url"], "status": 200, "bytes": 30000,
                "fetched_at": a["fetched_at"], "page_type": "article", "outcome": "article",
                "reason": None, "article_id": a["article_id"],
            }) + "\n")  # fmt: skip


def _run(run_id: str, day: int) -> dict:
    return {
        "run_id": run_id,
        "started_at": f"2025-07-{day:02d}T01:30:00+00:00",
        "finished_at": f"2025-07-{day:02d}T02:30:00+00:00",
        "status": "completed",
        "sites": {s["id"]: {"exit_code": 0, "duration_s": 60.0} for s in SITES},
    }


def bench_size(n: int, root: Path) -> dict:
    rnd = random.Random(n)
    r1, r2 = "20250702T013000Z", "20250703T013000Z"
    night1 = [_article(i, r1, 2, rnd) for i in range(n)]
    rnd2 = random.Random(n + 1)
    night2 = [
        _article(i, r2, 3, rnd2 if i % 10 == 0 else random.Random(n), 1 if i % 10 == 0 else 0)
        for i in range(n)
    ]
    # keep unchanged rows byte-identical to night 1 apart from run/fetch time
    for i in range(n):
        if i % 10:
            night2[i] = {**night1[i], "run_id": r2, "fetched_at": "2025-07-03T01:30:00Z"}
    night2 += [_article(n + i, r2, 3, rnd2) for i in range(n // 20)]
    _write(root / "clean" / r1, r1, night1)
    _write(root / "clean" / r2, r2, night2)
    jsonl_mb = (root / "clean" / r1 / "articles.jsonl").stat().st_size / 1e6
    db = root / "provnews.duckdb"
    out: dict = {"articles": n, "articles_jsonl_mb": round(jsonl_mb, 1)}

    def timed(label: str, run_id: str, day: int, rows: int, **kw) -> None:
        t = time.perf_counter()
        res = load_run(db, root / "clean" / run_id, _run(run_id, day), SITES, **kw)
        s = time.perf_counter() - t
        out[label] = {
            "seconds": round(s, 3),
            "rows_per_s": round(rows / s),
            "new": res.totals["new"],
            "updated": res.totals["updated"],
            "unchanged": res.totals["unchanged"],
        }
        print(f"  {label:13s} {s:7.2f} s  {rows / s:9.0f} rows/s  {res.totals}", flush=True)

    print(f"N={n} ({jsonl_mb:.1f} MB of articles.jsonl)", flush=True)
    timed("night1", r1, 2, len(night1))
    shutil.copyfile(db, root / "after_night1.duckdb")
    timed("night2", r2, 3, len(night2))
    timed("reload", r2, 3, len(night2))
    shutil.copyfile(root / "after_night1.duckdb", db)
    timed("night2_nofts", r2, 3, len(night2), fts=False)
    out["db_mb"] = round(db.stat().st_size / 1e6, 1)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "load.json")
    args = ap.parse_args()
    results = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix="provnews-bench-") as tmp:
            results.append(bench_size(n, Path(tmp)))
    report = {
        "benchmark": "warehouse load_run + publish",
        "duckdb": duckdb.__version__,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": __import__("os").cpu_count(),
        "results": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
