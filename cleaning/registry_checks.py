"""Warnings about a loaded registry that are not errors: `provnews sites check` prints them.

Validation (cleaning/registry.py) refuses what cannot work; these name what a
maintainer should look at: an entry nobody has evidence for, a retired or moved
site that would still be crawled, two entries on one host.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def registry_warnings(sites: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """One line per finding, `<site id>: <what>`, in registry order."""
    out: list[str] = []
    by_host: dict[str, list[str]] = {}
    for sid, s in sites.items():
        by_host.setdefault(s["host"].removeprefix("www."), []).append(sid)
    for sid, s in sites.items():
        if not s["evidence"]:
            out.append(f"{sid}: no evidence (add `evidence:` or record what was searched)")
        if s["status"] != "active" and s["enabled"]:
            succ = f" (successor: {s['successor']})" if s["successor"] else ""
            out.append(f"{sid}: {s['status']} but enabled: it would still be crawled{succ}")
        others = [o for o in by_host[s["host"].removeprefix("www.")] if o != sid]
        if others and sid == by_host[s["host"].removeprefix("www.")][0]:
            out.append(f"{sid}: host {s['host']} also used by {', '.join(others)}")
    return out
