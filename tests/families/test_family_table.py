"""One table of families: every family name used anywhere is a family of families/."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml
from lxml.cssselect import CSSSelector

import families
from cleaning.registry import load_sites
from families import FAMILIES, crawler_names, layout_names

ROOT = Path(__file__).resolve().parents[2]
# Page templates of the site farm that are not CMS families: a plain newspaper page and
# the generic template served for sites crawled through their feeds.
FARM_ONLY_TEMPLATES = {"newspaper", "generic"}


def _css(selector: str) -> str:
    return re.sub(r"::(attr\([\w:-]+\)|text)\s*$", "", selector)


@pytest.mark.parametrize("name", list(FAMILIES))
def test_family_module_is_well_formed(name: str) -> None:
    fam = FAMILIES[name]
    assert fam.doc and fam.doc.strip(), f"{name}: say what CMS this is"
    assert fam.is_crawler or fam.is_layout, f"{name}: neither crawls nor reads pages"
    if fam.crawl:
        re.compile(fam.crawl.article_url)
        re.compile(fam.crawl.page_param)
        for css in fam.crawl.article_links + fam.crawl.next_page:
            CSSSelector(css, translator="html")
    names = [layout.name for layout in fam.layouts]
    assert len(names) == len(set(names)), f"{name}: layout names repeat"
    for layout in fam.layouts:
        assert layout.name == name or layout.name.startswith(f"{name}/"), layout.name
        for field in ("title", "date", "author", "body", "views", "lead", "drop", "signature"):
            for css in getattr(layout, field):
                CSSSelector(_css(css), translator="html")
    if len(fam.layouts) > 1:
        # Variants are chosen by what the page holds: all but the default need a signature.
        assert all(layout.signature for layout in fam.layouts[1:]), name
    for rx in fam.detect.hosts + fam.detect.urls + fam.detect.url_hints:
        re.compile(rx)
    for css in [c for tests in fam.detect.markup for c in tests] + list(
        fam.detect.markup_hints + fam.detect.assets
    ):
        CSSSelector(_css(css), translator="html")


def test_registry_uses_table_names_only() -> None:
    for site in load_sites().values():
        assert site["family"] in crawler_names(), site["id"]
        assert site["layout"] is None or site["layout"] in layout_names(), site["id"]


def test_scrapy_finds_one_spider_per_crawler_family() -> None:
    from scrapy.settings import Settings
    from scrapy.spiderloader import SpiderLoader

    import spiders.settings

    loader = SpiderLoader.from_settings(Settings(vars(spiders.settings)))
    assert sorted(loader.list()) == sorted(crawler_names())


def test_site_farm_serves_every_crawler_family() -> None:
    from sitefarm.build import CONDITIONAL_BY_LAYOUT
    from sitefarm.families import BUILDERS

    known = set(FAMILIES) | FARM_ONLY_TEMPLATES
    assert set(BUILDERS) <= known, set(BUILDERS) - known
    assert set(CONDITIONAL_BY_LAYOUT) <= known, set(CONDITIONAL_BY_LAYOUT) - known
    # `feed` sites are served with the generic template; every other crawler family has
    # a farm site of its own, so its spider is crawled end to end in the tests.
    missing = {n for n in crawler_names() if n != "feed"} - set(BUILDERS)
    assert not missing, f"crawler families without a farm template: {missing}"


def test_farm_templates_are_named_after_families() -> None:
    for path in (ROOT / "sitefarm" / "templates").glob("*.html.j2"):
        family = path.name.split("_")[0]
        assert family in set(FAMILIES) | FARM_ONLY_TEMPLATES, path.name


def test_farm_impersonates_registered_sites() -> None:
    served = yaml.safe_load((ROOT / "sitefarm" / "sites.yaml").read_text(encoding="utf-8"))
    sites = load_sites()
    assert set(served) <= set(sites), set(served) - set(sites)
    for sid, opts in served.items():
        template = (opts or {}).get("template")
        assert template is None or template in FARM_ONLY_TEMPLATES | set(FAMILIES), sid


def _string_lists(path: Path, name: str) -> list[str]:
    """The string literals assigned to `name` at module level in a Python file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            out += [c.value for c in ast.walk(node.value) if isinstance(c, ast.Constant)]
    return [s for s in out if isinstance(s, str)]


def test_benches_name_table_families_only() -> None:
    used = _string_lists(ROOT / "bench" / "crawl.py", "FAMILIES")
    assert used, "bench/crawl.py no longer lists its families: update this test"
    assert set(used) <= set(crawler_names()), set(used) - set(crawler_names())


def test_family_modules_are_the_package() -> None:
    modules = {
        p.stem
        for p in (ROOT / "families").glob("*.py")
        if p.stem not in ("__init__", "spec") and not p.stem.startswith("_")
    }
    assert modules == {n.replace("-", "_") for n in FAMILIES}
    assert families.get("no-such-family") is None
