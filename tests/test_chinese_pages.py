"""Chinese pages speak Chinese: no English sentence on any recall or release page in zh.

Every shipped recall page and every release page is rendered with ``?lang=zh``
and its visible text scanned for runs of English words. Proper names may stay
in English: the makes', models' and filing companies' own names, and text the page marks
``translate="no"`` (a maker's feature titles, a filing company's name, the
title of a cited source), which is also what tells a browser's translator to
leave it alone. Anything else four English words long is a sentence fragment
a Chinese reader would meet untranslated.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.db import content as db

# Four words in a row read as a phrase or sentence; three ("Full Self-Driving Beta") can be a name.
MAX_ENGLISH_RUN = 3
# Words of names that appear bare in Chinese text (features, programmes, standards).
NAME_WORDS = {
    "autopilot", "autosteer", "beta", "boombox", "carplay", "hyperos", "apple", "performance",
    "summon", "smart", "track", "mode", "full", "self", "driving", "super", "duty", "plug", "in", "hybrid",
    "cybertruck", "sport", "turismo", "executive", "cross", "prime", "signia", "interceptor", "utility",
}
_ID_CHUNK_RE = re.compile(r"[\w.]*\d[\w.]*(?:-[\w.]+)+|[\w.]+(?:-[\w.]+)*-\d[\w.-]*", re.ASCII)
_TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z'’]*|[^\sA-Za-z]+")
_WORD_RE = re.compile(r"[A-Za-z][a-z'’]+|[A-Z]{3,}")  # a word, or a capitalised one (NHTSA's old records shout)


def english_runs(text: str, names: set[str]) -> list[str]:
    """Runs of more than MAX_ENGLISH_RUN consecutive English words that are not names."""
    runs, current = [], []
    text = _ID_CHUNK_RE.sub(" ", text)  # ids, versions and dates: cn-2023-10-tesla-modelx-brake-fluid
    for token in _TOKEN_RE.findall(text):
        if _WORD_RE.fullmatch(token) and token.lower() not in names:
            current.append(token)
            continue
        if re.fullmatch(r"""[\s,.:;!?"'’\-/()]+""", token) and current:
            continue  # punctuation inside an English phrase does not end it
        if len(current) > MAX_ENGLISH_RUN:
            runs.append(" ".join(current))
        current = []
    if len(current) > MAX_ENGLISH_RUN:
        runs.append(" ".join(current))
    return runs


def visible_text(html: bytes) -> str:
    page = BeautifulSoup(html, "html.parser")
    for hidden in page(["script", "style", "head"]):
        hidden.decompose()
    for name in page.select('[translate="no"]'):
        name.decompose()
    # The notice's English original, quoted as the source of the portal's Chinese text (marked lang="en").
    for quoted in page.select('.official-original [lang="en"]'):
        quoted.decompose()
    return page.get_text(" ")


@pytest.fixture(scope="module")
def names(shipped_app) -> set[str]:
    with shipped_app.app_context():
        from portal.state import db as session
        words = set(NAME_WORDS)
        for row in [*session().scalars(select(db.Make)), *session().scalars(select(db.Model))]:
            words.update(word.lower() for word in _WORD_RE.findall(row.name_en or ""))
        for filer in session().scalars(select(db.Recall.manufacturer).distinct()):  # filing companies
            words.update(word.lower() for word in _WORD_RE.findall(filer or ""))
        return words


@pytest.fixture(scope="module")
def page_paths(shipped_app) -> list[str]:
    with shipped_app.app_context():
        from portal.state import db as session
        recalls = [f"/recalls/{rid}" for rid in session().scalars(select(db.Recall.id).order_by(db.Recall.id))]
        releases = [f"/releases/{make}/{version}" for make, version in session().execute(
            select(db.Release.make_slug, db.Release.version).order_by(db.Release.make_slug, db.Release.version))]
        return recalls + releases


