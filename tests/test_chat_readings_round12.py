"""Answers that read the question more closely: the year of a count, the model a make's list is about, "who pays"
against "do I pay", a make and the word recall alone, a car's update history, and less range after an update.
"""

from __future__ import annotations

import re

import pytest
from conftest import ask_turns

from portal.chat.entities import recall_year_said
from portal.chat.normalise import normalise

_DATES = re.compile(r"\b(20\d\d)-\d\d-\d\d\b")


@pytest.mark.parametrize("question, year", [
    ("how many OTA recalls did Tesla have in 2023?", 2023),
    ("Ford recalls in 2024", 2024),
    ("tesla's 2024 recalls", 2024),
    ("特斯拉2024年有几次OTA召回", 2024),
    ("2023年的召回有哪些", 2023),
    ("I bought my Tesla in 2021, any recalls?", None),
    ("my 2019 Escape, any recalls?", None),
    ("2022款Model Y有召回吗", None),
    ("is 2024.38.7 the recall fix?", None),
])
def test_the_year_recalls_were_issued_is_read_only_where_asked(question, year):
    assert recall_year_said(question) == year


@pytest.mark.parametrize("question, lang", [
    ("how many OTA recalls did Tesla have in 2023?", "en"),
    ("特斯拉2023年有几次召回", "zh"),
])
def test_a_count_of_one_years_recalls_lists_that_year_only(shipped_instance, database_url, question, lang):
    (reply,) = ask_turns(shipped_instance, database_url, (question, lang, None))
    assert reply["intent"] == "vehicle_recalls", reply
    years = set(_DATES.findall(reply["answer"]))
    assert years == {"2023"}, reply["answer"]
    assert "2023" in reply["answer"].split("\n")[0]  # the lead says which year it counted


def test_a_year_with_no_recall_says_none_was_issued_then(shipped_instance, database_url):
    (reply,) = ask_turns(shipped_instance, database_url, ("Ford recalls in 2031", "en", None))
    assert "no recall" in reply["answer"] and "2031" in reply["answer"], reply["answer"]


def test_the_national_figures_still_answer_a_question_about_the_country(shipped_instance, database_url):
    (reply,) = ask_turns(shipped_instance, database_url, ("2024年中国有多少OTA召回", "zh", None))
    assert reply["intent"] == "ota_statistics" and "19" in reply["answer"], reply["answer"]


def test_a_makes_list_names_the_models_it_is_about(shipped_instance, database_url):
    (zh, en) = ask_turns(shipped_instance, database_url, ("我的比亚迪海豹有没有召回", "zh", None),
                         ("any recalls on the Polestar?", "en", None))
    assert "以上召回涉及的车型：" in zh["answer"] and "海鸥" in zh["answer"] and "未收录比亚迪其他车型" in zh["answer"], zh["answer"]
    assert "list the Polestar 4" in en["answer"] and "another Polestar model" in en["answer"], en["answer"]


@pytest.mark.parametrize("question, lang, opens_no", [
    ("do I have to pay for the recall fix?", "en", True),
    ("who pays if the OTA update bricks my car?", "en", False),
    ("召回维修要收费吗", "zh", True),
    ("召回谁出钱", "zh", False),
])
def test_no_comes_first_only_to_a_yes_no_question_about_paying(shipped_instance, database_url, question, lang, opens_no):
    (reply,) = ask_turns(shipped_instance, database_url, (question, lang, None))
    assert reply["intent"] == "recall_cost", reply
    first = "No." if lang == "en" else "不收费。"
    assert reply["answer"].startswith(first) is opens_no, reply["answer"]
    assert ("free" if lang == "en" else "免费") in reply["answer"]


@pytest.mark.parametrize("question, lang", [("Volvo recalls", "en"), ("BYD recalls?", "en"), ("Rivian recalls", "en"),
                                            ("比亚迪召回", "zh")])
def test_a_make_and_the_word_recall_alone_lists_its_recalls(shipped_instance, database_url, question, lang):
    (reply,) = ask_turns(shipped_instance, database_url, (question, lang, None))
    assert reply["intent"] == "vehicle_recalls", reply


@pytest.mark.parametrize("question, lang", [
    ("can I see which OTA updates my car got before I bought it?", "en"),
    ("what updates has my car had?", "en"),
    ("我这车以前装过哪些OTA升级", "zh"),
])
def test_a_cars_update_history_says_what_the_portal_lists_and_who_knows_the_rest(shipped_instance, database_url,
                                                                                 question, lang):
    (reply,) = ask_turns(shipped_instance, database_url, (question, lang, None))
    assert reply["intent"] == "used_car_check", reply
    assert ("update history" if lang == "en" else "升级记录") in reply["answer"], reply["answer"]


