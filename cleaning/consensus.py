"""The article body chosen from two generic candidates by their agreement and boundaries.

The candidates are paragraph lists in page order: trafilatura's text (the backbone: it
keeps the most article on pages of unknown layout) and the densest text block of
cleaning/generic.py (the witness: a different method, so where both agree the text is
article). Paragraphs are compared by their 4-word shingles, as the article-extraction
benchmark scores them.

What one candidate holds and the other does not is judged by where it sits and what it
looks like:
- before the shared text, a short run (a standfirst, a dateline, a kicker) is not body;
  a long one means the witness started late;
- after the shared text, a run of prose (long paragraphs) is article the witness cut
  short; short lines (related links, newsletter boxes, "about us" blurbs of one line) are
  the page's tail;
- when the witness holds the backbone whole and much more prose after it, the backbone
  stopped early (an inline box in the middle of the article): the witness's tail is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cached_property, lru_cache

_WORD = re.compile(r"\w+")
SHINGLE = 4
# A paragraph is shared when at least this share of its shingles is in the other text.
_SHARED = 0.5
# Before the shared text: a run shorter than this (characters) is a standfirst or dateline.
_HEAD_MAX = 400
# After it: a run is prose (article) when its paragraphs average at least this length.
_PROSE_MEAN = 150
_PROSE_MIN = 400
_SENTENCE = 80
_TAIL_PARAS = 3
_TAIL_MIN = 1000
_TAIL_MEAN = 200
_PROSE_SHARE = 0.5
# Shingles of a candidate's paragraphs looked for in the other's run of words before its
# shingle set is made instead (a search costs a few shingles' making; the set costs one
# per word of the other).
_SEARCH_BUDGET = 100
# A witness shorter than this share of the backbone, confirming less of it, is a fragment
# (a box, a single section): its boundaries say nothing about the article's.
_FRAGMENT = 0.4


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    # The same paragraphs are compared several times per page (both ways, and by the
    # checks in cleaning/extract.py).
    return tuple(_WORD.findall(text))


def _shingle_set(words: Sequence[str]) -> set[tuple[str, ...]]:
    return set(zip(words, words[1:], words[2:], words[3:], strict=False))


@lru_cache(maxsize=8192)
def _para_shingles(text: str) -> frozenset[tuple[str, ...]]:
    # A paragraph is looked up in the other candidate once per comparison (reconcile and
    # the checks in cleaning/extract.py compare the same paragraphs several times).
    return frozenset(_shingle_set(_words(text)))


def shingles(text: str) -> set[tuple[str, ...]]:
    """The text's 4-word shingles (its words when shorter)."""
    words = _words(text)
    if len(words) < SHINGLE:
        return {words} if words else set()
    return _shingle_set(words)


class _Other:
    """The other candidate, ready for lookups: its paragraphs, its shingles, and its words
    in one string (a paragraph of fewer than four words is shared when they occur there in
    a row: CJK text, whose runs of characters are single words, is mostly such paragraphs).

    The shingles and the string are made when first asked for: a paragraph the other
    candidate holds as it is (most of them: both candidates read the same page) is shared
    without them."""

    def __init__(self, paras: Sequence[str]) -> None:
        self.paras = paras
        self.texts = frozenset(paras)
        self.searched = 0  # shingles looked for in `words`, the set not yet made

    def holds(self, shingles: frozenset[tuple[str, ...]]) -> int:
        """How many of the shingles are the other's: the first few looked for in its run
        of words (each search costs about what a few words' shingles cost to make), the
        rest in its shingle set, made once that costs less than searching on."""
        if "shingles" not in self.__dict__ and self.searched + len(shingles) <= _SEARCH_BUDGET:
            self.searched += len(shingles)
            run = self.words
            return sum(1 for s in shingles if f" {' '.join(s)} " in run)
        return len(shingles & self.shingles)

    @cached_property
    def _all(self) -> list[str]:
        return [w for p in self.paras for w in _words(p)]

    @cached_property
    def shingles(self) -> set[tuple[str, ...]]:
        # The shingles of the words in one run: each paragraph's own (cached, compared
        # again the other way) and those across a paragraph boundary.
        words: list[str] = []
        starts: list[int] = []
        for p in self.paras:
            starts.append(len(words))
            words.extend(_words(p))
        shingles = set().union(*map(_para_shingles, self.paras))
        last = len(words) - SHINGLE
        for b in starts[1:]:
            for j in range(max(0, b - SHINGLE + 1), min(b, last + 1)):
                shingles.add((words[j], words[j + 1], words[j + 2], words[j + 3]))
        return shingles

    @cached_property
    def words(self) -> str:
        return f" {' '.join(self._all)} "


