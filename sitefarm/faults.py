"""Switchable faults (off by default), per site and per URL pattern.

``farm.faults.set(site_id, latency=…, status={regex: code}, rules=[…])``; the admin API
(``POST http://farm.local/faults``) takes the same as JSON. A rule is a dict (or a
``Rule``) with a ``kind`` and a ``pattern`` (regex searched in path?query; "" matches
every path except ``/robots.txt``). ``times=N`` makes a burst: the first N matching
requests get the fault, later ones are served normally. The server applies the first
rule that matches (see ``server.py``). Kinds:

=================  ===============================================================
``status``         answer ``status`` (429/500/502/503…), ``retry_after`` header if set
``latency``        sleep ``seconds`` before answering normally
``hang``           sleep ``seconds`` then close the connection without a response
``reset``          send headers and half the body, then reset the connection (RST)
``drip``           send the body ``size`` bytes (default 64) every ``seconds``
``redirect_loop``  302 A → A?loop=1 → A → …
``redirect``       301 to ``target`` (another host, another farm site)
``charset``        re-encode the page in ``charset`` (cp1258 / windows-1252) and
                   declare ``declared`` in the header ("" = no charset); ``meta``
                   false drops the page's own ``<meta charset>``
``gzip_bomb``      ``Content-Encoding: gzip`` of ``size`` zero bytes (≈1000:1)
``huge``           a ``size``-byte page without Content-Length (close-delimited)
``truncate``       only the first ``size`` bytes (default: half) of the page
``empty``          200 with an empty body
``login``          200 with a login form  /  ``challenge``: a cookie/JS challenge page
``soft404``        200 with a "page not found" page in the site's clothes
``pdf`` ``image``  200 with a PDF / a JPEG where an article was expected
``pager_trap``     a listing that always links to one more page (``?trang=N``)
``calendar_trap``  a listing that always links to the previous day (``?ngay=DATE``)
``tracking_dupes`` listings link every article twice, once with utm_/fbclid parameters
``robots_block``   robots.txt says ``Disallow: /`` (pattern is ignored)
``bad_feed``       feeds and sitemaps are malformed XML (an HTML error page)
``entity_bomb``    feeds and sitemaps are a "billion laughs" XML entity bomb
=================  ===============================================================
"""

from __future__ import annotations

import re
import threading
from dataclasses import asdict, dataclass, field, fields, replace

KINDS = (
    "status", "latency", "hang", "reset", "drip", "redirect_loop", "redirect", "charset",
    "gzip_bomb", "huge", "truncate", "empty", "login", "challenge", "soft404", "pdf", "image",
    "pager_trap", "calendar_trap", "tracking_dupes", "robots_block", "bad_feed", "entity_bomb",
)  # fmt: skip
# Rules that change robots.txt; every other rule leaves /robots.txt alone.
ROBOTS_KINDS = ("robots_block",)


@dataclass
class Rule:
    kind: str
    pattern: str = ""
    times: int = 0  # 0: always; N: only the first N matching requests (a burst)
    status: int = 503
    retry_after: str | None = None
    seconds: float = 0.0
    size: int = 0
    target: str = ""
    charset: str = "cp1258"
    declared: str | None = "utf-8"
    meta: bool = True
    hits: int = 0  # matching requests so far (burst counter)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r} (one of {', '.join(KINDS)})")
        re.compile(self.pattern)

    def matches(self, path_qs: str) -> bool:
        path = path_qs.split("?", 1)[0]
        if path == "/robots.txt":
            return self.kind in ROBOTS_KINDS
        if self.kind in ROBOTS_KINDS:
            return False
        return re.search(self.pattern, path_qs) is not None

    @classmethod
    def from_dict(cls, data: dict) -> Rule:
        if not isinstance(data, dict) or "kind" not in data:
            raise ValueError("a fault rule is an object with a 'kind'")
        names = {f.name for f in fields(cls)} - {"hits"}
        unknown = set(data) - names
        if unknown:
            raise ValueError(f"unknown fault rule key(s): {', '.join(sorted(unknown))}")
        return cls(**data)


@dataclass
class SiteFaults:
    latency: float = 0.0  # seconds slept before answering
    status: dict[str, int] = field(default_factory=dict)  # regex on path?query -> status
    rules: list[Rule] = field(default_factory=list)

    def status_for(self, path_qs: str) -> int | None:
        for pattern, code in self.status.items():
            if re.search(pattern, path_qs):
                return int(code)
        return None

    def has(self, kind: str) -> bool:
        return any(r.kind == kind for r in self.rules)


