"""Topic tags from the rule set in data/topics.yaml (see the comments there).

Each topic lists phrases; text is folded (lower case, no diacritics, đ -> d) and each
phrase occurrence scores 1 in the body and `title_weight` in the title; a topic whose
score reaches `min_score` is tagged. `topic_scores` shows the arithmetic, for analysts
checking why an article was (not) tagged.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from cleaning.text import literal_alternation, matches_not_after, search_key

RULES_PATH = Path(__file__).parent / "data" / "topics.yaml"


@lru_cache(maxsize=4)
def load_rules(path: Path = RULES_PATH) -> tuple[int, int, tuple[dict, ...]]:
    # libyaml when the wheel has it: 0.7 ms instead of 13 ms of every process's start-up
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=loader)
    tw, ms = int(data.get("title_weight", 3)), int(data.get("min_score", 3))
    topics = []
    for t in data["topics"]:
        phrases = [search_key(p) for p in t.get("phrases", [])]
        # Not after a word character: tested in _count, not by a look-behind here, which
        # would keep the engine from skipping to the phrases' first letters.
        rx = re.compile(literal_alternation(phrases) + r"(?![\w])")
        excl = [search_key(p) for p in t.get("exclude", [])]
        topics.append(
            {
                "id": t["id"],
                "rx": rx,
                "exclude": excl,
                "title_weight": int(t.get("title_weight", tw)),
                "min_score": int(t.get("min_score", ms)),
            }
        )
    return tw, ms, tuple(topics)


def _count(rx: re.Pattern, text: str, exclude: list[str], enough: int | None = None) -> int:
    r"""rx's matches that do not follow a word character (what a (?<![\w]) look-behind
    would count), the exclusions blanked first; counting stops at `enough` when given."""
    for e in exclude:
        text = text.replace(e, " ")
    n = 0
    for _ in matches_not_after(rx, text):
        n += 1
        if n == enough:
            break
    return n


def _score(t: dict, body: str, head: str, enough: int | None = None) -> int:
    """A topic's score: its matches in the body, and title_weight times those in the title;
    the body is read only as far as the score still falls short of `enough` when given."""
    score = t["title_weight"] * _count(t["rx"], head, t["exclude"])
    if enough is not None and score >= enough:
        return score
    rest = None if enough is None else enough - score
    return score + _count(t["rx"], body, t["exclude"], rest)


def topic_scores(text: str, title: str | None = None, path: Path = RULES_PATH) -> dict[str, int]:
    """Score per topic id."""
    _, _, topics = load_rules(path)
    body, head = search_key(text or ""), search_key(title or "")
    return {t["id"]: _score(t, body, head) for t in topics}


def find_topics(text: str, title: str | None = None, path: Path = RULES_PATH) -> list[str]:
    """Topic ids (in the file's order) whose score reaches their min_score (the body read
    only as far as the title leaves the score short of it)."""
    _, _, topics = load_rules(path)
    body, head = search_key(text or ""), search_key(title or "")
    return [t["id"] for t in topics if _score(t, body, head, t["min_score"]) >= t["min_score"]]
