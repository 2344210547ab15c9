"""What the per-site processes load: a sharded night starts a crawl-site engine and a
scrapy subprocess for every site, so modules they import but never use cost CPU on
every site of every night (docs/scaling.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from scrapy.settings import Settings
from scrapy.utils.conf import build_component_list

REPO = Path(__file__).resolve().parents[2]


def _loaded_after(code: str, modules: list[str]) -> list[str]:
    """Which of ``modules`` a fresh interpreter has imported after running ``code``."""
    probe = (
        f"{code}\nimport sys, json\nprint(json.dumps([m for m in {modules!r} if m in sys.modules]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_crawl_site_run_does_not_import_the_warehouse_or_the_cleaner() -> None:
    # What the crawl-site engine imports: its entrypoint and the crawl_site task.
    code = "import flows.shard\nfrom flows.nightly import crawl_site\nimport flows.health"
    heavy = ["duckdb", "warehouse.loader", "warehouse.health", "cleaning.stage", "bs4"]
    assert _loaded_after(code, heavy) == []


def test_spider_modules_do_not_import_bs4() -> None:
    code = (
        "import importlib, pkgutil, spiders.families\n"
        "for m in pkgutil.iter_modules(spiders.families.__path__):\n"
        "    importlib.import_module('spiders.families.' + m.name)\n"
        "import spiders.settings, spiders.hostmap, spiders.rawzone, spiders.middlewares"
    )
    assert _loaded_after(code, ["bs4"]) == []


def test_components_left_out_of_the_crawl_are_the_disabled_ones() -> None:
    settings = Settings()
    settings.setmodule("spiders.settings", priority="project")
    extensions = build_component_list(settings.getwithbase("EXTENSIONS"))
    middlewares = build_component_list(settings.getwithbase("DOWNLOADER_MIDDLEWARES"))
    assert "scrapy.extensions.remote_control.RemoteControl" not in extensions
    assert "scrapy.downloadermiddlewares.cookies.CookiesMiddleware" not in middlewares
    # Leaving them out changes nothing only while their switches stay off.
    assert settings.getbool("REMOTE_CONTROL_ENABLED") is False
    assert settings.getbool("COOKIES_ENABLED") is False
    # The rest of Scrapy's defaults are still there.
    assert "scrapy.downloadermiddlewares.retry.RetryMiddleware" in middlewares
    assert "scrapy.extensions.throttle.AutoThrottle" in extensions


def test_merging_the_component_lists_imports_no_left_out_component() -> None:
    """What a crawler's engine does with the lists (Scrapy 2.19 imports every key to
    merge them): nothing of aiohttp, tldextract or requests gets imported."""
    code = (
        "from scrapy.settings import Settings\n"
        "s = Settings(); s.setmodule('spiders.settings', priority='project')\n"
        "for name in ('EXTENSIONS', 'DOWNLOADER_MIDDLEWARES', 'SPIDER_MIDDLEWARES'):\n"
        "    s.get_component_priority_dict_with_base(name)"
    )
    assert _loaded_after(code, ["aiohttp", "tldextract", "requests"]) == []
