"""Facts read from every shipped NHTSA notice: links, remedy kinds, availability, advisories, equipment makers.

Each class is checked over all 712 campaigns with phrases written here
independently of the importer's patterns, and pinned to the campaigns where
the classification was wrong before.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from indexer.frontmatter import read

REPO = Path(__file__).resolve().parent.parent
SHIPPED = sorted((REPO / "content" / "recalls" / "nhtsa").glob("*.md"))


@cache
def _all() -> dict[str, dict]:
    return {path.stem: read(path).meta for path in SHIPPED}


def _text(meta: dict) -> str:
    return " ".join(meta["text"]["en"][part] or "" for part in ("summary", "consequence", "remedy", "notes"))


def test_every_campaign_links_nhtsas_own_page():
    for recall_id, meta in _all().items():
        assert meta["sources"][0]["url"] == f"https://www.nhtsa.gov/recalls?nhtsaId={recall_id}"
    written = [p for folder in ("content", "indexer", "portal", "tests/data")
               for p in (REPO / folder).rglob("*") if p.is_file() and p.suffix in (".md", ".py", ".html", ".yaml")]
    assert not [p for p in written if "nhtsa.gov/?nhtsaId" in p.read_text("utf-8", errors="ignore")]


# Phrases owners are told: park outside / do not drive (every wording found in the 712 notices).
PARK_OUTSIDE = re.compile(r"\bpark(?:ed)?\b[^.]{0,40}\b(?:outside|outdoors)\b|\bpark[^.]{0,40}away from (?:structures|buildings)", re.I)
DO_NOT_DRIVE = re.compile(r"\b(?:not|DO NOT) (?:to )?drive (?:the|their|your) vehicles?\b", re.I)


def test_park_outside_flag_follows_the_wording_in_every_notice():
    flagged = {i for i, m in _all().items() if m["park_outside"]}
    worded = {i for i, m in _all().items() if PARK_OUTSIDE.search(_text(m))}
    assert flagged == worded
    assert "19V322000" in flagged  # "Porsche recommends that owners park their vehicle outdoors"
    assert len(flagged) == 18


def test_park_it_flag_follows_the_wording_in_every_notice():
    flagged = {i for i, m in _all().items() if m["park_it"]}
    assert flagged == {i for i, m in _all().items() if DO_NOT_DRIVE.search(_text(m))}
    assert flagged == {"20V712000", "21V224000", "21V407000", "21V653000", "23V432000", "23V800000", "24V809000"}


EXPECTED_KINDS = {
    "refund": {"09E012000", "09E025000"},
    "labels_or_manual": {"16V236000", "16V420000", "17V831000", "19V503000", "20V384000", "21V584000", "24V548000",
                         "24V852000", "25V271000"},
    "repurchase": {"20V561000", "20V579000", "21V321000"},
    "replacement_vehicle": {"22V264000"},
    "sellers_notified": {"17E048000"},
    "not_yet_defined": {"21V176000", "22V119000", "22V162000", "25V347000", "25V455000", "26V122000", "26V123000"},
}


def test_remedies_that_are_not_repairs_say_what_they_are():
    found: dict[str, set[str]] = {}
    for recall_id, meta in _all().items():
        assert (meta["remedy_type"] == "other") == (meta["remedy_kind"] is not None), recall_id
        if meta["remedy_kind"]:
            found.setdefault(meta["remedy_kind"], set()).add(recall_id)
    assert found == EXPECTED_KINDS


@pytest.mark.parametrize("kind, words", [
    ("refund", r"\brefund"), ("repurchase", r"\brepurchase"), ("replacement_vehicle", r"replace the vehicle"),
    ("labels_or_manual", r"\blabels?\b|owner's manual"), ("sellers_notified", r"notify the distributors"),
    ("not_yet_defined", r"remedy is (?:currently |still )?(?:under development|being developed)"),
])
def test_each_remedy_kind_is_worded_in_its_remedy_text(kind, words):
    for recall_id, meta in _all().items():
        if meta["remedy_kind"] == kind:
            assert re.search(words, meta["text"]["en"]["remedy"], re.I), recall_id


def test_no_dealer_repair_is_a_refund_repurchase_or_label_sent_to_owners():
    pattern = re.compile(r"\b(?:refund|repurchase)|will (?:mail|send)\w*[^.]*\blabels?\b", re.I)
    for recall_id, meta in _all().items():
        remedy = meta["text"]["en"]["remedy"]
        if pattern.search(remedy) and not re.search(r"\bdealers?\b", remedy, re.I):
            assert meta["remedy_type"] == "other", recall_id


def test_a_remedy_still_being_developed_is_not_available():
    developing = re.compile(r"\bthe (?:final )?remedy is (?:currently |still )*(?:under development|being developed)", re.I)
    for recall_id, meta in _all().items():
        remedy = meta["text"]["en"]["remedy"]
        if developing.search(remedy) and not re.search(r"(?<!interim )\bowner notification letters were mailed", remedy, re.I):
            assert meta["remedy_available"] is False, recall_id
    for recall_id in EXPECTED_KINDS["not_yet_defined"] | {"17V368000", "20V601000", "23V841000"}:
        assert _all()[recall_id]["remedy_available"] is False, recall_id


@pytest.mark.parametrize("recall_id, maker", [
    ("09E012000", "Sabersport"),
    ("09E025000", "Dope, Inc."),
    ("18E035000", "Roush Performance Products, Inc. (Roush)"),
    ("21E027000", "Tenneco Automotive (DRiV)"),
])
def test_equipment_recalls_carry_their_own_maker(recall_id, maker):
    meta = _all()[recall_id]
    assert (meta["recall_type"], meta["manufacturer"]) == ("equipment", maker)
    assert meta["title"]["en"].startswith(f"{maker} equipment — ")


def test_recall_type_follows_the_id_letter():
    types = {"V": "vehicle", "E": "equipment"}
    assert all(meta["recall_type"] == types[recall_id[2]] for recall_id, meta in _all().items())
