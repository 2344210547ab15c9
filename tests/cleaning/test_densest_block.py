"""generic.find_content's last step skips the link density of a container whose score
cannot beat the best one whatever its density: it must choose what weighing every one of
the best-scored containers chooses."""

from __future__ import annotations

import lxml.html
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaning.generic import (
    _best_container,
    _class_weight,
    _link_density,
    cannot_choose,
    local_score,
    may_score,
)


def _weighing_every_container(scores):
    """The step as it was: every one of the eight best-scored containers weighed."""
    best, best_score = None, 0.0
    for el, s in sorted(scores.items(), key=lambda kv: -kv[1])[:8]:
        if el.tag in ("html", "body"):
            s *= 0.5
        s *= _class_weight(el) * (1.0 - _link_density(el))
        if s > best_score:
            best, best_score = el, s
    return best


_CLASSES = st.sampled_from(["", "content", "sidebar", "related content", "menu", "post", "x"])
_TEXT = st.sampled_from(["", "word", "two words", "a, b, c", "many more words here"])
_BLOCK = st.tuples(_CLASSES, _TEXT, _TEXT, st.booleans())
# Scores with ties and zeros: the sort keeps page order between equal scores.
_SCORE = st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.0, 3.25, 7.0]) | st.floats(0, 50)


@settings(max_examples=300, deadline=None)
@given(st.lists(_BLOCK, min_size=1, max_size=12), st.data())
def test_the_densest_block_is_the_one_weighing_every_container_gives(blocks, data):
    html = "".join(
        f'<div class="{cls}">{text}<p>{more}</p>{"<a>" + text + "</a>" if link else ""}</div>'
        for cls, text, more, link in blocks
    )
    doc = lxml.html.document_fromstring(f"<html><body>{html}</body></html>")
    elements = list(doc.iter())
    scores = {el: data.draw(_SCORE) for el in elements if data.draw(st.booleans())}
    assert _best_container(scores) is _weighing_every_container(scores)


# may_score: a local test that find_content gives an element no score. Trees of blocks,
# paragraphs, inline elements and <br>s whose texts sit around the 25-character chunk
# threshold, with white space (NBSP too) that the chunks collapse.
_PIECE = st.sampled_from(
    ["", " ", "\n  ", "short", "twelve chars", "a sentence of some thirty chars",
     "x" * 24, "y" * 25, "  padded  words  here  ", "\u00a0\u00a0nbsp\u00a0text\u00a0"]
)  # fmt: skip
_TAGS = st.sampled_from(["div", "section", "td", "h1", "p", "li", "h2", "span", "a", "b", "br"])


def _tree(depth: int) -> st.SearchStrategy[str]:
    leaf = _PIECE
    if depth == 0:
        return leaf
    node = st.tuples(_TAGS, _PIECE, st.lists(_tree(depth - 1), max_size=3), _PIECE).map(
        lambda t: f"<{t[0]}>{t[1]}{''.join(t[2])}</{t[0]}>{t[3]}"
    )
    return leaf | node


@settings(max_examples=400, deadline=None)
@given(st.lists(_tree(4), min_size=1, max_size=4))
def test_an_element_may_score_is_false_for_gets_no_score(parts):
    import cleaning.generic as generic

    doc = lxml.html.document_fromstring(f"<html><body><div>{''.join(parts)}</div></body></html>")
    seen: dict = {}
    real = generic._best_container
    generic._best_container = lambda scores: seen.update(scores) or real(scores)
    try:
        generic.find_content(doc)
    finally:
        generic._best_container = real
    for el in doc.iter():
        if isinstance(el.tag, str) and not generic.may_score(el):
            assert seen.get(el, 0.0) == 0.0, lxml.html.tostring(el)


