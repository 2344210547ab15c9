"""DuckLake warehouse: PostgreSQL catalog, Parquet data files, many writers.

Selected with ``PROVNEWS_WAREHOUSE=ducklake:postgresql://user@host:port/dbname``;
data files go to ``PROVNEWS_LAKE_DATA`` (default ``$PROVNEWS_DATA/lake/``). The
``ducklake`` and ``postgres_scanner`` extensions are LOADed by path from the
``duckdb-extension-ducklake`` and ``duckdb-extension-postgres-scanner`` wheels,
never installed or downloaded at run time.

Same tables, views and macros as the file backend, from the same SQL files
(``warehouse/sql/``), translated statement by statement for what DuckLake lacks:

- no PRIMARY KEY / UNIQUE constraints: they are dropped from ``CREATE TABLE`` and
  remembered as the merge keys;
- ``INSERT OR REPLACE INTO t BY NAME <select>`` becomes: the select into a temp
  table, ``DELETE`` of the rows with those keys, ``INSERT BY NAME``;
- ``INSERT … ON CONFLICT DO NOTHING`` becomes an insert of the rows whose key is
  not there yet;
- ``COMMENT ON MACRO`` and comments on view columns are skipped (DuckLake stores
  neither; tables, their columns and views keep their comments).

A load is one DuckLake transaction (stage in temp tables, then reference data,
merge and ``load_log`` between ``BEGIN`` and ``COMMIT``): readers see the
snapshot before or after it, never part of it. Two loads committing at once
either both commit (DuckLake retries the commit itself when their changes do not
overlap) or one gets a transaction conflict; that one is rolled back and run again
on the new snapshot (``LOAD_RETRIES``), so the merge is computed against the state
it commits onto.

Full-text search: the fts extension cannot index DuckLake tables (its index
tables have a NULL-typed column DuckLake refuses), so ``search_articles(q)`` here is
a macro that computes BM25 at query time over ``articles.search_key`` (same folding
and tokens as the fts index, scans the articles: fine to a few hundred thousand
articles; beyond that, export a file and use the fts index there).
"""

from __future__ import annotations

import hashlib
import random
import re
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from provnews.settings import settings
from warehouse.db import TIMEZONE
from warehouse.prepare import (
    LoadResult,
    has_reference_data,
    load_log_rows,
    load_result,
    prepare_load,
    reference_vars,
    set_run_vars,
    set_vars,
    staged_counts,
)
from warehouse.sqlfiles import SQL_DIR, read_sql, schema_files

ALIAS = "lake"
LOAD_RETRIES = 12
SCHEMA_TABLE = "pn_schema_version"


class LakeUnavailable(RuntimeError):
    """An extension wheel is missing or the catalog cannot be attached."""


# -- extensions, connection -------------------------------------------------------------


def extension_path(package: str, name: str) -> Path:
    """``<name>.duckdb_extension`` shipped in the wheel ``package`` for this DuckDB."""
    try:
        mod = __import__(package)
    except ImportError as exc:
        raise LakeUnavailable(f"python package {package} is not installed") from exc
    path = Path(mod.__file__).parent / "extensions" / f"v{duckdb.__version__}" / name
    if not path.is_file():
        raise LakeUnavailable(f"no {name} for duckdb {duckdb.__version__} at {path}")
    return path


def load_extensions(con: duckdb.DuckDBPyConnection) -> None:
    for package, name in (
        ("duckdb_extension_ducklake", "ducklake.duckdb_extension"),
        ("duckdb_extension_postgres_scanner", "postgres_scanner.duckdb_extension"),
    ):
        p = str(extension_path(package, name)).replace("'", "''")
        con.execute(f"LOAD '{p}'")


def catalog_conninfo(url: str) -> str:
    """``ducklake:postgresql://…`` → the libpq conninfo after ``postgres:``."""
    rest = url.removeprefix("ducklake:")
    if rest.startswith("postgres:") and not rest.startswith("postgres://"):
        return rest[len("postgres:") :]
    if rest.startswith(("postgresql://", "postgres://")):
        return rest
    raise LakeUnavailable(f"DuckLake catalog must be PostgreSQL (ducklake:postgresql://…): {url}")


def redacted(url: str) -> str:
    """The catalog URL with its password replaced: the form shown to people (CLI lines,
    the run's link artifact in the UI), never used to connect."""
    url = re.sub(r"(password=)\S+", r"\1***", url)
    return re.sub(r"(://[^:/@\s]+:)[^@\s]+@", r"\1***@", url)


