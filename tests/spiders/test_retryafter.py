from __future__ import annotations

from datetime import UTC, datetime

from spiders.retryafter import retry_after_seconds


def test_retry_after_delta_and_date() -> None:
    now = datetime(2026, 1, 1, 0, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(b"30") == 30.0
    assert retry_after_seconds("Thu, 01 Jan 2026 00:00:45 GMT", now=now) == 45.0
    assert retry_after_seconds("Wed, 31 Dec 2025 23:00:00 GMT", now=now) == 0.0
    assert retry_after_seconds(None) is None
    assert retry_after_seconds(b"soon") is None
