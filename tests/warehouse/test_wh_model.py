"""Model completeness: enrichment child tables, comments everywhere, views, search upkeep."""

from __future__ import annotations

import duckdb

from warehouse import query

ENRICH = {
    "provinces": ["Cần Thơ"],
    "province_mentions": [
        {
            "as_written": "tỉnh Hậu Giang",
            "current_code": "92",
            "current_name": "Cần Thơ",
            "former_code": "93",
            "former_name": "Hậu Giang",
            "count": 4,
        }
    ],
    "persons": [
        {
            "name": "Huỳnh Văn Thới",
            "titles": ["PGS.", "TS."],
            "role": "Phó Giám đốc",
            "organisation": "Phân viện Học viện Hành chính Quốc gia",
            "mentions": 2,
        },
        {"name": "Lê Văn B", "titles": [], "role": None, "organisation": None, "mentions": 1},
    ],
    "event": {
        "type": "hội thảo khoa học",
        "date": "2022-03-18",
        "date_end": None,
        "topic": "Nâng cao chất lượng cán bộ cấp cơ sở",
        "organisers": ["Sở Nội vụ tỉnh Hậu Giang"],
        "co_organisers": [],
        "place": "Vị Thanh",
        "format": "hybrid",
        "counts": {"guests": 80, "papers": 21, "opinions": None},
    },
    "event_date": "2022-03-18",
    "topics": ["cadre_quality", "grassroots_government"],
}


def rows(db, sql):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def scalar(db, sql):
    return rows(db, sql)[0][0]


def test_enrichment_keys_fill_the_child_tables(load, wh, db_path):
    load(wh.R1, [wh.article(1, **ENRICH), wh.article(2)])
    a1 = wh.article(1)["article_id"]
    assert rows(db_path, "SELECT * FROM article_provinces ORDER BY article_id, position") == [
        (a1, 1, "tỉnh Hậu Giang", "92", "Cần Thơ", "93", "Hậu Giang", 4),
        # article 2 has only the plain names list (an older cleaner)
        (wh.article(2)["article_id"], 1, "Cần Thơ", "92", "Cần Thơ", None, None, None),
    ]
    persons = rows(
        db_path,
        "SELECT name, titles, role, mentions FROM article_persons"
        f" WHERE article_id = '{a1}' ORDER BY position",
    )
    assert persons == [
        ("Huỳnh Văn Thới", ["PGS.", "TS."], "Phó Giám đốc", 2),
        ("Lê Văn B", [], None, 1),
    ]
    # the fixture's old-style {"name", "title"} persons still load
    assert rows(db_path, "SELECT titles FROM article_persons WHERE name = 'Nguyễn Văn A'") == [
        (["Chủ tịch"],)
    ]
    ev = rows(db_path, "SELECT event_type, event_date, format, guests, papers FROM v_events")
    assert sorted(ev, key=str) == sorted(
        [
            ("hội thảo khoa học", __import__("datetime").date(2022, 3, 18), "hybrid", 80, 21),
            (None, __import__("datetime").date(2025, 7, 1), None, None, None),
        ],
        key=str,
    )
    assert rows(db_path, "SELECT topic FROM article_topics ORDER BY topic") == [
        ("cadre_quality",),
        ("grassroots_government",),
    ]
    assert rows(db_path, "SELECT count(*) FROM images") == [(2,)]


def test_children_follow_the_latest_fetch_and_tolerate_missing_keys(load, wh, db_path):
    load(wh.R1, [wh.article(1, **ENRICH)])
    bare = wh.article(1, wh.R2, body="Sửa.", topics=None, event=None, event_date=None, persons=None)
    bare.pop("province_mentions", None)
    del bare["images"]
    load(wh.R2, [bare])
    assert rows(db_path, "SELECT count(*) FROM article_topics") == [(0,)]
    assert rows(db_path, "SELECT count(*) FROM events") == [(0,)]
    assert rows(db_path, "SELECT count(*) FROM article_persons") == [(0,)]
    assert rows(db_path, "SELECT count(*) FROM images") == [(0,)]
    assert rows(db_path, "SELECT province_name, mentions FROM article_provinces") == [
        ("Cần Thơ", None)
    ]
    # an old run loaded late does not bring its children back
    load(wh.R1, [wh.article(1, **ENRICH)])
    assert rows(db_path, "SELECT count(*) FROM article_topics") == [(0,)]


