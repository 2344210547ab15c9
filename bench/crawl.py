"""Crawl benchmark on the site farm: politeness-bound wall time, and incremental nights.

    uv run python bench/crawl.py [--sites 12] [--articles 40] [--latency 0.2] [--delay 0.5]

Generates farm-only sites (a temporary registry passed as PROVNEWS_SITES and as the
farm's sites folder), every response delayed by `--latency` (farm.faults), and crawls
them all at once as the nightly flow's local crawl step does: in batches of at most
`--batch` sites (default PROVNEWS_CRAWL_BATCH), one Scrapy process each
(flows.crawl.run_batch; `--batch 1`: one process per site), with the configured
per-site delay (PROVNEWS_DELAY_SCALE=1).

Night 1 (empty state): wall time against the politeness-bound ideal, i.e. what the
configured delay and concurrency allow: per site (requests - 1) * max(delay, latency)
/ concurrency + latency, sites in parallel, so the night's ideal is the slowest site's.
Night 2: 5% new articles per site (farm `publish`): requests made against the minimum
needed (robots.txt + the listing pages down to the first known article, or the feed,
+ the feeds and sitemaps that changed + the new articles). Night 3: nothing new: article
requests must be 0 (the revalidation turn apart: the farm's articles are older than its
30-day window, so none).

Edits (after night 3): on each site one article is edited with an update time its
listings and sitemaps show (WordPress listings print `time.updated`; Drupal and `feed`
sites list a sitemap) and one without; then nights run, with the revalidation window
widened to hold the farm's 2019-2025 articles (`--window-days`) and `--share` of them
asked again per night, until every edit reached the warehouse (each night is cleaned
and loaded as the nightly flow does, from night 1 on: the edited article's current row
holds the edited text, as a new version) or ceil(1/share) nights passed. Reported: the
nights each edit took to reach the warehouse (and the clean output), by kind, and what
the policy cost in requests (revalidation requests, and how many were answered 304).
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
        # Drupal and generic sites list a sitemap beside their listing: full-precision
        # lastmod against date-only listing dates (issue 20, d), and an update signal.
        feeds = "['/sitemap.xml']" if fam in ("drupal", "feed") else "[]"
        rows.append(
            f"- id: bench-{i:03d}\n  name: Bench site {i}\n  kind: other\n  province: '01'\n"
            f"  family: {fam}\n  base_url: {base}\n  start_urls: ['{start}']\n"
            f"  feeds: {feeds}\n"
            f"  politeness: {{delay: {delay}, concurrency: 1}}\n  max_pages: {max_pages}\n"
        )
    return "".join(rows)


def records(raw_dir: Path, site_id: str) -> list[dict]:
    path = raw_dir / f"{site_id}.jsonl.gz"
    if not path.exists():
        return []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def night(sites: dict, run_id: str, data: Path, parallel: int, batch: int) -> tuple[float, dict]:
    """One night as the nightly flow's local crawl step runs it: the sites in batches of
    at most `batch` (flows.crawl.batches), one Scrapy process each (flows.crawl.run_batch),
    `parallel` processes at once."""
    from flows.crawl import batch_label, batches, run_batch

    raw_dir = data / "raw" / run_id
    groups = batches(list(sites), batch)
    started = time.monotonic()
    with ThreadPoolExecutor(min(parallel, len(groups))) as pool:
        done = pool.map(
            lambda g: run_batch([sites[s] for s in g], run_id, raw_dir, timeout_s=900), groups
        )
        results = [r for rs in done for r in rs.values()]
    wall = time.monotonic() - started
    label = {s: batch_label(g) for g in groups for s in g}
    out = {}
    for res in results:
        recs = records(raw_dir, res.site_id)
        sent = [r for r in recs if r["status"] is not None]
        stamps = sorted(datetime.fromisoformat(r["fetched_at"]).timestamp() for r in sent)
        span = stamps[-1] - stamps[0] if stamps else 0.0
        # when the site's process started and when its crawl ended (spiders/batch.py)
        outcome = raw_dir / "_batch" / label[res.site_id] / f"{res.site_id}.json"
        times = json.loads(outcome.read_text("utf-8")) if outcome.exists() else {}
        out[res.site_id] = {
            "crawl_span_s": span,
            # process start-up (imports, settings, robots.txt) and shutdown: outside the span
            "overhead_s": round(res.duration_s - span, 2),
            # process start -> first response: imports, the registry, robots.txt, page 1
            "head_s": round(stamps[0] - times["started_at"], 2) if stamps and times else None,
            # last response -> the crawl closed (state, raw file)
            "tail_s": round(times["ended_at"] - stamps[-1], 2) if stamps and times else None,
            "exit_code": res.exit_code,
            "seconds": res.duration_s,
            "requests": len(sent) + 1,  # + robots.txt (not a raw record)
            "article_requests": sum(r["page_type"] == "article" for r in sent),
            "listing_requests": sum(r["page_type"] != "article" for r in sent),
            "not_modified": sum(r["status"] == 304 for r in sent),
            "skipped_known": sum((r["error"] or "").startswith("skipped: unchanged") for r in recs),
            "revalidation_requests": sum(r["via"] == "revalidation" for r in sent),
            "revalidation_304": sum(
                r["via"] == "revalidation" and r["status"] == 304 for r in sent
            ),
        }
    return wall, out


def _mean(values) -> float | None:
    got = [v for v in values if v is not None]
    return round(sum(got) / len(got), 2) if got else None


EDIT_MARK = "được cập nhật lần"  # sitefarm.build.apply_edits appends it to the text


def to_warehouse(data: Path, run_id: str, sites: dict) -> list[dict]:
    """Clean a night and load it into the warehouse ($PROVNEWS_DATA/provnews.duckdb) as the
    nightly flow's clean and load steps do; the night's clean article rows."""
    from cleaning.stage import clean_run
    from flows.load import load_clean_run, offline_run

    out = data / "clean" / run_id
    clean_run(data / "raw" / run_id, out, sites)
    load_clean_run(run_id, offline_run(run_id), list(sites))
    return [json.loads(x) for x in (out / "articles.jsonl").read_text("utf-8").splitlines()]


def edited_in_warehouse(urls: list[str]) -> dict[str, int]:
    """{url: version} of the articles whose current warehouse row holds the edited text."""
    from warehouse.backends import configured

    with configured().reader() as con:
        rows = con.execute(
            "SELECT url, version FROM articles WHERE url IN (SELECT unnest(?))"
            " AND strpos(body, ?) > 0",
            [urls, EDIT_MARK],
        ).fetchall()
    return dict(rows)


def feed_bodies(farm, site_id: str) -> dict[str, bytes]:
    """The farm's feed and sitemap documents of a site, by route (decompressed)."""
    b = farm.data.site(site_id)
    docs = {k: p.body for k, p in b.routes.items() if k.endswith((".xml", ".xml.gz", "/feed/"))}
    return {k: gzip.decompress(v) if v[:2] == b"\x1f\x8b" else v for k, v in docs.items()}


