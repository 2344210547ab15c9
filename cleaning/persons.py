"""People named in a text, with their academic titles, role and organisation.

A person is a run of capitalised words that starts with a Vietnamese family name
(2-5 words: "Huỳnh Văn Thới", "Nguyễn Đặng Phương Truyền") and stands in a
context that says it is a person:

* an academic or professional title right before it: "PGS.TS. Huỳnh Văn Thới",
  "ThS.GVC. Nguyễn Ngọc Toán", "TS. Lương Trọng Thành" (titles are kept as a list:
  "PGS.TS." -> ["PGS.", "TS."]);
* an honorific or rank: "đồng chí", "ông", "bà", "anh", "chị", "Thiếu tá" …;
* a role right before it with nothing in between but the organisation:
  "Phó Thủ tướng Thường trực Nguyễn Hòa Bình", "Đồng chí Phó Bí thư Thường trực
  Tỉnh ủy Lê Văn Hiệu", "Chủ tịch UBND TP Cần Thơ Trương Cảnh Tuyên";
* a role right after it, in a list: "Trần Thị Ngọc Diệp - Phó Hiệu trưởng",
  "…: Nguyễn Hồng Sơn, Trưởng Ban Tổ chức Tỉnh ủy; Nguyễn Văn Phú, …".

The role phrase after the name ("Phó Giám đốc Phụ trách Phân viện Học viện Hành chính
Quốc gia tại TP. HCM") is split at the first organisation word into role and
organisation. One person mentioned several ways is one entry: tone styles are folded,
a name that is the start of a longer name with the same family name ("TS. Lương Trọng"
beside "TS. Lương Trọng Thành") and a given name after an honorific ("chị Hạnh") count
as mentions of the full name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from cleaning.text import (
    WORD_CHAR,
    fold_tone_style,
    literal_alternation,
    matches_not_after,
    nfc,
    space_before,
)

# Longest first so "PGS.TS." wins over "PGS." and "ThS.GVC." over "ThS.".
_TITLES = (
    "GS.TSKH.", "PGS.TSKH.", "GS.TS.", "PGS.TS.", "PGS.", "GS.", "TSKH.", "TS.", "ThS.GVC.",
    "ThS.GVCC.", "ThS.BS.", "ThS.", "NCS.", "BS.CK2.", "BS.CKII.", "BS.CK1.", "BS.CKI.",
    "BS.CK2", "BS.CKII", "BS.", "KS.", "CN.", "LS.", "NGƯT.", "NGND.", "NSƯT.", "NSND.",
    "GVC.", "GVCC.",
)  # fmt: skip
_TITLE_ALT = "|".join(
    re.escape(t).replace(r"\.", r"\.\s?") for t in sorted(_TITLES, key=len, reverse=True)
)
TITLE_PREFIX = re.compile(r"(?:" + _TITLE_ALT + r")\s*[^\W\d_]")
# The same titles as school-of-politics and provincial sites also print them: without the
# dot, joined by a comma or hyphen ("PGS,TS Nguyễn …", "PGS-TS", "ThS Lê …", "Ths. Phạm …"),
# and spelled out ("Tiến sĩ Vũ …", "Phó Giáo sư …").
_LOOSE_ATOMS = ("PGS", "GS", "TSKH", "TS", "ThS", "Ths", "THS", "NCS", "BS", "GVCC", "GVC",
                "NGƯT", "NGND", "NSƯT", "NSND")  # fmt: skip
_WORD_TITLES = {"Phó Giáo sư": "PGS.", "Giáo sư": "GS.", "Tiến sĩ khoa học": "TSKH.",
                "Tiến sĩ": "TS.", "Thạc sĩ": "ThS.", "Nghiên cứu sinh": "NCS.", "Bác sĩ": "BS.",
                "Nhà giáo Ưu tú": "NGƯT.", "Nhà giáo Nhân dân": "NGND."}  # fmt: skip
_LOOSE_ALT = "|".join(sorted(_LOOSE_ATOMS, key=len, reverse=True))
_WORD_TITLE_ALT = "|".join(re.escape(w) for w in sorted(_WORD_TITLES, key=len, reverse=True))
# One or more titles glued or spaced ("PGS.TS.", "PGS. TS.", "ThS.GVC.", "PGS,TS") right
# before a name.
_TITLES_BEFORE = re.compile(
    r"(?<![\w.])((?:(?:"
    + _TITLE_ALT
    + r"|(?:"
    + _LOOSE_ALT
    + r")(?![\w])\.?|(?:"
    + _WORD_TITLE_ALT
    + r")(?![\w]))[\s,\-/]*)+)$"
)
_CANON_TITLE = {t.rstrip(".").upper(): t for t in _TITLES if "." not in t.rstrip(".")}
# Title atoms for the list form: "PGS.TS." -> ["PGS.", "TS."]; "BS.CK2" stays whole.
_TITLE_ATOM = re.compile(r"BS\.\s?CK(?:II|I|1|2)\.?|[A-ZĐƯ][A-Za-zĐƯ]*\.")

_SURNAMES = frozenset(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương "
    "Trịnh Trương Lâm Mai Đinh Lưu Cao Tô Tạ Châu Lương Hà Thái Kiều Quách Văn Triệu Tăng "
    "Phùng Khổng Âu Thân Chu Giang Nông Lò Lục Hứa Diệp Từ Doãn Khúc Mạc La Lại Tống Nghiêm "
    "Đàm Vi Lã Đồng Đậu Chế Kha Lữ Bạch Công Tôn Hầu Thạch Danh Sơn Y Ksor Rmah Siu "
    # Family names of the northern mountain provinces and the Central Highlands, common on
    # provincial-platform and party-committee sites there.
    "Giàng Sùng Vàng Thào Lù Mùa Sình Tráng Hờ Hạng Chảo Tẩn Bàn Lường Quàng Cầm Điêu Lừ "
    "Tòng Sầm Lầu Ly Nay Kpă Ma Mã Vừ Lèng Chẻo Hảng Lìu Phàn Sần Pờ Cứ Chang "
    "Vì Bế Ngân Đèo Cà Lèo Khằm Thò Xồng Chá Mè Khà".split()
)
_HONORIFIC = re.compile(
    r"(?:(?<![\w])(?:đồng\s+chí|Đồng\s+chí|đ/c|Đ/c|ông|Ông|bà|Bà|anh|Anh|chị|Chị|"
    r"nhà\s+giáo|Nhà\s+giáo|thầy|Thầy|cô|Cô|"
    r"(?:Thiếu|Trung|Thượng|Đại)\s+(?:tá|úy|uý|tướng)|(?:thiếu|trung|thượng|đại)\s+(?:tá|úy|uý|tướng))"
    r"|các\s+đồng\s+chí\s*:?|Các\s+đồng\s+chí\s*:?)\s+$"
)
_RANK = re.compile(r"((?:Thiếu|Trung|Thượng|Đại)\s+(?:tá|úy|uý|tướng))\s+$")
# Roles (positions) that introduce or follow a name. Longest first.
_ROLE_WORDS = sorted(
    """Phó Thủ tướng Thường trực|Phó Thủ tướng|Thủ tướng|Tổng Bí thư|Chủ tịch nước|
    Phó Chủ tịch nước|Chủ tịch Quốc hội|Phó Chủ tịch Quốc hội|Bộ trưởng|Thứ trưởng|
    Phó Bí thư Thường trực|Phó Bí thư|Bí thư|Phó Chủ tịch Thường trực|Phó Chủ tịch|Chủ tịch|
    Phó Giám đốc Phụ trách|Phó Giám đốc|Giám đốc|Phó Hiệu trưởng|Hiệu trưởng|
    Phó Viện trưởng|Viện trưởng|Phó Trưởng Ban|Phó Trưởng ban|Trưởng Ban|Trưởng ban|
    Phó Trưởng phòng|Trưởng phòng|Phó Trưởng khoa|Trưởng khoa|Trưởng Bộ môn|Trưởng bộ môn|
    Phó Tổng biên tập|Tổng biên tập|Phó Chánh Văn phòng|Chánh Văn phòng|Chánh Thanh tra|
    Phó Chủ nhiệm|Chủ nhiệm|Tỉnh ủy viên|Tỉnh uỷ viên|Thành ủy viên|Thành uỷ viên|TUV|
    Ủy viên|Uỷ viên|Đại biểu Quốc hội|Tổng cục trưởng|Cục trưởng|Vụ trưởng|Phó Vụ trưởng|
    Phó Chỉ huy trưởng|Chỉ huy trưởng|Chỉ huy phó|Phó Chính ủy|Phó Chính uỷ|Chính ủy|Chính uỷ|
    Phó Trưởng Công an|Trưởng Công an|Trưởng thôn|Trưởng bản|
    Thư ký|Giảng viên chính|Giảng viên|giảng viên|Chuyên viên|chuyên viên|cán bộ|nguyên""".replace(
        "\n", ""
    ).split("|"),
    key=len,
    reverse=True,
)
# Factored by common prefixes (text.literal_alternation): the same matches as the
# longest-first alternation, one branch tried per character instead of every role.
_ROLE_ALT = literal_alternation(w.strip() for w in _ROLE_WORDS if w.strip())
# "<role> [organisation words, no punctuation] <Name>"
_ROLE_BEFORE = re.compile(
    r"(?<![\w])(" + _ROLE_ALT + r")((?:[ \u00a0]+[^\s,;:.()\-–]+){0,8}?)[ \u00a0]+$"
)
# "…, Bí thư Huyện ủy", "… - Hiệu trưởng", "… (Bí thư Huyện ủy)", "bầu đồng chí X giữ chức
# Bí thư Đảng ủy xã".
_ROLE_AFTER_START = re.compile(
    r"\s*(?:[-–,(]\s*|\s(?:giữ\s+chức(?:\s+vụ)?|được\s+bầu\s+làm|được\s+bổ\s+nhiệm(?:\s+giữ\s+chức)?)\s+)"
    r"(?=(?:" + _ROLE_ALT + r")(?![\w]))"
)
# The organisation starts at the first of these words (capitalised, as a separate word).
ORG_HEADS = (
    "Sở", "Ban", "Phân viện", "Học viện", "Viện", "Trường", "Tạp chí", "UBND", "HĐND",
    "Ủy ban", "Uỷ ban", "Hội đồng", "Tỉnh ủy", "Tỉnh uỷ", "Thị ủy", "Thị uỷ", "Thành ủy",
    "Thành uỷ", "Huyện ủy", "Huyện uỷ", "Đảng ủy", "Đảng uỷ", "Bộ môn", "Khoa", "Phòng",
    "Đại học", "Bộ", "Cục", "Tổng cục", "Văn phòng", "Báo", "Đài", "Công an", "Bộ Chỉ huy",
    "Hội", "Trung tâm", "Thanh tra", "Tòa án", "Viện kiểm sát", "MTTQ", "Mặt trận",
    "Chi nhánh", "Ngân hàng", "Kho bạc", "Chi cục", "Bệnh viện", "Công ty", "Tổng công ty",
    "UBMTTQ", "Chi bộ",
    "Liên đoàn", "Hợp tác xã",
)  # fmt: skip
_SINGLE_HEADS = [h for h in ORG_HEADS if " " not in h and not h.isupper() and h[1:].islower()]
_MULTI_HEADS = [h for h in ORG_HEADS if h not in _SINGLE_HEADS]
# A one-word head needs a capitalised word after it ("Khoa Chính trị", not "Khoa học").
_ORG_RE = re.compile(
    r"(?<![\w])(?:(?:"
    + "|".join(map(re.escape, _MULTI_HEADS))
    + r")(?![\w])|(?:"
    + "|".join(map(re.escape, _SINGLE_HEADS))
    + r")(?=[ \u00a0]+[A-ZĐÀ-Ỹ]))"
)
# The organisation ends before a second role ("…, Chủ nhiệm dự án", "…, thành viên …").
_ORG_END = re.compile(
    r",\s*(?=[a-zđà-ỹ]|(?:" + _ROLE_ALT + r")(?![\w]))|\s+và\s+(?=đại diện|các)|“"
    r"|\s+nhiệm\s+kỳ(?![\w])"  # "Bí thư Đảng ủy xã nhiệm kỳ 2025 - 2030": the term is no unit
)
_ABOUT_SIDE = re.compile(r"[Vv]ề phía ([^,;:.]+?) có\s+(?:các\s+)?(?:đồng chí|ông|bà)?[^.]*$")
_STOP_ROLE = re.compile(
    r"\s+(?:phát biểu|khẳng định|chủ trì|thay mặt|đề nghị|yêu cầu|ghi nhận|nhấn mạnh|cho biết|"
    r"đã|làm Trưởng đoàn|cùng|tham dự|dự(?!\s+án)|chia sẻ|ôn lại|trình bày|báo cáo|điều hành|"
    r"kết luận|"
    r"phụ trách chung|lưu ý|tặng|trao|khai mạc|nêu|mong muốn|âm thầm|lặng lẽ|lại)(?![\w])"
    r"|[;\n()]|\.(?=\s|$)(?<!TP\.)(?<!Tp\.)|:"
    # a clause after a comma ("…, Trưởng phòng Kinh tế huyện, giai đoạn 2026 - 2030 …")
    r"|,\s*(?=(?!kiêm\s)[a-zđà-ỹ])"
)
_PLACE_BEFORE = re.compile(
    r"(?<![\w])(?:phường|xã|thị\s+trấn|huyện|quận|thị\s+xã|thôn|ấp|khu\s+phố|tỉnh|thành\s+phố|"
    r"TP\.?|Tp\.?|đường|phố|sông|cầu|chợ|trường|Trường|Phường|Xã|Huyện|Quận|Thị\s+xã|Tỉnh|"
    r"Thành\s+phố|Đường|Phố)\s+$"
)
_PROVINCE_WORD = re.compile(r"(?<![\w])(?:tỉnh|thành\s+phố)\s+$")

# The patterns read at the end of the text before a name (_HONORIFIC, _PLACE_BEFORE,
# _TITLES_BEFORE) open with a look-behind, so each is tried at every one of its 120
# positions; a match ends the text, so what ends it tells first, with str.endswith, whether
# one can (most do not: a name follows a verb, a comma or a role far more often). The last
# word of each alternative, before the white space ending the match:
_HONORIFIC_ENDS = (
    "chí", "đ/c", "Đ/c", "ông", "Ông", "bà", "Bà", "anh", "Anh", "chị", "Chị", "giáo", "thầy",
    "Thầy", "cô", "Cô", "tá", "úy", "uý", "tướng", ":",
)  # fmt: skip
_PLACE_ENDS = (
    "phường", "xã", "trấn", "huyện", "quận", "thôn", "ấp", "phố", "tỉnh", "TP", "TP.", "Tp",
    "Tp.", "đường", "sông", "cầu", "chợ", "trường", "Trường", "Phường", "Xã", "Huyện", "Quận",
    "Tỉnh", "Đường", "Phố",
)  # fmt: skip
# The last character of a title before the commas, hyphens, slashes and white space after it.
_TITLE_LAST = frozenset({".", *(t[-1] for t in (*_TITLES, *_LOOSE_ATOMS, *_WORD_TITLES))})


def _ending(rx: re.Pattern[str], ends: tuple[str, ...], head: str) -> re.Match[str] | None:
    """rx.search(head) for _HONORIFIC or _PLACE_BEFORE (white space ends their matches, one of
    `ends` comes before it), searched only when the head ends so."""
    if head[-1:].isspace() and head.rstrip().endswith(ends):
        return rx.search(head)
    return None


def _titles_before(head: str) -> re.Match[str] | None:
    """_TITLES_BEFORE.search(head), searched only when the head ends in a title's last
    character and the separators a title may trail."""
    at = len(head)
    while at and (head[at - 1] in ",-/" or head[at - 1].isspace()):
        at -= 1
    return _TITLES_BEFORE.search(head) if at and head[at - 1] in _TITLE_LAST else None


_WORD = re.compile(r"[^\W\d_]+")
_NAME_RUN = re.compile(r"[^\W\d_]+(?:[ \u00a0]+[^\W\d_]+)*")
_NOT_NAMES = frozenset({"Hồ Chí Minh", "Tôn Đức Thắng", "Võ Nguyên Giáp"})


def _is_cap(w: str) -> bool:
    return w[:1].isupper() and (len(w) == 1 or w[1:].islower())


_LETTER = re.compile(r"[^\W\d_]")
# A family name as a whole word, a space and the next word: where a run of capitalised words
# can name a person (a name is a family name and at least one more word of the run).
_SURNAME_NEXT = re.compile(
    "(?:" + literal_alternation(_SURNAMES) + r")(?![^\W\d_])[ \u00a0][^\W\d_]"
)


def _name_runs(text: str):
    """Runs of capitalised words (title case) separated by one space, as (start, end) word
    spans: those in which a family name is followed by another word of the run (no other run
    holds a name). Only the text around family names is read word by word (reading every
    word of the text was 40 % of finding people)."""
    pos = 0
    while m := _SURNAME_NEXT.search(text, pos):
        s, e = m.start(), m.end() - 2  # the family name; e: the space after it
        if s and _LETTER.match(text, s - 1):  # inside a longer word
            pos = s + 1
            continue
        nxt = _WORD.match(text, e + 1)
        if nxt is None or not _is_cap(nxt.group()):
            pos = e + 1
            continue
        words = [(s, e)]
        # The run's words before the family name: each one space before the next.
        first = s
        while first >= 2 and text[first - 1] in " \u00a0" and _LETTER.match(text, first - 2):
            b = first - 2
            while b and _LETTER.match(text, b - 1):
                b -= 1
            if not _is_cap(text[b : first - 1]):
                break
            words.insert(0, (b, first - 1))
            first = b
        # And after it.
        last = e
        while last < len(text) and text[last] in " \u00a0":
            w = _WORD.match(text, last + 1)
            if w is None or not _is_cap(w.group()):
                break
            words.append(w.span())
            last = w.end()
        yield words
        pos = last


@lru_cache(maxsize=4096)
def _is_place(name: str) -> bool:
    from cleaning.provinces import _matcher  # local: provinces does not import persons

    rx, _ = _matcher()
    m = rx.match(fold_tone_style(name))
    return bool(m and m.end() >= len(name) - 1)


_ROLE_START = re.compile(r"(?:nguyên\s+)?(?:" + _ROLE_ALT + r")(?![\w])")


def _split_role(phrase: str) -> tuple[str | None, str | None]:
    phrase = phrase.strip(" ,-–")
    if not phrase:
        return None, None
    m = _ROLE_START.match(phrase)
    start = m.end() if m else 0
    org = _ORG_RE.search(phrase, start)
    if org is None:
        return phrase, None
    role = phrase[: org.start()].strip(" ,-–") or None
    org_text = phrase[org.start() :]
    if end := _ORG_END.search(org_text):
        org_text = org_text[: end.start()]
    return role, org_text.strip(" ,-–") or None


def _role_after(text: str, end: int) -> str | None:
    m = _ROLE_AFTER_START.match(text, end)
    if not m and re.match(r"\s*[-–]\s*", text[end:]):
        m = re.match(r"\s*[-–]\s*", text[end:])
        m_end = end + m.end()
    elif m:
        m_end = m.end()
    else:
        return None
    stop = _STOP_ROLE.search(text, m_end)
    phrase = text[m_end : stop.start() if stop else len(text)]
    # Stop at the next person in a comma list ("…, Hiệu trưởng; Nguyễn …" is split by ';').
    return phrase.strip(" ,-–") or None


def _titles_of(raw: str) -> list[str]:
    """ "PGS.TS." -> ["PGS.", "TS."]; "PGS,TS" and "Phó Giáo sư, Tiến sĩ" give the same."""
    if re.search(r"BS\.?\s?CK", raw):
        return [re.sub(r"\s+", "", t) for t in _TITLE_ATOM.findall(raw.replace(" ", ""))]
    out = []
    for m in re.finditer(r"(?:" + _WORD_TITLE_ALT + r")(?![\w])|[^\W\d_]+", raw):
        t = _WORD_TITLES.get(m.group()) or _CANON_TITLE.get(m.group().upper())
        if t:
            out.append(t)
    return out


def find_person_mentions(text: str) -> list[dict]:
    """Every person mention: {name, start, end, titles, role, organisation}."""
    text = nfc(text or "")
    out = []
    for words in _name_runs(text):
        # The name starts at the first family name of the run; words before it are
        # context ("Bà Phạm Thị Thùy Dung", "Cần Thơ Trương Cảnh Tuyên").
        idx = next((i for i, (s, e) in enumerate(words) if text[s:e] in _SURNAMES), None)
        while idx is not None:
            rest = words[idx:]
            if len(rest) < 2:
                break
            # A later family name after 3+ words starts a new name ("Cao Bằng Nguyễn …" is rare;
            # "Trần Thị Ngọc Diệp" is 4 words): cap at 5 words, and cut a leading place name.
            cand = rest[:5]
            name = text[cand[0][0] : cand[-1][1]]
            if _is_place(name) or name in _NOT_NAMES:
                break
            if _is_place(text[cand[0][0] : cand[1][1]]) and len(cand) > 2:
                idx = next(
                    (j for j in range(idx + 2, len(words)) if text[slice(*words[j])] in _SURNAMES),
                    None,
                )
                continue
            s, e = cand[0][0], cand[-1][1]
            head = text[max(0, s - 120) : s]
            place_prefix = idx > 0 and _is_place(text[words[0][0] : words[idx - 1][1]])
            rb = _ROLE_BEFORE.search(head) if idx == 0 or place_prefix else None
            # "huyện Châu Thành A", "đường Lê Lợi" are places; after "tỉnh" only a province is
            # (checked above), so "Hiệu trưởng Trường Chính trị tỉnh Nguyễn Văn Tám" is a role
            # and its organisation before a name.
            if (
                idx == 0
                and _ending(_PLACE_BEFORE, _PLACE_ENDS, head)
                and not (rb and _PROVINCE_WORD.search(head))
            ):
                break
            inrun_prefix = text[words[0][0] : s] + " " if idx > 0 else ""
            titles: list[str] = []
            role = org = None
            ok = False
            if t := _titles_before(head):
                titles, ok = _titles_of(t.group(1)), True
            if not ok and (
                _ending(_HONORIFIC, _HONORIFIC_ENDS, head)
                or _ending(_HONORIFIC, _HONORIFIC_ENDS, inrun_prefix)
            ):
                ok = True
                if r := _RANK.search(head):
                    role = r.group(1)
            if not ok and rb:
                ok = True
                role, org = _split_role(rb.group(1) + rb.group(2))
            after = _role_after(text, e)
            if not ok and after:
                prev = text[max(0, s - 30) : s].rstrip()
                ok = (
                    not prev
                    or prev[-1] in ":;,\n("
                    or re.search(r"(?:và|có|gồm|chí|là)$", prev) is not None
                )
            if not ok:
                break
            if after:
                r2, o2 = _split_role(after)
                role = ", ".join(x for x in (role, r2) if x) or None
                org = org or o2
            if org is None:
                sentence = re.split(r"[.!?]\s", head)[-1]
                if side := _ABOUT_SIDE.search(sentence):
                    org = side.group(1).strip()
            out.append(
                {"name": name, "start": s, "end": e, "titles": titles, "role": role,
                 "organisation": org}
            )  # fmt: skip
            break
    out.extend(_capitalised_mentions(text))
    out.sort(key=lambda m: m["start"])
    return out


_UPPER = (
    "AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬBCDĐEÈÉẺẼẸÊỀẾỂỄỆFGHIÌÍỈĨỊJKLMNOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢPQRSTUÙÚỦŨỤƯỪỨỬỮỰVWXYỲÝỶỸỴZ"
)
# Two words in capitals side by side: without one, no name is printed in capitals.
_CAPS_HINT = re.compile(f"[{_UPPER}]{{2,}}[ \u00a0][{_UPPER}]+(?![^\\W\\d_])")


def _caps_runs(text: str):
    """(start, end, words) for runs of 2-5 words in capitals separated by one space."""
    run: list[re.Match] = []
    for m in [*_WORD.finditer(text), None]:
        if (
            m is not None
            and m.group().isupper()
            and (not run or text[run[-1].end() : m.start()] in (" ", "\u00a0"))
        ):
            run.append(m)
            continue
        if 2 <= len(run) <= 5:
            yield run[0].start(), run[-1].end(), [w.group() for w in run]
        run = [m] if m is not None and m.group().isupper() else []


def _capitalised_mentions(text: str) -> list[dict]:
    """Names printed in capitals after a title, honorific or role ("đồng chí NGUYỄN VĂN HÙNG,
    Bí thư Tỉnh ủy"): the stricter context only, since headings are in capitals too."""
    out: list[dict] = []
    if not _CAPS_HINT.search(text):
        return out
    for start, end, words in _caps_runs(text):
        if words[0].capitalize() not in _SURNAMES:
            continue
        head = text[max(0, start - 120) : start]
        titles: list[str] = []
        role = org = None
        if t := _titles_before(head):
            titles = _titles_of(t.group(1))
        elif rb := _ROLE_BEFORE.search(head):
            role, org = _split_role(rb.group(1) + rb.group(2))
        elif not _ending(_HONORIFIC, _HONORIFIC_ENDS, head):
            continue
        if after := _role_after(text, end):
            r2, o2 = _split_role(after)
            role = ", ".join(x for x in (role, r2) if x) or None
            org = org or o2
        out.append(
            {"name": " ".join(w.capitalize() for w in words), "start": start, "end": end,
             "titles": titles, "role": role, "organisation": org}
        )  # fmt: skip
    return out


def _whole_words(words: str, text: str) -> Iterator[tuple[int, int]]:
    r"""The (start, end) spans of `words` as whole words in `text`, as re.finditer of
    (?<![\w])words(?![\w]) gives them, found with str.find and the characters either side
    tested: a pattern opening with a look-behind is tried at every position of the text,
    and one compiled per name costs more than the search (each page names new people)."""
    pos, n = 0, len(words)
    while (at := text.find(words, pos)) >= 0:
        end = at + n
        if (at and WORD_CHAR.match(text, at - 1)) or WORD_CHAR.match(text, end):
            pos = at + 1
        else:
            yield at, end
            pos = end if end > at else at + 1


_HONORIFICS = ("chị", "anh", "ông", "bà", "Chị", "Anh", "Ông", "Bà", "đồng chí", "Đồng chí")


def _after_honorific(given: str, text: str) -> Iterator[tuple[int, int]]:
    r"""The (start, end) spans of a given name (one word) after an honorific ("chị Hạnh"), as
    matches_not_after gives those of (?:chị|anh|…)\s+given(?![\w]): found with str.find and
    read backwards over the white space to the honorific, no regex compiled per name (a
    compile cost more than finding the page's people). An honorific ends where the white
    space before the name starts, so each occurrence has one candidate start, and a later
    occurrence's start is after an earlier one's (no honorific holds a space and a name)."""
    if not given:  # no name to look for: the pattern itself
        rx = re.compile(r"(?:" + "|".join(_HONORIFICS) + r")\s+(?![\w])")
        yield from (m.span() for m in matches_not_after(rx, text))
        return
    pos, n = 0, len(given)
    at = text.find(given)
    while at >= 0:
        end = at + n
        if not WORD_CHAR.match(text, end):
            gap = space_before(text, at)
            if gap < at:
                for h in _HONORIFICS:
                    start = gap - len(h)
                    if start >= pos and text.startswith(h, start):
                        if not (start and WORD_CHAR.match(text, start - 1)):
                            yield start, end
                            pos = end
                        break
        at = text.find(given, at + 1)


def _fold(name: str) -> str:
    return fold_tone_style(name).casefold()


def find_persons(text: str, mentions: list[dict] | None = None) -> list[dict]:
    """[{name, titles, role, organisation, mentions}], one per person, in order of first mention.

    `mentions`: the output of `find_person_mentions(text)` when the caller already has it.
    """
    text = nfc(text or "")
    if mentions is None:
        mentions = find_person_mentions(text)
    people: dict[str, dict] = {}
    for m in mentions:
        key = _fold(m["name"])
        p = people.get(key)
        if p is None:
            p = people[key] = {"name": m["name"], "titles": [], "role": None,
                               "organisation": None, "mentions": 0}  # fmt: skip
        for t in m["titles"]:
            if t not in p["titles"]:
                p["titles"].append(t)
        p["role"] = p["role"] or m["role"]
        p["organisation"] = p["organisation"] or m["organisation"]
    # A shorter name that starts a longer one with the same family name is the same person.
    keys = list(people)
    for k in keys:
        longer = [k2 for k2 in keys if k2 != k and k2.startswith(k + " ") and k2 in people]
        if len(longer) == 1 and k in people:
            short, full = people.pop(k), people[longer[0]]
            for t in short["titles"]:
                if t not in full["titles"]:
                    full["titles"].append(t)
            full["role"] = full["role"] or short["role"]
            full["organisation"] = full["organisation"] or short["organisation"]
    # Mentions: occurrences of the full name, of a shorter form merged into it, and of the
    # given name after an honorific ("chị Hạnh") when only one person has that given name.
    folded = fold_tone_style(text)
    given: dict[str, list[str]] = {}
    for k, p in people.items():
        given.setdefault(p["name"].split()[-1], []).append(k)
    spans_taken: list[tuple[int, int]] = []
    names = {k: fold_tone_style(p["name"]) for k, p in people.items()}  # each folded once
    for k, p in people.items():
        for span in _whole_words(names[k], folded):
            spans_taken.append(span)
            p["mentions"] += 1
    for k, p in people.items():
        parts = names[k].split()
        for cut in range(2, len(parts)):
            short = " ".join(parts[:cut])
            for start, end in _whole_words(short, folded):
                if not any(s <= start < e for s, e in spans_taken) and not any(
                    k2 != k and names[k2].startswith(short) for k2 in people
                ):
                    spans_taken.append((start, end))
                    p["mentions"] += 1
    for g, ks in given.items():
        if len(ks) != 1:
            continue
        for _, end in _after_honorific(fold_tone_style(g), folded):
            if not any(s <= end - 1 < e for s, e in spans_taken):
                people[ks[0]]["mentions"] += 1
    for p in people.values():
        p["mentions"] = max(p["mentions"], 1)
    return list(people.values())
