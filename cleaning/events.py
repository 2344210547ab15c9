"""The event an article reports: type, date(s), topic, organisers, place, format, counts.

Most articles we collect report one event — a scientific workshop (hội thảo khoa học),
a seminar (tọa đàm), a conference (hội nghị), a training course, a field survey. The
rules, in the order they are tried:

* type: the first event word in the title ("Hội thảo khoa học “…”", "… khảo sát tại
  …"), else the first event word the body introduces with "tổ chức", "chủ trì",
  "khai mạc", "diễn ra" … ("chủ trì hội nghị tổng kết …"). "Tọa đàm khoa học" is a
  tọa đàm; "hội thảo khoa học" is kept apart from "hội thảo" (and from "hội thảo
  cấp trường", which is a hội thảo). Ceremonies are named by their grammar, "lễ <what is
  done>" ("Lễ kỷ niệm …", "lễ trao giải", "Lễ dâng hương …" → "lễ dâng hương"), and a
  headline verb that names one ("Xã X ra mắt mô hình …" → "lễ ra mắt"); congresses,
  contests, fairs, exhibitions, sessions, talks (đại hội, hội thi, triển lãm, kỳ họp,
  hội đàm …) are events too, and so is a headline's working visit ("… thăm và làm việc
  tại …" → "làm việc"). A holiday ("dịp lễ", "nghỉ lễ"), a manner ("lễ phép"), a reference
  ("Nghị quyết Đại hội XIII", "Kỷ niệm chương") and a noun after a determiner ("những
  kỷ niệm") are not. No type, no event.
* date: the first day/month that a time-of-day word or "ngày" introduces ("Sáng
  ngày 18/3/2022", "Ngày 8-1", "Chiều 1.4", "Sáng nay (12/5)", "Sáng thứ Hai (12/5)",
  "Ngày 12 tháng 5 năm 2025"). Without a year it comes from the posting
  date, stepping back a year if that would put the event after the posting. A range
  "Từ ngày 22/6 đến ngày 03/7/2020" gives date and date_end, the start taking the
  end's year (and month: "Từ ngày 15 đến ngày 17/4", "Trong hai ngày 12 và 13/5").
  A document's date ("Kết luận số 94-KL/TU ngày 30/6/2017") is skipped.
* topic: the quoted title after the event word (title first, then body); else the
  description after it ("hội thảo về dự thảo Đề án …", "hội nghị tổng kết công tác …").
* organisers / co_organisers: "A phối hợp với B tổ chức …" (A organises, B co-organises),
  "A tổ chức <event>", "Đoàn cán bộ A" for surveys.
* place: "<event> tại X" (title, body, then captions), "tại điểm cầu X".
* format: "trực tiếp kết hợp trực tuyến" = hybrid; "hình thức trực tuyến",
  "điểm cầu" = online; "hình thức trực tiếp" = in person; otherwise null.
* counts: the first "N đại biểu/khách mời" (guests), "N (bài) tham luận" (papers),
  "N ý kiến" (opinions) stated in the text.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from cleaning.dates import MIN_YEAR
from cleaning.text import at_words, fold_tone_style, matches_not_after, nfc

_DAY_MONTH = r"(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})(?:\s*[/.\-]\s*(?P<y>\d{4}))?(?![\d/.\-]*\d)"
# "Sáng 18/3", "Sáng ngày 18/3", "Sáng nay (12/5)", "Chiều qua (11/5)", "Sáng thứ Hai
# (12/5)", "Ngày 8-1", "Hôm nay 13/5": a time-of-day word or "ngày"/"hôm" before the date.
_EVENT_RE = re.compile(
    r"(?<!\w)(?:(?:sáng|chiều|tối|trưa|đêm|rạng sáng|sáng sớm|chiều tối)\s+"
    r"(?:(?:nay|qua|mai|hôm\s+nay|hôm\s+qua|chủ\s+nhật|thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7]))"
    r"\s*,?\s*)?(?:ngày\s+)?"
    r"|ngày\s+|hôm\s+(?:nay\s+|qua\s+)?)\(?\s*" + _DAY_MONTH,
    re.I,
)
# "ngày 12 tháng 5 năm 2025" is "ngày 12/5/2025" (read the same way as the numeric form).
_WORDY_DATE = re.compile(
    r"(\d(?<![\d/.\-]\d)\d?)\s+tháng\s+(\d{1,2})(?:\s*(?:,|năm)\s*(\d{4}))?(?![\d/.\-]*\d)",
    re.I,
)
_RANGE_END = re.compile(
    r"\s*(?:đến|tới|-|–|và)\s*(?:hết\s+)?(?:ngày\s+)?(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})"
    r"(?:\s*[/.\-]\s*(?P<y>\d{4}))?(?![\d/.\-]*\d)",
    re.I,
)

# A document reference just before "ngày": "Quyết định số 494/QĐ-BNV", "Kết luận số 94-KL/TU,".
_DOC_REF = re.compile(r"(?:\bsố\s+\S+|\w+/\w+)\s*,?\s*$", re.I)

# Event words, most specific first; the value is the type we report.
EVENT_TYPES = (
    ("hội thảo khoa học", "hội thảo khoa học"),
    ("hội thảo", "hội thảo"),
    ("tọa đàm", "tọa đàm"),
    ("hội nghị", "hội nghị"),
    ("lớp bồi dưỡng", "lớp bồi dưỡng"),
    ("lớp tập huấn", "tập huấn"),
    ("tập huấn", "tập huấn"),
    ("khảo sát", "khảo sát"),
    ("diễn đàn", "diễn đàn"),
    ("đại hội", "đại hội"),
    ("hội thi", "hội thi"),
    ("hội diễn", "hội diễn"),
    ("liên hoan", "liên hoan"),
    ("triển lãm", "triển lãm"),
    ("hội chợ", "hội chợ"),
    ("họp báo", "họp báo"),
    ("kỳ họp", "kỳ họp"),
    ("kì họp", "kỳ họp"),
    ("phiên họp", "phiên họp"),
    ("ngày hội", "ngày hội"),
    ("hội trại", "hội trại"),
    ("cuộc thi", "cuộc thi"),
    ("buổi gặp mặt", "gặp mặt"),
    ("họp mặt", "gặp mặt"),
    ("hội đàm", "hội đàm"),
)
# Ceremonies: "lễ <what is done>" ("Lễ kỷ niệm 95 năm …", "lễ trao giải", "lễ khánh thành").
# Those named here are reported by their name ("lễ kỷ niệm"); any other "lễ" followed by
# words is reported by its first two words ("Lễ dâng hương tưởng niệm …" → "lễ dâng
# hương"), unless it is a holiday ("dịp lễ", "nghỉ lễ", "lễ, Tết") or a manner ("lễ phép").
CEREMONIES = (
    "kỷ niệm", "kỉ niệm", "khai giảng", "bế giảng", "tốt nghiệp", "khai mạc", "bế mạc",
    "trao quyết định", "trao giải", "trao tặng", "trao bằng", "trao", "phát động", "ký kết",
    "khánh thành", "khởi công", "động thổ", "ra mắt", "công bố", "đón nhận", "tuyên dương",
    "mít tinh", "xuất quân", "dâng hương", "tưởng niệm", "truy điệu", "gắn biển", "thượng cờ",
    "chào cờ", "tổng kết", "biểu dương", "vinh danh", "tôn vinh", "kết nạp", "bàn giao",
    "giao nhận quân", "hội",
)  # fmt: skip
# A headline's verb that names a ceremony on its own ("Xã X ra mắt mô hình …", "Khánh thành
# cầu …", "Tỉnh long trọng kỷ niệm …"): reported as "lễ <verb>". In a body they count only
# after a verb of holding ("tổ chức ra mắt"), as every event word does there.
CEREMONY_VERBS = (
    "ra mắt", "khánh thành", "khởi công", "động thổ", "ký kết", "phát động", "khai giảng",
    "bế giảng", "kỷ niệm", "kỉ niệm", "trao quyết định", "trao giải", "trao tặng", "mít tinh",
    "tuyên dương", "vinh danh", "tôn vinh", "ra quân",
)  # fmt: skip
_WORD = r"[^\W\d_]+"
# Words that end a ceremony's name: "lễ trao tại …" is "lễ trao".
_NAME_STOP = (
    r"(?:của|tại|cho|với|và|năm|lần|ngày|thứ|được|đã|sẽ|là|các|những|này|đó|về|ở|vào|trong"
    r"|sáng|chiều|tối|do|để|nhằm|cấp|long)(?!\w)"
)
_NOT_A_CEREMONY = r"(?:phép|tân|nghi|vật|phục|độ|giáo|nghĩa|bái|lạt|tết|lớn|lễ)(?!\w)"
_HOLIDAY_BEFORE = re.compile(r"(?:dịp|ngày|nghỉ|kỳ|kì|mùa|các|những|đi|trẩy)\s+$")
_CEREMONY_ALT = "|".join(re.escape(c) for c in CEREMONIES)
_LE = (
    rf"lễ\s+(?:(?:{_CEREMONY_ALT})(?!\w)"
    rf"|(?!{_NOT_A_CEREMONY}|{_NAME_STOP}){_WORD}(?:\s+(?!{_NAME_STOP}){_WORD})?)"
)
# Event words quoted as a document's or an earlier event's name ("Nghị quyết Đại hội XIII",
# "kỷ niệm chương") are no event of the article.
_REFERENCE_BEFORE = re.compile(r"(?:nghị\s+quyết|văn\s+kiện|kết\s+luận|tinh\s+thần)\s+$")
# A headline verb after a determiner is a noun ("Những kỷ niệm đẹp": memories).
_DETERMINER_BEFORE = re.compile(r"(?:những|các|nhiều|mọi|một|bao)\s+$")
_TYPE_ALT = "|".join(re.escape(w) for w, _ in EVENT_TYPES) + "|" + _LE
_EVENT_ALT = _TYPE_ALT + "|(?:" + "|".join(re.escape(v) for v in CEREMONY_VERBS) + r")(?!\s+chương)"
# A headline's working visit ("Đoàn công tác … thăm và làm việc tại …", "Phó Chủ tịch UBND
# tỉnh làm việc với huyện X"): too common a verb to count in a body.
VISITS = ("thăm và làm việc", "thăm, làm việc", "làm việc với", "làm việc tại")
_TYPE_OF = dict(EVENT_TYPES) | dict.fromkeys(VISITS, "làm việc")
_TYPE_RE = re.compile(
    r"(?<![\w])(" + _EVENT_ALT + "|" + "|".join(re.escape(v) for v in VISITS) + r")(?![\w])"
)
_BODY_TYPE_RE = re.compile(
    r"(?<![\w])(?:tổ\s+chức|chủ\s+trì|khai\s+mạc|diễn\s+ra|tiến\s+hành|mở|dự|tham\s+dự"
    r"|cử\s+hành)\s+(?:thành\s+công\s+)?(?:(?:buổi|cuộc|đợt|các\s+buổi|lớp)\s+)?("
    + _EVENT_ALT
    + r")(?![\w])"
)


def _event_type(word: str) -> str:
    """The type reported for a matched event word ("lễ  kỷ niệm" → "lễ kỷ niệm")."""
    word = " ".join(word.split())
    if word in _TYPE_OF:
        return _TYPE_OF[word]
    word = word.replace("kỉ niệm", "kỷ niệm")
    return word if word.startswith("lễ ") else "lễ " + word


_QUOTE = re.compile(r"[“\"«]([^”\"»]{8,400})[”\"»]")
_SENT_END = re.compile(r"(?<!TP)(?<!Tp)\.(?=\s|$)|[;\n]")
_HYBRID = re.compile(
    r"trực\s+tiếp\s+kết\s+hợp(?:\s+với)?\s+trực\s+tuyến|trực\s+tuyến\s+kết\s+hợp(?:\s+với)?\s+"
    r"trực\s+tiếp|trực\s+tiếp\s+và\s+trực\s+tuyến|trực\s+tuyến\s+và\s+trực\s+tiếp|kết\s+hợp\s+trực\s+tuyến"
)
# Each alternative opens with its own word, not a group (a group of words: the engine tries
# the pattern at every position of the text; words: it skips ahead to their first letters).
_ONLINE = re.compile(
    r"hình\s+thức\s+trực\s+tuyến|tổ\s+chức\s+trực\s+tuyến"
    r"|hội\s+nghị\s+trực\s+tuyến\s+(?:toàn\s+quốc|với)|hội\s+thảo\s+trực\s+tuyến\s+(?:toàn\s+quốc|với)"
    r"|tọa\s+đàm\s+trực\s+tuyến\s+(?:toàn\s+quốc|với)|điểm\s+cầu"
)
_IN_PERSON = re.compile(r"(?:hình\s+thức|tổ\s+chức)\s+trực\s+tiếp")
# The words each format pattern's matches open with: the patterns are tried only where
# str.find puts those words (at_words), not at every "t" and "h" of the body.
_HYBRID_WORDS = ("trực", "kết")
_ONLINE_WORDS = ("hình", "tổ", "hội", "tọa", "điểm")
_IN_PERSON_WORDS = ("hình", "tổ")


def _found_at(low: str, words: tuple[str, ...], rx: re.Pattern[str]) -> bool:
    """Whether rx matches in `low` (as rx.search would find), tried at its opening words."""
    return at_words(low, words, lambda at: rx.match(low, at) is not None)


# A number not after a digit or a dot. Written as a digit first, the look-behind checked
# behind it ("(?<![\d.])\d{1,4}" would be tried at every position of the text; a pattern that
# opens with a digit lets the engine skip to the digits).
_NUMBER = r"(\d(?<![\d.]\d)\d{0,3})"
# "N đại biểu/khách mời" (guests), "N (bài) tham luận" (papers), "N ý kiến" (opinions): one
# pattern, the kind a named group. Matches of two kinds cannot overlap (each opens with a
# number no digit precedes and holds no other digit), so the first match of each kind in
# one pass is the first that kind's pattern alone would find.
_COUNT_WORDS = {
    "guests": r"đại\s+biểu|khách\s+mời|người\s+tham\s+dự",
    "papers": r"(?:bài\s+)?(?:viết\s+)?tham\s+luận",
    "opinions": r"(?:lượt\s+)?ý\s+kiến",
}
_COUNTS = re.compile(
    _NUMBER + r"\s+(?:" + "|".join(f"(?P<{k}>{w})" for k, w in _COUNT_WORDS.items()) + ")", re.I
)
_CAP_PHRASE = r"[A-ZĐÀ-Ỹ][^,;:.“”()]*?"
_ORGANISERS = re.compile(
    r"(?:^|,\s*|\.\s+)(?P<a>"
    + _CAP_PHRASE
    + r")\s+(?:đã\s+)?(?:phối\s+hợp\s+với\s+(?P<b>[^;:.“”]+?)\s+)?"
    r"(?:long\s+trọng\s+)?tổ\s+chức\s+(?:thành\s+công\s+)?(?:buổi\s+|cuộc\s+|lớp\s+)?"
    r"(?:" + _TYPE_ALT + r")",
    re.I | re.M,
)
_TEAM = re.compile(
    r"Đoàn\s+(?:cán\s+bộ|công\s+tác|khảo\s+sát)\s+(?:của\s+)?(?P<a>[A-ZĐÀ-Ỹ][^,;:.“”]*?)\s+"
    r"(?:thực\s+hiện|tiến\s+hành|đã|khảo\s+sát|làm\s+việc|đến)(?![\w])"
)


def _posted(published_at: str | None) -> date | None:
    if not published_at:
        return None
    try:
        return date.fromisoformat(published_at[:10])
    except ValueError:
        return None


def _mkdate(y: int, mo: int, d: int) -> date | None:
    try:
        return date(y, mo, d)
    except ValueError:
        return None


# "Từ ngày 15 đến ngày 17/4/2025": a start with its day alone takes the end's month.
# Also "Trong hai ngày 12 và 13/5", "Trong 2 ngày (12 - 13/5)".
_DAY_ONLY_START = re.compile(
    r"(?<!\w)(ngày\s+\(?\s*)(\d{1,2})(\s*(?:đến|tới|-|–|và)\s*(?:hết\s+)?(?:ngày\s+)?\d{1,2}\s*"
    r"([/.\-])\s*(\d{1,2}))",
    re.I,
)


# What every _DAY_ONLY_START match holds from its first day on: searched first, it opens
# with a digit, so the engine skips to the digits (_DAY_ONLY_START opens with a look-behind).
_DAY_RANGE = re.compile(
    r"\d\s*(?:đến|tới|-|–|và)\s*(?:hết\s+)?(?:ngày\s+)?\d{1,2}\s*[/.\-]\s*\d", re.I
)


def find_event_dates(text: str, published_at: str | None = None) -> tuple[str | None, str | None]:
    """(date, date_end) ISO strings of the first event date (range) in the text."""
    if not text:
        return None, None
    posted = _posted(published_at)
    text = _WORDY_DATE.sub(lambda m: f"{m[1]}/{m[2]}" + (f"/{m[3]}" if m[3] else ""), text)
    if _DAY_RANGE.search(text):
        text = _DAY_ONLY_START.sub(lambda m: f"{m[1]}{m[2]}{m[4]}{m[5]}{m[3]}", text)
    for m in _EVENT_RE.finditer(text):
        if _DOC_REF.search(text[max(0, m.start() - 40) : m.start()]):
            continue  # "Kết luận số 94-KL/TU ngày 30/6/2017": a document's date, not the event's
        d, mo = int(m.group("d")), int(m.group("m"))
        end = None
        r = _RANGE_END.match(text, m.end())
        if r and not m.group("y"):
            ey = int(r.group("y")) if r.group("y") else (posted.year if posted else None)
            if ey is not None:
                end = _mkdate(ey, int(r.group("m")), int(r.group("d")))
        if m.group("y"):
            y = int(m.group("y"))
            if r:
                ey = int(r.group("y")) if r.group("y") else y
                end = _mkdate(ey, int(r.group("m")), int(r.group("d")))
        elif end is not None:
            y = end.year if (mo, d) <= (end.month, end.day) else end.year - 1
        elif posted:
            y = posted.year
        else:
            continue
        day = _mkdate(y, mo, d)
        if day is None:
            continue
        if not m.group("y") and end is None and posted and day > posted:
            day = _mkdate(y - 1, mo, d)
            if day is None:
                continue
        if day.year >= MIN_YEAR:
            if end is not None and end < day:
                end = None
            return day.isoformat(), end.isoformat() if end else None
    return None, None


def find_event_date(text: str, published_at: str | None = None) -> str | None:
    """ISO date (YYYY-MM-DD) of the first event date in the text, or None."""
    return find_event_dates(text, published_at)[0]


@lru_cache(maxsize=16)
def _low(text: str) -> str:
    """The text folded to one tone style, in lower case (as long as the text: offsets in
    it are offsets in the text). Cached: find_event reads the body this way four times."""
    return fold_tone_style(text).lower()


def _type_in(text: str, body: bool) -> re.Match | None:
    """The first event word of a title, or the first a body introduces with a verb of holding;
    neither a holiday ("dịp lễ …") nor a reference ("Nghị quyết Đại hội XIII")."""
    low = _low(text)
    for m in (_BODY_TYPE_RE if body else _TYPE_RE).finditer(low):
        before = low[max(0, m.start(1) - 16) : m.start(1)]
        if m.group(1).startswith("lễ") and _HOLIDAY_BEFORE.search(before):
            continue
        if _REFERENCE_BEFORE.search(before):
            continue
        if m.group(1) in CEREMONY_VERBS and _DETERMINER_BEFORE.search(before):
            continue
        return m
    return None


def _clip(s: str) -> str | None:
    s = s.strip(" ,;:–-")
    return s or None


def _quote_after(text: str, at: int) -> str | None:
    """The quoted title right after position `at`, a short aside allowed ("(lần 2, năm 2019)")."""
    tail = text[at:]
    q = _QUOTE.search(tail)
    if q and q.start() < 40 and not _SENT_END.search(tail[: q.start()]):
        return _clip(q.group(1))
    return None


def _description_after(text: str, at: int) -> str | None:
    """The description after the event word, to the end of the sentence:
    "hội thảo về dự thảo Đề án …", "hội nghị tổng kết công tác …"."""
    m = re.match(
        r"[ \u00a0]+(?:về[ \u00a0]+)?(?=[a-zđà-ỹ])(?!tại\s|với\s|này|đã\s|được\s)", text[at:]
    )
    if not m:
        return None
    rest = text[at + m.end() :]
    end = _SENT_END.search(rest)
    topic = rest[: end.start() if end else len(rest)]
    topic = re.split(r"\s+(?:theo\s+hình\s+thức|với\s+sự\s+tham\s+dự|tại\s+)", topic)[0]
    return _clip(topic) if len(topic) > 10 else None


# Not after a word character: tested by matches_not_after, not by a look-behind opening the
# pattern, which would have it tried at every position of the text.
_PLACE = re.compile(
    r"(?:" + _TYPE_ALT + r"|diễn\s+ra|được\s+tổ\s+chức)\s+(?:trực\s+tuyến\s+)?tại\s+"
)


def _place(text: str, word: str) -> str | None:
    low = _low(text)
    if "tại" not in low:  # every match holds it: the search is skipped where it cannot match
        return None
    for m in matches_not_after(_PLACE, low):
        rest = text[m.end() :]
        end = re.search(
            r"(?<!TP)(?<!Tp)\.(?=\s|$)|[;\n]|\s+(?:theo|với|đã|nhằm|do|để|từ\s+ngày|vào|phát\s+biểu)\s",
            rest,
        )
        place = _clip(re.sub(r"^các\s+tỉnh\s+", "", rest[: end.start() if end else len(rest)]))
        if place and len(place) < 160:
            return place
    return None


def _organisers(text: str) -> tuple[list[str], list[str]]:
    for m in _ORGANISERS.finditer(text):
        a = _clip(m.group("a"))
        if a and a.split()[0].lower() in ("ban", "sở", "trường", "học", "phân", "viện", "khoa",
                                          "ủy", "uỷ", "tỉnh", "thành", "thị", "huyện", "đảng",
                                          "hội", "bộ", "đoàn", "trung", "đại", "cục", "phòng",
                                          "tạp", "báo", "liên", "văn", "công", "mặt"):  # fmt: skip
            b = _clip(m.group("b") or "")
            return [a], [b] if b else []
    return [], []


def find_event(
    body: str, title: str | None = None, published_at: str | None = None, captions=()
) -> dict | None:
    """The event the article reports (see the module docstring), or None."""
    body = nfc(body or "")
    title = nfc(title or "")
    captions = [nfc(c) for c in captions if c]
    where, m = "title", _type_in(title, body=False) if title else None
    if m is None:
        where, m = "body", _type_in(body, body=True)
    if m is None:
        return None
    word = m.group(1)
    etype = _event_type(word)
    d, d_end = find_event_dates(body, published_at)
    first_para = body.split("\n\n", 1)[0]
    topic = _quote_after(title, m.end()) if where == "title" else None
    # The body's first event word only where the title's quote gives no topic.
    bm = _type_in(body, body=False) if topic is None else None
    topic = (
        topic
        or (_quote_after(body, bm.end()) if bm else None)
        or (q.group(1).strip() if (q := _QUOTE.search(first_para)) else None)
        or (_description_after(body, bm.end()) if bm else None)
    )
    organisers, co = _organisers(body)
    if not organisers and (t := _TEAM.search(body)):
        organisers = [_clip(t.group("a"))]
    place = _place(title, word) or _place(body, word)
    if place is None:
        for c in captions:
            if place := _place(c, word):
                break
    if place is None and (pc := re.search(r"tại\s+(điểm\s+cầu\s+[^.;,\n]+)", body)):
        place = _clip(pc.group(1))
    # Folded part by part, as folding the parts joined would ("\n" ends every match).
    low = "\n".join([_low(body), *map(_low, captions)])
    fmt = None
    # Every format phrase holds "trực" ("trực tuyến", "trực tiếp") but "điểm cầu".
    live, bridge = "trực" in low, "điểm" in low
    if live and _found_at(low, _HYBRID_WORDS, _HYBRID):
        fmt = "hybrid"
    elif (live or bridge) and _found_at(low, _ONLINE_WORDS, _ONLINE):
        fmt = "online"
    elif live and _found_at(low, _IN_PERSON_WORDS, _IN_PERSON):
        fmt = "in_person"
    counts: dict[str, int | None] = dict.fromkeys(_COUNT_WORDS)
    for c in _COUNTS.finditer(body):
        if counts[c.lastgroup] is None:
            counts[c.lastgroup] = int(c.group(1))
            if None not in counts.values():
                break

    return {
        "type": etype,
        "date": d,
        "date_end": d_end,
        "topic": topic,
        "organisers": organisers,
        "co_organisers": co,
        "place": place,
        "format": fmt,
        "counts": counts,
    }
