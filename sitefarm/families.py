"""Per-family site builders: URL layout + which templates render listing and article pages."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .build import SiteBuild, insert_failing, prepare_articles
from .feeds import add_sitemaps, rss
from .model import Page
from .seeds import slugify

TEMPLATES = Path(__file__).resolve().parent / "templates"
WEEKDAYS = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]


def _fmt(value, fmt: str) -> str:
    return value.strftime(fmt)


def _weekday(value) -> str:
    return WEEKDAYS[value.weekday()]


_env = Environment(
    loader=FileSystemLoader(str(TEMPLATES)),
    autoescape=select_autoescape(["html", "j2"]),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["fmt"] = _fmt
_env.filters["weekday"] = _weekday
_env.globals["is_datetime"] = lambda v: isinstance(v, datetime)


def render(name: str, **ctx) -> Page:
    return Page(200, _env.get_template(name).render(**ctx).encode("utf-8"))


def path_of(url: str) -> str:
    p = urlsplit(url)
    return p.path + ("?" + p.query if p.query else "")


def truncate_dates(b: SiteBuild, mode: str) -> None:
    """Make published match what the family shows: 'date' only, or to the 'minute'."""
    for a in b.articles:
        if isinstance(a.published, datetime):
            if mode == "date":
                a.published = a.published.date()
            elif mode == "minute":
                a.published = a.published.replace(second=0)


def templates(b: SiteBuild, family: str) -> str:
    """The templates' name prefix: the family's, or under a farm theme {"layout": "<v>"}
    the family's layout variant <v> (`<family>_<v>_listing.html.j2`, …)."""
    return f"{family}_{b.theme['layout']}" if b.theme.get("layout") else family


def render_listings(b: SiteBuild, tpl: str, page_url, **ctx) -> None:
    """Render every listing page; page_url(n) gives the absolute URL of page n (1-based)."""
    pages = b.pages_of_items()
    for n, items in enumerate(pages, start=1):
        page = render(
            tpl,
            b=b,
            site=b.site,
            items=items,
            n=n,
            total=len(pages),
            page_url=page_url,
            **ctx,
        )
        b.add(page_url(n), page)
        b.listing_urls.append(page_url(n))


def render_articles(b: SiteBuild, tpl: str, **ctx) -> None:
    for a in b.articles:
        others = [x for x in b.articles if x is not a][:5]
        b.add(a.url, render(tpl, b=b, site=b.site, a=a, others=others, **ctx))


# ---------------------------------------------------------------- wordpress (napa-hcm)
def build_wordpress(b: SiteBuild) -> None:
    root = urlsplit(b.site.base_url).path.rstrip("/")  # "/hcm"
    start = b.site.start_urls[0] if b.site.start_urls else f"{root}/category/tin-tuc/"
    prepare_articles(
        b,
        lambda t, i: b.abs(f"{root}/{slugify(t)}.htm"),
        f"https://{b.host}{root}/wp-content/uploads/",
        views=False,
    )

    def page_url(n: int) -> str:
        return b.abs(start if n == 1 else f"{start}page/{n}/")

    tpl = templates(b, "wordpress")  # theme {"layout": "block"}: a block theme
    render_listings(b, f"{tpl}_listing.html.j2", page_url, root=root)
    render_articles(b, f"{tpl}_article.html.j2", root=root)
    for feed in b.site.feeds or [f"{root}/feed/"]:
        url = b.site.absolute(feed)
        b.add(url, rss(b, b.site.name, b.site.base_url, url, "https://wordpress.org/?v=5.8.3"))
        b.feed_urls.append(url)
    b.robots_disallow.append(f"{root}/wp-admin/")


# ---------------------------------------------------------------- nukeviet (dhnv)
def build_nukeviet(b: SiteBuild) -> None:
    start = b.site.start_urls[0] if b.site.start_urls else "/vi/news/tin-tuc/"
    prepare_articles(
        b,
        lambda t, i: b.abs(f"{start}{slugify(t)}-{i}.html"),
        f"https://{b.host}/uploads/news/",
        views=True,
    )
    truncate_dates(b, "date")

    def page_url(n: int) -> str:
        return b.abs(start if n == 1 else f"{start}page-{n}")

    render_listings(b, "nukeviet_listing.html.j2", page_url)
    render_articles(b, "nukeviet_article.html.j2")


