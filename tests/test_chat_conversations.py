"""Conversation tests as data: every row of tests/data/conversations.yaml, one test."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from test_chat_engine import sample_engine

ROWS = yaml.safe_load((Path(__file__).parent / "data" / "conversations.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def engine():
    return sample_engine()


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['lang']}:{r['q'][:40]}" for r in ROWS])
def test_conversation(engine, row):
    answer = engine.ask(row["q"], row["lang"], vin=row.get("vin"))
    assert answer.intent == row["intent"], answer.trace
    if row["intent"] is None:
        assert answer.fallback and not answer.sources
        return
    assert not answer.fallback and answer.sources
    for fact in row.get("contains", []):
        assert fact in answer.answer, answer.answer
    cited = " ".join(f"{s['title']} {s['url']}" for s in answer.sources)
    assert row["source"] in cited, cited
