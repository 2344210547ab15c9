"""Which CMS family a page (or a URL alone) belongs to, with the evidence for it.

The rules live in each family's module (families/<name>.py, `Detection`); this module
only weighs them. Kinds of evidence rank strictly: a generator meta tag beats a known
host, which beats markup, which beats a CMS-specific URL shape, then a shared URL shape
or shared markup (a platform marker), then asset paths. Within a kind, the family with
the lower precedence number wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from lxml.html import HtmlElement

from cleaning.css import select
from families import FAMILIES

# Strictly ranked: one hit of a kind outweighs any number of hits of the kinds below.
_WEIGHT = {
    "generator": 10**5,
    "host": 10**4,
    "markup": 10**3,
    "url": 10**2,
    "url-hint": 10,
    "markup-hint": 10,
}
_ASSET_WEIGHT = 1
# The table is fixed at import, in precedence order.
_ORDER = {name: i for i, name in enumerate(FAMILIES)}


@dataclass(frozen=True)
class Detected:
    family: str | None
    evidence: tuple[str, ...]  # "kind: what matched", for the family chosen


@cache
def _regexes(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.I) for p in patterns)


def _url_evidence(url: str, host: str) -> dict[str, list[tuple[int, str]]]:
    hits: dict[str, list[tuple[int, str]]] = {}
    for name, fam in FAMILIES.items():
        d = fam.detect
        for rx in _regexes(d.hosts):
            if host and rx.search(host):
                hits.setdefault(name, []).append((_WEIGHT["host"], f"host: {host} ~ {rx.pattern}"))
        for kind, patterns in (("url", d.urls), ("url-hint", d.url_hints)):
            for rx in _regexes(patterns):
                if rx.search(url):
                    hits.setdefault(name, []).append((_WEIGHT[kind], f"{kind}: {rx.pattern}"))
    return hits


def _page_evidence(doc: HtmlElement) -> dict[str, list[tuple[int, str]]]:
    hits: dict[str, list[tuple[int, str]]] = {}
    generators = [g.lower() for g in select(doc, "meta[name='generator']::attr(content)")]
    for name, fam in FAMILIES.items():
        d = fam.detect
        for needle in d.generators:
            if any(needle in g for g in generators):
                hits.setdefault(name, []).append((_WEIGHT["generator"], f"generator: {needle}"))
        for tests in d.markup:
            if all(select(doc, css) for css in tests):
                hits.setdefault(name, []).append(
                    (_WEIGHT["markup"], f"markup: {' + '.join(tests)}")
                )
        for css in d.markup_hints:
            if select(doc, css):
                hits.setdefault(name, []).append((_WEIGHT["markup-hint"], f"markup-hint: {css}"))
        for css in d.assets:
            if select(doc, css):
                hits.setdefault(name, []).append((_ASSET_WEIGHT, f"asset: {css}"))
    return hits


def detect(doc: HtmlElement | None, url: str = "", host: str = "") -> Detected:
    """The best-supported family for a page and its URL (either may be missing)."""
    hits = _url_evidence(url, host)
    if doc is not None:
        for name, found in _page_evidence(doc).items():
            hits.setdefault(name, []).extend(found)
    if not hits:
        return Detected(None, ())

    def rank(name: str) -> tuple[int, int, int]:
        # Kinds rank strictly: the strongest hit decides, their sum breaks ties, then
        # the family's place in the table.
        weights = [w for w, _ in hits[name]]
        return (-max(weights), -sum(weights), _ORDER[name])

    best = min(hits, key=rank)
    evidence = tuple(text for _, text in sorted(hits[best], key=lambda h: -h[0]))
    return Detected(best, evidence)


def detect_family(doc: HtmlElement, url: str, host: str = "") -> str | None:
    """The family name detect() chooses, or None."""
    return detect(doc, url, host).family