# ---------------------------------------------------------------- provincial platform (thanhuy-ngabay)  # noqa: E501
def build_platform(b: SiteBuild) -> None:
    start = b.site.start_urls[0] if b.site.start_urls else "/tin-tuc/"
    prepare_articles(
        b,
        lambda t, i: b.abs(f"{start}{slugify(t)}-{i}.html"),
        f"https://{b.host}/Uploads/Images/",
        views=True,
    )
    truncate_dates(b, "date")
    # a listing link into a path robots.txt disallows: a polite spider must skip it
    private = f"{start}noi-bo/"
    b.robots_disallow.append(private)
    title = "Thông báo nội bộ về lịch sinh hoạt chi bộ tháng 12"
    insert_failing(b, 2, b.abs(f"{private}{slugify(title)}-2590.html"), title, 200, "robots")

    def page_url(n: int) -> str:
        return b.abs(start if n == 1 else f"{start}?page={n}")

    render_listings(b, "provincial-platform_listing.html.j2", page_url)
    render_articles(b, "provincial-platform_article.html.j2")
    for it in b.items:
        if it.reason == "robots":
            b.add(it.url, render("provincial-platform_private.html.j2", b=b, site=b.site, it=it))


# ---------------------------------------------------------------- liferay (tct-thanhhoa)
LIFERAY_PORTLET = "101_INSTANCE_tintuc"


def build_liferay(b: SiteBuild) -> None:
    start = b.site.start_urls[0] if b.site.start_urls else "/web/guest/tin-tuc"
    prepare_articles(
        b,
        lambda t, i: b.abs(f"/web/guest/-/{slugify(t)}"),
        f"https://{b.host}/documents/20182/0/",
        views=True,
    )

    def page_url(n: int) -> str:
        if n == 1:
            return b.abs(start)
        return b.abs(
            f"{start}?p_p_id={LIFERAY_PORTLET}&p_p_lifecycle=0&p_p_state=normal"
            f"&p_p_mode=view&_{LIFERAY_PORTLET}_cur={n}"
        )

    render_listings(b, "liferay_listing.html.j2", page_url)
    render_articles(b, "liferay_article.html.j2")


# ---------------------------------------------------------------- sharepoint (quangninh-portal)
def build_sharepoint(b: SiteBuild) -> None:
    start = b.site.start_urls[0] if b.site.start_urls else "/Trang/tin-tuc-su-kien.aspx"
    prepare_articles(
        b,
        lambda t, i: b.abs(f"/Trang/ChiTietTinTuc.aspx?nid={100000 + i}"),
        f"https://{b.host}/Upload/Images/",
        views=False,
    )
    truncate_dates(b, "minute")
    title = "Quảng Ninh tổng kết công tác đào tạo, bồi dưỡng cán bộ năm 2023"
    insert_failing(b, 4, b.abs("/Trang/ChiTietTinTuc.aspx?nid=113999"), title, 500, "error")

    def page_url(n: int) -> str:
        return b.abs(start if n == 1 else f"{start}?Page={n}")

    render_listings(b, "sharepoint_listing.html.j2", page_url)
    render_articles(b, "sharepoint_article.html.j2")


# ---------------------------------------------------------------- newspaper (baohaiduong)
def build_newspaper(b: SiteBuild) -> None:
    section = "/chinh-tri"
    prepare_articles(
        b,
        lambda t, i: b.abs(f"{section}/{slugify(t)}-{i}"),
        f"https://{b.host}/upload/images/",
        views=False,
    )
    for a in b.articles:
        if a.synthetic and a.author:
            a.author = a.author.upper()

    def page_url(n: int) -> str:
        return b.abs(f"{section}/" if n == 1 else f"{section}/?page={n}")

    render_listings(b, "newspaper_listing.html.j2", page_url)
    render_articles(b, "newspaper_article.html.j2")
    for feed in b.site.feeds or ["/rss/chinh-tri.rss"]:
        url = b.site.absolute(feed)
        b.add(url, rss(b, f"{b.site.name} - Chính trị", b.abs(f"{section}/"), url))
        b.feed_urls.append(url)


# ---------------------------------------------------------------- aspnet (sxdthanhhoa)
ASPNET_MENU = "ddaac893-0257-433b-9ba3-e60cdd949aa3"  # the MenuID of the attested URL


