"""Generic crawler: RSS/Atom feeds, sitemaps (with indexes, gzip) and, for sites of an
unidentified family, listing pages read by URL shape alone. No page layout: the cleaner
detects the layout from the page (or the entry's `layout`)."""

from families.spec import Crawl, Family

FAMILY = Family(
    name="feed",
    doc=__doc__,
    precedence=200,
    crawl=Crawl(
        filters_feeds=False,
        article_links=(),
        next_page=(".pagination a", ".paging a", ".pager a", "a.next", "a[rel=next]"),
        # Article-shaped URLs of the Vietnamese CMSs in cms_families.md: -a<id>.html,
        # -post<id>.html, /yyyymm/slug/, slug-<id>.html, NukeViet/.htm, ?id=/NewsID=.
        article_url=(
            r"-a\d+\.html$|-post\d+\.html$|/20\d{4}/[^/?#]+/?$|[-_/]\d{4,}\.html?$"
            r"|/news/[^?#]+\.htm$|[?&](?:id|nid|ID|NewsID|ItemID|ContentID)=[\w-]+$"
        ),
    ),
)
