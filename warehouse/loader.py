"""Load one run's clean output into the warehouse and publish it.

``load_run`` copies the published database to ``<db>.building`` (or starts a new
file), applies the schema, upserts the site registry, merges
``clean/<run_id>/articles.jsonl`` and ``fetch_log.jsonl`` set-based in SQL, records
the run, rebuilds the full-text index, checkpoints, closes and publishes with
``os.replace`` (see ``warehouse.publish``).

Re-run semantics (the SQL is in ``sql/load/020_merge.sql``):

- articles are merged on ``article_id``; a content change (``content_hash``) seen by
  a newer run adds an ``article_versions`` row and bumps ``version``;
- a newer run seeing the same content moves only ``last_seen_at``/``last_run_id``
  and the unversioned observations (views, url, images, enrichment);
- reloading a run already loaded (same ``run_id``, same files) changes no row of
  any table except ``load_log``, which records each load; its ``fetch_log``,
  ``crawl_runs`` and ``crawl_run_sites`` rows are replaced, not duplicated;
- a run reloaded with different files (re-cleaned) corrects the versions it
  created in place instead of adding versions;
- runs are meant to load in ``run_id`` order; an older run loaded late never
  overwrites newer content, it can only move ``first_seen_at`` back.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from warehouse.db import connect
from warehouse.publish import build_and_publish
from warehouse.search import invalidate_search_index, update_search_index
from warehouse.sqlfiles import ensure_schema, run_script

TIMEZONE = "Asia/Ho_Chi_Minh"
_VN_ADMIN = Path(__file__).resolve().parent.parent / "cleaning" / "data" / "vn_admin"


class LoadInputError(ValueError):
    """The clean directory or the run metadata is unusable."""


@dataclass(frozen=True)
class SiteCounts:
    """What one run did for one site."""

    site_id: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    pages: int = 0
    errors: int = 0
    skipped: int = 0
    exit_code: int | None = None
    duration_s: float | None = None


@dataclass(frozen=True)
class LoadResult:
    """Outcome of ``load_run``: per-site counts for the run's summary table."""

    run_id: str
    db_path: Path
    sites: dict[str, SiteCounts] = field(default_factory=dict)
    staged_articles: int = 0
    staged_fetch_rows: int = 0
    duration_s: float = 0.0
    #: wall seconds per phase: clone, schema, stage, merge, search, load_log,
    #: checkpoint, publish, standby_replay (load_log.phases has them up to search)
    phases: dict[str, float] = field(default_factory=dict)
    #: what the search index upkeep did: full, append, compact, none or skipped
    search_action: str = "skipped"
    #: how the build started: standby (no copy), copy, reflink or none (new file)
    start_method: str = "none"
    #: the standby after the load: replayed, busy, failed: <why>, or none
    standby: str = "none"

    @property
    def totals(self) -> dict[str, int]:
        keys = ("new", "updated", "unchanged", "pages", "errors", "skipped")
        return {k: sum(getattr(c, k) for c in self.sites.values()) for k in keys}

    @property
    def per_site(self) -> dict[str, dict[str, Any]]:
        """``{site_id: {pages, new, updated, unchanged, skipped, errors, exit_code,
        duration_s}}`` -- the shape flows/report.py tabulates."""
        return {
            k: {f: v for f, v in asdict(c).items() if f != "site_id"}
            for k, c in sorted(self.sites.items())
        }

    def rows(self) -> list[dict[str, Any]]:
        """One dict per site, sorted by site id (for tables and artifacts)."""
        return [asdict(self.sites[k]) for k in sorted(self.sites)]


