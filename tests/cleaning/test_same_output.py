"""bench/same_output.py: the comparison that tells a same-output speed change from one that
is not (the dump itself runs every page; it is exercised by hand before and after)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.same_output import compare

ROOT = Path(__file__).resolve().parents[2]


def test_compare_names_each_changed_key_and_missing_page() -> None:
    old = {"a": {"title": "X", "body": "b"}, "gone": {"title": "G"}}
    new = {"a": {"title": "X", "body": "c", "views": 3}, "added": {}}
    lines = compare(old, new)
    assert lines[0] == "gone: only in the old dump"
    assert lines[1] == "added: only in the new dump"
    assert lines[2].startswith('a [body]\n  old "b"\n  new "c"')
    assert lines[3].startswith("a [views]\n  old null\n  new 3")
    assert len(lines) == 4
    assert compare(old, old) == []


def _run(*args: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, str(ROOT / "bench" / "same_output.py"), *args]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_compare_exit_codes(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps({"p": {"title": "X"}}), encoding="utf-8")
    b.write_text(json.dumps({"p": {"title": "Y"}}), encoding="utf-8")
    same = _run("compare", str(a), str(a))
    assert (same.returncode, same.stdout.strip()) == (0, "same output on every page")
    differ = _run("compare", str(a), str(b))
    assert differ.returncode == 1 and "p [title]" in differ.stdout
    missing = _run("compare", str(a), str(tmp_path / "none.json"))
    assert missing.returncode == 2 and "no dump at" in missing.stderr
