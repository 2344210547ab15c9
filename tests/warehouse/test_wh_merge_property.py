"""Property: any sequence of loads gives the state of loading the final contents once.

Runs R0..R3 each see a subset of four articles, in one of three contents (edits),
so an article missing from later runs is a deletion from the site's listings.
Loads come in any order, with repeats. Whatever the sequence, the current content,
observations (views) and child rows of every article are those of the newest run
that saw it -- the same as one load of those final contents.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from warehouse.loader import load_run

RUNS = [f"2025070{d}T013000Z" for d in range(2, 6)]
FINAL = "20250709T013000Z"
CONTENT = [
    {},
    {"body": "Nội dung đã sửa lần một.", "topics": ["cadre_quality"]},
    {"title": "Tiêu đề mới", "persons": [{"name": "Trần Thị C", "titles": ["TS."]}]},
]

# run index -> {article n: content variant}
run_contents = st.lists(
    st.dictionaries(st.integers(1, 4), st.integers(0, 2), max_size=4), min_size=4, max_size=4
)
orders = st.lists(st.integers(0, 3), min_size=1, max_size=6)

COLS = {
    "articles": "article_id, canonical_url, site_id, title, body, author, published_at, "
    "views, content_hash, search_key, images, provinces, event_date",
    "images": "*",
    "article_provinces": "*",
    "article_persons": "*",
    "events": "*",
    "article_topics": "*",
}


def _row(wh, n: int, run_id: str, variant: int, views: int) -> dict:
    return wh.article(n, run_id, views=views, **CONTENT[variant])


def _load(wh, db: Path, root: Path, run_id: str, arts: list[dict]) -> None:
    clean = wh.write_clean(root, run_id, arts, wh.fetch_rows(arts, run_id))
    load_run(db, clean, wh.run_meta(run_id), wh.SITES, fts=False)


def _state(db: Path) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        out = {
            t: sorted(map(repr, con.execute(f"SELECT {c} FROM {t}").fetchall()))
            for t, c in COLS.items()
        }
        # versions are consistent with the current row
        bad = con.execute(
            """SELECT count(*) FROM articles a
               LEFT JOIN article_versions v ON v.article_id = a.article_id AND v.version = a.version
               WHERE v.content_hash IS DISTINCT FROM a.content_hash
                  OR a.version <> (SELECT max(version) FROM article_versions w
                                   WHERE w.article_id = a.article_id)"""
        ).fetchone()[0]
        assert bad == 0
        assert con.execute("SELECT * FROM v_key_violations").fetchall() == []
    return out


# an edit loaded late between two runs that agree, then a repeat of the oldest run
@example(contents=[{1: 0, 2: 1}, {1: 1}, {1: 0, 3: 2}, {}], order=[0, 2, 1, 0])
@settings(
    max_examples=int(os.environ.get("PN_MERGE_EXAMPLES", "6")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(contents=run_contents, order=orders)
def test_any_load_sequence_equals_loading_the_final_contents_once(
    wh, tmp_path_factory, contents, order
):
    root = tmp_path_factory.mktemp("prop")
    runs = {
        RUNS[i]: [_row(wh, n, RUNS[i], v, views=10 * i + n) for n, v in sorted(contents[i].items())]
        for i in range(4)
    }
    db = root / "seq.duckdb"
    loaded: set[str] = set()
    for i in order:
        _load(wh, db, root / "seq", RUNS[i], runs[RUNS[i]])
        loaded.add(RUNS[i])
    # reference: for each article, its row in the newest loaded run that saw it
    final: dict[int, dict] = {}
    for i in range(4):
        if RUNS[i] in loaded:
            for n, v in contents[i].items():
                final[n] = _row(wh, n, FINAL, v, views=10 * i + n)
    ref = root / "ref.duckdb"
    _load(wh, ref, root / "ref", FINAL, [final[n] for n in sorted(final)])
    assert _state(db) == _state(ref)
