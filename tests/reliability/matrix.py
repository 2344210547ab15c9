"""The fault matrix: farm clones of real registry sites, one fault each.

Each fault site is a copy of a registry entry under a new id and host
(``<id>.fault.test``), so the farm serves it with the same templates and the
spiders crawl it with the same family code. ``build_matrix`` writes the registry
file (for ``PROVNEWS_SITES``) and a farm sites folder (built-in files + the clones);
``arm`` switches the faults on in a running farm.
"""

from __future__ import annotations

import re
import shutil
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cleaning.registry import BUILTIN_DIR


@dataclass
class Fault:
    name: str  # row of the reliability table
    what: str  # what the farm does
    site: str  # fault site (a clone of BASES[site])
    rules: list[dict[str, Any]]
    target: int | str = 0  # article index, or "articles" / "listing" / "feed" / "site"
    outcome: str = "error"  # what the faulted URL must become: article/listing/skipped/error

    @property
    def site_id(self) -> str:
        return f"fx-{self.site}"


WP, NV, SM = "napa-hcm", "dhnv", "baolaocai"  # wordpress (listing + RSS), nukeviet, sitemap
BASES = {
    "net": WP, "body": WP, "mixed": NV, "paths": WP, "bursts": WP, "charset": WP,
    "sitemap": SM, "refused": WP, "robots": WP, "endless": NV,
}  # fmt: skip
MAX_PAGES = {"fx-endless": 10_000}  # registry max_pages override: only the time budget stops it
CONTROL_SITES = ["baocantho", "dhnv"]  # fault-free sites crawled in the same night

FAULTS: list[Fault] = [
    Fault("connection refused", "host mapped to a closed port", "refused", [], "site"),
    Fault("reset mid-body", "half the body, then RST", "net", [{"kind": "reset"}], 0),
    Fault("timeout", "no answer within the download timeout", "net",
          [{"kind": "hang", "seconds": 8}], 1),
    Fault("slow drip", "64 bytes every 0.5 s", "net", [{"kind": "drip", "seconds": 0.5}], 2),
    Fault("503 always", "503 on every attempt", "net", [{"kind": "status", "status": 503}], 3),
    Fault("redirect loop", "302 A → A?loop=1 → A …", "net", [{"kind": "redirect_loop"}], 4,
          "skipped"),
    Fault("malformed RSS", "the RSS feed is an HTML error page", "net",
          [{"kind": "bad_feed"}], "feed"),
    Fault("gzip bomb", "Content-Encoding: gzip, 64 MB of zeros", "body",
          [{"kind": "gzip_bomb"}], 0, "skipped"),
    Fault("oversized page", "64 MB, no Content-Length", "body", [{"kind": "huge"}], 1),
    Fault("truncated HTML", "first half of the page", "body", [{"kind": "truncate"}], 2,
          "skipped"),
    Fault("empty 200", "200 with an empty body", "body", [{"kind": "empty"}], 3, "skipped"),
    Fault("login page", "200 with a login form", "body", [{"kind": "login"}], 4, "skipped"),
    Fault("XML entity bomb", "RSS with billion-laughs and external entities", "body",
          [{"kind": "entity_bomb"}], "feed", "listing"),
    Fault("cookie challenge", "200 JS/cookie challenge", "mixed", [{"kind": "challenge"}], 0,
          "skipped"),
    Fault("PDF for article", "application/pdf", "mixed", [{"kind": "pdf"}], 1, "skipped"),
    Fault("image for article", "image/jpeg", "mixed", [{"kind": "image"}], 2, "skipped"),
    Fault("redirect to other site", "301 to another registry site", "mixed",
          [{"kind": "redirect", "target": "https://baocantho.com.vn/thoi-su/"}], 3, "skipped"),
    Fault("soft 404", "200 'Không tìm thấy trang'", "mixed", [{"kind": "soft404"}], 4,
          "skipped"),
    Fault("calendar trap", "listing links to the day before, forever", "mixed",
          [{"kind": "calendar_trap"}], "listing", "listing"),
    Fault("latency", "0.5 s before every article", "mixed",
          [{"kind": "latency", "seconds": 0.5}], "articles", "article"),
    Fault("redirect off-site", "301 to an unknown host", "paths",
          [{"kind": "redirect", "target": "https://elsewhere.invalid/bai-viet.html"}], 0,
          "skipped"),
    Fault("pagination trap", "listing links to one more page, forever", "paths",
          [{"kind": "pager_trap"}], "listing", "listing"),
    Fault("tracking-parameter duplicates", "each article linked twice, once with utm_/fbclid",
          "paths", [{"kind": "tracking_dupes"}], "listing", "listing"),
    Fault("reset burst", "reset on the first request only", "bursts",
          [{"kind": "reset", "times": 1}], 0, "article"),
    Fault("429 + Retry-After", "429, Retry-After: 1, first request", "bursts",
          [{"kind": "status", "status": 429, "retry_after": "1", "times": 1}], 1, "article"),
    Fault("500 burst", "500 on the first request", "bursts",
          [{"kind": "status", "status": 500, "times": 1}], 2, "article"),
    Fault("502 burst", "502 on the first request", "bursts",
          [{"kind": "status", "status": 502, "times": 1}], 3, "article"),
    Fault("503 + Retry-After burst", "503, Retry-After: 1, first 2 requests", "bursts",
          [{"kind": "status", "status": 503, "retry_after": "1", "times": 2}], 4, "article"),
    Fault("wrong charset header", "cp1258 bytes, header says utf-8", "charset",
          [{"kind": "charset", "charset": "cp1258", "declared": "utf-8"}], 0, "article"),
    Fault("charset only in <meta>", "cp1258 bytes, no header charset", "charset",
          [{"kind": "charset", "charset": "cp1258", "declared": None}], 1, "article"),
    Fault("no charset at all", "windows-1252 + &#N; references, undeclared", "charset",
          [{"kind": "charset", "charset": "cp1252", "declared": None, "meta": False}], 2,
          "article"),
    Fault("malformed sitemap", "the only sitemap is an HTML error page", "sitemap",
          [{"kind": "bad_feed"}], "feed"),
    Fault("endless slow listing", "1.5 s per listing page, pages never end", "endless",
          [{"kind": "pager_trap", "seconds": 1.5}], "listing", "listing"),
    Fault("robots.txt disallows all", "Disallow: /", "robots", [{"kind": "robots_block"}],
          "site", "skipped"),
]  # fmt: skip
SITE_IDS = sorted({f.site_id for f in FAULTS})


