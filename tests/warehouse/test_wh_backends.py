"""Both warehouse backends are a ``WarehouseBackend``, and one function chooses between them."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from tests.warehouse.conftest import Helpers
from warehouse.backends import (
    BackendConfigError,
    DuckDBFile,
    DuckLake,
    WarehouseBackend,
    as_backend,
    configured,
)

LAKE = "ducklake:postgresql://provnews@127.0.0.1:5432/provnews"


def _members() -> dict[str, object]:
    """The Protocol's own members, by name (methods and properties)."""
    return {
        n: v for n, v in vars(WarehouseBackend).items() if not n.startswith("_") and callable(v)
    } | {n: v for n, v in vars(WarehouseBackend).items() if isinstance(v, property)}


def _params(fn: object) -> list[tuple[str, object, object]]:
    return [(p.name, p.kind, p.default) for p in inspect.signature(fn).parameters.values()]


@pytest.mark.parametrize("backend", [DuckDBFile(Path("x.duckdb")), DuckLake(LAKE)], ids=str)
def test_backend_satisfies_the_protocol(backend: object) -> None:
    assert isinstance(backend, WarehouseBackend)
    members = _members()
    assert {"name", "location", "exists", "load", "reader", "prepare_reads"} <= set(members)
    for name, want in members.items():
        have = inspect.getattr_static(type(backend), name)
        if isinstance(want, property):
            assert isinstance(have, property), name
            continue
        # same parameters (names, kinds, defaults): callers may pass any of them by name
        assert _params(have) == _params(want), name
    assert backend.name in ("duckdb", "ducklake")  # type: ignore[attr-defined]


def test_an_object_without_reads_is_not_a_backend() -> None:
    class LoadOnly:
        name = "x"
        location = "x"

        def exists(self) -> bool:
            return True

        def load(self, clean_dir: Path, run: dict, sites: list, *, fts: bool = True) -> None:
            return None

    assert not isinstance(LoadOnly(), WarehouseBackend)


def test_configured_is_the_file_unless_a_lake_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "provnews.duckdb"
    for value in ("", "duckdb"):
        monkeypatch.setenv("PROVNEWS_WAREHOUSE", value)
        assert configured(db) == DuckDBFile(db)
    monkeypatch.setenv("PROVNEWS_WAREHOUSE", LAKE)
    assert configured(db) == DuckLake(LAKE)
    for bad in ("sqlite:/tmp/x.db", "ducklake:", "duckdb:/elsewhere.duckdb"):
        monkeypatch.setenv("PROVNEWS_WAREHOUSE", bad)
        with pytest.raises(BackendConfigError, match=f"PROVNEWS_WAREHOUSE='{bad}'"):
            configured(db)


def test_a_path_reads_the_file_and_a_backend_is_kept(tmp_path: Path) -> None:
    db = tmp_path / "provnews.duckdb"
    assert as_backend(db) == as_backend(str(db)) == DuckDBFile(db)
    lake = DuckLake(LAKE)
    assert as_backend(lake) is lake


def test_file_backend_reads_what_it_loaded(tmp_path: Path, wh: type[Helpers]) -> None:
    from warehouse import query

    backend = DuckDBFile(tmp_path / "data" / "provnews.duckdb")
    assert not backend.exists()
    arts = [wh.article(1), wh.article(2, title="Hội đồng nhân dân họp")]
    clean = wh.write_clean(tmp_path, wh.R1, arts, wh.fetch_rows(arts, wh.R1))
    result = backend.load(clean, wh.run_meta(wh.R1), wh.SITES)
    assert backend.exists() and result.db_path == backend.path
    assert result.totals["new"] == 2 and result.lock_wait_s == 0.0
    with backend.reader() as con:
        assert con.execute("SELECT current_setting('TimeZone')").fetchone()[0] == (
            "Asia/Ho_Chi_Minh"
        )
        with pytest.raises(Exception, match="read-only"):
            con.execute("DELETE FROM articles")
    assert query.articles_fingerprint(backend) == query.articles_fingerprint(backend.path)
    assert query.search(backend, "hoi dong")[0]["article_id"] == arts[1]["article_id"]


@pytest.mark.parametrize(
    "url, shown",
    [
        ("ducklake:postgresql://prov:s3cr3t@127.0.0.1:5432/lake",
         "ducklake:postgresql://prov:***@127.0.0.1:5432/lake"),
        ("ducklake:postgres:dbname=lake host=127.0.0.1 user=prov password=s3cr3t",
         "ducklake:postgres:dbname=lake host=127.0.0.1 user=prov password=***"),
        (LAKE, LAKE),
    ],
)  # fmt: skip
def test_a_lake_is_shown_without_its_password(url: str, shown: str) -> None:
    assert DuckLake(url).location == shown


def test_the_nights_link_names_the_warehouse_it_published(tmp_path: Path) -> None:
    from flows.artifacts import night_summary

    db = tmp_path / "provnews.duckdb"
    on_file = night_summary("r1", "completed", [], [], DuckDBFile(db), None)
    assert (on_file["db_path"], on_file["db_url"]) == (str(db), db.as_uri())
    lake = "ducklake:postgresql://prov:s3cr3t@127.0.0.1:5432/lake"
    on_lake = night_summary("r1", "completed", [], [], DuckLake(lake), None)
    assert "s3cr3t" not in str(on_lake) and on_lake["db_path"].startswith("ducklake:")
    given = night_summary("r1", "completed", [], [], DuckLake(lake), "https://example.org/lake")
    assert given["db_url"] == "https://example.org/lake"
