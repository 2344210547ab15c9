"""IBM WebSphere Portal with Web Content Manager: `/wps/portal/…/!ut/p/z0/<state>/` pages,
`/wps/wcm/connect/<uuid>/…?MOD=AJPERES` files (camau.gov.vn, truongchinhtri.angiang.gov.vn).

The URL shapes are attested (registry evidence, cms_families.md A7); the listing and
article markup are the WebSphere 8.5 theme's (`wpthemeControl` frames) with a WCM list
and presentation template as provincial portals render them: general product knowledge,
not seen on a Vietnamese page. Portal URLs carry opaque state, so one article can be
reached under several URLs: the cleaner's content hash, not the URL, tells them apart.
"""

from families.spec import Crawl, Detection, Family, Layout

FAMILY = Family(
    name="websphere",
    doc=__doc__,
    precedence=105,
    source="general",  # URL shapes attested; markup general
    crawl=Crawl(
        article_links=(".wcm-list .wcm-item a.wcm-title", ".wcm-list a"),
        next_page=(".wcm-pager a", ".wpthemePagination a"),
        article_url=r"/wps/portal/.+/!ut/p/z0/[^/?]+/?$|/wps/wcm/connect/[^?]+/[^/?]+\.html?$",
        page_param="^page$",
    ),
    layouts=(
        Layout(
            name="websphere",
            title=(".wcm-detail h1.wcm-title", ".wcm-detail h1"),
            date=(".wcm-detail .wcm-date",),
            body=(".wcm-detail .wcm-body",),
            lead=(".wcm-detail .wcm-summary",),
            drop=(".wcm-related", ".wcm-tools"),
        ),
    ),
    detect=Detection(
        markup=(("div.wpthemeControl",), ("[class*='wpthemeFrame']",)),
        urls=(r"/wps/(?:portal|myportal|wcm)/",),
        assets=("link[href*='/wps/contenthandler/'], script[src*='/wps/contenthandler/']",),
    ),
)
