"""The site registry: YAML entries validated into plain dicts.

Lives in cleaning/ because every layer reads it (spiders for start URLs and
politeness, cleaning for selectors, flows and the CLI for the site list) and
cleaning/ is the one package all of them may import.
"""

from __future__ import annotations

import copy
import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml

from families import crawler_names, layout_names
from provnews.settings import settings

# libyaml's parser where the wheel has it: the registry is ~2,500 YAML documents' worth of
# nodes and the pure-Python loader spends ~50 ms per file on them.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "spiders" / "sites"
ADMIN_DIR = Path(__file__).resolve().parent / "data" / "vn_admin"

KINDS = ("portal", "party", "school", "newspaper", "department", "other")
SELECTOR_KEYS = (
    "title",
    "date",
    "author",
    "body",
    "views",
    "drop",
    "article_links",
    "next_page",
)
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
# What kind of evidence shows that a site is where the entry says, strongest first: a
# stored copy of a page on the host; the URL of a real article on the host found in
# public code (some public files invent URLs, so weaker); a file or asset URL, or a
# mention, that only shows the host exists.
EVIDENCE_KINDS = ("stored-page", "article-url-in-code", "host-only")
EVIDENCE_STRENGTH = {"stored-page": "strong", "article-url-in-code": "medium", "host-only": "weak"}
STRENGTHS = ("strong", "medium", "weak", "none")
# active: publishes on this host; moved: the same publication went to `successor`'s
# host; retired: no longer published here (a pre-2025 unit merged away, a closed site),
# kept so stored articles keep their site and province; `successor` took over, if known.
STATUSES = ("active", "moved", "retired")
_SEEN_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_KEYS = {
    "id",
    "name",
    "kind",
    "province",
    "former_province",
    "family",
    "layout",
    "base_url",
    "start_urls",
    "feeds",
    "selectors",
    "politeness",
    "tls",
    "max_pages",
    "enabled",
    "verified",
    "notes",
    "evidence",
    "status",
    "successor",
}


class RegistryError(ValueError):
    """A registry file or entry is malformed; the message names file, site and field."""


@dataclass(frozen=True)
class Province:
    code: str
    name: str


@cache
def current_provinces() -> dict[str, Province]:
    with open(ADMIN_DIR / "provinces_34.csv", encoding="utf-8") as f:
        return {r["code"]: Province(r["code"], r["name"]) for r in csv.DictReader(f)}


@cache
def former_provinces() -> dict[str, tuple[Province, str]]:
    """Old code → (old province, code of the current unit that absorbed it)."""
    with open(ADMIN_DIR / "provinces_63_old.csv", encoding="utf-8") as f:
        return {
            r["old_code"]: (Province(r["old_code"], r["name"]), r["new_code"])
            for r in csv.DictReader(f)
        }


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
_LOADED: dict[tuple, dict[str, dict[str, Any]]] = {}


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
        _LOADED[key] = read_registry(paths)
    return copy.deepcopy(_LOADED[key])


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


