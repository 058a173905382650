"""Synonyms and split words on both search backends, over the small fixture index plus one seat recall.

The seat recall is NHTSA 21V156000 (content/recalls/nhtsa/21V156000.md): its
component, ``SEATS:MID/REAR ASSEMBLY:HEAD RESTRAINT``, is the only place
"rear" appears, which PostgreSQL's parser used to read as one path-like word.
"""

from __future__ import annotations

from datetime import date

import pytest

from indexer.search_index import iter_documents, write_index
from portal.db import content as c
from portal.db.engine import content_engine, create_content_tables, session_factory
from portal.search import WhooshSearch
from portal.search.synonyms import SynonymError, expand, parse, table
from tests.test_search_backend import _recall, fixture_rows


def _seat_recall():
    return _recall(
        "21V156000", "bmw", "NHTSA", ("BMW X5, X5 Hybrid and 2 more — Seats: head restraint",
                                      "宝马 X5、X5 Hybrid等4款车型 — 座椅：中后部总成：头枕"),
        [("x5", 2021)], component="SEATS:MID/REAR ASSEMBLY:HEAD RESTRAINT", report_date=date(2021, 3, 10),
        remedy_type="dealer",
        summary_en="The head restraints on the second-row outer seats may be the incorrect type for the vehicle.",
        consequence_en="In the event of a crash, the head restraints could detach, and increase the risk of injury.",
    )


@pytest.fixture(scope="module")
def session():
    engine = content_engine("sqlite://")
    create_content_tables(engine)
    with session_factory(engine)() as session:
        rows = list(fixture_rows()) + [c.Make(slug="bmw", name_en="BMW", name_zh="宝马"),
                                       c.Model(make_slug="bmw", slug="x5", name_en="X5", name_zh="X5"),
                                       _seat_recall()]
        session.add_all(rows)
        session.flush()
        for row in rows:
            for recall_id in getattr(row, "remedy_links", ()):
                session.add(c.ReleaseRemedy(release_id=row.id, recall_id=recall_id))
        session.commit()
        yield session


@pytest.fixture(scope="module")
def whoosh_search(session, tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("index")
    write_index(index_dir, session)
    return WhooshSearch(index_dir)


@pytest.fixture(scope="module")
def postgres_search(session):
    import secrets

    from sqlalchemy import create_engine, text

    from indexer.search_tables import write_search_tables
    from portal.search.postgres import PostgresSearch
    from tests.support.requirements import require_postgres

    engine = create_engine(require_postgres())
    schema = f"test_synonyms_{secrets.token_hex(4)}"
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        write_search_tables(engine, schema, iter_documents(session))
        yield PostgresSearch(engine, schema)
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


@pytest.fixture(scope="module", params=["whoosh", pytest.param("postgres", marks=pytest.mark.postgres)])
def search(request):
    return request.getfixturevalue(f"{request.param}_search")


def refs(result):
    return [hit.ref for hit in result.hits]


@pytest.mark.parametrize("query", ["rear", "mid", "mid/rear", "SEATS:MID/REAR", "rear seats", "Seats: mid/rear"])
def test_slash_and_colon_split_words(search, query):
    assert "21V156000" in refs(search.search(query, {}, 1))


@pytest.mark.parametrize("query, lang, expected", [
    ("刹车", "zh", "24V051000"),  # the notice says 制动
    ("刹车警告", "zh", "24V051000"),  # inside a longer typed word
    ("autopilot", "en", "23V838000"),  # the notice says Autosteer
    ("自动驾驶", "zh", "S2025M0149I"),  # the notice says 辅助驾驶
    ("backup camera", "en", "24V801000"),  # the notice says rearview camera
    ("rear camera", "en", "24V801000"),
    ("倒车影像", "zh", "24V801000"),  # the notice says 后视摄像头
    ("braking", "en", "24V051000"),  # the notice says brake: one stem
])
def test_synonyms_find_the_record(search, query, lang, expected):
    assert expected in refs(search.search(query, {}, 1, lang=lang))


def test_autopilot_recall_ranks_the_autosteer_recall_first(search):
    assert refs(search.search("Autopilot recall", {}, 1))[0] == "23V838000"


def test_a_synonym_finds_what_its_partner_finds(search):
    assert set(refs(search.search("刹车", {}, 1))) == set(refs(search.search("制动", {}, 1)))
    assert set(refs(search.search("后视摄像头", {}, 1))) <= set(refs(search.search("倒车影像", {}, 1)))


def test_broader_terms_go_one_way(search):
    assert "23V838000" in refs(search.search("autopilot", {}, 1))
    assert expand("autosteer") == "autosteer"
    assert expand("辅助驾驶") == "辅助驾驶"


def test_synonym_matches_are_highlighted(search):
    hit = next(hit for hit in search.search("刹车", {}, 1, lang="zh").hits if hit.ref == "24V051000")
    assert "<mark>制动</mark>" in hit.snippet


@pytest.mark.parametrize("text, expanded", [
    ("刹车", "( 刹车 OR 制动 )"),
    ("特斯拉刹车", "( 特斯拉刹车 OR 特斯拉制动 )"),
    ("转向灯", "转向灯"),  # 转向 is not a word of 转向灯
    ("autopilot recall", "( autopilot OR autosteer ) recall"),
    ("Brakes", "Brakes"),  # stemming already makes brakes and braking one word
    ("Seat Belts", "( Seat Belts OR seatbelt )"),
    ("rear camera", '( rear camera OR "rearview camera" OR "rear view camera" OR "backup camera" )'),
    ('"rear camera"', '"rear camera"'),  # a quoted phrase is left as typed
    ("seat belt OR door", '( seat belt OR seatbelt ) OR door'),
    ('"unclosed autosteer', '"unclosed autosteer'),
    ("NOT NOT", "NOT NOT"),
    ("", ""),
])
def test_expand(text, expanded):
    assert expand(text) == expanded


@pytest.mark.parametrize("data, message", [
    ([], "expected the keys"),
    ({"equivalent": [["a"], "b"]}, "equivalent entry 2"),
    ({"equivalent": [[""]]}, "equivalent entry 1"),
    ({"broader": {"a": "b"}}, "broader entry 'a'"),
    ({"broader": ["a"]}, "'broader' must map"),
    ({"equivalent": [["one two three four five"]]}, "1 to 4 words"),
    ({"synonyms": []}, "expected the keys"),
])
def test_malformed_tables_name_the_entry(data, message):
    with pytest.raises(SynonymError, match=message):
        parse(data)


def test_shipped_table_loads_as_package_data():
    shipped = table()
    assert "制动" in shipped.cjk["刹车"] and "autosteer" in shipped.latin[("autopilot",)]
