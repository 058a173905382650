"""Symptoms told in everyday Chinese and Cantonese, and a symptom with a model named but no VIN.

A driver whose brakes feel soft or whose car will not go into gear writes it the
way it is said: 挂不上D档, 剎掣踩落去好軟, 提示制动系统故障. Each of these must be
read as a symptom, so that the answer says what to do now before anything else.
"""

from __future__ import annotations

import pytest

from portal.chat.normalise import normalise


@pytest.mark.parametrize("question, kind", [
    ("挂不上D档，车停在路口动不了", "shift"),
    ("剎掣好似冇乜反應，踩落去好軟", "brakes"),
    ("刹车没反应", "brakes"),
    ("仪表提示制动系统故障", "brakes"),
    ("踩刹车感觉很无力", "brakes"),
    ("360影像花屏", "camera"),
])
def test_everyday_words_for_a_fault_are_a_symptom(symptoms, question, kind):
    found = symptoms.find(normalise(question))
    assert found is not None and found.name == kind, (question, found)


@pytest.mark.parametrize("question", ["软件故障的召回有哪些", "如何报告车辆故障", "刹车召回修好了吗", "什么是OTA召回"])
def test_a_question_about_faults_is_not_a_report_of_one(symptoms, question):
    assert symptoms.find(normalise(question)) is None


def _ask(client, question, lang):
    return client.post("/api/v1/ask", json={"question": question, "lang": lang}).get_json()


def test_a_symptom_with_a_model_named_lists_its_recalls_on_that_part_after_the_advice(shipped_client):
    answer = _ask(shipped_client, "长安CS55PLUS 360影像花屏 是recall吗", "zh")
    text = answer["answer"]
    assert answer["intent"] == "symptom" and text.startswith("**")
    assert text.index("不要依赖") < text.index("/recalls/cn-2024-05-changan-cs55plus-360-camera")
    assert "车架号" in text  # which of them apply to this car, and whether done, needs the VIN
    english = _ask(shipped_client, "Model 3 rear camera went black while reversing", "en")["answer"]
    assert "/recalls/22V169000" in english and "VIN" in english
    assert "/recalls/23V838000" not in english  # another part's recall is not listed
