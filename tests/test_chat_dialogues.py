"""Multi-turn conversations as data (tests/data/dialogues.yaml), on one node and across two.

Each dialogue runs in one session. It runs twice: with the in-process memory,
and with two engines ("nodes") taking turns over one runtime database, so a
follow-up answered by the other node proves the memory is in ``chat_context``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker
from test_chat_engine import build_sample_db

from portal.chat.engine import Engine
from portal.chat.facts import LatestRelease, SqlContentFacts, VehicleRecall, VehicleSummary
from portal.chat.memory import SessionMemory
from portal.chat.service import RuntimeMemory
from portal.db.runtime import ChatContext, RuntimeBase

DIALOGUES = yaml.safe_load((Path(__file__).parent / "data" / "dialogues.yaml").read_text(encoding="utf-8"))
CAR_A, CAR_B = "5YJ3E1EA2KF317000", "5YJ3E1EA1KF125504"


class TwoCars:
    """A demo car with a fleet record, and a car the portal only knows from its VIN."""

    def lookup(self, vin, version=None):
        if vin == CAR_A:
            return VehicleSummary("tesla", "model-3", 2019, [VehicleRecall(
                "23V838000", "Autosteer controls may not be sufficient", "remedied", "ota",
                "2023.44.30.8", date(2024, 1, 10))], LatestRelease("2023.44", date(2023, 12, 1)),
                last_install=LatestRelease("2023.44.30.8", date(2024, 1, 10)), demo=True)
        if vin == CAR_B:
            return VehicleSummary("tesla", "model-3", 2019, [
                VehicleRecall("23V838000", "Autosteer controls may not be sufficient", "unknown", "ota",
                              status_reason="no_fleet_record", certainty="may_apply"),
                VehicleRecall("22V999000", "Battery may overheat", "open", "dealer", park_outside=True,
                              status_reason=None, certainty="may_apply"),
            ], fleet_record=False)
        return None


def _runtime_sessions():
    engine = create_engine("sqlite://", connect_args={"check_same_thread": False},
                           poolclass=__import__("sqlalchemy.pool", fromlist=["StaticPool"]).StaticPool)
    RuntimeBase.metadata.create_all(engine)
    return sessionmaker(bind=engine, expire_on_commit=False)


@pytest.fixture(scope="module")
def content():
    return SqlContentFacts(build_sample_db())


def _nodes(content, kind):
    if kind == "memory":
        engine = Engine(content=content, vehicles=TwoCars(), memory=SessionMemory())
        return [engine], None
    sessions = _runtime_sessions()
    return [Engine(content=content, vehicles=TwoCars(), memory=RuntimeMemory(sessions)) for _ in range(2)], sessions


@pytest.mark.parametrize("kind", ["memory", "two_nodes"])
@pytest.mark.parametrize("dialogue", DIALOGUES, ids=[d["name"] for d in DIALOGUES])
def test_dialogue(content, dialogue, kind):
    nodes, sessions = _nodes(content, kind)
    session = "dialogue-test-01"
    for number, turn in enumerate(dialogue["turns"]):
        engine = nodes[number % len(nodes)]
        answer = engine.ask(turn["q"], turn["lang"], vin=turn.get("vin"), session=session)
        where = f"turn {number}: {turn['q']!r}\n{answer.answer}\n{answer.trace}"
        assert answer.intent == turn["intent"], where
        for fact in turn.get("contains", []):
            assert fact in answer.answer, where
        for fact in turn.get("absent", []):
            assert fact not in answer.answer, where
    if sessions is not None:
        with sessions() as db:
            assert db.get(ChatContext, session) is not None


def test_runtime_memory_forgets_after_ttl():
    sessions = _runtime_sessions()
    memory = RuntimeMemory(sessions, ttl_seconds=0)
    memory.remember("s-ttl-0001", vin=CAR_A, recall_id="23V838000")
    assert memory.get("s-ttl-0001") == {}
    fresh = RuntimeMemory(sessions)
    assert fresh.get("s-ttl-0001")["recall_id"] == "23V838000"
    fresh.remember("s-ttl-0001", recall_id=None)
    assert "recall_id" not in fresh.get("s-ttl-0001")