def test_the_scan_finds_an_english_sentence_and_spares_names():
    names = {"model", "tesla"}
    assert english_runs("补救方式：remedy text mentions an over-the-air update。", names) == [
        "remedy text mentions an over the air update"]
    assert english_runs("特斯拉 Tesla Model 3 Performance（2018–2022年款）", names | {"performance"}) == []
    assert english_runs("FMVSS 108 SB-22-00-008 NHTSA OTA", names) == []
    assert english_runs("召回 cn-2023-10-tesla-modelx-brake-fluid（SAMR）", names) == []
    assert english_runs("部件 ELECTRICAL SYSTEM: INSTRUMENT CLUSTER/PANEL", names) == [
        "ELECTRICAL SYSTEM INSTRUMENT CLUSTER PANEL"]


def test_no_chinese_recall_or_release_page_has_an_english_sentence(shipped_client, page_paths, names):
    assert len(page_paths) > 800
    found = {}
    for path in page_paths:
        response = shipped_client.get(f"{path}?lang=zh")
        assert response.status_code == 200, path
        runs = english_runs(visible_text(response.data), names)
        if runs:
            found[path] = runs
    assert not found, f"{len(found)} Chinese pages show English text: " + "; ".join(
        f"{path}: {runs[:2]}" for path, runs in list(found.items())[:15])


_CJK = re.compile(r"[\u4e00-\u9fff]")


def test_api_gives_every_ota_recall_in_chinese(shipped_client):
    listing = []
    for remedy_type in ("ota", "ota+dealer"):
        for page in range(1, 50):
            body = shipped_client.get("/api/v1/recalls", query_string={"remedy_type": remedy_type, "page": page}).get_json()
            if not body["items"]:
                break
            listing += [item["id"] for item in body["items"]]
    assert len(set(listing)) >= 58
    for recall_id in set(listing):
        recall = shipped_client.get(f"/api/v1/recalls/{recall_id}?lang=zh").get_json()
        assert recall["text_language"] == "zh", recall_id
        for part in ("summary", "consequence", "remedy"):
            assert _CJK.search(recall["text"][part] or ""), (recall_id, part)
        assert "见 NHTSA 英文原文" not in recall["text"]["consequence"], recall_id
        assert _CJK.search(recall["title"]), recall_id


def test_recall_api_in_chinese_tells_the_defect_in_own_words(shipped_client):
    recall = shipped_client.get("/api/v1/recalls/22V263000?lang=zh").get_json()
    assert "赛道模式" in recall["title"] and "赛道模式" in recall["text"]["summary"]
    assert "车速" in recall["text"]["consequence"]
    assert recall["component_name"] == "电气系统：仪表盘"
    english = shipped_client.get("/api/v1/recalls/22V263000?lang=en").get_json()
    assert english["title"] == "Speed unit may vanish in Track Mode"
    assert english["component"] == "ELECTRICAL SYSTEM: INSTRUMENT CLUSTER/PANEL"


def test_machine_reasons_read_in_chinese():
    from portal.reason_text import REASON_FALLBACK_ZH, category_reason_text, remedy_basis_text

    assert remedy_basis_text("remedy text names dealer service", "zh") == "依据补救说明中写明的经销商维修"
    assert remedy_basis_text("something new", "zh") == ""
    assert remedy_basis_text("something new", "en") == "something new"
    reason = category_reason_text("Touches automated or assisted driving: 'Summon', 'Smart Summon'.", "zh")
    assert str(reason) == ('涉及自动或辅助驾驶功能：<span translate="no">‘Summon’</span>、'
                           '<span translate="no">‘Smart Summon’</span>。')
    assert str(category_reason_text("Remedies recalls S2025M0149I, S2025M0150I.", "zh")) == "修复召回 S2025M0149I、S2025M0150I。"
    assert str(category_reason_text("Its only change is a key-fob fix.", "zh")) == REASON_FALLBACK_ZH
    assert str(category_reason_text("Its <only> change.", "en")) == "Its &lt;only&gt; change."


def test_a_chinese_recall_page_leads_with_a_chinese_defect_title_and_cites_the_english(shipped_client):
    page = BeautifulSoup(shipped_client.get("/recalls/20V598000?lang=zh").data, "html.parser")
    assert page.h1.get_text(strip=True) == "感知系统：摄像头缺陷，可能影响视野（到店维修）"
    official = page.select_one("dl.official")
    assert official.find("dd").get_text(strip=True).startswith("本次召回针对倒车防碰撞（后视影像）")
    original = page.select_one("details.official-original dl[lang=en]")
    assert original is not None and "is recalling" in original.get_text(" ", strip=True)
