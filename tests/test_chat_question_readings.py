"""Readings of questions as owners, buyers and support staff word them, over the shipped content.

Each case is a class of question the assistant once misread: a recall's fix
asked about read as a symptom report, a piece of a VIN, a dealer's charge for
a remedy, an update offered taken for a recall, "why is it unknown?", a
symptom's follow-up, the makes the portal holds. The expected reading and the
words a right answer cannot lack are checked through the JSON API.
"""

from __future__ import annotations

import pytest
from conftest import ask_turns

S_2021 = "5YJSA1E26MF427731"  # a 2021 Tesla Model S
CHEROKEE = "1C4RJYB63N8651104"  # a 2022 Jeep Grand Cherokee

CASES = [
    # A recall's fix asked about, not a fault reported: no safety advice in place of the answer.
    ("刹车液那个修好了吗", "zh", None, "vehicle_recalls", ["车架号"]),
    ("Model S 2021 5YJSA1E26MF427731, version 2022.20.9. I read about the power steering assist recall. do I have the fix?",
     "en", None, "recall_status", ["22V818000", "2022.36.5"]),
    # Two recalls of the car fit the words: each of them on this car, not the whole record.
    ("Software says 2024.20.3. Is the frunk/hood latch recall done then?", "en", S_2021, "recall_status",
     ["21V00B000", "24V554000"]),
    # A piece of a VIN: all 17 characters are needed, and where to find them.
    ("vin starts 1FTFW1E5 thats all i got, is that enough", "en", None, "vin_location", ["17", "windscreen"]),
    ("LRW3E7FS 後面的忘了 能查嗎", "zh", None, "vin_location", ["17", "擋風玻璃"]),
    # A charge for a remedy: free, and where to take it.
    ("Dealer wants $180 labor to do a recall reflash on my Grand Cherokee. Is that legit?", "en", CHEROKEE,
     "recall_cost", ["free of charge", "in writing"]),
    ("車廠說這個軟體召回要換新版車機才修得好，而且要自己出一半錢，這對嗎？", "zh", None, "recall_cost", ["免費", "投訴"]),
    # An update offered is not by itself a recall.
    ("Got a notification for update 2024.2 on my Model 3 this morning. Does that mean my car was recalled?", "en", None,
     "ota_not_always_recall", ["not every"]),
    ("车机提示有新版本，是不是说明我的车被召回了？", "zh", None, "ota_not_always_recall", ["并非"]),
    # Why a status is unknown.
    ("how come u cant tell me if its fixed?? tesla knows", "en", None, "status_terms", ["Status unknown", "software version"]),
    # The makes the portal holds, and a make it does not.
    ("你们这个网站都支持哪些品牌？蔚小理都有吗", "zh", None, "make_not_covered", ["特斯拉", "蔚来", "NHTSA"]),
    ("Is a Lucid Air covered by your recall lookup? Thinking of buying a used one.", "en", None, "make_not_covered",
     ["Not covered", "Lucid"]),
    # A recall's population asked about by its subject.
    ("蔚来那个中控黑屏的召回，涉及多少车？", "zh", None, "recall_details", ["S2026M0017I", "246"]),
    # Symptoms not listed before: what to do now comes first.
    ("My Model S doors won't open from inside and I'm sitting in the car", "en", S_2021, "symptom", ["manual"]),
    ("bz3 高速上 电量突然掉得好快 还显示有电", "zh", None, "symptom", ["充电", "双闪"]),
    # Not a symptom: "自己" in "查自己車子的召回" names the asker's car.
    ("要怎麼用NHTSA查自己車子的召回？在台灣買的車也查得到嗎？", "zh", None, "recall_lookup", ["nhtsa.gov/recalls"]),
    # Postponing and scheduling a recall update.
    ("我明天要跑长途，能拖一周再升吗", "zh", None, "update_postpone", ["尽快", "预约"]),
    # A make named with statistics words asks about that model's recalls, not the national figures.
    ("小米SU7一共召回过几次？", "zh", None, "vehicle_recalls", ["S2025M0149I"]),
    # A symptom told, with a recall asked about: still safety first.
    ("Backup camera shows nothing when I put it in reverse (2022 Model X). Related to a recall?", "en", None, "symptom",
     ["mirrors"]),
    # A recall named by its subject with a version: each fitting recall against the version, or the one on the car.
    ("im on 2023.38.4 is the power steering recall (the 2023 model 3 one) done", "en", None, "recall_status",
     ["25V092000", "is fixed on it"]),
    ("小米SU7标准版，现在系统是HyperOS 1.9，高速领航那个召回我是不是还没升级？", "zh", None, "recall_status", ["1.10.0", "尚未修复"]),
    ("我车已经更新到2024.20.3了 frunk那个recall算fix了吗", "zh", "7SAYGDEE6NF312345", "recall_status", ["24V554000", "已修复"]),
    ("Model 3 5YJ3E1EA0PF412873 on 2023.44.30.8. There was a recall about the brake/ABS warning light font being too small. Fixed?",
     "en", None, "recall_status", ["24V051000", "2023.44.30.9"]),
    # Where the VIN is, and where recalls are looked up by VIN.
    ("My son asked me for the car's VIN number so he can check recalls. I have no idea where to find that. It's a Toyota Camry.",
     "en", None, "vin_location", ["windscreen"]),
    ("去哪里用车架号查召回", "zh", None, "recall_lookup", ["nhtsa.gov/recalls"]),
    # A recall named by a maker's own feature name, and the same defect recalled by the other authority.
    ("特斯拉那个自动辅助转向的召回，美国那边也召回了吧？两边是一回事吗", "zh", None, "recall_details",
     ["cn-2024-01-tesla-autosteer", "23V838000"]),
    ("I'm on 2023.38.9. Does that already have the Autosteer recall fix or do I need to update?", "en", None, "recall_status",
     ["23V838000", "2023.44.30", "not fixed yet"]),
    # A feature name with no recall of the make about it: said, and the make's OTA recalls listed.
    ("Ford BlueCruise recall, is it fixed over the air?", "en", None, "recall_status", ["could not match", "26V165000"]),
    # Several parts told: the first told is the subject.
    ("My Model Y's wipers stopped mid-rain and the screen says autopilot unavailable, what now?", "en", None, "symptom",
     ["Wipers"]),
    ("screan went blak while drivng", "en", None, "symptom", ["stop safely"]),
    # Refusing a recall update, and an update lowering range.
    ("可以拒絕OTA召回嗎？", "zh", None, "update_postpone", ["安全"]),
    ("Can a maker push an update that lowers my battery range without telling me?", "en", None, "ota_approval",
     ["technical parameters"]),
    # Domain words in toneless pinyin, and symptoms told with words not listed before.
    ("zhaohui yao qian ma", "en", None, "recall_cost", ["free of charge"]),
    ("OTA shi shenme yisi a", "en", None, "ota_definition", ["over the air"]),
    ("倒車雷達唔響", "zh", None, "symptom", ["倒車"]),
    ("the car wont go into reverse", "en", None, "symptom", ["parking brake"]),
    # A fault told as having happened to the car is answered safety first, even when a recall is named or a report asked for.
    ("2018 Model S here. The steering went really heavy once in a parking lot last year, then came back. "
     "Is there a power steering recall on my car and has it been done?", "en", None, "symptom", ["hazard lights"]),
    ("how do i report a defect to the goverment my car keeps doing phantom braking", "en", None, "report_defect",
     ["Brakes that feel odd", "nhtsa.gov"]),
    ("車身號碼 7SAXCDE5XPF400812，軟體版本2023.2.200，倒車鏡頭沒畫面，是召回嗎？", "zh", None, "symptom", ["後視鏡"]),
    ("SU7自动泊车差点刮柱子上，系统没反应", "zh", None, "symptom", ["接管"]),
    # A park-outside advisory: not in a garage.
    ("My recall letter says 'park outside'. Can I still use my garage at night?", "en", None, "safe_to_drive",
     ["not in a garage", "charging"]),
    # A make the portal does not hold, asked about its recalls in any words.
    ("Reporter here. How many OTA recalls has Mercedes-Benz issued in the US since 2022?", "en", None, "make_not_covered",
     ["Not covered"]),
    # Out of warranty: the remedy is still free.
    ("秦PLUS电池召回要到店，我过保了，换电池包是不是得自己掏钱", "zh", None, "recall_cost", ["免费"]),
    # Recalls that fit a feature's name, asked without a car or version: each with its remedy.
    ("Was the Xiaomi SU7 highway navigation assist recall done over the air?", "en", None, "recall_status",
     ["S2025M0149I", "over-the-air"]),
    # The regulators by name; a figure checked; where to report; a VIN new to the conversation with a thank-you.
    ("What is SAMR?", "en", None, "recall_lookup", ["State Administration for Market Regulation"]),
    ("4.07 million is that right?? for ota recalls 2024 in china", "en", None, "ota_statistics", ["4.07 million"]),
    ("think my car has a defect thats not recalled yet where do i report", "en", None, "report_defect", ["nhtsa.gov"]),
    ("nissan leaf vin in box thx", "en", "1N4BZ1CVXNC123456", "vehicle_recalls", ["Not covered"]),
    ("ota召回 mianfei ma", "zh", None, "recall_cost", ["免费"]),
    # A VIN whose maker code the portal does not know, with a model named: what the VIN page says, then the model's recalls.
    ("小米SU7，查一下召回修好了没", "zh", "LNBMDBAA9RU028364", "vehicle_recalls", ["LNBMDBAA9RU028364", "S2025M0149I"]),
    # "Is it safe?" for a car whose recalls are all unseen: how to find out comes with the answer.
    ("呢架車安唔安全㗎？有冇嘢要處理？", "zh", "7SAYGDEEXPF654321", "safe_to_drive", ["nhtsa.gov/recalls?vin=7SAYGDEEXPF654321"]),
    # A VIN with a word around it asks for the car's record; a make the portal does not hold is named as the decoder names it.
    ("vin 1HGCV1F35LA054321", "en", None, "vehicle_recalls", ["Honda Accord", "Not covered"]),
    # A model year beside the model keeps the list to that year.
    ("does the portal know my ford escape 2019 recalls?", "en", None, "vehicle_recalls", ["2019 Ford Escape", "22V413000"]),
    # A fault an update brought: whose it is to fix, and not driving when it touches driving.
    ("who pays if the recall update breaks something else?", "en", None, "update_regression", ["maker", "free of charge"]),
    ("升級之後導航變慢了，這算不算瑕疵可以要求修嗎", "zh", None, "update_regression", ["廠家", "版本"]),
    # A VIN in the box with "my vin": the car's record, not where a VIN is found.
    ("do u cover mazda? my vin", "en", "JM1BPBFL9L1123456", "vehicle_recalls", ["Not covered", "no sign the car has none"]),
    # The authority's per-VIN answer against the portal's "unknown".
    ("NHTSA lookup says 'Recall INCOMPLETE' for my Explorer but your portal just says unknown. Which one do I believe?",
     "en", None, "status_terms", ["believe them"]),
    # How to know whether a recall was done: the numbers needed, and how to check without the portal.
    ("點樣知道架車嘅召回做咗未？4S店個職員話佢都唔知", "zh", None, "recall_status", ["車架號", "App"]),
    # A garage without signal is about receiving the update, not a park-outside advisory.
    ("我的SU7常年停地库没信号，召回的OTA能推到吗？", "zh", None, "update_failed", ["信号"]),
    # A sales pitch about a recall and the price: resale, not the cost of the remedy.
    ("Sales guy on the lot says the recall on this Mach-E is 'just software, doesn't matter for the price.' Legit?",
     "en", None, "resale_value", ["free of charge"]),
    # A driving-automation update in China: the categories, with the access permit.
    ("自動駕駛相關的OTA升級，在中國是怎麼管的？", "zh", None, "ota_categories", ["准入"]),
    ("UI优化那种小更新 也要审批吗", "zh", None, "ota_approval", ["备案即可"]),
    # A version stated with a recall named by its part: the recalls of that part a source gives a remedy version for.
    ("我Model Y还停在2023.32.7没升，是不是那个方向盘助力的召回还没做？", "zh", None, "recall_status", ["25V092000", "2023.38.4", "尚未修复"]),
    # A version stated with a VIN: the recalls it settles are named, not left past the listed lines.
    ("I'm running 2024.20.3 on my 2021 Model 3. Which recalls does that knock out?", "en", "5YJ3E1EB1MF904512",
     "vehicle_recalls", ["fixed on 2024.20.3", "24V554000", "23V838000"]),
    # Sold features are not remedies: the maker may charge for them.
    ("更新完 FSD 變成要月費才能用，這算召回嗎？車廠可以這樣做嗎？", "zh", None, "feature_change", ["不算召回"]),
    ("wat is a OTA recall?? got a email from tesla saying recall but they said no need to go service center. confused lol",
     "en", None, "ota_recall_why", ["defect"]),
    ("Just got a pop up for a software update on my Model Y. Does that mean there's a recall on my car?", "en", None,
     "ota_not_always_recall", ["not every"]),
    # Money off because of a recall is a resale question.
    ("Does an OTA recall on a used Tesla mean I should offer less money for it?", "en", None, "resale_value", ["value"]),
    ("OTA召回過的車，賣二手會比較便宜嗎？", "zh", None, "resale_value", ["保值"]),
    # A version alone names its make (its release), and its digits are no words ("2022.4.5" is not "4 categories").
    ("My car shows version 2022.4.5. Does that mean I'm covered for the seat belt chime recall thing?", "en", None,
     "recall_status", ["22V045000", "is fixed on it"]),
    # Which cars a recall takes in, when asked whether it reaches the asker's car; a remedy is free.
    ("海鸥23年5月底提的车，倒车影像召回有我吗？", "zh", None, "recall_status", ["2023年5月31日", "生产"]),
    ("秦PLUS DM-i 21款，车架号已经填了，电池那个召回我该怎么弄？", "zh", "LGXCH4CD5M2097351", "recall_details",
     ["cn-2025-11-byd-qin-plus-dmi-battery", "补救免费"]),
    ("Every couple of weeks my car downloads something new. Are all of those recalls?", "en", None,
     "ota_not_always_recall", ["not every update"]),
    # An OTA recall against the recall done at a dealer, in the words people use for the latter.
    ("WHY DO SOME RECALLS GET FIXED OVER THE AIR AND OTHERS NEED THE DEALER", "en", None, "ota_vs_dealer_recall", ["dealer"]),
    ("OTA召回和普通 recall 有啥区别", "zh", None, "ota_vs_dealer_recall", ["到店"]),
    # The warranty has no bearing on a recall; what the China rules forbid; who pays when the dealer insists.
    ("車子過了保固期，召回還算數嗎？", "zh", None, "recall_rights", ["保固"]),
    ("中國規定車廠不能用OTA做哪些事？", "zh", None, "ota_approval", ["隱瞞"]),
    # A car the VIN page cannot list, of a model the portal holds no recall for: the general answer, not the make's
    # other models' recalls.
    ("does hyundai do recalls OTA on the ioniq 5 or is it always a dealer trip", "en", "KM8KRDAF2NU058812", "dealer_visit",
     ["over the air", "service centre"]),
    # Recalls that fit a subject, each with its size where the source gives it.
    ("how many cars were in the big tesla autopilot recall in dec 2023", "en", None, "recall_details", ["1,610,105"]),
    # A recall done at home overnight; a feature taken away; postponing any update; when the China notice came out.
    ("My grandson set up the app and it says my car had a 'recall' done last night in the garage. Nobody came. "
     "How can that be a recall??", "en", None, "ota_recall_why", ["defect"]),
    ("Can a car company remove or restrict a feature with an update after I bought the car? Is that even allowed?", "en", None,
     "feature_change", ["not a recall"]),
    ("It's asking me to install an update right now but I need the car in 20 min. Can I postpone it to the weekend?", "en",
     None, "update_postpone", ["postpone"]),
    ("When was the MIIT/SAMR notice on OTA updates issued?", "en", None, "ota_approval", ["February 2025"]),
    # Nothing shown in the app is not nothing there; a lapsed connectivity plan and a recall update.
    ("车机上找不到召回记录，特斯拉App里也没看到，是不是说明我车就没召回？", "zh", None, "vehicle_recalls", ["不一定", "车架号"]),
    ("my premium connectivity expired, will I still get recall updates?", "en", None, "update_failed", ["Wi-Fi", "free of charge"]),
    # A dealer that will not do the remedy: the maker, then the regulator.
    ("do i have any right to demand recall repair as 3rd owner of 2016 model x? tesla sc being lazy", "en", None,
     "recall_rights", ["NHTSA"]),
    # Symptoms in words not listed before: what to do now first (a seat-belt chime gone quiet, 'shift denied',
    # lane keeping that yanks the wheel while a report is asked for).
    ("进口Model 3，驾驶位不系安全带也不响了", "zh", None, "symptom", ["双闪"]),
    ("2021 Model 3 won't come out of Park - says 'Shift denied'. I'm in a shopping centre car park.", "en",
     "5YJ3E1EB0MF098761", "symptom", ["parking brake"]),
    ("How do I report a safety defect? The lane-keep on my car keeps yanking the wheel towards the kerb.", "en", None,
     "report_defect", ["take over", "nhtsa.gov"]),
    # The dash showing a red triangle is a warning, not a screen fault, though "dash" names the screen too.
    ("my car keeps beeping and the dash shows a red triangle on the motorway", "en", None, "symptom", ["warning light"]),
    ("仪表一直嘀嘀响，还亮了个红色三角", "zh", None, "symptom", ["警告灯"]),
    # "Filing" is not a misspelt "failing": a question about approval, not a driver-assist fault.
    ("Must a carmaker get approval for a lane-keeping OTA in China or is filing enough?", "en", None, "ota_approval", ["filing"]),
    # Questions next to the portal's own topics, each with an answer of its own.
    ("Is a TSB the same thing as a recall?", "en", None, "service_bulletin", ["not a recall", "free"]),
    ("技术服务通告和召回有啥区别", "zh", None, "service_bulletin", ["不是召回", "免费"]),
    ("how long will the OTA take, can I drive while it installs?", "en", None, "update_duration", ["cannot be driven"]),
    ("升级到一半能把车开走吗", "zh", None, "update_duration", ["不能行驶"]),
    ("will a recall show on my autocheck report?", "en", None, "history_service", ["cannot say", "nhtsa.gov/recalls"]),
    ("I put aftermarket wheels and a tune on it, can the dealer say no to the recall?", "en", None, "recall_rights",
     ["does not cancel", "in writing"]),
    ("公司的车是租赁的，召回通知寄给谁，我能自己去做吗", "zh", None, "recall_rights", ["租赁公司", "免费"]),
    ("can I get sued if I lend my car with an open recall, and does it change my insurance?", "en", None, "legal_advice",
     ["legal or insurance advice", "free of charge"]),
    ("moving to Canada with my US Model Y — will the recalls still be done there?", "en", None, "market_move",
     ["market by market", "VIN"]),
    ("你们的召回数据是从哪里来的", "zh", None, "data_sources", ["NHTSA", "市场监督管理总局"]),
    ("Translate the recall letter for my mum into Chinese", "en", None, None, []),
    # A recall named by its subject alone, few titles of any make fitting it: those recalls.
    ("which software version fixes the seat belt chime recall", "en", None, "recall_details", ["22V045000"]),
    # A model's recalls asked for as "what is the X recall", not a definition of a recall.
    ("小米SU7的召回是什么", "zh", None, "vehicle_recalls", ["S2025M0149I"]),
    # A recall and a version named together: whether the version fixes it.
    ("does 2024.38.7 cover the TPMS campaign 24V935000 on my model 3?", "en", "5YJ3E1EB9PF401234", "recall_status",
     ["24V935000", "remedied"]),
    # A software line named with the version ("Aspen 3.5.2") is compared on that line.
    ("NIO ES8 on Aspen 3.5.2 — is the black screen recall fixed?", "en", None, "recall_status", ["3.5.6", "not fixed"]),
    # The market named picks that market's recall of the part.
    ("特斯拉中国的转向助力召回是怎么回事", "zh", None, "recall_details", ["cn-2025-01-tesla-eps"]),
    # A feature named by the question leads the list of changes.
    ("the boombox stopped working after an update, was it removed?", "en", None, "feature_change", ["Boombox"]),
    # A used model named without a VIN: its recalls lead the checklist.
    ("想买一台二手秦PLUS DM-i，要查什么召回", "zh", None, "used_car_check", ["cn-2025-11-byd-qin-plus-dmi-battery", "车架号"]),
    # "Every", "all" and "software" near the word recall do not make a question about updates in general.
    ("Our company bought a Rivian R1T. Does it have any recalls? I thought it was all software.", "en", "7FCTGAALXNN012345",
     "vehicle_recalls", ["Rivian"]),
    ("my kid keeps pressing postpone on the update, is that a problem if it's a recall?", "en", None, "update_postpone", ["soon"]),
    # A licence plate is no VIN: where to find the VIN.
    ("只有车牌号，可以用车牌查召回吗", "zh", None, "vin_location", ["车牌"]),
    # Owners' reports and the regulator's investigations: a source says investigations led to recalls the portal holds.
    ("do complaints to the regulator ever actually lead to a recall?", "en", None, "report_defect", ["investigation"]),
    # One character pair shared with a title is chance: no recall of any make is named by "没有".
    ("怎么确认一辆美规车的召回到底有没有做过", "zh", None, "recall_status", ["NHTSA"]),
    # Installing later, or doing the recall months later: possible, but soon.
    ("提示安装要半小时不能开车，可以改到半夜再装吗", "zh", None, "update_postpone", ["尽快"]),
    ("在美国开的车发现安全问题，该去哪报", "zh", None, "report_defect", ["nhtsa.gov"]),
    # Symptoms told without a word of time ("感觉软软的", "not showing … rn"): what to do now comes first.
    ("刹车踩下去感觉软软的，要踩很深才停，仪表跳了个黄色警示", "zh", "5YJXCBE25NF345612", "symptom", ["靠边停车"]),
    ("backup cam not showing anything on my model y rn, is that the camera recall?", "en", "7SAYGDEE2RF227590", "recall_details",
     ["do not rely on it", "25V002000"]),
    # A message asking money to book a recall update: remedies are free, check with the maker.
    ("短信说我的车在召回范围，要点链接付99元预约升级，是真的吗", "zh", None, "recall_cost", ["免费", "官方"]),
    ("someone texted me a link to pay a fee to book my recall update, is this real?", "en", None, "recall_cost", ["free of charge"]),
    # A maker's "service campaign" next to a recall.
    ("The dealer sent a letter about a software service campaign for my Kia. Is that a recall?", "en", None, "service_bulletin",
     ["safety defect"]),
    # A fuse is no insurance question; a Chinese "电脑更新" is not an accident.
    ("保险丝那个召回要进厂吗", "zh", None, "dealer_visit", []),
    ("车行说这台车做过电脑更新，是不是出过事", "zh", None, "ota_not_always_recall", ["不是"]),
    # A recall update on the screen is not a broken car: what it means and what to do.
    ("The car says it got a recall update overnight, is something wrong with my car?", "en", None, "ota_recall_why",
     ["safety defect", "free"]),
]




