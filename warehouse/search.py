"""Full-text search: an inverted index in plain tables, ranked by BM25 in SQL.

The index (``search_terms``, ``search_docs``, ``search_postings``, ``search_dead``;
see ``sql/004_search.sql``) is kept up to date by every load for the articles
whose folded text is new or changed, inside the load's transaction; the table
macro ``search_articles(q)`` reads the postings of q's words only. Searching
needs no extension.

``load_fts`` still loads the ``fts`` extension from the ``duckdb-extension-fts``
wheel by path (never downloaded) for analysts who want ``match_bm25`` themselves.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from warehouse.sqlfiles import read_sql, run_script


class FtsUnavailable(RuntimeError):
    """The fts extension file for this DuckDB version is not installed."""


def fts_extension_path() -> Path:
    """Path of ``fts.duckdb_extension`` for the running DuckDB version."""
    try:
        import duckdb_extension_fts
    except ImportError as exc:  # pragma: no cover - dependency is pinned
        raise FtsUnavailable("package duckdb-extension-fts is not installed") from exc
    version = duckdb.__version__
    path = (
        Path(duckdb_extension_fts.__file__).parent
        / "extensions"
        / f"v{version}"
        / "fts.duckdb_extension"
    )
    if not path.is_file():
        raise FtsUnavailable(f"no fts extension for duckdb {version} at {path}")
    return path


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    """LOAD the fts extension into ``con`` by path (works on read-only connections).

    ``search_articles`` does not need it; kept for callers that use ``fts`` directly.
    """
    path = str(fts_extension_path()).replace("'", "''")
    con.execute(f"LOAD '{path}'")


#: Postings per word in the search tier (search_top): the candidates a query
#: scores. Larger means more queries proven exact and slower common-word queries;
#: at 1M articles 2,000 gives 71 ms p95 over the bench's queries and a top 20
#: 98 % equal to the exhaustive one (bench/results/warehouse.json). Changing it takes
#: effect at the next compaction or full build.
TIER_DEPTH = 2_000

#: Compact (rewrite the postings in term order) when the texts appended since the
#: last compaction exceed this share of the indexed articles ...
APPENDED_MAX_SHARE = 0.10
#: ... but never for fewer appended texts than this (small warehouses compact rarely).
APPENDED_MIN_DOCS = 5_000


def _state(con: duckdb.DuckDBPyConnection) -> tuple[bool, int, int]:
    """(index usable, live articles, texts appended since the last compaction).

    An index without its tier (a file indexed before the tier existed) counts as
    not built, so the next upkeep rebuilds it in full, once.
    """
    has_sorted, has_tier, docs, appended, _dead = con.execute(
        read_sql("search/state.sql")
    ).fetchone()
    return bool(has_sorted and has_tier), int(docs), int(appended)


def _set_now(con: duckdb.DuckDBPyConnection, now: str | None = None) -> None:
    con.execute("SET VARIABLE now = $v", {"v": now or dt.datetime.now(dt.UTC).isoformat()})
    con.execute("SET VARIABLE search_tier_depth = $d", {"d": TIER_DEPTH})


def _compact(con: duckdb.DuckDBPyConnection) -> str:
    run_script(con, "search/compact.sql")
    run_script(con, "search/tier.sql")
    return "compact"


def _needs_compaction(docs: int, appended: int) -> bool:
    return appended > max(APPENDED_MIN_DOCS, APPENDED_MAX_SHARE * docs)


def _full(con: duckdb.DuckDBPyConnection) -> str:
    run_script(con, "search/source_all.sql")
    run_script(con, "search/index.sql")
    run_script(con, "search/tier.sql")
    return "full"


def update_search_index(con: duckdb.DuckDBPyConnection, now: str | None = None) -> str:
    """Index the texts the current load changed (needs ``stg_touched`` from the merge).

    Returns ``"full"`` (no index yet: every article indexed), ``"append"`` (the
    changed texts appended), ``"compact"`` (appended, then the postings rewritten
    in term order) or ``"none"`` (no text changed).
    """
    _set_now(con, now)
    has_sorted, _docs, _appended = _state(con)
    if not has_sorted:
        return _full(con)
    run_script(con, "search/source_changed.sql")
    if con.execute("SELECT count(*) FROM stg_search_src").fetchone()[0] == 0:
        return "none"
    run_script(con, "search/index.sql")
    _, docs, appended = _state(con)
    if _needs_compaction(docs, appended):
        return _compact(con)
    return "append"


def invalidate_search_index(con: duckdb.DuckDBPyConnection) -> None:
    """Mark the index out of date: the next indexed load rebuilds it in full."""
    con.execute("DELETE FROM search_index_state")


def build_search_index(con: duckdb.DuckDBPyConnection, *, full: bool = False) -> str:
    """Bring the index into shape outside a load; returns what was done.

    ``"full"``: every article re-indexed (``full=True`` or no index yet);
    ``"compact"``: the appended part outgrew its share, postings rewritten;
    ``"none"``: nothing to do (loads keep the index current themselves).
    """
    _set_now(con)
    has_sorted, docs, appended = _state(con)
    if full or not has_sorted:
        return _full(con)
    if _needs_compaction(docs, appended):
        return _compact(con)
    return "none"
