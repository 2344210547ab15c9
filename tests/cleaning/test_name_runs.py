"""persons._name_runs reads the text word by word only around family names: it must give
exactly the runs of capitalised words that can name a person, as reading every word
would (a family name followed by another word of its run)."""

import re

from hypothesis import given
from hypothesis import strategies as st

from cleaning.persons import _SURNAMES, _name_runs

_WORD = re.compile(r"[^\W\d_]+")


def _every_run(text: str) -> list[list[tuple[int, int]]]:
    """The definition: every run of title-case words one space or NBSP apart."""
    runs, words, last = [], [], -1
    for m in _WORD.finditer(text):
        w = m.group()
        if not (w[0].isupper() and (len(w) == 1 or w[1:].islower())):
            if words:
                runs.append(words)
            words = []
            continue
        if words and m.start() == last + 1 and text[last] in " \u00a0":
            words.append(m.span())
        else:
            if words:
                runs.append(words)
            words = [m.span()]
        last = m.end()
    return runs + ([words] if words else [])


def _can_name(text: str, words: list[tuple[int, int]]) -> bool:
    first = next((i for i, (s, e) in enumerate(words) if text[s:e] in _SURNAMES), None)
    return first is not None and len(words) - first >= 2


_PIECES = ["Nguyễn", "Văn", "An", "Y", "tế", "Sở", "Hà", "Nội", "Ma", "Mai", "Ksor", "UBND",
           "aNguyễn", "Trần", "Thị", "phòng", " ", "  ", "\u00a0", ",", "(", "3", "_",
           "\n"]  # fmt: skip


@given(st.lists(st.sampled_from(_PIECES), max_size=16))
def test_the_runs_are_those_that_can_name_a_person(pieces):
    text = "".join(pieces)
    expected = [w for w in _every_run(text) if _can_name(text, w)]
    assert [w for w in _name_runs(text) if _can_name(text, w)] == expected
    # and no run it gives is one the definition lacks
    assert all(w in _every_run(text) for w in _name_runs(text))


def test_a_name_after_capitalised_context_keeps_its_run():
    text = "Chủ tịch UBND TP Cần Thơ Trương Cảnh Tuyên phát biểu."
    (run,) = [w for w in _name_runs(text) if _can_name(text, w)]
    assert [text[s:e] for s, e in run] == ["Cần", "Thơ", "Trương", "Cảnh", "Tuyên"]
