"""Build-beside-and-replace publishing of the warehouse file.

The published database (``data/provnews.duckdb``) is only ever replaced whole:
the next state is built in ``<db>.building`` (a copy of the published file, or a
new file) and moved onto the published path with ``os.replace`` once it is
complete, checkpointed, closed and fsynced. On POSIX the rename is atomic, so:

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

Starting a build clones the published file: a reflink (``FICLONE``, constant time
on XFS/Btrfs/bcachefs — copy-on-write, blocks are shared until the writer changes
them) when the filesystem has it, else an in-kernel copy (``copy_file_range`` via
``shutil.copyfile``). ``bench/warehouse.py`` measures the copy against the merge:
see docs in ``bench/results/warehouse.json``.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

from warehouse.db import check_duckdb_file


class WarehouseBusy(RuntimeError):
    """Another load holds the warehouse lock."""


def building_path(db_path: Path) -> Path:
    """Where the next state of ``db_path`` is built."""
    return db_path.with_name(db_path.name + ".building")


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def _remove(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
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
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(f"another load holds {lock_path(db_path)}") from None
                time.sleep(0.2)
        yield
    finally:
        os.close(fd)  # closing releases the flock


FICLONE = 0x40049409  # _IOW(0x94, 9, int): clone a whole file (reflink)

#: How the last ``prepare_building`` in this process made its copy (reflink/copy/none).
last_copy_method = "none"


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


def prepare_building(db_path: Path) -> Path:
    """Discard a stale build and start a new one from the published file (if any).

    Call with the writer lock held: any ``.building`` present is then stale.
    """
    global last_copy_method
    building = building_path(db_path)
    _remove(building)
    if db_path.exists():
        check_duckdb_file(db_path)
    last_copy_method = clone_file(db_path, building) if db_path.exists() else "none"
    return building


def publish(building: Path, db_path: Path) -> None:
    """Atomically make ``building`` the published ``db_path``.

    ``building`` must be closed by every connection (checkpointed, no WAL).
    """
    wal = building.with_name(building.name + ".wal")
    if wal.exists():
        raise RuntimeError(f"{wal} exists: close (CHECKPOINT) the build before publishing")
    _fsync_file(building)
    os.replace(building, db_path)
    _fsync_dir(db_path.parent)


@contextlib.contextmanager
def build_and_publish(db_path: Path, lock_timeout_s: float = 600.0) -> Iterator[Path]:
    """Yield the path to build in; publish it if the block succeeds, else discard it.

    The block must close its connections to the yielded path before returning.
    """
    db_path = Path(db_path)
    with writer_lock(db_path, lock_timeout_s):
        building = prepare_building(db_path)
        try:
            yield building
            publish(building, db_path)
        except BaseException:
            _remove(building)
            raise
