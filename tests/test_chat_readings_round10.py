"""Classes of question the assistant misread, each fixed by a rule that holds for the whole class.

A symptom told in words no list held (a tyre-pressure light, a surround-view image
in pieces, a car that will not charge); the car itself named in a question that
reports nothing ("his EV was 'nothing to worry about'"); a follow-up that asks
something of the recall after a symptom; an errand the portal holds nothing on
(opening hours, food, a loan); a Cantonese question typed in Simplified
characters; a Taiwan word for a used car; a make written in the plural; a VIN
whose maker code the portal does not know, or whose check digit does not add up
where makers need not use one.
"""

from __future__ import annotations

import pytest
from conftest import ask_turns, opened_app

from portal.chat.normalise import normalise
from portal.chat.script import variant_of
from portal.vehicles import advisory_message, validate_vin

UNKNOWN_MAKER_VIN = "LW433B10XR1234567"  # well formed, check digit right, maker code LW4 unknown to the portal
ADVISORY_VIN = "KM8KRDAF5NU054321"  # a Korean-built IONIQ 5 whose check digit (position 9) does not add up


@pytest.mark.parametrize("question, kind", [
    ("tire pressure light comes on every morning then goes off, is there a recall?", "warning"),
    ("TPMS keeps coming on", "warning"),
    ("开了一会儿屏幕弹出胎压异常", "warning"),
    ("今天倒车的时候环视影像的画面全错位了，正常吗", "camera"),
    ("my ioniq 5 wont charge since the last update", "battery"),
    ("升级以后充不进电了", "battery"),
    ("my car died on the highway", "general"),
    ("the car is dead and wont start", "power"),
    ("update failed, now the car wont drive", "power"),
    ("my car rolled a little after I put it in park", "shift"),
    ("the instrument cluster blacked out for a second on the expressway", "screen"),
    ("屏幕一直闪", "screen"),
    ("泊车的时候突然自己刹车了", "brakes"),
    # A VIN given in the question only labels it: the fault told with it is still a report.
    ("車身號碼 7SAXCDE5XPF400812，倒車鏡頭沒畫面，是召回嗎？", "camera"),
])
def test_a_fault_in_new_words_is_a_symptom(symptoms, question, kind):
    found = symptoms.find(normalise(question))
    assert found is not None and found.name == kind, (question, found)


@pytest.mark.parametrize("question", [
    "My friend said the recalls on his EV were 'nothing to worry about'. What exactly is an OTA recall?",
    "The dealer gave me a blank stare when I asked whether my car is in the recall",
    'The app said "Software update failed. Your vehicle will retry the installation." Do I book service?',
    "Bought the car last year and honestly the ota recall process was nothing special, what does the portal show?",
    "The VIN on the registration and the one on the dash differ by one letter, which is right?",
])
def test_the_car_named_near_no_fault_of_its_own_is_no_symptom(symptoms, question):
    assert symptoms.find(normalise(question)) is None




