"""Bylines: who wrote an article, as Vietnamese provincial and press pages print it.

Where: an author element (site or family selector), the page metadata, a short block
right after the body container (NukeViet's "Tác giả:" paragraph, a DotNetNuke footer
"Tác giả: … | Lượt xem: …", `<div class="Author">`), the right-aligned or bold last
block of the body, or the last paragraph of the body text. What: a label and a name
("Tin, ảnh: P.Y", "Theo Báo Nhân Dân", "PV", "Nhóm PV"), a name in capitals
("HOÀNG BIÊN"), a name with its unit ("Vàng Thị Mai - Ban Dân vận Huyện ủy",
"Nguyễn Thu Hà" above "Văn phòng HĐND - UBND xã"): the author is the name; the unit
belongs to neither author nor body.

Pure functions; the lxml ones take the subtree they may change.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from cleaning.htmltext import paragraphs, remove, text_longer_than, text_of
from cleaning.persons import ORG_HEADS, TITLE_PREFIX
from cleaning.text import normalize_whitespace, search_key
from cleaning.views import parse_views

# Labels before the author's name. "Nguồn"/"Nguồn tin"/"Theo" name a source: used only
# when no author label is there.
_AUTHOR_LABELS = (
    r"Tin,?\s*(?:và\s*)?ảnh|Tin\s*bài|Bài,?\s*(?:và\s*)?ảnh|Bài\s*và\s*ảnh|Bài|Tin|Nhóm PV|"
    r"Tác giả bài viết|Tác giả|Người viết|Người đăng|Thực hiện|Ảnh|By"
)
_SOURCE_LABELS = r"Nguồn tin|Nguồn|Theo"
_LABEL_ONLY = re.compile(r"^(?:" + _AUTHOR_LABELS + r")\s*:?$", re.I)
BYLINE_LABEL = re.compile(
    r"^(?:" + _AUTHOR_LABELS + "|" + _SOURCE_LABELS + r")\s*:\s*(?P<name>.{2,80})$", re.I
)
_AUTHOR_LINE = re.compile(r"^(?:" + _AUTHOR_LABELS + r")\s*:\s*(?P<name>.{2,80})$", re.I)
# "Viết bởi Lò Thị Hương" (Joomla's "Written by"): labels that need no colon.
_BY_LABELS = r"Viết bởi|Đăng bởi|Written by|Posted by"
_LABEL_PREFIX = re.compile(
    r"^(?:(?:Tác giả|Tác giả bài viết|Người viết|Người đăng|Bài|Tin|Tin, ảnh|Tin bài|Nguồn|By)"
    r"\s*:|(?:" + _BY_LABELS + r")\s*:?)\s*",
    re.I,
)
# "Theo Báo Nhân Dân", "(Theo TTXVN)": a source line with no colon.
_THEO = re.compile(r"^\(?Theo\s+(?P<name>[^\W\d_][^()]{1,60}?|[a-z0-9-]+(?:\.[a-z]{2,})+)\)?\.?$")
_DOMAIN = re.compile(r"^[a-z0-9-]+(?:\.[a-z]{2,})+$")
# Reporters without a name: "PV", "Nhóm PV", "PV Ban Tuyên giáo".
_PV = re.compile(r"^(?:Nhóm\s+)?(?:PV|NPV)(?:\s+[A-ZĐ]\S*(?:\s+\S+){0,5})?$")
# A share bar's buttons end some bodies ("Chia sẻ: Facebook Twitter"): never an author.
_NOT_AUTHORS = frozenset(
    "facebook twitter zalo email e-mail in print share chia se binh luan linkedin "
    "telegram google".split()
)
_ORG_WORDS = re.compile(r"^(?:báo|tạp chí|cổng|trang|đài|truyền hình|ban biên tập|tòa soạn|"
                        r"vnexpress|vtc|znews|admin|administrator|quản trị)\b", re.I)  # fmt: skip
# Where a name's unit starts on the same line: "Vàng Thị Mai - Ban Dân vận Huyện ủy": an
# organisation (the words persons.py knows) or a newsroom's word for its people.
_UNIT_HEADS = re.compile(
    r"^(?:"
    + "|".join(
        re.escape(h)
        for h in sorted(
            (*ORG_HEADS, "Chi cục", "Cổng", "Phóng viên", "PV", "CTV", "Cộng tác viên", "TTXVN"),
            key=len,
            reverse=True,
        )
    )
    + r")\b"
)
# A byline line is cut at "|", and a counter or date segment is not part of it.
_SEGMENTS = re.compile(r"\s*[|•·]\s*")
_NAME_WORD = re.compile(r"[\s\-–]+")
_GLUED_NAME = re.compile(
    r"(?P<lead>.*[.!?…”\"])(?P<name>(?:[^\W\d_]\w*)(?:\s+[^\W\d_]\w*){1,3})$", re.S
)


def is_name_like(s: str, *, max_words: int = 6) -> bool:
    """A personal/agency byline: 1-6 capitalised words (initials allowed), no sentence."""
    s = s.strip()
    if (
        not s
        or len(s) > 60
        or s.endswith((".", ":", ",", ";", "?", "!"))
        and not re.search(r"\b[A-ZĐ]\.$", s)
    ):
        return False
    words = _NAME_WORD.split(s)
    if len(words) > max_words:
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w in ("và", "-") for w in words if w)


def _without_counters(line: str) -> str:
    """ "Tác giả: Lê Hồng Nhung | Lượt xem: 2.045" -> "Tác giả: Lê Hồng Nhung"."""
    parts = [q for p in _SEGMENTS.split(line) if (q := _DATE_AFTER_NAME.sub("", p))]
    kept = [p for p in parts if parse_views(p) is None and not re.search(r"\d{1,2}/\d{1,2}/", p)]
    return " | ".join(kept) if kept else ""


# "Minh Tuấn - 12/05/2025", "Minh Tuấn (12/5/2025)": the date printed after the name.
_DATE_AFTER_NAME = re.compile(r"\s*[-–,(]\s*\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}\b.*$")


def _name_of_unit_line(name: str) -> str:
    """ "Vàng Thị Mai - Ban Dân vận Huyện ủy" -> "Vàng Thị Mai"; other names unchanged.
    A second credit after ";" is not the author's ("Hoàng Yến; Ảnh: Minh Tú")."""
    name = name.split(";", 1)[0].strip()
    for sep in (" - ", " – ", ", "):
        head, _, tail = name.partition(sep)
        if tail and _UNIT_HEADS.match(tail.strip()) and is_name_like(head, max_words=5):
            return head.strip()
    # "Trần Thị Lan (Văn phòng HĐND-UBND xã)": the unit in brackets.
    head, sep, tail = name.rstrip().partition(" (")
    if sep and tail.endswith(")") and _UNIT_HEADS.match(tail) and is_name_like(head, max_words=5):
        return head.strip()
    return name


