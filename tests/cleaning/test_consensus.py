"""cleaning/consensus.py: the body chosen from two generic candidates by their agreement."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaning import consensus
from cleaning.consensus import (
    _SHARED,
    SHINGLE,
    _Other,
    _other,
    _para_shingles,
    _shared,
    _shingle_set,
    _words,
    coverage,
    reconcile,
)

# Article paragraphs long enough to be prose, each with words of its own.
ARTICLE = [" ".join(f"word{i}x{j}" for j in range(30)) + "." for i in range(1, 7)]
STANDFIRST = "A short line that sums the story up above it."
RELATED = ["Related stories", "Mayor opens new bridge", "Rain expected all week", "Most read"]
MENU = ["Home", "News", "Sport", "Contact us", "Sitemap"]


def test_head_and_tail_runs_the_witness_does_not_hold_are_cut() -> None:
    backbone = [STANDFIRST, *ARTICLE, *RELATED]
    assert reconcile(backbone, ARTICLE) == ARTICLE


def test_a_long_head_run_is_article_the_witness_started_late() -> None:
    backbone = ARTICLE
    assert reconcile(backbone, ARTICLE[3:] + ARTICLE[:0]) == ARTICLE


def test_a_fragment_witness_cannot_judge_the_edges() -> None:
    backbone = [STANDFIRST, *ARTICLE, *RELATED]
    assert reconcile(backbone, ARTICLE[2:3]) == backbone


def test_the_witness_prose_after_the_backbone_stopped_is_kept() -> None:
    assert reconcile(ARTICLE[:3], ARTICLE) == ARTICLE


def test_a_backbone_of_menu_lines_gives_way_to_a_disjoint_prose_witness() -> None:
    assert reconcile(MENU, ARTICLE) == ARTICLE
    # ...but prose is not replaced by other prose on the strength of length alone
    other = [p.replace("word", "term") for p in ARTICLE]
    assert reconcile(ARTICLE[:2], other) == ARTICLE[:2]


def test_a_misplaced_backbone_gives_way_when_the_two_disagree_wholly() -> None:
    top = [f"Banner {i}: " + "offers and subscriptions for readers. " * 3 for i in range(3)]
    assert reconcile(top, ARTICLE) == top
    assert reconcile(top, ARTICLE, backbone_misplaced=True) == ARTICLE


def test_coverage_counts_characters_in_shared_paragraphs() -> None:
    assert coverage(ARTICLE, ARTICLE) == 1.0
    assert coverage(MENU, ARTICLE) == 0.0
    assert 0.4 < coverage(ARTICLE, ARTICLE[:3]) < 0.6


def test_a_tail_of_several_long_paragraphs_is_article_the_witness_cut_short() -> None:
    teasers = [" ".join(f"tease{i}x{j}" for j in range(8)) for i in range(6)]
    assert reconcile([*ARTICLE, *teasers], ARTICLE) == ARTICLE
    more = [" ".join(f"late{i}x{j}" for j in range(40)) + "." for i in range(4)]
    assert reconcile([*ARTICLE, *more], ARTICLE[:4] + ARTICLE[4:]) == [*ARTICLE, *more]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from("abcdexy"), max_size=7).map(" ".join), max_size=6))
def test_a_candidates_shingles_are_those_of_its_words_in_one_run(paras):
    # Built from each paragraph's cached shingles plus those across paragraph boundaries.
    words = [w for p in paras for w in _words(p)]
    assert _Other(paras).shingles == _shingle_set(words)


def _shared_by_shingles(paras, other_paras):
    """_shared as it was: every paragraph looked up by its shingles (its words in a row
    when it has fewer than four) in the other candidate's."""
    words = [w for p in other_paras for w in _words(p)]
    run, shingles = f" {' '.join(words)} ", _shingle_set(words)
    flags = []
    for p in paras:
        ws = _words(p)
        if len(ws) < SHINGLE:
            flags.append(bool(ws) and f" {' '.join(ws)} " in run)
            continue
        s = _para_shingles(p)
        flags.append(len(s & shingles) >= _SHARED * len(s))
    return flags


_PARA = st.lists(st.sampled_from(["a", "b", "c", "d", "e", "x", "y", "--", "é"]), max_size=9).map(
    " ".join
)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(_PARA, max_size=6),
    st.lists(_PARA, max_size=6),
    st.sampled_from([0, 5, consensus._SEARCH_BUDGET]),
    st.data(),
)
def test_a_paragraph_is_shared_as_its_shingles_say(paras, others, budget, data):
    # Paragraphs the other candidate holds as they are, or whose words run on in it, are
    # shared without their shingles being looked up; the others' shingles are looked for
    # in its run of words until the budget is spent, then in its shingle set.
    paras = paras + data.draw(st.lists(st.sampled_from(others), max_size=3)) if others else paras
    expected = _shared_by_shingles(paras, others)
    assert _shared(paras, _other(tuple(others))) == expected
    default = consensus._SEARCH_BUDGET
    consensus._SEARCH_BUDGET = budget
    try:
        assert _shared(paras, _Other(others)) == expected
    finally:
        consensus._SEARCH_BUDGET = default