CASES = [
    # Errands the portal holds nothing on, even with a make or a service centre named.
    ("what time does the Tesla service center in Fremont open on Saturday?", "en", None, None, []),
    ("等保养的时候附近有什么好吃的", "zh", None, None, []),
    ("这台车贷款分36期，月供大概多少", "zh", None, None, []),
    # A feature made paid by an update is a feature change, not a new fault; a failed install is not "why OTA".
    ("升级后有个功能要订阅才能用了，合法吗", "zh", None, "feature_change", []),
    ("OTA 装了两次都 failed，这个 recall 算做完了吗", "zh", None, "update_failed", []),
    # Hiding a defect, the four kinds of update, a Taiwan used car.
    ("厂商会不会偷偷用OTA修掉缺陷却不公布召回", "zh", None, "concealment", ["不能"]),
    ("工信部把OTA分成四种，分别是什么", "zh", None, "ota_categories", ["备案"]),
    ("中古車要怎麼查以前有沒有召回", "zh", None, "used_car_check", []),
    # Makes in the plural: the portal says what it does not cover.
    ("we sell Hondas and Subarus too, will the portal show their recalls?", "en", None, "make_not_covered", ["Not covered"]),
    # A VIN of a maker code the portal does not know: the VIN page's words, and no data is no verdict.
    (f"帮我查 {UNKNOWN_MAKER_VIN}", "zh", None, "vehicle_recalls", ["LW4", "未覆盖", "市场监管总局"]),
    (f"any recalls on {UNKNOWN_MAKER_VIN}?", "en", None, "vehicle_recalls", ["LW4", "Not covered", "nhtsa.gov/recalls"]),
    # How to check a car yourself, asked without a VIN: the authority's lookup is named.
    ("NHTSA網站要怎麼查我的車有沒有召回？", "zh", None, "vehicle_recalls", ["NHTSA", "nhtsa.gov/recalls"]),
    # A maker's share price, with a recall named: still no recall question.
    ("Will TSLA stock go up after this latest recall?", "en", None, None, []),
    ("召回之后特斯拉股价会跌吗", "zh", None, None, []),
    # Pinyin typed a syllable at a time, a homophone for 召回, a Taiwan word for the VIN, "unknown" asked about.
    ("mai er shou che de shi hou zen me cha zhao hui ji lu", "zh", None, "used_car_check", []),
    ("手机上提示有个软件更新，这个算不算招回", "zh", None, "ota_not_always_recall", []),
    ("行照上面哪一串是車身號碼？", "zh", None, "vin_location", []),
    ("为啥显示状态未知，你们不是有数据吗", "zh", None, "status_terms", []),
    ("我是第二任车主，厂家的通知都发不到我这里", "zh", None, "recall_rights", []),
    # A paid feature or a trial asked about beside "recall": the features an update made paid, not why OTA can be a recall.
    ("is the bluecruise 1.4 update a recall? do i have to pay for it", "en", None, "feature_change", []),
    ("Rivian says TuneIn Premium is a 365-day trial, will they take it away like a recall would?", "en", None, "feature_change", []),
    # A second-hand owner in digits, waiting weeks before installing, "I thought a recall meant new parts".
    ("got it 2nd hand, does the recall still apply to me or only the 1st owner", "en", None, "recall_rights", []),
    ("I usually wait a few weeks after a firmware release before installing. Fine for a recall remedy too?", "en", None,
     "update_postpone", []),
    ("a software bug is a recall now? i thought recalls meant new parts at the dealer", "en", None, "ota_recall_why", []),
    # The national figures doubted, postponing in pinyin, 审批 and 备案 mistyped.
    ("2024年OTA召回19次是真的假的", "zh", None, "ota_statistics", ["19"]),
    ("先不 shengji 行不行 下周再说", "zh", None, "update_postpone", []),
    ("OTA升级要审皮还是被案", "zh", None, "ota_approval", ["备案"]),
    # A recall named in English inside a Chinese question: found by its English title among the car's recalls.
    ("那个 hood latch recall 要不要去 service center 做", "zh", "5YJYGDEE2MF214375", "dealer_visit", ["24V554000"]),
    ("do I need to book service for the hood latch recall?", "en", "5YJYGDEE2MF214375", "dealer_visit", ["24V554000"]),
    # Whether a document carries the VIN; a car that sat with no signal; why a software fix needs a visit.
    ("all I have is the insurance card, is the VIN on that?", "en", None, "vin_location", ["insurance"]),
    ("the car was parked underground with no signal for months, did it miss the recall update?", "en", None,
     "update_failed", ["Wi-Fi"]),
    ("why do I have to go to the dealer for a recall that is only a software update?", "en", None,
     "ota_vs_dealer_recall", ["dealer"]),
    ("can I refuse the recall update?", "en", None, "update_postpone", ["should install"]),
    # A feature an update broke, a held make's coverage, a make's recalls counted, what the portal sees, a dealer refusing.
    ("my phone key stopped working after the update, is there a recall?", "en", None, "update_regression", []),
    ("Is the Rivian R1T covered by your portal?", "en", None, "vehicle_recalls", ["Rivian"]),
    ("how many OTA recalls did Tesla have in 2023?", "en", None, "vehicle_recalls", ["Tesla"]),
    ("does the portal show if my car's recall was done at the dealer?", "en", None, "status_terms", []),
    ("can a dealer refuse to do a recall because I bought the car used?", "en", None, "recall_rights", ["free"]),
    # Whether to drive while waiting for parts; a recall named by 泊车; "有没有" names no recall's title.
    ("4S店说召回要换件，要等两个月，这期间能开吗", "zh", None, "safe_to_drive", []),
    ("小米SU7的泊车召回是什么问题", "zh", None, "recall_details", ["cn-2025-01-xiaomi-su7-parking"]),
    ("刚买的二手Model Y，原车主有没有做召回怎么查", "zh", None, "recall_status", ["车架号"]),
    # A recall whose remedy is an update and a visit: what the notice says the visit is for.
    ("秦PLUS DM-i 电池召回升级完了还要不要进店", "zh", None, "dealer_visit", ["电池包"]),
]


