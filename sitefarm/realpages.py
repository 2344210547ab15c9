# ruff: noqa: E501  (real-page HTML snippets are kept on one line)
"""Sites built from the REAL devset pages: baocantho (content-fck) and baolaocai (cms-zce).

The real article pages are served byte for byte. Listings and synthetic articles reuse
the real page chrome with the content swapped; chrome links to articles the farm does
not serve are pointed at farm articles so a crawler never leaves the farm.
"""

from __future__ import annotations

import html as htmllib
import re
from datetime import datetime
from pathlib import Path

from lxml import html as lhtml

from .build import SiteBuild, add_articles, insert_failing
from .feeds import add_sitemaps
from .model import VN_TZ, Article, Block, Image, Page, norm_ws
from .seeds import slugify
from .synth import synthetic_fields

PAGES = Path(__file__).resolve().parent / "corpus" / "devset" / "pages"
esc = htmllib.escape


def _text(el) -> str:
    return norm_ws(el.text_content())


def rewrite_chrome_links(s: str, pattern: str, served: list[str], keep_also=()) -> str:
    """Point article links the farm does not serve at served articles (deterministic)."""
    mapping: dict[str, str] = {}
    keep = set(served) | set(keep_also)

    def sub(m: re.Match) -> str:
        u = m.group(0)
        if u in keep:
            return u
        if u not in mapping:
            mapping[u] = served[len(mapping) % len(served)]
        return mapping[u]

    return re.sub(pattern, sub, s)


def _swap(s: str, start_marker: str, end_marker: str, new: str, after: str | None = None) -> str:
    i = s.index(start_marker, s.index(after) if after else 0) + len(start_marker)
    j = s.index(end_marker, i)
    return s[:i] + new + s[j:]


def _synth_articles(b: SiteBuild, url_for, image_base: str) -> list[Article]:
    out = []
    for f in synthetic_fields(b.site.id, 5, image_base, views=False):
        f["published"] = f["published"].replace(second=0)
        f.pop("role")
        out.append(Article(site_id=b.site.id, url=url_for(f), synthetic=True, **f))
    return out


# ------------------------------------------------------------------ content-fck (baocantho)
CFK_ARTICLE = "baocantho_article_20260108.html"
CFK_LISTING = "baocantho_listing_thoisu.html"
CFK_LINK = r"https://baocantho\.com\.vn/[a-z0-9-]+-a\d+\.html"


def cfk_real_article(raw: bytes, url: str, site_id: str) -> Article:
    doc = lhtml.fromstring(raw.decode("utf-8"))
    title = _text(doc.cssselect("h1.margintopbot10")[0])
    d = re.match(r"(\d\d)/(\d\d)/(\d{4}) - (\d\d):(\d\d)", _text(doc.cssselect("span.pubdate")[0]))
    dd, mo, y, hh, mm = (int(x) for x in d.groups())
    blocks: list[Block] = []
    author = None
    for el in doc.cssselect("#newscontents div.content-fck")[0]:
        if el.tag != "p":
            continue
        imgs = el.cssselect("img")
        text = _text(el)
        if imgs:
            blocks.append(Block(image=Image(imgs[0].get("src"), None)))
        elif el.get("style", "").replace(" ", "") == "text-align:center;" and el.cssselect("em"):
            if blocks and blocks[-1].image and blocks[-1].image.caption is None:
                blocks[-1].image.caption = text
        elif (
            text.startswith("Tin, ảnh:") or text.startswith("Tin:") or text.startswith("Bài, ảnh:")
        ):
            author = norm_ws(text.split(":", 1)[1])
        elif text:
            blocks.append(Block(text=text))
    return Article(
        site_id=site_id,
        url=url,
        title=title,
        published=datetime(y, mo, dd, hh, mm, tzinfo=VN_TZ),
        author=author,
        views=None,
        blocks=blocks,
        synthetic=False,
        raw_html=raw,
    )


def cfk_body(a: Article) -> str:
    parts = []
    for bl in a.blocks:
        if bl.image:
            parts.append(
                f'<p style="text-align: justify;"><img title="{esc(a.title)}" class="zoomimg" '
                f'alt="" src="{esc(bl.image.src)}" style="width: 700px; height: 436px;" />\n</p>'
            )
            if bl.image.caption:
                parts.append(f'<p style="text-align: center;"><em>{esc(bl.image.caption)}</em></p>')
        else:
            parts.append(f'<p style="text-align: justify;">{esc(bl.text)}</p>')
    if a.author:
        parts.append(
            f'<p style="text-align: right;"><strong>Tin, ảnh: {esc(a.author)}</strong></p>'
        )
    return "\n" + "\n\n".join(parts) + "\n"


