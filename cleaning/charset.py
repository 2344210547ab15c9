"""Turn raw response bytes into text.

Some servers (and some saved fixtures) hand out gzip bodies without
Content-Encoding handling, so the gzip magic is sniffed first. The HTTP
charset wins when it decodes cleanly; VnExpress declares <meta charset> only
after <title>, so a first-kilobyte sniff is not trusted over a clean UTF-8
decode. BeautifulSoup's UnicodeDammit settles the rest.
"""

from __future__ import annotations

import codecs
import gzip
import logging
import re
import zlib

_GZIP_MAGIC = b"\x1f\x8b"
_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
# UnicodeDammit warns on stderr for every undecodable byte run; the callers judge the
# result themselves (cleaning.page refuses binary data), so the warning is noise.
logging.getLogger("bs4.dammit").setLevel(logging.ERROR)


def _stray_bytes_as_cp1258(err: UnicodeDecodeError) -> tuple[str, int]:
    # A UTF-8 page with a fragment pasted from a legacy Vietnamese (Windows-1258) source:
    # each byte that is not UTF-8 is read as cp1258, the rest of the page stays UTF-8.
    bad = err.object[err.start : err.end]
    return bytes(bad).decode("cp1258", errors="replace"), err.end


codecs.register_error("provnews-stray-cp1258", _stray_bytes_as_cp1258)


def _mostly_utf8(data: bytes) -> bool:
    """True when the bytes are UTF-8 but for a few stray bytes (a mixed-encoding page)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ch > "\x7f") - bad
    return multibyte >= 2 * bad


def gunzip_if_needed(body: bytes) -> bytes:
    """Gunzip bodies that start with the gzip magic; tolerate truncated streams."""
    if not body.startswith(_GZIP_MAGIC):
        return body
    try:
        return gzip.decompress(body)
    except (OSError, EOFError, zlib.error):
        # Truncated download: keep whatever decompresses.
        try:
            return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body)
        except zlib.error:
            return body


def _codec_name(label: str | None) -> str | None:
    if not label:
        return None
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, as a Python codec name, or None."""
    if not content_type:
        return None
    m = _CHARSET_RE.search(content_type)
    return _codec_name(m.group(1)) if m else None


def decode_body(body: bytes, content_type: str | None) -> tuple[str, str]:
    """Decode an HTTP body to text; returns (text, encoding name)."""
    data = gunzip_if_needed(body)
    declared = charset_from_content_type(content_type)
    if declared:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass  # header lies (a "wrong charset" fault): fall through to sniffing
    try:
        # final=False tolerates a multi-byte character cut off at the end of a truncated body.
        return codecs.getincrementaldecoder("utf-8")().decode(data, final=False), "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        decoder = codecs.getincrementaldecoder("utf-8")(errors="provnews-stray-cp1258")
        return decoder.decode(data, final=False), "utf-8"
    # bs4 is imported only here: most bodies decode above, and every crawl subprocess
    # (one per site per night) imports this module.
    from bs4 import UnicodeDammit

    dammit = UnicodeDammit(data, is_html=True)
    if dammit.unicode_markup is not None and dammit.original_encoding:
        return dammit.unicode_markup, _codec_name(dammit.original_encoding) or "utf-8"
    return data.decode("utf-8", errors="replace"), "utf-8"