@pytest.mark.parametrize("question, lang, vin, intent, words", CASES, ids=[c[0][:40] for c in CASES])
def test_question_is_read_as_asked(shipped_instance, database_url, question, lang, vin, intent, words):
    (reply,) = ask_turns(shipped_instance, database_url, (question, lang, vin))
    assert reply["intent"] == intent, reply.get("trace")
    assert reply["fallback"] is (intent is None)
    for word in words:
        assert word in reply["answer"], (word, reply["answer"][:600])


def test_a_recall_asked_about_after_a_symptom_gets_its_own_answer(shipped_instance, database_url):
    """"那个召回要去服务中心吗" after a camera symptom: the visit for that recall, not the safety advice again."""
    first, visit, cost = ask_turns(shipped_instance, database_url, ("特斯拉Model 3 倒车的时候影像突然没画面了", "zh", None),
                              ("那个召回要我去服务中心吗", "zh", None), ("修的话要花钱不", "zh", None))
    assert first["intent"] == "symptom"
    assert visit["intent"] == "dealer_visit", visit["trace"]
    assert cost["intent"] == "recall_cost", cost["trace"]
    assert "免费" in cost["answer"]


def test_a_vin_whose_check_digit_does_not_add_up_gets_the_pages_warning(shipped_instance, database_url):
    assert "check_digit_mismatch" in validate_vin(ADVISORY_VIN).warnings
    en, zh = ask_turns(shipped_instance, database_url, ("recalls for this one?", "en", ADVISORY_VIN), ("这台车有召回吗", "zh", ADVISORY_VIN))
    assert en["answer"].startswith(advisory_message("en")), en["answer"][:200]
    assert zh["answer"].startswith(advisory_message("zh")), zh["answer"][:200]
    with opened_app(shipped_instance, database_url) as app:
        page = app.test_client().get(f"/vin/{ADVISORY_VIN}").get_data(as_text=True)
    assert advisory_message("en").replace("'", "&#39;") in page


def test_a_vin_with_a_right_check_digit_gets_no_warning(shipped_instance, database_url):
    (reply,) = ask_turns(shipped_instance, database_url, ("recalls?", "en", "5YJSA1H12FFP71790"))
    assert advisory_message("en") not in reply["answer"]


@pytest.mark.parametrize("question, variant", [
    ("我嘅Model 3呢几年做咗好几次召回，明年卖车会唔会被压价", None),  # Cantonese in Simplified characters
    ("我嘅Model 3呢幾年做咗好幾次召回", "s2hk"),  # the same in Traditional characters
    ("查下呢架 Civic", "s2hk"),  # Cantonese in characters both scripts share
])
def test_cantonese_is_answered_in_the_script_it_is_typed_in(question, variant):
    assert variant_of(question) == variant


def test_taiwan_words_meet_the_rules_words():
    assert "二手车" in normalise("買中古車要注意什麼")
    assert "维修厂" in normalise("保養廠說要換零件")


def test_a_vin_given_with_a_general_question_brings_what_its_page_says(shipped_instance, database_url):
    """A general answer must not read as a verdict on the car whose VIN came with it."""
    nissan, tesla = ask_turns(shipped_instance, database_url,
                         ("my parents are worried: is a recall a sign of poor quality?", "en", "1N4AZ1CV9MC551240"),
                         ("is a recall a sign of poor quality?", "en", "5YJSA1H12FFP71790"))
    assert "Not covered" in nissan["answer"] and nissan["headline"] == "not_covered", nissan["trace"]
    assert "Not known" in tesla["answer"] and "/vin/5YJSA1H12FFP71790" in tesla["answer"], tesla["trace"]
