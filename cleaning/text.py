"""Unicode and whitespace normalisation, and the folded search key.

Vietnamese pages mix composed and decomposed Unicode and two tone-placement
styles ("hoà"/"hòa", "Uỷ"/"Ủy"), sometimes in one article. Everything we store
is NFC; comparisons go through `fold_tone_style` (keeps diacritics) or
`search_key` (drops them).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache, lru_cache

# Characters that render as nothing or as a plain space but are not matched by
# str.split(): NBSP, zero-width space/joiners, BOM, narrow NBSP, soft hyphen.
# (A regex, not str.translate: a dict lookup per character made nfc() a tenth of the time
# of a whole extraction.)
INVISIBLES = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{INVISIBLES}]")
_ZWSP, _ZWNJ, _ZWJ, _WJ, _BOM, _SHY = INVISIBLES

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
# Not before a combining mark either: "oạ\u0300" (two tones, garbage) is left alone. Not
# after q (tested in _tone_move: a leading look-behind keeps the regex engine from
# skipping ahead to the first o/u and made this 8x slower). Every old-style pair is two
# characters: one class of second letters per first letter ("o[àáảãạèéẻẽẹ]") matches the
# same pairs as their alternation, in a third of the time.
_TONE_SECONDS: dict[str, str] = {}
for _pair in _TONE_MOVES:
    _TONE_SECONDS[_pair[0]] = _TONE_SECONDS.get(_pair[0], "") + _pair[1]
_TONE_RE = re.compile(
    "((?:" + "|".join(f"{re.escape(a)}[{bs}]" for a, bs in _TONE_SECONDS.items()) + r"))"
    r"(?![\w\u0300-\u036f])"
)


def nfc(s: str) -> str:
    """NFC-normalise and drop invisible characters (zero-width, BOM, soft hyphen)."""
    # Invisible characters go first: "A\u200b\u0300" must compose to "À" (found by hypothesis).
    if s.isascii():
        return s
    # str.find for each of them costs a tenth of the regex's scan of a text that has none;
    # written out, not a generator over them (that cost more than the searches: nfc runs
    # about 50 times a page, mostly on short texts).
    if _ZWSP in s or _ZWNJ in s or _ZWJ in s or _WJ in s or _BOM in s or _SHY in s:
        s = _INVISIBLE.sub("", s)
    return s if unicodedata.is_normalized("NFC", s) else unicodedata.normalize("NFC", s)


def normalize_whitespace(s: str) -> str:
    """NFC, then every run of whitespace (incl. NBSP and newlines) becomes one space."""
    # str.split() splits on every Unicode space (NBSP, narrow NBSP, figure and ideographic
    # spaces included), as the regex it replaces did, at a fraction of the cost.
    return " ".join(nfc(s).split())


def normalize_paragraphs(s: str) -> str:
    """Whitespace-normalise each line; non-empty lines become paragraphs, one blank line apart."""
    lines = (normalize_whitespace(line) for line in nfc(s).splitlines())
    return "\n\n".join(line for line in lines if line)


@lru_cache(maxsize=256)
def fold_tone_style(s: str) -> str:
    """Rewrite old-style tone placement to the new style, keeping diacritics ("Hoà" -> "Hòa").
    Cached: an article's text is folded by the person, province and event finders alike."""
    return _TONE_RE.sub(_tone_move, nfc(s))


def _tone_move(m: re.Match[str]) -> str:
    # "quý", "Quỳnh": qu is a consonant. (No other match can start inside this one: every
    # old-style pair starts with o or u and goes on with a toned vowel.)
    if m.start() and m.string[m.start() - 1] in "qQ":
        return m.group(1)
    return _TONE_MOVES[m.group(1)]


@cache
def _fold_table() -> dict[int, str | None]:
    """For str.translate: precomposed letter -> the letter without its marks (đ/Đ -> d/D),
    combining mark -> nothing (the marks NFC leaves uncomposed). Built on first use
    (~70 ms); one translate pass costs a third of the character loop it replaces."""
    table: dict[int, str | None] = {ord("đ"): "d", ord("Đ"): "D"}
    for cp in range(0xC0, 0x30000):
        ch = chr(cp)
        if unicodedata.combining(ch):
            table[cp] = None
        elif unicodedata.decomposition(ch)[:1] not in ("", "<"):  # canonical: may hold marks
            bare = "".join(
                c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)
            )
            if bare != ch:
                table[cp] = unicodedata.normalize("NFC", bare)
    return table


