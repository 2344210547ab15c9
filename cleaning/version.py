"""Which extractor produced an article: ``extractor_version``.

``<package version>+<digest>``: the digest (12 hex of sha256) covers everything that
decides what the cleaner makes of a page — the source of every module of cleaning/ and
families/ that extraction runs (all of them but the registry tooling below), the data
files under cleaning/data/ (province names, topic rules …), and the versions of the
libraries that parse and extract (lxml, trafilatura, dateparser). Any edit to the
cleaning code or the family tables gives a new version without anyone remembering to
bump one; `provnews reprocess` re-extracts the stored articles whose version differs.
tests/cleaning/test_version.py checks that every cleaning/families module the cleaning
stage imports is covered.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("cleaning", "families")
# Registry tooling lives in cleaning/ (every layer may import cleaning/) but never runs
# during extraction: editing a registry check must not make every article look stale.
NOT_EXTRACTION = frozenset(
    {
        "cleaning/registry.py",
        "cleaning/registry_checks.py",
        "cleaning/coverage.py",
        "cleaning/site_entry.py",
        "cleaning/version.py",
    }
)
LIBRARIES = ("lxml", "trafilatura", "dateparser")


def extractor_files(root: Path = ROOT) -> list[Path]:
    """The files the digest covers, in a stable order."""
    files: list[Path] = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*")):
            rel = path.relative_to(root).as_posix()
            if not path.is_file() or "__pycache__" in path.parts or rel in NOT_EXTRACTION:
                continue
            if path.suffix == ".py" or (package == "cleaning" and "data" in path.parts):
                files.append(path)
    return files


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "unknown"


def digest(root: Path = ROOT) -> str:
    """12 hex of sha256 over the extractor files under `root` and the library versions."""
    h = hashlib.sha256()
    for path in extractor_files(root):
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    for lib in LIBRARIES:
        h.update(f"{lib}={_package_version(lib)}\0".encode())
    return h.hexdigest()[:12]


@cache
def extractor_version() -> str:
    """``<provnews version>+<digest>``; computed once per process."""
    return f"{_package_version('provnews')}+{digest()}"
