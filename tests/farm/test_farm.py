import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from sitefarm.build import build_farm
from sitefarm.truth import expected_articles, expected_failures

from .conftest import gunzip

ROOT = Path(__file__).resolve().parents[2]
SERVED = yaml.safe_load((ROOT / "sitefarm" / "sites.yaml").read_text())
REGISTRY = [
    s
    for f in sorted((ROOT / "spiders" / "sites").glob("*.yaml"))
    for s in yaml.safe_load(f.read_text())
    if s["id"] in SERVED  # the farm impersonates only the sites listed in sitefarm/sites.yaml
]
DATA = build_farm()
SITE_IDS = [b.site.id for b in DATA.sites]
TRUTH = {t["url"]: t for t in expected_articles()}
FAILS = {f["url"]: f for f in expected_failures()}


def test_every_registry_site_is_served(farm, client):
    assert len(REGISTRY) == len(SERVED)
    hosts = dict(h.split("=") for h in farm.host_map.split(","))
    for entry in REGISTRY:
        host = urlsplit(entry["base_url"]).hostname
        assert hosts[host] == f"127.0.0.1:{farm.port}"
        status, _, body = client.get(f"https://{host}/robots.txt")
        assert status == 200 and body.startswith(b"User-agent: *"), entry["id"]
        for start in entry.get("start_urls") or []:
            url = (
                entry["base_url"].rstrip("/") + "/"
                if not start.startswith("/")
                else f"https://{host}{start}"
            )
            assert client.get(url)[0] == 200, url
        for feed in entry.get("feeds") or []:
            assert client.get(f"https://{host}{feed}")[0] == 200, feed


def test_unknown_host(client):
    status, _, body = client.get("https://example.org/")
    assert status in (404, 421) and b"unknown host" in body


@pytest.mark.parametrize("site_id", SITE_IDS)
def test_listings_paginate_and_link_only_served_or_expected_failures(client, site_id):
    b = DATA.site(site_id)
    assert len(b.listing_urls) >= 2
    assert 4 <= len(b.articles) <= 7
    seen_items = set()
    for url in b.listing_urls:
        status, headers, body = client.get(url)
        assert status == 200 and headers["Content-Type"].startswith("text/html")
        hrefs = set(re.findall(r'href="([^"]+)"', body.decode("utf-8").replace("&amp;", "&")))
        # every listing page links the next one, and its own items
        for it in b.items:
            if it.url in hrefs:
                seen_items.add(it.url)
        for other in b.listing_urls:
            if other != url and other in b.listing_urls[: b.listing_urls.index(url) + 2]:
                assert other in hrefs or other == b.listing_urls[0], (url, other)
    assert seen_items == {it.url for it in b.items}
    for it in b.items:
        status, _, body = client.get(it.url)
        if it.reason == "dead":
            assert status == 404
        elif it.reason == "error":
            assert status == 500
        else:
            assert status == 200
            if it.reason is None:
                assert it.url in TRUTH
                title = TRUTH[it.url]["title"]
                assert title.encode() in body or title.replace("“", "&ldquo;").encode() in body


def test_failures_are_visible_and_robots_lists_disallowed():
    reasons = {f["reason"] for f in FAILS.values()}
    assert reasons == {"dead", "error", "robots"}
    for f in FAILS.values():
        assert f["url"] not in TRUTH
    robots = [f for f in FAILS.values() if f["reason"] == "robots"][0]
    b = DATA.site(robots["site_id"])
    txt = b.lookup("/robots.txt").body.decode()
    assert any(
        urlsplit(robots["url"]).path.startswith(line.split(": ")[1])
        for line in txt.splitlines()
        if line.startswith("Disallow")
    )


def test_500_is_stable(client):
    url = next(u for u, f in FAILS.items() if f["reason"] == "error")
    assert [client.get(url)[0] for _ in range(3)] == [500, 500, 500]


