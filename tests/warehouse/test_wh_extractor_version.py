"""extractor_version through the merge: on every article version, on the article row,
in v_articles; an extraction of the same fetch by a newer extractor confirms the row
(same content) or restates it (other content or observations), never a new version."""

from __future__ import annotations

from pathlib import Path

import duckdb


def rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_extractor_version_is_kept_per_version_and_per_article(load, wh, db_path):
    a1, a2 = (
        wh.article(1, extractor_version="0.1.0+aaa"),
        wh.article(2, extractor_version="0.1.0+aaa"),
    )
    load(wh.R1, [a1, a2])
    assert rows(db_path, "SELECT DISTINCT extractor_version FROM article_versions") == [
        ("0.1.0+aaa",)
    ]
    assert rows(db_path, "SELECT DISTINCT extractor_version FROM v_articles") == [("0.1.0+aaa",)]

    # the same fetch extracted again by a newer extractor (provnews reprocess):
    # article 1 comes out the same, article 2 with other persons (an observation)
    persons = [{"name": "Trần Thị B", "title": "Phó Chủ tịch"}]
    load(wh.R1, [{**a1, "extractor_version": "0.1.0+bbb"},
                 {**a2, "extractor_version": "0.1.0+bbb", "persons": persons}])  # fmt: skip
    assert rows(db_path, "SELECT version, extractor_version FROM articles ORDER BY article_id") == [
        (1, "0.1.0+bbb"),
        (1, "0.1.0+bbb"),
    ]
    # the version rows still name the extractor that produced their content
    assert rows(db_path, "SELECT count(*), max(extractor_version) FROM article_versions") == [
        (2, "0.1.0+aaa")
    ]
    assert rows(
        db_path, f"SELECT name FROM article_persons WHERE article_id = '{a2['article_id']}'"
    ) == [("Trần Thị B",)]

    # other content from the same fetch: the version is corrected in place
    load(wh.R1, [wh.article(1, extractor_version="0.1.0+ccc", body="Thân bài đúng hơn.")])
    assert rows(
        db_path,
        f"SELECT version, body, extractor_version FROM article_versions "
        f"WHERE article_id = '{a1['article_id']}'",
    ) == [(1, "Thân bài đúng hơn.", "0.1.0+ccc")]

    # a newer night: its extractor on the rows it saw again
    load(wh.R2, [wh.article(2, wh.R2, extractor_version="0.1.0+ddd", persons=persons)])
    assert rows(
        db_path,
        f"SELECT version, extractor_version FROM articles WHERE article_id = '{a2['article_id']}'",
    ) == [(1, "0.1.0+ddd")]


def test_rows_without_an_extractor_version_load(load, wh, db_path):
    load(wh.R1, [wh.article(1)])  # clean output of a cleaner from before the column
    assert rows(db_path, "SELECT extractor_version FROM articles") == [(None,)]
