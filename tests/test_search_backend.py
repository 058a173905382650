"""Search over a small index built from realistic rows: recall, release, ids, facets, safety."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import select

from indexer.search_index import write_index
from portal.db import content as c
from portal.db.content import Recall, Release
from portal.db.engine import content_engine, create_content_tables, session_factory
from portal.search import PAGE_SIZE, NullSearch, WhooshSearch
from portal.search import backend as backend_module

MODELS = {
    ("tesla", "model-3"): ("Model 3", "Model 3"), ("tesla", "model-y"): ("Model Y", "Model Y"),
    ("tesla", "model-s"): ("Model S", "Model S"), ("ford", "explorer"): ("Explorer", "探险者"),
    ("xiaomi", "su7"): ("SU7", "SU7"),
}


def _recall(id, make, authority, title, vehicles, **text):
    row = c.Recall(
        id=id, authority=authority, make_slug=make, title_en=title[0], title_zh=title[1],
        market="US" if authority == "NHTSA" else "CN", remedy_type=text.pop("remedy_type", "ota"),
        remedy_type_basis="fixture", source_file=f"recalls/{authority.lower()}/{id}.md", **text,
    )
    row.vehicles = [c.RecallVehicle(make_slug=make, model_slug=m, year=y) for m, y in vehicles]
    return row


def fixture_rows():
    yield c.Make(slug="tesla", name_en="Tesla", name_zh="特斯拉")
    yield c.Make(slug="ford", name_en="Ford", name_zh="福特")
    yield c.Make(slug="xiaomi", name_en="Xiaomi", name_zh="小米")
    for (make, slug), (en, zh) in MODELS.items():
        yield c.Model(make_slug=make, slug=slug, name_en=en, name_zh=zh)
    yield _recall(
        "23V838000", "tesla", "NHTSA", ("Autosteer controls may not prevent misuse", "Autosteer 控制可能不足以防止误用"),
        [("model-3", 2022), ("model-3", 2023), ("model-y", 2023), ("model-s", 2023)],
        component="STEERING", report_date=date(2023, 12, 12), remedy_version="2023.44.30",
        summary_en="In certain circumstances when Autosteer is engaged, the prominence and scope of the "
                   "feature's controls may not be sufficient to prevent driver misuse of the SAE Level 2 "
                   "advanced driver-assistance feature.",
        consequence_en="Driver misuse of Autosteer may increase the risk of a crash.",
        remedy_en="Tesla will release an over-the-air (OTA) software remedy, free of charge.",
        summary_zh="在 Autosteer 启用的某些情况下，该功能控制的显著性和范围可能不足以防止驾驶员误用二级辅助驾驶功能。",
        remedy_zh="特斯拉将通过远程升级（OTA）免费推送软件补救。",
    )
    yield _recall(
        "24V051000", "tesla", "NHTSA", ("Warning light letters too small", "警告灯字体过小"),
        [("model-3", 2023), ("model-y", 2023)], component="ELECTRICAL SYSTEM", report_date=date(2024, 1, 26),
        summary_en="The brake, park and antilock brake warning indicators have a font size smaller than required.",
        remedy_en="Tesla will release an over-the-air (OTA) software update, free of charge.",
        summary_zh="制动、驻车和防抱死制动警告指示灯的字体小于规定尺寸。",
    )
    yield _recall(
        "24V801000", "ford", "NHTSA", ("Rearview camera image may not display", "后视摄像头图像可能无法显示"),
        [("explorer", 2020), ("explorer", 2021)], component="BACK OVER PREVENTION", report_date=date(2024, 10, 31),
        remedy_type="dealer",
        summary_en="The rearview camera image may delay or not display when the vehicle is in reverse.",
        consequence_en="A rearview camera that does not display an image reduces the driver's rear visibility, "
                       "increasing the risk of a crash.",
        remedy_en="Dealers will update the image processing module software, free of charge.",
        summary_zh="车辆挂入倒挡时，后视摄像头图像可能延迟显示或无法显示，降低驾驶员的后方视野，增加碰撞风险。",
    )
    yield _recall(
        "S2025M0149I", "xiaomi", "SAMR", ("SU7 highway assisted driving may not handle extreme scenarios",
                                          "SU7 高速领航辅助驾驶对极端场景处置可能不足"),
        [("su7", 2024), ("su7", 2025)], announce_date=date(2025, 9, 19), report_date=date(2025, 9, 19),
        summary_en="With L2 highway assisted driving engaged, recognition of extreme special scenarios may be "
                   "insufficient; without timely driver intervention the risk of a collision increases.",
        summary_zh="召回范围内部分车辆在L2高速领航辅助驾驶功能开启的某些情况下，对极端特殊场景的识别、预警或处置可能不足，"
                   "若驾驶员不及时干预可能会增加碰撞风险。",
        remedy_zh="小米汽车科技有限公司将通过汽车远程升级（OTA）技术，为召回范围内的车辆免费升级软件。",
    )
    yield _release(
        "tesla", "2023.44", ("Autosteer controls and alerts", "Autosteer 控制与提醒"), date(2023, 12, 12),
        "defect_recall", ["2023.44.30", "2023.44.30.14"], ["23V838000"], [("model-3", 2023), ("model-y", 2023)],
        summary=("Stricter Autosteer engagement and driver attention alerts.", "更严格的 Autosteer 启用条件与驾驶员注意力提醒。"),
        changes=[("restricted", "Autosteer suspends after repeated attention warnings.", "多次注意力警告后暂停 Autosteer。")],
        features=["Autosteer Suspension", "Visual Alerts"],
    )
    yield _release(
        "xiaomi", "1.10.0", ("Highway assisted driving update", "高速领航辅助驾驶升级"), date(2025, 9, 26),
        "defect_recall", ["1.10.0"], ["S2025M0149I"], [("su7", 2024), ("su7", 2025)],
        summary=("Better handling of extreme scenarios in highway assisted driving.", "优化辅助驾驶对极端场景的识别与处置。"),
        changes=[("improved", "Earlier warnings for stationary obstacles.", "更早提示静止障碍物。")],
        features=["高速领航辅助驾驶优化"],
    )


def _release(make, version, title, day, category, versions, remedies, models, summary, changes, features):
    row = c.Release(
        make_slug=make, version=version, version_key=version, title_en=title[0], title_zh=title[1],
        release_date=day, category=category, category_reason="fixture", summary_en=summary[0],
        summary_zh=summary[1], source_file=f"releases/{make}/{version}.md",
    )
    row.versions = [c.ReleaseVersion(make_slug=make, version=v, version_key=v) for v in versions]
    row.changes = [c.ReleaseChange(position=i, kind=k, text_en=en, text_zh=zh) for i, (k, en, zh) in enumerate(changes)]
    row.features = [c.ReleaseFeature(position=i, name=name) for i, name in enumerate(features)]
    row.models = [c.ReleaseModel(make_slug=make, model_slug=m, year=y) for m, y in models]
    row.remedy_links = remedies  # resolved after flush, see fixture_session
    return row


@pytest.fixture(scope="module")
def session():
    engine = content_engine("sqlite://")
    create_content_tables(engine)
    with session_factory(engine)() as session:
        rows = list(fixture_rows())
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
    assert write_index(index_dir, session) == 6
    return WhooshSearch(index_dir)


@pytest.fixture(scope="module")
def postgres_search(session):
    """The same documents in PostgreSQL search tables, in a schema of their own."""
    import secrets

    from sqlalchemy import create_engine, text

    from indexer.search_index import iter_documents
    from indexer.search_tables import write_search_tables
    from portal.search.postgres import PostgresSearch
    from tests.support.requirements import require_postgres

    engine = create_engine(require_postgres())
    schema = f"test_search_{secrets.token_hex(4)}"
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        assert write_search_tables(engine, schema, iter_documents(session)) == 6
        yield PostgresSearch(engine, schema)
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


@pytest.fixture(scope="module", params=["whoosh", pytest.param("postgres", marks=pytest.mark.postgres)])
def search(request):
    """Every behaviour test runs on both backends behind the seam."""
    return request.getfixturevalue(f"{request.param}_search")


def refs(result):
    return [hit.ref for hit in result.hits]


@pytest.mark.parametrize("query, lang, expected", [
    ("autosteer", "en", "23V838000"),
    ("rearview camera", "en", "24V801000"),
    ("辅助驾驶", "zh", "S2025M0149I"),
    ("后视摄像头", "zh", "24V801000"),
    ("warning lights", "en", "24V051000"),
    ("Autosteer 控制", "zh", "23V838000"),
    ("高速领航辅助驾驶升级", "zh", "xiaomi/1.10.0"),
])
def test_text_queries_find_the_record(search, query, lang, expected):
    result = search.search(query, {}, 1, lang=lang)
    assert expected in refs(result)[:2]


@pytest.mark.parametrize("query, url", [
    ("23V838000", "/recalls/23V838000"),
    ("23V838", "/recalls/23V838000"),
    ("23V-838", "/recalls/23V838000"),
    ("23v-838-000", "/recalls/23V838000"),
    ("S2025M0149I", "/recalls/S2025M0149I"),
    ("s2025m0149i", "/recalls/S2025M0149I"),
    ("2023.44", "/releases/tesla/2023.44"),
    ("2023.44.30.14", "/releases/tesla/2023.44"),
    ("v2023.44.30", "/releases/tesla/2023.44"),
    ("1.10.0", "/releases/xiaomi/1.10.0"),
    ("23V999", None),
    ("2099.1", None),
    ("autosteer", None),
])
def test_exact_ids_redirect(search, query, url):
    result = search.search(query, {}, 1)
    assert result.redirect == url
    if url:
        assert url in [hit.url for hit in result.hits]


def test_id_forms_also_rank_the_record_first(search):
    for query in ("23V-838", "recall 23v838"):
        assert "23V838000" in refs(search.search(query, {}, 1))[:2]


@pytest.mark.parametrize("make", ["tesla", "ford", "xiaomi"])
def test_facet_counts_equal_database_counts(search, session, make):
    result = search.search(make, {"make": make}, 1)
    recalls = session.scalars(select(Recall).where(Recall.make_slug == make)).all()
    releases = session.scalars(select(Release).where(Release.make_slug == make)).all()
    assert result.total == len(recalls) + len(releases)
    assert result.facets["type"] == {k: v for k, v in
                                     (("recall", len(recalls)), ("release", len(releases))) if v}
    models = Counter(slug for r in recalls for slug in {v.model_slug for v in r.vehicles})
    models.update(slug for r in releases for slug in {m.model_slug for m in r.models})
    assert result.facets["model"] == dict(models)
    years = Counter(y for r in recalls for y in {v.year for v in r.vehicles})
    years.update(y for r in releases for y in {m.year for m in r.models})
    assert result.facets["model_year"] == {str(y): n for y, n in years.items()}
    assert result.facets["authority"] == dict(Counter(r.authority for r in recalls))


def test_facets_cover_the_whole_result_not_the_page(search, monkeypatch):
    monkeypatch.setattr(backend_module, "PAGE_SIZE", 1)
    result = search.search("ota OR autosteer OR camera", {}, 1)
    assert len(result.hits) == 1
    assert sum(result.facets["type"].values()) == result.total > 1


@pytest.mark.parametrize("filters, expected", [
    ({"make": "tesla"}, {"23V838000", "24V051000", "tesla/2023.44"}),
    ({"type": "release"}, {"tesla/2023.44", "xiaomi/1.10.0"}),
    ({"type": "recall", "make": "TESLA"}, {"23V838000", "24V051000"}),
    ({"category": "defect_recall"}, {"tesla/2023.44", "xiaomi/1.10.0"}),
    ({"remedy_type": "dealer"}, {"24V801000"}),
    ({"authority": "samr"}, {"S2025M0149I"}),
    ({"model": ["su7", "explorer"]}, {"24V801000", "S2025M0149I", "xiaomi/1.10.0"}),
    ({"model_year": 2022}, {"23V838000"}),
    ({"year": "2024"}, {"24V051000", "24V801000"}),
    ({"make": "nobody"}, set()),
])
def test_filters_narrow_results(search, filters, expected):
    result = search.search("ota OR autosteer OR camera OR 辅助驾驶 OR warning", filters, 1)
    assert set(refs(result)) == expected
    assert result.total == len(expected)


def test_highlights_mark_matches_and_escape_text(search):
    hit = search.search("autosteer", {}, 1).hits[0]
    assert "<mark>Autosteer</mark>" in hit.snippet
    zh = search.search("后视摄像头", {}, 1, lang="zh").hits[0]
    assert "<mark>" in zh.snippet and zh.title == "后视摄像头图像可能无法显示"
    assert "&#x27;" not in hit.snippet and "<script" not in hit.snippet


def test_display_prefers_the_page_language(search):
    en = search.search("rearview", {}, 1, lang="en").hits[0]
    zh = search.search("rearview", {}, 1, lang="zh").hits[0]
    assert (en.title, zh.title) == ("Rearview camera image may not display", "后视摄像头图像可能无法显示")
    assert (en.date, en.make, en.model, en.type) == ("2024-10-31", "ford", ("explorer",), "recall")


@pytest.mark.parametrize("query, suggestion", [
    ("autostear", "autosteer"),
    ("rearveiw camera", "rearview camera"),
    ("autosteer", None),
])
def test_did_you_mean(search, query, suggestion):
    assert search.search(query, {}, 1).suggestion == suggestion


@pytest.mark.parametrize("query", [
    '"', '"unclosed phrase', "AND OR", "NOT", "OR autosteer AND", "*", "?", "auto*", "title:autosteer",
    "id:recall:23V838000", "((((", ")", "[1 TO", "{a TO b}", "^2", "autosteer^", "~", "autosteer~2",
    "a" * 10_000, "autosteer " * 2_000, "\x00\x01\x1b[31m\x7f", "\u200b\ufeff", "   ", "", "\\", "'", "😀",
    "<script>alert(1)</script>", "%s %d {0}", "ＡＵＴＯＳＴＥＥＲ", "-autosteer", "+camera", "NOT NOT NOT",
])
def test_malformed_queries_never_raise(search, query):
    result = search.search(query, {"make": ["tesla", None], "model_year": 3.5}, "x", lang=None, sort=["x"])
    assert result.total == len(result.hits) or result.total > PAGE_SIZE
    for hit in result.hits:
        assert "<script" not in hit.snippet


def test_unusual_inputs_still_search(search):
    assert "23V838000" in refs(search.search("ＡＵＴＯＳＴＥＥＲ", {}, 1))
    assert "23V838000" in refs(search.search("autosteer\x00", {}, 1))
    assert search.search("", {}, 1).total == 0


def test_pagination(search, monkeypatch):
    monkeypatch.setattr(backend_module, "PAGE_SIZE", 2)
    query = "ota OR autosteer OR camera OR 辅助驾驶 OR warning"
    pages = [refs(search.search(query, {}, page)) for page in (1, 2, 3, 4)]
    assert [len(p) for p in pages] == [2, 2, 2, 0]
    assert search.search(query, {}, 1).pages == 3
    assert len({ref for page in pages for ref in page}) == 6


@pytest.mark.parametrize("sort, first", [("newest", "xiaomi/1.10.0"), ("oldest", "23V838000")])
def test_sort_by_date(search, sort, first):
    query = "ota OR autosteer OR camera OR 辅助驾驶 OR warning"
    assert refs(search.search(query, {}, 1, sort=sort))[0] == first


def test_null_search_finds_nothing():
    result = NullSearch().search("autosteer", {}, 1)
    assert (result.total, result.hits, result.redirect, result.facets) == (0, [], None, {})


@pytest.mark.parametrize("query", ["autosteer", "rearview camera", "特斯拉 制动", "ota OR autosteer OR camera",
                                   "autosteer AND ota", "Autosteer 控制", "warning lights", "辅助驾驶",
                                   '"rearview camera"', '"rearview camera" OR autosteer'])
def test_impact_ranking_orders_pages_as_whoosh_does(whoosh_search, query):
    search = whoosh_search
    from portal.search.ranking import Ranker
    from portal.search.schema import parse_user_query

    state = search._current()
    searcher, sets = state.searcher(), state.sets()
    parsed = parse_user_query(searcher.schema, query)
    mask = sets.matching(parsed)
    for wanted in (1, 2, 6):
        expected = [docnum for _score, docnum in searcher.search(parsed, limit=wanted, terms=False).top_n]
        assert Ranker(lambda: searcher).top(parsed, mask, wanted) == expected


def test_snippets_mark_inflected_words_without_reanalysis():
    from portal.search.snippets import snippet_html

    stored = {"body_en": "Two rearview cameras & one <b>display</b>.", "body_zh": "后视摄像头图像"}
    html = snippet_html(stored, {"body_en": ["camera"]}, "en")
    assert "<mark>cameras</mark>" in html and "&lt;b&gt;" in html
    assert "<mark>后视摄像头</mark>" in snippet_html(stored, {"body_zh": ["后视", "摄像", "摄像头"]}, "zh")
    assert snippet_html(stored, {}, "en") == "Two rearview cameras &amp; one &lt;b&gt;display&lt;/b&gt;."


@pytest.mark.postgres
def test_broad_queries_stop_counting_at_the_cap_and_say_so(postgres_search, monkeypatch):
    from portal.search import postgres

    query = "ota OR autosteer OR camera OR 辅助驾驶 OR warning"
    full = postgres_search.search(query, {}, 1, sort="newest")
    assert (full.total, full.capped) == (6, False)
    monkeypatch.setattr(postgres, "MATCH_CAP", 3)
    capped = postgres_search.search(query, {}, 1, sort="newest")
    assert (capped.total, capped.capped) == (3, True)
    assert refs(capped) == refs(full)[:3]  # the newest matches are the ones read
    assert sum(capped.facets["type"].values()) == 3
    monkeypatch.setattr(postgres, "RANK_CAP", 2)
    ranked = refs(postgres_search.search(query, {}, 1))
    assert sorted(ranked[:2]) == sorted(refs(full)[:2]) and ranked[2] == refs(full)[2]
    oldest = postgres_search.search(query, {}, 1, sort="oldest")
    assert refs(oldest)[0] == "23V838000"  # the oldest of all matches, not of those read


def test_whoosh_counts_every_match(whoosh_search):
    result = whoosh_search.search("ota OR autosteer OR camera OR 辅助驾驶 OR warning", {}, 1)
    assert (result.total, result.capped) == (6, False)


@pytest.fixture(scope="module")
def copied_search(session, tmp_path_factory):
    """The six documents, each 25 times under its own id: every score ties 25 ways, as copies do."""
    from whoosh.index import create_in

    from indexer.search_index import iter_documents
    from portal.search.schema import build_schema

    index_dir = tmp_path_factory.mktemp("copied-index")
    index = create_in(str(index_dir), build_schema())
    writer = index.writer()
    for n in range(25):
        for document in iter_documents(session):
            writer.add_document(**dict(document, id=f"{document['id']}x{n}", ref=f"{document['ref']}x{n}"))
    writer.commit()
    index.close()
    return WhooshSearch(index_dir)


@pytest.mark.parametrize("query", ["autosteer", "rearview camera", "ota OR autosteer OR camera", "autosteer AND ota",
                                   "warning lights", "辅助驾驶", '"rearview camera" OR autosteer'])
def test_impact_ranking_breaks_ties_as_whoosh_does(copied_search, query):
    """Among equal scores the lower document number comes first, and the walk may stop early on a
    tie only where no later document could win it."""
    from portal.search.ranking import Ranker
    from portal.search.schema import parse_user_query

    state = copied_search._current()
    searcher, sets = state.searcher(), state.sets()
    parsed = parse_user_query(searcher.schema, query)
    mask = sets.matching(parsed)
    ranker = Ranker(lambda: searcher)
    for wanted in (1, 7, 20, 26, 60):
        expected = [docnum for _score, docnum in searcher.search(parsed, limit=wanted, terms=False).top_n]
        assert ranker.top(parsed, mask, wanted) == expected


@pytest.mark.parametrize("query", ["autosteer", "rearview camera", "特斯拉 制动", "ota OR autosteer OR camera",
                                   "autosteer AND ota", "Autosteer 控制", "warning lights", '"rearview camera" OR autosteer'])
@pytest.mark.parametrize("index", ["whoosh_search", "copied_search"])
def test_scoring_every_match_at_once_gives_the_walks_page(request, monkeypatch, index, query):
    """With no walk budget the ranker scores all matches as vectors (vector_rank): same page, same ties."""
    from portal.search import ranking
    from portal.search.schema import parse_user_query

    state = request.getfixturevalue(index)._current()
    searcher, sets = state.searcher(), state.sets()
    parsed = parse_user_query(searcher.schema, query)
    mask = sets.matching(parsed)
    monkeypatch.setattr(ranking, "WALK_BUDGET", 0)
    ranker = ranking.Ranker(lambda: searcher)
    allowed = {doc for doc in range(mask.bit_length()) if mask >> doc & 1 and doc % 3}  # a facet filter, say
    narrowed = sum(1 << doc for doc in allowed)
    for wanted in (1, 6, 20, 26, 60):
        expected = [docnum for _score, docnum in searcher.search(parsed, limit=wanted, terms=False).top_n]
        assert ranker.top(parsed, mask, wanted) == expected
        expected = [docnum for _score, docnum in searcher.search(parsed, limit=wanted, terms=False,
                                                                 filter=allowed).top_n] if allowed else []
        assert ranker.top(parsed, narrowed, wanted) == expected
