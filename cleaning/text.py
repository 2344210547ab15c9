"""Unicode and whitespace normalisation, and the folded search key.

Vietnamese pages mix composed and decomposed Unicode and two tone-placement
styles ("hoà"/"hòa", "Uỷ"/"Ủy"), sometimes in one article. Everything we store
is NFC; comparisons go through `fold_tone_style` (keeps diacritics) or
`search_key` (drops them).
"""

from __future__ import annotations

import re
import unicodedata

# Characters that render as nothing or as a plain space but are not matched by
# str.split(): NBSP, zero-width space/joiners, BOM, narrow NBSP, soft hyphen.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACE_LIKE = re.compile(r"[\s\u00a0\u202f\u2007\u3000]+")

# Old-style ("hoà") -> new-style ("hòa") tone placement for the open syllables
# oa/oe/uy. Only at the end of a syllable: in "hoàn" the tone is on "a" in
# both styles. "qu" is a consonant, so "quý" is never rewritten.
_TONE_MOVES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip
_TONE_MOVES.update({k.capitalize(): v.capitalize() for k, v in list(_TONE_MOVES.items())})
_TONE_MOVES.update({k.upper(): v.upper() for k, v in list(_TONE_MOVES.items())})
# Not before a combining mark either: "oạ\u0300" (two tones, garbage) is left alone.
_TONE_RE = re.compile(
    r"(?<![qQ])(" + "|".join(map(re.escape, _TONE_MOVES)) + r")(?![\w\u0300-\u036f])"
)


def nfc(s: str) -> str:
    """NFC-normalise and drop invisible characters (zero-width, BOM, soft hyphen)."""
    # Invisible characters go first: "A\u200b\u0300" must compose to "À" (found by hypothesis).
    return unicodedata.normalize("NFC", s.translate(_INVISIBLE))


def normalize_whitespace(s: str) -> str:
    """NFC, then every run of whitespace (incl. NBSP and newlines) becomes one space."""
    return _SPACE_LIKE.sub(" ", nfc(s)).strip()


def normalize_paragraphs(s: str) -> str:
    """Whitespace-normalise each line; non-empty lines become paragraphs, one blank line apart."""
    lines = (normalize_whitespace(line) for line in nfc(s).splitlines())
    return "\n\n".join(line for line in lines if line)


def fold_tone_style(s: str) -> str:
    """Rewrite old-style tone placement to the new style, keeping diacritics ("Hoà" -> "Hòa")."""
    return _TONE_RE.sub(lambda m: _TONE_MOVES[m.group(1)], nfc(s))


def strip_diacritics(s: str) -> str:
    """Remove every combining mark and map đ/Đ to d/D ("Đà Nẵng" -> "Da Nang")."""
    decomposed = unicodedata.normalize("NFD", s)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", bare.replace("đ", "d").replace("Đ", "D"))


def search_key(s: str) -> str:
    """Key for diacritic-insensitive search: NFC, lower case, marks folded, đ->d, spaces collapsed.

    "Uỷ ban", "Ủy ban" and "uy ban" all give "uy ban". DuckDB's strip_accents
    keeps "đ", hence our own folding.
    """
    return normalize_whitespace(strip_diacritics(nfc(s)).lower())
