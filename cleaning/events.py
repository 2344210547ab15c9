"""The date of the event an article reports, as written in its text.

"Sáng ngày 18/3/2022, …" or "Ngày 18/12/2019, …": the first day/month that a
time-of-day word or "ngày" introduces. When the year is left out ("Chiều 1.4")
it comes from the posting date, stepping back a year if that would put the
event after the posting.
"""

from __future__ import annotations

import re
from datetime import date

from cleaning.dates import MIN_YEAR

_EVENT_RE = re.compile(
    r"(?<!\w)(?:(?:sáng|chiều|tối|trưa|đêm|rạng sáng|sáng sớm|chiều tối)\s+(?:ngày\s+|nay\s+)?"
    r"|ngày\s+|hôm\s+)"
    r"(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})(?:\s*[/.\-]\s*(?P<y>\d{4}))?(?![\d/.\-]*\d)",
    re.I,
)

# A document reference just before "ngày": "Quyết định số 494/QĐ-BNV", "Kết luận số 94-KL/TU,".
_DOC_REF = re.compile(r"(?:\bsố\s+\S+|\w+/\w+)\s*,?\s*$", re.I)


def find_event_date(text: str, published_at: str | None = None) -> str | None:
    """ISO date (YYYY-MM-DD) of the first event date in the text, or None."""
    if not text:
        return None
    posted = None
    if published_at:
        try:
            posted = date.fromisoformat(published_at[:10])
        except ValueError:
            posted = None
    for m in _EVENT_RE.finditer(text):
        if _DOC_REF.search(text[max(0, m.start() - 40) : m.start()]):
            continue  # "Kết luận số 94-KL/TU ngày 30/6/2017": a document's date, not the event's
        d, mo = int(m.group("d")), int(m.group("m"))
        if m.group("y"):
            y = int(m.group("y"))
        elif posted:
            y = posted.year
        else:
            continue
        try:
            day = date(y, mo, d)
        except ValueError:
            continue
        if not m.group("y") and posted and day > posted:
            try:
                day = date(y - 1, mo, d)
            except ValueError:
                continue
        if day.year >= MIN_YEAR:
            return day.isoformat()
    return None