@lru_cache(maxsize=32)
def _other(paras: tuple[str, ...]) -> _Other:
    # The same candidate is the other side of several comparisons on a page.
    return _Other(paras)


def _shared(paras: Sequence[str], other: _Other) -> list[bool]:
    flags = []
    for p in paras:
        if p in other.texts:
            # A paragraph the other holds as it is: its shingles are among the other's, its
            # words in a row in the other's run; shared when it has words.
            flags.append(_WORD.search(p) is not None)
            continue
        words = _words(p)
        if not words:
            flags.append(False)
            continue
        # Its words in a row in the other's run: all its shingles are the other's.
        if f" {' '.join(words)} " in other.words:
            flags.append(True)
        elif len(words) < SHINGLE:
            flags.append(False)
        else:
            s = _para_shingles(p)
            flags.append(other.holds(s) >= _SHARED * len(s))
    return flags


def coverage(paras: Sequence[str], other: Sequence[str]) -> float:
    """Share of the characters of `paras` that lie in paragraphs `other` also holds."""
    total = sum(len(p) for p in paras)
    if not total:
        return 0.0
    flags = _shared(paras, _other(tuple(other)))
    return sum(len(p) for p, f in zip(paras, flags, strict=True) if f) / total


def prose_chars(paras: Sequence[str]) -> int:
    """Characters in paragraphs long enough to be sentences of an article (not menu
    entries, labels or link lists)."""
    return sum(len(p) for p in paras if len(p) >= _SENTENCE)


def is_article_run(run: Sequence[str]) -> bool:
    """A run after the shared text that is article the witness cut short: several long
    paragraphs (teasers of related stories and "about us" blurbs are shorter or fewer)."""
    chars = sum(len(p) for p in run)
    return len(run) >= _TAIL_PARAS and chars >= _TAIL_MIN and chars / len(run) >= _TAIL_MEAN


def is_prose(run: Sequence[str]) -> bool:
    """A run of paragraphs that reads as article text rather than lists and labels."""
    chars = sum(len(p) for p in run)
    return chars >= _PROSE_MIN and chars / len(run) >= _PROSE_MEAN


def reconcile(
    backbone: list[str], witness: list[str], *, backbone_misplaced: bool = False
) -> list[str]:
    """The backbone's paragraphs without the head and tail runs the witness does not
    confirm (unless they read as article), plus the witness's prose tail when the
    backbone stopped early. See the module docstring.

    `backbone_misplaced`: the backbone starts above the headline (menus, banners); when
    the two disagree wholly, that settles it for the witness."""
    if not backbone or not witness:
        return backbone or witness
    flags = _shared(backbone, _other(tuple(witness)))
    size = sum(len(p) for p in backbone)
    confirmed = sum(len(p) for p, f in zip(backbone, flags, strict=True) if f)
    fragment = sum(len(p) for p in witness) < _FRAGMENT * size
    if not confirmed or confirmed < _FRAGMENT * size and fragment:
        # Two different blocks, or the witness holds a fragment only (its boundaries then
        # say nothing): the backbone stands unless it is mostly menu entries and labels
        # and the witness holds more prose.
        mostly_lines = prose_chars(backbone) < _PROSE_SHARE * sum(len(p) for p in backbone)
        if (mostly_lines or backbone_misplaced) and prose_chars(witness) > prose_chars(backbone):
            return witness
        return backbone
    first = flags.index(True)
    last = len(flags) - 1 - flags[::-1].index(True)
    head, body = backbone[:first], backbone[first : last + 1]
    if head and sum(len(p) for p in head) >= _HEAD_MAX:
        body = head + body
    tail = backbone[last + 1 :]
    if tail and is_article_run(tail):
        body = body + tail
    # The witness runs on after the last shared paragraph with prose the backbone lacks.
    wflags = _shared(witness, _other(tuple(backbone)))
    if not any(wflags):
        return body
    wlast = len(wflags) - 1 - wflags[::-1].index(True)
    wtail = witness[wlast + 1 :]
    if wtail and is_prose(wtail):
        body = body + wtail
    return body
