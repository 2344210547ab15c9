"""The loopback HTTP server that impersonates every registry site, routed by Host."""

from __future__ import annotations

import collections
import json
import socket
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from . import conditional
from . import faults as fx
from .build import FarmData, SiteBuild, build_farm
from .faults import Faults, Rule
from .model import Page, text_page

ADMIN_HOST = "farm.local"


class _Handler(BaseHTTPRequestHandler):
    server_version = "provnews-farm/1"
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # quiet
        pass

    @property
    def farm(self) -> Farm:
        return self.server.farm  # type: ignore[attr-defined]

    def _host(self) -> str:
        host = (self.headers.get("Host") or "").strip().lower()
        if host.startswith("["):
            return host.split("]")[0] + "]"
        return host.rsplit(":", 1)[0] if ":" in host else host

    def _send(self, page: Page, head: bool = False) -> None:
        self.send_response(page.status)
        self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", str(len(page.body)))
        for k, v in page.headers.items():
            self.send_header(k, v)
        self.end_headers()
        if not head:
            self.wfile.write(page.body)

    def _serve(self, head: bool = False) -> None:
        host = self._host()
        if host == ADMIN_HOST:
            return self._admin("GET")
        site = self.farm.data.by_host.get(host)
        if site is None:
            return self._send(text_page(421, f"farm: unknown host {host!r}\n"), head)
        faults = self.farm.faults.get(site.site.id)
        if faults.latency:
            time.sleep(faults.latency)
        code = faults.status_for(self.path)
        if code is not None:
            self.farm.log(site.site.id, self.path, code, "status")
            return self._send(text_page(code, f"farm fault: status {code}\n"), head)
        rule = self.farm.faults.pick(site.site.id, self.path) if faults.rules else None
        path = _strip_params(self.path, faults)
        page = site.lookup(path)
        if page is None:
            page = text_page(404, "404 Not Found\n")
        page = conditional.answer(self.headers, page)  # 304 when the validators match
        self.farm.log(site.site.id, self.path, page.status, rule.kind if rule else None)
        if rule is None:
            return self._send(page, head)
        if faults.has("tracking_dupes") and _is_listing(site, path):
            page = _with_tracking_dupes(site, page)
        self._fault(rule, site, path, page, head)

    # -- faults ------------------------------------------------------------------

    def _fault(self, rule: Rule, site: SiteBuild, path: str, page: Page, head: bool) -> None:
        kind, name = rule.kind, site.site.name
        html = "text/html; charset=utf-8"
        if kind == "status":
            headers = {"Retry-After": rule.retry_after} if rule.retry_after else {}
            body = f"farm fault: status {rule.status}\n"
            return self._send(Page(rule.status, body.encode(), html, headers), head)
        if kind == "latency":
            time.sleep(rule.seconds)
            return self._send(page, head)
        if kind == "hang":
            time.sleep(rule.seconds or 30)
            self.close_connection = True
            return None
        if kind == "reset":
            return self._reset(page)
        if kind == "drip":
            return self._drip(page, rule.size or 64, rule.seconds or 0.5)
        if kind == "redirect_loop":
            target = _set_param(path, "loop", None if "loop=1" in self.path else "1")
            return self._send(Page(302, b"", html, {"Location": target}), head)
        if kind == "redirect":
            return self._send(Page(301, b"", html, {"Location": rule.target}), head)
        if kind == "charset":
            body = fx.recharset(page.body, rule.charset, rule.meta)
            ctype = f"text/html; charset={rule.declared}" if rule.declared else "text/html"
            return self._send(Page(page.status, body, ctype, page.headers), head)
        if kind == "gzip_bomb":
            body = fx.gzip_bomb(rule.size or 64 << 20)
            return self._send(Page(200, body, html, {"Content-Encoding": "gzip"}), head)
        if kind == "huge":
            return self._huge(rule.size or 64 << 20)
        if kind == "truncate":
            keep = rule.size or len(page.body) // 2
            return self._send(replace_body(page, page.body[:keep]), head)
        if kind == "empty":
            return self._send(Page(200, b"", html), head)
        pages = {
            "login": lambda: Page(200, fx.login_page(name), html),
            "challenge": lambda: Page(200, fx.challenge_page(), html),
            "soft404": lambda: Page(200, fx.soft404_page(name), html),
            "pdf": lambda: Page(200, fx.PDF, "application/pdf"),
            "image": lambda: Page(200, fx.JPEG, "image/jpeg"),
            "bad_feed": lambda: Page(200, fx.bad_feed(), "application/rss+xml; charset=utf-8"),
            "entity_bomb": lambda: Page(
                200, fx.entity_bomb(_first_article(site)), "application/rss+xml; charset=utf-8"
            ),
            "robots_block": lambda: Page(200, b"User-agent: *\nDisallow: /\n", "text/plain"),
        }
        if kind in pages:
            return self._send(pages[kind](), head)
        if kind in ("pager_trap", "calendar_trap") and page.status == 200:
            time.sleep(rule.seconds)
            return self._send(_with_trap(kind, self.path, path, page, site), head)
        return self._send(page, head)

    def _reset(self, page: Page) -> None:
        self.send_response(200)
        self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", str(len(page.body)))
        self.end_headers()
        self.wfile.write(page.body[: len(page.body) // 2])
        self.wfile.flush()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def _drip(self, page: Page, chunk: int, every: float) -> None:
        self.send_response(page.status)
        self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", str(len(page.body)))
        self.end_headers()
        try:
            for i in range(0, len(page.body), chunk):
                self.wfile.write(page.body[i : i + chunk])
                self.wfile.flush()
                time.sleep(every)
        except OSError:
            self.close_connection = True

    def _huge(self, size: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Connection", "close")
        self.end_headers()
        block = b"<p>" + b"x" * 65529 + b"</p>\n"
        try:
            self.wfile.write(b"<html><body>")
            for _ in range(size // len(block) + 1):
                self.wfile.write(block)
        except OSError:
            pass
        self.close_connection = True

    def finish(self) -> None:
        try:
            super().finish()
        except (OSError, ValueError):
            pass  # a fault closed or reset the connection on purpose

    def _admin(self, method: str) -> None:
        path = self.path.split("?", 1)[0]
        if path != "/faults":
            return self._send(text_page(404, "farm admin: GET/POST/DELETE /faults\n"))
        if method == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            try:
                data = json.loads(self.rfile.read(length) or b"{}")
                if not isinstance(data, dict):
                    raise ValueError("expected a JSON object")
                self.farm.faults.update_from(data)
            except (ValueError, TypeError, AttributeError) as exc:
                return self._send(text_page(400, f"bad faults JSON: {exc}\n"))
        elif method == "DELETE":
            self.farm.faults.clear()
        body = json.dumps(self.farm.faults.to_dict(), sort_keys=True).encode()
        self._send(Page(200, body, "application/json"))

    def do_GET(self) -> None:
        self._serve()

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_POST(self) -> None:
        if self._host() == ADMIN_HOST:
            return self._admin("POST")
        self._send(text_page(405, "405 Method Not Allowed\n"))

    def do_DELETE(self) -> None:
        if self._host() == ADMIN_HOST:
            return self._admin("DELETE")
        self._send(text_page(405, "405 Method Not Allowed\n"))


class Farm:
    """A running farm. Use as a context manager or call stop()."""

    def __init__(self, data: FarmData, port: int = 0) -> None:
        self.data = data
        self.faults = Faults()
        # (site_id, path?query, status served, fault kind or None) per request, newest last.
        self.requests: collections.deque = collections.deque(maxlen=200_000)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.farm = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, name="provnews-farm", daemon=True
        )

    def log(self, site_id: str, path_qs: str, status: int, fault: str | None) -> None:
        self.requests.append((site_id, path_qs, status, fault))

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def hosts(self) -> list[str]:
        return [b.host for b in self.data.sites]

    @property
    def host_map(self) -> str:
        return ",".join(f"{h}=127.0.0.1:{self.port}" for h in self.hosts)

    def start(self) -> Farm:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> Farm:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start_farm(port: int = 0, sites_dir: Path | None = None) -> Farm:
    """Build every registry site and serve it on 127.0.0.1:port (0 = any free port)."""
    return Farm(build_farm(sites_dir), port).start()


# -- fault helpers (pure) ------------------------------------------------------------

_TRAP_PARAMS = ("loop", "trang", "ngay")


def _is_tracking(name: str) -> bool:
    low = name.lower()
    return low.startswith(("utm_", "pk_", "mtm_")) or low in ("fbclid", "gclid", "zarsrc", "gidzl")


def replace_body(page: Page, body: bytes) -> Page:
    return Page(page.status, body, page.content_type, dict(page.headers))


def _set_param(path_qs: str, name: str, value: str | None) -> str:
    parts = urlsplit(path_qs)
    params = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != name]
    if value is not None:
        params.append((name, value))
    return parts.path + ("?" + urlencode(params) if params else "")


def _strip_params(path_qs: str, faults) -> str:
    """The page a faulted URL stands for: trap and loop parameters (and tracking ones
    when the site has tracking_dupes) are not part of the route."""
    if not faults.rules or "?" not in path_qs:
        return path_qs
    tracking = faults.has("tracking_dupes")
    parts = urlsplit(path_qs)
    params = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k not in _TRAP_PARAMS and not (tracking and _is_tracking(k))
    ]
    return parts.path + ("?" + urlencode(params) if params else "")


def _is_listing(site: SiteBuild, path_qs: str) -> bool:
    from .build import route_key

    keys = {route_key(_path_of(u)) for u in site.listing_urls}
    return route_key(path_qs) in keys


def _path_of(url: str) -> str:
    p = urlsplit(url)
    return (p.path or "/") + ("?" + p.query if p.query else "")


def _first_article(site: SiteBuild) -> str:
    return site.articles[0].url if site.articles else site.site.base_url


def _with_tracking_dupes(site: SiteBuild, page: Page) -> Page:
    """Every article link appears first with tracking parameters, then as it is."""
    body = page.body
    for a in site.articles:
        sep = "&amp;" if "?" in a.url else "?"
        dup = f"{a.url}{sep}utm_source=zalo&amp;utm_medium=social&amp;fbclid=IwAR0x"
        for form in (a.url, _path_of(a.url)):
            needle = f'href="{form}"'.encode()
            if needle in body:
                body = body.replace(needle, f'href="{dup}"'.encode(), 1)
                body = body.replace(b"</body>", f'<a href="{a.url}">.</a></body>'.encode(), 1)
                break
    return replace_body(page, body)


def _with_trap(kind: str, path_qs: str, base: str, page: Page, site: SiteBuild) -> Page:
    """Add a next link that never ends: page n+1 (a repeat of the page), or the day before."""
    from datetime import date, timedelta

    from .build import route_key

    query = dict(parse_qsl(urlsplit(path_qs).query))
    if kind == "pager_trap":
        keys = [route_key(_path_of(u)) for u in site.listing_urls]
        n = keys.index(route_key(base)) + 1 if route_key(base) in keys else 1
        n = int(query["trang"]) if query.get("trang", "").isdigit() else n
        nxt, text = _set_param(base, "trang", str(n + 1)), str(n + 1)
    else:
        day = date.fromisoformat(query.get("ngay", "2026-01-01"))
        nxt, text = _set_param(base, "ngay", (day - timedelta(days=1)).isoformat()), "Tiếp"
    href = nxt.replace("&", "&amp;")
    # Matches every family's pagination selectors (div#page, .paging, .pagination, …).
    link = (
        '<div id="page" class="Paging paging pagination pager generate_page '
        'lfr-pagination-buttons"><ul class="pagination"><li class="pager-next '
        f'pager__item--next"><a class="next page-numbers pagination__next page-link" '
        f'rel="next" href="{href}">{text}</a></li></ul></div>'
    ).encode()
    return replace_body(page, page.body.replace(b"</body>", link + b"</body>", 1))