def load_run(
    db_path: Path,
    clean_dir: Path,
    run: dict,
    sites: list[dict],
    *,
    fts: bool = True,
    lock_timeout_s: float = 600.0,
    standby: bool = True,
) -> LoadResult:
    """Merge ``clean_dir`` (``articles.jsonl``, ``fetch_log.jsonl``) into ``db_path``.

    ``run``: ``run_id``, ``started_at``, ``finished_at``, ``status``, optional
    ``flow_run_id``, and ``sites``: ``{site_id: {"exit_code", "duration_s"}}``.
    ``sites``: registry entries (``sites list --json`` objects or raw registry
    entries with ``id``/``province``/``former_province``).
    ``fts=False`` skips the full-text index (search_articles then stays as it was).
    ``standby=False`` skips replaying the load into the standby file (bulk backfills:
    the next load then starts from a copy; see ``warehouse.publish``).

    Raises ``LoadInputError`` for bad input; any failure leaves the published file
    untouched.
    """
    from warehouse.backends import ducklake_url

    if (lake := ducklake_url()) is not None:  # PROVNEWS_WAREHOUSE=ducklake:…
        from warehouse.backends.ducklake import load_run as load_lake

        return load_lake(lake, clean_dir, run, sites)
    t0 = time.perf_counter()
    loaded_at = dt.datetime.now(dt.UTC).isoformat()
    db_path = Path(db_path)
    clean_dir = Path(clean_dir)
    run_meta = _run_meta(run)
    articles_path = clean_dir / "articles.jsonl"
    fetch_path = clean_dir / "fetch_log.jsonl"
    for p in (articles_path, fetch_path):
        if not p.is_file():
            raise LoadInputError(f"missing clean output {p}")
    site_rows = [_site_row(s) for s in sites]
    job = _Job(run_meta, site_rows, articles_path, fetch_path, fts, loaded_at)

    clock = _Clock()

    def replay(path: Path) -> None:
        _apply(path, job, _Clock(), t0)

    with build_and_publish(db_path, lock_timeout_s, replay if standby else None) as build:
        clock("clone")
        per_site, staged_a, staged_f, search_action = _apply(build.path, job, clock, t0)
    phases = clock.times
    phases["publish"] = round(build.publish_s, 4)
    phases["standby_replay"] = round(build.replay_s, 4)

    counts = {
        r["site_id"]: SiteCounts(
            site_id=r["site_id"],
            new=r["articles_new"],
            updated=r["articles_updated"],
            unchanged=r["articles_unchanged"],
            pages=r["pages"],
            errors=r["errors"],
            skipped=r["skipped"],
            exit_code=r["exit_code"],
            duration_s=r["duration_s"],
        )
        for r in per_site
    }
    return LoadResult(
        run_id=run_meta["run_id"],
        db_path=db_path,
        sites=counts,
        staged_articles=staged_a,
        staged_fetch_rows=staged_f,
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

    run_meta: dict
    site_rows: list[dict]
    articles_path: Path
    fetch_path: Path
    fts: bool
    loaded_at: str
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
) -> tuple[list[dict[str, Any]], int, int, str]:
    """Apply ``job`` to the database file ``path``, checkpoint and close it.

    Returns (load_log rows per site, staged articles, staged fetch rows, search action).
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
        set_run_vars(
            con, job.run_meta, job.site_rows, job.articles_path, job.fetch_path, job.loaded_at
        )
        run_script(con, "load/010_stage.sql")
        phase("stage")
        con.execute("BEGIN TRANSACTION")
        if _has_reference_data() and _reference_changed(con):
            _set_vars(
                con,
                provinces_csv=str(_VN_ADMIN / "provinces_34.csv"),
                provinces_former_csv=str(_VN_ADMIN / "provinces_63_old.csv"),
            )
            run_script(con, "load/015_reference.sql")
            con.execute(
                "INSERT OR REPLACE INTO schema_state VALUES ('reference_hash', $h)",
                {"h": _reference_hash()},
            )
        run_script(con, "load/020_merge.sql")
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
        _set_vars(con, duration_s=job.duration_s, phases_json=job.phases_json)
        cur = run_script(con, "load/030_load_log.sql")
        cols = [d[0] for d in cur.description]
        per_site = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
        staged_a, staged_f = con.execute(
            "SELECT (SELECT count(*) FROM stg_articles), (SELECT count(*) FROM stg_fetch)"
        ).fetchone()
        phase("load_log")
        con.execute("CHECKPOINT")
        phase("checkpoint")
    finally:
        con.close()
    return per_site, staged_a, staged_f, search_action


@functools.cache
def _reference_hash() -> str:
    h = hashlib.sha256()
    for name in ("provinces_34.csv", "provinces_63_old.csv"):
        h.update((_VN_ADMIN / name).read_bytes() + b"\0")
    return h.hexdigest()


def _reference_changed(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the province lists differ from the ones this file was last given
    (re-reading the CSVs on every load costs more than the lists are worth)."""
    row = con.execute("SELECT value FROM schema_state WHERE key = 'reference_hash'").fetchone()
    return row is None or row[0] != _reference_hash()


