"""`provnews reprocess`: bring an extractor improvement to the articles already stored.

Every stored article whose ``extractor_version`` differs from the running one (or every
article with ``all_articles``) is extracted again from the latest fetch that became it
(its newest ``fetch_log`` row with outcome ``article`` names the run; the raw record is
in ``raw/<run_id>/<site_id>.jsonl.gz``), on a process pool. The new rows load through
the night's merge (``warehouse.loader.load_run(articles_only=True)``), as that run's
fetch extracted again: the same content only records the new extractor_version, other
observations (persons, provinces, images …) are restated on the same version, other
content corrects the version that fetch made. The run's fetch log and counts stay.

Work goes in batches; each batch is one load, built beside the published file and
swapped in (readers never wait, never see half a batch). A kill loses at most the batch
in flight: the next run selects only the articles whose extractor_version still
differs. Loads take the warehouse's single-writer lock, so a reprocess and a night
never write at once; when the lock is held, reprocess says so and waits.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any

BATCH = 2000  # articles per load: a kill loses at most this much work
MAX_LISTED_FAILURES = 200


@dataclass
class ReprocessSummary:
    """What a reprocess did; every selected article is checked, failed or both counted."""

    extractor_version: str
    selected: int = 0
    checked: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    by_field: Counter = field(default_factory=Counter)
    failures: list[dict[str, str]] = field(default_factory=list)
    batches: int = 0
    seconds: float = 0.0

    def fail(self, site_id: str, url: str, stage: str, reason: str) -> None:
        self.failed += 1
        if len(self.failures) < MAX_LISTED_FAILURES:
            self.failures.append({"site_id": site_id, "url": url, "stage": stage,
                                  "reason": reason})  # fmt: skip

    def as_dict(self) -> dict[str, Any]:
        return {
            "extractor_version": self.extractor_version,
            "selected": self.selected,
            "checked": self.checked,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "by_field": dict(sorted(self.by_field.items())),
            "batches": self.batches,
            "seconds": round(self.seconds, 2),
            "failures": self.failures,
        }


def candidates(
    db_path: Path,
    version: str,
    sites: Sequence[str] | None,
    since: str | None,
    until: str | None,
    all_articles: bool,
) -> list[tuple[str, str, str | None, str]]:
    """(article_id, site_id, run_id of its latest fetch or None, url), by run and site."""
    from warehouse.db import connect_read_only
    from warehouse.sqlfiles import read_sql

    con = connect_read_only(db_path)
    try:
        params = {"version": version, "all": all_articles, "sites": list(sites) if sites else None,
                  "since": since, "until": until}  # fmt: skip
        return con.execute(read_sql("reprocess/candidates.sql"), params).fetchall()
    finally:
        con.close()


def _stored(db_path: Path, ids: list[str]) -> dict[str, dict[str, Any]]:
    from warehouse.db import connect_read_only
    from warehouse.sqlfiles import read_sql

    con = connect_read_only(db_path)
    try:
        cur = con.execute(read_sql("reprocess/stored.sql"), {"ids": ",".join(ids)})
        cols = [d[0] for d in cur.description]
        return {r[0]: dict(zip(cols, r, strict=True)) for r in cur.fetchall()}
    finally:
        con.close()


def _extract(item: tuple[str, dict, dict]) -> tuple[str, dict | None, str | None]:
    """Pool worker: (article_id, new article row or None, why not)."""
    from cleaning.reprocess import extract_again

    aid, rec, site = item
    row, article = extract_again(rec, site)
    if article is None:
        return aid, None, f"{row['outcome']}: {row['reason']}"
    return aid, article, None


def _batches(rows: list, size: int) -> Iterator[list]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def _read_batch(
    batch: list[tuple[str, str, str | None, str]],
    raw_root: Path,
    sites: dict[str, dict],
    summary: ReprocessSummary,
) -> list[tuple[str, dict, dict]]:
    """The raw record of each article of the batch; the ones without one are failures."""
    from cleaning.reprocess import latest_fetches

    items = []
    for (run_id, site_id), group in groupby(batch, key=lambda c: (c[2], c[1])):
        group = list(group)
        if run_id is None:
            for _, _, _, url in group:
                summary.fail(site_id, url, "raw", "no fetch of it in fetch_log")
            continue
        path = raw_root / run_id / f"{site_id}.jsonl.gz"
        if not path.is_file():
            for _, _, _, url in group:
                summary.fail(site_id, url, "raw", f"raw file missing: {path}")
            continue
        found = latest_fetches(path, [c[3] for c in group])
        for aid, _, _, url in group:
            if url in found:
                items.append((aid, found[url], sites.get(site_id) or {}))
            else:
                summary.fail(site_id, url, "raw", f"no page for this URL in {path}")
    return items


def _load(db_path: Path, clean_dir: Path, run_id: str, sites: list[dict], say) -> None:
    from warehouse.loader import load_run
    from warehouse.publish import WarehouseBusy, writer_lock

    try:
        with writer_lock(db_path, timeout_s=0):
            pass
    except WarehouseBusy:
        say(f"reprocess: the warehouse is being written (a night's load?); waiting for {db_path}")
    run = {"run_id": run_id, "started_at": None, "finished_at": None, "status": "reprocess",
           "sites": {}}  # fmt: skip
    load_run(db_path, clean_dir, run, sites, articles_only=True)


def reprocess(
    db_path: Path,
    raw_root: Path,
    *,
    sites: Sequence[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    jobs: int = 1,
    all_articles: bool = False,
    batch_size: int = BATCH,
    progress: Callable[[int, int], None] | None = None,
    say: Callable[[str], None] = lambda m: print(m, file=sys.stderr, flush=True),
) -> ReprocessSummary:
    """Extract the selected stored articles again and load what they become.

    ``progress(done, total)`` is called after each batch is published."""
    from cleaning.registry import load_sites
    from cleaning.reprocess import changed_fields
    from cleaning.version import extractor_version

    t0 = time.perf_counter()
    summary = ReprocessSummary(extractor_version())
    registry = load_sites()
    todo = candidates(db_path, summary.extractor_version, sites, since, until, all_articles)
    summary.selected = len(todo)
    if progress:
        progress(0, len(todo))
    pool = ProcessPoolExecutor(max_workers=jobs) if jobs > 1 and todo else None
    work = tempfile.mkdtemp(prefix="provnews-reprocess-")
    try:
        done = 0

        def finish(batch: list, results: Iterator) -> None:
            """Collect a batch's extractions, compare them with the stored rows, load."""
            nonlocal done
            url_of = {aid: (site_id, url) for aid, site_id, _, url in batch}
            run_of = {aid: run_id for aid, _, run_id, _ in batch}
            new: dict[str, dict] = {}
            for aid, article, why in results:
                if article is None:
                    summary.fail(*url_of[aid], "extract", why or "no article")
                elif article["article_id"] != aid:  # the URL no longer gives the stored id
                    summary.fail(*url_of[aid], "extract", f"id now {article['article_id']}")
                else:
                    new[aid] = article
            stored = _stored(db_path, list(new))
            by_run: dict[str, list[dict]] = {}
            for aid, article in new.items():
                summary.checked += 1
                fields = changed_fields(stored.get(aid, {}), article)
                summary.by_field.update(fields)
                if fields:
                    summary.changed += 1
                else:
                    summary.unchanged += 1
                by_run.setdefault(run_of[aid], []).append(article)
            for run_id, articles in sorted(by_run.items()):
                clean_dir = Path(work) / run_id
                clean_dir.mkdir(parents=True, exist_ok=True)
                with open(clean_dir / "articles.jsonl", "w", encoding="utf-8") as fh:
                    fh.writelines(json.dumps(a, ensure_ascii=False) + "\n" for a in articles)
                (clean_dir / "fetch_log.jsonl").write_text("", encoding="utf-8")
                site_rows = [registry[s] for s in sorted({a["site_id"] for a in articles})
                             if s in registry]  # fmt: skip
                _load(db_path, clean_dir, run_id, site_rows, say)
                shutil.rmtree(clean_dir)
            summary.batches += 1
            done += len(batch)
            if progress:
                progress(done, len(todo))

        # With a pool, the next batch is handed to the workers before the current one is
        # loaded, so extraction goes on while a batch is merged and published.
        pending: tuple[list, Iterator] | None = None
        for batch in _batches(todo, batch_size):
            items = _read_batch(batch, raw_root, registry, summary)
            results = pool.map(_extract, items, chunksize=8) if pool else map(_extract, items)
            if pending:
                finish(*pending)
            pending = (batch, results)
        if pending:
            finish(*pending)
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)
        shutil.rmtree(work, ignore_errors=True)
    summary.seconds = time.perf_counter() - t0
    return summary


def summary_markdown(s: dict[str, Any]) -> str:
    """The summary of `ReprocessSummary.as_dict()` for the Prefect artifact."""
    lines = [
        f"# Reprocess with extractor `{s['extractor_version']}`",
        "",
        "| selected | checked | changed | unchanged | failed | seconds |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {s['selected']} | {s['checked']} | {s['changed']} | {s['unchanged']} "
        f"| {s['failed']} | {s['seconds']} |",
    ]
    if s["by_field"]:
        lines += ["", "| field | articles changed |", "| --- | ---: |"]
        lines += [f"| {k} | {v} |" for k, v in s["by_field"].items()]
    if s["failures"]:
        lines += ["", "| site | URL | stage | reason |", "| --- | --- | --- | --- |"]
        lines += [f"| {f['site_id']} | {f['url']} | {f['stage']} | {f['reason']} |"
                  for f in s["failures"]]  # fmt: skip
        if s["failed"] > len(s["failures"]):
            lines.append(f"\n… and {s['failed'] - len(s['failures'])} more failures")
    return "\n".join(lines) + "\n"
