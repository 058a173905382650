"""The two Whoosh rankings behind one seam give the same pages and suggestions; the hand-written one
is used only on a tested Whoosh-Reloaded."""

from __future__ import annotations

import pytest

from portal.search import rankers
from portal.search.schema import parse_user_query
from tests.test_search_backend import session, whoosh_search  # noqa: F401  (module fixtures)

QUERIES = ["autosteer", "rearview camera", "特斯拉 制动", "ota OR autosteer OR camera", "autosteer AND ota",
           '"rearview camera" OR autosteer', "( autopilot OR autosteer ) recall", "NOT autosteer"]


@pytest.mark.parametrize("query", QUERIES)
def test_impact_ranking_gives_whooshs_page(whoosh_search, query):  # noqa: F811
    state = whoosh_search._current()
    searcher, sets = state.searcher(), state.sets()
    parsed = parse_user_query(searcher.schema, query)
    mask = sets.matching(parsed)
    own, impact = rankers.WhooshRanking(lambda: searcher), rankers.ImpactRanking(lambda: searcher)
    for wanted in (1, 3, 20):
        assert impact.top(parsed, None, mask, wanted) == own.top(parsed, None, mask, wanted)


@pytest.mark.parametrize("word", ["autostear", "rearveiw", "camra", "zzzzzz", "autosteer"])
def test_both_rankings_suggest_the_same_word(whoosh_search, word):  # noqa: F811
    searcher = whoosh_search._current().searcher()
    assert rankers.ImpactRanking(lambda: searcher).suggest(word) == rankers.WhooshRanking(lambda: searcher).suggest(word)


def test_untested_whoosh_gets_whooshs_own_ranking(whoosh_search, monkeypatch):  # noqa: F811
    searcher = whoosh_search._current().searcher()
    assert rankers.impact_supported()  # the pinned version is a tested one
    assert type(rankers.ranking_for("impact", lambda: searcher)) is rankers.ImpactRanking
    monkeypatch.setattr(rankers, "whoosh_version", lambda: (2, 8, 0))
    assert type(rankers.ranking_for("impact", lambda: searcher)) is rankers.WhooshRanking
    assert type(rankers.ranking_for("whoosh", lambda: searcher)) is rankers.WhooshRanking


@pytest.mark.parametrize("ranking", ["whoosh", "impact"])
def test_backend_answers_alike_with_either_ranking(session, tmp_path_factory, ranking):  # noqa: F811
    from indexer.search_index import write_index
    from portal.search import WhooshSearch

    index_dir = tmp_path_factory.mktemp(f"index-{ranking}")
    write_index(index_dir, session)
    search = WhooshSearch(index_dir, ranking=ranking)
    try:
        result = search.search("autopilot recall", {}, 1)
        assert [hit.ref for hit in result.hits][0] == "23V838000"
        assert search.search("autostear", {}, 1).suggestion == "autosteer"
        newest = search.search("ota OR autosteer OR camera OR 辅助驾驶 OR warning", {}, 1, sort="newest")
        assert newest.hits[0].ref == "xiaomi/1.10.0"
    finally:
        search.close()


def test_pinned_whoosh_is_the_tested_range():
    """pyproject.toml installs only Whoosh-Reloaded versions the hand-written layer was tested on."""
    import tomllib
    from pathlib import Path

    project = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())
    pins = [dep for dep in project["project"]["dependencies"] if dep.lower().startswith("whoosh-reloaded")]
    low, high = rankers.TESTED_WHOOSH
    assert low == high and pins == [f"Whoosh-Reloaded=={'.'.join(map(str, low))}"]
