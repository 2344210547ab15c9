"""People named with an academic or professional title ("PGS.TS. Huỳnh Văn Thới").

Deliberately modest: only names right after a title abbreviation; a later
enrichment pass can add party ranks ("đồng chí") and positions.
"""

from __future__ import annotations

import re

# Longest first so "PGS.TS." wins over "PGS." and "ThS.GVC." over "ThS.".
_TITLES = (
    "GS.TSKH.", "PGS.TSKH.", "GS.TS.", "PGS.TS.", "PGS.", "GS.", "TSKH.", "TS.", "ThS.GVC.",
    "ThS.GVCC.", "ThS.BS.", "ThS.", "NCS.", "BS.CK2.", "BS.CKII.", "BS.CK1.", "BS.CKI.",
    "BS.CK2", "BS.CKII", "BS.", "KS.", "CN.", "LS.", "NGƯT.", "NGND.", "NSƯT.", "NSND.",
)  # fmt: skip
_TITLE_ALT = "|".join(
    re.escape(t).replace(r"\.", r"\.\s?") for t in sorted(_TITLES, key=len, reverse=True)
)
TITLE_PREFIX = re.compile(r"(?:" + _TITLE_ALT + r")\s*[^\W\d_]")
_WORD = r"[^\W\d_]+"
_PERSON_RE = re.compile(
    r"(?<![\w.])(?P<title>"
    + _TITLE_ALT
    + r")\s*(?P<name>"
    + _WORD
    + r"(?:[ \u00a0]+"
    + _WORD
    + r"){1,4})"
)


def _trim_name(raw: str) -> str | None:
    """Keep the leading capitalised words (a Vietnamese name is 2-5 of them)."""
    words = []
    for w in raw.split():
        if not w[:1].isupper():
            break
        words.append(w)
    return " ".join(words) if len(words) >= 2 else None


def find_persons(text: str) -> list[dict]:
    """[{name, title}] for names after GS., PGS.TS., TS., ThS., ThS.GVC. etc; first title wins."""
    out: list[dict] = []
    seen: set[str] = set()
    text = text or ""
    pos = 0
    while m := _PERSON_RE.search(text, pos):
        name = _trim_name(m.group("name"))
        # Resume right after the capitalised name: the regex may have run into the next
        # title ("Huỳnh Văn Thới và ThS.GVC. …").
        pos = m.start("name") + (len(name) if name else 1)
        if name and name not in seen:
            seen.add(name)
            out.append({"name": name, "title": re.sub(r"\s+", "", m.group("title"))})
    return out
