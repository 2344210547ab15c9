"""Data the farm serves: articles (with their expected extraction) and pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

VN_TZ = timezone(timedelta(hours=7))


def norm_ws(text: str) -> str:
    """Collapse whitespace (NBSP included) to single spaces; what the truth compares."""
    return " ".join(text.split())


@dataclass
class Image:
    src: str
    caption: str | None


@dataclass
class Block:
    """One body block: a paragraph (text) or an image (image)."""

    text: str | None = None
    image: Image | None = None


@dataclass
class Article:
    site_id: str
    url: str  # absolute, real host
    title: str
    published: datetime | date  # datetime (aware, +07:00) when the page shows a time
    author: str | None
    views: int | None
    blocks: list[Block]
    lead: str | None = None  # sapo/lead shown outside the body container
    synthetic: bool = True
    teaser: str = ""
    role: str | None = None  # author's position line (liferay) - not part of the body
    article_id: int = 0
    slug: str = ""
    raw_html: bytes | None = None  # real pages served as they are
    extra: dict = field(default_factory=dict)

    @property
    def published_iso(self) -> str:
        if isinstance(self.published, datetime):
            return self.published.astimezone(VN_TZ).isoformat(timespec="seconds")
        return self.published.isoformat()

    @property
    def paragraphs(self) -> list[str]:
        out = []
        if self.lead and norm_ws(self.lead) != norm_ws(self.title):
            out.append(norm_ws(self.lead))
        out += [norm_ws(b.text) for b in self.blocks if b.text is not None and norm_ws(b.text)]
        return out

    @property
    def images(self) -> list[Image]:
        return [b.image for b in self.blocks if b.image is not None]

    @property
    def modified(self) -> datetime | None:
        """When the article was edited after publication (farm `nights.edit`), or None."""
        return self.extra.get("modified")

    @property
    def shows_modified(self) -> bool:
        """Whether its listings and sitemaps show the edit time (an update signal)."""
        return self.modified is not None and self.extra.get("modified_shown", False)

    @property
    def day(self) -> date:
        return self.published.date() if isinstance(self.published, datetime) else self.published

    def truth(self) -> dict:
        return {
            "url": self.url,
            "site_id": self.site_id,
            "title": norm_ws(self.title),
            "published_at": self.published_iso,
            "author": self.author,
            "views": self.views,
            "body": "\n\n".join(self.paragraphs),
            "images": [{"src": i.src, "caption": i.caption} for i in self.images],
            "synthetic": self.synthetic,
        }


@dataclass
class ListingItem:
    """A link shown on a listing: a served article, or a link that fails on purpose."""

    url: str
    title: str
    teaser: str
    day: date
    article: Article | None = None
    status: int = 200  # 404 dead link, 500 broken, 200 robots-disallowed
    reason: str | None = None  # 'dead', 'error', 'robots'


@dataclass
class Page:
    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


def text_page(status: int, text: str) -> Page:
    return Page(status, text.encode("utf-8"), "text/plain; charset=utf-8")
