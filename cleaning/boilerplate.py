"""Line-level clean-up of extracted body text: counters, related lists, captions.

Works on the list of paragraphs, so the same rules apply to every extractor
layer (site selectors, family defaults, trafilatura). Bylines: cleaning/bylines.py;
view counts: cleaning/views.py.
"""

from __future__ import annotations

import re

from cleaning.dates import iter_dates
from cleaning.text import has_search_key, search_key
from cleaning.views import parse_views

# A paragraph equal to one of these starts the tail of the page (related news,
# comments, visitor counters): cut it and everything after. Compared on search_key.
_CUT_MARKERS = {
    search_key(s)
    for s in (
        "Tin liên quan", "Tin bài liên quan", "Bài viết liên quan", "Tin cùng chuyên mục",
        "Cùng chuyên mục", "Các tin khác", "Tin khác", "Các tin đã đưa", "Tin đã đưa",
        "Các ý kiến của bạn đọc", "Ý kiến bạn đọc", "Ý kiến của bạn", "Bình luận", "Gửi bình luận",
        "Comments are closed.", "Comments are closed", "Leave a Reply", "Số lượt truy cập",
        "Thống kê truy cập", "Liên kết website", "Chia sẻ bài viết", "Chia sẻ", "Từ khóa", "Tags",
        "Xem thêm", "Đọc thêm", "Tin mới nhất", "Tin nổi bật", "Tin xem nhiều",
    )
}  # fmt: skip
# A paragraph longer than this cannot fold to a marker (NFC composes at most three code
# points into one; paragraphs come with their whitespace collapsed): its key is not made.
_KEY_MAX = 8 * max(map(len, _CUT_MARKERS))
# Glued variants ("…của đề tài.Hoài TrọngCác ý kiến của bạn đọc"): strip from the marker on.
_GLUED_TAIL = re.compile(
    r"(Các ý kiến của bạn đọc|Ý kiến bạn đọc|Comments are closed\.?|Các tin khác|Tin liên quan"
    r"|Số lượt truy cập).*$",
    re.S,
)
# A line that is only a counter and/or a date: "0 lượt đọc 21/07/2020", "Số lần xem: 1357".
_META_LINE = re.compile(
    r"^[\[\]()\s|:\-–]*(?:(?:đăng lúc|cập nhật(?: vào)?(?: ngày)?|ngày đăng|gửi lúc|ngày|"
    r"số (?:lần|lượt) (?:xem|đọc)|(?:lượt|lần|đã) (?:xem|đọc))\s*:?\s*)?"
    r"[\d\s/.:\-–|,()\[\]+GMTgmt]*"
    r"(?:(?:lượt|lần) (?:xem|đọc))?[\d\s/.:\-–|()\[\]]*$",
    re.I,
)
_CAPTION_LINE = re.compile(
    r"^(?:Ảnh|Ảnh minh họa|Ảnh minh hoạ|Nguồn ảnh)\s*:|\(Ảnh\s*:[^)]*\)\s*$", re.I
)


def cut_tail(paras: list[str]) -> list[str]:
    """Drop related lists, comment headers and counters that follow the story."""
    out: list[str] = []
    for i, p in enumerate(paras):
        if i > 0 and len(p) <= _KEY_MAX and search_key(p).rstrip(":").strip() in _CUT_MARKERS:
            break
        m = _GLUED_TAIL.search(p)
        if m and i > 0:
            head = p[: m.start()].strip()
            if head:
                out.append(head)
            break
        out.append(p)
    return out


def is_meta_line(p: str) -> bool:
    """A line that carries only a date, a time and/or a view counter."""
    # The shape first: it fails at the first letter of a line of prose.
    return bool(_META_LINE.match(p)) and bool(iter_dates(p) or parse_views(p) is not None)


def drop_noise_lines(paras: list[str], title: str | None) -> tuple[list[str], list[str]]:
    """Remove the title repeated in the body, date/counter lines and photo-credit captions.

    Returns (kept paragraphs, removed date/counter lines): a footer such as
    "0 lượt đọc 21/07/2020" is the only place some sites print date and views.
    """
    tkey = search_key(title) if title else None
    out: list[str] = []
    meta_lines: list[str] = []
    for i, p in enumerate(paras):
        if tkey and i < 3 and has_search_key(p, tkey):
            continue
        if len(p) < 120 and is_meta_line(p):
            meta_lines.append(p)
            continue
        if len(p) < 200 and _CAPTION_LINE.search(p):
            continue
        out.append(p)
    return out, meta_lines