def build_content_fck(b: SiteBuild) -> None:
    raw = (PAGES / CFK_ARTICLE).read_bytes()
    real_url = "https://baocantho.com.vn/tap-trung-trien-khai-cac-dot-thanh-tra-kiem-tra-co-trong-tam-trong-diem-nhat-la-cac-linh-vuc-co-ng-a196670.html"
    real = cfk_real_article(raw, real_url, b.site.id)
    synth = _synth_articles(
        b,
        lambda f: b.abs(f"/{slugify(f['title'])}-a{190000 + f['article_id']}.html"),
        "https://baocantho.com.vn/image/fckeditor/upload/",
    )
    add_articles(b, [real, *synth])
    dead = "Hội nghị sơ kết công tác tổ chức xây dựng Đảng 6 tháng đầu năm"
    insert_failing(b, 4, b.abs(f"/{slugify(dead)}-a195999.html"), dead, 404, "dead")
    served = [a.url for a in b.articles]
    start = b.site.start_urls[0] if b.site.start_urls else "/thoi-su/"

    def page_url(n: int) -> str:
        return b.abs(start if n == 1 else f"{start.rstrip('/')}?p={n}")

    # listing pages from the real listing
    listing = (PAGES / CFK_LISTING).read_text(encoding="utf-8")
    t0 = listing.index('<div class="titlecate">')
    t1 = listing.index("</div>", t0) + len("</div>")
    listing = listing[:t1] + "\n" + listing[listing.index('<div class="boxtinmoi">') :]
    pages = b.pages_of_items()
    for n, items in enumerate(pages, start=1):
        lis = "".join(
            f"""
				<li class="news-img-left news-img">
			<a class="b-title" href="{esc(it.url)}">
				<h3 class="marginbottom5 fs18">{esc(it.title)}&nbsp;<span class="sprite icophoto"></span></h3>
			</a>
						<p class="b-content  txt fleft desc marginbottom5">
				{esc(it.teaser)}			</p>
		</li>"""
            for it in items
        )
        first = '<li><a href="javascript:void(0)">&laquo;</a></li><li><a href="javascript:void(0)">&lt;</a></li>'  # noqa: E501
        if n > 1:
            first = f'<li><a href="{page_url(1)}">&laquo;</a></li><li><a href="{page_url(n - 1)}">&lt;</a></li>'  # noqa: E501
        nums = "".join(
            f"<li><b>{k}</b></li>" if k == n else f'<li><a href="{page_url(k)}">{k}</a></li>'
            for k in range(1, len(pages) + 1)
        )
        last = ""
        if n < len(pages):
            last = f'<li><a href="{page_url(n + 1)}">&gt;</a></li><li><a href="{page_url(len(pages))}">&raquo;</a></li>'  # noqa: E501
        s = _swap(
            listing,
            '<ul class="list-news-img-style-1">',
            "</ul>",
            lis + "\n\t\t\t",
            '<div class="boxtinmoi">',
        )
        s = _swap(
            s, '<div class="fright" id="page">', "</div>", f"\n<ul>\n{first}{nums}{last}\n</ul>\n"
        )
        s = rewrite_chrome_links(s, CFK_LINK, served, [it.url for it in b.items])
        b.add(page_url(n), Page(200, s.encode("utf-8")))
        b.listing_urls.append(page_url(n))
        if n > 1:  # the pager links "/thoi-su?p=N"; also answer "/thoi-su/?p=N"
            b.add(b.abs(f"{start}?p={n}"), Page(200, s.encode("utf-8")))

    # articles
    b.add(real.url, Page(200, raw))
    text = raw.decode("utf-8")
    real_slug = real_url.rsplit("/", 1)[1]
    desc = re.search(r'<meta name="Description" content="([^"]*)"', text).group(1)
    for a in synth:
        s = _swap(text, '<div class="content-fck slider-jsgallery 171">', "</div>", cfk_body(a))
        s = s.replace(real_slug, a.url.rsplit("/", 1)[1]).replace(real.title, esc(a.title))
        s = s.replace(desc, esc(a.teaser)).replace('value="196670"', f'value="{a.article_id}"')
        s = re.sub(
            r'(<span class="pubdate 128">)[^<]*(</span>)',
            lambda m, a=a: m.group(1) + a.published.strftime("%d/%m/%Y - %H:%M") + m.group(2),
            s,
        )
        s = s.replace('"datePublished": "2026-01-08"', f'"datePublished": "{a.day.isoformat()}"')
        s = rewrite_chrome_links(s, CFK_LINK, served)
        b.add(a.url, Page(200, s.encode("utf-8")))


# ------------------------------------------------------------------ cms-zce (baolaocai)
ZCE_ARTICLE = "baolaocai_article_20250617.html"
ZCE_LINK = r"https://baolaocai\.vn/[a-z0-9-]+-post\d+\.html"


def zce_real_article(raw: bytes, url: str, site_id: str) -> Article:
    doc = lhtml.fromstring(raw.decode("utf-8"))
    title = _text(doc.cssselect("h1.article__title")[0])
    iso = doc.cssselect("meta.cms-date")[0].get("content")
    published = datetime.strptime(iso, "%Y-%m-%dT%H:%M:%S%z").astimezone(VN_TZ)
    lead = _text(doc.cssselect("div.article__sapo")[0])
    body = doc.cssselect("div.article__body.zce-content-body")[0]
    blocks: list[Block] = []
    author = None
    for el in body:
        cls = el.get("class") or ""
        if (
            el.tag in ("style", "script")
            or "sda_middle" in cls
            or (el.get("id") or "").startswith("sda")
        ):
            continue
        if "t1" in cls.split():
            author = _text(el)
            continue
        for img in el.cssselect("img"):
            cap = el.cssselect("figcaption")
            blocks.append(
                Block(
                    image=Image(
                        img.get("data-src") or img.get("src"), _text(cap[0]) if cap else None
                    )
                )
            )
        if not el.cssselect("img") and _text(el):
            blocks.append(Block(text=_text(el)))
    return Article(
        site_id=site_id,
        url=url,
        title=title,
        published=published,
        author=author,
        views=None,
        blocks=blocks,
        lead=lead,
        synthetic=False,
        raw_html=raw,
    )


