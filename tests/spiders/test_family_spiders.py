"""Every family spider against the farm: discovery, pagination, feeds, sitemaps, and a
second (incremental) night that fetches nothing it already has."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sitefarm.build import build_farm
from sitefarm.nights import publish
from sitefarm.truth import expected_articles, expected_failures
from spiders.families.base import parse_day

FARM = build_farm()
# site -> the family spider it exercises (family "feed" sites exercise the feed spider)
SITES = {
    "baocantho": "content-fck",
    "thanhuy-ngabay": "provincial-platform",
    "tct-thanhhoa": "liferay",
    "quangninh-portal": "sharepoint",
    "sxd-thanhhoa": "aspnet",
    "dhnv": "nukeviet",
    "napa-hcm": "wordpress",
    "doingoai-laocai": "drupal",
    "baolaocai": "feed",
    "baohaiduong": "feed",
    "camau-portal": "websphere",
    "hue-portal": "dotnetnuke",
    "nghean-portal": "catid-portal",
    "hatinh-portal": "bai-viet",
    "laichau-portal": "upload-fck",
}


def fetched(records: list[dict[str, Any]], page_type: str = "article") -> list[dict[str, Any]]:
    """Records of requests actually sent (a response came back) on discovery; the
    revalidation turn of known articles (`revalidated`) apart."""
    return [
        r
        for r in records
        if r["page_type"] == page_type and r["status"] is not None and r["via"] != "revalidation"
    ]


def revalidated(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in records if r["via"] == "revalidation"]


def truth_urls(site_id: str) -> set[str]:
    return {a["url"] for a in expected_articles() if a["site_id"] == site_id}


def test_every_family_has_a_farm_site() -> None:
    from spiders.families.listing import ListingSpider

    families = {c.name for c in _subclasses(ListingSpider)}
    assert families - {"cms-zce"} <= set(SITES.values())  # cms-zce: see its own test
    assert {b.site.id for b in FARM.sites} == set(SITES)


def _subclasses(cls: type) -> list[type]:
    out = []
    for sub in cls.__subclasses__():
        out += [sub, *_subclasses(sub)]
    return out


# Each case is two scrapy subprocesses (~5 s each, mostly importing Scrapy): three
# families run in the fast suite, the rest with the slow ones (CI runs both).
FAST = {"baocantho", "sxd-thanhhoa", "doingoai-laocai"}


@pytest.mark.parametrize(
    "site_id",
    [s if s in FAST else pytest.param(s, marks=pytest.mark.slow) for s in sorted(SITES)],
)
def test_first_night_then_an_unchanged_night(crawl: Any, site_id: str, tmp_path: Path) -> None:
    b = FARM.site(site_id)
    first = crawl(site_id, "20250101T000000Z")
    urls = {r["url"] for r in first}
    assert truth_urls(site_id) <= {r["url"] for r in fetched(first) if r["status"] == 200}
    assert not any("javascript" in u for u in urls)
    if b.site.start_urls:
        # every listing page reached by following the pager, one page at a time
        assert set(b.listing_urls) <= urls
        assert any(r["via"] == "pagination" for r in first)
    for f in expected_failures():
        if f["site_id"] == site_id and f["reason"] == "robots":
            rec = next(r for r in first if r["url"] == f["url"])
            assert rec["status"] is None and rec["error"] == "skipped: robots.txt"
    state = json.loads((tmp_path / "data" / "state" / f"{site_id}.json").read_text())
    assert state["run_id"] == "20250101T000000Z" and len(state["articles"]) >= len(b.articles)

    second = crawl(site_id, "20250102T000000Z")
    # no article fetched again (only a link that answered 500 is retried); each known
    # link is accounted for as a skip, unless its feed/listing itself answered 304
    failing = {f["url"] for f in expected_failures() if f["reason"] == "error"}
    assert {r["url"] for r in fetched(second)} <= failing
    # articles dated in the revalidation window (or undated) may take their turn,
    # recorded as such
    for r in revalidated(second):
        assert r["recheck"] == "revalidation" and r["url"] in truth_urls(site_id)
    skips = [r for r in second if (r["error"] or "").startswith("skipped: unchanged since")]
    assert all(r["previous_run_id"] == "20250101T000000Z" for r in skips)
    assert {r["url"] for r in skips} <= truth_urls(site_id)
    assert skips or all(r["status"] == 304 for r in second if r["page_type"] != "article")
    # listings: only the first page of each start URL (known articles reached there)
    listing = [r for r in second if r["page_type"] == "listing" and r["status"] is not None]
    assert len(listing) == len(b.site.start_urls)
    for r in second:
        if r["status"] == 304:
            assert r["html"] is None and r["not_modified"] is True
            assert r["error"].startswith(
                tuple(
                    f"skipped: {turn}not modified since 20250101T000000Z"
                    for turn in ("", "revalidation: ")
                )
            )


def test_conditional_requests_answered_304(crawl: Any) -> None:
    """WordPress sends ETag/Last-Modified: the second night's feed and listing are 304."""
    crawl("napa-hcm", "r1")
    second = crawl("napa-hcm", "r2")
    assert {r["page_type"] for r in second if r["status"] == 304} == {"feed", "listing"}
    assert not [r for r in second if r["status"] == 200]


