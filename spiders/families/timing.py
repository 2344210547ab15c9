"""Comparing the dates sites show (listings, feeds, sitemaps) with what a crawl stored.

A date is compared only at the precision both sides have: a sitemap's full UTC
``<lastmod>`` against a date-only listing date compares days, taken in Vietnam's time
zone (a site's date-only "07/12/2026" is a local day; 2026-12-06T20:00:00Z is the 7th
there). A date without an offset is local time (UTC+7), as Vietnamese sites print it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

VN_TZ = timezone(timedelta(hours=7))

DAY, MINUTE, SECOND = 0, 1, 2
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HAS_SECONDS = re.compile(r"[T ]\d{1,2}:\d{2}:\d{2}")


@dataclass(frozen=True)
class Stamp:
    """An aware instant and how much of it the site showed (DAY, MINUTE or SECOND)."""

    at: datetime
    precision: int

    def at_precision(self, precision: int) -> date | datetime:
        if precision == DAY:
            return self.at.astimezone(VN_TZ).date()
        utc = self.at.astimezone(UTC)
        return utc.replace(second=0, microsecond=0) if precision == MINUTE else utc


def stamp(text: str | None) -> Stamp | None:
    """An ISO 8601 or RFC 2822 date string as a Stamp; None when it is neither."""
    if not text:
        return None
    text = text.strip()
    if _ISO_DAY.match(text):
        return Stamp(datetime.fromisoformat(text).replace(tzinfo=VN_TZ), DAY)
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            dt = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        # RFC 2822 always carries seconds; an offset of -0000 means "unknown": UTC.
        return Stamp(dt if dt.tzinfo else dt.replace(tzinfo=UTC), SECOND)
    precision = SECOND if _HAS_SECONDS.search(text) else MINUTE
    return Stamp(dt if dt.tzinfo else dt.replace(tzinfo=VN_TZ), precision)


def compare(a: str | None, b: str | None) -> int | None:
    """-1, 0 or 1 as `a` is before, the same as or after `b` at their common precision;
    None when either is missing or unreadable."""
    sa, sb = stamp(a), stamp(b)
    if sa is None or sb is None:
        return None
    p = min(sa.precision, sb.precision)
    x, y = sa.at_precision(p), sb.at_precision(p)
    return (x > y) - (x < y)  # type: ignore[operator]


def newer(current: str | None, before: str | None) -> bool:
    """True when `current` is after `before` at the precision both show."""
    return compare(current, before) == 1


def latest(*texts: str | None) -> str | None:
    """The latest of several date strings (at their common precision); None if none reads."""
    best: str | None = None
    for t in texts:
        if stamp(t) is not None and (best is None or newer(t, best)):
            best = t
    return best
