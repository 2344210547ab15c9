"""Crash safety and readers: SIGKILL the loader anywhere; a reader process loops during loads."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from warehouse import publish, query
from warehouse.loader import load_run

ROOT = Path(__file__).resolve().parents[2]

LOADER = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from warehouse.loader import load_run
    db, clean, meta, sites = sys.argv[1:5]
    print("started", flush=True)
    load_run(Path(db), Path(clean), json.loads(meta), json.loads(sites))
    print("done", flush=True)
    """
)

# One snapshot is consistent when its last load_log row counted exactly the rows the
# file holds, and every article's current version exists with its content hash.
CONSISTENT = """
SELECT
    (SELECT count(*) FROM articles),
    (SELECT table_rows['articles'] FROM load_log ORDER BY loaded_at DESC LIMIT 1),
    (SELECT table_rows['fetch_log'] FROM load_log ORDER BY loaded_at DESC LIMIT 1)
        = (SELECT count(*) FROM fetch_log),
    (SELECT count(*) FROM articles a ANTI JOIN article_versions v
        ON v.article_id = a.article_id AND v.version = a.version
       AND v.content_hash = a.content_hash)
"""


def check_consistent(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        n, logged, fetch_ok, orphans = con.execute(CONSISTENT).fetchone()
    assert n == logged and fetch_ok and orphans == 0
    return n


def _night(wh, tmp_path: Path, run_id: str, n: int, offset: int = 0) -> Path:
    arts = [
        wh.article(i, run_id, body=f"Bài {i} {run_id}. " * 40) for i in range(offset, offset + n)
    ]
    return wh.write_clean(tmp_path, run_id, arts, wh.fetch_rows(arts, run_id))


def _spawn_loader(db: Path, clean: Path, meta: dict, sites: list[dict]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", LOADER, str(db), str(clean), json.dumps(meta), json.dumps(sites)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.mark.slow  # end to end, 8-13 s: keeps the default suite under 5 min on 2 busy cores
def test_loader_killed_at_random_points_leaves_the_published_file_intact(wh, tmp_path, db_path):
    rnd = random.Random(6)
    load_run(db_path, _night(wh, tmp_path, wh.R1, 300), wh.run_meta(wh.R1), wh.SITES)
    before = query.articles_fingerprint(db_path)
    saved = tmp_path / "r1.duckdb"
    shutil.copyfile(db_path, saved)
    clean2 = _night(wh, tmp_path, wh.R2, 1500, offset=200)
    # how long a full load takes here, to spread the kills over it
    probe = tmp_path / "probe.duckdb"
    load_run(probe, _night(wh, tmp_path, wh.R1, 300), wh.run_meta(wh.R1), wh.SITES)
    t0 = time.perf_counter()
    load_run(probe, clean2, wh.run_meta(wh.R2), wh.SITES)
    full = time.perf_counter() - t0
    kills = 0
    for _ in range(int(os.environ.get("PN_CRASH_KILLS", "5"))):
        p = _spawn_loader(db_path, clean2, wh.run_meta(wh.R2), wh.SITES)
        assert p.stdout.readline().strip() == "started"
        time.sleep(rnd.uniform(0, full * 0.9))
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            kills += 1
        p.wait(timeout=60)
        # the published file opens and is one whole state: the old one or the new one
        check_consistent(db_path)
        assert query.articles_fingerprint(db_path) in (before, query.articles_fingerprint(probe))
        if query.articles_fingerprint(db_path) != before:
            shutil.copyfile(saved, db_path)  # it finished first: start from R1 again
    assert kills >= 1
    # the next run completes the work
    load_run(db_path, clean2, wh.run_meta(wh.R2), wh.SITES)
    assert check_consistent(db_path) == 1700
    assert query.articles_fingerprint(db_path) == query.articles_fingerprint(probe)
    assert not db_path.with_name(db_path.name + ".building").exists()
    # a standby left by any of the kills is either untrusted or exactly the published rows
    if publish._standby_ready(db_path):
        assert wh.dump_all(publish.standby_path(db_path)) == wh.dump_all(db_path)
    res = load_run(db_path, clean2, wh.run_meta(wh.R2), wh.SITES)
    assert res.standby == "replayed"
    assert wh.dump_all(publish.standby_path(db_path)) == wh.dump_all(db_path)


READER_LOOP = (
    textwrap.dedent(
        """
    import sys, time, duckdb
    db, stop = sys.argv[1], sys.argv[2]
    q = '''%s'''
    seen, worst, n = set(), 0.0, 0
    import os
    while not os.path.exists(stop):
        t = time.perf_counter()
        con = duckdb.connect(db, read_only=True)
        a, logged, fetch_ok, orphans = con.execute(q).fetchone()
        con.close()
        worst = max(worst, time.perf_counter() - t)
        if a != logged or not fetch_ok or orphans:
            print("INCONSISTENT", a, logged, fetch_ok, orphans, flush=True)
            sys.exit(1)
        seen.add(a)
        n += 1
    print("ok", n, round(worst, 3), *sorted(seen), flush=True)
    """
    )
    % CONSISTENT
)


def test_reader_process_during_loads_never_blocks_nor_sees_a_partial_run(wh, tmp_path, db_path):
    load_run(db_path, _night(wh, tmp_path, wh.R1, 50), wh.run_meta(wh.R1), wh.SITES)
    stop = tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER_LOOP, str(db_path), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for k, run_id in enumerate(["20250703T013000Z", "20250704T013000Z", "20250705T013000Z"]):
            clean = _night(wh, tmp_path, run_id, 200, offset=50 * (k + 1))
            load_run(db_path, clean, wh.run_meta(run_id), wh.SITES, lock_timeout_s=30)
        time.sleep(0.3)
        stop.touch()
        out, err = reader.communicate(timeout=60)
    finally:
        if reader.poll() is None:
            reader.kill()
    assert reader.returncode == 0, out + err
    fields = out.split()
    assert fields[0] == "ok" and int(fields[1]) > 3
    assert float(fields[2]) < 5.0  # a reader opening the file is never held up by the writer
    assert set(map(int, fields[3:])) <= {50, 200, 250, 300, 350}
    assert check_consistent(db_path) == 350


@pytest.mark.parametrize("n", [0])
def test_first_load_killed_leaves_no_published_file(wh, tmp_path, db_path, n):
    clean = _night(wh, tmp_path, wh.R1, 800)
    p = _spawn_loader(db_path, clean, wh.run_meta(wh.R1), wh.SITES)
    assert p.stdout.readline().strip() == "started"
    time.sleep(0.3)
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=30)
    assert not db_path.exists() or check_consistent(db_path) == 800
    load_run(db_path, clean, wh.run_meta(wh.R1), wh.SITES)
    assert check_consistent(db_path) == 800
