"""What a site's previous crawls saw: `$PROVNEWS_DATA/state/<site_id>.json`.

One JSON object per site, rewritten atomically (temp file + ``os.replace``) at the
end of a crawl that finished normally; a crashed or killed crawl leaves the previous
state in place, so the next night simply redoes what was lost.

    {"version": 1, "site_id": "...", "run_id": "<last run that wrote it>",
     "articles": {<canonical url>: {"url", "status", "sha256", "etag", "last_modified",
                                    "listing_date", "run_id", "seen_run_id", "attempts"}},
     "pages":    {<canonical url>: {"url", "page_type", "sha256", "etag", "last_modified",
                                    "lastmod", "run_id"}}}

``articles[*].run_id`` is the run whose raw file holds the body last fetched (the one a
skip or a 304 refers to); ``pages`` are listings, feeds and sitemaps, kept for
conditional requests (ETag / Last-Modified) and sitemap-index ``lastmod``.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from provnews.settings import settings

VERSION = 1
# An article that failed (no response, 5xx) this many times in a row is no longer
# retried on every night; `full=1` retries it.
MAX_ATTEMPTS = 3
# Final statuses: the URL is not fetched again unless a hint says it changed.
SETTLED = (200, 304, 404, 410)


def default_state_dir() -> Path:
    return settings().state_dir


class CrawlState:
    def __init__(self, path: Path | None, site_id: str) -> None:
        self.path = path
        self.site_id = site_id
        self.articles: dict[str, dict[str, Any]] = {}
        self.pages: dict[str, dict[str, Any]] = {}
        self.loaded_from: str | None = None  # run_id of the state read at start
        self.problem: str | None = None
        if path is not None and path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("version") != VERSION or data.get("site_id") != site_id:
                    raise ValueError("version or site id differs")
                self.articles = dict(data.get("articles") or {})
                self.pages = dict(data.get("pages") or {})
                self.loaded_from = data.get("run_id")
            except (OSError, ValueError, AttributeError) as exc:
                # A broken state only costs a full crawl; never a failed night.
                self.problem = f"{path}: unreadable state ({exc}); crawling as if new"

    @classmethod
    def for_site(cls, site_id: str, state_dir: str | os.PathLike | None) -> CrawlState:
        if state_dir in ("off", "none", ""):
            return cls(None, site_id)
        base = Path(state_dir) if state_dir else default_state_dir()
        return cls(base / f"{site_id}.json", site_id)

    def article(self, key: str) -> dict[str, Any] | None:
        return self.articles.get(key)

    def settled(self, key: str) -> dict[str, Any] | None:
        """The entry if this article need not be fetched again (absent a change hint)."""
        entry = self.articles.get(key)
        if entry is None:
            return None
        if entry.get("status") in SETTLED or entry.get("attempts", 0) >= MAX_ATTEMPTS:
            return entry
        return None

    def save(self, run_id: str, out_dir: Path | None = None) -> Path | None:
        """Write the state atomically, beside the one read or into `out_dir`.

        The flow passes `out_dir` (a per-run pending folder) and promotes the file only
        once the run's articles are in the warehouse: a night that dies between crawl and
        load must not leave a state claiming articles the warehouse never got.
        """
        if self.path is None:
            return None
        target = (out_dir / self.path.name) if out_dir is not None else self.path
        target.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "version": VERSION,
            "site_id": self.site_id,
            "run_id": run_id,
            "articles": dict(sorted(self.articles.items())),
            "pages": dict(sorted(self.pages.items())),
        }
        fd, tmp = tempfile.mkstemp(prefix=f".{self.site_id}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, indent=0)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target
