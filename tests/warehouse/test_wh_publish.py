"""Publishing: atomic replace, crash safety, stale builds, readers never blocked."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import duckdb
import pytest

import warehouse.publish as publish
from warehouse.publish import building_path


def count(db) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]


def test_failure_before_replace_leaves_published_file_untouched(load, wh, db_path, monkeypatch):
    load(wh.R1, [wh.article(1)])
    original = db_path.read_bytes()

    def boom(src, dst):
        raise OSError("disk on fire")

    monkeypatch.setattr(publish.os, "replace", boom)
    with pytest.raises(OSError, match="disk on fire"):
        load(wh.R2, [wh.article(1, wh.R2), wh.article(2, wh.R2)])
    assert db_path.read_bytes() == original
    assert not building_path(db_path).exists()
    monkeypatch.undo()
    assert load(wh.R2, [wh.article(1, wh.R2), wh.article(2, wh.R2)]).totals["new"] == 1


def test_bad_jsonl_line_fails_and_publishes_nothing(load, wh, db_path, tmp_path):
    from warehouse.loader import load_run

    load(wh.R1, [wh.article(1)])
    original = db_path.read_bytes()
    clean = wh.write_clean(tmp_path, wh.R2, [wh.article(2, wh.R2)], [])
    with (clean / "articles.jsonl").open("a") as fh:
        fh.write('{"article_id": "broken", "title": \n')
    with pytest.raises(duckdb.Error):
        load_run(db_path, clean, wh.run_meta(wh.R2), wh.SITES)
    assert db_path.read_bytes() == original
    assert not building_path(db_path).exists()


def test_first_load_failure_leaves_no_file(wh, db_path, tmp_path):
    from warehouse.loader import load_run

    clean = wh.write_clean(tmp_path, wh.R1, [], [])
    (clean / "fetch_log.jsonl").write_text("not json\n")
    with pytest.raises(duckdb.Error):
        load_run(db_path, clean, wh.run_meta(wh.R1), wh.SITES)
    assert not db_path.exists()
    assert not building_path(db_path).exists()


def test_stale_building_file_is_discarded(load, wh, db_path):
    load(wh.R1, [wh.article(1)])
    stale = building_path(db_path)
    stale.write_bytes(b"half-written garbage from a killed run")
    stale.with_name(stale.name + ".wal").write_bytes(b"junk")
    assert load(wh.R2, [wh.article(2, wh.R2)]).totals["new"] == 1
    assert count(db_path) == 2
    assert not stale.exists()
    assert not stale.with_name(stale.name + ".wal").exists()


READER = textwrap.dedent(
    """
    import sys, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    q = "SELECT count(*), count(DISTINCT last_run_id) FROM articles"
    print("ready", *con.execute(q).fetchone(), flush=True)
    sys.stdin.readline()          # wait while the writer publishes
    print("again", *con.execute(q).fetchone(), flush=True)
    # DuckDB caches database instances per path inside a process: a connect() while
    # `con` is open would share the old instance. Close it, then connect anew.
    con.close()
    fresh = duckdb.connect(sys.argv[1], read_only=True)
    print("fresh", *fresh.execute(q).fetchone(), flush=True)
    """
)


def test_open_reader_is_not_blocked_and_sees_old_state(load, wh, db_path):
    load(wh.R1, [wh.article(i) for i in range(1, 4)])
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().split() == ["ready", "3", "1"]
        # the load must finish while the reader holds the old file open
        res = load(wh.R2, [wh.article(i, wh.R2) for i in range(1, 6)])
        assert res.totals["new"] == 2
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline().split() == ["again", "3", "1"]
        assert reader.stdout.readline().split() == ["fresh", "5", "1"]
        assert reader.wait(timeout=30) == 0, reader.stderr.read()
    finally:
        if reader.poll() is None:
            reader.kill()
    assert count(db_path) == 5


def test_writer_lock_times_out(db_path):
    with publish.writer_lock(db_path):
        # flock is per open file description: a second open in this process conflicts
        with pytest.raises(publish.WarehouseBusy):
            with publish.writer_lock(db_path, timeout_s=0.3):
                pass
    with publish.writer_lock(db_path, timeout_s=0.3):
        pass


def test_standby_is_replayed_and_starts_the_next_build(load, wh, db_path):
    standby = publish.standby_path(db_path)
    first = load(wh.R1, [wh.article(1), wh.article(2)])
    assert first.start_method == "none" and not standby.exists()
    second = load(wh.R2, [wh.article(1, wh.R2, body="Sửa lại."), wh.article(3, wh.R2)])
    assert second.start_method == "copy" and second.standby == "replayed"
    # the standby holds exactly the published rows, load_log included
    assert wh.dump_all(standby) == wh.dump_all(db_path)
    third = load("20250703T013000Z", [wh.article(4, "20250703T013000Z")])
    assert third.start_method == "standby" and third.standby == "replayed"
    assert wh.dump_all(standby) == wh.dump_all(db_path)
    assert count(db_path) == 4


def test_standby_is_not_trusted_after_the_published_file_changed(load, wh, db_path):
    load(wh.R1, [wh.article(1)])
    load(wh.R2, [wh.article(2, wh.R2)])
    saved = db_path.read_bytes()
    load("20250703T013000Z", [wh.article(3, "20250703T013000Z")])
    db_path.write_bytes(saved)  # restored from a backup: the standby is ahead of it
    res = load("20250704T013000Z", [wh.article(4, "20250704T013000Z")])
    assert res.start_method == "copy"
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = con.execute("SELECT DISTINCT first_run_id FROM articles").fetchall()
    runs = sorted(r[0] for r in rows)
    assert runs == [wh.R1, wh.R2, "20250704T013000Z"]


def test_reader_holding_the_old_file_drops_the_standby(load, wh, db_path, monkeypatch):
    monkeypatch.setenv("PROVNEWS_STANDBY_WAIT_S", "0.3")
    load(wh.R1, [wh.article(1)])
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(db_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert reader.stdout.readline().split()[0] == "ready"
        res = load(wh.R2, [wh.article(2, wh.R2)])
        assert res.standby == "busy" and not publish.standby_path(db_path).exists()
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline().split() == ["again", "1", "1"]
    finally:
        reader.kill()
        reader.wait()
    assert load("20250703T013000Z", [wh.article(3, "20250703T013000Z")]).start_method == "copy"
    assert count(db_path) == 3


def test_failed_replay_keeps_the_load_and_drops_the_standby(db_path):
    with publish.build_and_publish(db_path) as build:
        duckdb.connect(str(build.path)).execute("CREATE TABLE t AS SELECT 1 AS x").close()

    def bad_replay(path):
        raise RuntimeError("replay broke")

    with publish.build_and_publish(db_path, replay=bad_replay) as build:
        with duckdb.connect(str(build.path)) as con:
            con.execute("INSERT INTO t VALUES (2)")
    assert build.standby.startswith("failed: RuntimeError: replay broke")
    assert not publish.standby_path(db_path).exists()
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM t").fetchone()[0] == 2