def test_rss_feeds(client):
    for site_id, feed in [
        ("napa-hcm", "https://www1.napa.vn/hcm/feed/"),
        ("baohaiduong", "https://tab.baohaiduong.vn/rss/chinh-tri.rss"),
    ]:
        status, headers, body = client.get(feed)
        assert status == 200 and "rss" in headers["Content-Type"]
        items = re.findall(r"<link>([^<]+)</link>", body.decode())[1:]
        assert items and set(items) == {a.url for a in DATA.site(site_id).articles}
        assert all(u in TRUTH for u in items)


def test_sitemap_index_with_gzip_and_plain_child(client):
    status, _, body = client.get("https://baolaocai.vn/sitemap.xml")
    assert status == 200 and b"<sitemapindex" in body
    children = re.findall(r"<loc>([^<]+)</loc>", body.decode())
    assert any(c.endswith(".gz") for c in children) and any(c.endswith(".xml") for c in children)
    urls = []
    for c in children:
        status, headers, data = client.get(c)
        assert status == 200
        if c.endswith(".gz"):
            assert data[:2] == b"\x1f\x8b"
            data = gunzip(data)
        urls += re.findall(r"<loc>([^<]+)</loc>", data.decode())
    assert set(urls) == {a.url for a in DATA.site("baolaocai").articles}
    robots = client.get("https://baolaocai.vn/robots.txt")[2].decode()
    assert "Sitemap: https://baolaocai.vn/sitemap.xml" in robots


def test_real_devset_articles_served_as_they_are(client):
    pages = ROOT / "sitefarm" / "corpus" / "devset" / "pages"
    for name, url in [
        (
            "baocantho_article_20260108.html",
            "https://baocantho.com.vn/tap-trung-trien-khai-cac-dot-thanh-tra-kiem-tra-co-trong-tam-trong-diem-nhat-la-cac-linh-vuc-co-ng-a196670.html",
        ),
        (
            "baolaocai_article_20250617.html",
            "https://baolaocai.vn/song-dep-tu-nhung-dieu-gian-di-post404649.html",
        ),
    ]:
        assert client.get(url)[2] == (pages / name).read_bytes()
        assert TRUTH[url]["synthetic"] is False


def test_deterministic_bytes(client):
    urls = [
        u
        for b in DATA.sites
        for u in b.listing_urls[:1] + [a.url for a in b.articles[:2]] + b.feed_urls
    ]
    for u in urls:
        assert client.get(u)[2] == client.get(u)[2]
    # and across a rebuild in a fresh process
    code = "from sitefarm.truth import expected_articles;import json;print(json.dumps(expected_articles(),ensure_ascii=False))"  # noqa: E501
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out) == expected_articles()


def test_truth_shape_and_seed_facts():
    for t in TRUTH.values():
        assert set(t) == {
            "url",
            "site_id",
            "title",
            "published_at",
            "author",
            "views",
            "body",
            "images",
            "synthetic",
        }
        assert re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d\+07:00)?", t["published_at"])
        assert "\n\n\n" not in t["body"] and t["body"].strip() == t["body"]
    seeds = {t["site_id"]: t for t in TRUTH.values() if not t["synthetic"]}
    assert (
        seeds["tct-thanhhoa"]["published_at"] == "2022-07-22T16:21:07+07:00"
        and seeds["tct-thanhhoa"]["views"] == 404
    )
    assert (
        seeds["thanhuy-ngabay"]["published_at"] == "2019-12-23"
        and seeds["thanhuy-ngabay"]["views"] == 1357
    )
    assert seeds["thanhuy-ngabay"]["author"] == "Hoài Trọng"
    assert seeds["dhnv"]["published_at"] == "2020-07-21" and seeds["dhnv"]["views"] == 0
    assert (
        seeds["baohaiduong"]["published_at"] == "2021-04-01T18:14:15+07:00"
        and seeds["baohaiduong"]["author"] == "HOÀNG BIÊN"
    )
    assert seeds["napa-hcm"]["author"] == "Phòng NN-TH và TT-TV"
    assert "Comments are closed" not in seeds["napa-hcm"]["body"]
    assert "Số lượt truy cập" not in seeds["tct-thanhhoa"]["body"]


