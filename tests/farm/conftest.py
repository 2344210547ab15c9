import gzip
import http.client
import re
from urllib.parse import urlsplit

import pytest

from sitefarm import start_farm


@pytest.fixture(scope="session")
def farm():
    with start_farm() as f:
        yield f


class Client:
    """Fetch a real URL from the farm: plain HTTP to 127.0.0.1 with the original Host."""

    def __init__(self, farm):
        self.farm = farm

    def get(
        self, url: str, method: str = "GET", body: bytes | None = None, host: str | None = None
    ):
        parts = urlsplit(url)
        path = parts.path + ("?" + parts.query if parts.query else "")
        conn = http.client.HTTPConnection("127.0.0.1", self.farm.port, timeout=10)
        headers = {"Host": host or parts.hostname, "X-Forwarded-Proto": "https"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        conn.request(method, path or "/", body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        return resp.status, dict(resp.getheaders()), data


@pytest.fixture(scope="session")
def client(farm):
    return Client(farm)


def links(html: bytes) -> list[str]:
    return re.findall(r'href="(https?://[^"]+)"', html.decode("utf-8"))


def gunzip(data: bytes) -> bytes:
    return gzip.decompress(data)
