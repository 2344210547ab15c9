"""The ops views and alert macros on a synthetic warehouse (fast: no crawl, no Prefect)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from flows.health import night_status
from flows.report import alerts_markdown, summary_markdown
from warehouse import health
from warehouse.sqlfiles import apply_schema


def _night(con: duckdb.DuckDBPyConnection, n: int, site: str, new: int, pages: int, errors: int,
           extraction_fails: int = 0, exit_code: int = 0) -> None:  # fmt: skip
    run = f"2026010{n}T000000Z"
    con.execute(
        "INSERT OR REPLACE INTO crawl_runs (run_id, status, sites, counts) VALUES (?, 'completed',"
        " [], {'pages': 0, 'articles': 0, 'new': 0, 'updated': 0, 'unchanged': 0,"
        " 'skipped': 0, 'errors': 0})",
        [run],
    )
    con.execute(
        "INSERT INTO crawl_run_sites VALUES (?, ?, ?, ?, 0, 0, 0, ?, ?, 1.0)",
        [run, site, pages, new, errors, exit_code],
    )
    for i in range(pages):
        fails = i < extraction_fails
        con.execute(
            "INSERT INTO fetch_log (run_id, site_id, url, status, page_type, outcome, reason)"
            " VALUES (?, ?, ?, 200, 'article', ?, ?)",
            [run, site, f"https://{site}/a{i}", "skipped" if fails else "article",
             "extraction: no body" if fails else None],
        )  # fmt: skip


def _db(tmp_path: Path) -> Path:
    db = tmp_path / "w.duckdb"
    with duckdb.connect(str(db)) as con:
        apply_schema(con)
        for n in range(1, 8):
            late = n >= 5
            # steady: publishes every night. quiet: stops publishing from night 5.
            _night(con, n, "steady", new=4, pages=10, errors=0)
            _night(con, n, "quiet", new=0 if late else 3, pages=10, errors=0)
            # drift: the template changes on night 7; burst: errors on night 7.
            _night(con, n, "drift", new=2, pages=10, errors=0, extraction_fails=8 if n == 7 else 0)
            _night(con, n, "burst", new=2, pages=10, errors=9 if n == 7 else 0)
    return db


def test_alerts_by_kind(tmp_path: Path) -> None:
    db = _db(tmp_path)
    assert health.ensure_ops_views(db) is True
    assert health.ensure_ops_views(db) is False  # current: nothing to write
    alerts = health.site_alerts(db, "20260107T000000Z")
    got = {(a["site_id"], a["kind"]) for a in alerts}
    assert got == {("quiet", "yield_drop"), ("drift", "template_drift"), ("burst", "error_burst")}
    # Night 6: quiet has been quiet for 2 nights only.
    assert not health.site_alerts(db, "20260106T000000Z")
    lower = health.AlertThresholds(quiet_nights=2)
    assert ("quiet", "yield_drop") in {
        (a["site_id"], a["kind"]) for a in health.site_alerts(db, "20260106T000000Z", lower)
    }
    rows = {r["site_id"]: r for r in health.site_health(db, "20260107T000000Z")}
    assert rows["steady"]["median_yield"] == 4 and rows["steady"]["previous_runs"] == 6
    assert rows["drift"]["extraction_failures"] == 8
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM v_site_alerts_latest").fetchone()[0] == 3


def test_night_status_and_reports() -> None:
    assert night_status(10, ["a"], 0.5) == "completed"
    assert night_status(10, list("abcdef"), 0.5) == "failed"
    assert night_status(0, [], 0.5) == "completed"
    summary = {
        "run_id": "r1", "db_path": "/d/provnews.duckdb", "db_url": "file:///d/provnews.duckdb",
        "status": "completed", "failed_sites": ["b"],
        "alerts": [{"site_id": "a", "kind": "yield_drop", "detail": "no new article for 3 runs"}],
        "sites": {"a": {"pages": 5, "new": 0}, "b": {"pages": 0}},
    }  # fmt: skip
    h = {"a": {"yield": 0, "median_yield": 6.0, "extraction_failures": 1, "date_missing": 0,
               "extraction_failure_rate": 0.2}}  # fmt: skip
    md = summary_markdown(summary, h, fail_ratio=0.5, n_sites=2)
    assert "1 site(s) failed to crawl" in md and "❌ b" in md
    assert "⚠ 0 vs usual 6" in md and "yield_drop" in md
    assert "(file:///d/provnews.duckdb)" in md
    am = alerts_markdown("r1", summary["alerts"], ["b"])
    assert "**yield_drop**" in am and "Crawl failed (no warehouse row): b" in am
    assert "No alert" in alerts_markdown("r1", [], [])
