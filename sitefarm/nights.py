"""Night-to-night change on a running farm: new articles appear, as a day's news would."""

from __future__ import annotations

from .build import FarmData, build_site


def publish(farm, site_id: str, n: int = 1) -> list[str]:
    """Put `n` new articles (newer than any other) on one site of a running farm;
    return their URLs. The cached farm data other farms share (and the truth built
    from it) is left alone: this farm gets its own copy of the routing table."""
    data: FarmData = farm.data
    old = data.site(site_id)
    new = build_site(old.site, old.n_synth, old.n_new + n)
    sites = [new if b is old else b for b in data.sites]
    by_host = {h: (new if b is old else b) for h, b in data.by_host.items()}
    farm.data = FarmData(sites, by_host)
    before = {a.url for a in old.articles}
    return [a.url for a in new.articles if a.url not in before]
