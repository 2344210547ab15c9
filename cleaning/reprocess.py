"""Pure parts of `provnews reprocess`: which raw record to extract again, and what changed.

The raw zone keeps every page as served; reprocess extracts the latest fetch of each
stored article again with the running extractor (flows/reprocess.py runs it).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cleaning.stage import clean_record

# Raw record format (docs/internals.md, "Raw record"). Records carry no "format" key in
# format 1; a later format will, and a reader that does not know it refuses the file.
RAW_FORMAT = 1
_RAW_KEYS = ("url", "status", "html", "page_type")
# What `provnews reprocess` reports per field: the versioned content and the observed,
# derived fields a better extractor changes (views are an observation of the fetch).
FIELDS = ("title", "published_at", "author", "body", "images", "provinces", "persons",
          "event_date")  # fmt: skip


class RawFormatError(ValueError):
    """A raw file this provnews cannot read: the message names the file and its format."""


def raw_format(path: Path, rec: Mapping[str, Any]) -> int:
    """The record's format version, or RawFormatError (one line naming file and format)."""
    fmt = rec.get("format", 1)
    if not isinstance(fmt, int) or fmt > RAW_FORMAT:
        raise RawFormatError(
            f"{path}: raw format {fmt!r}, this provnews reads raw format {RAW_FORMAT}"
        )
    missing = [k for k in _RAW_KEYS if k not in rec]
    if missing:
        raise RawFormatError(
            f"{path}: raw format older than {RAW_FORMAT} (no {', '.join(missing)}); not read"
        )
    return fmt


def latest_fetches(path: Path, urls: Iterable[str]) -> dict[str, dict[str, Any]]:
    """url -> the last record of `path` (a raw .jsonl.gz) that fetched it with a page.

    Lines that do not parse are passed over here: the cleaning stage already logged them
    for the night that wrote the file."""
    wanted = set(urls)
    found: dict[str, dict[str, Any]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            if not isinstance(rec, dict):
                continue
            raw_format(path, rec)
            url = rec.get("url")
            if url in wanted and rec.get("status") == 200 and rec.get("html"):
                found[url] = rec
    return found


def extract_again(rec: Mapping[str, Any], site: Mapping[str, Any]) -> tuple[dict, dict | None]:
    """(fetch-log row, article row or None): the cleaning stage's own record path."""
    return clean_record(rec, site)


def _instant(value: Any) -> tuple[datetime | None, bool | None]:
    """(instant, has a time of day) of a stored TIMESTAMPTZ or a cleaned date string."""
    if value is None or value == "":
        return None, None
    if isinstance(value, datetime):
        return value, None
    text = str(value).strip()
    if len(text) == 10:
        return datetime.fromisoformat(f"{text}T00:00:00+07:00"), False
    return datetime.fromisoformat(text.replace("Z", "+00:00")), True


def changed_fields(stored: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """The FIELDS in which the new extraction differs from the stored article.

    `stored` is a warehouse row (published_at TIMESTAMPTZ and published_has_time,
    persons as JSON text, event_date a date); `new` a cleaned article row."""
    out = []
    for f in FIELDS:
        old, cur = stored.get(f), new.get(f)
        if f == "published_at":
            inst, has_time = _instant(cur)
            same = inst == _instant(old)[0] and (
                has_time is None or has_time == stored.get("published_has_time")
            )
        elif f == "persons":
            same = (json.loads(old) if isinstance(old, str) else old or []) == (cur or [])
        elif f == "event_date":
            same = (old.isoformat() if isinstance(old, date) else old) == cur
        elif f == "images":
            same = [(i.get("src"), i.get("caption")) for i in old or []] == [
                (i.get("src"), i.get("caption")) for i in cur or []
            ]
        elif f == "provinces":
            same = list(old or []) == list(cur or [])
        else:
            same = old == cur
        if not same:
            out.append(f)
    return out
