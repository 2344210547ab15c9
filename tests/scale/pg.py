"""A throwaway PostgreSQL for the DuckLake catalog: initdb into a temp folder, started
on a free loopback port with its unix socket in that folder, stopped and removed after.

Binaries: ``initdb``/``pg_ctl``/``createdb`` on PATH or in /usr/lib/postgresql/*/bin
(Debian ``postgresql`` package). PostgreSQL refuses to run as root: under root the
server runs as the ``postgres`` user (or ``nobody``) through ``setpriv``.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


def pg_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.access(Path(d) / name, os.X_OK):
            return str(Path(d) / name)
    raise PostgresUnavailable(
        f"PostgreSQL binary {name!r} not found (PATH, /usr/lib/postgresql/*/bin): "
        "apt-get install -y postgresql"
    )


@dataclass
class Postgres:
    port: int
    root: Path
    user: str | None = None  # OS user running the server (None: ourselves)
    _n: int = field(default=0)

    @property
    def socket_dir(self) -> Path:
        return self.root / "s"

    def _cmd(self, args: list[str]) -> list[str]:
        if self.user is None:
            return args
        pw = pwd.getpwnam(self.user)
        return ["setpriv", f"--reuid={pw.pw_uid}", f"--regid={pw.pw_gid}", "--clear-groups", *args]

    def run(self, args: list[str], timeout: float = 120) -> subprocess.CompletedProcess:
        env = {**os.environ, "LC_ALL": "C", "PGHOST": "127.0.0.1", "PGPORT": str(self.port)}
        p = subprocess.run(
            self._cmd(args), capture_output=True, text=True, timeout=timeout, env=env, check=False
        )
        if p.returncode != 0:
            raise PostgresUnavailable(
                f"{' '.join(args[:2])} failed: {(p.stdout + p.stderr)[-600:]}"
            )
        return p

    def start(self) -> None:
        data = self.root / "data"
        self.run([pg_bin("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                  "-E", "UTF8", "--no-sync"])  # fmt: skip
        opts = (
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c max_connections=200"
        )
        self.run([pg_bin("pg_ctl"), "-D", str(data), "-l", str(self.root / "log"),
                  "-o", opts, "-w", "-t", "60", "start"])  # fmt: skip

    def stop(self) -> None:
        try:
            self.run([pg_bin("pg_ctl"), "-D", str(self.root / "data"), "-m", "fast", "-w", "stop"])
        except (PostgresUnavailable, subprocess.TimeoutExpired):
            pass
        shutil.rmtree(self.root, ignore_errors=True)

    def new_database(self, prefix: str = "lake") -> str:
        self._n += 1
        name = f"{prefix}{self._n}"
        self.run(
            [pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name]
        )
        return name

    def lake_url(self, dbname: str) -> str:
        return f"ducklake:postgresql://postgres@127.0.0.1:{self.port}/{dbname}"


def start_postgres() -> Postgres:
    """Start one; raises PostgresUnavailable with the reason when it cannot."""
    from flows.serve import free_port

    for name in ("initdb", "pg_ctl", "createdb"):
        pg_bin(name)
    user = None
    if os.geteuid() == 0:
        for candidate in ("postgres", "nobody"):
            try:
                pwd.getpwnam(candidate)
                user = candidate
                break
            except KeyError:
                continue
        if user is None or not shutil.which("setpriv"):
            raise PostgresUnavailable("running as root with no postgres/nobody user or setpriv")
    root = Path(tempfile.mkdtemp(prefix="pnpg-", dir="/tmp"))
    (root / "s").mkdir()
    if user is not None:
        pw = pwd.getpwnam(user)
        for p in (root, root / "s"):
            os.chown(p, pw.pw_uid, pw.pw_gid)
    pg = Postgres(port=free_port(), root=root, user=user)
    try:
        pg.start()
    except BaseException:
        pg.stop()
        raise
    return pg