def clean_author(raw: str | None, site_keys: list[str], *, keep_orgs: bool = False) -> str | None:
    """The byline without its label, counters and unit; None for the site's own name, URLs,
    e-mails and (unless `keep_orgs`: a labelled byline may name one) organisations."""
    if not raw:
        return None
    name = _without_counters(normalize_whitespace(raw))
    name = _LABEL_PREFIX.sub("", name).strip(" -–|,")
    name = _DATE_AFTER_NAME.sub("", name)
    name = _name_of_unit_line(name)
    if not name or len(name) > 100 or name.startswith("http") or "@" in name and " " not in name:
        return None
    key = search_key(name)
    if key in _NOT_AUTHORS or any(key == s or (s and s in key) for s in site_keys):
        return None
    if not keep_orgs and _ORG_WORDS.match(name):
        return None
    return name


def labelled_author(lines: list[str], site_keys: list[str]) -> str | None:
    """The author in a block of byline lines: an author label first ("Tác giả:", "Tin, ảnh:"),
    a source label ("Nguồn tin:", "Theo …") only when there is none."""
    cleaned = [c for line in lines if (c := _without_counters(normalize_whitespace(line)))]
    # A label in its own cell above the name (Drupal's "Tác giả" field label).
    for label, value in zip(cleaned, cleaned[1:], strict=False):
        if _LABEL_ONLY.match(label) and not _LABEL_ONLY.match(value):
            cleaned.append(f"{label.rstrip(' :')}: {value}")
    for rx in (_AUTHOR_LINE, BYLINE_LABEL):
        for line in cleaned:
            if m := rx.match(line):
                return clean_author(m.group("name"), site_keys, keep_orgs=True)
    for line in cleaned:
        if (m := _THEO.match(line)) and _is_source_name(m.group("name")):
            return clean_author(m.group("name"), site_keys, keep_orgs=True)
    return None