@pytest.mark.parametrize("question, lang, vin, intent, words", CASES, ids=[c[0][:40] for c in CASES])
def test_question_is_read_as_asked(shipped_instance, database_url, question, lang, vin, intent, words):
    (reply,) = ask_turns(shipped_instance, database_url, (question, lang, vin))
    assert reply["intent"] == intent, reply.get("trace")
    for word in words:
        assert word in reply["answer"], (word, reply["answer"][:600])


# Conversations: the turns ``(question, lang, vin)``, then the last answer's intent (None: not checked) and words.
CONVERSATIONS = [
    # "ok I'm parked now. is there a recall for this?": the steering recall of the car told about just before.
    ([("my steering went heavy while driving", "en", S_2021), ("ok I'm parked now. is there a recall for this?", "en", None)],
     "symptom", ["22V818000"]),
    # "有份吗" after a recall was named: that recall's models and how to check the car.
    ([("蔚来那个中控黑屏的召回，涉及多少车？", "zh", None), ("我的ES8是2019年提的，有份吗", "zh", None)],
     "recall_status", ["S2026M0017I", "ES8"]),
    # "那我这车算修好了吗" after an answer listing one recall: that recall's status, not a request for the VIN alone.
    ([("秦PLUS DM-i 电池召回需要去店里吗", "zh", None), ("那我这车算修好了吗？", "zh", None)],
     "recall_status", ["cn-2025-11-byd-qin-plus-dmi-battery"]),
    # "美国那边也召回了吗" after the Chinese frunk recall: its details, with the US recall of the same defect.
    ([("特斯拉国内那个前备箱召回是啥情况", "zh", None), ("美国那边也召回了吗", "zh", None)], "recall_details", ["24V554000"]),
    # A price follow-up is resale, whatever came before.
    ([("OTA recall 是什么意思 简单说", "zh", None), ("那会影响我卖车的价格吗", "zh", None)], "resale_value", []),
    # "am I paying for that?" after a recall: the remedy's cost.
    ([("2024 Model Y backup camera just died completely. recall?", "en", "7SAYGDEF5RF845530"),
      ("service center says they need to replace the computer. am I paying for that?", "en", None)],
     "recall_cost", ["free of charge"]),
    # "版本是2024.20.1，前备箱那个修了没" after the car's record: the frunk recall, not the first one listed.
    ([("看下这台丫", "zh", "7SAYGDEE4NF401122"), ("版本是2024.20.1，前备箱那个修了没", "zh", "7SAYGDEE4NF401122")],
     "recall_status", ["24V554000", "2024.20.3"]),
    # "另一個呢？方向盤那個": the car's steering recall, found in its own list where the make's has several.
    ([("VIN LRWYGCEK2PC512309 這台Model Y有什麼召回？", "zh", None), ("我現在的版本是 2024.44.25.3，後鏡頭那個修好了嗎", "zh", None),
      ("另一個呢？方向盤那個", "zh", None)], None, ["cn-2025-01-tesla-eps"]),
    # A version stated after one recall was discussed: that recall against the version.
    ([("特斯拉中国那个转向助力召回是怎么回事", "zh", None), ("我的车现在版本2023.38.6", "zh", None)],
     "recall_status", ["cn-2025-01-tesla-eps", "2023.38.9"]),
    # Another recall after a version was checked: the same version against it.
    ([("the autosteer recall on a 2023 model 3", "en", None), ("mine is on 2023.44.30.6, is that included?", "en", None),
      ("and 24V051000?", "en", None)], "recall_status", ["24V051000", "2023.44.30.9"]),
]


