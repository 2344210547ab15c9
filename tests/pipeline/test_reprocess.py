"""`provnews reprocess` on a real raw zone and a real DuckDB warehouse, through the CLI.

A run of the farm's article pages is cleaned and loaded as a night does; then the
warehouse is made to look as an older extractor left it (another extractor_version, a
wrong body, persons missing) and reprocess brings every article to the running
extractor: the wrong fields are corrected, nothing else moves, a second run has nothing
to do, an interrupted run resumes, an unknown raw format is refused in one line, and a
held writer lock makes it wait with a message."""

from __future__ import annotations

import gzip
import json
import threading
from pathlib import Path

import duckdb
import pytest

from bench.rawgen import write_raw_run
from cleaning.version import extractor_version
from flows.cli import main
from flows.reprocess import reprocess
from warehouse.publish import standby_path, writer_lock

RUN = "20260109T013000Z"
PAGES = 12


@pytest.fixture
def night(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:
    """A cleaned and loaded run of PAGES farm articles; returns the warehouse path."""
    data = tmp_path / "data"
    monkeypatch.setenv("PROVNEWS_DATA", str(data))
    for name in ("PROVNEWS_DB", "PROVNEWS_SITES", "PROVNEWS_WAREHOUSE"):
        monkeypatch.delenv(name, raising=False)
    assert write_raw_run(data / "raw" / RUN, 1, limit=PAGES) == PAGES
    assert main(["clean", "--run-id", RUN]) == 0
    assert main(["load", "--run-id", RUN]) == 0
    capsys.readouterr()
    return data / "provnews.duckdb"


def _as_an_older_extractor_left_it(db: Path) -> tuple[str, str]:
    """Every row of another extractor, one body wrong, one article's persons missing.
    Written into the published file itself, the standby dropped (the next load copies)."""
    standby_path(db).unlink(missing_ok=True)
    with duckdb.connect(str(db)) as con:
        ids = [r[0] for r in con.execute(
            "SELECT article_id FROM articles WHERE json_array_length(persons) > 0 "
            "ORDER BY article_id LIMIT 2").fetchall()]  # fmt: skip
        wrong_body, no_persons = ids
        con.execute("UPDATE articles SET extractor_version = '0.0.1+old'")
        con.execute("UPDATE article_versions SET extractor_version = '0.0.1+old'")
        for table in ("articles", "article_versions"):
            con.execute(
                f"UPDATE {table} SET body = 'Thân bài sai.', content_hash = 'old' "
                "WHERE article_id = ?",
                [wrong_body],
            )
        con.execute("UPDATE articles SET persons = '[]' WHERE article_id = ?", [no_persons])
    return wrong_body, no_persons


def _rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_reprocess_corrects_what_an_older_extractor_got_wrong(night: Path, capsys) -> None:
    before = _rows(night, "SELECT article_id, content_hash, body FROM articles ORDER BY 1")
    wrong_body, no_persons = _as_an_older_extractor_left_it(night)

    assert main(["reprocess", "--jobs", "2", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["selected"], summary["checked"], summary["failed"]) == (PAGES, PAGES, 0)
    assert (summary["changed"], summary["unchanged"]) == (2, PAGES - 2)
    assert summary["by_field"] == {"body": 1, "persons": 1}
    assert summary["extractor_version"] == extractor_version()

    assert _rows(night, "SELECT article_id, content_hash, body FROM articles ORDER BY 1") == before
    assert _rows(night, "SELECT DISTINCT extractor_version FROM articles") == [
        (extractor_version(),)
    ]
    # the wrong version is corrected in place (same fetch), not followed by a new one
    assert _rows(
        night, "SELECT count(*), max(version), max(extractor_version) FROM article_versions "
        "WHERE article_id = ?", [wrong_body],
    ) == [(1, 1, extractor_version())]  # fmt: skip
    assert (
        _rows(night, "SELECT count(*) FROM article_persons WHERE article_id = ?", [no_persons])[0][
            0
        ]
        > 0
    )
    # the run's own rows are untouched
    assert _rows(night, "SELECT count(*) FROM fetch_log WHERE run_id = ?", [RUN]) == [(PAGES,)]
    assert _rows(night, "SELECT count(*) FROM v_key_violations") == [(0,)]

    assert main(["reprocess", "--json"]) == 0  # nothing left to do
    assert json.loads(capsys.readouterr().out)["selected"] == 0


def test_an_interrupted_reprocess_resumes_where_it_stopped(night: Path) -> None:
    _as_an_older_extractor_left_it(night)
    raw = night.parent / "raw"

    def stop_after_first_batch(done: int, total: int) -> None:
        if done:
            raise KeyboardInterrupt  # as a kill between two batches

    with pytest.raises(KeyboardInterrupt):
        reprocess(night, raw, batch_size=5, progress=stop_after_first_batch)
    left = _rows(night, "SELECT count(*) FROM articles WHERE extractor_version <> ?",
                 [extractor_version()])[0][0]  # fmt: skip
    assert left == PAGES - 5
    second = reprocess(night, raw, batch_size=5)
    assert (second.selected, second.checked, second.failed) == (PAGES - 5, PAGES - 5, 0)


def test_a_raw_file_of_an_unknown_format_is_refused_in_one_line(night: Path, capsys) -> None:
    _as_an_older_extractor_left_it(night)
    path = sorted((night.parent / "raw" / RUN).glob("*.jsonl.gz"))[0]
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        recs = [json.loads(line) for line in fh]
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps({**r, "format": 2}) + "\n" for r in recs)
    assert main(["reprocess"]) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err == f"provnews: {path}: raw format 2, this provnews reads raw format 1"


def test_reprocess_waits_for_a_load_in_progress_and_says_so(night: Path) -> None:
    _as_an_older_extractor_left_it(night)
    held, told, said = threading.Event(), threading.Event(), []

    def a_night_loading() -> None:
        with writer_lock(night):  # held until reprocess has said it waits (no timing)
            held.set()
            told.wait(timeout=300)

    def say(message: str) -> None:
        said.append(message)
        told.set()

    t = threading.Thread(target=a_night_loading)
    t.start()
    held.wait()
    summary = reprocess(night, night.parent / "raw", say=say)
    t.join()
    assert summary.checked == PAGES and summary.failed == 0
    assert said and "waiting" in said[0]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--jobs", "0"], "--jobs 0"),
        (["--site", "no-such-site"], "unknown site 'no-such-site'"),
        (["--since", "2026-02-01", "--until", "2026-01-01"], "is after --until"),
    ],
)
def test_bad_usage_is_one_line_and_exit_2(night: Path, capsys, argv, message) -> None:
    assert main(["reprocess", *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and message in err


def test_reprocess_reads_the_registry_once(
    night: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """As tests/registry/test_registry_reads.py for the other commands (issue 22 b)."""
    import cleaning.registry as registry

    _as_an_older_extractor_left_it(night)
    reads, real = [], registry.read_registry
    monkeypatch.setattr(registry, "_LOADED", {})
    monkeypatch.setattr(registry, "read_registry", lambda paths: reads.append(1) or real(paths))
    assert main(["reprocess", "--jobs", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["checked"] == PAGES
    assert len(reads) == 1


def test_the_reprocess_deployment_is_manual_and_takes_the_cli_parameters() -> None:
    import inspect

    import yaml

    from flows.reprocess_flow import reprocess_flow

    spec = yaml.safe_load((Path(__file__).parents[2] / "prefect.yaml").read_text("utf-8"))
    dep = next(d for d in spec["deployments"] if d["name"] == "reprocess")
    assert dep["entrypoint"] == "flows/reprocess_flow.py:reprocess_flow"
    assert dep["schedules"] == []
    params = inspect.signature(reprocess_flow.fn).parameters
    assert set(dep["parameters"]) == set(params) == {
        "sites", "since", "until", "jobs", "all_articles"
    }  # fmt: skip


@pytest.mark.slow
def test_the_reprocess_flow_leaves_a_summary_artifact(night: Path) -> None:
    """The flow run in a real (ephemeral) Prefect server; the artifact read back."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from flows.reprocess_flow import reprocess_flow

    _as_an_older_extractor_left_it(night)
    summary = reprocess_flow(jobs=1)
    assert (summary["checked"], summary["changed"], summary["failed"]) == (PAGES, 2, 0)

    async def artifact() -> str:
        async with get_client() as client:
            found = await client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["reprocess-summary"]))
            )
            return found[-1].data

    import asyncio

    text = asyncio.run(artifact())
    assert f"| {PAGES} | {PAGES} | 2 | {PAGES - 2} | 0 |" in text
    assert "| body | 1 |" in text


_KILLABLE = """
import sys, time
from pathlib import Path
from flows.reprocess import reprocess

def progress(done, total):
    print(done, total, flush=True)
    if done:
        time.sleep(600)  # the kill lands here: after a published batch, with work left

reprocess(Path(sys.argv[1]), Path(sys.argv[2]), batch_size=3, progress=progress)
"""


@pytest.mark.slow
def test_a_reprocess_killed_9_resumes_and_the_warehouse_stays_whole(night: Path) -> None:
    import os
    import signal
    import subprocess
    import sys

    _as_an_older_extractor_left_it(night)
    raw = night.parent / "raw"
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILLABLE, str(night), str(raw)],
        cwd=Path(__file__).parents[2], stdout=subprocess.PIPE, text=True, env=os.environ,
    )  # fmt: skip
    assert proc.stdout is not None
    for line in proc.stdout:
        if int(line.split()[0]) >= 3:  # a batch is published, the next one under way
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    left = _rows(night, "SELECT count(*) FROM articles WHERE extractor_version <> ?",
                 [extractor_version()])[0][0]  # fmt: skip
    assert left == PAGES - 3
    second = reprocess(night, raw)
    assert (second.selected, second.checked, second.failed) == (left, left, 0)
    assert _rows(night, "SELECT DISTINCT extractor_version FROM articles") == [
        (extractor_version(),)
    ]
    assert _rows(night, "SELECT count(*) FROM v_key_violations") == [(0,)]


def test_a_nights_load_waits_for_a_reprocess_batch_and_says_so(
    night: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The other side of the lock: a load that finds it held logs why it waits."""
    import logging

    held, told = threading.Event(), threading.Event()

    class Told(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            told.set()

    def a_reprocess_batch() -> None:
        with writer_lock(night):  # held until the load has said it waits (no timing)
            held.set()
            told.wait(timeout=300)

    logger = logging.getLogger("provnews.warehouse")
    logger.addHandler(handler := Told(logging.WARNING))
    try:
        t = threading.Thread(target=a_reprocess_batch)
        t.start()
        held.wait()
        with caplog.at_level("WARNING", logger="provnews.warehouse"):
            assert main(["load", "--run-id", RUN]) == 0
        t.join()
    finally:
        logger.removeHandler(handler)
    assert told.is_set()
    assert any("waiting up to" in r.getMessage() for r in caplog.records)
