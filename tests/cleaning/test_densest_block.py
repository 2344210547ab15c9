"""generic.find_content's last step skips the link density of a container whose score
cannot beat the best one whatever its density: it must choose what weighing every one of
the best-scored containers chooses."""

from __future__ import annotations

import lxml.html
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaning.generic import _best_container, _class_weight, _link_density


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
