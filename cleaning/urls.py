"""Canonical URLs and the stable article id derived from them.

The warehouse merges on `article_id`, so two fetches of the same article must
give the same canonical URL whatever tracking parameters, host case, `www.`
or trailing slash the link carried.
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only say where a click came from. Zalo adds zarsrc and
# gidzl, Facebook fbclid, Google gclid/gclsrc/dclid, Microsoft msclkid.
_TRACKING_EXACT = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "zarsrc", "gidzl",
        "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok",
        "ocid", "cmpid", "spm", "fb_action_ids", "fb_action_types", "fb_source",
    }
)  # fmt: skip
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _is_tracking(name: str) -> bool:
    low = name.lower()
    return low in _TRACKING_EXACT or low.startswith(_TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """Normalise a URL so that every link to the same page gives the same string.

    Lower-cases scheme and host, drops `www.`, default ports, the fragment and
    tracking parameters, sorts the remaining query parameters, and strips a
    trailing slash from the path (the root path stays `/`).
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        # e.g. "https://[::1/a" (a broken IPv6 literal): keep it, as typed, as its own key
        return url.strip()
    scheme = (parts.scheme or "http").lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    try:
        port = parts.port
    except ValueError:  # a malformed port: keep the URL usable rather than fail the row
        port = None
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    if parts.username:  # credentials in a URL are rare; keep them so we do not merge pages
        auth = parts.username + (f":{parts.password}" if parts.password else "")
        netloc = f"{auth}@{netloc}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    params = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)
    ]
    query = urlencode(sorted(params), doseq=True)
    return urlunsplit((scheme, netloc, path, query, ""))


def without_tracking(url: str) -> str:
    """``url`` as found, minus its click-tracking parameters and nothing else.

    What a spider requests: a listing that links an article once with ``utm_``/``fbclid``
    and once without gives one request whichever link is read first, and the raw zone
    and fetch log keep the article's own address. (Full canonicalisation is for keys
    only: a site may answer only on the host and path spelling it uses.)
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if not parts.query:
        return url
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not _is_tracking(k)]
    if len(kept) == len(pairs):
        return url
    return urlunsplit(parts._replace(query=urlencode(kept, doseq=True)))


def article_id(url: str) -> str:
    """Stable article id: first 32 hex chars of sha256(canonical_url(url))."""
    return hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()[:32]