def _is_source_name(name: str) -> bool:
    """ "Báo Nhân Dân", "TTXVN", "baochinhphu.vn": not "kế hoạch" ("Theo kế hoạch.")."""
    return name[0].isupper() or bool(_DOMAIN.match(name))


def byline_name(lines: list[str], site_keys: list[str]) -> str | None:
    """The author in a short byline block: a labelled line, or a name-like first line."""
    if not lines or len(lines) > 3 or sum(len(x) for x in lines) > 160:
        return None
    if name := labelled_author(lines, site_keys):
        return name
    first = _without_counters(lines[0].strip())
    if _PV.match(first):
        return first
    if is_name_like(first, max_words=6) or is_name_like(_name_of_unit_line(first), max_words=5):
        return clean_author(first, site_keys)
    return None


_RIGHT_ALIGNED = re.compile(r"text-align\s*:\s*right", re.I)
_RIGHT_CLASS = re.compile(r"(?:^|[\s_-])(?:text-right|right|align-right|tacgia|author|signature)"
                          r"(?:$|[\s_-])", re.I)  # fmt: skip
AUTHOR_CLASS = re.compile(r"author|tac-?gia|byline|nguoi-?viet|butdanh|signature", re.I)
_BLOCKS = ("p", "div")


def _is_right_aligned(el: HtmlElement, stop: HtmlElement) -> bool:
    node: HtmlElement | None = el
    while node is not None:
        if (
            _RIGHT_ALIGNED.search(node.get("style") or "")
            or (node.get("align") or "").lower() == "right"
            or _RIGHT_CLASS.search(node.get("class") or "")
        ):
            return True
        if node is stop:
            break
        node = node.getparent()
    # <p><strong style="text-align:right">…</strong></p> and the like
    return any(_RIGHT_ALIGNED.search(k.get("style") or "") for k in el.iter() if k is not el)


def trailing_byline(el: HtmlElement, site_keys: list[str]) -> tuple[str | None, list[str]]:
    """A right-aligned last block of the body ("<p align=right><strong>Văn Tâm</strong><br>
    <em>Phòng …</em></p>"): returns (author, the block's lines) and removes the block.

    The lines after the name (a position, a department) belong to neither author nor body.
    """
    # The last block holding text in document order is a leaf block (any block inside it
    # with text would come after it): searched from the end, so that only the empty blocks
    # after it and itself are read, not every wrapper's whole text.
    last = next((b for b in reversed(list(el.iter(*_BLOCKS))) if b is not el and text_of(b)), None)
    if last is None or not _is_right_aligned(last, el):
        return None, []
    lines = paragraphs(last)
    name = byline_name(lines, site_keys)
    if name is None and lines and len(lines) <= 3 and len(lines[0]) <= 60:
        # A bold first line is a byline by layout even when it is not name-like
        # ("Phòng Quản lý đào tạo" above its department line).
        bold = next((text_of(b) for b in last.iter("strong", "b")), "")
        if bold == lines[0] and not lines[0].endswith((".", ":", "!", "?")):
            name = clean_author(lines[0], site_keys, keep_orgs=True)
    if name:
        remove(last)
        return name, lines
    return None, []


_BYLINE_MAX = 200  # characters: a longer block after the body is not its byline


