"""Conditional GET on the farm: a page that carries an ETag or Last-Modified (see
``build.CONDITIONAL_BY_LAYOUT``) answers 304 when the request's validators match."""

from __future__ import annotations

from collections.abc import Mapping
from email.utils import parsedate_to_datetime

from .model import Page


def not_modified(headers: Mapping[str, str], page: Page) -> bool:
    """RFC 9110 §13.2.2: If-None-Match is evaluated first; If-Modified-Since only without it."""
    if page.status != 200:
        return False
    etag = page.headers.get("ETag")
    inm = headers.get("If-None-Match")
    if inm is not None:
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return etag is not None and (etag in tags or "*" in tags)
    last = page.headers.get("Last-Modified")
    ims = headers.get("If-Modified-Since")
    if not (last and ims):
        return False
    try:
        return parsedate_to_datetime(last) <= parsedate_to_datetime(ims)
    except (TypeError, ValueError):
        return False


def answer(headers: Mapping[str, str], page: Page) -> Page:
    """The page itself, or a bodiless 304 carrying the same validators."""
    if not not_modified(headers, page):
        return page
    keep = {k: v for k, v in page.headers.items() if k in ("ETag", "Last-Modified")}
    return Page(304, b"", page.content_type, keep)
