"""Benchmark: enrichment quality and speed on the hand-checked fixtures.

For every fixture in tests/cleaning/fixtures/enrichment/ (the five seed articles, the
two real farm pages and the synthetic farm articles), runs `cleaning.enrich.enrich` on
the farm's true title/body/captions and compares with the hand-checked expectation:

* provinces — current units, as sets per article (micro-averaged precision/recall);
* province_pairs — (current unit, former unit) pairs, i.e. the merger mapping;
* persons — names (tone style folded), as sets per article;
* event_type, event_date — one value per article; precision over the articles where
  a value was produced, recall over the articles where one is expected;
* topics — tag ids, as sets per article.

Then times `enrich` over all fixture articles (several rounds after a warm-up) and
reports articles per second. Writes bench/results/enrichment.json.

    uv run python bench/enrichment.py [--rounds N] [--verbose]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cleaning.enrich import enrich  # noqa: E402
from cleaning.text import fold_tone_style  # noqa: E402
from sitefarm.truth import expected_articles  # noqa: E402

FIXTURES = ROOT / "tests" / "cleaning" / "fixtures" / "enrichment"
OUT = ROOT / "bench" / "results" / "enrichment.json"


def load_cases() -> tuple[list[dict], list[str]]:
    """[{fixture, article, captions}] for fixtures whose article the farm serves unchanged."""
    arts = {a["url"]: a for a in expected_articles()}
    cases, skipped = [], []
    for path in sorted(FIXTURES.glob("*.json")):
        fx = json.loads(path.read_text(encoding="utf-8"))
        a = arts.get(fx["url"])
        caps = [i["caption"] for i in a["images"] if i.get("caption")] if a else []
        if a is None:
            skipped.append(f"{path.name}: not served by the farm")
            continue
        sha = hashlib.sha256("\n".join([a["title"], a["body"], *caps]).encode()).hexdigest()
        if sha != fx["text_sha256"]:
            skipped.append(f"{path.name}: farm text changed since the fixture was checked")
            continue
        cases.append({"name": path.name, "fixture": fx, "article": a, "captions": caps})
    return cases, skipped


def run(case: dict) -> dict:
    a = case["article"]
    return enrich(a["body"], a["title"], a["published_at"], case["captions"])


class PR:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0

    def add_sets(self, got: set, want: set) -> tuple[set, set]:
        self.tp += len(got & want)
        self.fp += len(got - want)
        self.fn += len(want - got)
        return got - want, want - got

    def add_value(self, got, want) -> bool:
        if got is not None and got == want:
            self.tp += 1
            return True
        if got is not None:
            self.fp += 1
        if want is not None:
            self.fn += 1
        return got == want

    def result(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return {"precision": round(p, 4), "recall": round(r, 4), "tp": self.tp, "fp": self.fp,
                "fn": self.fn}  # fmt: skip


def _name(n: str) -> str:
    return fold_tone_style(n).casefold()


def evaluate(cases: list[dict], verbose: bool = False) -> tuple[dict, list[dict]]:
    fields = {k: PR() for k in ("provinces", "province_pairs", "persons", "event_type",
                                "event_date", "topics")}  # fmt: skip
    errors = []
    for case in cases:
        exp, got = case["fixture"]["expected"], run(case)
        ev, gev = exp.get("event"), got["event"]
        diffs = {}
        fp, fn = fields["provinces"].add_sets(set(got["provinces"]), set(exp["provinces"]))
        if fp or fn:
            diffs["provinces"] = {"extra": sorted(fp), "missing": sorted(fn)}
        pairs_got = {(m["current_name"], m["former_name"]) for m in got["province_mentions"]}
        pairs_want = {tuple(p) for p in exp["province_pairs"]}
        fp, fn = fields["province_pairs"].add_sets(pairs_got, pairs_want)
        if fp or fn:
            diffs["province_pairs"] = {
                "extra": sorted(map(str, fp)),
                "missing": sorted(map(str, fn)),
            }
        fp, fn = fields["persons"].add_sets(
            {_name(p["name"]) for p in got["persons"]}, {_name(p["name"]) for p in exp["persons"]}
        )
        if fp or fn:
            diffs["persons"] = {"extra": sorted(fp), "missing": sorted(fn)}
        for key, g, w in (
            ("event_type", gev and gev["type"], ev and ev["type"]),
            ("event_date", gev and gev["date"], ev and ev["date"]),
        ):
            if not fields[key].add_value(g, w):
                diffs[key] = {"got": g, "want": w}
        fp, fn = fields["topics"].add_sets(set(got["topics"]), set(exp["topics"]))
        if fp or fn:
            diffs["topics"] = {"extra": sorted(fp), "missing": sorted(fn)}
        if diffs:
            errors.append({"fixture": case["name"], **diffs})
            if verbose:
                print(case["name"], json.dumps(diffs, ensure_ascii=False))
    return {k: v.result() for k, v in fields.items()}, errors


def seed_checks(cases: list[dict]) -> dict:
    """Event type and date on every seed article (the acceptance bar)."""
    out = {}
    for case in cases:
        seed = case["fixture"]["expected"].get("seed")
        if seed:
            got, ev = run(case)["event"], case["fixture"]["expected"]["event"]
            out[seed] = {"type_ok": (got and got["type"]) == ev["type"],
                         "date_ok": (got and got["date"]) == ev["date"]}  # fmt: skip
    return out


def speed(cases: list[dict], rounds: int) -> dict:
    for case in cases:
        run(case)  # warm-up: compiled patterns, data files
    t0 = time.perf_counter()
    for _ in range(rounds):
        for case in cases:
            run(case)
    dt = time.perf_counter() - t0
    n = rounds * len(cases)
    chars = sum(len(c["article"]["body"]) for c in cases) * rounds
    return {"articles": n, "seconds": round(dt, 3), "articles_per_s": round(n / dt, 1),
            "chars_per_s": round(chars / dt)}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)
    cases, skipped = load_cases()
    if not cases:
        print("no fixtures match the farm", file=sys.stderr)
        return 1
    fields, errors = evaluate(cases, args.verbose)
    seeds = seed_checks(cases)
    perf = speed(cases, args.rounds)
    result = {
        "fixtures": len(cases),
        "skipped": skipped,
        "fields": fields,
        "seeds": seeds,
        "speed": perf,
        "errors": errors,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(cases)} fixtures ({len(skipped)} skipped)")
    for k, v in fields.items():
        print(f"  {k:15s} precision {v['precision']:.3f}  recall {v['recall']:.3f}  "
              f"(tp {v['tp']}, fp {v['fp']}, fn {v['fn']})")  # fmt: skip
    bad = [s for s, v in seeds.items() if not (v["type_ok"] and v["date_ok"])]
    print(f"  seeds: event type and date right on {len(seeds) - len(bad)}/{len(seeds)}")
    print(f"  speed: {perf['articles_per_s']} articles/s ({perf['chars_per_s']} chars/s)")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