@pytest.mark.parametrize("question, lang", [
    ("电池召回升级以后续航变短了正常吗", "zh"),
    ("after the battery recall update my range dropped, is that normal?", "en"),
])
def test_less_range_after_an_update_is_an_update_that_made_things_worse(shipped_instance, database_url, question, lang):
    (reply,) = ask_turns(shipped_instance, database_url, (question, lang, None))
    assert reply["intent"] == "update_regression", reply


@pytest.mark.parametrize("question, kind", [
    ("Mach-E rolled about a foot on my sloped driveway after I'd selected Park. Wrench light came on", "shift"),
    ("The seat belt chime doesn't go off in my kid's Model 3 when he forgets to buckle", "warning"),
    ("我的 Model 3 沒繫安全帶也不會叫，是壞掉還是有召回？", "warning"),
    ("秦PLUS DM-i 纯电模式用不了了，只能烧油，是不是电池有问题？", "battery"),
    ("朋友架小米 SU7 用自動泊車嗰陣差啲撼到條柱，係咪軟件有問題？", "assist"),
])
def test_more_faults_are_read_as_symptoms(symptoms, question, kind):
    found = symptoms.find(normalise(question))
    assert found is not None and found.name == kind, (question, found)


@pytest.mark.parametrize("question", [
    "Claimant's Model S was on firmware 2023.44.30.9 per his screenshot. Does that include the door recall remedy?",
    "跑滴滴的 车子收到召回短信说是OTA召回 要不要停运去4S店啊",
    "Model 3 轉向助力嗰個召回，內地公告寫 2023.38.9，美國又好似寫 2023.38.4，究竟邊個啱？",
    "特斯拉更新完倒车影像就好了吗 哪个版本",
])
def test_a_screenshot_a_ride_hailing_job_or_a_version_asked_is_no_symptom(symptoms, question):
    assert symptoms.find(normalise(question)) is None


@pytest.mark.parametrize("question, lang, expected", [
    ("特斯拉转向助力那个召回 升到哪个版本才算修好", "zh", "2023.38"),
    ("Model X 制動液位感應器嗰個內地召回，要升到邊個版本先修好？", "zh", "2023.32.9"),
    ("NIO's 2026 screen-blackout recall on ES8/ES6/EC6 — what target software version do owners need?", "en", "3.5.6"),
])
def test_which_version_fixes_a_recall_named_by_its_subject_gives_the_stated_version(shipped_instance, database_url,
                                                                                     question, lang, expected):
    (reply,) = ask_turns(shipped_instance, database_url, (question, lang, None))
    assert reply["intent"] == "recall_details" and expected in reply["answer"], reply


def test_which_version_after_a_symptom_is_the_listed_recalls_remedy(shipped_instance, database_url):
    first, second = ask_turns(shipped_instance, database_url, ("蔚来ES6 开着两个屏都黑了 吓死", "zh", None),
                              ("是不是那个召回 升哪个版本能好", "zh", None))
    assert first["intent"] == "symptom"
    assert second["intent"] == "recall_details" and "3.5.6" in second["answer"], second


def test_a_thank_you_closing_a_real_question_does_not_swallow_it(shipped_instance, database_url):
    long, short = ask_turns(shipped_instance, database_url,
                            ("您好，我对这些新名词不太懂。儿子说我那台车要搞个什么“OTA召回”，是不是车出了大毛病？麻烦您给我讲讲，谢谢您。",
                             "zh", None), ("thank you so much, that was really helpful!", "en", None))
    assert long["intent"] not in ("thanks", "greeting") and not long["fallback"], long
    assert short["intent"] == "thanks"


def test_a_car_whose_market_is_not_chosen_is_said_to_be_not_known_yet(shipped_instance, database_url):
    (reply,) = ask_turns(shipped_instance, database_url, ("any software recall for my XC40?", "en", "YV4ED3UR2N2712345"))
    assert "cannot tell which recalls apply" in reply["answer"], reply["answer"]
    assert reply["headline"] != "clear"


def test_a_make_with_no_recall_but_its_releases_says_both(shipped_instance, database_url):
    (reply,) = ask_turns(shipped_instance, database_url,
                         ("Do you track Rivian's OTA release notes? And were any Rivian software updates recalls?", "en", None))
    assert "no recall for the Rivian" in reply["answer"] and "/releases?make=rivian" in reply["answer"], reply["answer"]


