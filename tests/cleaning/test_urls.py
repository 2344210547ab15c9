import pytest

from cleaning.urls import article_id, canonical_url, without_tracking


@pytest.mark.parametrize(
    "url, expected",
    [
        ("HTTPS://WWW.Example.VN/Tin-Tuc/", "https://example.vn/Tin-Tuc"),
        ("https://example.vn:443/a?b=2&a=1#top", "https://example.vn/a?a=1&b=2"),
        ("http://example.vn:80/", "http://example.vn/"),
        ("http://example.vn:8080/x/", "http://example.vn:8080/x"),
        ("https://example.vn", "https://example.vn/"),
        (
            "https://thanhnien.vn/a-1159593.html?fbclid=IwAR0x&utm_source=fb&utm_medium=s",
            "https://thanhnien.vn/a-1159593.html",
        ),
        (
            "https://baocantho.com.vn/x-a1.html?zarsrc=30&gclid=1&id=5",
            "https://baocantho.com.vn/x-a1.html?id=5",
        ),
        ("https://example.vn/?", "https://example.vn/"),
    ],
)
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


def test_article_id_is_stable_across_tracking_and_case():
    a = article_id("https://www.Thanhnien.vn/cong-nghe/x-1159593.html?fbclid=abc#c")
    b = article_id("https://thanhnien.vn/cong-nghe/x-1159593.html/")
    assert a == b
    assert len(a) == 32 and all(c in "0123456789abcdef" for c in a)
    assert article_id("https://thanhnien.vn/y.html") != a


@pytest.mark.parametrize(
    "url, expected",
    [
        # only click-tracking parameters go; the order, host and path spelling stay
        ("https://WWW.Site.vn/a.htm?utm_source=zalo&utm_medium=social&fbclid=IwAR0x",
         "https://WWW.Site.vn/a.htm"),
        ("https://site.vn/news.aspx?id=7&utm_campaign=x&cat=2&gclid=1",
         "https://site.vn/news.aspx?id=7&cat=2"),
        ("https://site.vn/a.htm?b=2&a=1", "https://site.vn/a.htm?b=2&a=1"),
        ("https://site.vn/a/", "https://site.vn/a/"),
        ("https://[::1/a?utm_source=x", "https://[::1/a?utm_source=x"),  # unparsable: as is
    ],
)  # fmt: skip
def test_without_tracking_drops_only_tracking_parameters(url: str, expected: str) -> None:
    assert without_tracking(url) == expected
    assert canonical_url(without_tracking(url)) == canonical_url(url)
