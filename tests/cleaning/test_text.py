import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaning.text import (
    _TONE_MOVES,
    INVISIBLES,
    _tone_move,
    fold_tone_style,
    has_search_key,
    literal_alternation,
    nfc,
    normalize_paragraphs,
    normalize_whitespace,
    search_key,
    strip_diacritics,
)


@pytest.mark.parametrize(
    "s", ["Uỷ ban", "Ủy ban", "uy ban", "UỶ  BAN", "U\u0309y ban".replace("U\u0309", "Ủ")]
)
def test_search_key_folds_tone_styles_and_diacritics(s):
    assert search_key(s) == "uy ban"


def test_search_key_folds_d_and_decomposed_input():
    decomposed = unicodedata.normalize("NFD", "Đà Nẵng  Hoà Bình")
    assert search_key(decomposed) == "da nang hoa binh"
    assert search_key("Khánh Hòa") == search_key("Khánh Hoà") == search_key("khanh hoa")


def test_nfc_and_whitespace():
    assert nfc(unicodedata.normalize("NFD", "Việt")) == "Việt"
    assert normalize_whitespace(" a\u00a0 b\u200b\n\tc ") == "a b c"
    assert normalize_paragraphs("a \n\n\n b\n c") == "a\n\nb\n\nc"


def test_fold_tone_style_keeps_closed_syllables_and_qu():
    assert fold_tone_style("Khánh Hoà, Thanh Hoá, Uỷ ban") == "Khánh Hòa, Thanh Hóa, Ủy ban"
    assert fold_tone_style("hoàn thành, quý") == "hoàn thành, quý"


def _matches(rx: str, text: str) -> list[tuple[tuple[int, int], str]]:
    return [(m.span(), m.group(1)) for m in re.finditer(rx, text)]


@given(
    st.lists(st.text("abc -.", min_size=1, max_size=5), min_size=1, max_size=12),
    st.text("abc -.x", max_size=60),
)
def test_literal_alternation_matches_as_the_longest_first_alternation(words, text):
    # Same matches, spans and words, with a lookahead after the group that can make the
    # longest word fail and a shorter one match (the backtracking the trie must keep).
    plain = "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))
    for after in ("", r"(?![\w-])"):
        assert _matches(f"({literal_alternation(words)}){after}", text) == _matches(
            f"({plain}){after}", text
        )


_FOLDED = (
    "aAoOuUyYiIıİsSσςΣđĐ \u00a0\u2000\u200b\ufeff"
    "\u0301\u0300\u0323\u0309\u031b\u034fàÀóỏũẠƯươệỹẫ가한"
)


@given(st.text(_FOLDED, max_size=40), st.sampled_from(["NFC", "NFD"]))
def test_search_key_word_by_word_is_the_whole_text_folded(text, form):
    # search_key folds each word through a memo; folding the whole text at once (the
    # definition) must give the same key.
    s = unicodedata.normalize(form, text)
    whole = " ".join(strip_diacritics(nfc(s)).lower().split())
    assert search_key(s) == whole
    assert search_key(s) == whole  # the second time from the memo


@given(st.text("oOuUqQaàáảãạeèéẻẽẹyỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ \n.\u0300hn", max_size=30))
def test_fold_tone_style_rewrites_the_pairs_it_lists(text):
    # One class of second letters per first letter: the same rewrites as the alternation
    # of the pairs in _TONE_MOVES.
    pairs = "|".join(map(re.escape, _TONE_MOVES))
    expected = re.sub(f"({pairs})(?![\\w\\u0300-\\u036f])", _tone_move, nfc(text))
    assert fold_tone_style(text) == expected


_WORDS = st.sampled_from(
    ["Hội", "hoi", "HỘI", "nghị", "Nghi", "\u0300", "Uỷ", "ủy", "a", "đ", "d", "İ"]
)


@given(
    st.lists(_WORDS, max_size=6).map(" ".join),
    st.lists(_WORDS, max_size=6).map(" ".join),
    st.sampled_from(["", " ", "  ", "\n", "\u00a0"]),
)
def test_has_search_key_is_search_key_compared(a, b, gap):
    # Words that fold alike ("Hội", "hoi"), a word of marks alone (folds to nothing),
    # texts whose keys are one a prefix of the other.
    s = a.replace(" ", gap or " ")
    for key in (search_key(a), search_key(b), search_key(a + " " + b), search_key(s)[:5], ""):
        assert has_search_key(s, key) is (search_key(s) == key)


@given(st.text(_FOLDED, max_size=30), st.text(_FOLDED, max_size=30))
def test_has_search_key_on_any_text(s, t):
    for key in (search_key(t), search_key(s), search_key(s + t)):
        assert has_search_key(s, key) is (search_key(s) == key)


@given(st.text("aA \u00a0\u0300\u0301ệ" + INVISIBLES, max_size=20))
def test_nfc_drops_each_invisible_character_then_composes(text):
    # Every invisible character is looked for on its own (no regex scan of the text).
    assert nfc(text) == unicodedata.normalize("NFC", re.sub(f"[{INVISIBLES}]", "", text))
