"""The site registry: YAML entries validated into plain dicts.

Lives in cleaning/ because every layer reads it (spiders for start URLs and
politeness, cleaning for selectors, flows and the CLI for the site list) and
cleaning/ is the one package all of them may import.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

# An entry's keys and validation live in cleaning/site_entry.py; the registry's public
# names are re-exported here so callers import the registry from one place.
from cleaning.site_entry import (
    EVIDENCE_KINDS,
    KINDS,
    SELECTOR_KEYS,
    STATUSES,
    STRENGTHS,
    RegistryError,
    current_provinces,
    evidence_strength,
    former_provinces,
    last_seen,
    validate_site,
)
from provnews.settings import settings

__all__ = [
    "BUILTIN_DIR",
    "EVIDENCE_KINDS",
    "KINDS",
    "SELECTOR_KEYS",
    "STATUSES",
    "STRENGTHS",
    "RegistryError",
    "SiteIndex",
    "current_provinces",
    "evidence_strength",
    "former_provinces",
    "last_seen",
    "load_sites",
    "public_view",
    "read_registry",
    "registry_paths",
    "validate_site",
]

# libyaml's parser where the wheel has it: the registry is ~2,500 YAML documents' worth of
# nodes and the pure-Python loader spends ~50 ms per file on them.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "spiders" / "sites"


def registry_paths(extra: str | None = None) -> list[Path]:
    """Built-in files first, then `PROVNEWS_SITES` (``:``-separated files or folders)."""
    paths = sorted(BUILTIN_DIR.glob("*.yaml"))
    extra = settings().sites if extra is None else extra
    for part in filter(None, extra.split(":")):
        p = Path(part)
        if p.is_dir():
            paths.extend(sorted(p.glob("*.yaml")))
        elif p.is_file():
            paths.append(p)
        else:
            raise RegistryError(f"PROVNEWS_SITES: {part}: no such file or folder")
    return paths


# Validated registries by the identity of their files (path, inode, mtime, size): a process
# reads and validates the YAML once however often load_sites is called, and sees an edit.
# Kept pickled: unpickling hands each caller its own copy ~6x faster than copy.deepcopy.
_LOADED: dict[tuple, bytes] = {}


def _file_key(path: Path) -> tuple:
    try:
        st = path.stat()
    except OSError as e:
        raise RegistryError(f"{path}: {e.strerror}") from None
    return (str(path), st.st_ino, st.st_mtime_ns, st.st_size)


def load_sites(paths: Iterable[Path] | None = None) -> dict[str, dict[str, Any]]:
    """Load and validate every entry; a later file may not redefine an id.

    Cached on the files' identities; each call returns its own copy, so a caller that
    changes an entry does not change what the next caller gets.
    """
    paths = registry_paths() if paths is None else list(paths)
    key = tuple(_file_key(p) for p in paths)
    if key not in _LOADED:
        _LOADED.clear()  # only the current state of the files is worth keeping
        _LOADED[key] = pickle.dumps(read_registry(paths), protocol=pickle.HIGHEST_PROTOCOL)
    return pickle.loads(_LOADED[key])


def read_registry(paths: Iterable[Path]) -> dict[str, dict[str, Any]]:
    """Parse and validate the registry files (uncached: load_sites is the entry point)."""
    sites: dict[str, dict[str, Any]] = {}
    origin: dict[str, Path] = {}
    for path in paths:
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            where = f" line {mark.line + 1}" if mark else ""
            problem = getattr(e, "problem", None) or "syntax error"
            raise RegistryError(f"{path}{where}: not valid YAML ({problem})") from None
        except OSError as e:
            raise RegistryError(f"{path}: {e.strerror}") from None
        if data is None:
            continue
        if not isinstance(data, list):
            raise RegistryError(f"{path}: expected a list of site entries")
        for i, raw in enumerate(data):
            site = validate_site(raw, where=f"{path} entry {i + 1}")
            if site["id"] in sites:
                raise RegistryError(
                    f"{path}: site {site['id']!r} already defined in {origin[site['id']]}"
                )
            sites[site["id"]] = site
            origin[site["id"]] = path
    _check_successors(sites, origin)
    return sites


def _check_successors(sites: Mapping[str, Mapping[str, Any]], origin: Mapping[str, Path]) -> None:
    """A successor names another loaded site (checked once every file is read)."""
    for sid, site in sites.items():
        succ = site["successor"]
        if succ is not None and (succ == sid or succ not in sites):
            raise RegistryError(
                f"{origin[sid]}: site {sid!r}: successor: {succ!r} is not another site"
            )


class SiteIndex:
    """The registry site a URL belongs to, by host (a dictionary) then longest base path.

    Built once per command from load_sites(); `for_url` is what per-page code calls.
    """

    def __init__(self, sites: Mapping[str, Mapping[str, Any]]) -> None:
        self._by_host: dict[str, list[Mapping[str, Any]]] = {}
        for site in sites.values():
            self._by_host.setdefault(_bare_host(site["host"]), []).append(site)

    def for_url(self, url: str) -> Mapping[str, Any] | None:
        """The site on the URL's host whose base path is the longest prefix of the URL's
        path; else the first site registered on that host (a page outside every listed
        section still gets the site's selectors); None for an unknown host."""
        parts = urlsplit(url)
        candidates = self._by_host.get(_bare_host(parts.hostname or ""))
        if not candidates:
            return None
        best, best_len = candidates[0], -1
        for site in candidates:
            base_path = urlsplit(site["base_url"]).path.rstrip("/")
            inside = parts.path == base_path or parts.path.startswith(base_path + "/")
            if inside and len(base_path) > best_len:
                best, best_len = site, len(base_path)
        return best


def _bare_host(host: str) -> str:
    return host.lower().removeprefix("www.")


def public_view(site: Mapping[str, Any]) -> dict[str, Any]:
    """The `provnews sites list --json` object for one site."""
    keys = (
        "id",
        "name",
        "kind",
        "family",
        "layout",
        "base_url",
        "province_code",
        "province_name",
        "former_province_code",
        "former_province_name",
        "enabled",
        "verified",
        "status",
        "successor",
        "evidence_strength",
    )
    return {k: site[k] for k in keys}