def test_whether_every_recall_of_a_make_is_over_the_air_is_counted(shipped_instance, database_url):
    (reply,) = ask_turns(shipped_instance, database_url,
                         ("Newbie insists every Tesla recall is over the air so he never needs a service visit. Right?", "en", None))
    assert reply["intent"] == "dealer_visit"
    assert re.search(r"Of these \d+, \d+ are remedied over the air only", reply["answer"]), reply["answer"]


@pytest.mark.parametrize("question, lang, intent", [
    ("Can the dealer charge her for whatever fix is needed?", "en", "recall_cost"),
    ("如果要揸去 dealer 整，會唔會收錢？", "zh", "recall_cost"),
    ("where do i see what sync verison my truck has", "en", "vin_location"),
    ("怎么看车机现在是啥版本啊 想知道升没升级", "zh", "vin_location"),
    ("召回跟平时的OTA升级怎么区分 我车机天天提示升级", "zh", "ota_not_always_recall"),
    ("在做一期OTA召回的视频，2024年国内OTA召回一共多少起？涉及多少辆车？有没有官方出处", "zh", "ota_statistics"),
    ("Got a 2022 Grand Cherokee L with that backup camera recall. Can the fix come over the air or do I have to haul it to "
     "the Jeep store?", "en", "dealer_visit"),
])
def test_question_is_read_as_asked(shipped_instance, database_url, question, lang, intent):
    (reply,) = ask_turns(shipped_instance, database_url, (question, lang, None))
    assert reply["intent"] == intent, reply


def test_several_makes_named_get_each_makes_count(shipped_instance, database_url):
    (reply,) = ask_turns(shipped_instance, database_url,
                         ("We run a mix of Hyundai IONIQ 5s and Kia EV6s. Do you have recall data for those makes?", "en", None))
    assert "**Hyundai**" in reply["answer"] and "**Kia**" in reply["answer"], reply["answer"]


def test_a_make_in_the_plural_is_the_make(shipped_instance, database_url):
    (reply,) = ask_turns(shipped_instance, database_url,
                         ("For the Kias — are the recall fixes done over the air or do they all go to the dealer?", "en", None))
    assert reply["intent"] == "dealer_visit" and "Kia" in reply["answer"], reply["answer"]


def test_a_trial_named_with_a_paid_feature_is_explained(shipped_instance, database_url):
    (reply,) = ask_turns(shipped_instance, database_url,
                         ("my mach-e got an update and BlueCruise says trial. after that i gotta pay?", "en", None))
    assert reply["intent"] == "feature_change" and "A trial that arrives with an update" in reply["answer"], reply


@pytest.mark.parametrize("question, lang, words", [
    ("OTA升级到一半卡住了，进度条一直不动，能强制断电吗", "zh", "不要强行中断"),
    ("the update has been stuck at 40% for two hours, can I turn the car off?", "en", "Do not force it"),
])
def test_a_stuck_install_is_not_to_be_forced(shipped_instance, database_url, question, lang, words):
    (reply,) = ask_turns(shipped_instance, database_url, (question, lang, None))
    assert reply["intent"] == "update_failed" and words in reply["answer"], reply


def test_unknown_on_the_report_is_explained_after_the_report(shipped_instance, database_url):
    _, second = ask_turns(shipped_instance, database_url, ("幫我出份呢架車嘅召回歷史報告，要 print 畀客睇。", "zh", "5YJ3E1EB6KF412345"),
                          ("報告上面好多項寫住「未知」，即係冇召回定係點？", "zh", None))
    assert second["intent"] == "status_terms", second


@pytest.mark.parametrize("question, lang, intent", [
    ("美國那邊 OTA 修安全問題，也要跟 NHTSA 申報召回嗎？", "zh", "ota_approval"),
    ("Grand Cherokee 4xe 2022，網路上說高壓電池那個召回要停戶外、不要充電，是真的嗎？", "zh", "safe_to_drive"),
    ("thinking to buy this 2015 Model S as my 1st car, the recall history ok or not?", "en", "used_car_check"),
])
def test_more_questions_are_read_as_asked(shipped_instance, database_url, question, lang, intent):
    (reply,) = ask_turns(shipped_instance, database_url, (question, lang, None))
    assert reply["intent"] == intent, reply
    if intent == "ota_approval":
        assert "NHTSA" in reply["answer"]


@pytest.mark.parametrize("question", ["my dealer refused to do the recall, what can I do?",
                                      "can a dealer refuse to do the recall on a grey import?"])
