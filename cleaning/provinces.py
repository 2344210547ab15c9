"""Provinces mentioned in a text, as the 34 current units (from 2025-07-01).

Articles name the pre-merger provinces ("Hậu Giang", "Hải Dương"); each match
is mapped to the unit it belongs to now through data/vn_admin/name_variants.json.
Matching is on word boundaries, tone-style folded ("Khánh Hoà" = "Khánh Hòa"),
with diacritics kept: "Hoa Binh" only matches text written without diacritics,
and proper-noun capitalisation is required so that the common noun "hòa bình"
(peace) or the verb "bình định" do not count.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from cleaning.text import fold_tone_style

DATA_DIR = Path(__file__).parent / "data" / "vn_admin"

# Variants that, bare, far more often mean something else: President Hồ Chí Minh
# ("tư tưởng Hồ Chí Minh"), the given name Huệ. The city forms (TP.HCM,
# thành phố Hồ Chí Minh, Sài Gòn) are separate variants and still match.
_SKIP_VARIANTS = frozenset({"Hồ Chí Minh", "Ho Chi Minh", "HCM", "Hue"})
# Longer names that contain a province name but are not about that province.
_MASK_PHRASES = ("Thái Bình Dương", "Điện Biên Phủ", "Đồng Tháp Mười", "Sài Gòn Giải Phóng")


# A province name right after a family or middle name is part of a person's name
# ("Phó Thủ tướng Nguyễn Hòa Bình").
_NAME_PARTS = frozenset(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương Trịnh "
    "Trương Lâm Mai Đinh Lưu Cao Tô Tạ Châu Văn Thị Hữu Đức Công Ngọc Xuân Quang".split()
)
_PREV_WORD = re.compile(r"([^\W\d_]+)\s+$")


@lru_cache(maxsize=1)
def _matcher() -> tuple[re.Pattern[str], dict[str, str]]:
    data = json.loads((DATA_DIR / "name_variants.json").read_text(encoding="utf-8"))
    new_by_code = {rec["code"]: name for name, rec in data["new34"].items()}
    target: dict[str, str] = {}  # folded variant -> current unit name
    for level in ("old63", "new34"):  # new34 last: a name that is both maps to itself
        for name, rec in data[level].items():
            current = name if level == "new34" else new_by_code.get(rec["new_code"], name)
            for v in rec["variants"]:
                if v in _SKIP_VARIANTS:
                    continue
                for form in {v, v.upper(), v[:1].upper() + v[1:]}:
                    target[fold_tone_style(form)] = current
    alternatives = sorted(target, key=len, reverse=True)
    rx = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, alternatives)) + r")(?!\w)")
    return rx, target


def _mask(text: str) -> str:
    for phrase in _MASK_PHRASES:
        for form in (phrase, phrase.upper()):
            text = text.replace(form, " " * len(form))
    return text


def find_provinces(text: str) -> list[str]:
    """Current (34-unit) province names mentioned in `text`, in order of first mention."""
    if not text:
        return []
    rx, target = _matcher()
    found: list[str] = []
    folded = _mask(fold_tone_style(text))
    for m in rx.finditer(folded):
        prev = _PREV_WORD.search(folded[max(0, m.start() - 12) : m.start()])
        if prev and prev.group(1) in _NAME_PARTS:
            continue
        unit = target[m.group(1)]
        if unit not in found:
            found.append(unit)
    return found
