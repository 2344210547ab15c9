"""Generic content finder for pages of no known CMS family: text density on the lxml tree.

Readability-style: every run of prose (a <p>, or text between <br>s in a <div>/<td>)
scores its block's parent (or the block itself when the text sits directly in a
container) and, at half weight, the next ancestor. The best-scoring container,
discounted by link density and by class/id names that mean navigation, comments or
related lists, is the article body. It works on table layouts and <br> soups that
trafilatura misses, and costs one pass over the tree.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from cleaning.htmltext import JUNK_TAGS, string_value

INLINE_TAGS = frozenset(
    "a abbr b bdi bdo big cite code data dfn em font i kbd label mark q s samp small span "
    "strike strong sub sup time tt u var wbr img br nobr".split()
)
# Blocks whose text is one paragraph: their score goes to the element that holds them.
PARAGRAPH_TAGS = frozenset("p h2 h3 h4 h5 h6 li blockquote pre dd dt figcaption".split())
_NEGATIVE = re.compile(
    r"comment|binh-?luan|y-?kien|footer|foot\b|menu|nav|sidebar|side-bar|related|lien-?quan|"
    r"tin-?khac|tinkhac|other|more|share|social|banner|ads?\b|advert|quang-?cao|widget|"
    r"breadcrumb|crumbs|tags?\b|tu-?khoa|header|masthead|copyright|popup|login|search|poll|"
    r"thong-?ke|truy-?cap|cot-?phai|right-?col|rightcol|box-?right|lienket|lien-?ket|weblink",
    re.I,
)
_POSITIVE = re.compile(
    r"article|content|noi-?dung|noidung|chi-?tiet|chitiet|detail|body|entry|post|main|"
    r"story|text|news-?content|baiviet|bai-?viet|tin-?noidung",
    re.I,
)
_MIN_CHUNK = 25
_JUNK = frozenset(JUNK_TAGS)


def _owner(el: HtmlElement) -> HtmlElement | None:
    while el is not None and isinstance(el.tag, str) and el.tag in INLINE_TAGS:
        el = el.getparent()
    return el


def _class_weight(el: HtmlElement) -> float:
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    if not names.strip():
        return 1.0
    w = 1.0
    if _NEGATIVE.search(names):
        w *= 0.3
    if _POSITIVE.search(names):
        w *= 1.4
    return w


def _link_density(el: HtmlElement) -> float:
    total = len(string_value(el).split())
    if not total:
        return 1.0
    links = sum(len(string_value(a).split()) for a in el.iter("a"))
    return links / total


def _chunk_score(raw: str) -> float:
    """What a text chunk adds to its container: 0 when it is shorter than _MIN_CHUNK once
    its whitespace is collapsed, else 1, plus its commas, plus its length in hundreds of
    characters (up to 3)."""
    if len(raw) < _MIN_CHUNK:
        return 0.0  # collapsing its whitespace cannot make it longer
    text = " ".join(raw.split())
    if len(text) < _MIN_CHUNK:
        return 0.0
    return 1.0 + text.count(",") + min(len(text) / 100.0, 3.0)


def _page_discount(el: HtmlElement) -> float:
    # The whole page (html, body) holds every block: it wins only by twice the score.
    return 0.5 if el.tag in ("html", "body") else 1.0


def find_content(doc: HtmlElement) -> HtmlElement | None:
    """The element that most likely holds the article text, or None."""
    # 1. Text chunks per owning block (inline tags belong to their block; <br> splits).
    chunks: dict[HtmlElement, list[str]] = {}
    # One pass over every element of the page: the helpers are inlined (this loop is a
    # tenth of a generic page's extraction time).
    junk, inline = _JUNK, INLINE_TAGS
    for el in doc.iter():
        tag = el.tag
        if not isinstance(tag, str) or tag in junk:
            continue
        if tag == "br":
            text, new = el.tail, True
        else:
            own = el.text  # read once: lxml decodes the text on every access
            if own:
                owner = el
                if tag in inline:
                    while owner is not None and owner.tag in inline:
                        owner = owner.getparent()
                if owner is not None:
                    parts = chunks.get(owner)
                    if parts is None:
                        chunks[owner] = [own]
                    else:
                        parts[-1] += own
            text, new = el.tail, tag not in inline
        if not text:
            continue
        owner = el.getparent()
        # (a parent is always an element: no test of its tag's type)
        while owner is not None and owner.tag in inline:
            owner = owner.getparent()
        if owner is None:
            continue
        parts = chunks.get(owner)
        if parts is None:
            chunks[owner] = ["", text] if new else [text]
        elif new:
            parts.append(text)
        else:
            parts[-1] += text
    # 2. Scores to containers.
    scores: dict[HtmlElement, float] = {}
    for owner, parts in chunks.items():
        for raw in parts:
            s = _chunk_score(raw)
            if not s:
                continue
            if owner.tag in PARAGRAPH_TAGS:
                target = owner.getparent()
            else:
                target = owner
            if target is None:
                continue
            scores[target] = scores.get(target, 0.0) + s
            up = target.getparent()
            if up is not None:
                scores[up] = scores.get(up, 0.0) + s / 2
    return _best_container(scores)


def _best_container(scores: dict[HtmlElement, float]) -> HtmlElement | None:
    """3. Of the best-scored containers, the best once class names and link density have
    weighed their scores (they decide between close scores)."""
    best, best_score = None, 0.0
    for el, s in sorted(scores.items(), key=lambda kv: -kv[1])[:8]:
        s *= _page_discount(el)
        weight = _class_weight(el)
        if s * weight <= best_score:
            # Its link density (at least 0) cannot lift it above the best: not computed
            # (the link text of a large container is the costly part of this step).
            continue
        s *= weight * (1.0 - _link_density(el))
        if s > best_score:
            best, best_score = el, s
    return best


def _owned_text_exceeds(owner: HtmlElement, limit: int) -> bool:
    """Whether the text find_content gives `owner` (its own text, its children's tails, the
    text of the inline elements inside it) may hold a chunk of more than `limit` characters
    once whitespace is collapsed: False when the pieces' stripped lengths, a joining space
    each, stay within it (a chunk is some of those pieces joined)."""
    total = -1
    pending = [owner]  # the owner, then inline elements whose text is the owner's
    while pending:
        el = pending.pop()
        if el.text and (piece := el.text.strip()):
            total += len(piece) + 1
        for child in el:
            if child.tail and (piece := child.tail.strip()):
                total += len(piece) + 1
            if child.tag in INLINE_TAGS:
                pending.append(child)
        if total > limit:
            return True
    return False


def may_score(el: HtmlElement) -> bool:
    """False when find_content certainly gives `el` no score: no text chunk of _MIN_CHUNK
    characters can score it or a child of it. A chunk scores its owner (the nearest block
    around the text), or the owner's parent when the owner is a paragraph, and half of that
    to the next ancestor; so only el, its block children and its children's paragraphs can
    own one. A bound on their texts' lengths, cheaper than local_score's chunks."""
    limit = _MIN_CHUNK - 1
    if el.tag not in INLINE_TAGS and el.tag not in PARAGRAPH_TAGS:
        if _owned_text_exceeds(el, limit):
            return True
    for child in el:
        if not isinstance(child.tag, str):
            continue
        if child.tag not in INLINE_TAGS and _owned_text_exceeds(child, limit):
            return True
        for grandchild in child:
            if grandchild.tag in PARAGRAPH_TAGS and _owned_text_exceeds(grandchild, limit):
                return True
    return False


def _owner_chunks(owner: HtmlElement) -> list[str]:
    """The text chunks find_content gives `owner`, as its pass over the page builds them:
    its own text, then each element under it in page order whose text or tail is the
    owner's (inline elements and their tails, block children's tails), an element's tail
    before what lies inside it; a <br> or a block's tail starts a new chunk."""
    parts: list[str] = []
    if owner.text and owner.tag not in _JUNK:
        parts.append(owner.text)
    # Elements whose text and tail may be the owner's: its children, and the children of
    # inline elements among them (a block under them owns its own text).
    pending = list(reversed(owner))
    while pending:
        el = pending.pop()
        tag = el.tag
        if not isinstance(tag, str) or tag in _JUNK:
            continue
        inline = tag in INLINE_TAGS
        if tag == "br":
            tail, new = el.tail, True
        else:
            if inline and el.text:
                if parts:
                    parts[-1] += el.text
                else:
                    parts.append(el.text)
            tail, new = el.tail, not inline
        if tail:
            if not parts:
                parts.extend(["", tail] if new else [tail])
            elif new:
                parts.append(tail)
            else:
                parts[-1] += tail
        if inline:
            pending.extend(reversed(el))
    return parts


