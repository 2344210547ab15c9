"""The loopback HTTP server that impersonates every registry site, routed by Host."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from . import conditional
from .build import FarmData, build_farm
from .faults import Faults
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
            return self._send(text_page(code, f"farm fault: status {code}\n"), head)
        page = site.lookup(self.path)
        if page is None:
            page = text_page(404, "404 Not Found\n")
        page = conditional.answer(self.headers, page)  # 304 when the validators match
        self._send(page, head)

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
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.farm = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, name="provnews-farm", daemon=True
        )

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