def test_every_table_view_and_column_has_a_comment(load, wh, db_path):
    load(wh.R1, [wh.article(1, **ENRICH)])
    missing = rows(
        db_path,
        """
        SELECT table_name, NULL FROM duckdb_tables()
        WHERE schema_name = 'main' AND NOT internal AND (comment IS NULL OR comment = '')
        UNION ALL
        SELECT view_name, NULL FROM duckdb_views()
        WHERE schema_name = 'main' AND NOT internal AND (comment IS NULL OR comment = '')
        UNION ALL
        SELECT table_name, column_name FROM duckdb_columns()
        WHERE schema_name = 'main' AND NOT internal AND database_name = current_database()
          AND (comment IS NULL OR comment = '')
        """,
    )
    assert missing == []
    tables = {r[0] for r in rows(db_path, "SELECT table_name FROM duckdb_tables()")}
    assert {"images", "article_provinces", "article_persons", "events", "article_topics"} <= tables
    views = {r[0] for r in rows(db_path, "SELECT view_name FROM duckdb_views() WHERE NOT internal")}
    assert {"v_articles", "v_daily_counts", "v_site_health", "v_events"} <= views


def test_search_index_is_updated_only_for_changed_text(load, wh, db_path):
    from warehouse.search import build_search_index

    load(wh.R1, [wh.article(1, title="Ủy ban nhân dân"), wh.article(2, title="Thời tiết")])

    def state():
        got = rows(db_path, "SELECT part, built_at, documents FROM search_index_state ORDER BY 1")
        return {part: rest for part, *rest in got}

    def docs():
        return rows(db_path, "SELECT article_id, doc_id FROM search_docs ORDER BY 1")

    before, docs_before = state(), docs()
    assert sorted(before) == ["sorted", "tier"]
    res = load(wh.R1, [wh.article(1, title="Ủy ban nhân dân"), wh.article(2, title="Thời tiết")])
    assert res.search_action == "none"
    assert state() == before and docs() == docs_before  # reload: index untouched
    res = load(wh.R2, [wh.article(3, wh.R2, title="Đường giao thông nông thôn")])
    assert res.search_action == "append"
    after = state()
    assert after["sorted"] == before["sorted"]  # sorted part and tier untouched
    assert after["tier"] == before["tier"]
    assert after["appended"][1] == 1  # the new article appended
    assert docs()[:2] == docs_before  # the others keep their postings
    hits = query.search(db_path, "duong giao thong nong thon")
    assert hits[0]["article_id"] == wh.article(3)["article_id"]
    # an article whose text changed is found by its new text only
    load(wh.R2, [wh.article(1, wh.R2, title="Hội đồng", body="Kỳ họp thứ nhất.")])
    assert scalar(db_path, "SELECT count(*) FROM search_dead") == 1
    assert wh.article(1)["article_id"] not in {
        h["article_id"] for h in query.search(db_path, "uy ban")
    }
    assert query.search(db_path, "hoi dong")[0]["article_id"] == wh.article(1)["article_id"]
    with duckdb.connect(str(db_path)) as con:
        assert build_search_index(con) == "none"
        assert build_search_index(con, full=True) == "full"
        assert con.execute("SELECT count(*) FROM search_dead").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM search_articles('hoi dong')").fetchone()[0] == 1