def byline_after(container: HtmlElement, site_keys: list[str], cut_markers: set[str]) -> str | None:
    """A byline printed just after the body container: a labelled block ("Tác giả: …" over
    "Nguồn tin: …" in NukeViet, "Tác giả: … | Lượt xem: …" in a DotNetNuke footer) or a
    block whose class says author (`<div class="Author">`)."""
    node: HtmlElement | None = container
    seen = 0
    for _ in range(3):  # the container's following siblings, then its parent's
        if node is None:
            return None
        for sib in node.itersiblings():
            if not isinstance(sib.tag, str):
                continue
            if text_longer_than(sib, _BYLINE_MAX):
                return None  # as below, without reading a sidebar's whole text
            t = text_of(sib)
            if not t:
                continue
            seen += 1
            if seen > 4 or len(t) > _BYLINE_MAX or search_key(t).rstrip(":") in cut_markers:
                return None
            lines = paragraphs(sib)
            if name := labelled_author(lines, site_keys):
                return name
            marked = AUTHOR_CLASS.search(f"{sib.get('class') or ''} {sib.get('id') or ''}")
            if marked and (name := byline_name(lines, site_keys)):
                return name
        node = node.getparent()
        if node is None or node.tag in ("body", "html"):
            return None
    return None


def split_byline(
    paras: list[str], *, allow_plain_name: bool = True
) -> tuple[list[str], str | None]:
    """Take the byline off the end of the body; returns (paragraphs, author or None).

    Handles "Tin, ảnh: P.Y", "Tin bài: …", "Nguồn: …", "Theo Báo …", "PV", "Nhóm PV", a name
    in capitals ("HOÀNG BIÊN"), a short name line ("Anh Dũng"), a name with its unit, a
    name with an academic title followed by its position lines, and a name glued to the
    last sentence ("…của đề tài.Hoài Trọng").
    """
    if not paras:
        return paras, None
    last = paras[-1].strip()
    theo = _THEO.match(last)
    m = BYLINE_LABEL.match(last)
    # "Tác giả: …" above "Nguồn tin: …" or "Theo …": the author, not the source; both go.
    if len(paras) > 2 and (m or theo) and (a := _AUTHOR_LINE.match(paras[-2].strip())):
        return paras[:-2], _name_of_unit_line(a.group("name").strip())
    if m:
        return paras[:-1], _name_of_unit_line(m.group("name").strip())
    if len(paras) > 1 and (_PV.match(last) or theo and _is_source_name(theo.group("name"))):
        return paras[:-1], theo.group("name").strip() if theo else last
    if allow_plain_name and len(paras) > 1:
        name = _DATE_AFTER_NAME.sub("", last)
        if name and is_name_like(name, max_words=5) and search_key(name) not in _NOT_AUTHORS:
            return paras[:-1], name
        if (unit := _name_of_unit_line(last)) != last:
            return paras[:-1], unit
    # Name + position lines ("TS. Phạm Thị Hoài Thu" / "Phó Trưởng khoa …").
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
        if is_name_like(name, max_words=4) and not last.endswith(name + "."):
            head = g.group("lead").strip()
            return paras[:-1] + ([head] if head else []), name
    return paras, None


# A byline on the posting line under the headline: "Tác giả: Minh Anh | Ngày đăng: …",
# "Đăng bởi: Quốc Việt - 13/05/2025", "Viết bởi Quốc Việt lúc 13/05/2025 08:30".
_HEADER_AUTHOR = re.compile(
    r"(?:^|[|•·]\s*)(?:(?:" + _AUTHOR_LABELS + r")\s*:|(?:" + _BY_LABELS + r")\s*:?)"
    r"\s*(?P<name>[^|•·]+)",
    re.I,
)
# Where the name ends on such a line: a time word, a dash before a date, a date.
_HEADER_NAME_END = re.compile(
    r"\s+(?:lúc|vào|ngày)\s|\s+[-–]\s+(?=\S*\d)|\s+\d{1,2}[/.:\-]\d|\s+\(", re.I
)


def header_byline(line: str, site_keys: list[str]) -> str | None:
    """The author named with a label on a posting line near the headline, or None."""
    for m in _HEADER_AUTHOR.finditer(normalize_whitespace(line)):
        name = m.group("name")
        if end := _HEADER_NAME_END.search(name):
            name = name[: end.start()]
        name = clean_author(name.strip(" ,-–"), site_keys)
        if name and is_name_like(name, max_words=6):
            return name
    return None
