"""Enrichment: provinces, people, the event and topic tags of one article.

`enrich(text, title, published_at)` returns exactly the keys pinned in
docs/internals.md ("Enrichment keys"): provinces, province_mentions, persons, event,
event_date, topics. `text` is the body, optionally followed by the image captions
(captions name people and places too); the title is passed separately because the
event type and the topic tags weigh it differently.

People are found first so that their names are masked for the province matcher
("Phó Thủ tướng Nguyễn Hòa Bình" is not the former Hòa Bình province).
"""

from __future__ import annotations

from cleaning.events import find_event
from cleaning.persons import find_person_mentions, find_persons
from cleaning.provinces import find_province_mentions
from cleaning.text import nfc
from cleaning.topics import find_topics

ENRICH_KEYS = ("provinces", "province_mentions", "persons", "event", "event_date", "topics")


def enrich(
    text: str | None, title: str | None = None, published_at: str | None = None, captions=()
) -> dict:
    """Enrichment keys for one article (see the module docstring)."""
    text = nfc(text or "")
    title = nfc(title or "")
    full = "\n".join(x for x in (title, text, *captions) if x)
    person_mentions = find_person_mentions(full)
    spans = [(m["start"], m["end"]) for m in person_mentions]
    mentions = find_province_mentions(full, published_at, exclude_spans=spans)
    provinces: list[str] = []
    for m in mentions:
        if m["current_name"] not in provinces:
            provinces.append(m["current_name"])
    event = find_event(text, title, published_at, captions)
    return {
        "provinces": provinces,
        "province_mentions": mentions,
        "persons": find_persons(full, person_mentions),
        "event": event,
        "event_date": event["date"] if event else None,
        "topics": find_topics("\n".join([text, *captions]), title),
    }