def data_path() -> str | None:
    """``PROVNEWS_LAKE_DATA`` if set. The catalog remembers the path it was created
    with, so only the first writer needs it; otherwise the default below is used."""
    explicit = settings().lake_data
    if explicit:
        return explicit if explicit.endswith("/") else explicit + "/"
    return None


def default_data_path() -> str:
    p = settings().data_dir / "lake"
    p.mkdir(parents=True, exist_ok=True)
    return str(p) + "/"


def connect(url: str, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB session with the lake attached as ``lake`` and in use."""
    con = duckdb.connect()
    try:
        load_extensions(con)
        con.execute(f"SET TimeZone = '{TIMEZONE}'")
        conninfo = catalog_conninfo(url).replace("'", "''")

        def attach(dpath: str | None) -> None:
            opts = [f"DATA_PATH '{dpath.replace(chr(39), chr(39) * 2)}'"] if dpath else []
            opts += ["READ_ONLY"] if read_only else []
            suffix = f" ({', '.join(opts)})" if opts else ""
            con.execute(f"ATTACH 'ducklake:postgres:{conninfo}' AS {ALIAS}{suffix}")

        explicit = data_path()
        try:
            attach(explicit)
        except duckdb.Error as exc:
            if explicit is not None or "data_path" not in str(exc).lower():
                raise
            attach(default_data_path())  # a new catalog: data files beside the data folder
        con.execute(f"USE {ALIAS}")
    except duckdb.Error as exc:
        con.close()
        raise LakeUnavailable(f"cannot attach DuckLake {url}: {exc}") from exc
    return con


@contextmanager
def session(url: str, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    con = connect(url, read_only=read_only)
    try:
        yield con
    finally:
        con.close()


class CatalogLock:
    """A PostgreSQL advisory lock in the catalog database, held by its own connection.

    DuckLake's conflict detection is about files and schema, not keys: two loads
    that both upsert ``sites`` would both commit and duplicate rows (the tables have
    no PRIMARY KEY there). So the merge-and-commit part of a load holds this lock;
    staging (reading the clean files) runs in parallel. Works across machines: the
    lock lives in the catalog server.
    """

    KEY = 0x70726F76  # "prov"

    def __init__(self, url: str) -> None:
        self.url = url
        self._pool: Any = None
        self._loop: Any = None
        self._conn: Any = None

    def _kwargs(self) -> dict[str, Any]:
        info = catalog_conninfo(self.url)
        if "://" in info:
            return {"dsn": info}
        kv = dict(part.split("=", 1) for part in info.split())
        rename = {"dbname": "database"}
        return {
            rename.get(k, k): v
            for k, v in kv.items()
            if k in (*rename, "host", "port", "user", "password")
        }

    def _run(self, coro: Any) -> Any:
        return self._pool.submit(self._loop.run_until_complete, coro).result()

    def __enter__(self) -> CatalogLock:
        import asyncio
        from concurrent.futures import ThreadPoolExecutor

        import asyncpg

        self._pool = ThreadPoolExecutor(1)
        self._loop = asyncio.new_event_loop()
        self._conn = self._run(asyncpg.connect(**self._kwargs()))
        self._run(self._conn.execute("SELECT pg_advisory_lock($1)", self.KEY))
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self._run(self._conn.execute("SELECT pg_advisory_unlock($1)", self.KEY))
            self._run(self._conn.close())
        finally:
            self._pool.submit(self._loop.close).result()
            self._pool.shutdown()


# -- SQL translation ---------------------------------------------------------------------

_CREATE = re.compile(r"CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)\s*\(", re.I)
_COL_PK = re.compile(r"^\s*(\w+)\s+[^,\n]*?\bPRIMARY\s+KEY\b", re.I | re.M)
_TABLE_PK = re.compile(r",\s*PRIMARY\s+KEY\s*\(([^)]*)\)", re.I)
_MACRO_COMMENT = re.compile(r"^\s*COMMENT\s+ON\s+MACRO\b", re.I)
_COL_COMMENT = re.compile(r"^\s*COMMENT\s+ON\s+COLUMN\s+(\w+)\.", re.I)
_VIEW = re.compile(r"CREATE\s+(?:OR\s+REPLACE\s+)?VIEW\s+(\w+)", re.I)
_UPSERT = re.compile(r"^\s*INSERT\s+OR\s+REPLACE\s+INTO\s+(\w+)\s+BY\s+NAME\s+(.*)$", re.I | re.S)
_DO_NOTHING = re.compile(
    r"^\s*INSERT\s+INTO\s+(\w+)\s*(\([^)]*\))?\s*(.*?)\s*ON\s+CONFLICT\s+DO\s+NOTHING\s*$",
    re.I | re.S,
)


def _strip_comments(sql: str) -> str:
    return "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))


def primary_keys() -> dict[str, list[str]]:
    """Table → key columns, from the PRIMARY KEYs of the schema files."""
    keys: dict[str, list[str]] = {}
    for path in schema_files():
        for stmt in _statements(path.read_text(encoding="utf-8")):
            m = _CREATE.match(stmt.strip())
            if not m:
                continue
            table = m.group(1)
            if (t := _TABLE_PK.search(stmt)) is not None:
                keys[table] = [c.strip() for c in t.group(1).split(",")]
            elif (c := _COL_PK.search(stmt[m.end() :])) is not None:
                keys[table] = [c.group(1)]
    return keys


def _statements(sql: str) -> list[str]:
    con = duckdb.connect()
    try:
        return [_strip_comments(s.query).strip() for s in con.extract_statements(sql)]
    finally:
        con.close()


def translate(sql: str, keys: dict[str, list[str]] | None = None) -> list[str]:
    """The statements of ``sql`` rewritten for DuckLake (see module docstring)."""
    keys = primary_keys() if keys is None else keys
    views = set(_VIEW.findall(sql))
    out: list[str] = []
    for stmt in _statements(sql):
        if not stmt or _MACRO_COMMENT.match(stmt):  # DuckLake keeps no macro comments
            continue
        if (m := _COL_COMMENT.match(stmt)) is not None and m.group(1) in views:
            continue  # nor comments on view columns
        if _CREATE.match(stmt):
            stmt = _TABLE_PK.sub("", stmt)
            stmt = re.sub(r"\s+PRIMARY\s+KEY\b", "", stmt, flags=re.I)
            out.append(stmt)
            continue
        if (m := _UPSERT.match(stmt)) is not None:
            table, select = m.group(1), m.group(2)
            cond = " AND ".join(f"u.{k} = {table}.{k}" for k in keys[table])
            out += [
                f"CREATE OR REPLACE TEMP TABLE _pn_upsert AS {select}",
                f"DELETE FROM {table} WHERE EXISTS (SELECT 1 FROM _pn_upsert u WHERE {cond})",
                f"INSERT INTO {table} BY NAME SELECT * FROM _pn_upsert",
            ]
            continue
        if (m := _DO_NOTHING.match(stmt)) is not None:
            table, cols, select = m.group(1), m.group(2) or "", m.group(3)
            cond = " AND ".join(f"e.{k} = n.{k}" for k in keys[table])
            out.append(
                f"INSERT INTO {table} {cols} SELECT * FROM ({select}) n "
                f"WHERE NOT EXISTS (SELECT 1 FROM {table} e WHERE {cond})"
            )
            continue
        out.append(stmt)
    return out


def run_statements(con: duckdb.DuckDBPyConnection, stmts: list[str]) -> duckdb.DuckDBPyConnection:
    cur = con
    for s in stmts:
        cur = con.execute(s)
    return cur


def run_file(con: duckdb.DuckDBPyConnection, relpath: str) -> duckdb.DuckDBPyConnection:
    return run_statements(con, translate(read_sql(relpath)))


# -- schema ------------------------------------------------------------------------------

SEARCH_MACRO = (Path(__file__).parent / "sql" / "search_macro.sql").read_text(encoding="utf-8")


def _schema_sql() -> list[tuple[str, str]]:
    files = [(p.name, p.read_text(encoding="utf-8")) for p in schema_files()]
    files += [
        (p.name, p.read_text(encoding="utf-8")) for p in sorted((SQL_DIR / "ops").glob("*.sql"))
    ]
    files.append(("search_macro", SEARCH_MACRO))
    return files


def schema_version() -> str:
    h = hashlib.sha256()
    for name, text in _schema_sql():
        h.update(name.encode() + b"\0" + text.encode())
    return h.hexdigest()[:16]


def _is_conflict(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "conflict" in text or "failed to commit" in text or "retry" in text


def _with_retries(con: duckdb.DuckDBPyConnection, fn: Any, what: str) -> Any:
    """Run ``fn(con)`` in a transaction; on a commit conflict roll back and run again."""
    for attempt in range(LOAD_RETRIES):
        con.execute("BEGIN TRANSACTION")
        try:
            out = fn(con)
            con.execute("COMMIT")
            return out
        except duckdb.Error as exc:
            try:
                con.execute("ROLLBACK")
            except duckdb.Error:
                pass
            if not _is_conflict(exc) or attempt == LOAD_RETRIES - 1:
                raise
            time.sleep(min(5.0, 0.05 * 2**attempt) * (0.5 + random.random()))
    raise AssertionError("unreachable")


def ensure_schema(con: duckdb.DuckDBPyConnection) -> bool:
    """Create or update tables, macros, views in the lake when their SQL changed."""
    version = schema_version()

    def current() -> bool:
        exists = con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND table_name = ?",
            [ALIAS, SCHEMA_TABLE],
        ).fetchone()[0]
        if not exists:
            return False
        row = con.execute(f"SELECT max_by(version, applied_at) FROM {SCHEMA_TABLE}").fetchone()
        return bool(row) and row[0] == version

    if current():
        return False

    def apply(c: duckdb.DuckDBPyConnection) -> bool:
        if current():
            return False
        keys = primary_keys()
        for _, text in _schema_sql():
            run_statements(c, translate(text, keys))
        c.execute(
            f"CREATE TABLE IF NOT EXISTS {SCHEMA_TABLE} (version VARCHAR, applied_at TIMESTAMPTZ)"
        )
        c.execute(f"INSERT INTO {SCHEMA_TABLE} VALUES (?, now())", [version])
        return True

    return _with_retries(con, apply, "schema")


# -- load --------------------------------------------------------------------------------


def load_run(url: str, clean_dir: Path, run: dict, sites: list[dict]) -> LoadResult:
    """``warehouse.loader.load_run`` for DuckLake: same inputs (checked by the same
    ``prepare_load``), same load scripts, same ``LoadResult``."""
    t0 = time.perf_counter()
    prep = prepare_load(clean_dir, run, sites)
    keys = primary_keys()
    merge = translate(read_sql("load/020_merge.sql"), keys)
    merge += translate(read_sql("load/025_run.sql"), keys)
    reference = translate(read_sql("load/015_reference.sql"), keys)
    load_log = translate(read_sql("load/030_load_log.sql"), keys)

    with session(url) as con:
        ensure_schema(con)
        set_run_vars(con, prep)
        run_statements(con, translate(read_sql("load/010_stage.sql"), keys))
        has_ref = has_reference_data()
        if has_ref:
            set_vars(con, **reference_vars())

        def txn(c: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
            if has_ref:
                run_statements(c, reference)
            run_statements(c, merge)
            set_vars(c, duration_s=str(round(time.perf_counter() - t0, 3)))
            return load_log_rows(run_statements(c, load_log))

        t_wait = time.perf_counter()
        with CatalogLock(url):
            lock_wait_s = time.perf_counter() - t_wait
            per_site = _with_retries(con, txn, "load")
        staged = staged_counts(con)

    return load_result(
        prep,
        url,
        per_site,
        staged,
        duration_s=time.perf_counter() - t0,
        lock_wait_s=lock_wait_s,  # for bench/scale.py
    )


# -- the backend -------------------------------------------------------------------------

#: DuckLake's answer to a read-only ATTACH of a catalog it has not initialised
_NOT_CREATED = re.compile(r"Existing DuckLake at .* does not exist", re.S)


@dataclass(frozen=True)
class DuckLake:
    """The DuckLake warehouse behind the catalog ``url`` (``ducklake:postgresql://…``);
    a ``warehouse.backends.WarehouseBackend``."""

    url: str

    @property
    def name(self) -> str:
        return "ducklake"

    @property
    def location(self) -> str:
        return redacted(self.url)

    def exists(self) -> bool:
        """Whether the lake has been loaded into (raises ``LakeUnavailable`` when the
        catalog cannot be reached: that is a fault, not an empty warehouse)."""
        try:
            con = connect(self.url, read_only=True)
        except LakeUnavailable as exc:
            if _NOT_CREATED.search(str(exc)):  # a catalog database no load has used yet
                return False
            raise
        with con:
            n = con.execute(
                "SELECT count(*) FROM duckdb_tables() "
                "WHERE database_name = ? AND table_name = 'articles'",
                [ALIAS],
            ).fetchone()[0]
        return bool(n)

    def load(
        self, clean_dir: Path, run: dict, sites: list[dict], *, fts: bool = True
    ) -> LoadResult:
        # fts: nothing to keep up here, search_articles scores at query time (see above)
        return load_run(self.url, clean_dir, run, sites)

    def reader(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        return session(self.url, read_only=True)

    def prepare_reads(self) -> None:
        """Nothing to do: the ops views are part of the lake's schema (``_schema_sql``)."""
