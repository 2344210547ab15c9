"""The fault matrix through the real night: farm with faults → Prefect flow → DuckDB.

One farm (built-in sites + fault clones), every fault switched on, one nightly run of
the fault sites plus two fault-free control sites. Then the accounting: every URL the
farm served (or refused) has exactly one fetch_log row, each fault ended as the outcome
it must, and ``articles`` is exactly the expected set, with no empty article.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter, defaultdict
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import duckdb
import pytest

from cleaning.urls import canonical_url
from tests.reliability import matrix as m

pytestmark = pytest.mark.slow

SITE_TIMEOUT = 90  # s; the endless site must stop itself inside it


def _strip(url: str, names: tuple[str, ...] = ("loop",)) -> str:
    p = urlsplit(url)
    q = [(k, v) for k, v in parse_qsl(p.query, keep_blank_values=True) if k not in names]
    return canonical_url(urlunsplit((p.scheme, p.netloc, p.path, urlencode(q), "")))


@pytest.fixture(scope="module")
def night(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from sitefarm import start_farm

    tmp = tmp_path_factory.mktemp("faults")
    registry, farm_dir = m.build_matrix(tmp)
    farm = start_farm(sites_dir=farm_dir)
    m.arm(farm)
    data = tmp / "data"
    mp = pytest.MonkeyPatch()
    env = {
        "PROVNEWS_DATA": str(data),
        "PROVNEWS_SITES": str(registry),
        "PROVNEWS_HOST_MAP": m.host_map(farm),
        "PROVNEWS_DELAY_SCALE": "0",
        "PROVNEWS_DOWNLOAD_TIMEOUT": "2",
        "PROVNEWS_MAX_BYTES": str(4 << 20),
        "PROVNEWS_MAX_PARALLEL": "6",
        "PROVNEWS_SITE_TIMEOUT": str(SITE_TIMEOUT),
    }
    for k, v in env.items():
        mp.setenv(k, v)
    mp.delenv("PROVNEWS_DB", raising=False)
    from flows.nightly import nightly

    try:
        state = nightly(sites=m.SITE_IDS + m.CONTROL_SITES, return_state=True)
        assert state.is_completed(), state.message
        summary = state.result()
        run_id = summary["run_id"]
        log = [
            json.loads(line)
            for line in (data / "clean" / run_id / "fetch_log.jsonl").read_text().splitlines()
        ]
        yield {
            "farm": farm,
            "summary": summary,
            "run_id": run_id,
            "log": log,
            "db": data / "provnews.duckdb",
            "served": list(farm.requests),
        }
    finally:
        mp.undo()
        farm.stop()


def _rows(night: dict, site_id: str) -> list[dict]:
    return [r for r in night["log"] if r["site_id"] == site_id]


def test_every_served_or_refused_url_has_exactly_one_outcome(night: dict) -> None:
    farm = night["farm"]
    sites = set(m.SITE_IDS + m.CONTROL_SITES)
    for site_id in sites:
        rows = _rows(night, site_id)
        keys = Counter(_strip(r["url"]) for r in rows)
        assert not [k for k, n in keys.items() if n > 1], f"{site_id}: URL with two outcomes"
        accounted = set(keys) | {_strip(r["final_url"]) for r in rows if r["final_url"]}
        host = farm.data.site(site_id).host
        served = {
            _strip(f"https://{host}{path}")
            for sid, path, _status, _fault in night["served"]
            if sid == site_id and not path.startswith("/robots.txt")
        }
        lost = served - accounted
        assert not lost, f"{site_id}: served but not in fetch_log: {sorted(lost)[:3]}"
    refused = _rows(night, "fx-refused")
    b = farm.data.site("fx-refused")
    starts = {canonical_url(b.site.absolute(u)) for u in (*b.site.start_urls, *b.site.feeds)}
    assert {canonical_url(r["url"]) for r in refused} == starts
    assert {r["outcome"] for r in refused} == {"error"}


@pytest.mark.parametrize("fault", m.FAULTS, ids=[f.name for f in m.FAULTS])
def test_each_fault_ends_as_it_must(night: dict, fault: m.Fault) -> None:
    rows = _rows(night, fault.site_id)
    assert rows, f"{fault.site_id}: no fetch_log rows at all"
    if fault.target == "site":
        assert {r["outcome"] for r in rows} == {fault.outcome}
        return
    by_url = {_strip(r["url"]): r for r in rows}
    others = {
        u for f in m.FAULTS if f is not fault and f.site == fault.site
        for u in m.target_urls(f, night["farm"])
    }  # fmt: skip
    for url in m.target_urls(fault, night["farm"]):
        if fault.target == "articles" and url in others:
            continue  # that article carries another fault of the same site
        row = by_url.get(_strip(url))
        if row is None and fault.target == "listing":
            continue  # a later listing page the crawl did not need
        assert row is not None, f"{url}: no fetch_log row"
        assert row["outcome"] == fault.outcome, (url, row["outcome"], row["reason"])
        if row["outcome"] in ("skipped", "error"):
            assert row["reason"] and "\n" not in row["reason"]


def _expected_urls(night: dict) -> set[str]:
    """Every article the farm serves on the crawled sites, minus the ones a fault kills."""
    farm = night["farm"]
    killed = {
        canonical_url(u)
        for f in m.FAULTS
        if f.outcome in ("error", "skipped")
        for u in (m.target_urls(f, farm) if isinstance(f.target, int) else [])
    }
    out = set()
    for site_id in m.SITE_IDS + m.CONTROL_SITES:
        if site_id in ("fx-refused", "fx-robots", "fx-sitemap"):
            continue  # nothing of theirs can be reached
        for a in farm.data.site(site_id).articles:
            if canonical_url(a.url) not in killed:
                out.add(canonical_url(a.url))
    return out


def test_articles_are_exactly_the_expected_set_and_none_is_empty(night: dict) -> None:
    with duckdb.connect(str(night["db"]), read_only=True) as con:
        rows = con.execute("SELECT canonical_url, site_id, title, body FROM articles").fetchall()
    got = {r[0] for r in rows}
    want = _expected_urls(night)
    assert got == want, (sorted(want - got)[:3], sorted(got - want)[:3])
    for url, _site, title, body in rows:
        assert title and title.strip(), url
        assert body and len(body.strip()) > 50, url


def test_legacy_charsets_decode_to_the_served_text(night: dict) -> None:
    farm = night["farm"]
    truth = {canonical_url(a.url): a.truth() for a in farm.data.site("fx-charset").articles}
    with duckdb.connect(str(night["db"]), read_only=True) as con:
        rows = con.execute(
            "SELECT canonical_url, title, body FROM articles WHERE site_id = 'fx-charset'"
        ).fetchall()
    for url, title, body in rows:
        want = truth[url]
        assert title == unicodedata.normalize("NFC", want["title"]), url
        assert "\ufffd" not in body
        assert unicodedata.normalize("NFC", want["body"])[:60] in body, url


def test_traps_stay_bounded(night: dict) -> None:
    for site_id in ("fx-paths", "fx-mixed"):
        listings = [r for r in _rows(night, site_id) if r["page_type"] == "listing"]
        assert 1 <= len(listings) <= 6  # max_pages (5) + nothing more
    # tracking-parameter twins never became a second request or article
    urls = [r["url"] for r in _rows(night, "fx-paths")]
    assert not [u for u in urls if "utm_" in u or "fbclid" in u]


def test_one_slow_site_stays_in_its_budget_and_loses_nothing(night: dict) -> None:
    sites = night["summary"]["sites"]
    durations = {s: (sites.get(s) or {}).get("duration_s") for s in m.SITE_IDS}
    over = {s: d for s, d in durations.items() if d is not None and d > SITE_TIMEOUT + 5}
    assert not over, over
    endless = _rows(night, "fx-endless")
    stopped = [r for r in endless if (r["reason"] or "").startswith("crawl stopped")]
    assert stopped, Counter((r["outcome"], r["reason"]) for r in endless)
    # the controls crawled everything while the endless site was still going
    by_site: dict[str, Counter] = defaultdict(Counter)
    for r in night["log"]:
        by_site[r["site_id"]][r["outcome"]] += 1
    for control in m.CONTROL_SITES:
        assert by_site[control]["article"] >= len(night["farm"].data.site(control).articles) - 1


def test_night_completed_and_no_python_tracebacks_in_fetch_log(night: dict) -> None:
    assert night["summary"]["status"] == "completed"
    assert not [r for r in night["log"] if "Traceback" in (r["reason"] or "")]
