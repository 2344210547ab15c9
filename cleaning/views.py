"""View counts as Vietnamese sites print them: "404 lượt xem", "Số lần xem: 1357",
"Lượt xem: 7370", "lượt đọc", "Đã xem: 12", "Số lượt xem: 1.057", "(1234 lần đọc)",
"Số lần đọc: 45", "Lần xem: 12", "Xem: 1234".

Never the site-wide visitor counter ("Số lượt truy cập", "Đang truy cập", "Tổng lượt
truy cập"): that is a number about the site, not about the article.
"""

from __future__ import annotations

import re

_VIEWS_RE = re.compile(
    r"(?:(?<![\w])(?:Số\s+(?:lần|lượt|người)\s+(?:xem|đọc)|(?:Lượt|Lần|Đã)\s+(?:xem|đọc)|Views?|Hits?)"
    r"\s*:?\s*(\d[\d.,]*)"
    r"|(?<![\w])Xem\s*:\s*(\d[\d.,]*)"  # "Xem: 1234" (the colon: "Xem 12 ảnh" is no counter)
    r"|(?<![\d:.,])(\d[\d.,]*)\s*(?:(?:lượt|lần)\s+(?:xem|đọc)|views?)(?![\w]))",
    re.I,
)
_SITE_COUNTER = re.compile(r"truy cập|đang online|trực tuyến", re.I)


def parse_views(text: str) -> int | None:
    """First view count in a text, or None."""
    m = _VIEWS_RE.search(text)
    if not m:
        return None
    if _SITE_COUNTER.search(text[max(0, m.start() - 25) : m.start()]):
        return None
    digits = re.sub(r"[.,\s]", "", m.group(1) or m.group(2) or m.group(3))
    return int(digits) if digits.isdigit() else None
