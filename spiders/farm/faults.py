"""Switchable faults (off by default): per-site latency and status overrides.

A seam for the reliability work: extend ``SiteFaults`` with more kinds (resets, slow
bodies, wrong charset, redirect loops, huge pages) and apply them in ``server.py``.
"""

from __future__ import annotations

import re
import threading
from dataclasses import asdict, dataclass, field


@dataclass
class SiteFaults:
    latency: float = 0.0  # seconds slept before answering
    status: dict[str, int] = field(default_factory=dict)  # regex on path?query -> status

    def status_for(self, path_qs: str) -> int | None:
        for pattern, code in self.status.items():
            if re.search(pattern, path_qs):
                return int(code)
        return None


class Faults:
    """Thread-safe map site_id -> SiteFaults ("*" applies to every site)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sites: dict[str, SiteFaults] = {}

    def set(self, site_id: str, latency: float = 0.0, status: dict[str, int] | None = None) -> None:
        with self._lock:
            self._sites[site_id] = SiteFaults(float(latency), dict(status or {}))

    def clear(self, site_id: str | None = None) -> None:
        with self._lock:
            if site_id is None:
                self._sites.clear()
            else:
                self._sites.pop(site_id, None)

    def get(self, site_id: str) -> SiteFaults:
        with self._lock:
            f = self._sites.get(site_id) or self._sites.get("*")
            return SiteFaults(f.latency, dict(f.status)) if f else SiteFaults()

    def to_dict(self) -> dict:
        with self._lock:
            return {k: asdict(v) for k, v in self._sites.items()}

    def update_from(self, data: dict) -> None:
        """Apply a JSON body: {site_id: {"latency": s, "status": {pattern: code}} | null}."""
        for site_id, conf in data.items():
            if conf is None:
                self.clear(site_id)
            else:
                self.set(site_id, conf.get("latency", 0.0), conf.get("status"))
