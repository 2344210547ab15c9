"""Read the site registry YAML files directly (no import from cleaning/flows).

From the project's registry, only the sites listed in sitefarm/sites.yaml are served:
the registry also holds real sites the farm has no pages for. A registry folder of
a test or bench (``sites_dir``) is served whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml

DEFAULT_SITES_DIR = Path(__file__).resolve().parents[1] / "spiders" / "sites"
IMPERSONATED = Path(__file__).resolve().parent / "sites.yaml"


@dataclass(frozen=True)
class SiteEntry:
    id: str
    name: str
    family: str  # the page layout: the entry's `layout`, else its crawler family
    base_url: str
    start_urls: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    raw: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def host(self) -> str:
        return (urlsplit(self.base_url).hostname or "").lower()

    def absolute(self, ref: str) -> str:
        """Resolve a registry-relative URL the way the spiders do (urljoin on base_url)."""
        return urljoin(self.base_url.rstrip("/") + "/", ref)


def load_sites(sites_dir: Path | None = None) -> list[SiteEntry]:
    served: dict | None = None
    if not sites_dir:
        served = yaml.safe_load(IMPERSONATED.read_text(encoding="utf-8"))
    sites_dir = Path(sites_dir) if sites_dir else DEFAULT_SITES_DIR
    out: list[SiteEntry] = []
    for path in sorted(sites_dir.glob("*.yaml")) + sorted(sites_dir.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if isinstance(data, dict):
            data = data.get("sites", [])
        for item in data:
            if served is not None and item["id"] not in served:
                continue  # real sites the farm does not impersonate
            farm = (served or {}).get(item["id"]) or {}
            out.append(
                SiteEntry(
                    id=str(item["id"]),
                    name=str(item.get("name", item["id"])),
                    family=str(
                        farm.get("template") or item.get("layout") or item.get("family", "generic")
                    ),
                    base_url=str(item["base_url"]),
                    start_urls=tuple(item.get("start_urls") or ()),
                    feeds=tuple(item.get("feeds") or ()),
                    raw=item,
                )
            )
    return out
