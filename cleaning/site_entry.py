"""One registry entry: its keys, and their validation into the dict every layer reads.

`validate_site` is a sequence of small checks, one per group of keys; each raises a
`RegistryError` whose message names the file, the entry, the site and the field.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from families import crawler_names, layout_names

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
    "article_url",  # a regex: which links, feed and sitemap URLs are the site's articles
)
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
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
KEYS = frozenset(
    {
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
)


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


class _Entry:
    """A raw entry under validation: typed reads that fail naming the field."""

    def __init__(self, raw: Mapping[str, Any], where: str) -> None:
        self.raw = raw
        self.where = where

    def fail(self, field: str, msg: str) -> RegistryError:
        return RegistryError(f"{self.where}: {field}: {msg}")

    def text(self, field: str) -> str:
        value = self.raw.get(field)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(field, "required text")
        return value

    def one_of(self, field: str, allowed: Iterable[str], default: str | None = None) -> str:
        value = self.raw.get(field, default)
        allowed = tuple(allowed)
        if value not in allowed:
            raise self.fail(field, f"{value!r} not one of {', '.join(allowed)}")
        return value

    def mapping(self, field: str) -> dict[str, Any]:
        value = self.raw.get(field) or {}
        if not isinstance(value, Mapping):
            raise self.fail(field, "expected a mapping")
        return dict(value)

    def flag(self, field: str, default: bool) -> bool:
        value = self.raw.get(field, default)
        if not isinstance(value, bool):
            raise self.fail(field, "expected true or false")
        return value

    def urls(self, field: str, base: str) -> list[str]:
        value = self.raw.get(field) or []
        if not isinstance(value, list) or not all(isinstance(u, str) for u in value):
            raise self.fail(field, "expected a list of URLs")
        return [urljoin(base + "/", u) for u in value]


def _open(raw: Any, where: str) -> _Entry:
    if not isinstance(raw, Mapping):
        raise RegistryError(f"{where}: expected a mapping, got {type(raw).__name__}")
    sid = raw.get("id")
    if not isinstance(sid, str) or not ID_RE.match(sid):
        raise RegistryError(f"{where}: id {sid!r} must match {ID_RE.pattern}")
    entry = _Entry(raw, f"{where} ({sid})")
    unknown = set(raw) - KEYS
    if unknown:
        allowed = ", ".join(sorted(KEYS))
        raise entry.fail(sorted(unknown)[0], f"unknown key (allowed: {allowed})")
    for field in ("name", "kind", "family", "base_url", "province"):
        entry.text(field)
    return entry


def _crawler(e: _Entry) -> tuple[str, str | None]:
    """`family` names the crawler; `layout` the page layout where it differs (a site
    crawled through its feeds whose pages are cms-zce). Unset: the family's own layout
    if it has one, else detected from each page."""
    family = e.one_of("family", crawler_names())
    layout = e.raw.get("layout")
    if layout is not None:
        e.one_of("layout", layout_names())
    elif family in layout_names():
        layout = family
    return family, layout


def _base(e: _Entry) -> tuple[str, str]:
    base = e.raw["base_url"].rstrip("/")
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise e.fail("base_url", f"{base!r} is not an http(s) URL")
    return base, parts.hostname.lower()


def _provinces(e: _Entry) -> dict[str, str | None]:
    code = e.raw["province"]
    province = current_provinces().get(code)
    if province is None:
        raise e.fail("province", f"{code!r} is not a current (2025) province code")
    former = e.raw.get("former_province")
    if former is not None and not isinstance(former, str):
        raise e.fail("former_province", "expected a province code as text, e.g. '93'")
    if former is not None and former not in former_provinces():
        raise e.fail("former_province", f"{former!r} is not a pre-2025 province code")
    if former is not None and former_provinces()[former][1] != code:
        raise e.fail("former_province", f"{former!r} was not merged into {code}")
    return {
        "province_code": province.code,
        "province_name": province.name,
        "former_province_code": former,
        "former_province_name": former_provinces()[former][0].name if former else None,
    }


def _selectors(e: _Entry) -> dict[str, Any]:
    selectors = e.mapping("selectors")
    for key, value in selectors.items():
        if key not in SELECTOR_KEYS:
            raise e.fail(f"selectors.{key}", f"unknown (allowed: {', '.join(SELECTOR_KEYS)})")
        ok = isinstance(value, str) or (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        )
        if not ok:
            raise e.fail(f"selectors.{key}", "expected a CSS selector or a list of them")
    if "article_url" in selectors:
        try:
            re.compile(selectors["article_url"])
        except (re.error, TypeError) as exc:
            raise e.fail(
                "selectors.article_url", f"expected one regular expression ({exc})"
            ) from None
    return selectors


def _politeness(e: _Entry) -> dict[str, Any]:
    politeness = e.mapping("politeness")
    delay = politeness.setdefault("delay", 1.0)
    conc = politeness.setdefault("concurrency", 1)
    if not isinstance(delay, int | float) or delay < 0:
        raise e.fail("politeness.delay", "expected seconds >= 0")
    if conc not in (1, 2):
        raise e.fail("politeness.concurrency", "polite crawling allows 1 or 2")
    return politeness


def _tls(e: _Entry) -> dict[str, bool]:
    tls = {"seclevel1": False, "verify": True, **e.mapping("tls")}
    unknown = set(tls) - {"seclevel1", "verify"}
    if unknown:
        raise e.fail(f"tls.{sorted(unknown)[0]}", "unknown (allowed: seclevel1, verify)")
    if not all(isinstance(v, bool) for v in tls.values()):
        raise e.fail("tls", "seclevel1 and verify take true or false")
    return tls


def _max_pages(e: _Entry) -> int:
    max_pages = e.raw.get("max_pages", 5)
    if not isinstance(max_pages, int) or max_pages < 1:
        raise e.fail("max_pages", "expected a positive integer")
    return max_pages


def _notes(e: _Entry) -> str | None:
    notes = e.raw.get("notes") or ""
    if not isinstance(notes, str):
        raise e.fail("notes", "expected text")
    return notes.strip() or None


def _status(e: _Entry) -> tuple[str, str | None]:
    status = e.one_of("status", STATUSES, default="active")
    successor = e.raw.get("successor")
    if successor is not None and (not isinstance(successor, str) or not ID_RE.match(successor)):
        raise e.fail("successor", "expected the id of another site")
    if status == "moved" and successor is None:
        raise e.fail("successor", "a moved site names the site it moved to")
    if status == "active" and successor is not None:
        raise e.fail("successor", "only a moved or retired site has a successor")
    return status, successor


def _evidence_item(e: _Entry, i: int, item: Any) -> dict[str, str | None]:
    field = f"evidence[{i}]"
    if not isinstance(item, Mapping):
        raise e.fail(field, "expected a mapping with url, kind, seen")
    unknown = set(item) - {"url", "kind", "seen", "note"}
    if unknown:
        raise e.fail(
            f"{field}.{sorted(map(str, unknown))[0]}", "unknown (allowed: url, kind, seen, note)"
        )
    url = item.get("url")
    if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https"):
        raise e.fail(f"{field}.url", "expected an http(s) URL")
    if item.get("kind") not in EVIDENCE_KINDS:
        raise e.fail(
            f"{field}.kind", f"{item.get('kind')!r} not one of {', '.join(EVIDENCE_KINDS)}"
        )
    seen = item.get("seen")
    if isinstance(seen, date):  # YAML reads 2025-09-21 as a date
        seen = seen.isoformat()
    if seen is not None and (not isinstance(seen, str) or not _SEEN_RE.match(seen)):
        raise e.fail(
            f"{field}.seen", "expected the date of the content seen: YYYY, YYYY-MM or YYYY-MM-DD"
        )
    note = item.get("note")
    if note is not None and not isinstance(note, str):
        raise e.fail(f"{field}.note", "expected text")
    return {"url": url, "kind": item["kind"], "seen": seen, "note": note}


def _evidence(e: _Entry) -> list[dict[str, str | None]]:
    """`evidence:`: a list of {url, kind, seen (date of the content), note}."""
    value = e.raw.get("evidence")
    if value is None:
        return []
    if not isinstance(value, list):
        raise e.fail("evidence", "expected a list of {url, kind, seen}")
    return [_evidence_item(e, i, item) for i, item in enumerate(value, 1)]


def evidence_strength(evidence: Iterable[Mapping[str, Any]]) -> str:
    """The strongest kind of evidence an entry has: strong, medium, weak or none."""
    found = {EVIDENCE_STRENGTH[e["kind"]] for e in evidence}
    return next((s for s in STRENGTHS if s in found), "none")


def last_seen(evidence: Iterable[Mapping[str, Any]]) -> str | None:
    """The newest content date among an entry's evidence (partial dates compare as text)."""
    return max((e["seen"] for e in evidence if e["seen"]), default=None)


