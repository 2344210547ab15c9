"""CMS families: how to recognise each one and where its fields live.

Selectors come from /work/shared/devset/cms_families.md (seen pages and
other people's crawler configs); the entries marked "general" there are
product knowledge not yet checked on a Vietnamese page. A site entry in the
registry only lists what differs from its family.

Selector strings are CSS; a `::attr(name)` suffix reads an attribute instead of
the text (as in parsel), e.g. `meta.cms-date::attr(content)`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

FIELDS = ("title", "date", "author", "body", "views")


@dataclass(frozen=True)
class Family:
    name: str
    title: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    views: tuple[str, ...] = ()
    lead: tuple[str, ...] = ()  # sapo/summary: kept out of the body
    drop: tuple[str, ...] = ()  # removed from the body container before text conversion
    extra: Mapping[str, str] = field(default_factory=dict)

    def selectors(self, name: str) -> tuple[str, ...]:
        return getattr(self, name, ())


FAMILIES: dict[str, Family] = {
    f.name: f
    for f in (
        Family(
            "content-fck",  # baocantho and other "-a<id>.html" provincial papers (seen)
            title=("#colcate1 > h1.fw700", "h1.fw700", ".titledetail h1"),
            date=("span.pubdate", ".pubdate"),
            body=(
                "#newscontents .content-fck",
                "div.content-fck",
                "#newscontents",
                "#contentNews .singular-content",
            ),
            drop=(".sharemxh", "#linkshare", "[class^='AMN_res']"),
        ),
        Family(
            "cms-zce",  # baolaocai 2025, thanhnien 2019 (seen)
            title=("h1.cms-title", "h1.article__title", "h1.details__headline"),
            date=(
                "meta.cms-date::attr(content)",
                ".article__meta time.time::attr(datetime)",
                ".details__meta time",
                "time.time",
            ),
            author=(
                ".details__author h4",
                ".article__author .name",
                ".article__author",
                ".cms-author",
            ),
            body=(
                "div.cms-body.detail",
                "div.zce-content-body",
                "div[data-field='body']",
                "div.cms-body",
            ),
            lead=(".cms-desc", "div.sapo", ".article__sapo"),
            drop=(
                ".sda_middle",
                ".rennab",
                "[id^='adsWeb_']",
                "[id^='sdaWeb_']",
                ".ads_middle",
                ".related-news",
                "[id^='dablewidget']",
            ),
        ),
        Family(
            # caobang/laocai/binhthuan portals (config): div.PostDate + div.ArticleContent
            "provincial-platform",
            title=(".ArticleHeader", ".ArticleTitle", "h1.Title", ".PostTitle"),
            date=("div.PostDate",),
            author=("div.ArticleContent + div.Author", "div.Author", ".ArticleAuthor"),
            body=("div.ArticleContent",),
            lead=("div.ArticleSummary",),
            drop=(".OtherNews", ".RelatedNews", ".PostDate"),
        ),
        Family(
            "liferay",  # provincial UBND portals (config)
            title=(
                ".title-news h1",
                ".title-detail h1",
                ".asset-full-content h1",
                ".journal-content-article h1",
                "h1.title",
                ".asset-full-content h3.header-title",
            ),
            date=(
                "span.metadata-publish-date",
                ".metadata-publish-date",
                "span.title.meta-data-date",
                ".meta-data-date",
                "p.date_post",
                ".date-post",
                ".date_post",
            ),
            body=(
                "div.journal-content-article",
                "div.asset-full-content .asset-content",
                ".asset-content",
                "div.asset-full-content",
            ),
            views=(".metadata-view-count",),
            lead=("div.article-summary",),
            drop=(".taglib-ratings", ".taglib-social-bookmarks", ".lfr-discussion", ".asset-links"),
        ),
        Family(
            "sharepoint",  # quangninh, dienbien (config)
            date=(".publish-date", ".tandan-span-date-publish"),
            body=("div.noi-dung-trang", ".ms-rtestate-field"),
            lead=(".tandan-p-article-news-summary",),
            drop=("div.other_News", ".top_F"),
        ),
        Family(
            "aspnet",  # Web Forms portals (config)
            date=(
                "[id$='lblNgayDang']",
                ".divDetail_DateCreate",
                "[id$='lblPostedDate']",
                "div.de-newsCent span[id*='DateTime']",
            ),
            body=("[id$='lblNoiDung']", "div.de-newscont", ".contentView"),
            lead=("[id$='lblTomTat']", "div.de-sumcontent"),
        ),
        Family(
            "nukeviet",  # party committees, schools (general product knowledge)
            title=(".news_column h1", "h1.title"),
            date=(".news_column .h-date", "span.h-date"),
            author=(".news_column .author",),
            body=("#news-bodyhtml", ".news_column .bodytext"),
            lead=(".news_column .hometext",),
            drop=(".news_column .related", ".news-related"),
        ),
        Family(
            "wordpress",  # napa.vn, baodongnai (seen in text / config)
            title=("h1.entry-title", "h1.tdb-title-text", ".entry-title", "h1.post-title"),
            date=(
                "time.entry-date.published::attr(datetime)",
                "time.entry-date::attr(datetime)",
                ".posted-on time",
                ".entry-date",
                ".td-post-date time::attr(datetime)",
            ),
            author=(".entry-meta .author a", ".byline .author", ".td-post-author-name a"),
            body=(".td-post-content", "div.entry-content", "article.post .entry", ".post-content"),
            drop=(
                ".sharedaddy",
                ".jp-relatedposts",
                ".yarpp-related",
                "#comments",
                ".comments-area",
                ".post-navigation",
                ".nocomments",
                ".td-post-sharing",
                ".addtoany_share_save_container",
            ),
        ),
        Family(
            "drupal",  # general
            title=("h1.page-title", "h1.node__title", "h1.title"),
            date=(".field--name-created", ".node__submitted time::attr(datetime)", ".submitted"),
            body=(".field--name-body", ".field-name-body", ".node__content"),
        ),
        Family(
            "joomla",  # lyluanchinhtri (K2, text only) and general
            title=("h2.itemTitle", "h1.itemTitle", ".item-page h1", ".item-page h2"),
            date=(
                ".itemDateCreated",
                "time[itemprop='datePublished']::attr(datetime)",
                ".item-page .create",
            ),
            author=(".itemAuthor", ".item-page .createdby"),
            body=(".itemFullText", ".item-page [itemprop='articleBody']"),
            lead=(".itemIntroText",),
            views=(".itemHits", ".item-page .hits"),
        ),
        Family(
            "mastercms",  # haiquanonline, tbck, thoidai (config)
            body=("[class*='__MASTERCMS_CONTENT']",),
        ),
        Family(
            "sc-longform",  # baodanang, baohaiphong, baonghean (config)
            title=(".sc-longform-header-title",),
            body=("div.b-maincontent .entry", "article.entry"),
            lead=(".sc-longform-header-sapo",),
            drop=(".sc-longform-header", ".sc-empty-layer", ".sc-related-articles"),
        ),
        Family(
            "vnexpress",  # fck_detail (seen)
            title=("h1.title-detail",),
            date=("span.date",),
            author=("p.author_mail strong", "p.author_mail"),
            body=("article.fck_detail", "[class~='fck_detail']"),
            lead=("p.description",),
            drop=(
                "#article-end ~ *",
                "[data-component-type]",
                ".box-tinlienquanv2",
                ".footer-content",
            ),
        ),
        Family(
            "vtcnews",  # (seen)
            title=("h1.font28", "section.nd-detail h1"),
            date=("span.time-update",),
            author=("div.author-make",),
            body=("div.edittor-content",),
            lead=("h2.inline-nb",),
            drop=("div.author-make", ".baner-mb", ".baner-pc", ".div-interaction", ".result-quizz"),
        ),
        Family(
            "znews",  # (seen)
            title=("h1.the-article-title",),
            date=("li.the-article-publish", ".the-article-publish"),
            author=(".the-article-credit p.author", "p.author"),
            body=("div.the-article-body",),
            lead=("p.the-article-summary",),
            drop=("table.article", "div.notebox", ".inner-article"),
        ),
        Family(
            "laodong",  # 2020 layout (seen)
            title=(".title h1", "article h1", "h1"),
            date=("time.f-datetime",),
            author=("footer.author-wrapper span.author", "span.author"),
            body=("div.article-content",),
            lead=("p.abs",),
            # p.for-reading-mode repeats the lead (p.abs) inside the body for reader mode.
            drop=(
                "p.for-reading-mode",
                "footer.author-wrapper",
                ".wrapper-banner",
                ".keywords-box",
            ),
        ),
    )
}

# Spider families that say how a site is crawled, not how its pages look.
NON_LAYOUT_FAMILIES = frozenset({"feed", "rss", "sitemap", "generic"})


# ---------------------------------------------------------------------------
# CSS selection with an optional ::attr(name) suffix

_ATTR_SUFFIX = re.compile(r"::attr\(([\w:-]+)\)\s*$")


@lru_cache(maxsize=1024)
def _compile(css: str) -> tuple[CSSSelector | None, str | None]:
    attr = None
    m = _ATTR_SUFFIX.search(css)
    if m:
        attr, css = m.group(1), css[: m.start()]
    css = css.removesuffix("::text")
    try:
        return CSSSelector(css, translator="html"), attr
    except Exception:  # a bad selector in a site entry must not take the run down
        return None, attr


def select(root: HtmlElement, css: str) -> list[HtmlElement | str]:
    """Elements matching `css` (or attribute values when it ends in ::attr(name))."""
    sel, attr = _compile(css)
    if sel is None:
        return []
    try:
        found = sel(root)
    except etree.XPathError:
        return []
    if attr:
        return [v for el in found if (v := el.get(attr))]
    return found


def select_first(
    root: HtmlElement, selectors: tuple[str, ...] | list[str]
) -> HtmlElement | str | None:
    for css in selectors:
        for hit in select(root, css):
            if isinstance(hit, str) or _has_content(hit):
                return hit
    return None


def _has_content(el: HtmlElement) -> bool:
    if el.tag in ("meta", "img", "time") and (el.get("content") or el.get("datetime")):
        return True
    return bool((el.text_content() or "").strip())


# ---------------------------------------------------------------------------
# Detection

_GENERATORS = (
    ("vtcnews", "vtcnews"),
    ("wordpress", "wordpress"),
    ("drupal", "drupal"),
    ("nukeviet", "nukeviet"),
    ("joomla", "joomla"),
    ("liferay", "liferay"),
    ("sharepoint", "sharepoint"),
)
_HOSTS = (
    (re.compile(r"(^|\.)vnexpress\.net$"), "vnexpress"),
    (re.compile(r"(^|\.)(znews|zingnews)\.vn$"), "znews"),
    (re.compile(r"(^|\.)laodong\.vn$"), "laodong"),
    (re.compile(r"(^|\.)vtcnews\.vn$"), "vtcnews"),
)
# Markup tests, most specific first. ArticleContent alone is also used by unrelated
# press sites, so the platform needs div.PostDate as well (cms_families.md A3).
_MARKUP = (
    ("provincial-platform", ("div.PostDate", "div.ArticleContent")),
    ("vnexpress", ("[class~='fck_detail']",)),
    ("znews", ("div.the-article-body",)),
    ("vtcnews", ("div.edittor-content",)),
    ("cms-zce", ("div.zce-content-body",)),
    ("cms-zce", ("meta.cms-date",)),
    ("cms-zce", ("div.cms-body",)),
    ("content-fck", ("div.content-fck",)),
    ("mastercms", ("[class*='__MASTERCMS_CONTENT']",)),
    ("sc-longform", ("div.b-maincontent",)),
    ("nukeviet", ("#news-bodyhtml",)),
    ("liferay", ("div.journal-content-article",)),
    ("liferay", ("[id^='p_p_id_']",)),
    ("sharepoint", (".ms-rtestate-field",)),
    ("sharepoint", ("div.noi-dung-trang",)),
    ("joomla", (".itemFullText",)),
    ("wordpress", ("div.entry-content",)),
    ("wordpress", (".td-post-content",)),
    ("drupal", (".field--name-body",)),
    ("aspnet", ("input[name='__VIEWSTATE']",)),
)
_URLS = (
    (re.compile(r"/web/guest/|/-/|/asset_publisher/"), "liferay"),
    (re.compile(r"/(Trang|Pages)/[^/]+\.aspx", re.I), "sharepoint"),
    (re.compile(r"\.ldo$"), "laodong"),
    (re.compile(r"-a\d+\.html$"), "content-fck"),
    (re.compile(r"-post\d+\.html$"), "cms-zce"),
    (re.compile(r"/wp-content/|/\?p=\d+"), "wordpress"),
    (re.compile(r"/(vi/)?news/"), "nukeviet"),
    (re.compile(r"index\.php/.+-\d+\.html$|/item/\d+-"), "joomla"),
    (re.compile(r"\.aspx", re.I), "aspnet"),
)


def detect_family(doc: HtmlElement, url: str, host: str = "") -> str | None:
    """Guess the CMS family from the generator meta, host, markup, then URL shape."""
    for gen in select(doc, "meta[name='generator']::attr(content)"):
        low = gen.lower()
        for needle, name in _GENERATORS:
            if needle in low:
                return name
    for rx, name in _HOSTS:
        if host and rx.search(host):
            return name
    for name, tests in _MARKUP:
        if all(select(doc, css) for css in tests):
            return name
    for rx, name in _URLS:
        if rx.search(url):
            return name
    if select(
        doc, "link[href*='/wp-content/'], script[src*='/wp-content/'], img[src*='/wp-content/']"
    ):
        return "wordpress"
    if select(doc, "img[src*='/sites/default/files/'], link[href*='/sites/default/files/']"):
        return "drupal"
    return None