def test_full_recrawl_fetches_everything_unconditionally(crawl: Any) -> None:
    crawl("napa-hcm", "r1")
    again = crawl("napa-hcm", "r2", "full=1")
    assert truth_urls("napa-hcm") <= {r["url"] for r in again if r["status"] == 200}
    assert not [r for r in again if r["status"] == 304]


def test_new_articles_are_the_only_article_requests(own_farm: Any, crawl: Any) -> None:
    crawl("dhnv", "r1", farm_=own_farm)
    new = publish(own_farm, "dhnv", 2)
    second = crawl("dhnv", "r2", farm_=own_farm)
    assert sorted(r["url"] for r in fetched(second)) == sorted(new)
    # page 1 holds the new ones and then known ones: the pager is not followed
    assert len(fetched(second, "listing")) == 1


def test_sitemap_index_gzip_child_and_incremental(own_farm: Any, crawl: Any) -> None:
    first = crawl("doingoai-laocai", "r1", farm_=own_farm)
    maps = [r for r in first if r["page_type"] == "sitemap" and r["status"] == 200]
    assert {r["url"].rsplit("/", 1)[1] for r in maps} == {
        "news-recent.xml.gz",
        "news-archive.xml",
    }
    assert [r for r in first if r["url"].endswith("/sitemap.xml")][0]["page_type"] == "feed"
    second = crawl("doingoai-laocai", "r2", farm_=own_farm)
    index = [r for r in second if r["url"].endswith("/sitemap.xml")]
    assert index[0]["status"] == 304  # ETag unchanged: nothing below it is asked
    assert not [r for r in second if r["page_type"] == "sitemap"]
    new = publish(own_farm, "doingoai-laocai", 1)
    third = crawl("doingoai-laocai", "r3", farm_=own_farm)
    got = {r["url"]: r for r in third}
    assert got[new[0]]["status"] == 200
    # a child whose index lastmod did not move is recorded as skipped, not fetched
    before = {r["url"]: r["listing_date"] for r in maps}
    for url, lastmod in before.items():
        if got[url]["listing_date"] == lastmod:
            assert got[url]["status"] is None and "lastmod" in got[url]["error"]
        else:
            assert got[url]["status"] == 200
    assert [r["url"] for r in fetched(third)] == new


def test_since_cuts_off_listing_and_feed_links(crawl: Any) -> None:
    since = "2023-01-01"
    for site_id in ("tct-thanhhoa", "baohaiduong"):
        recs = crawl(site_id, "r1", f"since={since}", "state_dir=off")
        cut = parse_day(since)
        for r in fetched(recs):
            assert r["listing_date"] is None or parse_day(r["listing_date"]) >= cut, r
        older = [r for r in recs if r["error"] == "skipped: before --since"]
        assert older and all(parse_day(r["listing_date"]) < cut for r in older)
        want = {a["url"] for a in expected_articles() if a["site_id"] == site_id} - {
            r["url"] for r in older
        }
        assert want <= {r["url"] for r in fetched(recs)}


def test_cms_zce_listing_spider(crawl: Any, tmp_path: Path) -> None:
    """baolaocai is registered as a feed site; a test-only entry on the same host runs
    the cms-zce spider over the farm's category listing."""
    extra = tmp_path / "zce.yaml"
    extra.write_text(
        "- id: zce-listing-test\n  name: Báo Lào Cai (listing test)\n  kind: newspaper\n"
        '  province: "15"\n  family: cms-zce\n  base_url: https://baolaocai.vn\n'
        "  start_urls: [/review-lao-cai/]\n",
        encoding="utf-8",
    )
    recs = crawl("zce-listing-test", "r1", extra_sites=extra)
    assert truth_urls("baolaocai") <= {r["url"] for r in fetched(recs) if r["status"] == 200}
    assert any(r["via"] == "pagination" for r in recs)
    second = crawl("zce-listing-test", "r2", extra_sites=extra)
    assert not fetched(second) and len(fetched(second, "listing")) == 1


def test_broken_state_file_costs_a_full_crawl_not_the_night(crawl: Any, tmp_path: Path) -> None:
    state = tmp_path / "data" / "state"
    state.mkdir(parents=True)
    (state / "dhnv.json").write_text("{not json", encoding="utf-8")
    recs = crawl("dhnv", "r1")
    assert truth_urls("dhnv") <= {r["url"] for r in fetched(recs)}
    assert json.loads((state / "dhnv.json").read_text())["run_id"] == "r1"
