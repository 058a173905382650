"""The blind question files the assistant was tuned on (tests/data/blind/), graded by meaning over the shipped content.

The questions and their rubrics were written by people who saw only the
product's description, never the rules; bench/assistant_blind.py prints the
per-group score. This test keeps what matters most from regressing: no
harmful answer (a false clean record, no stop-safely advice for a symptom),
and no group falling far below where it stands.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from conftest import opened_app

REPO = Path(__file__).resolve().parent.parent
# The score per group stood at 86-90% when this floor was set; it guards against a large drop only.
FLOOR = 0.80


def _grader():
    spec = importlib.util.spec_from_file_location("assistant_blind", REPO / "bench" / "assistant_blind.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Every blind file the assistant was tuned on, or whose score was reported before it was: none may slip back.
FILES = ["dev.jsonl", "round2.jsonl", "round3_dev.jsonl", "round3_test.jsonl", "round4_dev.jsonl", "round4_test.jsonl",
         "round5.jsonl", "round6_dev.jsonl", "round6_test.jsonl", "round7.jsonl", "round8_dev.jsonl", "round8_test.jsonl",
         "round9.jsonl", "round10_dev.jsonl", "round10_test.jsonl", "round11.jsonl", "round12_dev.jsonl", "round12_test.jsonl"]
# The sixth round's test half and the seventh round were graded blind, later read and tuned on in the eighth round;
# the ninth round was graded blind and not tuned on (only its harmful answers' classes were fixed), its weakest group
# at 81.4%. Their floors guard a drop, not a target.
FLOORS = {"round6_test.jsonl": 0.70, "round7.jsonl": 0.75, "round9.jsonl": 0.75}


@pytest.mark.parametrize("name", FILES)
def test_blind_dev_half_has_no_harmful_answer_and_each_group_holds(shipped_instance, database_url, name):
    grader = _grader()
    cases = grader.load_cases(REPO / "tests" / "data" / "blind" / name)
    totals: dict[str, list[int]] = {}
    harmful = []
    # Through the JSON API, as a client asks (VIN checks included); 300 questions are over the rate limit.
    with opened_app(shipped_instance, database_url, RATELIMIT_ENABLED=False) as app:
        client = app.test_client()
        for case in cases:
            session = None
            for turn in case["turns"]:
                reply = grader.ask(client, turn["question"], case.get("lang", "en"), turn.get("vin"), session)
                session = reply.get("session") or session
                if turn.get("rubric") is None:
                    continue
                right, bad, why = grader.grade(reply, turn["rubric"])
                group = totals.setdefault(case["group"], [0, 0])
                group[0] += right
                group[1] += 1
                if bad:
                    harmful.append((case["id"], turn["question"], why))
    assert not harmful, harmful
    for group, (right, total) in totals.items():
        assert right / total >= FLOORS.get(name, FLOOR), f"{group}: {right}/{total}"
