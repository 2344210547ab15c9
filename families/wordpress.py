"""WordPress: `article.post .entry-title a`, pagination `/page/<n>/`."""

from families.spec import Crawl, Detection, Family, Layout

FAMILY = Family(
    name="wordpress",
    doc=__doc__,
    precedence=130,
    source="seen",  # napa.vn, baodongnai (seen in text / config)
    crawl=Crawl(
        article_links=("article.post .entry-title a", "h2.entry-title a", ".post h2 a"),
        # Core's paginate_links() (a.page-numbers), themes' bare div.nav-links, older
        # "Older posts" links (.nav-previous: the next page of a newest-first blog).
        next_page=("a.page-numbers", ".nav-previous a", ".pagination a", "div.nav-links a"),
        article_url=r"/[^/?#]+\.html?$|/\d{4}/\d{2}/[^/]+/?$",
        filters_feeds=False,  # /%postname%/ posts look like /gioi-thieu/ pages
    ),
    layouts=(
        Layout(
            name="wordpress",
            title=("h1.entry-title", "h1.tdb-title-text", ".entry-title", "h1.post-title"),
            date=(
                "time.entry-date.published::attr(datetime)",
                "time.entry-date::attr(datetime)",
                ".posted-on time",
                ".entry-date",
                ".td-post-date time::attr(datetime)",
            ),
            author=(".entry-meta .author a", ".byline .author", ".td-post-author-name a"),
            body=(
                ".td-post-content",
                "div.entry-content",
                "article.post .entry",
                ".post-content",
            ),
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
    ),
    detect=Detection(
        generators=("wordpress",),
        markup=(("div.entry-content",), (".td-post-content",)),
        urls=(r"/wp-content/|/\?p=\d+",),
        assets=(
            "link[href*='/wp-content/'], script[src*='/wp-content/'], img[src*='/wp-content/']",
        ),
    ),
)