def strip_diacritics(s: str) -> str:
    """Remove every combining mark and map đ/Đ to d/D ("Đà Nẵng" -> "Da Nang")."""
    if s.isascii():
        return s
    bare = unicodedata.normalize("NFC", s).translate(_fold_table())
    return bare if bare.isascii() else unicodedata.normalize("NFC", bare)


# Folded words already seen (an article's few hundred distinct syllables recur on every
# page): the key of a text is its words' keys, so each word is folded once per process.
_WORD_KEYS: dict[str, str] = {}
_MAX_WORD_KEYS = 50_000


def _word_key(word: str) -> str:
    if len(_WORD_KEYS) >= _MAX_WORD_KEYS:
        _WORD_KEYS.clear()
    key = _WORD_KEYS[word] = strip_diacritics(nfc(word)).lower()
    return key


def search_key(s: str) -> str:
    """Key for diacritic-insensitive search: NFC, lower case, marks folded, đ->d, spaces collapsed.

    "Uỷ ban", "Ủy ban" and "uy ban" all give "uy ban". DuckDB's strip_accents
    keeps "đ", hence our own folding.
    """
    if s.isascii():
        return " ".join(s.lower().split())
    # Word by word, as folding the whole text would: NFC, the fold table and lower case
    # never make or take a space, nor compose across one (a word that was only marks
    # folds to nothing and is dropped, as split() drops it from the whole).
    get = _WORD_KEYS.get
    keys = [k if (k := get(w)) is not None else _word_key(w) for w in s.split()]
    return " ".join(filter(None, keys))


def has_search_key(s: str, key: str) -> bool:
    """search_key(s) == key, the words of `s` folded only as far as they agree with those
    of `key` (a body paragraph compared with a headline differs at its first words)."""
    if s.isascii():
        return search_key(s) == key
    want = key.split(" ") if key else []
    get, n, i = _WORD_KEYS.get, len(want), 0
    for w in s.split():
        k = get(w)
        if k is None:
            k = _word_key(w)
        if not k:
            continue  # a word of marks alone folds to nothing, as in search_key
        if i == n or want[i] != k:
            return False
        i += 1
    return i == n


def at_words(low: str, words: Sequence[str], found: Callable[[int], bool]) -> bool:
    """Whether `found(at)` holds at some occurrence of one of the words in `low` (a regex
    tried only where str.find puts its words, not at every position of a long text)."""
    for word in words:
        at = low.find(word)
        while at >= 0:
            if found(at):
                return True
            at = low.find(word, at + 1)
    return False


def literal_alternation(words: Iterable[str]) -> str:
    """A regex matching any of `words` literally, as the alternation of them sorted longest
    first would, but factored by common prefixes (a trie): the regex engine then tries
    one branch per character instead of every word at every position of the text.

    At each step the longer continuation is tried first and, as with the sorted
    alternation, a shorter word is tried when what follows the group fails."""
    trie: dict = {}
    for w in words:
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def pattern(node: dict) -> str:
        branches = [re.escape(ch) + pattern(sub) for ch, sub in node.items() if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return "(?:" + pattern(trie) + ")"


WORD_CHAR = re.compile(r"\w")
_SPACE = re.compile(r"\s")


def space_before(text: str, at: int) -> int:
    """Where the run of white space that ends at `at` starts (`at` when none ends there)."""
    while at and _SPACE.match(text, at - 1):
        at -= 1
    return at


def matches_not_after(
    rx: re.Pattern[str], text: str, before: re.Pattern[str] = WORD_CHAR
) -> Iterator[re.Match[str]]:
    r"""rx's matches that do not start right after a character `before` matches, as
    re.finditer of (?<!before)rx gives them, a rejected start retried one character later.
    A pattern opening with a look-behind is tried at every position of the text; one
    opening with its words lets the regex engine skip ahead to them."""
    pos = 0
    while m := rx.search(text, pos):
        start = m.start()
        if start and before.match(text, start - 1):
            pos = start + 1
            continue
        yield m
        pos = m.end() if m.end() > start else start + 1