def validate_site(raw: Any, where: str = "entry") -> dict[str, Any]:
    """Return a normalised copy of one entry, or raise RegistryError naming the field."""
    e = _open(raw, where)
    kind = e.one_of("kind", KINDS)
    family, layout = _crawler(e)
    base, host = _base(e)
    provinces = _provinces(e)
    start_urls, feeds = e.urls("start_urls", base), e.urls("feeds", base)
    if not start_urls and not feeds:
        raise e.fail("start_urls", "a site needs start_urls or feeds")
    selectors = _selectors(e)
    politeness, tls = _politeness(e), _tls(e)
    notes = _notes(e)
    max_pages = _max_pages(e)
    enabled = e.flag("enabled", True)
    verified = e.raw.get("verified", "none")
    if verified not in ("fixture", "none"):
        raise e.fail("verified", "expected 'fixture' or 'none'")
    evidence = _evidence(e)
    status, successor = _status(e)
    return {
        "id": raw["id"],
        "name": raw["name"].strip(),
        "kind": kind,
        "family": family,
        "layout": layout,
        "base_url": base,
        "host": host,
        "start_urls": start_urls,
        "feeds": feeds,
        "selectors": selectors,
        "politeness": politeness,
        "tls": tls,
        "max_pages": max_pages,
        "enabled": enabled,
        "verified": verified,
        **provinces,
        "notes": notes,
        "evidence": evidence,
        "evidence_strength": evidence_strength(evidence),
        "status": status,
        "successor": successor,
    }
