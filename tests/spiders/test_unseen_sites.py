"""Sites registered the way a maintainer would (host, family, start URLs, feeds only) whose
theme the family defaults do not name: pagers found, only articles kept, every edit
caught (with an update time the site shows, or by the revalidation turn without one), a
second page layout of the family read by the layout the page holds."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path

import pytest

from cleaning.stage import clean_run
from sitefarm.build import build_farm
from sitefarm.nights import edit, publish, synthetic_urls
from sitefarm.server import Farm
from tests.spiders.conftest import run_spider

# id -> (family, base URL, start URL, feeds, farm theme)
SITES: dict[str, tuple[str, str, str, list[str], dict[str, str]]] = {
    "pg-nukeviet": ("nukeviet", "https://pg-nv.example.vn", "/vi/news/tin-tuc/", [],
                    {"pager": "nav-links"}),
    "pg-liferay": ("liferay", "https://pg-lr.example.vn", "/web/guest/tin-tuc", [],
                   {"pager": "div-pagination"}),
    "pg-wordpress": ("wordpress", "https://pg-wp.example.vn", "/category/tin-tuc/", [],
                     {"pager": "numbers-only"}),
    "ed-wordpress": ("wordpress", "https://ed-wp.example.vn", "/category/tin-tuc/",
                     ["/sitemap_index.xml"], {"sitemaps": "yoast"}),
    "ed-nukeviet": ("nukeviet", "https://ed-nv.example.vn", "/vi/news/tin-tuc/", [], {}),
    "bt-wordpress": ("wordpress", "https://bt-wp.example.vn", "/category/tin-tuc/", [],
                     {"layout": "block"}),
    "ez-dotnetnuke": ("dotnetnuke", "https://ez-dnn.example.vn", "/Tin-tuc-su-kien", [],
                      {"layout": "easydnnnews"}),
    "d7-drupal": ("drupal", "https://d7-dp.example.vn", "/vi/kenh-tin/11-lao-cai", [],
                  {"layout": "7"}),
}  # fmt: skip
N_ARTICLES = 8  # three listing pages of three


@pytest.fixture(scope="module")
def sites_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("unseen-sites")
    rows = []
    for sid, (family, base, start, feeds, _) in SITES.items():
        rows.append(
            f"- id: {sid}\n  name: Site {sid}\n  kind: other\n  province: '01'\n"
            f"  family: {family}\n  base_url: {base}\n  start_urls: ['{start}']\n"
            f"  feeds: {json.dumps(feeds)}\n"
        )
    (folder / "unseen.yaml").write_text("".join(rows), encoding="utf-8")
    return folder


@pytest.fixture
def unseen_farm(sites_dir: Path) -> Iterator[Farm]:
    themes = {sid: spec[4] for sid, spec in SITES.items() if spec[4]}
    farm = Farm(build_farm(sites_dir, n_synth=N_ARTICLES, themes=themes)).start()
    try:
        yield farm
    finally:
        farm.stop()


def _crawl(farm: Farm, sites_dir: Path, tmp: Path, site_id: str, run_id: str) -> list[dict]:
    return run_spider(farm, site_id, run_id, tmp, extra_sites=sites_dir)


def _sent(recs: list[dict], page_type: str = "article") -> list[dict]:
    return [r for r in recs if r["page_type"] == page_type and r["status"] is not None]


@pytest.mark.parametrize("site_id", ["pg-nukeviet", "pg-liferay", "pg-wordpress"])
def test_pagers_the_family_defaults_do_not_name(
    unseen_farm: Farm, sites_dir: Path, tmp_path: Path, site_id: str
) -> None:
    b = unseen_farm.data.site(site_id)
    recs = _crawl(unseen_farm, sites_dir, tmp_path, site_id, "r1")
    listing_urls = {r["url"] for r in _sent(recs, "listing")}
    assert len(b.listing_urls) == 3 and set(b.listing_urls) <= listing_urls
    paged = [r for r in recs if r["via"] == "pagination"]
    # found by the generic finder, and the record says by which rule
    assert paged and all(r["pager"] not in (None, "pager selectors") for r in paged), paged
    assert {a.url for a in b.articles} <= {r["url"] for r in _sent(recs) if r["status"] == 200}


def test_probe_follows_page_two(
    unseen_farm: Farm, sites_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spiders.probe import probe

    monkeypatch.setenv("PROVNEWS_HOST_MAP", unseen_farm.host_map)
    monkeypatch.setenv("PROVNEWS_DELAY_SCALE", "0")
    monkeypatch.setenv("PROVNEWS_SITES", str(sites_dir))
    out = probe("pg-liferay", max_articles=1)
    assert out["exit_code"] == 0, out["log_tail"]
    b = unseen_farm.data.site("pg-liferay")
    (p2,) = out["page2"]
    assert p2["url"] == b.listing_urls[1] and p2["status"] == 200
    assert p2["how"] and p2["how"] != "pager selectors" and p2["article_links"] == 3
    # page 3 is not read by a probe
    assert b.listing_urls[2] not in {p["url"] for p in out["pages"]}


def test_only_articles_are_kept(unseen_farm: Farm, sites_dir: Path, tmp_path: Path) -> None:
    b = unseen_farm.data.site("ed-wordpress")
    recs = _crawl(unseen_farm, sites_dir, tmp_path, "ed-wordpress", "r1")
    by_url = {r["url"]: r for r in recs}
    for name in ("page", "category", "author"):
        r = by_url[b.abs(f"/{name}-sitemap.xml")]
        assert r["status"] is None and r["error"].startswith("skipped: not an article sitemap")
    assert by_url[b.abs("/post-sitemap.xml")]["status"] == 200
    home = by_url[b.abs("/")]
    assert home["status"] is None and home["error"] == "skipped: not an article (home page)"
    static = by_url[b.abs("/lien-he.html")]  # an .html permalink: fetched, then recognised
    assert static["status"] == 200 and "static page" in static["error"]
    assert not {b.abs("/gioi-thieu/"), b.abs("/dao-tao-boi-duong/")} & set(by_url)
    assert {a.url for a in b.articles} <= {r["url"] for r in _sent(recs) if r["status"] == 200}

    out = tmp_path / "clean"
    clean_run(tmp_path / "raw" / "r1", out, {"ed-wordpress": {"family": "wordpress"}})
    loaded = {json.loads(x)["url"] for x in (out / "articles.jsonl").read_text().splitlines()}
    assert loaded == {a.url for a in b.articles}
    log = [json.loads(x) for x in (out / "fetch_log.jsonl").read_text().splitlines()]
    static_row = next(r for r in log if r["url"] == b.abs("/lien-he.html"))
    assert static_row["outcome"] == "skipped" and "static page" in static_row["reason"]

    publish(unseen_farm, "ed-wordpress", 1)  # the sitemaps change: read again
    again = _crawl(unseen_farm, sites_dir, tmp_path, "ed-wordpress", "r2")
    r = next(r for r in again if r["url"] == b.abs("/lien-he.html"))
    assert r["status"] is None and "static page" in r["error"] and "found in r1" in r["error"]


@pytest.mark.slow  # end to end, 8-13 s: keeps the default suite under 5 min on 2 busy cores
def test_edits_with_and_without_an_update_time_reach_the_clean_output(
    unseen_farm: Farm, sites_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The farm's articles are dated 2019-2025: a window that holds them all.
    monkeypatch.setenv("PROVNEWS_REVALIDATE_DAYS", "36500")
    share = 0.25
    monkeypatch.setenv("PROVNEWS_REVALIDATE_SHARE", str(share))
    for sid in ("ed-wordpress", "ed-nukeviet"):
        _crawl(unseen_farm, sites_dir, tmp_path, sid, "n1")
    shown = synthetic_urls(unseen_farm, "ed-wordpress")[4:5]  # page 2 of the listing
    silent = synthetic_urls(unseen_farm, "ed-nukeviet")[1:3]
    edit(unseen_farm, "ed-wordpress", shown, shown=True)
    edit(unseen_farm, "ed-nukeviet", silent, shown=False)

    # with an update time shown: the next night, asked again because of it
    recs = _crawl(unseen_farm, sites_dir, tmp_path, "ed-wordpress", "n2")
    got = [r for r in _sent(recs) if r["url"] in shown]
    assert [r["status"] for r in got] == [200] and got[0]["recheck"].startswith("update time")
    assert "được cập nhật lần 1" in got[0]["html"]
    assert not [r for r in _sent(recs) if r["via"] != "revalidation" and r["url"] not in shown]

    # without one: the revalidation turn, ceil(1/share) nights at most
    caught: dict[str, int] = {}
    nights = math.ceil(1 / share)
    for night in range(2, 2 + nights):
        recs = _crawl(unseen_farm, sites_dir, tmp_path, "ed-nukeviet", f"n{night}")
        turn = [r for r in recs if r["via"] == "revalidation"]
        assert turn and all(r["status"] in (200, 304) for r in turn)
        for r in turn:
            if r["status"] == 200:
                assert r["url"] in silent and "được cập nhật lần 1" in r["html"]
                caught.setdefault(r["url"], night)
            else:
                assert r["error"].startswith("skipped: revalidation: not modified since")
        out = tmp_path / "clean" / f"n{night}"
        clean_run(tmp_path / "raw" / f"n{night}", out, {"ed-nukeviet": {"family": "nukeviet"}})
        log = [json.loads(x) for x in (out / "fetch_log.jsonl").read_text().splitlines()]
        # each revalidation has its fetch_log row saying so (an article a listing showed
        # as unchanged has that skip row too)
        for r in turn:
            rows = [row for row in log if row["url"] == r["url"]]
            assert any(
                row["outcome"] in ("article", "skipped") and "revalidation" in row["reason"]
                for row in rows
            ), rows
    assert set(caught) == set(silent)


@pytest.mark.parametrize(
    "site_id, family",
    [
        # wordpress/block: a block theme's query loop, query pagination, wp-block-post-*
        ("bt-wordpress", "wordpress"),
        # dotnetnuke/easydnnnews: the EasyDNNnews module's list, pager and article view
        ("ez-dotnetnuke", "dotnetnuke"),
        # drupal/7: Drupal 7's pager and node markup (RDFa date, username)
        ("d7-drupal", "drupal"),
    ],
)
def test_a_second_layout_is_read_by_the_layout_its_pages_hold(
    unseen_farm: Farm, sites_dir: Path, tmp_path: Path, site_id: str, family: str
) -> None:
    # The registry names the family only; the farm serves a second layout of it, which
    # the family's variant (chosen by its signature) reads field by field.
    b = unseen_farm.data.site(site_id)
    recs = _crawl(unseen_farm, sites_dir, tmp_path, site_id, "r1")
    assert set(b.listing_urls) <= {r["url"] for r in _sent(recs, "listing")}
    out = tmp_path / "clean"
    clean_run(tmp_path / "raw" / "r1", out, {site_id: {"family": family}})
    got = {
        (row := json.loads(x))["url"]: row
        for x in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    }
    assert set(got) == {a.url for a in b.articles}
    for a in b.articles:
        want = a.truth()
        for key in ("title", "published_at", "author", "body", "images"):
            assert got[a.url][key] == want[key], (a.url, key)