def validate_site(raw: Any, where: str = "entry") -> dict[str, Any]:
    """Return a normalised copy of one entry, or raise RegistryError naming the field."""
    if not isinstance(raw, Mapping):
        raise RegistryError(f"{where}: expected a mapping, got {type(raw).__name__}")
    sid = raw.get("id")
    if not isinstance(sid, str) or not _ID_RE.match(sid):
        raise RegistryError(f"{where}: id {sid!r} must match {_ID_RE.pattern}")
    where = f"{where} ({sid})"

    def fail(field: str, msg: str) -> RegistryError:
        return RegistryError(f"{where}: {field}: {msg}")

    unknown = set(raw) - _KEYS
    if unknown:
        raise fail(sorted(unknown)[0], f"unknown key (allowed: {', '.join(sorted(_KEYS))})")
    for field in ("name", "kind", "family", "base_url", "province"):
        if not isinstance(raw.get(field), str) or not raw[field].strip():
            raise fail(field, "required text")
    if raw["kind"] not in KINDS:
        raise fail("kind", f"{raw['kind']!r} not one of {', '.join(KINDS)}")
    if raw["family"] not in crawler_names():
        raise fail("family", f"{raw['family']!r} not one of {', '.join(crawler_names())}")
    # `family` names the crawler; `layout` the page layout where it differs (a site
    # crawled through its feeds whose pages are cms-zce). Unset: the family's own
    # layout if it has one, else detected from each page.
    layout = raw.get("layout")
    if layout is not None and layout not in layout_names():
        raise fail("layout", f"{layout!r} not one of {', '.join(layout_names())}")
    if layout is None and raw["family"] in layout_names():
        layout = raw["family"]
    base = raw["base_url"].rstrip("/")
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise fail("base_url", f"{base!r} is not an http(s) URL")
    provinces = current_provinces()
    if raw["province"] not in provinces:
        raise fail("province", f"{raw['province']!r} is not a current (2025) province code")
    former = raw.get("former_province")
    if former is not None and not isinstance(former, str):
        raise fail("former_province", "expected a province code as text, e.g. '93'")
    if former is not None and former not in former_provinces():
        raise fail("former_province", f"{former!r} is not a pre-2025 province code")
    if former is not None and former_provinces()[former][1] != raw["province"]:
        raise fail("former_province", f"{former!r} was not merged into {raw['province']}")

    def url_list(field: str) -> list[str]:
        value = raw.get(field) or []
        if not isinstance(value, list) or not all(isinstance(u, str) for u in value):
            raise fail(field, "expected a list of URLs")
        return [urljoin(base + "/", u) for u in value]

    start_urls, feeds = url_list("start_urls"), url_list("feeds")
    if not start_urls and not feeds:
        raise fail("start_urls", "a site needs start_urls or feeds")
    selectors = raw.get("selectors") or {}
    if not isinstance(selectors, Mapping):
        raise fail("selectors", "expected a mapping")
    for key, value in selectors.items():
        if key not in SELECTOR_KEYS:
            raise fail(f"selectors.{key}", f"unknown (allowed: {', '.join(SELECTOR_KEYS)})")
        ok = isinstance(value, str) or (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        )
        if not ok:
            raise fail(f"selectors.{key}", "expected a CSS selector or a list of them")
    for field in ("politeness", "tls"):
        if not isinstance(raw.get(field) or {}, Mapping):
            raise fail(field, "expected a mapping")
    if not isinstance(raw.get("notes") or "", str):
        raise fail("notes", "expected text")
    politeness = dict(raw.get("politeness") or {})
    delay = politeness.setdefault("delay", 1.0)
    conc = politeness.setdefault("concurrency", 1)
    if not isinstance(delay, int | float) or delay < 0:
        raise fail("politeness.delay", "expected seconds >= 0")
    if conc not in (1, 2):
        raise fail("politeness.concurrency", "polite crawling allows 1 or 2")
    tls = {"seclevel1": False, "verify": True, **(raw.get("tls") or {})}
    unknown_tls = set(tls) - {"seclevel1", "verify"}
    if unknown_tls:
        raise fail(f"tls.{sorted(unknown_tls)[0]}", "unknown (allowed: seclevel1, verify)")
    if not all(isinstance(v, bool) for v in tls.values()):
        raise fail("tls", "seclevel1 and verify take true or false")
    max_pages = raw.get("max_pages", 5)
    if not isinstance(max_pages, int) or max_pages < 1:
        raise fail("max_pages", "expected a positive integer")
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        raise fail("enabled", "expected true or false")
    verified = raw.get("verified", "none")
    if verified not in ("fixture", "none"):
        raise fail("verified", "expected 'fixture' or 'none'")
    evidence = _evidence(raw.get("evidence"), fail)
    status = raw.get("status", "active")
    if status not in STATUSES:
        raise fail("status", f"{status!r} not one of {', '.join(STATUSES)}")
    successor = raw.get("successor")
    if successor is not None and (not isinstance(successor, str) or not _ID_RE.match(successor)):
        raise fail("successor", "expected the id of another site")
    if status == "moved" and successor is None:
        raise fail("successor", "a moved site names the site it moved to")
    if status == "active" and successor is not None:
        raise fail("successor", "only a moved or retired site has a successor")

    province = provinces[raw["province"]]
    return {
        "id": sid,
        "name": raw["name"].strip(),
        "kind": raw["kind"],
        "family": raw["family"],
        "layout": layout,
        "base_url": base,
        "host": parts.hostname.lower(),
        "start_urls": start_urls,
        "feeds": feeds,
        "selectors": dict(selectors),
        "politeness": politeness,
        "tls": tls,
        "max_pages": max_pages,
        "enabled": enabled,
        "verified": verified,
        "province_code": province.code,
        "province_name": province.name,
        "former_province_code": former,
        "former_province_name": former_provinces()[former][0].name if former else None,
        "notes": (raw.get("notes") or "").strip() or None,
        "evidence": evidence,
        "evidence_strength": evidence_strength(evidence),
        "status": status,
        "successor": successor,
    }


def _evidence(value: Any, fail: Any) -> list[dict[str, str | None]]:
    """Validate `evidence:`: a list of {url, kind, seen (date of the content), note}."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise fail("evidence", "expected a list of {url, kind, seen}")
    out = []
    for i, item in enumerate(value, 1):
        field = f"evidence[{i}]"
        if not isinstance(item, Mapping):
            raise fail(field, "expected a mapping with url, kind, seen")
        unknown = set(item) - {"url", "kind", "seen", "note"}
        if unknown:
            raise fail(
                f"{field}.{sorted(map(str, unknown))[0]}",
                "unknown (allowed: url, kind, seen, note)",
            )
        url = item.get("url")
        if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https"):
            raise fail(f"{field}.url", "expected an http(s) URL")
        if item.get("kind") not in EVIDENCE_KINDS:
            raise fail(
                f"{field}.kind", f"{item.get('kind')!r} not one of {', '.join(EVIDENCE_KINDS)}"
            )
        seen = item.get("seen")
        if isinstance(seen, date):  # YAML reads 2025-09-21 as a date
            seen = seen.isoformat()
        if seen is not None and (not isinstance(seen, str) or not _SEEN_RE.match(seen)):
            raise fail(
                f"{field}.seen",
                "expected the date of the content seen: YYYY, YYYY-MM or YYYY-MM-DD",
            )
        note = item.get("note")
        if note is not None and not isinstance(note, str):
            raise fail(f"{field}.note", "expected text")
        out.append({"url": url, "kind": item["kind"], "seen": seen, "note": note})
    return out


def evidence_strength(evidence: Iterable[Mapping[str, Any]]) -> str:
    """The strongest kind of evidence an entry has: strong, medium, weak or none."""
    found = {EVIDENCE_STRENGTH[e["kind"]] for e in evidence}
    return next((s for s in STRENGTHS if s in found), "none")


def last_seen(evidence: Iterable[Mapping[str, Any]]) -> str | None:
    """The newest content date among an entry's evidence (partial dates compare as text)."""
    return max((e["seen"] for e in evidence if e["seen"]), default=None)


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