def test_may_score_tells_layout_blocks_from_the_holders_of_prose():
    prose = "A paragraph of the article, long enough to be a chunk of prose."
    doc = lxml.html.document_fromstring(
        "<html><body><div id='page'>\n  <div id='col'>\n  <div id='article'>"
        f"<p>{prose}</p><p>{prose}</p></div>\n  </div>\n  <div id='side'>"
        f"<div><div><p>{prose}</p></div></div></div></div></body></html>"
    )
    page, col, article, side = map(doc.get_element_by_id, ("page", "col", "article", "side"))
    assert may_score(article)  # its paragraphs score it
    assert may_score(col)  # and half of that goes to the next block up
    assert not may_score(page)  # only blocks below it, white space between them
    assert not may_score(side)  # its prose is three levels down


# local_score and cannot_choose: find_content's score of an element read from its
# neighbourhood. Texts with commas and of every length around the chunk size and the
# 100-character steps of a chunk's score; inline elements, <br>s, paragraphs, comments and
# junk elements, classes that weigh a container up or down.
_PROSE = st.sampled_from(
    ["", " ", "\n ", "word", "x" * 24, "y" * 25, "a, b, c, d, e, f, g, h, i, j, k, l",
     "a sentence of prose, with a comma, long enough to score " * 3, "<!-- note -->",
     "<script>var a = 'many words of script text here';</script>"]
)  # fmt: skip
_SCORED_TAGS = st.sampled_from(
    ["div", "section", "td", "p", "li", "h2", "h1", "span", "a", "b", "br", "noscript"]
)
_CLASS = st.sampled_from(["", " class='content'", " class='sidebar'", " class='menu post'"])


def _scored_tree(depth: int) -> st.SearchStrategy[str]:
    if depth == 0:
        return _PROSE
    node = st.tuples(
        _SCORED_TAGS, _CLASS, _PROSE, st.lists(_scored_tree(depth - 1), max_size=3), _PROSE
    )
    return _PROSE | node.map(lambda t: f"<{t[0]}{t[1]}>{t[2]}{''.join(t[3])}</{t[0]}>{t[4]}")


def _page_scores(doc):
    import cleaning.generic as generic

    seen: dict = {}
    real = generic._best_container
    generic._best_container = lambda scores: seen.update(scores) or real(scores)
    try:
        chosen = generic.find_content(doc)
    finally:
        generic._best_container = real
    return seen, chosen


@settings(max_examples=400, deadline=None)
@given(st.lists(_scored_tree(4), min_size=1, max_size=5))
def test_local_score_is_the_score_the_walk_of_the_page_gives(parts):
    doc = lxml.html.document_fromstring(f"<html><body><div>{''.join(parts)}</div></body></html>")
    scores, chosen = _page_scores(doc)
    elements = [el for el in doc.iter() if isinstance(el.tag, str)]
    for el in elements:
        assert abs(local_score(el) - scores.get(el, 0.0)) <= 1e-9 * (1 + scores.get(el, 0.0))
    for candidate in elements:
        for rival in elements:
            if cannot_choose(candidate, rival):
                assert chosen is not candidate


def test_a_rival_outside_the_eight_best_scored_does_not_keep_a_container_from_being_chosen():
    # The container weighs little (a sidebar's class) but scores most; a rival that weighs
    # more scores less than eight others: only the eight best-scored are weighed, so the
    # container is chosen, and cannot_choose must not say otherwise.
    def block(cls: str, commas: int) -> str:
        text = ", ".join(["abcdefghij"] * (commas + 1)) + " " + "z" * 300
        return f"<section class='sidebar'><div class='{cls}'>{text}</div></section>"

    html = block("sidebar", 7) + block("menu", 6) * 8 + block("content", 5)
    doc = lxml.html.document_fromstring(f"<html><body>{html}</body></html>")
    divs = list(doc.iter("div"))
    container, rival = divs[0], divs[-1]
    scores, chosen = _page_scores(doc)
    assert chosen is container
    assert local_score(rival) * _class_weight(rival) > local_score(container) * _class_weight(
        container
    )
    assert not cannot_choose(container, rival)
