"""From whatever arrives to an extraction result: the one entry point of the CLI and the stage.

`provnews extract` reads bytes from a file and the cleaning stage reads the text the crawler
decoded; both go through `extract_page`, so a page that is odd in either form (control
characters pasted from Word, NUL, lone surrogates, mixed encodings, a truncated file) gives a
result with the fields that were found, and input that is not a page at all (a PDF, an image,
random bytes, plain text, nothing) raises `NotAPage` with a one-line reason instead of a
traceback. The CLI turns that into one line on stderr and exit 2; the stage records the page
as skipped with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from cleaning.charset import decode_body
from cleaning.extract import extract_article

# Signatures of files that are never pages, whatever their bytes decode to.
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"\x7fELF", "an executable"),
)
# What random or binary data decodes to: C0 controls and replacement characters. A real page
# carries a few (Word pastes \x0b); binary data carries them by the hundred.
_BINARY_CHARS = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")
_BINARY_SHARE = 0.01
_BINARY_MIN = 8
# Any tag, comment or doctype: without one the text is not HTML.
_MARKUP = re.compile(r"<(?:[a-zA-Z][\w:-]*[\s/>]|!|/[a-zA-Z])")


class NotAPage(ValueError):
    """The input is not an HTML page; the message is a one-line reason."""


def not_a_page(text: str) -> str | None:
    """Why a decoded text is not an HTML page (empty, binary, no markup), or None if it is one."""
    if not text or not text.strip():
        return "empty"
    sample = text[:200_000]
    bad = len(_BINARY_CHARS.findall(sample))
    if bad >= _BINARY_MIN and bad > _BINARY_SHARE * len(sample):
        return f"binary data ({bad} control or undecodable characters in {len(sample)})"
    if _MARKUP.search(sample) is None:
        return "no HTML markup"
    return None


def page_text(data: bytes, content_type: str | None = None) -> str:
    """Decode a fetched or saved page (gzip sniffed, charset settled); NotAPage if it is none."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise NotAPage(f"not a page: {what}")
    text, _ = decode_body(data, content_type)
    reason = not_a_page(text)
    if reason:
        raise NotAPage(f"not a page: {reason}")
    return text


def extract_page(
    html: str,
    url: str,
    selectors: Mapping[str, Any] | None = None,
    family: str | None = None,
    *,
    now: datetime | None = None,
) -> dict:
    """`extract_article` on a decoded page, after refusing text that is not one (NotAPage)."""
    reason = not_a_page(html)
    if reason:
        raise NotAPage(f"not a page: {reason}")
    return extract_article(html, url, selectors, family, now=now)
