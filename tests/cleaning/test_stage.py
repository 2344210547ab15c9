import gzip
import json

from cleaning.stage import clean_run, content_hash
from cleaning.urls import article_id

CANTHO = "https://baocantho.com.vn/tap-trung-trien-khai-cac-dot-thanh-tra-kiem-tra-co-trong-tam-trong-diem-nhat-la-cac-linh-vuc-co-ng-a196670.html"


def raw(url, **kw):
    rec = {
        "run_id": "20260109T013000Z", "site_id": "baocantho", "url": url, "final_url": url,
        "status": 200, "fetched_at": "2026-01-09T01:31:00Z", "headers": {}, "html": None,
        "encoding": "utf-8", "bytes": 0, "sha256": None, "page_type": "article",
        "discovered_from": "https://baocantho.com.vn/thoi-su/", "via": "listing",
        "listing_date": None, "error": None,
    }  # fmt: skip
    rec.update(kw)
    return rec


def write_raw(path, records, extra_lines=()):
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        for line in extra_lines:
            fh.write(line + "\n")


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_clean_run_accounts_for_every_record(tmp_path, pages_dir):
    html = (pages_dir / "baocantho_article_20260108.html").read_text(encoding="utf-8")
    fragment = (pages_dir / "thanhnien_latest_fragment_20191216.html").read_text(encoding="utf-8")
    raw_dir, out_dir = tmp_path / "raw", tmp_path / "clean"
    raw_dir.mkdir()
    records = [
        raw(
            "https://baocantho.com.vn/thoi-su/",
            page_type="listing",
            html="<html></html>",
            via="start",
        ),
        raw(CANTHO, html=html, bytes=len(html.encode())),
        raw(CANTHO + "?utm_source=zalo&zarsrc=30", html=html),
        raw("https://baocantho.com.vn/gone-a1.html", status=404, html="<html>404</html>"),
        raw(
            "https://baocantho.com.vn/slow-a2.html",
            status=None,
            error="TimeoutError: took too long",
        ),
        raw("https://baocantho.com.vn/robots-a3.html", status=None, error="skipped: robots.txt"),
        raw("https://baocantho.com.vn/empty-a4.html", html=fragment),
        raw("https://baocantho.com.vn/pdf-a5.html", html=None),
    ]
    write_raw(raw_dir / "baocantho.jsonl.gz", records, extra_lines=["{not json"])
    sites = {"baocantho": {"id": "baocantho", "family": "content-fck", "selectors": {}}}

    counts = clean_run(raw_dir, out_dir, sites)

    log = read_jsonl(out_dir / "fetch_log.jsonl")
    arts = read_jsonl(out_dir / "articles.jsonl")
    assert len(log) == len(records) + 1
    assert [r["outcome"] for r in log] == [
        "listing", "article", "skipped", "error", "error", "skipped", "skipped", "skipped", "error",
    ]  # fmt: skip
    assert log[2]["reason"] == f"duplicate of {CANTHO}"
    assert log[3]["reason"] == "HTTP 404"
    assert log[4]["reason"] == "TimeoutError: took too long"
    assert log[5]["reason"] == "robots.txt"
    assert log[6]["reason"].startswith("extraction: no ")
    assert log[8]["reason"].startswith("bad raw record")
    assert set(log[0]) == {
        "run_id", "site_id", "url", "final_url", "status", "bytes", "fetched_at", "page_type",
        "outcome", "reason", "article_id",
    }  # fmt: skip
    assert counts == {
        "baocantho": {"records": 9, "article": 1, "listing": 1, "skipped": 4, "error": 3}
    }

    (art,) = arts
    assert log[1]["article_id"] == art["article_id"] == article_id(CANTHO)
    assert art["canonical_url"] == CANTHO
    assert art["title"].startswith("Tập trung triển khai")
    assert art["published_at"] == "2026-01-08T18:21:00+07:00"
    assert art["author"] == "P.Y"
    assert art["fetched_at"] == "2026-01-09T01:31:00Z"
    assert art["site_id"] == "baocantho" and art["run_id"] == "20260109T013000Z"
    assert art["language"] == "vi"
    assert art["layers"]["body"] == "family:content-fck"
    assert art["content_hash"] == content_hash(
        art["title"], art["published_at"], art["author"], art["body"]
    )
    assert art["search_key"].startswith("tap trung trien khai")
    for key in ("url", "views", "body", "images", "event_date", "provinces", "persons"):
        assert key in art
    assert not list(out_dir.glob(".*tmp"))


def test_clean_run_empty_raw_dir_writes_empty_files(tmp_path):
    (tmp_path / "raw").mkdir()
    assert clean_run(tmp_path / "raw", tmp_path / "out", {}) == {}
    assert (tmp_path / "out" / "articles.jsonl").read_text() == ""
    assert (tmp_path / "out" / "fetch_log.jsonl").read_text() == ""


def test_content_hash_changes_with_any_field():
    base = content_hash("t", "2020-01-01", "a", "b")
    assert base != content_hash("t", "2020-01-01", None, "b")
    assert base != content_hash("t", "2020-01-02", "a", "b")
