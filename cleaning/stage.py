"""The cleaning stage: raw zone records -> articles.jsonl + fetch_log.jsonl.

Formats are pinned in docs/internals.md. Every raw record yields exactly one
fetch_log row (that is how "every URL is accounted for" is checked); only
pages that extract to a title and a body become article rows. Outputs are
written to temporary files and moved into place with os.replace, so a crash
never leaves a half-written file for the loader.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from cleaning.enrich import ENRICH_KEYS
from cleaning.page import NotAPage, extract_page
from cleaning.text import search_key
from cleaning.urls import article_id, canonical_url
from cleaning.version import extractor_version

OUTCOMES = ("article", "listing", "skipped", "error")
_EXTRACT_KEYS = ("url", "title", "published_at", "author", "views", "body", "images",
                 *ENRICH_KEYS)  # fmt: skip


def content_hash(
    title: str | None, published_at: str | None, author: str | None, body: str | None
) -> str:
    """sha256 over title, published_at, author and body joined with the unit separator."""
    joined = "\x1f".join(x or "" for x in (title, published_at, author, body))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def _one_line(s: str, limit: int = 500) -> str:
    return " ".join(str(s).split())[:limit]


def iter_raw_records(raw_dir: Path) -> Iterator[tuple[Path, dict | None, str | None]]:
    """(file, record, parse error) for every line of every raw_dir/*.jsonl.gz, in file order."""
    for path in sorted(Path(raw_dir).glob("*.jsonl.gz")):
        try:
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                for line in fh:
                    if not line.strip():
                        continue
                    try:
                        yield path, json.loads(line), None
                    except ValueError as exc:
                        yield path, None, f"bad raw record: {_one_line(exc)}"
        except (OSError, EOFError) as exc:  # truncated gzip: keep what was read, report the rest
            yield path, None, f"bad raw file: {type(exc).__name__}: {_one_line(exc)}"


def _fetched_now(fetched_at: str | None) -> datetime | None:
    if not fetched_at:
        return None
    try:
        return datetime.fromisoformat(fetched_at.replace("Z", "+00:00"))
    except ValueError:
        return None


def clean_run(raw_dir: Path, out_dir: Path, sites: Mapping[str, Mapping]) -> dict:
    """Clean one run's raw files; returns {site_id: {records, article, listing, skipped, error}}."""
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    art_tmp = out_dir / ".articles.jsonl.tmp"
    log_tmp = out_dir / ".fetch_log.jsonl.tmp"
    counts: dict[str, Counter] = {}
    first_url_by_id: dict[str, str] = {}
    try:
        with (
            art_tmp.open("w", encoding="utf-8") as art_fh,
            log_tmp.open("w", encoding="utf-8") as log_fh,
        ):
            for path, rec, problem in iter_raw_records(raw_dir):
                site_id_guess = path.name.removesuffix(".jsonl.gz")
                if rec is None:
                    # A line or a tail that cannot be read (a killed crawl leaves an unfinished
                    # gzip member): one error row naming the file, valid for the warehouse.
                    bad = {"run_id": raw_dir.name, "site_id": site_id_guess.split(".")[0],
                           "url": f"raw:{path.name}", "page_type": "raw"}  # fmt: skip
                    row = _log_row(bad, "error", problem, None)
                else:
                    site = sites.get(rec.get("site_id") or site_id_guess) or {}
                    row, article = _clean_record(rec, site, first_url_by_id)
                    if article is not None:
                        art_fh.write(json.dumps(article, ensure_ascii=False) + "\n")
                log_fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                c = counts.setdefault(row["site_id"] or site_id_guess, Counter())
                c["records"] += 1
                c[row["outcome"]] += 1
            art_fh.flush()
            os.fsync(art_fh.fileno())
            log_fh.flush()
            os.fsync(log_fh.fileno())
        os.replace(art_tmp, out_dir / "articles.jsonl")
        os.replace(log_tmp, out_dir / "fetch_log.jsonl")
    finally:
        for tmp in (art_tmp, log_tmp):
            tmp.unlink(missing_ok=True)
    return {site: {k: c.get(k, 0) for k in ("records", *OUTCOMES)} for site, c in counts.items()}


def _log_row(rec: Mapping[str, Any], outcome: str, reason: str | None, aid: str | None) -> dict:
    return {
        "run_id": rec.get("run_id"),
        "site_id": rec.get("site_id"),
        "url": rec.get("url"),
        "final_url": rec.get("final_url"),
        "status": rec.get("status"),
        "bytes": rec.get("bytes"),
        "fetched_at": rec.get("fetched_at"),
        "page_type": rec.get("page_type"),
        "outcome": outcome,
        "reason": _one_line(reason) if reason else None,
        "article_id": aid,
    }


# Pages that answer 200 but are not the article: classified before they can become one.
_OPENED = re.compile(r"<(?:body|html)[\s>]", re.I)  # a whole document, not a fragment
_CLOSED = re.compile(r"</(?:body|html)\s*>", re.I)
_PASSWORD = re.compile(r"<input[^>]+type\s*=\s*[\"']?password", re.I)
_LOGIN_TITLE = re.compile(r"đăng nhập|login|log in|sign in", re.I)
_CHALLENGE = re.compile(
    r"just a moment|checking your browser|attention required|ddos|cf-chl|"
    r"document\.cookie\s*=[^<]{0,200}location\.reload|bật javascript",
    re.I,
)
_NOT_FOUND = re.compile(
    r"\b404\b|không tìm thấy|không tồn tại|page not found|not found|đã bị xóa|đã bị xoá", re.I
)
_HTML_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
SHORT_BODY = 800  # characters: real articles that look like these pages are longer


def _no_html_reason(rec: Mapping[str, Any]) -> str:
    ctype = str((rec.get("headers") or {}).get("content-type") or "").split(";")[0].strip()
    if not rec.get("bytes"):
        return "empty body"
    if ctype and "html" not in ctype and not ctype.startswith("text/"):
        return f"not HTML ({ctype})"
    return "no html (empty or non-text body)"


def page_problem(html: str, result: Mapping[str, Any]) -> str | None:
    """A reason when a 200 page is a login form, a JS/cookie challenge or a soft 404."""
    body = (result.get("body") or "").strip()
    if len(body) >= SHORT_BODY:
        return None
    m = _HTML_TITLE.search(html[:20000])
    page_title = " ".join(m.group(1).split()) if m else ""
    titles = f"{page_title} | {result.get('title') or ''}"
    if _PASSWORD.search(html) and (_LOGIN_TITLE.search(titles) or len(body) < 300):
        return f"login page ({_one_line(page_title, 80)})"
    if _CHALLENGE.search(html) and len(body) < 300:
        return f"cookie/JS challenge page ({_one_line(page_title, 80)})"
    if _NOT_FOUND.search(titles):
        return f"soft 404 ({_one_line(page_title or result.get('title') or '', 80)})"
    return None


def clean_record(rec: Mapping[str, Any], site: Mapping[str, Any]) -> tuple[dict, dict | None]:
    """(fetch_log row, article row or None) for one raw record on its own (no duplicate
    check across a run): `provnews reprocess` extracts stored fetches one by one."""
    return _clean_record(rec, site, {})


def _clean_record(
    rec: Mapping[str, Any], site: Mapping[str, Any], first_url_by_id: dict[str, str]
) -> tuple[dict, dict | None]:
    """(fetch_log row, article row or None) for one raw record."""
    error = rec.get("error")
    if error:
        if str(error).startswith("skipped:"):
            return _log_row(rec, "skipped", str(error).removeprefix("skipped:").strip(), None), None
        return _log_row(rec, "error", str(error), None), None
    page_type = rec.get("page_type")
    if page_type != "article":
        return _log_row(rec, "listing", None, None), None
    status = rec.get("status")
    if status != 200:
        return _log_row(rec, "error", f"HTTP {status}" if status else "no response", None), None
    html = rec.get("html")
    if not html or not html.strip():
        return _log_row(rec, "skipped", _no_html_reason(rec), None), None
    if _OPENED.search(html[:20000]) and not _CLOSED.search(html):
        return _log_row(rec, "skipped", "truncated HTML (no </body> or </html>)", None), None
    # The id follows the URL as discovered, not the redirect target, so it is the same
    # whichever way the site answers tonight.
    url = rec.get("url") or rec.get("final_url")
    try:
        result = extract_page(
            html, url, site.get("selectors") or None, site.get("layout"),
            now=_fetched_now(rec.get("fetched_at")),
        )  # fmt: skip
    except NotAPage as exc:
        return _log_row(rec, "skipped", str(exc), None), None
    except Exception as exc:  # one bad page must not stop the run; it is logged as an error
        return _log_row(rec, "error", f"{type(exc).__name__}: {exc}", None), None
    problem = page_problem(html, result)
    if problem:
        return _log_row(rec, "skipped", problem, None), None
    if not (result.get("title") or "").strip():
        return _log_row(rec, "skipped", "extraction: no title", None), None
    if not (result.get("body") or "").strip():
        return _log_row(rec, "skipped", "extraction: no body", None), None
    aid = article_id(url)
    if aid in first_url_by_id:
        return _log_row(rec, "skipped", f"duplicate of {first_url_by_id[aid]}", None), None
    first_url_by_id[aid] = url
    article = {k: result.get(k) for k in _EXTRACT_KEYS}
    article.update(
        {
            "article_id": aid,
            "canonical_url": canonical_url(url),
            "site_id": rec.get("site_id"),
            "run_id": rec.get("run_id"),
            "fetched_at": rec.get("fetched_at"),
            "content_hash": content_hash(
                result["title"], result["published_at"], result["author"], result["body"]
            ),
            "search_key": search_key(f"{result['title']}\n{result['body']}"),
            "language": "vi",
            "layers": result.get("layers") or {},
            "extractor_version": extractor_version(),
        }
    )
    # A known article asked again (a change the site showed, or its revalidation turn):
    # the warehouse merge decides whether its content changed.
    recheck = rec.get("recheck")
    return _log_row(rec, "article", f"re-fetched: {recheck}" if recheck else None, aid), article