def feeds_needed(before: dict[str, bytes], after: dict[str, bytes], new: list[str]) -> int:
    """Feed/sitemap documents a crawl must read to find the new articles: those listing one
    of them, and a sitemap index that changed (children that only reshuffled known
    articles keep their index lastmod and need not be read)."""
    need = 0
    for k, body in after.items():
        lists_new = any(u.encode() in body for u in new)
        if lists_new or (b"<sitemapindex" in body and before.get(k) != body):
            need += 1
    return need


def edit_nights(farm, sites: dict, data: Path, parallel: int, share: float, batch: int) -> dict:
    """Edit two articles per site (one with a shown update time, one without) and run
    nights until every edit reached the clean output, at most ceil(1/share) nights."""
    from sitefarm.nights import edit, synthetic_urls

    edited: dict[str, tuple[str, str]] = {}  # url -> (site, "shown" | "silent")
    for s in sites:
        urls = synthetic_urls(farm, s)
        # deeper than listing page 1: only a signal or the turn can find them
        shown, silent = urls[len(urls) // 3], urls[2 * len(urls) // 3]
        edit(farm, s, [shown], shown=True)
        edit(farm, s, [silent], shown=False)
        edited[shown], edited[silent] = (s, "shown"), (s, "silent")
    caught: dict[str, dict] = {}
    stored: dict[str, dict] = {}  # url -> the night the warehouse's row got the edit
    nights = []
    for k in range(1, math.ceil(1 / share) + 1):
        run_id = f"202601{10 + k:02d}T013000Z"
        wall, per_site = night(sites, run_id, data, parallel, batch)
        rows = to_warehouse(data, run_id, sites)
        raw = {r["url"]: r for s in sites for r in records(data / "raw" / run_id, s)}
        for row in rows:
            if row["url"] in edited and row["url"] not in caught and EDIT_MARK in row["body"]:
                caught[row["url"]] = {"night": k, "by": raw[row["url"]].get("recheck")}
        for url, version in edited_in_warehouse(list(edited)).items():
            stored.setdefault(url, {"night": k, "version": version})
        nights.append(
            {
                "night": k,
                "wall_s": round(wall, 2),
                "requests": sum(v["requests"] for v in per_site.values()),
                "revalidation_requests": sum(v["revalidation_requests"] for v in per_site.values()),
                "revalidation_304": sum(v["revalidation_304"] for v in per_site.values()),
                "edits_caught_so_far": len(caught),
                "edits_in_warehouse_so_far": len(stored),
            }
        )
        if len(stored) == len(edited):
            break

    def summary(kind: str) -> dict:
        mine = [u for u, (_, kd) in edited.items() if kd == kind]
        took = sorted(caught[u]["night"] for u in mine if u in caught)
        by_signal = sum(1 for u in mine if u in caught and caught[u]["by"] != "revalidation")
        in_wh = sorted(stored[u]["night"] for u in mine if u in stored)
        return {
            "edited": len(mine),
            "reached_clean_output": len(took),
            "reached_warehouse": len(in_wh),
            "new_version_in_warehouse": sum(
                1 for u in mine if stored.get(u, {}).get("version", 1) > 1
            ),
            "nights_max": max(in_wh, default=None),
            "nights_mean": round(sum(in_wh) / len(in_wh), 2) if in_wh else None,
            "clean_output_nights_max": max(took, default=None),
            "caught_by_update_time": by_signal,
            "caught_by_revalidation": len(took) - by_signal,
            "never_caught": sorted(u for u in mine if u not in stored),
        }

    return {
        "share": share,
        "bound_nights": math.ceil(1 / share),
        "with_update_time_shown": summary("shown"),
        "without_update_time": summary("silent"),
        "nights": nights,
        "revalidation_requests_total": sum(n["revalidation_requests"] for n in nights),
        "revalidation_304_total": sum(n["revalidation_304"] for n in nights),
    }


def later_nights(args, farm, sites: dict, data: Path, parallel: int) -> dict:
    """Nights 2 (new articles), 3 (unchanged) and the edit nights."""
    from sitefarm.build import PAGE_SIZE
    from sitefarm.nights import publish

    to_warehouse(data, "20260101T013000Z", sites)  # night 1, so edits make new versions
    new_per_site = max(1, round(args.articles * args.new_share))
    changed_feeds = {}
    for s in sites:
        before = feed_bodies(farm, s)
        new = publish(farm, s, new_per_site)
        changed_feeds[s] = feeds_needed(before, feed_bodies(farm, s), new)
    wall2, n2 = night(sites, "20260102T013000Z", data, parallel, args.batch)
    to_warehouse(data, "20260102T013000Z", sites)
    minimum = {}
    for s, site in sites.items():
        pages = 1 if not site["start_urls"] else math.ceil((new_per_site + 1) / PAGE_SIZE)
        # robots.txt + listing pages + feeds/sitemaps that changed + new articles
        minimum[s] = 1 + pages + changed_feeds[s] + new_per_site
    made = sum(v["requests"] for v in n2.values())
    need = sum(minimum.values())
    made_no_robots = made - len(sites)
    need_no_robots = need - len(sites)

    wall3, n3 = night(sites, "20260103T013000Z", data, parallel, args.batch)
    to_warehouse(data, "20260103T013000Z", sites)
    edits = None
    if not args.no_edits:
        os.environ["PROVNEWS_REVALIDATE_DAYS"] = str(args.window_days)
        os.environ["PROVNEWS_REVALIDATE_SHARE"] = str(args.share)
        edits = edit_nights(farm, sites, data, parallel, args.share, args.batch)
    return {
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
            "revalidation_requests": sum(v["revalidation_requests"] for v in n3.values()),
        },
        "edits": edits,
        "new_per_site": new_per_site,
        "per_site": {s: {"night2": n2[s], "night3": n3[s]} for s in sites},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sites", type=int, default=12)
    ap.add_argument("--articles", type=int, default=40)
    ap.add_argument("--latency", type=float, default=0.2)
    ap.add_argument("--delay", type=float, default=0.5)
    ap.add_argument("--new-share", type=float, default=0.05)
    ap.add_argument("--parallel", type=int, default=0, help="crawl processes (default: all)")
    ap.add_argument("--share", type=float, default=0.25, help="revalidation share, edit nights")
    ap.add_argument("--window-days", type=int, default=36500, help="revalidation window, edits")
    ap.add_argument("--no-edits", action="store_true", help="nights 1-3 only")
    ap.add_argument("--night1-only", action="store_true", help="night 1 only")
    ap.add_argument(
        "--batch", type=int, default=0,
        help="sites per Scrapy process (default: PROVNEWS_CRAWL_BATCH, as the nightly flow)",
    )  # fmt: skip
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "crawl.json")
    args = ap.parse_args(argv)

    from sitefarm.build import PAGE_SIZE, build_farm
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
        from provnews.settings import settings

        args.batch = args.batch or settings().crawl_batch
        processes = math.ceil(len(sites) / args.batch)  # flows.crawl.batches
        parallel = args.parallel or processes

        wall1, n1 = night(sites, "20260101T013000Z", data, parallel, args.batch)
        load1 = os.getloadavg()[0]  # the machine's load while night 1 ran (1-min average)
        step = max(args.delay, args.latency)  # concurrency 1 per site
        ideal = {s: (v["requests"] - 1) * step + args.latency for s, v in n1.items()}
        ideal1 = max(ideal.values()) * math.ceil(processes / parallel)
        # fetching only (first to last response of a site; Scrapy start-up excluded):
        # against (requests - 2) * step, the gaps between the first and the last response
        span_ratio = sum(v["crawl_span_s"] for v in n1.values()) / sum(
            (v["requests"] - 2) * step for v in n1.values()
        )

        later = None
        if not args.night1_only:
            later = later_nights(args, farm, sites, data, parallel)
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
            "parallel_crawl_processes": parallel,
            "sites_per_scrapy_process": args.batch,
            "new_articles_per_site_night2": later["new_per_site"] if later else None,
        },
        "night1": {
            "wall_s": round(wall1, 2),
            "ideal_s": round(ideal1, 2),
            "wall_over_ideal": round(wall1 / ideal1, 3),
            "fetch_span_over_ideal": round(span_ratio, 3),
            "load_average_1min": round(load1, 2),
            "cpus": os.cpu_count(),
            "requests": sum(v["requests"] for v in n1.values()),
            "mean_site_crawl_s": round(sum(v["seconds"] for v in n1.values()) / len(n1), 2),
            "mean_site_fetch_span_s": round(
                sum(v["crawl_span_s"] for v in n1.values()) / len(n1), 2
            ),
            "mean_site_overhead_s": round(sum(v["overhead_s"] for v in n1.values()) / len(n1), 2),
            "mean_site_head_s": _mean(v["head_s"] for v in n1.values()),
            "mean_site_tail_s": _mean(v["tail_s"] for v in n1.values()),
            "max_site_head_s": max((v["head_s"] or 0 for v in n1.values()), default=None),
            "failed_sites": [s for s, v in n1.items() if v["exit_code"] != 0],
        },
    }
    if later:
        result.update({k: later[k] for k in ("night2", "night3_unchanged", "edits")})
    result["per_site"] = {
        s: {"night1": n1[s], **(later["per_site"][s] if later else {})} for s in sites
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
    r1 = result["night1"]
    print(f"{len(sites)} sites x {args.articles} articles, latency {args.latency}s, "
          f"delay {args.delay}s, {parallel} crawl processes at once, "
          f"at most {args.batch} site(s) per Scrapy process")  # fmt: skip
    print(f"night 1: wall {r1['wall_s']}s vs politeness-bound ideal {r1['ideal_s']}s "
          f"-> {r1['wall_over_ideal']}x ({r1['requests']} requests; fetching phase alone "
          f"{r1['fetch_span_over_ideal']}x; per site {r1['mean_site_fetch_span_s']}s fetching "
          f"+ {r1['mean_site_overhead_s']}s start-up/shutdown (process start to first "
          f"response {r1['mean_site_head_s']}s, last response to close "
          f"{r1['mean_site_tail_s']}s); {r1['cpus']} CPUs, "
          f"load {r1['load_average_1min']})")  # fmt: skip
    if later:
        r2, r3, edits = result["night2"], result["night3_unchanged"], result["edits"]
        print(f"night 2 (+{later['new_per_site']} new/site): {r2['requests_made']} requests vs "
              f"minimum {r2['minimum_needed']} -> {r2['made_over_minimum']}x "
              f"({r2['made_over_minimum_without_robots']}x without robots.txt)")  # fmt: skip
        print(f"night 3 (unchanged): {r3['requests']} requests, {r3['article_requests']} "
              f"article requests, {r3['answered_304']} answered 304")  # fmt: skip
        if edits:
            for kind in ("with_update_time_shown", "without_update_time"):
                e = edits[kind]
                print(f"edits {kind}: {e['reached_warehouse']}/{e['edited']} reached the "
                      f"warehouse ({e['new_version_in_warehouse']} as a new version), nights "
                      f"max {e['nights_max']} mean {e['nights_mean']} "
                      f"(update time {e['caught_by_update_time']}, revalidation "
                      f"{e['caught_by_revalidation']})")  # fmt: skip
            print(f"revalidation (share {edits['share']}, bound {edits['bound_nights']} "
                  f"nights): {edits['revalidation_requests_total']} requests over "
                  f"{len(edits['nights'])} nights, {edits['revalidation_304_total']} "
                  "answered 304")  # fmt: skip
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