def _has_reference_data() -> bool:
    return all((_VN_ADMIN / f).is_file() for f in ("provinces_34.csv", "provinces_63_old.csv"))


def set_run_vars(
    con: duckdb.DuckDBPyConnection,
    run_meta: dict,
    site_rows: list[dict],
    articles_path: Path,
    fetch_path: Path,
    loaded_at: str,
) -> None:
    """The variables the load SQL reads (both backends run the same load scripts)."""
    _set_vars(
        con,
        run_id=run_meta["run_id"],
        run_json=json.dumps(run_meta, default=str, ensure_ascii=False),
        sites_json=json.dumps(site_rows, ensure_ascii=False),
        articles_path=str(articles_path),
        fetch_log_path=str(fetch_path),
        loaded_at=loaded_at,
    )


def _set_vars(con: duckdb.DuckDBPyConnection, **values: str) -> None:
    for name, value in values.items():
        con.execute(f"SET VARIABLE {name} = $v", {"v": value})


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise LoadInputError(f"naive datetime in run metadata: {value!r}")
        return value.isoformat()
    return str(value)


def _run_meta(run: dict) -> dict:
    run_id = run.get("run_id")
    if not run_id or not isinstance(run_id, str):
        raise LoadInputError("run metadata has no run_id")
    per_site = run.get("sites") or {}
    if not isinstance(per_site, dict):
        raise LoadInputError("run['sites'] must map site_id -> {exit_code, duration_s}")
    return {
        "run_id": run_id,
        "started_at": _iso(run.get("started_at")),
        "finished_at": _iso(run.get("finished_at")),
        "status": run.get("status"),
        "flow_run_id": None if run.get("flow_run_id") is None else str(run["flow_run_id"]),
        "sites": {
            str(k): {
                "exit_code": (v or {}).get("exit_code"),
                "duration_s": (v or {}).get("duration_s"),
            }
            for k, v in per_site.items()
        },
    }


@functools.cache
def _province_names() -> tuple[dict[str, str], dict[str, str]]:
    """(current code -> name, former code -> name) from cleaning's vn_admin lists, if present."""
    current: dict[str, str] = {}
    former: dict[str, str] = {}
    for fname, code_col, target in (
        ("provinces_34.csv", "code", current),
        ("provinces_63_old.csv", "old_code", former),
    ):
        path = _VN_ADMIN / fname
        if path.is_file():
            with path.open(encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    target[row[code_col]] = row["name"]
    return current, former


def _site_row(site: dict) -> dict:
    """Normalise a registry entry or a ``sites list --json`` object to the sites table."""
    site_id = site.get("site_id") or site.get("id")
    if not site_id:
        raise LoadInputError(f"site entry without id: {site!r}")
    code = site.get("province_code", site.get("province"))
    former_code = site.get("former_province_code", site.get("former_province"))
    current_names, former_names = _province_names()
    code = None if code is None else str(code)
    former_code = None if former_code is None else str(former_code)
    return {
        "site_id": str(site_id),
        "name": site.get("name"),
        "kind": site.get("kind"),
        "family": site.get("family"),
        "base_url": site.get("base_url"),
        "province_code": code,
        "province_name": site.get("province_name") or current_names.get(code or ""),
        "former_province_code": former_code,
        "former_province_name": site.get("former_province_name")
        or former_names.get(former_code or ""),
        "enabled": site.get("enabled", True),
        "verified": site.get("verified"),
    }
