"""Small helpers shared by the pipeline tests."""

from __future__ import annotations

import gzip
import json
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


def fetch_from_farm(farm: Any, url: str) -> bytes:
    """GET a real site URL from the farm, the way the host map does it."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    req = urllib.request.Request(
        f"http://127.0.0.1:{farm.port}{path}",
        headers={"Host": parts.netloc, "X-Forwarded-Proto": parts.scheme},
    )
    with urllib.request.urlopen(req, timeout=10) as resp:
        return resp.read()


def raw_records(raw_dir: Path) -> list[dict[str, Any]]:
    out = []
    for path in sorted(raw_dir.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            out.extend(json.loads(line) for line in f)
    return out


def farm_night_sites() -> list[str]:
    """The sites the farm's night crawls, as the demo names them: every enabled entry the
    farm serves, the retired seed hosts included (a night's default leaves those out)."""
    from cleaning.registry import load_sites

    return [sid for sid, site in load_sites().items() if site["enabled"]]


def truth_by_url(sites: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """What the farm serves, by URL; of `sites` only when given (the farm also serves
    disabled entries, for the spider and fixture tests of their family)."""
    from sitefarm.truth import expected_articles

    return {a["url"]: a for a in expected_articles() if sites is None or a["site_id"] in sites}
