"""Index writing: documents from rows, batching across many rows, swapping a new index in."""

from __future__ import annotations

import os
from datetime import date

import pytest
from whoosh.index import open_dir

from indexer import search_index
from indexer.search_index import iter_documents, write_index
from portal.db import content as c
from portal.db.engine import content_engine, create_content_tables, session_factory
from portal.search import IndexMissingError, WhooshSearch
from portal.search import backend as backend_module

WORDS = "camera steering brake seatbelt airbag display software update".split()


def synthetic_rows(recalls: int, releases: int):
    """Recalls and releases whose text and vehicles are derived from their number."""
    yield c.Make(slug="tesla", name_en="Tesla", name_zh="特斯拉")
    yield c.Model(make_slug="tesla", slug="model-3", name_en="Model 3", name_zh="Model 3")
    for n in range(recalls):
        row = c.Recall(
            id=f"24V{n:03d}000" if n < 1000 else f"S2024M{n:04d}I", authority="NHTSA" if n < 1000 else "SAMR",
            make_slug="tesla", title_en=f"{WORDS[n % 8]} recall number{n}", title_zh=f"召回{WORDS[n % 8]}",
            market="US", remedy_type="ota" if n % 2 else "dealer", remedy_type_basis="synthetic",
            report_date=date(2020 + n % 5, 1 + n % 12, 1 + n % 28), source_file="synthetic",
            summary_en=f"The {WORDS[n % 8]} may fail. " * 20, summary_zh="后视摄像头可能无法显示，增加碰撞风险。" * 5,
        )
        row.vehicles = [c.RecallVehicle(make_slug="tesla", model_slug="model-3", year=2015 + n % 9)]
        yield row
    for n in range(releases):
        row = c.Release(
            make_slug="tesla", version=f"2024.{n}", version_key=f"2024.{n}", title_en=f"Release {n}",
            title_zh=f"版本 {n}", category="general", category_reason="synthetic", source_file="synthetic",
            release_date=date(2024, 1, 1) if n else None, summary_en="Adds a new software update display. " * 10,
        )
        row.versions = [c.ReleaseVersion(make_slug="tesla", version=f"2024.{n}.{p}", version_key="k") for p in (1, 2)]
        row.changes = [c.ReleaseChange(position=0, kind="added", text_en="Dashcam viewer", text_zh="行车记录仪查看器")]
        yield row


def make_session(recalls: int, releases: int):
    engine = content_engine("sqlite://")
    create_content_tables(engine)
    session = session_factory(engine)()
    session.add_all(synthetic_rows(recalls, releases))
    session.commit()
    return session


@pytest.fixture(scope="module")
def session():
    with make_session(recalls=1210, releases=30) as session:
        yield session


def test_documents_keep_each_recalls_own_children_across_batches(session, monkeypatch):
    monkeypatch.setattr(search_index, "BATCH_SIZE", 100)
    documents = list(iter_documents(session))
    assert len(documents) == 1240
    for n in (0, 99, 100, 1001, 1209):
        document = next(d for d in documents if d["title_en"].endswith(f"number{n}"))
        assert document["years"] == str(2015 + n % 9)
        assert document["remedy_type"] == ("ota" if n % 2 else "dealer")
    release = next(d for d in documents if d["id"] == "release:tesla:2024.7")
    assert release["ids"] == "2024.7 2024.7.1 2024.7.2"
    assert release["url"] == "/releases/tesla/2024.7" and release["ref"] == "tesla/2024.7"
    assert "行车记录仪查看器" in release["body_zh"] and "Dashcam viewer" in release["body_en"]


def test_recall_document_fields(session):
    document = next(iter_documents(session))
    assert document["id"] == "recall:24V000000" and document["url"] == "/recalls/24V000000"
    assert document["ids"] == "24V000000 24V000 24V-000"
    assert (document["make"], document["model"], document["authority"], document["year"]) == (
        "tesla", "model-3", "NHTSA", "2020")
    assert "Tesla" in document["body_en"] and "特斯拉" in document["body_zh"]
    assert "category" not in document  # empty values are left out, not counted as a facet


@pytest.fixture(scope="module")
def search(session, tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("built") / "index"
    assert write_index(index_dir, session) == 1240
    return WhooshSearch(index_dir)


def test_write_index_counts_and_searches(search):
    result = search.search("seatbelt", {"type": "recall"}, 1)
    assert result.total == sum(1 for n in range(1210) if n % 8 == 3)
    assert result.facets["authority"] == {"NHTSA": 125, "SAMR": 26}


@pytest.mark.parametrize("sort", ["newest", "oldest", "relevance", "nonsense"])
def test_sorting_copes_with_records_without_a_date(search, sort):
    result = search.search("dashcam", {}, 2, sort=sort)
    assert result.total == 30 and len(result.hits) == 10
    dates = [hit.date for hit in search.search("dashcam", {}, 1, sort=sort).hits]
    if sort in ("newest", "oldest"):
        assert dates[0] is not None


def test_new_index_swapped_into_the_directory_is_picked_up(tmp_path, monkeypatch):
    monkeypatch.setattr(backend_module, "REFRESH_CHECK_SECONDS", 0)
    live = tmp_path / "index"
    with make_session(recalls=3, releases=0) as small:
        write_index(live, small)
    search = WhooshSearch(live)
    assert search.search("camera", {}, 1).total == 1
    with make_session(recalls=20, releases=0) as bigger:
        write_index(tmp_path / "next", bigger)
    os.rename(live, tmp_path / "old")
    os.rename(tmp_path / "next", live)
    assert search.search("camera", {}, 1).total == 3


def test_missing_index_names_the_fix(tmp_path):
    with pytest.raises(IndexMissingError, match="ota-portal build"):
        WhooshSearch(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(IndexMissingError):
        WhooshSearch(tmp_path / "empty")


def test_failed_build_leaves_no_committed_index(session, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        yield {"id": "x", "type": "recall"}
        raise RuntimeError("row could not be read")

    monkeypatch.setattr(search_index, "iter_documents", broken)
    with pytest.raises(RuntimeError):
        write_index(tmp_path / "index", session)
    assert open_dir(str(tmp_path / "index")).doc_count() == 0
