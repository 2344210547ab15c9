"""Bounded soak: the nightly flow again and again against a farm with faults.

    uv run python bench/soak.py --duration 600 --sites 50 --fault-rate 0.1

Builds ``--sites`` farm sites (clones of the registry sites under new hosts), puts one
fault from the reliability matrix on ``--fault-rate`` of them, and runs whole nights
(crawl → clean → load → publish, through Prefect) until ``--duration`` seconds have
passed. Samples this process's memory (RSS), open file handles and threads every few
seconds, counts every night's outcomes, and checks that nothing grows: the last night's
RSS within 25 % (+30 MB) of the first finished night's, file handles within +8.
Writes ``bench/results/soak.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--duration", type=float, default=600, help="seconds (default 600)")
    p.add_argument("--sites", type=int, default=50)
    p.add_argument("--fault-rate", type=float, default=0.10)
    p.add_argument("--parallel", type=int, default=4)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "soak.json")
    args = p.parse_args(argv)
    if args.duration <= 0 or args.sites < 1 or not 0 <= args.fault_rate <= 1:
        print("soak: --duration > 0, --sites >= 1, 0 <= --fault-rate <= 1", file=sys.stderr)
        return 2

    tmp = Path(tempfile.mkdtemp(prefix="provnews-soak-"))
    os.environ.setdefault("PREFECT_HOME", str(tmp / "prefect"))
    os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

    import yaml

    from sitefarm import start_farm
    from tests.reliability import matrix as m

    rng = random.Random(args.seed)
    builtin = m._builtin_entries()
    bases = [k for k, v in builtin.items() if v.get("enabled", True)]
    clones, site_ids = [], []
    for i in range(args.sites):
        sid = f"soak-{i:03d}"
        clones.append(m.clone_entry(builtin[bases[i % len(bases)]], sid))
        site_ids.append(sid)
    registry = tmp / "soak_sites.yaml"
    registry.write_text(yaml.safe_dump(clones, allow_unicode=True), encoding="utf-8")
    farm_dir = tmp / "farm_sites"
    farm_dir.mkdir()
    for path in m.BUILTIN_DIR.glob("*.yaml"):
        (farm_dir / path.name).write_bytes(path.read_bytes())
    (farm_dir / "zz_soak.yaml").write_bytes(registry.read_bytes())
    farm = start_farm(sites_dir=farm_dir)
    faultable = [f for f in m.FAULTS if isinstance(f.target, int)]
    faulted: dict[str, str] = {}
    for sid in rng.sample(site_ids, round(args.sites * args.fault_rate)):
        f = rng.choice(faultable)
        b = farm.data.site(sid)
        if not b.articles:
            continue
        url = b.articles[rng.randrange(len(b.articles))].url
        pattern = m.re.escape(m.path_of(url)) + r"(?:$|[?&])"
        farm.faults.set(sid, rules=[{"pattern": pattern, **r} for r in f.rules])
        faulted[sid] = f.name

    data = tmp / "data"
    os.environ.update(
        PROVNEWS_DATA=str(data), PROVNEWS_SITES=str(registry), PROVNEWS_HOST_MAP=farm.host_map,
        PROVNEWS_DELAY_SCALE="0", PROVNEWS_DOWNLOAD_TIMEOUT="3",
        PROVNEWS_MAX_BYTES=str(4 << 20), PROVNEWS_MAX_PARALLEL=str(args.parallel),
        PROVNEWS_SITE_TIMEOUT="300",
    )  # fmt: skip
    from flows.nightly import nightly

    samples: list[dict] = []
    stop = threading.Event()
    t0 = time.monotonic()

    def sample() -> None:
        while not stop.is_set():
            samples.append({"t": round(time.monotonic() - t0, 1), "rss_mb": round(_rss_mb(), 1),
                            "fds": _fds(), "threads": threading.active_count()})  # fmt: skip
            stop.wait(5)

    threading.Thread(target=sample, daemon=True).start()
    nights: list[dict] = []
    totals: Counter = Counter()
    while time.monotonic() - t0 < args.duration:
        start = time.monotonic()
        state = nightly(sites=site_ids, return_state=True)
        ok = state.is_completed()
        night: dict = {"ok": ok, "wall_s": round(time.monotonic() - start, 1),
                       "rss_mb": round(_rss_mb(), 1), "fds": _fds(),
                       "threads": threading.active_count()}  # fmt: skip
        if ok:
            run_id = state.result()["run_id"]
            outcomes = Counter(
                json.loads(line)["outcome"]
                for line in (data / "clean" / run_id / "fetch_log.jsonl").open(encoding="utf-8")
            )
            night.update(run_id=run_id, outcomes=dict(outcomes))
            totals.update(outcomes)
        else:
            night["error"] = str(state.message)[:300]
        nights.append(night)
        print(json.dumps(night), flush=True)
    stop.set()
    farm.stop()

    done = [n for n in nights if n["ok"]]
    first, last = (done[0], done[-1]) if done else ({}, {})
    growth = {
        "rss_mb_first_night": first.get("rss_mb"),
        "rss_mb_last_night": last.get("rss_mb"),
        "fds_first_night": first.get("fds"),
        "fds_last_night": last.get("fds"),
        "threads_first_night": first.get("threads"),
        "threads_last_night": last.get("threads"),
    }
    no_growth = bool(done) and (
        last["rss_mb"] <= first["rss_mb"] * 1.25 + 30 and last["fds"] <= first["fds"] + 8
    )
    result = {
        "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "faulted_sites": faulted,
        "nights": nights,
        "nights_completed": len(done),
        "nights_failed": len(nights) - len(done),
        "outcomes_total": dict(totals),
        "growth": growth,
        "no_growth": no_growth,
        "max_child_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "samples": samples,
        "elapsed_s": round(time.monotonic() - t0, 1),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    keys = ("nights_completed", "nights_failed", "outcomes_total", "growth", "no_growth")
    print(json.dumps({k: result[k] for k in keys}))
    return 0 if no_growth and not result["nights_failed"] else 1


if __name__ == "__main__":
    sys.exit(main())