def _chunk_scores(owner: HtmlElement, known: dict) -> list[float]:
    """The score each chunk of `owner` gives (find_content's step 2), kept in `known`."""
    if (got := known.get(owner)) is not None:
        return got
    out = known[owner] = [s for raw in _owner_chunks(owner) if (s := _chunk_score(raw))]
    return out


def local_score(el: HtmlElement, known: dict | None = None) -> float:
    """find_content's score of `el` (before weighing), from the chunks that can score it:
    those of el itself, in full, and of its paragraphs; at half weight, those of its block
    children and of their paragraphs. Read without the walk of the page (the sum may
    differ from the walk's in the last bits: another order of additions). `known` keeps
    the chunk scores of owners read before (an element and its container share some)."""
    known = {} if known is None else known
    full: list[float] = []
    half: list[float] = []
    if el.tag not in INLINE_TAGS and el.tag not in PARAGRAPH_TAGS:
        full += _chunk_scores(el, known)
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag in PARAGRAPH_TAGS:
            full += _chunk_scores(child, known)
        elif tag not in INLINE_TAGS:
            half += _chunk_scores(child, known)
        for grandchild in child:
            if grandchild.tag in PARAGRAPH_TAGS:
                half += _chunk_scores(grandchild, known)
    return sum(full) + sum(half) / 2