def test_search_compaction_keeps_results(load, wh, db_path, monkeypatch):
    import warehouse.search as search

    arts = [wh.article(i, title=f"Ủy ban số {i}") for i in range(1, 9)]
    load(wh.R1, arts)
    first = query.search(db_path, "uy ban so 3", limit=50)
    monkeypatch.setattr(search, "APPENDED_MIN_DOCS", 0)
    res = load(wh.R2, [wh.article(3, wh.R2, title="Hội đồng thành phố", body="Kỳ họp.")])
    assert res.search_action == "compact"
    assert rows(db_path, "SELECT part FROM search_index_state ORDER BY 1") == [
        ("sorted",),
        ("tier",),
    ]
    assert scalar(db_path, "SELECT count(*) FROM search_dead") == 0
    assert scalar(db_path, "SELECT count(DISTINCT doc_id) FROM search_postings") == 8
    after = query.search(db_path, "uy ban so 3", limit=50)
    assert wh.article(3)["article_id"] not in {h["article_id"] for h in after}
    assert len(after) == len(first) - 1
    assert query.search(db_path, "hoi dong")[0]["article_id"] == wh.article(3)["article_id"]


def test_search_ranks_like_fts_bm25(load, wh, db_path):
    """Scores equal the fts extension's match_bm25 over the same folded text."""
    from warehouse.search import load_fts

    arts = [
        wh.article(1, title="Ủy ban nhân dân tỉnh", body="Uỷ ban họp. Ủy ban kết luận."),
        wh.article(2, title="Hội đồng nhân dân", body="Đường giao thông nông thôn."),
        wh.article(3, title="Thời tiết", body="Mưa rào ở Cần Thơ, ủy ban cảnh báo."),
    ]
    load(wh.R1, arts)
    q = "Ủy ban nhân dân"
    ours = {h["article_id"]: h["score"] for h in query.search(db_path, q)}
    with duckdb.connect() as con:
        load_fts(con)
        con.execute(f"ATTACH '{db_path}' AS w (READ_ONLY)")
        con.execute("CREATE TABLE t AS SELECT article_id, search_key FROM w.articles")
        con.execute(
            "PRAGMA create_fts_index('t', 'article_id', 'search_key', stemmer = 'none', "
            "stopwords = 'none', ignore = '(\\.|[^a-z0-9])+', strip_accents = 0, lower = 0)"
        )
        ref = dict(
            con.execute(
                "SELECT article_id, fts_main_t.match_bm25(article_id, 'uy ban nhan dan') AS s "
                "FROM t WHERE s IS NOT NULL"
            ).fetchall()
        )
    assert ours.keys() == ref.keys()
    for k, v in ref.items():
        assert abs(ours[k] - v) < 1e-9, (k, ours[k], v)


def test_old_file_with_indexed_keys_is_migrated(load, wh, db_path):
    """A file made when the big tables had PRIMARY KEYs loses the index, keeps its rows."""
    load(wh.R1, [wh.article(1), wh.article(2)])
    with duckdb.connect(str(db_path)) as con:
        before = con.execute("SELECT * FROM articles ORDER BY article_id").fetchall()
        # rebuild articles as the old schema had it: with a PRIMARY KEY
        con.execute("CREATE TABLE old_articles AS FROM articles")
        con.execute("DROP TABLE articles")
        con.execute("CREATE TABLE articles AS FROM old_articles LIMIT 0")
        con.execute("DROP TABLE articles")
        ddl = con.execute(
            "SELECT sql FROM duckdb_tables() WHERE table_name = 'old_articles'"
        ).fetchone()[0]
        ddl = ddl.replace("old_articles", "articles").replace(
            "article_id VARCHAR", "article_id VARCHAR PRIMARY KEY", 1
        )
        con.execute(ddl)
        con.execute("INSERT INTO articles FROM old_articles")
        con.execute("DROP TABLE old_articles")
        con.execute("UPDATE schema_state SET value = 'old' WHERE key = 'schema_hash'")
        assert (
            con.execute(
                "SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'articles' "
                "AND constraint_type = 'PRIMARY KEY'"
            ).fetchone()[0]
            == 1
        )
    load(wh.R2, [wh.article(1, wh.R2), wh.article(3, wh.R2)])
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert (
            con.execute(
                "SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'articles' "
                "AND constraint_type = 'PRIMARY KEY'"
            ).fetchone()[0]
            == 0
        )
        ids = {r[0] for r in con.execute("SELECT article_id FROM articles").fetchall()}
        assert {r[0] for r in before} < ids and len(ids) == 3
        leftover = "SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '%__indexed'"
        assert con.execute(leftover).fetchone()[0] == 0
