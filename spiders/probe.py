"""`provnews sites probe ID`: what a site's config finds and extracts, in one call.

Runs the site's family spider once (a `scrapy crawl` subprocess, honouring
PROVNEWS_HOST_MAP, so it works against the farm or the live site) in probe mode: the
start URLs and feeds, each listing's page 2 (found by the family's pager selectors or the
generic next-page finder), at most `max_articles` articles fetched, no state read or
written. Then extracts the fetched articles with the site's
selectors. Nothing is written outside a temporary folder.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from spiders.command import TIMEOUT_EXIT, crawl_command

REPO_ROOT = Path(__file__).resolve().parent.parent


def probe(site_id: str, max_articles: int = 3, timeout_s: int = 180) -> dict[str, Any]:
    """Crawl a site's listings/feeds and extract its first articles.

    Returns {"site", "family", "exit_code", "seconds", "pages": [...], "page2": [...],
    "article_urls": [...], "articles": [...], "log_tail"}; `pages` are the
    listings/feeds/sitemaps fetched with how many article links each gave, `page2` for
    each start URL the page 2 found (url, how the pager link was found, status, article
    links) or url None when no pager link was found,
    `articles` the first fetched ones with title, published_at, author, views,
    body_start and the extraction layers. Raises KeyError for an unknown site.
    """
    from cleaning.extract import extract_article
    from cleaning.registry import load_sites

    site = load_sites()[site_id]
    with tempfile.TemporaryDirectory(prefix="provnews-probe-") as tmp:
        raw_dir = Path(tmp) / "raw"
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "spiders.settings"}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
        cmd = crawl_command(site, "probe", raw_dir, probe=max_articles)
        started = time.monotonic()
        try:
            proc = subprocess.run(
                cmd, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=timeout_s
            )
            code, log = proc.returncode, proc.stderr
        except subprocess.TimeoutExpired as exc:
            said = exc.stderr or b""
            code, log = TIMEOUT_EXIT, said.decode("utf-8", "replace") if said else ""
        seconds = round(time.monotonic() - started, 2)
        records = _records(raw_dir / f"{site_id}.jsonl.gz")
    pages = []
    listing_recs = []
    for r in records:
        if r["page_type"] == "article":
            continue
        listing_recs.append(r)
        found = sum(
            1 for a in records if a["page_type"] == "article" and a["discovered_from"] == r["url"]
        )
        pages.append(
            {
                "url": r["url"],
                "page_type": r["page_type"],
                "status": r["status"],
                "error": r["error"],
                "article_links": found,
                "pager": r.get("pager"),
            }
        )
    page2 = []
    for start in site["start_urls"]:
        nxt = next(
            (p for p, r in zip(pages, listing_recs, strict=True) if r["discovered_from"] == start),
            None,
        )
        page2.append(
            {"start_url": start, "url": None, "how": None, "status": None, "article_links": 0}
            if nxt is None
            else {
                "start_url": start,
                "url": nxt["url"],
                "how": nxt["pager"],
                "status": nxt["status"],
                "article_links": nxt["article_links"],
            }
        )
    article_urls = list(dict.fromkeys(r["url"] for r in records if r["page_type"] == "article"))
    articles = []
    for r in records:
        if r["page_type"] != "article" or r["status"] is None:
            continue
        row: dict[str, Any] = {"url": r["url"], "status": r["status"], "error": r["error"]}
        if r["status"] == 200 and r.get("html"):
            try:
                got = extract_article(
                    r["html"], r["url"], site["selectors"] or None, site["layout"]
                )
            except Exception as exc:  # a probe reports, it does not crash
                row["error"] = f"extraction: {type(exc).__name__}: {exc}"
            else:
                body = got.get("body") or ""
                row.update(
                    {
                        "title": got.get("title"),
                        "published_at": got.get("published_at"),
                        "author": got.get("author"),
                        "views": got.get("views"),
                        "body_start": body[:300],
                        "body_chars": len(body),
                        "images": len(got.get("images") or []),
                        "layers": got.get("layers"),
                    }
                )
        articles.append(row)
    return {
        "site": site_id,
        "family": site["family"],
        "base_url": site["base_url"],
        "exit_code": code,
        "seconds": seconds,
        "pages": pages,
        "page2": page2,
        "article_urls": article_urls,
        "articles": articles,
        "log_tail": "\n".join(log.splitlines()[-15:]),
    }


def _records(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    out = []
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                out.append(json.loads(line))
    except (EOFError, OSError, json.JSONDecodeError):
        pass  # a killed crawl: keep what was written
    return out


if __name__ == "__main__":  # python -m spiders.probe SITE_ID [N]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    print(json.dumps(probe(sys.argv[1], n), ensure_ascii=False, indent=2))
