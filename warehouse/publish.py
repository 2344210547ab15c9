"""Build-beside-and-replace publishing of the warehouse file, with a warm standby.

The published database (``data/provnews.duckdb``) is only ever replaced whole:
the next state is built in ``<db>.building`` and moved onto the published path
with ``os.replace`` once it is complete, checkpointed, closed and fsynced. On
POSIX the rename is atomic, so:

- a reader that opened the old file (``duckdb.connect(db, read_only=True)``)
  keeps reading the old inode, consistent, never blocked;
- a connection opened after the rename sees the new state -- in another process,
  or after every connection to the old file in this process is closed: DuckDB
  caches one database instance per path and process, so ``duckdb.connect(db)``
  while an old connection is open still returns the old file;
- if anything fails before the rename, the published file is untouched and the
  ``.building`` file is removed. A ``.building`` left by a killed run is
  discarded by the next one.

Only one writer at a time: ``<db>.lock`` is held (``flock``) for the whole build.

Where ``.building`` comes from. Copying the published file costs time in proportion
to the warehouse (seconds per GB), which would make every nightly load grow with the
warehouse. So the previous published file is kept as a warm standby,
``<db>.standby``: at publish time it gets a hard link to the outgoing file (the same
inode open readers still use), and right after the rename the load that was just
published is applied to it a second time (``replay``: the same SQL on the same
inputs with the same recorded times, so both files hold the same rows). The next
load then starts by renaming the standby to ``.building``: no copy. The standby is
only trusted when that replay finished and the published file is still the one it
was replayed beside: ``<db>.standby.of`` records the published file's inode, size
and mtime once the replay is closed and fsynced; a missing or different stamp (a
killed replay, a file restored from backup or opened read-write by hand) means a
copy instead. The standby is dropped (and the next load falls back to a copy) when
there is no replay, when the replay fails, or when a reader still holds the old file
after ``PROVNEWS_STANDBY_WAIT_S`` (DuckDB would refuse to open it for writing; the reader is
never disturbed). A process that loads must not hold its own connections to the
published file across a load: POSIX locks are per process, so the standby check
cannot see them. The copy is a reflink (``FICLONE``, constant time on
XFS/Btrfs/bcachefs) when the filesystem has it, else an in-kernel copy
(``copy_file_range`` via ``shutil.copyfile``). ``bench/warehouse.py`` measures both
paths.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from provnews.settings import settings
from warehouse.db import check_duckdb_file

log = logging.getLogger("provnews.warehouse")


class WarehouseBusy(RuntimeError):
    """Another load holds the warehouse lock."""


def building_path(db_path: Path) -> Path:
    """Where the next state of ``db_path`` is built."""
    return db_path.with_name(db_path.name + ".building")


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def _wal(path: Path) -> Path:
    """DuckDB's write-ahead log beside the database file ``path``."""
    return path.with_name(path.name + ".wal")