def build_aspnet(b: SiteBuild) -> None:
    """ASP.NET Web Forms: `Introduction.aspx?MenuID=<guid>&NewsID=<guid>` articles,
    a Telerik-style pager whose numbers are GET links but whose "Trang sau" is a
    `__doPostBack` (form post) a crawler must not follow."""
    import uuid

    start = (
        path_of(b.site.absolute(b.site.start_urls[0]))
        if b.site.start_urls
        else (f"/Introduction.aspx?MenuID={ASPNET_MENU}")
    )

    def url_for(t: str, i: int) -> str:
        news = uuid.uuid5(uuid.NAMESPACE_URL, f"{b.host}/{i}/{t}")
        return b.abs(f"/Introduction.aspx?MenuID={ASPNET_MENU}&NewsID={news}")

    prepare_articles(b, url_for, f"https://{b.host}/Upload/Images/", views=True)
    for a in b.articles:
        a.extra["news_id"] = a.url.rsplit("=", 1)[1]

    def page_url(n: int) -> str:
        return b.abs(start if n == 1 else f"{start}&page={n}")

    render_listings(b, "aspnet_listing.html.j2", page_url, menu=ASPNET_MENU)
    render_articles(b, "aspnet_article.html.j2", menu=ASPNET_MENU)
    b.robots_disallow.append("/WebResource.axd")


# ---------------------------------------------------------------- drupal (doingoailaocai)
def build_drupal(b: SiteBuild) -> None:
    """Drupal 9 (Drupal 7 under the theme {"layout": "7"}): `views-row` listing, `?page=N`
    pager counting from 0, `/vi/bai-viet/<id>` articles; serves a plain sitemap.xml too."""
    start = (
        path_of(b.site.absolute(b.site.start_urls[0]))
        if b.site.start_urls
        else ("/vi/kenh-tin/11-lao-cai")
    )
    prepare_articles(
        b,
        lambda t, i: b.abs(f"/vi/bai-viet/{i}"),
        f"https://{b.host}/sites/default/files/",
        views=False,
    )

    def page_url(n: int) -> str:
        return b.abs(start if n == 1 else f"{start}?page={n - 1}")

    tpl = templates(b, "drupal")  # theme {"layout": "7"}: a Drupal 7 site
    render_listings(b, f"{tpl}_listing.html.j2", page_url)
    render_articles(b, f"{tpl}_article.html.j2")
    for feed in b.site.feeds:
        url = b.site.absolute(feed)
        if "sitemap" in feed:
            add_sitemaps(b, path_of(url))
        else:
            b.add(url, rss(b, b.site.name, b.site.base_url, url))
            b.feed_urls.append(url)
    b.robots_disallow += ["/admin/", "/user/", "/node/add/"]


# ------------------------------------------- portal platforms known by URL shape (issue 18)
def _build_by_shape(
    b: SiteBuild,
    layout: str,
    default_start: str,
    url_for,
    image_base: str,
    page_url_of,
) -> None:
    """A portal whose URL shapes are attested and whose markup is the family's assumed
    one: listing pages at `page_url_of(start, n)`, articles at `url_for(title, i)`."""
    start = path_of(b.site.absolute(b.site.start_urls[0])) if b.site.start_urls else default_start
    prepare_articles(b, url_for, f"https://{b.host}{image_base}", views=False)
    truncate_dates(b, "minute")

    def page_url(n: int) -> str:
        return b.abs(page_url_of(start, n))

    tpl = templates(b, layout)
    render_listings(b, f"{tpl}_listing.html.j2", page_url)
    render_articles(b, f"{tpl}_article.html.j2")


def _query_page(start: str, n: int) -> str:
    return start if n == 1 else f"{start}{'&' if '?' in start else '?'}page={n}"


def build_websphere(b: SiteBuild) -> None:
    """WebSphere Portal (camau-portal): articles under an opaque `!ut/p/z0/<state>/`."""
    import base64
    import hashlib

    def url_for(t: str, i: int) -> str:
        state = base64.urlsafe_b64encode(hashlib.sha256(f"{b.host}/{i}".encode()).digest())
        token = state.decode().rstrip("=")
        return b.abs(f"/wps/portal/trang-chu/tin-tuc/chi-tiet/!ut/p/z0/{token}!!/")

    _build_by_shape(b, "websphere", "/", url_for, "/wps/wcm/connect/tin-tuc/anh/", _query_page)


