"""WordPress: `article.post .entry-title a`, pagination `/page/<n>/`. Page layouts: classic
themes (`div.entry-content`), tagDiv's Newspaper (`.td-post-content`, baodongnai), block
themes (`.wp-block-post-content`) and Elementor Pro single-post templates."""

from families.spec import Crawl, Detection, Family, Layout

# Sharing bars, related posts, comments and post navigation of core, Jetpack and plugins.
_DROP = (
    ".sharedaddy",
    ".jp-relatedposts",
    ".yarpp-related",
    "#comments",
    ".comments-area",
    ".post-navigation",
    ".nocomments",
    ".addtoany_share_save_container",
)

FAMILY = Family(
    name="wordpress",
    doc=__doc__,
    precedence=130,
    source="seen",  # napa.vn, baodongnai (seen in text / config)
    crawl=Crawl(
        article_links=(
            "article.post .entry-title a",
            "h2.entry-title a",
            ".post h2 a",
            # block themes' query loop; Elementor's posts widget
            "li.wp-block-post h2.wp-block-post-title a",
            "article.elementor-post .elementor-post__title a",
        ),
        # Core's paginate_links() (a.page-numbers), themes' bare div.nav-links, older
        # "Older posts" links (.nav-previous: the next page of a newest-first blog), the
        # query-pagination block of block themes.
        next_page=(
            "a.page-numbers",
            ".nav-previous a",
            ".pagination a",
            "div.nav-links a",
            ".wp-block-query-pagination a",
        ),
        article_url=r"/[^/?#]+\.html?$|/\d{4}/\d{2}/[^/]+/?$",
        filters_feeds=False,  # /%postname%/ posts look like /gioi-thieu/ pages
    ),
    layouts=(
        # Classic themes (Twenty Seventeen …, most themes built on _s).
        Layout(
            name="wordpress",
            title=("h1.entry-title", ".entry-title", "h1.post-title"),
            date=(
                "time.entry-date.published::attr(datetime)",
                "time.entry-date::attr(datetime)",
                ".posted-on time",
                ".entry-date",
            ),
            author=(".entry-meta .author a", ".byline .author"),
            body=("div.entry-content", "article.post .entry", ".post-content"),
            drop=_DROP,
        ),
        # tagDiv's Newspaper theme (baodongnai.com.vn, cms_families.md A10/B4); its Cloud
        # Library templates print the title as h1.tdb-title-text.
        Layout(
            name="wordpress/tagdiv",
            title=("h1.entry-title", "h1.tdb-title-text"),
            date=(".td-post-date time::attr(datetime)", ".td-post-date", "time.entry-date"),
            author=(".td-post-author-name a", ".tdb-author-name"),
            body=(".td-post-content",),
            drop=(*_DROP, ".td-post-sharing", ".td-a-rec", ".td-related-posts"),
            signature=(".td-post-content",),
        ),
        # Block themes (Twenty Twenty-Two on; site editor templates): core blocks with
        # wp-block-post-* classes; the content block also carries entry-content, but the
        # title, date and author are blocks the classic selectors do not name. A query
        # loop of other posts (.wp-block-query) often follows in the same template.
        Layout(
            name="wordpress/block",
            title=("h1.wp-block-post-title", ".wp-block-post-title"),
            date=(".wp-block-post-date time::attr(datetime)", ".wp-block-post-date"),
            author=(".wp-block-post-author-name", ".wp-block-post-author__name"),
            body=(".wp-block-post-content",),
            drop=(
                *_DROP,
                ".wp-block-query",
                ".wp-block-comments",
                ".wp-block-post-navigation-link",
            ),
            signature=(".wp-block-post-content",),
        ),
        # Elementor Pro theme builder: the single-post template is widgets; the post's
        # text is the theme-post-content widget, the date and author items of the
        # post-info widget. Pages built with Elementor carry many other widget containers
        # (related posts, calls to action) a generic reading may take.
        Layout(
            name="wordpress/elementor",
            title=(
                ".elementor-widget-theme-post-title .elementor-heading-title",
                "h1.elementor-heading-title",
            ),
            # The whole post-info list: its date item and its time item ("3:20 chiều").
            date=("ul.elementor-post-info", ".elementor-post-info__item--type-date"),
            author=(".elementor-post-info__item--type-author",),
            body=(
                ".elementor-widget-theme-post-content .elementor-widget-container",
                ".elementor-widget-theme-post-content",
            ),
            drop=(*_DROP, ".elementor-share-buttons", ".elementor-post-navigation"),
            signature=(".elementor-widget-theme-post-content",),
        ),
    ),
    detect=Detection(
        generators=("wordpress",),
        markup=(
            ("div.entry-content",),
            (".td-post-content",),
            (".wp-block-post-content",),
            (".elementor-widget-theme-post-content",),
        ),
        urls=(r"/wp-content/|/\?p=\d+",),
        assets=(
            "link[href*='/wp-content/'], script[src*='/wp-content/'], img[src*='/wp-content/']",
        ),
    ),
)
