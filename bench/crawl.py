"""Crawl benchmark on the site farm: politeness-bound wall time, and incremental nights.

    uv run python bench/crawl.py [--sites 12] [--articles 40] [--latency 0.2] [--delay 0.5]

Generates farm-only sites (a temporary registry passed as PROVNEWS_SITES and as the
farm's sites folder), every response delayed by `--latency` (farm.faults), and crawls
them all in parallel, one `scrapy crawl` subprocess per site as the nightly flow does
(flows.crawl.run_crawl), with the configured per-site delay (PROVNEWS_DELAY_SCALE=1).

Night 1 (empty state): wall time against the politeness-bound ideal, i.e. what the
configured delay and concurrency allow: per site (requests - 1) * max(delay, latency)
/ concurrency + latency, sites in parallel, so the night's ideal is the slowest site's.
Night 2: 5% new articles per site (farm `publish`): requests made against the minimum
needed (robots.txt + the listing pages down to the first known article, or the feed,
+ the new articles). Night 3: nothing new: article requests must be 0.
Prints a table and writes bench/results/crawl.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FAMILIES = ["wordpress", "nukeviet", "drupal", "liferay", "aspnet", "feed"]


def registry(n: int, delay: float, max_pages: int) -> str:
    rows = []
    for i in range(n):
        fam = FAMILIES[i % len(FAMILIES)]
        start = {
            "wordpress": "/tin-tuc/category/tin-tuc/",
            "nukeviet": "/vi/news/tin-tuc/",
            "drupal": "/vi/kenh-tin/1-tin-tuc",
            "liferay": "/web/guest/tin-tuc",
            "aspnet": "/Introduction.aspx?MenuID=ddaac893-0257-433b-9ba3-e60cdd949aa3",
            "feed": "/tin-tuc/",
        }[fam]
        base = f"https://bench{i:03d}.example.vn" + ("/tin-tuc" if fam == "wordpress" else "")
        rows.append(
            f"- id: bench-{i:03d}\n  name: Bench site {i}\n  kind: other\n  province: '01'\n"
            f"  family: {fam}\n  base_url: {base}\n  start_urls: ['{start}']\n"
            f"  politeness: {{delay: {delay}, concurrency: 1}}\n  max_pages: {max_pages}\n"
        )
    return "".join(rows)


def records(raw_dir: Path, site_id: str) -> list[dict]:
    path = raw_dir / f"{site_id}.jsonl.gz"
    if not path.exists():
        return []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def night(sites: dict, run_id: str, data: Path, parallel: int) -> tuple[float, dict]:
    from flows.crawl import run_crawl

    raw_dir = data / "raw" / run_id
    started = time.monotonic()
    with ThreadPoolExecutor(parallel) as pool:
        results = list(
            pool.map(lambda s: run_crawl(s, run_id, raw_dir, timeout_s=900), sites.values())
        )
    wall = time.monotonic() - started
    out = {}
    for res in results:
        recs = records(raw_dir, res.site_id)
        sent = [r for r in recs if r["status"] is not None]
        stamps = sorted(r["fetched_at"] for r in sent)
        span = (
            (datetime.fromisoformat(stamps[-1]) - datetime.fromisoformat(stamps[0])).total_seconds()
            if stamps
            else 0.0
        )
        out[res.site_id] = {
            "crawl_span_s": span,
            "exit_code": res.exit_code,
            "seconds": res.duration_s,
            "requests": len(sent) + 1,  # + robots.txt (not a raw record)
            "article_requests": sum(r["page_type"] == "article" for r in sent),
            "listing_requests": sum(r["page_type"] != "article" for r in sent),
            "not_modified": sum(r["status"] == 304 for r in sent),
            "skipped_known": sum((r["error"] or "").startswith("skipped: unchanged") for r in recs),
        }
    return wall, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sites", type=int, default=12)
    ap.add_argument("--articles", type=int, default=40)
    ap.add_argument("--latency", type=float, default=0.2)
    ap.add_argument("--delay", type=float, default=0.5)
    ap.add_argument("--new-share", type=float, default=0.05)
    ap.add_argument("--parallel", type=int, default=0, help="crawl processes (default: all)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "crawl.json")
    args = ap.parse_args(argv)

    from sitefarm.build import PAGE_SIZE, build_farm
    from sitefarm.nights import publish
    from sitefarm.server import Farm

    tmp = Path(tempfile.mkdtemp(prefix="provnews-bench-crawl-"))
    sites_dir = tmp / "sites"
    sites_dir.mkdir()
    max_pages = math.ceil((args.articles + 1) / PAGE_SIZE) + 1
    (sites_dir / "bench.yaml").write_text(registry(args.sites, args.delay, max_pages), "utf-8")
    data = tmp / "data"
    os.environ.update(
        {
            "PROVNEWS_SITES": str(sites_dir),
            "PROVNEWS_DATA": str(data),
            "PROVNEWS_DELAY_SCALE": "1",
            "PROVNEWS_SCRAPY_LOG_LEVEL": "WARNING",
        }
    )
    from cleaning.registry import load_sites

    sites = {k: v for k, v in load_sites().items() if k.startswith("bench-")}
    farm = Farm(build_farm(sites_dir, n_synth=args.articles)).start()
    try:
        os.environ["PROVNEWS_HOST_MAP"] = farm.host_map
        farm.faults.set("*", latency=args.latency)
        parallel = args.parallel or len(sites)

        wall1, n1 = night(sites, "20260101T013000Z", data, parallel)
        step = max(args.delay, args.latency)  # concurrency 1 per site
        ideal = {s: (v["requests"] - 1) * step + args.latency for s, v in n1.items()}
        ideal1 = max(ideal.values()) * math.ceil(len(sites) / parallel)
        # fetching only (first to last response of a site; Scrapy start-up excluded):
        # against (requests - 2) * step, the gaps between the first and the last response
        span_ratio = sum(v["crawl_span_s"] for v in n1.values()) / sum(
            (v["requests"] - 2) * step for v in n1.values()
        )

        new_per_site = max(1, round(args.articles * args.new_share))
        for s in sites:
            publish(farm, s, new_per_site)
        wall2, n2 = night(sites, "20260102T013000Z", data, parallel)
        minimum = {}
        for s, site in sites.items():
            pages = 1 if not site["start_urls"] else math.ceil((new_per_site + 1) / PAGE_SIZE)
            minimum[s] = 1 + pages + new_per_site  # robots.txt + listing pages + new articles
        made = sum(v["requests"] for v in n2.values())
        need = sum(minimum.values())
        made_no_robots = made - len(sites)
        need_no_robots = need - len(sites)

        wall3, n3 = night(sites, "20260103T013000Z", data, parallel)
    finally:
        farm.stop()

    result = {
        "setup": {
            "sites": len(sites),
            "families": sorted({s["family"] for s in sites.values()}),
            "articles_per_site": args.articles,
            "latency_s": args.latency,
            "delay_s": args.delay,
            "concurrency_per_site": 1,
            "parallel_crawls": parallel,
            "new_articles_per_site_night2": new_per_site,
        },
        "night1": {
            "wall_s": round(wall1, 2),
            "ideal_s": round(ideal1, 2),
            "wall_over_ideal": round(wall1 / ideal1, 3),
            "fetch_span_over_ideal": round(span_ratio, 3),
            "load_average_1min": round(os.getloadavg()[0], 2),
            "cpus": os.cpu_count(),
            "requests": sum(v["requests"] for v in n1.values()),
            "mean_site_crawl_s": round(sum(v["seconds"] for v in n1.values()) / len(n1), 2),
            "failed_sites": [s for s, v in n1.items() if v["exit_code"] != 0],
        },
        "night2": {
            "wall_s": round(wall2, 2),
            "requests_made": made,
            "minimum_needed": need,
            "made_over_minimum": round(made / need, 3),
            "made_over_minimum_without_robots": round(made_no_robots / need_no_robots, 3),
            "article_requests": sum(v["article_requests"] for v in n2.values()),
            "new_articles": new_per_site * len(sites),
            "listing_requests": sum(v["listing_requests"] for v in n2.values()),
            "skipped_known": sum(v["skipped_known"] for v in n2.values()),
        },
        "night3_unchanged": {
            "wall_s": round(wall3, 2),
            "requests": sum(v["requests"] for v in n3.values()),
            "article_requests": sum(v["article_requests"] for v in n3.values()),
            "answered_304": sum(v["not_modified"] for v in n3.values()),
        },
        "per_site": {s: {"night1": n1[s], "night2": n2[s], "night3": n3[s]} for s in sites},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
    r1, r2, r3 = result["night1"], result["night2"], result["night3_unchanged"]
    print(f"{len(sites)} sites x {args.articles} articles, latency {args.latency}s, "
          f"delay {args.delay}s, {parallel} parallel crawls")  # fmt: skip
    print(f"night 1: wall {r1['wall_s']}s vs politeness-bound ideal {r1['ideal_s']}s "
          f"-> {r1['wall_over_ideal']}x ({r1['requests']} requests; fetching phase alone "
          f"{r1['fetch_span_over_ideal']}x; {r1['cpus']} CPUs, "
          f"load {r1['load_average_1min']})")  # fmt: skip
    print(f"night 2 (+{new_per_site} new/site): {r2['requests_made']} requests vs minimum "
          f"{r2['minimum_needed']} -> {r2['made_over_minimum']}x "
          f"({r2['made_over_minimum_without_robots']}x without robots.txt)")  # fmt: skip
    print(f"night 3 (unchanged): {r3['requests']} requests, {r3['article_requests']} article "
          f"requests, {r3['answered_304']} answered 304")  # fmt: skip
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
