"""Load one run's clean output into the DuckDB-file warehouse and publish it.

``load_run`` checks its input with ``warehouse.prepare`` (shared with DuckLake),
copies the published database to ``<db>.building`` (or starts a new file), applies
the schema, upserts the site registry, merges ``clean/<run_id>/articles.jsonl`` and
``fetch_log.jsonl`` set-based in SQL, records the run, rebuilds the full-text index,
checkpoints, closes and publishes with ``os.replace`` (see ``warehouse.publish``).

Re-run semantics (the SQL is in ``sql/load/020_merge.sql`` for the articles and
``sql/load/025_run.sql`` for the run's own rows, which ``articles_only`` leaves out):

- articles are merged on ``article_id``; a content change (``content_hash``) seen by
  a newer run adds an ``article_versions`` row and bumps ``version``;
- a newer run seeing the same content moves only ``last_seen_at``/``last_run_id``
  and the unversioned observations (views, url, images, enrichment);
- reloading a run already loaded (same ``run_id``, same files) changes no row of
  any table except ``load_log``, which records each load; its ``fetch_log``,
  ``crawl_runs`` and ``crawl_run_sites`` rows are replaced, not duplicated;
- a run reloaded with different files (re-cleaned, or reprocessed by a newer
  extractor) corrects the versions it created in place instead of adding versions,
  restates changed observations on the same version, and records the new
  ``extractor_version`` where nothing else changed;
- runs are meant to load in ``run_id`` order; an older run loaded late never
  overwrites newer content, it can only move ``first_seen_at`` back.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from warehouse.db import TIMEZONE, connect
from warehouse.prepare import (
    LoadInputError,
    LoadResult,
    PreparedLoad,
    SiteCounts,
    has_reference_data,
    load_log_rows,
    load_result,
    prepare_load,
    reference_hash,
    reference_vars,
    set_run_vars,
    set_vars,
    staged_counts,
)
from warehouse.publish import build_and_publish
from warehouse.search import invalidate_search_index, update_search_index
from warehouse.sqlfiles import ensure_schema, run_script

#: callers import these from here too (the file backend's load API)
__all__ = ["LoadInputError", "LoadResult", "SiteCounts", "load_run"]


def load_run(
    db_path: Path,
    clean_dir: Path,
    run: dict,
    sites: list[dict],
    *,
    fts: bool = True,
    lock_timeout_s: float = 600.0,
    standby: bool = True,
    articles_only: bool = False,
) -> LoadResult:
    """Merge ``clean_dir`` (``articles.jsonl``, ``fetch_log.jsonl``) into the file ``db_path``.

    ``run`` and ``sites``: see ``warehouse.prepare.prepare_load``.
    ``fts=False`` skips the full-text index (search_articles then stays as it was).
    ``standby=False`` skips replaying the load into the standby file (bulk backfills:
    the next load then starts from a copy; see ``warehouse.publish``).
    ``articles_only=True`` merges the articles but leaves the run's fetch_log,
    crawl_run_sites and crawl_runs rows as they are (``provnews reprocess``).

    Raises ``LoadInputError`` for bad input; any failure leaves the published file
    untouched. Always this file: which backend a night loads into is chosen by
    ``warehouse.backends.configured``.
    """
    t0 = time.perf_counter()
    db_path = Path(db_path)
    job = _Job(prepare_load(clean_dir, run, sites), fts, articles_only)

    clock = _Clock()

    def replay(path: Path) -> None:
        _apply(path, job, _Clock(), t0)

    with build_and_publish(db_path, lock_timeout_s, replay if standby else None) as build:
        clock("clone")
        per_site, staged, search_action = _apply(build.path, job, clock, t0)
    phases = clock.times
    phases["publish"] = round(build.publish_s, 4)
    phases["standby_replay"] = round(build.replay_s, 4)
    return load_result(
        job.prep,
        db_path,
        per_site,
        staged,
        duration_s=time.perf_counter() - t0,
        phases=phases,
        search_action=search_action,
        start_method=build.method,
        standby=build.standby,
    )


@dataclass
class _Job:
    """What a load applies; applied twice (build, then the standby) with the same
    values, recorded on the first application, so both files get the same rows."""

    prep: PreparedLoad
    fts: bool
    articles_only: bool = False
    #: recorded by the first application: search clock, duration and phases for load_log
    now: str = ""
    duration_s: str = ""
    phases_json: str = ""


class _Clock:
    """Wall seconds per named phase, each since the previous call."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        self._mark = time.perf_counter()

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        self.times[name] = round(now - self._mark, 4)
        self._mark = now


def _apply(
    path: Path, job: _Job, phase: _Clock, t0: float
) -> tuple[list[dict[str, Any]], tuple[int, int], str]:
    """Apply ``job`` to the database file ``path``, checkpoint and close it.

    Returns (load_log rows per site, staged (articles, fetch rows), search action).
    """
    first = not job.now
    if first:
        job.now = dt.datetime.now(dt.UTC).isoformat()
    search_action = "skipped"
    con = connect(path)
    try:
        con.execute(f"SET TimeZone = '{TIMEZONE}'")
        ensure_schema(con)  # skipped when the file has this schema version
        phase("schema")
        set_run_vars(con, job.prep)
        run_script(con, "load/010_stage.sql")
        phase("stage")
        con.execute("BEGIN TRANSACTION")
        if has_reference_data() and _reference_changed(con):
            set_vars(con, **reference_vars())
            run_script(con, "load/015_reference.sql")
            con.execute(
                "INSERT OR REPLACE INTO schema_state VALUES ('reference_hash', $h)",
                {"h": reference_hash()},
            )
        run_script(con, "load/020_merge.sql")
        if not job.articles_only:
            run_script(con, "load/025_run.sql")
        phase("merge")
        if job.fts:
            search_action = update_search_index(con, now=job.now)
        else:
            invalidate_search_index(con)  # the next indexed load rebuilds it
        phase("search")
        con.execute("COMMIT")
        if first:
            job.duration_s = str(round(time.perf_counter() - t0, 3))
            job.phases_json = json.dumps(phase.times)
        set_vars(con, duration_s=job.duration_s, phases_json=job.phases_json)
        per_site = load_log_rows(run_script(con, "load/030_load_log.sql"))
        staged = staged_counts(con)
        phase("load_log")
        con.execute("CHECKPOINT")
        phase("checkpoint")
    finally:
        con.close()
    return per_site, staged, search_action


def _reference_changed(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the province lists differ from the ones this file was last given
    (re-reading the CSVs on every load costs more than the lists are worth)."""
    row = con.execute("SELECT value FROM schema_state WHERE key = 'reference_hash'").fetchone()
    return row is None or row[0] != reference_hash()
