"""The patterns read at the end of the text before a name (honorific, place, titles) are
searched only when the text ends as one of their matches can (persons._ending,
persons._titles_before): the answer must be the pattern's own search of the text, match
for match, whatever the text."""

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaning import persons
from cleaning.persons import (
    _HONORIFIC,
    _HONORIFIC_ENDS,
    _PLACE_BEFORE,
    _PLACE_ENDS,
    _TITLES_BEFORE,
    _ending,
    _titles_before,
)

# Every word the three patterns spell (read from their source, so that a word added to a
# pattern is drawn here too), the titles as written, and what may stand between them.
_SOURCE_WORDS = sorted(
    {
        w
        for rx in (_HONORIFIC, _PLACE_BEFORE, _TITLES_BEFORE)
        for w in re.findall(r"[^\W\d_]+", rx.pattern)
        if len(w) > 1 or w.isupper()
    }
)
_TOKENS = [
    *_SOURCE_WORDS,
    *persons._TITLES,
    *persons._LOOSE_ATOMS,
    *persons._WORD_TITLES,
    "đ/c",
    "Đ/c",
    "Nguyễn",
    "Bí thư",
    "2",
    "x",
]
_SEPARATORS = ["", " ", "  ", "\u00a0", "\t", "\n", "\u3000", ".", ",", ", ", "-", " - ", "/", ":"]

_heads = st.lists(
    st.tuples(st.sampled_from(_TOKENS), st.sampled_from(_SEPARATORS)), max_size=8
).map(lambda parts: "".join(t + s for t, s in parts))


def _same(got: re.Match | None, want: re.Match | None) -> bool:
    return (got is None) == (want is None) and (
        got is None or (got.span(), got.groups()) == (want.span(), want.groups())
    )


@settings(max_examples=600)
@given(_heads)
@example("Phát biểu tại hội nghị, đồng chí ")
@example("các đồng chí : ")
@example("Thượng\u00a0tá ")
@example("thị  xã ")
@example("TP. ")
@example("PGS. TS. ")
@example("PGS,TS ")
@example("Tiến sĩ khoa học - ")
@example("BS.CKII ")
def test_end_tests_give_the_patterns_own_search(head):
    _check(head)


def _check(head: str) -> None:
    assert _same(_ending(_HONORIFIC, _HONORIFIC_ENDS, head), _HONORIFIC.search(head))
    assert _same(_ending(_PLACE_BEFORE, _PLACE_ENDS, head), _PLACE_BEFORE.search(head))
    assert _same(_titles_before(head), _TITLES_BEFORE.search(head))


def test_end_tests_on_every_ending_of_one_or_two_words():
    # Each word (or two of the patterns' words) ending the text, each way a match may end.
    pairs = [f"{a} {b}" for a in _SOURCE_WORDS for b in _SOURCE_WORDS]
    for words in (*_TOKENS, *pairs):
        for end in ("", " ", "\u00a0\n", " :", ". ", ", ", " - ", "/"):
            head = f"Lời {words}{end}"
            _check(head)
