"""The maintainer's `provnews sites` commands: check, coverage, detect, add.

flows/cli.py only wires the arguments; the work is in cleaning/ (validation,
warnings, coverage, detection) and spiders/probe.py. Each command returns its exit
code and raises UsageError (exit 2, one line) for bad input before anything slow.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from flows.cli import UsageError


def cmd_check(args: argparse.Namespace, sites: dict[str, Any]) -> int:
    from cleaning.registry_checks import registry_warnings

    warnings = registry_warnings(sites)
    enabled = sum(s["enabled"] for s in sites.values())
    print(f"{len(sites)} sites OK ({enabled} enabled), {len(warnings)} warnings")
    for w in warnings:
        print(f"warning: {w}")
    return 0


def cmd_coverage(args: argparse.Namespace, sites: dict[str, Any]) -> int:
    from cleaning.coverage import render_markdown, summary

    if args.markdown:
        print(render_markdown(sites), end="")
        return 0
    sm = summary(sites)
    if args.json:
        print(json.dumps(sm, ensure_ascii=False, indent=2))
        return 0
    n = len(sm["provinces_incomplete"]) + sm["provinces_complete"]
    print(f"{sm['entries']} entries; status {sm['by_status']}; evidence {sm['by_evidence']}")
    for kind, k in sm["kinds"].items():
        print(
            f"{kind:10} active {k['with_active_entry']}/{n}, evidenced {k['evidenced_weak']}/{n}"
            f" (medium+ {k['evidenced_medium']}, strong {k['evidenced_strong']})"
        )
    print(f"complete (portal + party + newspaper evidenced): {sm['provinces_complete']}/{n}")
    return 0


# -- detect --------------------------------------------------------------------


def _check_url(url: str, command: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"sites {command}: {url!r} is not an http(s) URL")
    return parts.hostname.lower()


def _read_page(path: str, command: str) -> Any:
    from cleaning.charset import decode_body
    from cleaning.extract import parse_html

    try:
        body = Path(path).read_bytes()
    except OSError as e:
        raise UsageError(f"sites {command}: {path}: {e.strerror}") from None
    html, _ = decode_body(body, None)
    doc = parse_html(html)
    if doc is None:
        raise UsageError(f"sites {command}: {path}: not an HTML page")
    return doc


def detection(url: str, doc: Any = None) -> dict[str, Any]:
    """What the families' detection rules say of a URL (and its saved page), as a record:
    the family, the evidence, and the registry keys it implies (`family` must name a
    crawler; a family that only knows page layouts is crawled by `feed` with `layout`)."""
    from cleaning.detect import detect
    from families import FAMILIES

    host = (urlsplit(url).hostname or "").lower()
    found = detect(doc, url, host)
    fam = FAMILIES.get(found.family) if found.family else None
    if fam is None:
        keys: dict[str, str] = {"family": "feed"}
    elif fam.is_crawler:
        keys = {"family": fam.name}
    else:
        keys = {"family": "feed", "layout": fam.name}
    return {
        "url": url,
        "family": found.family,
        "evidence": list(found.evidence),
        "from": "url and page" if doc is not None else "url",
        "registry": keys,
    }


def cmd_detect(args: argparse.Namespace) -> int:
    if not args.site_id:
        raise UsageError("sites detect: give a URL (and optionally a saved page FILE)")
    _check_url(args.site_id, "detect")
    doc = _read_page(args.file, "detect") if args.file else None
    out = detection(args.site_id, doc)
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(f"family: {out['family'] or 'unknown'} (from the {out['from']})")
        for e in out["evidence"]:
            print(f"  evidence: {e}")
        if not out["evidence"]:
            print("  evidence: none of the families' rules matched")
        print("  registry: " + ", ".join(f"{k}: {v}" for k, v in out["registry"].items()))
    return 0 if out["family"] else 1


# -- add -----------------------------------------------------------------------


def new_entry(args: argparse.Namespace, found: dict[str, Any]) -> dict[str, Any]:
    """The registry entry `sites add` proposes for a URL (not yet validated)."""
    parts = urlsplit(args.site_id)
    start = parts.path or "/"
    if parts.query:
        start += "?" + parts.query
    evidence = "; ".join(found["evidence"]) or "no family rule matched"
    entry: dict[str, Any] = {
        "id": args.id,
        "name": args.name or parts.hostname,
        "kind": args.kind,
        "province": args.province,
        **({"former_province": args.former_province} if args.former_province else {}),
        **found["registry"],
        "base_url": f"{parts.scheme}://{parts.netloc}",
        "start_urls": [start],
        "enabled": False,
        "verified": "none",
        "notes": f"Added by `provnews sites add` on {date.today().isoformat()}: family from the"
        f" {found['from']} ({evidence}).",
    }
    return entry


def probe_entry(entry: dict[str, Any], articles: int) -> dict[str, Any]:
    """Run the probe on an entry that is not in the registry yet (a temporary extra file)."""
    import os
    import tempfile

    from provnews.settings import settings
    from spiders.probe import probe

    with tempfile.TemporaryDirectory(prefix="provnews-add-") as tmp:
        path = Path(tmp) / "candidate.yaml"
        path.write_text(yaml.safe_dump([entry], allow_unicode=True, sort_keys=False), "utf-8")
        # The probe's crawl subprocess reads the registry: it gets the extra file through
        # its environment.
        before = settings().sites
        os.environ["PROVNEWS_SITES"] = ":".join(filter(None, [before, str(path)]))
        try:
            return probe(entry["id"], max_articles=articles)
        finally:
            if before:
                os.environ["PROVNEWS_SITES"] = before
            else:
                os.environ.pop("PROVNEWS_SITES", None)


def append_entry(path: Path, entry: dict[str, Any]) -> None:
    """Add one entry at the end of a registry file (created with a header if new)."""
    text = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=100)
    if path.exists():
        old = path.read_text(encoding="utf-8")
        path.write_text(old + ("" if old.endswith("\n") or not old else "\n") + text, "utf-8")
    else:
        header = (
            "# Sites added with `provnews sites add` (detection + probe); review, add their\n"
            "# evidence, then move them to the file of their kind.\n"
        )
        path.write_text(header + text, encoding="utf-8")


def cmd_add(args: argparse.Namespace, sites: dict[str, Any]) -> int:
    from cleaning.registry import BUILTIN_DIR, validate_site

    if not args.site_id:
        raise UsageError("sites add: give the URL of the site's listing (or home) page")
    _check_url(args.site_id, "add")
    for opt in ("id", "kind", "province"):
        if not getattr(args, opt):
            raise UsageError(f"sites add: --{opt} is required")
    if args.id in sites:
        raise UsageError(f"sites add: site {args.id!r} already exists")
    doc = _read_page(args.file, "add") if args.file else None
    found = detection(args.site_id, doc)
    entry = new_entry(args, found)
    validate_site(entry, where="sites add")  # RegistryError: exit 2, field named
    target = Path(args.to) if args.to else BUILTIN_DIR / "added.yaml"
    print(
        f"family: {found['family'] or 'unknown'} -> "
        + ", ".join(f"{k}: {v}" for k, v in found["registry"].items())
    )
    for e in found["evidence"]:
        print(f"  evidence: {e}")
    result = probe_entry(entry, args.articles)
    links = len(result["article_urls"])
    good = [a for a in result["articles"] if a.get("title") and a.get("body_start")]
    print(
        f"probe: exit {result['exit_code']}, {len(result['pages'])} listing/feed pages,"
        f" {links} article links, {len(good)}/{len(result['articles'])} articles extracted"
    )
    for a in good:
        print(f"  {a['url']}: {a['title']}")
    if not good and not args.force:
        print(result.get("log_tail") or "")
        print(f"not written: the probe extracted no article (--force writes {args.id} anyway)")
        return 1
    entry["notes"] += (
        f" Probe on {date.today().isoformat()}: {links} article links,"
        f" {len(good)}/{len(result['articles'])} articles extracted."
    )
    append_entry(target, entry)
    print(f"wrote {args.id} to {target} (enabled: false until you review it)")
    return 0
