"""What the registry covers: province × kind, with each entry's family, status and evidence.

Pure functions over loaded sites (cleaning.registry.load_sites); `provnews sites
coverage --markdown` prints `render_markdown`, which is docs/coverage.md (a test
compares the two, so the doc is never edited by hand).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cleaning.registry import STATUSES, STRENGTHS, current_provinces, last_seen

# Every current province should have one active entry of each of these kinds.
REQUIRED_KINDS = ("portal", "party", "newspaper")
# Shown in the province table where entries exist, not counted as missing.
OPTIONAL_KINDS = ("school",)

Site = Mapping[str, Any]


@dataclass(frozen=True)
class Row:
    province: str  # "01 Hà Nội"
    kind: str
    site: Site | None  # None: no entry of this kind for the province


def province_rows(sites: Mapping[str, Site]) -> list[Row]:
    """One row per entry of a shown kind, and one per missing (province, required kind).

    Provinces in code order; within a province the kinds in order, active entries
    before moved and retired ones, then by id.
    """
    by_pair: dict[tuple[str, str], list[Site]] = {}
    for s in sites.values():
        by_pair.setdefault((s["province_code"], s["kind"]), []).append(s)
    rows = []
    for code, prov in current_provinces().items():
        label = f"{code} {prov.name}"
        for kind in REQUIRED_KINDS + OPTIONAL_KINDS:
            entries = sorted(
                by_pair.get((code, kind), []),
                key=lambda s: (STATUSES.index(s["status"]), s["id"]),
            )
            if not entries and kind in REQUIRED_KINDS:
                rows.append(Row(label, kind, None))
            rows.extend(Row(label, kind, s) for s in entries)
    return rows


def covered(sites: Mapping[str, Site], kind: str, min_strength: str = "weak") -> set[str]:
    """Province codes with an active entry of `kind` whose evidence is at least `min_strength`."""
    allowed = STRENGTHS[: STRENGTHS.index(min_strength) + 1]
    return {
        s["province_code"]
        for s in sites.values()
        if s["kind"] == kind and s["status"] == "active" and s["evidence_strength"] in allowed
    }


def summary(sites: Mapping[str, Site]) -> dict[str, Any]:
    """The figures of the coverage report (also `provnews sites coverage --json`)."""
    n = len(current_provinces())
    per_kind = {}
    for kind in REQUIRED_KINDS + OPTIONAL_KINDS:
        active = covered(sites, kind, "none")
        per_kind[kind] = {
            "provinces": n,
            "with_active_entry": len(active),
            **{f"evidenced_{s}": len(covered(sites, kind, s)) for s in STRENGTHS[:-1]},
        }
    complete = [
        code
        for code in current_provinces()
        if all(code in covered(sites, k, "weak") for k in REQUIRED_KINDS)
    ]
    return {
        "entries": len(sites),
        "by_status": dict(Counter(s["status"] for s in sites.values()).most_common()),
        "by_evidence": {
            k: sum(s["evidence_strength"] == k for s in sites.values()) for k in STRENGTHS
        },
        "by_kind": dict(Counter(s["kind"] for s in sites.values()).most_common()),
        "active_family_feed": sum(
            s["status"] == "active" and s["family"] == "feed" and not s.get("layout")
            for s in sites.values()
        ),
        "kinds": per_kind,
        "provinces_complete": len(complete),
        "provinces_incomplete": [
            f"{code} {p.name}" for code, p in current_provinces().items() if code not in complete
        ],
    }


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|") if text not in (None, "") else "—"


def render_markdown(sites: Mapping[str, Site]) -> str:
    """docs/coverage.md: the summary, then province × kind."""
    sm = summary(sites)
    out = [
        "# Registry coverage",
        "",
        "Generated from `spiders/sites/*.yaml` by",
        "`provnews sites coverage --markdown > docs/coverage.md`; a test fails when this file",
        "differs from what the registry gives, so regenerate it, never edit it. Evidence",
        "strength is an entry's strongest evidence:",
        "**strong** a stored copy of a page on the host, **medium** a real page URL on the host",
        "found in public code, **weak** a file URL or a mention that only shows the host exists,",
        "**none**. *seen* is the newest content date among the entry's evidence. What was",
        "searched and not found: [registry-evidence.md](registry-evidence.md).",
        "",
        "## Summary",
        "",
        f"{sm['entries']} entries; by status: "
        + ", ".join(f"{k} {v}" for k, v in sm["by_status"].items())
        + "; by evidence: "
        + ", ".join(f"{k} {v}" for k, v in sm["by_evidence"].items())
        + f". Active entries crawled by `feed` with no known layout: {sm['active_family_feed']}.",
        "",
        "| kind | provinces with an active entry | evidenced (weak or better) | medium or better"
        " | strong |",
        "| --- | --- | --- | --- | --- |",
    ]
    for kind, k in sm["kinds"].items():
        n = k["provinces"]
        out.append(
            f"| {kind} | {k['with_active_entry']}/{n} | {k['evidenced_weak']}/{n}"
            f" | {k['evidenced_medium']}/{n} | {k['evidenced_strong']}/{n} |"
        )
    out += [
        "",
        f"Provinces with an evidenced active portal, party committee and newspaper:"
        f" {sm['provinces_complete']}/{len(current_provinces())}"
        + (
            "; missing one or more: " + ", ".join(sm["provinces_incomplete"]) + "."
            if sm["provinces_incomplete"]
            else "."
        ),
        "",
        "## Province × kind",
        "",
        "Retired and moved entries stay under the current province; *former* is the pre-2025"
        " province their articles keep.",
        "",
        "| province | kind | site | host | family | status | evidence | seen | former |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in province_rows(sites):
        s = r.site
        if s is None:
            out.append(f"| {r.province} | {r.kind} | **missing** | — | — | — | — | — | — |")
            continue
        family = s["family"] + (
            f" / {s['layout']}" if s.get("layout") not in (None, s["family"]) else ""
        )
        status = s["status"] + (f" → {s['successor']}" if s["successor"] else "")
        former = s["former_province_code"] and (
            f"{s['former_province_code']} {s['former_province_name']}"
        )
        out.append(
            "| "
            + " | ".join(
                _cell(x)
                for x in (
                    r.province,
                    r.kind,
                    s["id"],
                    s["host"],
                    family,
                    status,
                    s["evidence_strength"],
                    last_seen(s["evidence"]),
                    former,
                )
            )
            + " |"
        )
    others = sorted(
        (s for s in sites.values() if s["kind"] not in REQUIRED_KINDS + OPTIONAL_KINDS),
        key=lambda s: (s["kind"], s["province_code"], s["id"]),
    )
    if others:
        out += [
            "",
            "## Other entries",
            "",
            "| kind | province | site | host | family | status | evidence | seen |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for s in others:
            out.append(
                "| "
                + " | ".join(
                    _cell(x)
                    for x in (
                        s["kind"],
                        f"{s['province_code']} {s['province_name']}",
                        s["id"],
                        s["host"],
                        s["family"],
                        s["status"],
                        s["evidence_strength"],
                        last_seen(s["evidence"]),
                    )
                )
                + " |"
            )
    return "\n".join(out) + "\n"