def _builtin_entries() -> dict[str, dict]:
    out = {}
    for path in sorted(BUILTIN_DIR.glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            out[entry["id"]] = entry
    return out


def clone_entry(base: dict, site_id: str) -> dict:
    entry = {k: v for k, v in base.items() if k not in ("notes", "verified")}
    host = re.sub(r"^https?://[^/]+", "", entry["base_url"])
    entry["id"] = site_id
    entry["name"] = f"{base['name']} ({site_id})"
    entry["base_url"] = f"https://{site_id}.fault.test{host}"
    entry["politeness"] = {"delay": 0.0, "concurrency": 2}
    if site_id in MAX_PAGES:
        entry["max_pages"] = MAX_PAGES[site_id]
    return entry


def build_matrix(tmp: Path) -> tuple[Path, Path]:
    """(registry file for PROVNEWS_SITES, farm sites folder)."""
    builtin = _builtin_entries()
    clones = [clone_entry(builtin[BASES[sid[3:]]], sid) for sid in SITE_IDS]
    registry = tmp / "fault_sites.yaml"
    registry.write_text(yaml.safe_dump(clones, allow_unicode=True), encoding="utf-8")
    farm_dir = tmp / "farm_sites"
    farm_dir.mkdir(exist_ok=True)
    for path in BUILTIN_DIR.glob("*.yaml"):
        shutil.copy(path, farm_dir / path.name)
    shutil.copy(registry, farm_dir / "zz_fault_sites.yaml")
    return registry, farm_dir


def path_of(url: str) -> str:
    from urllib.parse import urlsplit

    p = urlsplit(url)
    return p.path + ("?" + p.query if p.query else "")


def target_urls(fault: Fault, farm: Any) -> list[str]:
    """The URLs (real host) the fault is aimed at."""
    b = farm.data.site(fault.site_id)
    if isinstance(fault.target, int):
        return [b.articles[fault.target].url]
    if fault.target == "articles":
        return [a.url for a in b.articles]
    if fault.target == "listing":
        return list(b.listing_urls)
    if fault.target == "feed":
        return [b.site.absolute(u) for u in b.site.feeds]
    return []


def arm(farm: Any) -> None:
    """Switch every fault on in the farm (the refused site needs the host map instead)."""
    rules: dict[str, list[dict]] = {}
    for f in FAULTS:
        paths = [path_of(u) for u in target_urls(f, farm)]
        pattern = "|".join(re.escape(p) + r"(?:$|[?&])" for p in paths)
        rules.setdefault(f.site_id, []).extend({"pattern": pattern, **r} for r in f.rules)
    for site_id, site_rules in rules.items():
        # Catch-all rules (latency on every article) go last: the first match wins.
        site_rules.sort(key=lambda r: r["kind"] == "latency")
        farm.faults.set(site_id, rules=site_rules)


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def host_map(farm: Any) -> str:
    refused = [f for f in FAULTS if f.target == "site" and not f.rules]
    extra = [f"{f.site_id}.fault.test=127.0.0.1:{closed_port()}" for f in refused]
    return ",".join([farm.host_map, *extra])
