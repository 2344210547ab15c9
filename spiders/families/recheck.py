"""When a known article is asked again: a change the site shows, or the revalidation turn.

Two ways an edit reaches the warehouse (docs/internals.md, "Edits"):

1. **Signals.** Listings, feeds and sitemaps print an update time ("Cập nhật",
   ``time.updated``, ``data-modified``, ``atom:updated``, ``<lastmod>``) or a posting
   date. A known article is re-asked (conditionally) when the update time moved past
   the one seen before — or, the first time one is seen, past the time the article was
   last fetched — or when its posting date moved forward (`changed_since`).
2. **Revalidation.** A site that prints no update time never says an article changed,
   and many print one that does not move on an edit (a sitemap ``<lastmod>`` that is the
   posting time). Known articles younger than ``PROVNEWS_REVALIDATE_DAYS`` (default 30)
   are asked again with If-None-Match / If-Modified-Since, a share
   ``PROVNEWS_REVALIDATE_SHARE`` (default 0.1) of them per night, those checked longest
   ago first (`revalidation_due`); an update time that moves only gets an edit there
   sooner. With a share s every article in the window is asked again within ceil(1/s)
   nights (10 by default) of its last check.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from spiders.families.timing import newer, stamp


def run_time(run_id: str | None) -> str | None:
    """The start time a run id like ``20260101T013000Z`` (or with microseconds) names."""
    if not run_id or len(run_id) < 16:
        return None
    try:
        dt = datetime.strptime(run_id[:15], "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None
    return dt.isoformat()


def checked_at(entry: Mapping[str, Any]) -> str | None:
    """When the site last confirmed this article's content (a 200 or a 304)."""
    return entry.get("checked_at") or run_time(entry.get("seen_run_id") or entry.get("run_id"))


def changed_since(
    entry: Mapping[str, Any], listing_date: str | None, updated: str | None
) -> str | None:
    """Why a known article must be asked again from what a listing/feed/sitemap shows now,
    or None. Dates are compared at the precision both sides have (timing.compare)."""
    if updated:
        before = entry.get("updated")
        if before:
            if newer(updated, before):
                return f"update time {updated} (was {before})"
        else:
            fetched = checked_at(entry)
            if fetched and newer(updated, fetched):
                return f"update time {updated} after its last fetch {fetched}"
    if listing_date and newer(listing_date, entry.get("listing_date")):
        return f"date {listing_date} (was {entry.get('listing_date')})"
    return None


def _age_reference(entry: Mapping[str, Any]) -> str | None:
    """The posting date shown, else the latest update time shown (an article is no younger
    than its last update), else when this crawler first fetched it."""
    return (
        entry.get("listing_date")
        or entry.get("updated")
        or entry.get("first_seen")
        or run_time(entry.get("run_id"))
    )


def revalidation_due(
    articles: Mapping[str, Mapping[str, Any]],
    now: datetime,
    window_days: int,
    share: float,
) -> list[str]:
    """The keys of the articles to revalidate tonight, oldest check first.

    In the window: fetched (status 200/304), an article, and posted (else last updated,
    else first fetched) less than `window_days` ago. The budget is ceil(share * n).
    """
    if window_days <= 0 or share <= 0:
        return []
    oldest = now - timedelta(days=window_days)
    pool = []
    for key, e in articles.items():
        if e.get("status") not in (200, 304) or e.get("not_article"):
            continue
        ref = stamp(_age_reference(e))
        if ref is None or ref.at < oldest:
            continue
        last = stamp(checked_at(e))
        pool.append((last.at if last else datetime.min.replace(tzinfo=UTC), key))
    if not pool:
        return []
    budget = min(len(pool), math.ceil(len(pool) * min(share, 1.0)))
    pool.sort()
    return [key for _, key in pool[:budget]]