class Faults:
    """Thread-safe map site_id -> SiteFaults ("*" applies to every site)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sites: dict[str, SiteFaults] = {}

    def set(
        self,
        site_id: str,
        latency: float = 0.0,
        status: dict[str, int] | None = None,
        rules: list[Rule | dict] | None = None,
    ) -> None:
        parsed = [r if isinstance(r, Rule) else Rule.from_dict(r) for r in rules or ()]
        with self._lock:
            self._sites[site_id] = SiteFaults(float(latency), dict(status or {}), parsed)

    def clear(self, site_id: str | None = None) -> None:
        with self._lock:
            if site_id is None:
                self._sites.clear()
            else:
                self._sites.pop(site_id, None)

    def get(self, site_id: str) -> SiteFaults:
        with self._lock:
            f = self._sites.get(site_id) or self._sites.get("*")
            if not f:
                return SiteFaults()
            return SiteFaults(f.latency, dict(f.status), [replace(r) for r in f.rules])

    def pick(self, site_id: str, path_qs: str) -> Rule | None:
        """The first rule that applies to this request (counting it for bursts), or None."""
        with self._lock:
            f = self._sites.get(site_id) or self._sites.get("*")
            for rule in f.rules if f else ():
                if not rule.matches(path_qs):
                    continue
                rule.hits += 1
                if rule.times and rule.hits > rule.times:
                    continue  # the burst is over: later rules (or no fault) apply
                return replace(rule)
        return None

    def to_dict(self) -> dict:
        with self._lock:
            return {k: asdict(v) for k, v in self._sites.items()}

    def update_from(self, data: dict) -> None:
        """Apply a JSON body: {site_id: {"latency": s, "status": {pattern: code},
        "rules": [{"kind": …, "pattern": …}, …]} | null}."""
        for site_id, conf in data.items():
            if conf is None:
                self.clear(site_id)
            else:
                self.set(site_id, conf.get("latency", 0.0), conf.get("status"), conf.get("rules"))


# -- fault bodies (the server sends them; pure functions of the page) -----------------

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def encode_legacy(text: str, charset: str) -> bytes:
    """Encode Vietnamese text the way legacy sites did: cp1258 with combining tone
    marks (base vowels like ê/ơ stay precomposed), anything else as &#N; references."""
    import unicodedata

    out: list[str] = []
    for ch in text:
        try:
            ch.encode(charset)
            out.append(ch)
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        tones = "".join(c for c in decomposed if c in _TONES)
        try:
            (base + tones).encode(charset)
            out.append(base + tones)
        except UnicodeEncodeError:
            out.append(f"&#{ord(ch)};")
    return "".join(out).encode(charset, errors="xmlcharrefreplace")


_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?[\w-]+[\"']?[^>]*>", re.I)


def recharset(body: bytes, charset: str, keep_meta: bool) -> bytes:
    text = body.decode("utf-8", errors="replace")
    encoded = encode_legacy(text, charset)
    label = {"cp1258": "windows-1258", "cp1252": "windows-1252"}.get(charset, charset)
    if keep_meta:
        return _META_CHARSET.sub(f'<meta charset="{label}">'.encode(), encoded, count=1)
    return _META_CHARSET.sub(b"", encoded)


_GZIP_BOMBS: dict[int, bytes] = {}


def gzip_bomb(size: int) -> bytes:
    import gzip
    import io

    if size not in _GZIP_BOMBS:
        buf = io.BytesIO()
        with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as gz:
            chunk = b"\0" * (1 << 20)
            for _ in range(size >> 20):
                gz.write(chunk)
            gz.write(b"\0" * (size & ((1 << 20) - 1)))
        _GZIP_BOMBS[size] = buf.getvalue()
    return _GZIP_BOMBS[size]


def _page(title: str, body_html: str) -> bytes:
    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body>{body_html}</body></html>\n"
    ).encode()


def login_page(site_name: str) -> bytes:
    return _page(
        f"Đăng nhập hệ thống - {site_name}",
        f"<header><h1>{site_name}</h1></header><main><h2>Đăng nhập</h2>"
        '<form method="post" action="/dang-nhap"><label>Tên đăng nhập '
        '<input type="text" name="username"></label><label>Mật khẩu '
        '<input type="password" name="password"></label>'
        '<button type="submit">Đăng nhập</button></form>'
        "<p>Vui lòng đăng nhập để xem nội dung này.</p></main>",
    )


def challenge_page() -> bytes:
    return _page(
        "Just a moment...",
        "<noscript>Vui lòng bật JavaScript và cookie để tiếp tục.</noscript>"
        "<p>Đang kiểm tra trình duyệt của bạn trước khi truy cập...</p>"
        '<script>document.cookie="__challenge=9f86d08;path=/";'
        "setTimeout(function(){location.reload()},3000);</script>",
    )


def soft404_page(site_name: str) -> bytes:
    return _page(
        f"Không tìm thấy trang - {site_name}",
        f"<header><h1>{site_name}</h1><nav><a href='/'>Trang chủ</a></nav></header>"
        "<main><h1>404 - Không tìm thấy trang</h1>"
        "<p>Trang bạn yêu cầu không tồn tại hoặc đã bị xóa. Vui lòng quay lại "
        "trang chủ hoặc sử dụng chức năng tìm kiếm để tìm nội dung bạn cần.</p></main>"
        "<footer><p>Bản quyền thuộc về " + site_name + ".</p></footer>",
    )


PDF = (
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
JPEG += b"\0" * 64 + b"\xff\xd9"


def bad_feed() -> bytes:
    return _page("Lỗi hệ thống", "<h1>Server Error in '/' Application.</h1><p>Runtime Error</p>")


def entity_bomb(link: str) -> bytes:
    ents = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE rss [\n'
        + "\n".join(ents)
        + '\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
        '<rss version="2.0"><channel><title>&lol9;</title>'
        f"<item><title>&xxe;</title><link>{link}</link><description>&lol9;</description></item>"
        "</channel></rss>\n"
    ).encode()