@pytest.mark.parametrize("turns, intent, words", CONVERSATIONS, ids=[c[0][-1][0][:40] for c in CONVERSATIONS])
def test_a_follow_up_is_read_against_the_conversation(shipped_instance, database_url, turns, intent, words):
    *_, last = ask_turns(shipped_instance, database_url, *turns)
    if intent is not None:
        assert last["intent"] == intent, last["trace"]
    for word in words:
        assert word in last["answer"], (word, last["trace"])


def test_how_many_after_a_recall_was_discussed_is_its_population(shipped_instance, database_url):
    _, second = ask_turns(shipped_instance, database_url, ("tell me about 23V838", "en", None),
                     ("how many cars were in it?", "en", None))
    assert second["intent"] == "recall_details", second["trace"]
    assert "23V838000" in second["answer"] and "China" not in second["answer"].split("\n")[0]


def test_cantonese_question_in_shared_characters_gets_a_hong_kong_answer(shipped_instance, database_url):
    """"查下呢架 Civic" shows no Traditional-only character, but 呢架 is written Cantonese."""
    (reply,) = ask_turns(shipped_instance, database_url, ("查下呢架 Civic", "zh", "2HGFC2F65KH512345"))
    assert reply["script"] == "hant"
    assert "Honda Civic" in reply["answer"] and "覆蓋" in reply["answer"]


