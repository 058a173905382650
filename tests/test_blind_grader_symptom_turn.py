"""The blind grader's symptom check falls on the turn where the driver reports the symptom."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _grader():
    spec = importlib.util.spec_from_file_location("assistant_blind", REPO / "bench" / "assistant_blind.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _turn(must):
    return {"question": "q", "rubric": {"must": must}}


def test_a_symptom_reported_in_the_first_turn_is_checked_there():
    grader = _grader()
    case = {"tags": ["symptom"], "turns": [_turn([["recall"]]), _turn([["owner"]])]}
    assert grader.symptom_turn(case) == 0


def test_a_symptom_reported_only_in_a_later_turn_is_checked_there():
    grader = _grader()
    case = {"tags": ["symptom"], "turns": [_turn([["steering", "EPAS"]]), _turn([["pull over", "hazard"]])]}
    assert grader.symptom_turn(case) == 1


def test_a_case_without_the_symptom_tag_has_no_symptom_turn():
    grader = _grader()
    assert grader.symptom_turn({"tags": ["definition"], "turns": [_turn([["pull over"]])]}) is None