def _remove(path: Path) -> None:
    for p in (path, _wal(path)):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def writer_lock(db_path: Path, timeout_s: float = 600.0) -> Iterator[None]:
    """Hold the single-writer lock of ``db_path`` (waits up to ``timeout_s``)."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path(db_path), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout_s
        waited = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not waited and timeout_s > 0:
                    # a night's load and a reprocess batch take turns: say why this waits
                    log.warning("waiting up to %.0f s for %s (another load or a reprocess "
                                "batch is writing)", timeout_s, lock_path(db_path))  # fmt: skip
                    waited = True
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(f"another load holds {lock_path(db_path)}") from None
                time.sleep(0.2)
        yield
    finally:
        os.close(fd)  # closing releases the flock


FICLONE = 0x40049409  # _IOW(0x94, 9, int): clone a whole file (reflink)


def standby_path(db_path: Path) -> Path:
    """The previous published file, kept up to date to start the next build from."""
    return db_path.with_name(db_path.name + ".standby")


def _stamp_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".standby.of")


def _identity(path: Path) -> str:
    st = path.stat()
    return f"{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"


def clone_file(src: Path, dst: Path) -> str:
    """Copy ``src`` to a new ``dst``: reflink if the filesystem can, else a full copy.

    Returns ``"reflink"`` or ``"copy"``.
    """
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        try:
            fcntl.ioctl(fout.fileno(), FICLONE, fin.fileno())
            return "reflink"
        except OSError as exc:
            if exc.errno not in (errno.EOPNOTSUPP, errno.ENOTTY, errno.EXDEV, errno.EINVAL,
                                 errno.ENOSYS, errno.EPERM):  # fmt: skip
                raise
    shutil.copyfile(src, dst)
    return "copy"


def _lockable(path: Path) -> bool:
    """Whether no other process holds a DuckDB lock on ``path`` (fcntl record lock)."""
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.lockf(fd, fcntl.LOCK_UN)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def drop_standby(db_path: Path) -> None:
    """Forget the standby (the next build copies the published file)."""
    with contextlib.suppress(FileNotFoundError):
        _stamp_path(db_path).unlink()
    _remove(standby_path(db_path))


def _standby_ready(db_path: Path) -> bool:
    standby = standby_path(db_path)
    try:
        stamp = _stamp_path(db_path).read_text(encoding="ascii")
        matches = db_path.exists() and stamp == _identity(db_path)
    except FileNotFoundError:
        return False
    return matches and standby.exists() and not _wal(standby).exists() and _lockable(standby)


def prepare_building(db_path: Path) -> tuple[Path, str]:
    """Discard a stale build and start a new one; returns (path, how).

    ``how``: ``standby`` (the standby renamed: no copy), ``reflink``/``copy``
    (a clone of the published file) or ``none`` (no published file yet).
    Call with the writer lock held: any ``.building`` present is then stale.
    """
    building = building_path(db_path)
    _remove(building)
    if db_path.exists():
        check_duckdb_file(db_path)
    if _standby_ready(db_path):
        os.replace(standby_path(db_path), building)
        return building, "standby"
    drop_standby(db_path)
    if not db_path.exists():
        return building, "none"
    return building, clone_file(db_path, building)


def publish(building: Path, db_path: Path, keep_standby: bool = False) -> None:
    """Atomically make ``building`` the published ``db_path``.

    ``building`` must be closed by every connection (checkpointed, no WAL). With
    ``keep_standby`` the outgoing file stays reachable as the standby, untrusted
    (no stamp) until a replay brings it level.
    """
    wal = _wal(building)
    if wal.exists():
        raise RuntimeError(f"{wal} exists: close (CHECKPOINT) the build before publishing")
    _fsync_file(building)
    drop_standby(db_path)
    if keep_standby and db_path.exists():
        with contextlib.suppress(OSError):  # no hard links here: no standby, copies
            os.link(db_path, standby_path(db_path))
    os.replace(building, db_path)
    _fsync_dir(db_path.parent)


@dataclass
class Build:
    """One build: where to write, and how each step went (for load_log and benches)."""

    path: Path
    method: str = "none"
    #: seconds: the rename onto db, the replay into the standby
    publish_s: float = 0.0
    replay_s: float = 0.0
    #: what happened to the standby: replayed, busy (a reader held it), failed:
    #: <error>, none (no replay given or nothing published before)
    standby: str = "none"


def _replay_standby(db_path: Path, replay: Callable[[Path], None], build: Build) -> None:
    standby = standby_path(db_path)
    if not standby.exists():
        return
    # How long the replay into the standby waits for readers of the outgoing file to
    # let go before giving up on the standby (the next load then copies).
    deadline = time.monotonic() + settings().standby_wait_s
    while not _lockable(standby):
        if time.monotonic() >= deadline:
            drop_standby(db_path)
            build.standby = "busy"
            return
        time.sleep(0.1)
    t = time.perf_counter()
    try:
        replay(standby)
        if _wal(standby).exists():
            raise RuntimeError("replay left a WAL")
        _fsync_file(standby)
        stamp = _stamp_path(db_path)
        tmp = stamp.with_name(stamp.name + ".tmp")
        tmp.write_text(_identity(db_path), encoding="ascii")
        os.replace(tmp, stamp)
        _fsync_dir(db_path.parent)
        build.standby = "replayed"
    except Exception as exc:  # the load is published; only the head start is lost
        drop_standby(db_path)
        build.standby = f"failed: {type(exc).__name__}: {exc}".splitlines()[0][:200]
    build.replay_s = time.perf_counter() - t


@contextlib.contextmanager
def build_and_publish(
    db_path: Path,
    lock_timeout_s: float = 600.0,
    replay: Callable[[Path], None] | None = None,
) -> Iterator[Build]:
    """Yield the build to write in; publish it if the block succeeds, else discard it.

    The block must close its connections to ``build.path`` before returning.
    ``replay(path)`` must apply to ``path`` exactly what the block applied (same
    rows); given, it keeps the outgoing file as the standby for the next build.
    """
    db_path = Path(db_path)
    with writer_lock(db_path, lock_timeout_s):
        path, method = prepare_building(db_path)
        build = Build(path=path, method=method)
        try:
            yield build
            t = time.perf_counter()
            publish(path, db_path, keep_standby=replay is not None)
            build.publish_s = time.perf_counter() - t
        except BaseException:
            _remove(path)
            raise
        if replay is not None:
            _replay_standby(db_path, replay, build)