def test_a_dealer_refusing_a_recall_gets_the_owners_rights(shipped_instance, database_url, question):
    (reply,) = ask_turns(shipped_instance, database_url, (question, "en", None))
    assert reply["intent"] == "recall_rights" and "A dealer will not do it?" in reply["answer"], reply


def test_several_makes_asked_about_over_the_air_get_each_makes_over_the_air_count(shipped_instance, database_url):
    (reply,) = ask_turns(shipped_instance, database_url, ("Do Toyota and Porsche push recalls over the air?", "en", None))
    assert re.search(r"\*\*Toyota\*\*: \d+ recall\(s\) in the portal's data, \d+ of them remedied over the air only",
                     reply["answer"]), reply["answer"]


@pytest.mark.parametrize("question, lang", [
    ("quick fact check - is it true basically all of Tesla's US recalls get fixed over the air?", "en"),
    ("特斯拉在美国的召回里，大概有多大比例是靠OTA解决的？", "zh"),
])
def test_the_share_of_a_makes_recalls_remedied_over_the_air_is_counted_from_the_data(shipped_instance, database_url,
                                                                                     question, lang):
    (reply,) = ask_turns(shipped_instance, database_url, (question, lang, None))
    assert reply["intent"] == "vehicle_recalls", reply
    counted = r"Counted from the (\d+) recall\(s\)" if lang == "en" else r"统计，共 (\d+) 项"
    assert re.search(counted, reply["answer"]), reply["answer"]
    assert "NHTSA" in reply["answer"]  # "in the US": NHTSA's recalls only


@pytest.mark.parametrize("question, lang, kind", [
    ("Customer's 2025 Explorer — backup camera image drops out when he's reversing. Is there a known recall?", "en", "camera"),
    ("shache jinggao deng liang le, brake warning light on, hai neng kai ma??", "en", None),
    ("bZ3 表上明明还有30%的电 在高速上突然没劲了 开不快 这咋回事啊", "zh", "power"),
])
def test_faults_told_of_someone_else_or_in_pinyin_get_safety_first(shipped_instance, database_url, question, lang, kind):
    (reply,) = ask_turns(shipped_instance, database_url, (question, lang, None))
    assert reply["intent"] == "symptom" and not reply["fallback"], reply


@pytest.mark.parametrize("question", [
    "15款福特翼虎 美国那边有个仪表盘软件的召回 要去经销商刷软件吗 要钱不",
    "听说23款捷豹XFL有个CarPlay的召回 仪表会黑屏 是OTA升级还是得去店里",
])
def test_a_recall_heard_of_is_asked_about_not_reported(symptoms, question):
    assert symptoms.find(normalise(question)) is None


@pytest.mark.parametrize("question, lang, intent", [
    ("Is there a recall on Teslas for the bonnet latch? Front boot, frunk, whatever they call it.", "en", "recall_details"),
    ("My Model Y windshield barely defrosts. Heard there was a recall on the heat pump for this?? fixed by an update?", "en",
     "recall_details"),
    ("FSD Beta 那個不完全停車（rolling stop）的召回，是哪一版軟體修掉的？", "zh", "recall_details"),
    ("Where on earth do I find which software version my Model Y is running? Bought it second hand.", "en", "vin_location"),
    ("Tesla 點樣睇返而家裝緊邊個軟件版本？個屏幕撳嚟撳去都搵唔到", "zh", "vin_location"),
    ("Tried it again this morning, failed again. Now what?", "en", "update_failed"),
    ("And who checks these before they get sent to my car? Anybody?", "en", "ota_approval"),
    ("Reviewing an R1S. What did Rivian's 2023.30 update add? A one-touch garage door opener?", "en", "release_changes"),
    ("xiaopeng G6 you mei you OTA zhaohui", "zh", "make_not_covered"),
    ("小米su7那个找回是怎么回事 泊车的那个", "zh", "recall_details"),
    ("有人知道Rivian最近幾次OTA更新加了什麼新東西嗎？", "zh", "latest_release"),
    ("请问小米SU7标准版关于智能泊车辅助的召回，具体是什么缺陷？", "zh", "recall_details"),
])
def test_round_thirteen_readings(shipped_instance, database_url, question, lang, intent):
    (reply,) = ask_turns(shipped_instance, database_url, (question, lang, None))
    assert reply["intent"] == intent, reply


def test_an_out_of_scope_question_is_declined_in_plain_words(shipped_instance, database_url):
    (zh,) = ask_turns(shipped_instance, database_url, ("聽日會唔會落大雨？", "zh", None))
    assert zh["fallback"] and "無法回答" in zh["answer"] and "範圍" in zh["answer"], zh["answer"]


