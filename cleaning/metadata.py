"""Page metadata: JSON-LD NewsArticle, Open Graph / article:* meta, <title>.

Read before scripts are stripped from the tree. Used as the third extractor
layer (after site selectors and CMS-family defaults) and to recognise the
publisher's name so it is never taken for the author.
"""

from __future__ import annotations

import html as html_lib
import json
from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement

from cleaning.text import normalize_whitespace

_ARTICLE_TYPES = {"newsarticle", "article", "blogposting", "reportagenewsarticle",
                  "analysisnewsarticle",
                  "webpage", "report", "socialmediaposting"}  # fmt: skip


@dataclass
class PageMeta:
    headline: str | None = None
    og_title: str | None = None
    html_title: str | None = None
    published: list[str] = field(default_factory=list)  # candidate date strings, best first
    authors: list[str] = field(default_factory=list)
    article_body: str | None = None
    site_names: list[str] = field(default_factory=list)
    og_image: str | None = None
    description: str | None = None  # og:description / description: often the lead verbatim
    base_href: str | None = None  # the first <base href>: relative links resolve against it


def _clean(v: Any) -> str | None:
    if not isinstance(v, str):
        return None
    v = normalize_whitespace(html_lib.unescape(v))
    return v or None


def _iter_ld(obj: Any):
    if isinstance(obj, list):
        for item in obj:
            yield from _iter_ld(item)
    elif isinstance(obj, dict):
        yield obj
        if "@graph" in obj:
            yield from _iter_ld(obj["@graph"])


def _types(obj: dict) -> set[str]:
    t = obj.get("@type")
    ts = t if isinstance(t, list) else [t]
    return {str(x).lower() for x in ts if x}


def _names(v: Any) -> list[str]:
    items = v if isinstance(v, list) else [v]
    out = []
    for it in items:
        name = _clean(it.get("name")) if isinstance(it, dict) else _clean(it)
        if name:
            out.append(name)
    return out


def _tags(
    doc: HtmlElement,
) -> tuple[list[HtmlElement], list[HtmlElement], HtmlElement | None, str | None]:
    """The page's <script> and <meta> elements, its first <title> and the href of its first
    <base> that has one, in page order, from one walk of the tree (each iter(tag) walks all
    of it: lxml looks for the match after the one it hands over, so even the first <title>
    costs a whole walk)."""
    scripts: list[HtmlElement] = []
    metas: list[HtmlElement] = []
    title = None
    base_href = None
    for el in doc.iter("script", "meta", "title", "base"):
        tag = el.tag
        if tag == "meta":
            metas.append(el)
        elif tag == "script":
            scripts.append(el)
        elif tag == "title":
            if title is None:
                title = el
        elif base_href is None:
            base_href = el.get("href") or None
    return scripts, metas, title, base_href


def read_metadata(doc: HtmlElement) -> PageMeta:
    meta = PageMeta()
    scripts, metas, title_el, meta.base_href = _tags(doc)
    for script in scripts:
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text, strict=False)
        except ValueError:
            continue  # broken JSON-LD is common; the other layers still work
        for obj in _iter_ld(data):
            types = _types(obj)
            if types & {"organization", "newsmediaorganization", "website"}:
                meta.site_names += _names(obj.get("name")) + _names(obj.get("alternateName"))
            if not types & _ARTICLE_TYPES:
                continue
            if "webpage" in types and not obj.get("datePublished"):
                continue
            meta.headline = meta.headline or _clean(obj.get("headline")) or _clean(obj.get("name"))
            if _clean(obj.get("datePublished")):
                meta.published.append(_clean(obj["datePublished"]))
            meta.authors += _names(obj.get("author"))
            meta.site_names += _names(obj.get("publisher"))
            meta.article_body = meta.article_body or _clean(obj.get("articleBody"))
    props: dict[str, str] = {}
    for m in metas:
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        content = m.get("content")
        if key and content and key not in props:
            props[key] = content
    meta.og_title = _clean(props.get("og:title"))
    meta.og_image = _clean(props.get("og:image"))
    meta.description = _clean(props.get("og:description")) or _clean(props.get("description"))
    for key in ("article:published_time", "datepublished", "pubdate", "publishdate",
                "dc.date.issued", "dcterms.created", "date", "og:published_time"):  # fmt: skip
        if _clean(props.get(key)):
            meta.published.append(_clean(props[key]))
    for key in ("author", "article:author", "dc.creator"):
        val = _clean(props.get(key))
        if val and not val.startswith("http"):
            meta.authors.append(val)
    if _clean(props.get("og:site_name")):
        meta.site_names.append(_clean(props["og:site_name"]))
    if title_el is not None:
        meta.html_title = _clean(title_el.text_content())
    return meta
