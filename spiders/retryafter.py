"""Downloader middleware: honour `Retry-After` before Scrapy retries a 429/503.

Scrapy's RetryMiddleware retries at once; a site that says "come back in 30 s" is
asking for less, not more. This waits min(Retry-After, PROVNEWS_RETRY_AFTER_MAX)
seconds (without blocking other sites: an asyncio sleep) and then lets the response go
on to RetryMiddleware, which decides whether to retry.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from provnews.settings import default


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None if absent."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware:
    def __init__(self, max_wait: float) -> None:
        self.max_wait = max_wait

    @classmethod
    def from_crawler(cls, crawler: Any) -> RetryAfterMiddleware:
        return cls(
            crawler.settings.getfloat("PROVNEWS_RETRY_AFTER_MAX", default("retry_after_max_s"))
        )

    async def process_response(self, request: Any, response: Any, spider: Any = None) -> Any:
        if response.status in (429, 503):
            wait = retry_after_seconds(response.headers.get(b"Retry-After"))
            if wait:
                await asyncio.sleep(min(wait, self.max_wait))
        return response
