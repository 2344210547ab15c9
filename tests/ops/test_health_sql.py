"""The ops views and alert macros on a synthetic warehouse (fast: no crawl, no Prefect)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from flows.health import night_status
from flows.report import alerts_markdown, health_table, summary_markdown
from spiders.command import TIMEOUT_EXIT, exit_reason
from warehouse import health
from warehouse.sqlfiles import apply_schema

OK_LISTING = (200, "listing", None)
REFUSED = (None, "error", "ConnectionRefusedError: Connection was refused by other side")


def _run(n: int) -> str:
    return f"202601{n:02d}T000000Z"


Discovery = tuple[tuple[int | None, str, str | None], ...]


def _night(con: duckdb.DuckDBPyConnection, n: int, site: str, new: int, pages: int, errors: int,
           extraction_fails: int = 0, exit_code: int = 0,
           discovery: Discovery = (OK_LISTING,)) -> None:  # fmt: skip
    run = _run(n)
    con.execute(
        "INSERT OR REPLACE INTO crawl_runs (run_id, status, sites, counts) VALUES (?, 'completed',"
        " [], {'pages': 0, 'articles': 0, 'new': 0, 'updated': 0, 'unchanged': 0,"
        " 'skipped': 0, 'errors': 0})",
        [run],
    )
    con.execute(
        "INSERT INTO crawl_run_sites VALUES (?, ?, ?, ?, 0, 0, 0, ?, ?, 1.0)",
        [run, site, pages + len(discovery), new, errors, exit_code],
    )
    for i, (status, outcome, reason) in enumerate(discovery):
        con.execute(
            "INSERT INTO fetch_log (run_id, site_id, url, status, page_type, outcome, reason)"
            " VALUES (?, ?, ?, ?, 'feed', ?, ?)",
            [run, site, f"https://{site}/feed{i}", status, outcome, reason],
        )
    for i in range(pages):
        fails = i < extraction_fails
        con.execute(
            "INSERT INTO fetch_log (run_id, site_id, url, status, page_type, outcome, reason)"
            " VALUES (?, ?, ?, 200, 'article', ?, ?)",
            [run, site, f"https://{site}/a{i}", "skipped" if fails else "article",
             "extraction: no body" if fails else None],
        )  # fmt: skip


LAST = 12


def _db(tmp_path: Path) -> Path:
    db = tmp_path / "w.duckdb"
    with duckdb.connect(str(db)) as con:
        apply_schema(con)
        for n in range(1, LAST + 1):
            last = n == LAST
            # steady: publishes every night. quiet: stops publishing from night 10, after
            # eight ordinary nights (its baseline). backlog: its first night brought 40
            # old articles, nothing new since: no baseline, so never a yield drop.
            _night(con, n, "steady", new=4, pages=10, errors=0)
            _night(con, n, "quiet", new=0 if n >= 10 else 3, pages=10, errors=0)
            _night(con, n, "backlog", new=40 if n == 1 else 0, pages=10, errors=0)
            # drift: the template changes on the last night; burst: errors that night.
            _night(con, n, "drift", new=2, pages=10, errors=0, extraction_fails=8 if last else 0)
            _night(con, n, "burst", new=2, pages=10, errors=9 if last else 0)
            # down: its two feeds refuse connections on the last night (the crawl exits 0
            # with two error records); half: one of two feeds fails, which is not down.
            refused: Discovery = (REFUSED, REFUSED)
            _night(con, n, "down", new=0 if last else 2, pages=0 if last else 10,
                   errors=2 if last else 0,
                   discovery=refused if last else (OK_LISTING,))  # fmt: skip
            _night(con, n, "half", new=2, pages=10, errors=1 if last else 0,
                   discovery=(REFUSED, OK_LISTING) if last else (OK_LISTING,))  # fmt: skip
    return db


def test_alerts_by_kind(tmp_path: Path) -> None:
    db = _db(tmp_path)
    assert health.ensure_ops_views(db) is True
    assert health.ensure_ops_views(db) is False  # current: nothing to write
    alerts = health.site_alerts(db, _run(LAST))
    got = {(a["site_id"], a["kind"]) for a in alerts}
    assert got == {
        ("quiet", "yield_drop"), ("drift", "template_drift"), ("burst", "error_burst"),
        ("down", "site_down"),
    }  # fmt: skip
    down = next(a for a in alerts if a["kind"] == "site_down")
    assert "all 2 discovery URLs" in down["detail"] and "ConnectionRefusedError" in down["detail"]
    # Night 11: quiet has been quiet for 2 nights only.
    assert not health.site_alerts(db, _run(11))
    lower = health.AlertThresholds(quiet_nights=2)
    assert ("quiet", "yield_drop") in {
        (a["site_id"], a["kind"]) for a in health.site_alerts(db, _run(11), lower)
    }
    # The baseline: with 8 ordinary nights before its quiet ones, quiet alerts; asking
    # for 9 it does not. backlog never does (its only non-zero night is its first).
    stricter = health.AlertThresholds(baseline_nights=9)
    assert ("quiet", "yield_drop") not in {
        (a["site_id"], a["kind"]) for a in health.site_alerts(db, _run(LAST), stricter)
    }
    anyone = health.AlertThresholds(baseline_nights=0)
    for n in range(4, LAST + 1):
        assert "backlog" not in {a["site_id"] for a in health.site_alerts(db, _run(n), anyone)}
    rows = {r["site_id"]: r for r in health.site_health(db, _run(LAST))}
    assert rows["steady"]["median_yield"] == 4 and rows["steady"]["previous_runs"] == LAST - 1
    assert rows["steady"]["baseline_runs"] == LAST - 2  # the first run is not part of it
    assert rows["backlog"]["median_yield"] == 0
    assert rows["drift"]["extraction_failures"] == 8
    assert rows["down"]["site_down"] and not rows["half"]["site_down"]
    assert (rows["down"]["discovery_urls"], rows["down"]["discovery_failed"]) == (2, 2)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM v_site_alerts_latest").fetchone()[0] == 4


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
    assert "1 site(s) failed" in md and "❌ b" in md and "a 🔔" in md
    assert "⚠ 0 / 6" in md and "- 🔔 **a** yield_drop: no new article" in md
    assert "(file:///d/provnews.duckdb)" in md
    am = alerts_markdown("r1", summary["alerts"], ["b"])
    assert "**yield_drop**" in am and "Crawl failed (no warehouse row): b" in am
    assert "No alert" in alerts_markdown("r1", [], [])


def test_a_down_site_is_failed_in_every_report() -> None:
    summary = {
        "run_id": "r1", "db_path": "/d/provnews.duckdb", "status": "completed",
        "failed_sites": ["b"],
        "alerts": [{"site_id": "c", "kind": "site_down",
                    "detail": "all 1 discovery URLs (listings, feeds, sitemaps) failed: "
                              "ConnectionRefusedError: Connection was refused by other side"}],
        "sites": {"a": {"pages": 5}, "b": {"pages": 0}, "c": {"pages": 1, "errors": 1}},
    }  # fmt: skip
    h = {s: {"yield": 0, "median_yield": None, "extraction_failures": 0, "date_missing": 0}
         for s in "abc"}  # fmt: skip
    md = summary_markdown(summary, h, fail_ratio=0.5, n_sites=3)
    assert "2 site(s) failed** (b, c)" in md and "❌ c 🔔" in md
    table_lines = [line for line in md.splitlines() if line.startswith("|")]
    # The alert's text is a list item under the table, never a cell that can be cut off.
    assert not any("ConnectionRefusedError" in line for line in table_lines)
    assert "- 🔔 **c** site_down: all 1 discovery URLs" in md
    assert {r["site"]: r["crawl"] for r in health_table(summary, h)} == {
        "a": "ok", "b": "failed", "c": "failed",
    }  # fmt: skip
    assert "**site_down**" in alerts_markdown("r1", summary["alerts"], ["b"])


def test_crawl_failed_says_why(tmp_path: Path) -> None:
    """A timed-out crawl, one the kernel or an operator killed, and one Scrapy failed are
    told apart, in the words the run's log uses (spiders/command.exit_reason)."""
    db = tmp_path / "w.duckdb"
    codes = {"slow": TIMEOUT_EXIT, "oom": -9, "term": -15, "broken": 1}
    with duckdb.connect(str(db)) as con:
        apply_schema(con)
        for site, code in codes.items():
            _night(con, 1, site, new=0, pages=1, errors=0, exit_code=code)
        _night(con, 1, "fine", new=1, pages=1, errors=0)
    health.ensure_ops_views(db)
    alerts = {a["site_id"]: a for a in health.site_alerts(db, _run(1))}
    assert set(alerts) == set(codes)
    for site, code in codes.items():
        assert alerts[site]["kind"] == "crawl_failed"
        assert alerts[site]["detail"] == f"crawl {exit_reason(code)}"
    assert "out of memory" in alerts["oom"]["detail"]
    assert "timed out" in alerts["slow"]["detail"] and "memory" not in alerts["slow"]["detail"]
