"""Ground truth: what a correct extractor returns for every article URL the farm serves.

Conventions: text is NFC with whitespace runs (NBSP included) collapsed to one space;
``body`` is the paragraphs joined by one blank line, with a separate lead/sapo as the
first paragraph unless it just repeats the title, and without captions, bylines and
date lines; ``author`` is the name without its label ("Tin, ảnh: P.Y" -> "P.Y");
``published_at`` carries a time only when the page shows one (visible or in a
machine-readable attribute), else it is ``YYYY-MM-DD``.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from .build import build_farm


def _nfc(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc(v) for k, v in value.items()}
    return value


def expected_articles(sites_dir: Path | None = None) -> list[dict]:
    """One dict per served article: url, site_id, title, published_at, author, views,
    body, images [{src, caption}], synthetic."""
    farm = build_farm(sites_dir)
    return [_nfc(a.truth()) for b in farm.sites for a in b.articles]


def expected_failures(sites_dir: Path | None = None) -> list[dict]:
    """Listing links that must NOT yield an article: dead (404), error (500), robots."""
    farm = build_farm(sites_dir)
    return [
        {"url": it.url, "site_id": b.site.id, "status": it.status, "reason": it.reason}
        for b in farm.sites
        for it in b.items
        if it.reason
    ]
