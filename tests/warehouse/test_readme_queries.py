"""The README's analyst queries run as written on a built warehouse, read-only and with
no extension loaded or autoloaded (as in a duckdb CLI that has no fts build of its own)."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from tests.warehouse.test_wh_cookbook import demo_db  # noqa: F401 - the fixture

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_statements() -> list[str]:
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```sql\n(.*?)```", text, flags=re.S)
    out = []
    for block in blocks:
        sql = "\n".join(line for line in block.splitlines() if not line.lstrip().startswith("--"))
        out += [s.strip() for s in sql.split(";") if s.strip()]
    return out


def test_readme_has_the_analyst_queries() -> None:
    stmts = readme_statements()
    assert any("search_articles(" in s for s in stmts)
    assert any("FROM v_articles" in s for s in stmts)
    assert "LOAD fts" not in README.read_text(encoding="utf-8")


def test_every_readme_query_runs_without_extensions(demo_db: Path) -> None:  # noqa: F811
    config = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    with duckdb.connect(str(demo_db), read_only=True, config=config) as con:
        for stmt in readme_statements():
            rows = con.execute(stmt).fetchall()
            assert rows, f"README query answered nothing: {stmt}"
        loaded = con.execute(
            "SELECT extension_name FROM duckdb_extensions() WHERE loaded AND extension_name = 'fts'"
        ).fetchall()
        assert loaded == []
