"""Night-to-night change on a running farm: new articles appear, as a day's news would,
and published articles are edited, with or without an update time the site shows."""

from __future__ import annotations

from datetime import UTC, datetime

from .build import FarmData, SiteBuild, build_site


def _rebuild(farm, site_id: str, **change) -> tuple[SiteBuild, SiteBuild]:
    """Rebuild one site of a running farm with `change`; the cached farm data other farms
    share (and the truth built from it) is left alone: this farm gets its own copy of the
    routing table."""
    data: FarmData = farm.data
    old = data.site(site_id)
    args = {"n_new": old.n_new, "edits": old.edits, "theme": old.theme, **change}
    new = build_site(old.site, old.n_synth, **args)
    sites = [new if b is old else b for b in data.sites]
    by_host = {h: (new if b is old else b) for h, b in data.by_host.items()}
    farm.data = FarmData(sites, by_host)
    return old, new


def publish(farm, site_id: str, n: int = 1) -> list[str]:
    """Put `n` new articles (newer than any other) on one site; return their URLs."""
    old, new = _rebuild(farm, site_id, n_new=farm.data.site(site_id).n_new + n)
    before = {a.url for a in old.articles}
    return [a.url for a in new.articles if a.url not in before]


def edit(farm, site_id: str, urls: list[str], shown: bool, when: datetime | None = None) -> None:
    """Edit published articles of one site: their text changes, their Last-Modified and
    ETag with it; with `shown` their listings and sitemaps print the edit time too (an
    update signal), without it nothing outside the page says so."""
    when = (when or datetime.now(UTC)).replace(microsecond=0)
    edits = dict(farm.data.site(site_id).edits)
    for url in urls:
        count = edits[url][0] + 1 if url in edits else 1
        edits[url] = (count, when, shown)
    _rebuild(farm, site_id, edits=edits)


def synthetic_urls(farm, site_id: str) -> list[str]:
    """The site's synthetic articles (the ones `edit` can change), newest first."""
    return [a.url for a in farm.data.site(site_id).articles if a.raw_html is None]
