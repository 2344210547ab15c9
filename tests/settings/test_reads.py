"""Settings are read in one place and only when code runs: no module outside
provnews/settings.py reads a PROVNEWS_* variable from the environment, and importing
any module of the product works whatever those variables hold."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

from provnews.settings import names

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("families", "provnews", "cleaning", "warehouse", "spiders", "flows")
# Where settings could be read besides the product. tests/ is left out: tests set
# variables for the processes they start and read their own knobs.
SCANNED = (*PRODUCT, "sitefarm", "bench")
HOME = ROOT / "provnews" / "settings.py"


def _is_environ(node: ast.AST) -> bool:
    """``os.environ`` or a bare ``environ``."""
    if isinstance(node, ast.Attribute):
        return node.attr == "environ"
    return isinstance(node, ast.Name) and node.id == "environ"


def _name(node: ast.AST, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    if isinstance(node, ast.JoinedStr) and node.values:  # f"PROVNEWS_{x}"
        return _name(node.values[0], constants)
    return None


def environment_reads(source: str) -> list[tuple[int, str]]:
    """(line, variable) of every read of a PROVNEWS_* variable from the environment:
    ``os.environ.get``/``[...]``/``in os.environ``, ``os.getenv``, also through a
    module constant holding the name. Writes (``os.environ[...] = …``, ``setdefault``,
    ``pop``) are not reads."""
    tree = ast.parse(source)
    constants = {
        t.id: n.value.value
        for n in tree.body
        if isinstance(n, ast.Assign)
        and isinstance(n.value, ast.Constant)
        and isinstance(n.value.value, str)
        for t in n.targets
        if isinstance(t, ast.Name)
    }
    reads: list[tuple[int, ast.AST]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            getter = isinstance(f, ast.Attribute) and f.attr == "get" and _is_environ(f.value)
            getenv = (isinstance(f, ast.Attribute) and f.attr == "getenv") or (
                isinstance(f, ast.Name) and f.id == "getenv"
            )
            if (getter or getenv) and node.args:
                reads.append((node.lineno, node.args[0]))
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
            if _is_environ(node.value):
                reads.append((node.lineno, node.slice))
        elif isinstance(node, ast.Compare) and any(_is_environ(c) for c in node.comparators):
            reads.append((node.lineno, node.left))
    found = [(line, _name(arg, constants)) for line, arg in reads]
    return [(line, n) for line, n in found if n and n.startswith("PROVNEWS_")]


def test_the_scan_finds_every_kind_of_read() -> None:
    code = (
        "import os\nfrom os import environ, getenv\nENV = 'PROVNEWS_B'\n"
        "a = os.environ.get('PROVNEWS_A', '1')\nb = os.environ[ENV]\nc = os.getenv('PROVNEWS_C')\n"
        "d = 'PROVNEWS_D' in os.environ\ne = environ.get(f'PROVNEWS_{a}')\nf = getenv('HOME')\n"
        "os.environ['PROVNEWS_W'] = '1'\nos.environ.setdefault('PROVNEWS_W', '0')\n"
    )
    assert environment_reads(code) == [
        (4, "PROVNEWS_A"),
        (5, "PROVNEWS_B"),
        (6, "PROVNEWS_C"),
        (7, "PROVNEWS_D"),
        (8, "PROVNEWS_"),
    ]


def test_only_the_settings_module_reads_provnews_variables() -> None:
    wrong = []
    for package in SCANNED:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path == HOME:
                continue
            for line, name in environment_reads(path.read_text(encoding="utf-8")):
                wrong.append(f"{path.relative_to(ROOT)}:{line} reads {name}")
    assert not wrong, "read provnews.settings.settings() instead:\n" + "\n".join(wrong)


def test_importing_the_product_reads_no_setting() -> None:
    # Every setting holds a value its parser refuses: a module reading one at import
    # time fails to import.
    env = {**os.environ, **{n: "not-a-value" for n in names()}}
    code = (
        "import importlib, json, pkgutil\nbad = []\n"
        f"for pkg in {list(PRODUCT)!r}:\n"
        "    mod = importlib.import_module(pkg)\n"
        "    for m in pkgutil.walk_packages(mod.__path__, pkg + '.'):\n"
        "        if m.name.endswith('__main__'):\n"
        "            continue\n"
        "        try:\n"
        "            importlib.import_module(m.name)\n"
        "        except Exception as e:\n"
        "            bad.append(f'{m.name}: {e}')\n"
        "print(json.dumps(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_scrapy_project_settings_hold_no_provnews_value() -> None:
    # They are set when the crawl starts (spiders/command.py RunSettings).
    import spiders.settings

    assert not [n for n in vars(spiders.settings) if n.startswith("PROVNEWS_")]
    assert "DOWNLOAD_HANDLERS" not in vars(spiders.settings)


def test_the_nightly_thread_pool_is_sized_when_a_run_starts(monkeypatch) -> None:
    from flows.nightly import nightly

    for value in ("3", "5"):  # the module is imported once; each run reads the setting
        monkeypatch.setenv("PROVNEWS_MAX_PARALLEL", value)
        with nightly.task_runner.duplicate() as runner:  # what the flow engine does
            assert runner._executor._max_workers == int(value)
