"""The half of a load that does not depend on the backend.

Both backends (the DuckDB file, ``warehouse/loader.py``; DuckLake,
``warehouse/backends/ducklake.py``) run the same load scripts
(``sql/load/*.sql``). Around those scripts they do the same things, kept here:

- before: ``prepare_load`` checks the clean output and the run metadata and
  normalises the registry entries to ``sites`` rows; ``set_run_vars`` and
  ``reference_vars`` give the scripts their variables;
- after: ``load_log_rows`` and ``staged_counts`` read what the scripts left, and
  ``load_result`` turns it into the ``LoadResult`` every caller gets.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb

#: The province lists of cleaning/ (current 34 and former 63), loaded as reference tables.
VN_ADMIN = Path(__file__).resolve().parent.parent / "cleaning" / "data" / "vn_admin"
#: load/015_reference.sql variable -> file under VN_ADMIN
REFERENCE_FILES = {
    "provinces_csv": "provinces_34.csv",
    "provinces_former_csv": "provinces_63_old.csv",
}


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
    """Outcome of a load: per-site counts for the run's summary table."""

    run_id: str
    #: the published file, or the DuckLake catalog URL
    db_path: Path | str
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
    #: seconds spent waiting for the DuckLake catalog lock (0 for the file)
    lock_wait_s: float = 0.0

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


@dataclass(frozen=True)
class PreparedLoad:
    """A load's checked inputs, the same whichever backend applies them."""

    run_meta: dict[str, Any]
    site_rows: list[dict[str, Any]]
    articles_path: Path
    fetch_path: Path
    #: when the load started (UTC, ISO): recorded in load_log
    loaded_at: str

    @property
    def run_id(self) -> str:
        return str(self.run_meta["run_id"])


def prepare_load(clean_dir: Path, run: dict, sites: list[dict]) -> PreparedLoad:
    """Check ``clean_dir`` and ``run``, normalise ``sites``; raises ``LoadInputError``.

    ``run``: ``run_id``, ``started_at``, ``finished_at``, ``status``, optional
    ``flow_run_id``, and ``sites``: ``{site_id: {"exit_code", "duration_s"}}``.
    ``sites``: registry entries (``sites list --json`` objects or raw registry
    entries with ``id``/``province``/``former_province``).
    """
    clean_dir = Path(clean_dir)
    run_meta = _run_meta(run)
    articles_path = clean_dir / "articles.jsonl"
    fetch_path = clean_dir / "fetch_log.jsonl"
    for p in (articles_path, fetch_path):
        if not p.is_file():
            raise LoadInputError(f"missing clean output {p}")
    return PreparedLoad(
        run_meta=run_meta,
        site_rows=[site_row(s) for s in sites],
        articles_path=articles_path,
        fetch_path=fetch_path,
        loaded_at=dt.datetime.now(dt.UTC).isoformat(),
    )


def set_vars(con: duckdb.DuckDBPyConnection, **values: str) -> None:
    """``SET VARIABLE`` each value: how the load scripts get their parameters."""
    for name, value in values.items():
        con.execute(f"SET VARIABLE {name} = $v", {"v": value})


def set_run_vars(con: duckdb.DuckDBPyConnection, prep: PreparedLoad) -> None:
    """The variables ``load/010_stage.sql`` and the merge read."""
    set_vars(
        con,
        run_id=prep.run_id,
        run_json=json.dumps(prep.run_meta, default=str, ensure_ascii=False),
        sites_json=json.dumps(prep.site_rows, ensure_ascii=False),
        articles_path=str(prep.articles_path),
        fetch_log_path=str(prep.fetch_path),
        loaded_at=prep.loaded_at,
    )


def has_reference_data() -> bool:
    """Whether both province lists are there (a trimmed checkout may lack them)."""
    return all((VN_ADMIN / f).is_file() for f in REFERENCE_FILES.values())


def reference_vars() -> dict[str, str]:
    """The variables ``load/015_reference.sql`` reads: the province list paths."""
    return {var: str(VN_ADMIN / f) for var, f in REFERENCE_FILES.items()}


@functools.cache
def reference_hash() -> str:
    """Hash of the province lists: a backend that remembers it can skip reloading them."""
    h = hashlib.sha256()
    for name in REFERENCE_FILES.values():
        h.update((VN_ADMIN / name).read_bytes() + b"\0")
    return h.hexdigest()


def load_log_rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The rows ``load/030_load_log.sql`` returns (one per site of the run), as dicts."""
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def staged_counts(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """(articles, fetch rows) staged from the clean files by ``load/010_stage.sql``."""
    a, f = con.execute(
        "SELECT (SELECT count(*) FROM stg_articles), (SELECT count(*) FROM stg_fetch)"
    ).fetchone()
    return int(a), int(f)


def load_result(
    prep: PreparedLoad,
    location: Path | str,
    per_site: list[dict[str, Any]],
    staged: tuple[int, int],
    **details: Any,
) -> LoadResult:
    """The ``LoadResult`` of a load whose ``load_log`` rows are ``per_site``;
    ``details``: the other ``LoadResult`` fields the backend measured."""
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
        run_id=prep.run_id,
        db_path=location,
        sites=counts,
        staged_articles=staged[0],
        staged_fetch_rows=staged[1],
        **details,
    )


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
        (REFERENCE_FILES["provinces_csv"], "code", current),
        (REFERENCE_FILES["provinces_former_csv"], "old_code", former),
    ):
        path = VN_ADMIN / fname
        if path.is_file():
            with path.open(encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    target[row[code_col]] = row["name"]
    return current, former


def site_row(site: dict) -> dict:
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
