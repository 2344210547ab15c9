"""The crawl's pure rules: dates at common precision, what is not an article, the generic
next-page finder, when a known article is asked again."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest
from scrapy.http import HtmlResponse

from spiders.families.feedparse import parse_entries
from spiders.families.pagekind import not_article_page, not_article_sitemap, not_article_url
from spiders.families.pager import generic_next_page, page_position
from spiders.families.recheck import changed_since, revalidation_due
from spiders.families.timing import compare, newer

# -- dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "want"),
    [
        # a sitemap's full UTC lastmod against a date-only listing date: same local day
        ("2026-12-06T20:00:00Z", "2026-12-07", 0),  # 03:00 on the 7th in Vietnam
        ("2026-12-06T16:59:59Z", "2026-12-07", -1),  # 23:59 on the 6th there
        ("2026-12-07T17:00:00+00:00", "2026-12-07", 1),  # the 8th there
        # minute precision against seconds: compared to the minute
        ("2026-12-07T10:15", "2026-12-07T03:15:42Z", 0),  # offset-less is local time
        ("Mon, 07 Dec 2026 10:15:42 +0700", "2026-12-07T03:15:41Z", 1),
        ("2026-12-07", "2026-12-07", 0),
    ],
)
def test_dates_compare_at_the_precision_both_show(a: str, b: str, want: int) -> None:
    assert compare(a, b) == want
    assert compare(b, a) == -want


def test_unreadable_or_missing_dates_are_never_newer() -> None:
    assert compare("hôm qua", "2026-12-07") is None
    assert not newer(None, "2026-12-07") and not newer("2026-12-07", None)


# -- not articles ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://x.vn/page-sitemap.xml", "page"),
        ("https://x.vn/category-sitemap.xml", "category"),
        ("https://x.vn/post_tag-sitemap2.xml", "post_tag"),
        ("https://x.vn/author-sitemap.xml", "author"),
        ("https://x.vn/wp-sitemap-posts-page-1.xml", "page"),
        ("https://x.vn/wp-sitemap-taxonomies-category-1.xml", "taxonomy"),
        ("https://x.vn/wp-sitemap-users-1.xml", "user"),
        ("https://x.vn/sitemap-pages.xml", "page"),
    ],
)
def test_page_and_taxonomy_sitemaps_are_named(url: str, kind: str) -> None:
    why = not_article_sitemap(url)
    assert why and why.startswith("not an article sitemap") and kind in why


@pytest.mark.parametrize(
    "url",
    [
        "https://x.vn/post-sitemap.xml",
        "https://x.vn/post-sitemap3.xml",
        "https://x.vn/wp-sitemap-posts-post-1.xml",
        "https://x.vn/sitemaps/news-recent.xml.gz",
        "https://x.vn/sitemap.xml",
    ],
)
def test_article_sitemaps_are_followed(url: str) -> None:
    assert not_article_sitemap(url) is None


def test_non_article_url_shapes() -> None:
    base, listings = "https://x.vn/hcm", ["https://x.vn/hcm/tin-tuc/"]
    for url in (
        "https://x.vn/",
        "https://x.vn/hcm/",
        "https://x.vn/hcm/tin-tuc",
        "https://x.vn/hcm/category/tin-tuc/",
        "https://x.vn/hcm/tin-tuc/page/3/",
        "https://x.vn/hcm/wp-content/uploads/2025/01/a.pdf",
    ):
        assert not_article_url(url, base, listings), url
    for url in ("https://x.vn/hcm/hoi-nghi-tong-ket.html", "https://x.vn/hcm/2025/01/hoi-nghi/"):
        assert not_article_url(url, base, listings) is None, url


def test_fetched_page_classes() -> None:
    page = '<html><body class="page-template-default page page-id-12"><p>x</p></body></html>'
    assert "static page" in not_article_page(page)
    assert "home page" in not_article_page('<body class="home blog">')
    assert "category page" in not_article_page('<body class="archive category category-x">')
    assert "static page" in not_article_page('<body class="path-node page-node-type-page">')
    post = '<body class="post-template-default single single-post postid-5">'
    assert not_article_page(post) is None
    # other CMSs' classes that merely contain the words are not read as WordPress's
    assert not_article_page('<body class="public-page site">') is None
    assert not_article_page('<body class="page">') is None


def test_feed_entries_keep_posting_and_update_times_apart() -> None:
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry>
      <link href="https://x.vn/a-1.html"/><published>2026-12-01T08:00:00+07:00</published>
      <updated>2026-12-05T09:30:00+07:00</updated></entry></feed>"""
    kind, entries = parse_entries(atom)
    assert kind == "atom"
    assert (entries[0].posted, entries[0].updated) == (
        "2026-12-01T08:00:00+07:00",
        "2026-12-05T09:30:00+07:00",
    )
    sitemap = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
      xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url>
      <loc>https://x.vn/a-1.html</loc><lastmod>2026-12-05T02:30:00Z</lastmod>
      <news:news><news:publication_date>2026-12-01</news:publication_date></news:news>
      </url></urlset>"""
    _, entries = parse_entries(sitemap)
    assert (entries[0].posted, entries[0].updated) == ("2026-12-01", "2026-12-05T02:30:00Z")


# -- pagers --------------------------------------------------------------------------


def _page(url: str, body: str) -> HtmlResponse:
    return HtmlResponse(url, body=f"<html><body>{body}</body></html>".encode(), encoding="utf-8")


@pytest.mark.parametrize(
    ("url", "markup", "want"),
    [
        # link text "Trang sau" in a container no family names
        (
            "https://x.vn/tin-tuc/",
            '<div class="phan-trang"><a href="/tin-tuc/page-2">Trang sau</a></div>',
            "https://x.vn/tin-tuc/page-2",
        ),
        # bare numbers, ?page=N
        (
            "https://x.vn/tin-tuc?page=2",
            '<p><a href="?page=1">1</a> <a href="?page=3">3</a></p>',
            "https://x.vn/tin-tuc?page=3",
        ),
        # Liferay's portlet parameter, by the sequence of the current page
        (
            "https://x.vn/web/guest/tin?p_p_id=101&_101_cur=4",
            '<span><a href="/web/guest/tin?p_p_id=101&_101_cur=5">»</a></span>',
            "https://x.vn/web/guest/tin?p_p_id=101&_101_cur=5",
        ),
        # /page/N with a "›" link
        (
            "https://x.vn/tin-tuc/page/2/",
            '<div class="nav-links"><a href="/tin-tuc/">1</a>'
            '<a href="/tin-tuc/page/3/">›</a></div>',
            "https://x.vn/tin-tuc/page/3/",
        ),
    ],
)
def test_generic_next_page(url: str, markup: str, want: str) -> None:
    page = int((page_position(url) or ("", "", 1))[2])
    found = generic_next_page(_page(url, markup), page)
    assert found is not None and found.url == want, found


def test_rel_next_wins_and_nothing_is_invented() -> None:
    head = '<link rel="next" href="/tin-tuc/?trang=2">'
    found = generic_next_page(_page("https://x.vn/tin-tuc/", head + '<a href="/x-2">2</a>'), 1)
    assert found is not None and (found.url, found.how) == (
        "https://x.vn/tin-tuc/?trang=2",
        "rel=next",
    )
    # an article whose title is "2", a postback pager and another host: no next page
    body = (
        '<a href="/bai-viet-2.html">2</a><a href="javascript:__doPostBack(1)">Trang sau</a>'
        '<div class="pagination"><a href="https://other.vn/tin-tuc/page/2">2</a></div>'
    )
    assert generic_next_page(_page("https://x.vn/tin-tuc/", body), 1) is None


# -- asking known articles again -----------------------------------------------------


def test_update_times_ask_again_only_when_they_moved() -> None:
    fetched = {
        "status": 200,
        "checked_at": "2026-12-05T03:00:00+00:00",
        "listing_date": "2026-12-01",
    }
    # the same instant shown at another precision is no change (the 2.24x of issue 20)
    assert changed_since(fetched, "2026-12-01T08:00:00+07:00", None) is None
    assert changed_since(fetched, None, "2026-12-05") is None  # day of the fetch: not after
    assert changed_since(fetched, None, "2026-12-06T01:00:00Z")  # after the last fetch
    seen = {**fetched, "updated": "2026-12-05"}
    assert changed_since(seen, None, "2026-12-05T09:00:00Z") is None
    assert changed_since(seen, None, "2026-12-06")  # the shown update time moved
    assert changed_since(fetched, "2026-12-02", None)  # the posting date moved


def test_revalidation_covers_the_window_within_ceil_one_over_share_nights() -> None:
    now = datetime(2026, 12, 7, 1, 30, tzinfo=UTC)
    arts = {
        f"https://x.vn/a-{i}.html": {
            "url": f"https://x.vn/a-{i}.html",
            "status": 200,
            "listing_date": (now - timedelta(days=i % 40)).date().isoformat(),
            "checked_at": (now - timedelta(days=40)).isoformat(),
        }
        for i in range(95)
    }
    # an update time shown does not exempt it: many never move on an edit
    arts["https://x.vn/signal.html"] = {**arts["https://x.vn/a-1.html"], "updated": "2026-12-06"}
    arts["https://x.vn/gone.html"] = {**arts["https://x.vn/a-1.html"], "status": 404}
    arts["https://x.vn/page.html"] = {**arts["https://x.vn/a-1.html"], "not_article": "page"}
    # undated on its listing: its update time (a sitemap lastmod) dates it, else first fetch
    old = {"url": "u", "status": 200, "first_seen": now.isoformat()}
    arts["https://x.vn/old-lastmod.html"] = {**old, "updated": "2024-01-01"}
    arts["https://x.vn/undated.html"] = {
        **old,
        "checked_at": (now - timedelta(days=40)).isoformat(),
    }
    in_window = {
        k
        for k, e in arts.items()
        if k.endswith(tuple(f"-{i}.html" for i in range(95) if i % 40 < 30))
    } | {"https://x.vn/signal.html", "https://x.vn/undated.html"}
    share, asked_on = 0.1, {}
    for night in range(math.ceil(1 / share)):
        t = now + timedelta(days=night)
        due = revalidation_due(arts, t, 30 + night, share)  # window follows the clock
        assert len(due) == math.ceil(len(in_window) * share)
        for k in due:
            asked_on.setdefault(k, night)
            arts[k]["checked_at"] = t.isoformat()
    assert set(asked_on) == in_window  # each once, none outside the window, gone or a page
    assert revalidation_due(arts, now, 30, 0) == [] and revalidation_due(arts, now, 0, 0.1) == []


@pytest.mark.parametrize(
    ("item", "want"),
    [
        ('<div><a href="/a-1.html">A</a> <span>Cập nhật: 06/12/2026 09:15</span></div>',
         "2026-12-06T09:15:00+07:00"),
        ('<li><a href="/a-1.html">A</a><time class="updated" datetime="2026-12-08T02:15:00Z">'
         "8/12</time></li>", "2026-12-08T02:15:00Z"),
        ('<li data-modified="2026-12-08"><a href="/a-1.html">A</a></li>', "2026-12-08"),
        ('<li><a href="/a-1.html">A</a> <span>Đăng ngày 07/12/2026</span></li>', None),
    ],
)  # fmt: skip
def test_listing_update_time(item: str, want: str | None) -> None:
    from parsel import Selector

    from spiders.families.listing import listing_update_time

    block = Selector(text=f"<html><body>{item}</body></html>").css("body > *")[0]
    assert listing_update_time(block) == want