def test_a_case_the_answers_lack_gets_the_overview_not_an_error(monkeypatch):
    """A chooser naming a case the answer files lack must not turn into a 500 for the asker."""
    from portal.chat import render as render_module
    from portal.chat.answers import Context, Responses
    from portal.chat.engine import DEFAULT_QA_DIR

    monkeypatch.setattr(render_module, "intent_chooser", lambda name: (lambda r, ctx: ("no_such_case", {}, [])))
    responses = Responses(DEFAULT_QA_DIR)
    rendered, key = render_module.render(responses, "recall_status", Context(lang="en", entities={}))
    assert key == "default" and "not sure I read that question right" in rendered.text


def test_a_label_the_answers_lack_is_empty_not_an_error():
    """Rules copied into an older build may lack a label newer code asks for: the answer loses a sentence, not the reply."""
    from portal.chat.answers import Responses
    from portal.chat.engine import DEFAULT_QA_DIR

    responses = Responses(DEFAULT_QA_DIR)
    english = responses.by_lang["en"]
    # A copy without the label: the loaded answers may be shared, and must stay whole for other tests.
    responses.by_lang = {**responses.by_lang, "en": {**english, "labels": {k: v for k, v in english["labels"].items()
                                                                           if k != "related"}}}
    assert responses.label("en", "related") == ""


def test_the_rules_a_case_follows_exist_in_both_languages():
    """A case chosen by a rule's name ("the app shows nothing", and every ``rule_<name>`` text such as the
    park-outside advisory's) needs that rule in each language's file, or the case is never given."""
    import yaml

    from portal.chat.cases import NOT_SEEN_RULE
    from portal.chat.engine import DEFAULT_QA_DIR

    for lang in ("en", "zh"):
        names = {rule["name"] for rule in yaml.safe_load((DEFAULT_QA_DIR / lang / "rules.yaml").read_text("utf-8"))["rules"]}
        intents = yaml.safe_load((DEFAULT_QA_DIR / lang / "responses.yaml").read_text("utf-8"))["intents"]
        followed = {f"{intent}.{key[len('rule_'):]}" for intent, texts in intents.items() for key in texts
                    if key.startswith("rule_")}
        assert "safe_to_drive.park_outside" in followed, lang
        assert followed | {NOT_SEEN_RULE} <= names, (lang, sorted(followed - names))