def zce_body(a: Article) -> str:
    parts = []
    for bl in a.blocks:
        if bl.image:
            cap = (
                f"<figcaption><p>{esc(bl.image.caption)}</p></figcaption>"
                if bl.image.caption
                else ""
            )
            parts.append(
                f'<figure class="image"><img src="{esc(bl.image.src)}" alt="{esc(bl.image.caption or "")}">{cap}</figure>'  # noqa: E501
            )
        else:
            parts.append(f"<div> {esc(bl.text)}\n</div>")
    if a.author:
        parts.append(f'<div class="t1"> <span class="t2">{esc(a.author)}</span>\n</div> ')
    return "\n".join(parts)


def build_cms_zce(b: SiteBuild) -> None:
    raw = (PAGES / ZCE_ARTICLE).read_bytes()
    real_url = "https://baolaocai.vn/song-dep-tu-nhung-dieu-gian-di-post404649.html"
    real = zce_real_article(raw, real_url, b.site.id)
    synth = _synth_articles(
        b,
        lambda f: b.abs(f"/{slugify(f['title'])}-post{400000 + f['article_id']}.html"),
        "https://cdn.baolaocai.vn/images/",
    )
    for a in synth:  # the cms-* platform shows a sapo above the body
        a.lead, a.blocks = a.blocks[0].text, a.blocks[1:]
    add_articles(b, [real, *synth])
    served = [a.url for a in b.articles]
    text = raw.decode("utf-8")
    real_slug = real_url.rsplit("/", 1)[1]
    b.add(real.url, Page(200, raw))
    for a in synth:
        s = _swap(
            text,
            "</style>\n",
            '<div id="sdaWeb_SdaArticleAfterBody"',
            zce_body(a),
            'class="article__body',
        )
        s = re.sub(
            r'(<div class="article__sapo cms-desc"> <i class="laocai-icon"></i> ).*?( </div>)',
            lambda m, a=a: m.group(1) + esc(a.lead) + m.group(2),
            s,
            count=1,
            flags=re.S,
        )
        s = s.replace(real_slug, a.url.rsplit("/", 1)[1]).replace(real.title, esc(a.title))
        p = a.published
        s = s.replace("2025-06-17T13:43:02+0700", p.strftime("%Y-%m-%dT%H:%M:%S+0700"))
        s = s.replace("2025-06-17T13:43:02+07:00", p.isoformat())
        s = s.replace("17/06/2025 13:43", p.strftime("%d/%m/%Y %H:%M"))
        s = s.replace('data-time="1750142582"', f'data-time="{int(p.timestamp())}"')
        s = s.replace("404649", str(400000 + a.article_id))
        s = rewrite_chrome_links(s, ZCE_LINK, served)
        b.add(a.url, Page(200, s.encode("utf-8")))

    # a category listing made from the article page chrome
    section = "/review-lao-cai/"

    def page_url(n: int) -> str:
        return b.abs(section if n == 1 else f"{section}?page={n}")

    pages = b.pages_of_items()
    for n, items in enumerate(pages, start=1):
        stories = "".join(
            f'<article class="story"> <h2 class="story__heading"> <a class="cms-link" href="{esc(it.url)}" '  # noqa: E501
            f'title="{esc(it.title)}"> {esc(it.title)} </a> </h2> <div class="story__meta"> '
            f'<time class="time">{it.day.strftime("%d/%m/%Y")}</time> </div> '
            f'<div class="story__summary story__shorten"><p>{esc(it.teaser)}</p></div> </article> '
            for it in items
        )
        nav = "".join(
            f'<span class="active">{k}</span>' if k == n else f'<a href="{page_url(k)}">{k}</a>'
            for k in range(1, len(pages) + 1)
        )
        if n < len(pages):
            nav += f'<a class="next" href="{page_url(n + 1)}">Xem thêm</a>'
        new = (
            '<div class="category-page"> <h1 class="box-heading">Review Lào Cai</h1> '
            f'<div class="box-content content-list">{stories}</div> '
            f'<div class="pagination">{nav}</div> </div> </div> '
        )
        i = text.index('<div class="article">')
        j = text.index('<div class="sub-col sidebar-right">')
        s = text[:i] + new + text[j:]
        s = rewrite_chrome_links(s, ZCE_LINK, served)
        b.add(page_url(n), Page(200, s.encode("utf-8")))
        b.listing_urls.append(page_url(n))
    add_sitemaps(b)
