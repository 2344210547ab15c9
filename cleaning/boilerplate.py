"""Line-level clean-up of extracted body text: counters, related lists, bylines.

Works on the list of paragraphs, so the same rules apply to every extractor
layer (site selectors, family defaults, trafilatura).
"""

from __future__ import annotations

import re

from cleaning.dates import iter_dates
from cleaning.text import search_key

# A paragraph equal to one of these starts the tail of the page (related news,
# comments, visitor counters): cut it and everything after. Compared on search_key.
_CUT_MARKERS = {
    search_key(s)
    for s in (
        "Tin liên quan", "Tin bài liên quan", "Bài viết liên quan", "Tin cùng chuyên mục",
        "Cùng chuyên mục", "Các tin khác", "Tin khác", "Các tin đã đưa", "Tin đã đưa",
        "Các ý kiến của bạn đọc", "Ý kiến bạn đọc", "Ý kiến của bạn", "Bình luận", "Gửi bình luận",
        "Comments are closed.", "Comments are closed", "Leave a Reply", "Số lượt truy cập",
        "Thống kê truy cập", "Liên kết website", "Chia sẻ bài viết", "Từ khóa", "Tags",
        "Xem thêm", "Đọc thêm", "Tin mới nhất", "Tin nổi bật", "Tin xem nhiều",
    )
}  # fmt: skip
# Glued variants ("…của đề tài.Hoài TrọngCác ý kiến của bạn đọc"): strip from the marker on.
_GLUED_TAIL = re.compile(
    r"(Các ý kiến của bạn đọc|Ý kiến bạn đọc|Comments are closed\.?|Các tin khác|Tin liên quan"
    r"|Số lượt truy cập).*$",
    re.S,
)
_VIEWS_RE = re.compile(
    r"(?:(?:Số lần xem|Số lượt xem|Lượt xem|Lượt đọc|Lượt truy cập|Views?|Hits?)\s*:?\s*(\d[\d.,]*)"
    r"|(?<![\d:.,])(\d[\d.,]*)\s*(?:lượt xem|lượt đọc|lần xem|Lượt xem|Lượt đọc))",
    re.I,
)
# A line that is only a counter and/or a date: "0 lượt đọc 21/07/2020", "Số lần xem: 1357".
_META_LINE = re.compile(
    r"^[\[\]()\s|:\-–]*(?:(?:đăng lúc|cập nhật(?: vào)?(?: ngày)?|ngày đăng|gửi lúc|ngày|"
    r"số lần xem|lượt xem|lượt đọc)\s*:?\s*)?[\d\s/.:\-–|,()\[\]+GMTgmt]*"
    r"(?:lượt xem|lượt đọc|lần xem)?[\d\s/.:\-–|()\[\]]*$",
    re.I,
)
_CAPTION_LINE = re.compile(
    r"^(?:Ảnh|Ảnh minh họa|Ảnh minh hoạ|Nguồn ảnh)\s*:|\(Ảnh\s*:[^)]*\)\s*$", re.I
)

# Bylines with a label; the author is what follows the label.
_BYLINE_LABEL = re.compile(
    r"^(?:Tin,?\s*(?:và\s*)?ảnh|Tin\s*bài|Bài,?\s*(?:và\s*)?ảnh|Bài\s*và\s*ảnh|Bài|Tin|Nhóm PV|"
    r"Tác giả|Người viết|Nguồn|Theo|Thực hiện|Ảnh)\s*:\s*(?P<name>.{2,80})$",
    re.I,
)
_NAME_WORD = r"[^\W\d_][^\W\d_'’.]*"
# "Hoài Trọng" glued after a sentence end: "…của đề tài.Hoài Trọng".
_GLUED_NAME = re.compile(
    r"(?P<lead>.*[.!?…”\"])(?P<name>(?:[^\W\d_]\w*)(?:\s+[^\W\d_]\w*){1,3})$", re.S
)


def _is_name_like(s: str, *, max_words: int = 6) -> bool:
    """A personal/agency byline: 1-6 capitalised words (initials allowed), no sentence."""
    s = s.strip()
    if (
        not s
        or len(s) > 60
        or s.endswith((".", ":", ",", ";", "?", "!"))
        and not re.search(r"\b[A-ZĐ]\.$", s)
    ):
        return False
    words = re.split(r"[\s\-–]+", s)
    if len(words) > max_words:
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w in ("và", "-") for w in words if w)


def parse_views(text: str) -> int | None:
    """First view count in a text: "404 lượt xem", "Số lần xem: 1357", "Lượt xem: 7370"."""
    m = _VIEWS_RE.search(text)
    if not m:
        return None
    digits = re.sub(r"[.,\s]", "", m.group(1) or m.group(2))
    return int(digits) if digits.isdigit() else None


def cut_tail(paras: list[str]) -> list[str]:
    """Drop related lists, comment headers and counters that follow the story."""
    out: list[str] = []
    for i, p in enumerate(paras):
        key = search_key(p).rstrip(":").strip()
        if i > 0 and key in _CUT_MARKERS:
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
    return bool(iter_dates(p) or parse_views(p) is not None) and bool(_META_LINE.match(p))


def drop_noise_lines(paras: list[str], title: str | None) -> tuple[list[str], list[str]]:
    """Remove the title repeated in the body, date/counter lines and photo-credit captions.

    Returns (kept paragraphs, removed date/counter lines): a footer such as
    "0 lượt đọc 21/07/2020" is the only place some sites print date and views.
    """
    tkey = search_key(title) if title else None
    out: list[str] = []
    meta_lines: list[str] = []
    for i, p in enumerate(paras):
        if tkey and i < 3 and search_key(p) == tkey:
            continue
        if len(p) < 120 and is_meta_line(p):
            meta_lines.append(p)
            continue
        if len(p) < 200 and _CAPTION_LINE.search(p):
            continue
        out.append(p)
    return out, meta_lines


def split_byline(
    paras: list[str], *, allow_plain_name: bool = True
) -> tuple[list[str], str | None]:
    """Take the byline off the end of the body; returns (paragraphs, author or None).

    Handles "Tin, ảnh: P.Y", "Tin bài: …", "Nguồn: …", a name in capitals
    ("HOÀNG BIÊN"), a short name line ("Anh Dũng"), a name with an academic
    title followed by its position lines, and a name glued to the last
    sentence ("…của đề tài.Hoài Trọng").
    """
    if not paras:
        return paras, None
    last = paras[-1].strip()
    m = _BYLINE_LABEL.match(last)
    if m:
        return paras[:-1], m.group("name").strip()
    if allow_plain_name and len(paras) > 1 and _is_name_like(last, max_words=5):
        return paras[:-1], last
    # Name + position lines ("TS. Phạm Thị Hoài Thu" / "Phó Trưởng khoa …").
    from cleaning.persons import TITLE_PREFIX  # local import: persons imports nothing from here

    for k in range(2, min(4, len(paras)) + 1):
        cand = paras[-k]
        tail = paras[-k + 1 :]
        if (
            TITLE_PREFIX.match(cand)
            and len(cand) <= 60
            and all(len(t) <= 80 and not t.endswith(".") for t in tail)
        ):
            return paras[:-k], cand
    g = _GLUED_NAME.match(last)
    if g and len(paras) > 1 or g and len(last) > 200:
        name = g.group("name")
        if _is_name_like(name, max_words=4) and not last.endswith(name + "."):
            head = g.group("lead").strip()
            return paras[:-1] + ([head] if head else []), name
    return paras, None