# Margin for comparing local_score's sums with the walk's (same terms, another order).
_SCORE_MARGIN = 1e-9


def cannot_choose(candidate: HtmlElement, rival: HtmlElement) -> bool:
    """True when find_content cannot choose `candidate` because of `rival`: the rival's
    score is higher (among the eight best-scored it comes first) and, weighed, higher than
    the candidate's could be (its class weight; its link density at best none)."""
    known: dict = {}
    score = local_score(candidate, known)
    if score <= 0.0:
        return True  # not scored: never chosen
    rival_score = local_score(rival, known)
    if rival_score <= score * (1 + _SCORE_MARGIN) + _SCORE_MARGIN:
        return False
    best_possible = score * _page_discount(candidate) * _class_weight(candidate)
    rival_weighed = (
        rival_score * _page_discount(rival) * _class_weight(rival) * (1.0 - _link_density(rival))
    )
    return rival_weighed > best_possible * (1 + _SCORE_MARGIN) + _SCORE_MARGIN


# The article continues in repeated containers (one per section, split by ads, inline
# boxes or newsletter forms): those of the densest block's tag and class within this many
# levels above it, holding prose rather than links.
_PART_LEVELS = 3
_PART_MIN = 200
_PART_LINKS = 0.3


def article_parts(el: HtmlElement) -> list[HtmlElement]:
    """The densest block and its continuations in page order: elements of its tag and
    class near it (not around it, not inside it) that hold prose."""
    cls = el.get("class")
    if not cls or not cls.strip():
        return [el]
    top = el
    for _ in range(_PART_LEVELS):
        up = top.getparent()
        if up is None or up.tag in ("html", "body"):
            break
        top = up
    around = set(el.iterancestors())
    parts: list[HtmlElement] = []
    for cand in top.iter(el.tag):
        if cand.get("class") != cls or cand in around:
            continue
        # Page order: an element inside an earlier part follows that part directly.
        if parts and parts[-1] in cand.iterancestors():
            continue
        if cand is el or (
            len(" ".join(string_value(cand).split())) >= _PART_MIN
            and _link_density(cand) < _PART_LINKS
        ):
            parts.append(cand)
    return parts
