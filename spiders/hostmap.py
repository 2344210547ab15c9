"""Send requests for some hosts to a local server, keeping the real URLs.

`PROVNEWS_HOST_MAP=baocantho.com.vn=127.0.0.1:8123,…` makes every layer above
the transport (middlewares, spiders, raw records) see the site's real URL, so the
farm exercises exactly the code path used against the real site.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.http import Response

from provnews.settings import parse_host_map


class HostMapDownloadHandler(HTTP11DownloadHandler):
    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        # Installed only when PROVNEWS_HOST_MAP is set (spiders/command.py run_settings).
        self._map = parse_host_map(crawler.settings.get("PROVNEWS_HOST_MAP", ""))

    async def download_request(self, request: Request) -> Response:
        parts = urlsplit(request.url)
        target = self._map.get((parts.hostname or "").lower())
        if target is None:
            return await super().download_request(request)
        local = request.replace(
            url=urlunsplit(("http", target, parts.path or "/", parts.query, "")),
        )
        local.headers["Host"] = parts.netloc
        local.headers["X-Forwarded-Proto"] = parts.scheme
        response = await super().download_request(local)
        # The handler times the copy; AutoThrottle reads the latency from the original.
        if "download_latency" in local.meta:
            request.meta["download_latency"] = local.meta["download_latency"]
        location = response.headers.get("Location")
        if location is not None:
            # A farm redirect to its own address must look like the real site's.
            loc = location.decode("latin-1").replace(
                f"http://{target}", f"{parts.scheme}://{parts.netloc}"
            )
            response.headers["Location"] = loc
        return response.replace(url=request.url)
