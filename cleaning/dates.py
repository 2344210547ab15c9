"""Vietnamese date parsing: every posting-date format seen on provincial sites.

Regexes first, `dateparser` (Vietnamese only) as a last resort: dateparser alone
misses half the formats and is very slow without a language hint. Output is ISO
8601 in Vietnam time: `YYYY-MM-DDTHH:MM:SS+07:00` when the text shows a time,
`YYYY-MM-DD` when it shows only a date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

from cleaning.text import nfc

VN_TZ = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")
MIN_YEAR = 1995  # no Vietnamese government site published online before this
# Clocks of small sites drift and some stamp the scheduled time; allow a little.
FUTURE_TOLERANCE = timedelta(hours=1)

_SEP = r"\s*[/.\-]\s*"
_TIME = (
    r"(?P<{p}h>[01]?\d|2[0-3])\s*(?:[:hg]|giờ)\s*(?P<{p}mi>[0-5]\d)(?:\s*:\s*(?P<{p}s>[0-5]\d))?"
    r"(?:\s*phút|')?"
)
# A marker on the same line, as a whole word: "9:15 PM", "2:30 CH", "7 giờ sáng". Never
# across a line break or inside a word ("07:39:51\nChia sẻ" is 07:39, not 19:39).
_AMPM = r"(?:[ \t]*(?P<{p}ap>AM|PM|SA|CH|sáng|chiều|tối)(?![^\W\d_]))?"
# An explicit zone after the time: "+07:00", "+0700", "Z", "(GMT+7)", "GMT+07:00", "UTC+7".
_TZ = (
    r"(?:\s*\(?\s*(?:GMT|UTC)\s*(?P<tzs>[+-])\s*(?P<tzh>\d{1,2})(?::?(?P<tzm>\d{2}))?\s*\)?"
    r"|\s*(?P<tzs2>[+-])(?P<tzh2>\d{2}):?(?P<tzm2>\d{2})(?!\d)|(?P<z>Z)(?!\w))?"
)

# Each pattern opens with a digit, the character before it tested by a look-behind after
# that digit ("\d(?<!\d\d)" is "(?<!\d)\d"): re then skips to the text's digits instead of
# trying the pattern at every position (iter_dates cost ~0.25 ms on a 1,000-character
# header). tests/cleaning/test_properties.py holds each to the look-behind-first form.
# ISO-like, year first: 2025-11-20T09:15:00+07:00, 2025-11-20 09:15, 2025/11/20.
_ISO_RE = re.compile(
    r"(?P<y>\d(?<!\d\d)\d{3})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"
    r"(?:[T\s]+" + _TIME.format(p="") + r"(?:\.\d+)?" + _TZ + r")?",
    re.I,
)
# Day first, numeric: 20/11/2025, 20-11-2025, 20.11.2025, (23/12/2019).
_DMY_RE = re.compile(
    r"(?P<d>\d(?<![\d/.\-]\d)\d?)" + _SEP + r"(?P<m>\d{1,2})" + _SEP + r"(?P<y>\d{4})(?!\d)"
)
# Month as a word: "Ngày 20 tháng 11 năm 2025", "26 Tháng 11 2023", "ngày 20 tháng 11, 2025".
_WORDY_RE = re.compile(
    r"(?P<d>\d(?<!\d\d)\d?)\s+th[aá]ng\s+(?P<m>\d{1,2})\s*(?:,|năm|nam)?\s*(?P<y>\d{4})(?!\d)",
    re.I,
)
# Day first with a two-digit year: "12-05-25", "12/05/25 08:30" (both separators alike).
_DMY2_RE = re.compile(
    r"(?P<d>\d(?<![\d/.\-]\d)\d?)(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{2})(?![\d/.\-]|\s*[:hg]\d)"
)
# Day/month with no year ("Sáng ngày 18/3", "Chiều 1.4"): only with a default year.
_DM_RE = re.compile(r"(?P<d>\d(?<![\d/.\-]\d)\d?)\s*[/.\-]\s*(?P<m>\d{1,2})(?![\d/.\-]*\d)")

# A time right after the date: "08/01/2026 - 18:21", "03/01/2020 | 19:27", "20/11/2025 lúc 9h15".
_TIME_AFTER_RE = re.compile(
    r"\s*(?:[-|,–—]|\s|lúc|luc)*\s*" + _TIME.format(p="") + _AMPM.format(p="") + _TZ, re.I
)
# A time right before the date: "09:37 - 15/12/2019", "16:21:07 22/07/2022", "9h15 ngày 20/11/2025".
_TIME_BEFORE_RE = re.compile(
    _TIME.format(p="") + _AMPM.format(p="") + r"\s*(?:[-|,–—]|\s|ngày|ngay)*\s*$", re.I
)
_TZ_AFTER_RE = re.compile(r"^" + _TZ, re.I)


@dataclass(frozen=True)
class DateMatch:
    """A date found in a text: where, and the ISO value it stands for."""

    start: int
    end: int
    value: str  # ISO 8601, see module docstring
    has_time: bool


def _now(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(VN_TZ)
    return now if now.tzinfo else now.replace(tzinfo=VN_TZ)


def _offset(gd: dict) -> timezone | None:
    if gd.get("z"):
        return UTC
    sign, hh, mm = gd.get("tzs"), gd.get("tzh"), gd.get("tzm")
    if not sign:
        sign, hh, mm = gd.get("tzs2"), gd.get("tzh2"), gd.get("tzm2")
    if not sign:
        return None
    delta = timedelta(hours=int(hh), minutes=int(mm or 0))
    return timezone(delta if sign == "+" else -delta)


def _hour(h: str, ap: str | None) -> int:
    hour = int(h)
    ap = (ap or "").lower()
    if ap in ("pm", "ch", "chiều", "tối") and hour < 12:
        hour += 12
    elif ap in ("am", "sa", "sáng") and hour == 12:
        hour = 0
    return hour


def _build(y: int, m: int, d: int, time_gd: dict | None, now: datetime) -> tuple[str, bool] | None:
    """Validate and format; None for impossible, pre-1995 or future dates."""
    try:
        day = date(y, m, d)
    except ValueError:
        return None
    if y < MIN_YEAR:
        return None
    if not time_gd or time_gd.get("h") is None:
        if day > (now + FUTURE_TOLERANCE).astimezone(VN_TZ).date():
            return None
        return day.isoformat(), False
    try:
        dt = datetime(
            y, m, d, _hour(time_gd["h"], time_gd.get("ap")), int(time_gd["mi"]),
            int(time_gd.get("s") or 0), tzinfo=_offset(time_gd) or VN_TZ,
        )  # fmt: skip
    except ValueError:
        return None
    dt = dt.astimezone(VN_TZ)
    if dt > now + FUTURE_TOLERANCE or dt.year < MIN_YEAR:
        return None
    return dt.strftime("%Y-%m-%dT%H:%M:%S+07:00"), True


def _time_near(text: str, start: int, end: int) -> dict | None:
    """Group dict of a time written just after (preferred) or just before a date."""
    after = _TIME_AFTER_RE.match(text, end)
    if after:
        return after.groupdict()
    before = _TIME_BEFORE_RE.search(text[max(0, start - 40) : start])
    if before:
        gd = before.groupdict()
        # A zone may still follow the date: "16:21:07 22/07/2022 (GMT+7)".
        tz = _TZ_AFTER_RE.match(text[end:])
        if tz:
            gd.update({k: v for k, v in tz.groupdict().items() if v})
        return gd
    return None


def iter_dates(
    text: str, *, default_year: int | None = None, now: datetime | None = None
) -> list[DateMatch]:
    """Every valid date in `text`, in order of position (overlaps resolved by first found)."""
    text = nfc(text)
    now_ = _now(now)
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(start: int, end: int, built: tuple[str, bool] | None) -> None:
        taken.append((start, end))  # even invalid matches block shorter re-readings
        if built:
            found.append(DateMatch(start, end, built[0], built[1]))

    for m in _ISO_RE.finditer(text):
        gd = m.groupdict()
        add(m.start(), m.end(), _build(int(gd["y"]), int(gd["m"]), int(gd["d"]), gd, now_))
    for rx in (_DMY_RE, _WORDY_RE, _DMY2_RE):
        for m in rx.finditer(text):
            if not free(m.start(), m.end()):
                continue
            gd = m.groupdict()
            y = int(gd["y"]) + (2000 if len(gd["y"]) == 2 else 0)
            t = _time_near(text, m.start(), m.end())
            add(m.start(), m.end(), _build(y, int(gd["m"]), int(gd["d"]), t, now_))
    if default_year is not None:
        for m in _DM_RE.finditer(text):
            if not free(m.start(), m.end()):
                continue
            d, mo = int(m.group("d")), int(m.group("m"))
            if not (1 <= d <= 31 and 1 <= mo <= 12):
                continue
            t = _time_near(text, m.start(), m.end())
            add(m.start(), m.end(), _build(default_year, mo, d, t, now_))
    found.sort(key=lambda x: x.start)
    return found


def _dateparser_fallback(text: str, now: datetime) -> str | None:
    # Imported lazily: dateparser costs ~0.3 s to import and is rarely needed.
    import dateparser

    if len(text) > 120 or not re.search(r"\d", text):
        return None
    try:
        dt = dateparser.parse(
            text,
            languages=["vi"],
            settings={
                "DATE_ORDER": "DMY",
                "PREFER_DATES_FROM": "past",
                "RELATIVE_BASE": now.replace(tzinfo=None),
                "REQUIRE_PARTS": ["day", "month", "year"],
            },
        )
    except Exception:  # dateparser raises assorted errors on odd input; a miss is fine
        return None
    if dt is None:
        return None
    gd = {"h": str(dt.hour), "mi": f"{dt.minute:02d}", "s": str(dt.second)}
    has_time = bool(re.search(r"\d\s*[:hg]\s*\d{2}", text))
    built = _build(dt.year, dt.month, dt.day, gd if has_time else None, now)
    return built[0] if built else None


def parse_vn_datetime(
    text: str, *, default_year: int | None = None, now: datetime | None = None
) -> str | None:
    """Parse the first valid date in `text` (a date line, attribute or label) to ISO 8601.

    Returns `YYYY-MM-DDTHH:MM:SS+07:00` when a time is shown (other offsets are
    converted; naive times are Asia/Ho_Chi_Minh), `YYYY-MM-DD` when only a date is,
    and None when nothing parses or the date is before 1995 or in the future.
    """
    if not text:
        return None
    found = iter_dates(text, default_year=default_year, now=now)
    if found:
        return found[0].value
    return _dateparser_fallback(nfc(text).strip(), _now(now))


# Words that put a date inside the story rather than on the posting line. Looked for on the
# date's own line only: "… kỷ niệm 95 năm" ending the headline is no event phrase for the
# date printed in the block below it (issue 20).
_EVENT_BEFORE = re.compile(
    r"(?:sáng|chiều|tối|trưa|đêm|từ|đến|tới|hôm|ngày|trước|sau|số|năm)\s*(?:ngày)?\s*$", re.I
)
_LABEL_BEFORE = re.compile(
    r"(?:đăng lúc|đăng ngày|ngày đăng|cập nhật|gửi lúc|ngày cập nhật|xuất bản|published|posted"
    r"|thứ\s+\w+|chủ nhật|lượt (?:xem|đọc))\W{0,12}(?:(?:lúc|vào)\W{0,3})?"
    # the time may stand between the label and the date: "Cập nhật lúc 14:05 ngày 29.05.25"
    r"(?:\d{1,2}\s*(?:[:hg]|giờ)\s*\d{2}(?::\d{2})?(?:\s*(?:SA|CH|AM|PM|sáng|chiều|tối))?\W{0,3})?"
    r"(?:ngày\W{0,3})?$",
    re.I,
)
# Words a posting line is made of besides the date and time: labels, weekdays, time-of-day
# and AM/PM words, zones, a view counter. A line of nothing else is the posting line
# ("Thứ Hai, 12/5/2025 - 8:30 SA", "Ngày 12.5.2025", "0 lượt đọc 21/07/2020").
_POSTING_WORDS = frozenset(
    "thứ hai ba tư năm sáu bảy chủ nhật cn t2 t3 t4 t5 t6 t7 ngày lúc vào đăng cập gửi xuất bản "
    "sáng chiều tối trưa sa ch am pm gmt utc giờ phút lượt xem đọc số lần tin bài tháng "
    "published posted updated date views".split()
)
_LINE_WORD = re.compile(r"[^\W\d_]+")


def _line_around(text: str, start: int, end: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    return a, len(text) if b < 0 else b


def _is_posting_line(text: str, dm: DateMatch, others: list[DateMatch]) -> bool:
    a, b = _line_around(text, dm.start, dm.end)
    rest = text[a:b]
    for o in sorted((o for o in others if a <= o.start and o.end <= b), key=lambda o: -o.start):
        rest = rest[: o.start - a] + " " + rest[o.end - a :]
    words = [w.lower() for w in _LINE_WORD.findall(rest)]
    return len(words) <= 6 and all(w in _POSTING_WORDS for w in words)


def find_posting_date(
    text: str, *, now: datetime | None = None, posting_lines_only: bool = False
) -> str | None:
    """Best guess at the posting date among the dates in a header or footer text.

    Prefers dates with a label ("Đăng lúc:", "Cập nhật", a weekday, a view
    counter), a time, or a line of their own, and avoids dates written as part of
    a sentence ("Sáng ngày 18/3/2022", "từ ngày ..."), which are usually event
    dates. `posting_lines_only`: take only labelled dates and dates on a line of
    their own (for text after the body, where related-news lists carry dates too).
    """
    text = nfc(text)
    found = iter_dates(text, now=now)
    best: tuple[int, int, str] | None = None
    for dm in found:
        line_start = text.rfind("\n", 0, dm.start) + 1
        same_line = text[max(line_start, dm.start - 30) : dm.start]
        before = text[max(0, dm.start - 30) : dm.start]
        # A label on the line above counts when the date opens its own line.
        labelled = bool(_LABEL_BEFORE.search(same_line)) or (
            not same_line.strip(" \t([|-–:") and bool(_LABEL_BEFORE.search(before.rstrip()))
        )
        own_line = _is_posting_line(text, dm, found)
        score = 2 if dm.has_time else 0
        if labelled:
            score += 3
        elif own_line:
            score += 2
        elif _EVENT_BEFORE.search(same_line) and not _time_marker_before(same_line, dm):
            score -= 4
        if posting_lines_only and not (labelled or own_line):
            continue
        if re.match(r"\s*\)?\s*\]", text[dm.end :]):  # "[ Cập nhật vào ngày (23/12/2019) ]"
            score += 1
        if best is None or score > best[0]:
            best = (score, -dm.start, dm.value)
    if best is None or best[0] < 0:
        return None
    return best[2]


_MARKER_AFTER_TIME = re.compile(
    _TIME.format(p="") + r"[ \t]*(?:sáng|chiều|tối|trưa)\s*(?:ngày)?\s*$", re.I
)


def _time_marker_before(same_line: str, dm: DateMatch) -> bool:
    """ "2:30 Chiều 12/05/2025": the time-of-day word belongs to the time, not to an event."""
    return dm.has_time and bool(_MARKER_AFTER_TIME.search(same_line))