def test_a_recall_named_by_its_subject_lists_whether_each_fitting_one_needs_a_visit(shipped_instance, database_url):
    (reply,) = ask_turns(shipped_instance, database_url,
                         ("Tesla 倒車鏡頭冇畫面嗰個召回，OTA 更新完仲要唔要返 service centre 換電腦？", "zh", None))
    assert reply["intent"] == "dealer_visit" and "25V002000" in reply["answer"], reply["answer"]


def test_which_version_after_a_symptoms_list_gives_each_listed_recalls_version(shipped_instance, database_url):
    first, second = ask_turns(shipped_instance, database_url,
                              ("租來的Model Y要倒車的時候，後鏡頭畫面都沒出來黑黑一片，這是那個召回的問題嗎？還能開嗎", "zh", None),
                              ("那修好的軟體版本是哪一版？", "zh", None))
    assert first["intent"] == "symptom"
    assert second["intent"] == "recall_details" and "2024.44.25.3" in second["answer"], second["answer"]


def test_tpms_names_the_tire_pressure_recall(shipped_instance, database_url):
    first, second = ask_turns(shipped_instance, database_url, ("whats the tpms recall on model 3 about", "en", None),
                              ("which software version fixes it", "en", None))
    assert "24V935000" in first["answer"] and "2024.38.7" in second["answer"], (first["answer"], second["answer"])


@pytest.mark.parametrize("question, lang, releases", [
    ("Which Power-Up actually fixed recall 22S41 on the Mach-E?", "en", ["/releases/ford/2.7.3", "/releases/ford/4.2.6"]),
    ("福特Power-Up里那个25S65召回是哪次OTA解决的？", "zh", ["/releases/ford/25.10.10"]),
])
def test_a_makers_campaign_number_is_answered_from_the_release_notes_that_name_it(shipped_instance, database_url,
                                                                                   question, lang, releases):
    (reply,) = ask_turns(shipped_instance, database_url, (question, lang, None))
    assert reply["intent"] == "recall_details", reply
    assert all(url in reply["answer"] for url in releases), reply["answer"]
    assert "NHTSA" in reply["answer"]  # no source links the number to an NHTSA record: said, with where to check


def test_a_campaign_number_no_release_names_is_said_to_be_unknown(shipped_instance, database_url):
    (reply,) = ask_turns(shipped_instance, database_url, ("what is recall 21S99", "en", None))
    assert "holds nothing on recall 21S99" in reply["answer"], reply["answer"]


def test_a_campaign_number_asked_with_a_visit_question_answers_over_the_air(shipped_instance, database_url):
    (reply,) = ask_turns(shipped_instance, database_url, ("25S65 do i need to go to the dealer", "en", None))
    assert reply["intent"] == "dealer_visit" and "/releases/ford/25.10.10" in reply["answer"], reply["answer"]


def test_a_campaign_number_no_release_names_but_whose_recall_the_words_name_is_that_recall(shipped_instance, database_url):
    (reply,) = ask_turns(shipped_instance, database_url,
                         ("F-150 trailer brake module recall (26C10) — will it come OTA or do I need to go to Ford?", "en", None))
    assert "26V104000" in reply["answer"], reply["answer"]


@pytest.mark.parametrize("question, kind", [
    ("倒車嗰陣個 mon 冇晒畫面，全黑，我而家泊車要點算？係咪召回嗰個問題？", "camera"),
    ("SU7自动泊车的时候差点蹭到柱子，跟之前那个召回有关系吗", "assist"),
    ("the backup camera is just black when I put it in reverse. I'm in a parking garage right now", "camera"),
])
def test_a_fault_told_with_a_recall_asked_about_is_answered_safety_first(symptoms, question, kind):
    found = symptoms.find(normalise(question))
    assert found is not None and found.name == kind, (question, found)


def test_camera_advice_never_says_to_rely_on_the_camera(shipped_instance, database_url):
    (reply,) = ask_turns(shipped_instance, database_url,
                         ("the backup camera is just black when I put it in reverse, I'm stuck in a garage", "en", None))
    assert reply["intent"] == "symptom" and "rely on the camera" not in reply["answer"], reply["answer"]


def test_a_cars_update_history_asked_with_a_vin_says_where_it_is_kept(shipped_instance, database_url):
    (reply,) = ask_turns(shipped_instance, database_url,
                         ("Can I see the OTA history of a used Model Y before buying?", "en", "7SAYGDEEXPF654321"))
    assert reply["intent"] == "used_car_check" and "update history" in reply["answer"], reply["answer"]
    assert reply["headline"] != "clear"