def build_dotnetnuke(b: SiteBuild) -> None:
    """DotNetNuke (hue-portal): `<tab>/Chi-tiet-su-kien/mlid/<guid>` articles,
    `<tab>/currentpage/<n>` pages, files under /Portals/0/; under the theme
    {"layout": "easydnnnews"} the EasyDNNnews module's lists, pager and article view."""
    import uuid

    start = path_of(b.site.absolute(b.site.start_urls[0])) if b.site.start_urls else "/Tin-tuc"

    easydnn = b.theme.get("layout") == "easydnnnews"

    def url_for(t: str, i: int) -> str:
        if easydnn:  # EasyDNNnews: <tab>/ArticleID/<id>/<slug>
            return b.abs(f"{start}/ArticleID/{4000 + i}/{slugify(t)}")
        return b.abs(f"{start}/Chi-tiet-su-kien/mlid/{uuid.uuid5(uuid.NAMESPACE_URL, t)}")

    def page_url_of(start: str, n: int) -> str:
        if easydnn:  # its pager: <tab>/PgrID/<module>/PageID/<n>
            return start if n == 1 else f"{start}/PgrID/1089/PageID/{n}"
        return start if n == 1 else f"{start}/currentpage/{n}"

    _build_by_shape(b, "dotnetnuke", start, url_for, "/Portals/0/Uploads/Images/", page_url_of)


def build_catid_portal(b: SiteBuild) -> None:
    """`/<category>-<id>/<slug>-<id>` portals (nghean-portal)."""
    start = (
        path_of(b.site.absolute(b.site.start_urls[0]))
        if b.site.start_urls
        else "/tin-tuc-su-kien-73053"
    )

    def url_for(t: str, i: int) -> str:
        return b.abs(f"{start.rstrip('/')}/{slugify(t)}-{720000 + i}")

    _build_by_shape(b, "catid-portal", start, url_for, "/uploads/news/", _query_page)


def build_bai_viet(b: SiteBuild) -> None:
    """`/vi/bai-viet/<slug>` portals (hatinh-portal)."""
    _build_by_shape(
        b,
        "bai-viet",
        "/vi/tin-tuc",
        lambda t, i: b.abs(f"/vi/bai-viet/{slugify(t)}"),
        "/uploads/topics/",
        _query_page,
    )


def build_upload_fck(b: SiteBuild) -> None:
    """`/upload/<site id>/fck/` portals (laichau-portal): `/tin-tuc-su-kien/<cat>/<slug>.html`."""
    start = (
        path_of(b.site.absolute(b.site.start_urls[0])) if b.site.start_urls else "/tin-tuc-su-kien"
    )

    def url_for(t: str, i: int) -> str:
        return b.abs(f"{start.rstrip('/')}/tin-hoat-dong/{slugify(t)}.html")

    _build_by_shape(b, "upload-fck", start, url_for, "/upload/2000066/fck/admin/", _query_page)


# ---------------------------------------------------------------- generic (any other registry site)
def build_generic(b: SiteBuild) -> None:
    """Fallback so every registry site is served, whatever its family."""
    starts = list(b.site.start_urls) or ["/tin-tuc/"]
    start = path_of(b.site.absolute(starts[0]))
    prepare_articles(
        b,
        lambda t, i: b.abs(f"/{slugify(t)}-{i}.html"),
        f"https://{b.host}/images/",
        views=False,
        n_synth=4,
    )
    truncate_dates(b, "minute")
    sep = "&" if "?" in start else "?"

    def page_url(n: int) -> str:
        return b.abs(start if n == 1 else f"{start}{sep}page={n}")

    render_listings(b, "generic_listing.html.j2", page_url)
    for extra in starts[1:]:
        url = b.site.absolute(extra)
        b.add(
            url,
            render(
                "generic_listing.html.j2",
                b=b,
                site=b.site,
                items=b.items[:3],
                n=1,
                total=1,
                page_url=lambda n, u=url: u,
            ),
        )
        b.listing_urls.append(url)
    render_articles(b, "generic_article.html.j2")
    for feed in b.site.feeds:
        url = b.site.absolute(feed)
        if "sitemap" in feed:
            add_sitemaps(b, path_of(url))
        else:
            b.add(url, rss(b, b.site.name, b.site.base_url, url))
            b.feed_urls.append(url)


def _lazy_real(name: str):
    def builder(b: SiteBuild) -> None:
        from . import realpages

        getattr(realpages, name)(b)

    return builder


BUILDERS = {
    "wordpress": build_wordpress,
    "nukeviet": build_nukeviet,
    "provincial-platform": build_platform,
    "liferay": build_liferay,
    "sharepoint": build_sharepoint,
    "newspaper": build_newspaper,
    "content-fck": _lazy_real("build_content_fck"),
    "cms-zce": _lazy_real("build_cms_zce"),
    "aspnet": build_aspnet,
    "drupal": build_drupal,
    "websphere": build_websphere,
    "dotnetnuke": build_dotnetnuke,
    "catid-portal": build_catid_portal,
    "bai-viet": build_bai_viet,
    "upload-fck": build_upload_fck,
    "generic": build_generic,
}