def test_seed_pages_show_family_markers(client):
    seeds = {t["site_id"]: t["url"] for t in TRUTH.values() if not t["synthetic"]}
    expect = {
        "napa-hcm": [b'class="entry-title"', b"Comments are closed.", b"Tin b\xc3\xa0i: "],
        "dhnv": ["0 lượt đọc&nbsp;21/07/2020".encode(), b"NukeViet"],
        "thanhuy-ngabay": [
            "[ Cập nhật vào ngày (23/12/2019) ] - [ Số lần xem: 1357 ]".encode(),
            'đề tài.</p></div><div class="Author">Hoài Trọng</div><div class="CommentTitle">'.encode(),  # noqa: E501
        ],
        "tct-thanhhoa": [
            'Đăng lúc: 16:21:07 22/07/2022 (GMT+7)</span><span class="metadata-entry metadata-view-count">404 lượt xem'.encode(),  # noqa: E501
            b"journal-content-article",
            "Số lượt truy cập".encode(),
        ],
        "baohaiduong": [
            "THỨ NĂM, 01/04/2021 18:14:15".encode(),
            b"<strong>HO\xc3\x80NG BI\xc3\x8aN</strong>",
        ],
    }
    for site_id, needles in expect.items():
        body = client.get(seeds[site_id])[2]
        for n in needles:
            assert n in body, (site_id, n)
    body = client.get("https://www.quangninh.gov.vn/Trang/tin-tuc-su-kien.aspx")[2].decode()
    art = re.findall(
        r'href="(https://www.quangninh.gov.vn/Trang/ChiTietTinTuc.aspx\?nid=\d+)"', body
    )[0]
    page = client.get(art)[2].decode()
    assert 'id="noidungtrang "' in page and 'class="publish-date"' in page and "other_News" in page


def test_fault_admin_api(farm, client):
    url = "https://dhnv-check.invalid/"
    assert client.get(url)[0] in (404, 421)
    target = DATA.site("dhnv").articles[0].url
    body = json.dumps({"dhnv": {"latency": 0.0, "status": {"/vi/news/": 503}}}).encode()
    status, _, data = client.get("http://farm.local/faults", method="POST", body=body)
    assert status == 200 and json.loads(data)["dhnv"]["status"] == {"/vi/news/": 503}
    assert client.get(target)[0] == 503
    assert client.get("https://truongdaihocnoivu.edu.vn/robots.txt")[0] == 200
    client.get("http://farm.local/faults", method="DELETE")
    assert client.get(target)[0] == 200
    farm.faults.set("baohaiduong", latency=0.2)
    import time

    t0 = time.monotonic()
    client.get("https://tab.baohaiduong.vn/chinh-tri/")
    assert time.monotonic() - t0 >= 0.2
    farm.faults.clear()
    # the admin API is only reachable as farm.local
    assert client.get("https://baocantho.com.vn/faults", method="POST", body=b"{}")[0] == 405


def test_cli_serve_prints_host_map_and_stops():
    proc = subprocess.Popen(
        [sys.executable, "-m", "sitefarm", "serve", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        first = proc.stdout.readline()
        second = proc.stdout.readline()
        assert re.match(r"farm listening on http://127\.0\.0\.1:\d+ hosts=\d+", first)
        assert second.startswith("PROVNEWS_HOST_MAP=") and "baocantho.com.vn=127.0.0.1:" in second
    finally:
        proc.terminate()
        assert proc.wait(timeout=10) == 0


def test_cli_truth_jsonl():
    out = subprocess.run(
        [sys.executable, "-m", "sitefarm", "truth"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = [json.loads(line) for line in out.splitlines()]
    assert {r["url"] for r in rows} == set(TRUTH)
