"""A raw zone made of the site farm's article pages, multiplied: input for the benches of
the commands that read the raw zone (`clean`, and after it `load` and `publish`).

Each of the farm's articles (real devset pages, seed articles, synthetic ones, all with a
registry site) is written `copies` times as a raw record of its own site, the copies told
apart by a `bench` query parameter, so every record is a distinct article to the cleaner
and the warehouse (the article id follows the canonical URL, which keeps that parameter).
Raw record format: docs/internals.md. Kept outside the repo (a temporary folder).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from urllib.parse import urlsplit


def farm_articles() -> list[tuple[str, str, bytes]]:
    """(site id, url, body bytes as served) of every article the farm knows the answer for."""
    from sitefarm.build import build_farm
    from sitefarm.truth import expected_articles

    farm = build_farm()
    out = []
    for want in expected_articles():
        parts = urlsplit(want["url"])
        page = farm.by_host[parts.netloc].lookup(
            parts.path + (f"?{parts.query}" if parts.query else "")
        )
        out.append((want["site_id"], want["url"], page.body))
    return out


def write_raw_run(
    raw_dir: Path,
    copies: int,
    limit: int | None = None,
    *,
    first_copy: int = 0,
    fetched_at: str = "2026-01-09T01:31:00Z",
    articles: list[tuple[str, str, bytes]] | None = None,
) -> int:
    """Write raw_dir/<site_id>.jsonl.gz; returns the number of article records written.

    Copies are numbered from `first_copy`, so several runs written with consecutive
    ranges hold distinct articles; `fetched_at` dates every record (a night's date);
    `articles` is `farm_articles()` when the caller has it already (building the farm
    takes a second or two)."""
    from cleaning.charset import decode_body

    raw_dir.mkdir(parents=True, exist_ok=True)
    run_id = raw_dir.name
    by_site: dict[str, list[str]] = {}
    n = 0
    articles = articles if articles is not None else farm_articles()
    for copy in range(first_copy, first_copy + copies):
        for site_id, url, body in articles:
            if limit is not None and n >= limit:
                break
            html, encoding = decode_body(body, None)
            sep = "&" if "?" in url else "?"
            rec = {
                "run_id": run_id, "site_id": site_id, "url": f"{url}{sep}bench={copy}",
                "final_url": url, "status": 200, "fetched_at": fetched_at,
                "headers": {"content-type": "text/html; charset=utf-8"}, "html": html,
                "encoding": encoding, "bytes": len(body),
                "sha256": hashlib.sha256(body).hexdigest(), "page_type": "article",
                "discovered_from": None, "via": "listing", "listing_date": None, "error": None,
            }  # fmt: skip
            by_site.setdefault(site_id, []).append(json.dumps(rec, ensure_ascii=False))
            n += 1
    for site_id, lines in by_site.items():
        with gzip.open(raw_dir / f"{site_id}.jsonl.gz", "wt", encoding="utf-8") as fh:
            fh.writelines(line + "\n" for line in lines)
    return n
