import pytest

from cleaning.urls import article_id, canonical_url


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
