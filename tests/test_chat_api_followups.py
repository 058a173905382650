"""Follow-ups over the JSON API: the recall and the car are remembered in chat_context on every node."""

from __future__ import annotations

from test_chat_api import FLEET_VIN, api, ask_app  # noqa: F401 - fixtures

from portal.db.runtime import ChatContext
from portal.state import state
from tests.conftest import open_app


def test_is_it_fixed_after_a_recall_was_discussed_on_another_node(small_instance, database_url, api):  # noqa: F811
    first = api(question="Tell me about recall 23V838", lang="en", vin=FLEET_VIN).get_json()
    assert first["intent"] == "recall_details"
    other_node = open_app(small_instance, database_url, ASK_RATE_LIMIT="1000 per minute")
    try:
        client = other_node.test_client()
        fixed = client.post("/api/v1/ask", json={"question": "is it fixed?", "lang": "en",
                                                 "session": first["session"]}).get_json()
        zh = client.post("/api/v1/ask", json={"question": "它要去4S店吗", "lang": "zh",
                                              "session": first["session"]}).get_json()
        with state(other_node).runtime_session() as db:
            context = db.get(ChatContext, first["session"])
            assert (context.vin, context.recall_id, context.lang) == (FLEET_VIN, "23V838000", "zh")
    finally:
        state(other_node).close()
    assert fixed["intent"] == "recall_status" and fixed["entities"]["recall_id"] == "23V838000"
    assert "23V838000" in fixed["answer"]
    assert zh["intent"] == "dealer_visit" and "23V838000" in zh["answer"]
    assert "<a href=" in fixed["answer_html"]
