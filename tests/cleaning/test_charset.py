import gzip

from cleaning.charset import decode_body


def test_gzip_body_is_sniffed(pages_dir):
    raw = (pages_dir / "baolaocai_article_20250617.body.gz").read_bytes()
    assert raw[:2] == b"\x1f\x8b"
    text, enc = decode_body(raw, None)
    plain = (pages_dir / "baolaocai_article_20250617.html").read_text(encoding="utf-8")
    assert text == plain
    assert enc == "utf-8"


def test_header_charset_wins_and_falls_back_when_wrong():
    body = "Tỉnh ủy Lào Cai".encode("utf-16")
    assert decode_body(body, "text/html; charset=UTF-16")[0] == "Tỉnh ủy Lào Cai"
    utf8 = "<p>Tỉnh ủy</p>".encode()
    # A header that cannot decode the bytes is ignored.
    assert decode_body(utf8, "text/html; charset=ascii") == ("<p>Tỉnh ủy</p>", "utf-8")


def test_vnexpress_meta_charset_after_title_decodes_as_utf8(pages_dir):
    raw = (pages_dir / "vnexpress_article_20251022.html").read_bytes()
    text, enc = decode_body(raw, None)
    assert enc == "utf-8"
    assert "Đau bụng kéo dài" in text


def test_legacy_single_byte_page():
    html = '<html><head><meta charset="windows-1252"></head><body>café</body></html>'
    text, enc = decode_body(html.encode("cp1252"), None)
    assert "café" in text
    assert enc in ("cp1252", "windows-1252")


def test_truncated_gzip_keeps_what_decompresses():
    data = gzip.compress(("<p>" + "Hà Nội " * 2000 + "</p>").encode())
    text, _ = decode_body(data[: len(data) // 2], None)
    assert text.startswith("<p>Hà Nội")
