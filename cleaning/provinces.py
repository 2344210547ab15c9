"""Provinces mentioned in a text, mapped to the 34 current units (from 2025-07-01).

Articles name the pre-merger provinces ("Hậu Giang", "Hải Dương"); each match is
mapped to the unit it belongs to now through data/vn_admin/name_variants.json, and
keeps the name as written and, where the name denotes a pre-merger unit, that
former unit.

Matching rules (each one guards against a false hit seen in real pages):

* word boundaries, tone-style folded ("Khánh Hoà" = "Khánh Hòa"), capitalisation
  required so that the common noun "hòa bình" (peace) or the verb "bình định" do
  not count; the upper-case form counts too ("TỈNH HẬU GIANG"), except for names
  that are also common words;
* the no-diacritics forms ("tinh Hau Giang", "Ha Noi") only match text written
  without diacritics, because "Ha Noi" never occurs inside "Hà Nội";
* a name right after "phường", "xã", "huyện", "quận", "thị xã", "thôn", "đường"…
  is a commune, ward, district or street (there is a "phường Hòa Bình" in
  Hồ Chí Minh city and a "xã Thái Nguyên" in Thái Bình), not a province;
* a name inside a person's name ("Phó Thủ tướng Nguyễn Hòa Bình") is skipped,
  both by the family-name heuristic below and by the person spans the caller passes;
* longer names that contain a province name are masked ("Thái Bình Dương",
  "Điện Biên Phủ", "Đồng Tháp Mười"); bare "Hồ Chí Minh" (the President) and
  "HCM" do not count, the city forms ("TP.HCM", "thành phố Hồ Chí Minh",
  "Sài Gòn") do;
* a name inside an organisation's name counts: "Trường Đại học Nội vụ Hà Nội"
  is in Hà Nội. "Nam" alone is never a province.

Former unit: a name that only existed before the merger ("Hậu Giang") always
carries its former unit; a name that is still a current unit ("Cần Thơ") carries
its former unit when the article was posted before 2025-07-01 and the unit has
changed since (merged or recoded), or when the text writes "X (cũ)".
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cleaning.text import fold_tone_style, literal_alternation, matches_not_after, nfc

DATA_DIR = Path(__file__).parent / "data" / "vn_admin"
MERGER_DATE = "2025-07-01"

# Variants that, bare, far more often mean something else: President Hồ Chí Minh
# ("tư tưởng Hồ Chí Minh"), "Học viện CTQG HCM", the given name Huệ. The city forms
# (TP.HCM, thành phố Hồ Chí Minh, Sài Gòn) are separate variants and still match.
_SKIP_VARIANTS = frozenset({"Hồ Chí Minh", "Ho Chi Minh", "HCM", "Hue"})
# Names that are also common words: only the capitalised form counts, not the upper case.
_COMMON_WORD_NAMES = frozenset({"Hòa Bình", "Hoà Bình", "Bình Định", "Thái Bình", "Đồng Nai"})
# Longer names that contain a province name but are not about that province.
_MASK_PHRASES = (
    "Thái Bình Dương", "Điện Biên Phủ", "Đồng Tháp Mười", "Sài Gòn Giải Phóng",
    "sông Sài Gòn", "Sông Sài Gòn", "sông Đồng Nai", "Sông Đồng Nai",
)  # fmt: skip

# A province name right after a family or middle name is part of a person's name
# ("Phó Thủ tướng Nguyễn Hòa Bình").
_NAME_PARTS = frozenset(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương Trịnh "
    "Trương Lâm Mai Đinh Lưu Cao Tô Tạ Châu Văn Thị Hữu Đức Công Ngọc Xuân Quang".split()
)
_PREV_WORD = re.compile(r"([^\W\d_]+)\s+$")
# Lower administrative levels and places named after a province: "phường Hòa Bình",
# "xã Thái Nguyên", "huyện Quảng Ninh" (in Quảng Bình), "đường Hà Nội".
_LOWER_LEVEL = re.compile(
    r"(?:phường|xã|thị\s+trấn|huyện|quận|thị\s+xã|thôn|ấp|khu\s+phố|tổ\s+dân\s+phố|"
    r"đường|phố|sông|cầu|chợ|ngõ|hẻm|bến\s+xe|nhà\s+ga|khách\s+sạn)\s+$",
    re.I,
)
_FORMER_SUFFIX = re.compile(r"\s*\(?\s*cũ\b", re.I)


@dataclass(frozen=True)
class Unit:
    level: str  # "new34" or "old63"
    code: str
    name: str


@dataclass(frozen=True)
class _Target:
    current: Unit  # the 34-unit it belongs to now
    old: Unit | None  # the 63-unit the name denotes (before the merger), if any
    changed: bool  # the old unit of that name is not the same territory/code today


@lru_cache(maxsize=1)
def units() -> tuple[dict[str, Unit], dict[str, Unit], dict[str, str]]:
    """(current units by code, former units by code, former code -> current code)."""
    new = {}
    with (DATA_DIR / "provinces_34.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            new[row["code"]] = Unit("new34", row["code"], row["name"])
    old, old_to_new = {}, {}
    with (DATA_DIR / "provinces_63_old.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            old[row["old_code"]] = Unit("old63", row["old_code"], row["name"])
            old_to_new[row["old_code"]] = row["new_code"]
    return new, old, old_to_new


@lru_cache(maxsize=1)
def _matcher() -> tuple[re.Pattern[str], dict[str, _Target]]:
    data = json.loads((DATA_DIR / "name_variants.json").read_text(encoding="utf-8"))
    new, old, old_to_new = units()
    merged_sizes: dict[str, int] = {}
    for new_code in old_to_new.values():
        merged_sizes[new_code] = merged_sizes.get(new_code, 0) + 1
    by_variant: dict[str, dict[str, dict]] = {}
    for level in ("old63", "new34"):
        for rec in data[level].values():
            for v in rec["variants"]:
                if v not in _SKIP_VARIANTS:
                    by_variant.setdefault(v, {})[level] = rec
    target: dict[str, _Target] = {}
    for v, recs in by_variant.items():
        o, n = recs.get("old63"), recs.get("new34")
        old_unit = old[o["code"]] if o else None
        current = new[n["code"]] if n else new[o["new_code"]]
        changed = bool(o) and (o["code"] != current.code or merged_sizes[current.code] > 1)
        t = _Target(current, old_unit, changed)
        forms = {v, v[:1].upper() + v[1:]}
        if v not in _COMMON_WORD_NAMES:
            forms.add(v.upper())
        for form in forms:
            target.setdefault(fold_tone_style(form), t)
    alternatives = sorted(target, key=len, reverse=True)
    # Not after a word character or a dot: tested in _name_matches, not by a look-behind
    # here, which would keep the engine from skipping to the names' first letters (3x).
    # Factored by common prefixes: the same matches as the longest-first alternation of
    # the names, a third of the time on a page's text.
    rx = re.compile("(" + literal_alternation(alternatives) + r")(?![\w-])")
    return rx, target


_WORD_OR_DOT = re.compile(r"[\w.]")


def _name_matches(rx: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    r"""rx's matches that do not follow a word character or a dot: what a (?<![\w.])
    look-behind would give, a rejected start being retried one character later."""
    return matches_not_after(rx, text, _WORD_OR_DOT)


def _mask(text: str, spans=()) -> str:
    for phrase in _MASK_PHRASES:
        for form in (phrase, phrase.upper()):
            text = text.replace(form, " " * len(form))
    if spans:
        text = _blank(text, spans)
    return text


def _blank(text: str, spans) -> str:
    """The text with each (start, end) span made spaces, as assigning spaces to each slice of
    its list of characters would, joined from slices (a list of every character of the page
    cost more than the province search itself)."""
    n = len(text)
    if not all(0 <= s <= e <= n for s, e in spans):
        chars = list(text)
        for s, e in spans:
            chars[s:e] = " " * (e - s)
        return "".join(chars)
    parts, at = [], 0
    for s, e in sorted(spans):
        if e <= at:
            continue
        s = max(s, at)
        parts += (text[at:s], " " * (e - s))
        at = e
    parts.append(text[at:])
    return "".join(parts)


def find_province_mentions(
    text: str, published_at: str | None = None, exclude_spans=()
) -> list[dict]:
    """One dict per distinct (name as written, current unit, former unit), in order of first
    mention: as_written, current_code, current_name, former_code, former_name, count.

    `exclude_spans` are (start, end) offsets in `text` to ignore (people's names).
    """
    if not text:
        return []
    text = nfc(text)
    rx, target = _matcher()
    folded = _mask(fold_tone_style(text), exclude_spans)
    before_merger = bool(published_at) and published_at[:10] < MERGER_DATE
    out: dict[tuple, dict] = {}
    for m in _name_matches(rx, folded):
        head = folded[max(0, m.start() - 20) : m.start()]
        prev = _PREV_WORD.search(head)
        if prev and prev.group(1) in _NAME_PARTS:
            continue
        if _LOWER_LEVEL.search(head):
            continue
        t = target[m.group(1)]
        former = None
        if t.old is not None and (
            t.old.name != t.current.name  # a name that no longer denotes a unit
            or (t.changed and before_merger)
            or _FORMER_SUFFIX.match(folded, m.end())
        ):
            former = t.old
        as_written = text[m.start() : m.end()]
        key = (as_written, t.current.code, former.code if former else None)
        if key in out:
            out[key]["count"] += 1
        else:
            out[key] = {
                "as_written": as_written,
                "current_code": t.current.code,
                "current_name": t.current.name,
                "former_code": former.code if former else None,
                "former_name": former.name if former else None,
                "count": 1,
            }
    return list(out.values())


def find_provinces(text: str, exclude_spans=()) -> list[str]:
    """Current (34-unit) province names mentioned in `text`, in order of first mention."""
    found: list[str] = []
    for m in find_province_mentions(text, exclude_spans=exclude_spans):
        if m["current_name"] not in found:
            found.append(m["current_name"])
    return found
