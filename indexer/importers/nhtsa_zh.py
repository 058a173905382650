"""The structured Chinese description of an NHTSA campaign.

NHTSA publishes in English only, and a machine translation of safety text
could say something NHTSA did not. Chinese readers therefore get a description
built only from the structured facts (maker, models and years, component,
population, remedy type and version, advisories), worded by fixed templates,
with a pointer to NHTSA's English original for the full text.
"""

from __future__ import annotations

from datetime import date

# NHTSA component categories (the first level of a component path) in Chinese.
COMPONENT_ZH = {
    "AIR BAGS": "安全气囊",
    "BACK OVER PREVENTION": "倒车防碰撞（后视影像）",
    "CHILD SEAT": "儿童座椅",
    "ELECTRICAL SYSTEM": "电气系统",
    "ELECTRONIC STABILITY CONTROL": "电子稳定控制系统",
    "ELECTRONIC STABILITY CONTROL (ESC)": "电子稳定控制系统（ESC）",
    "ENGINE": "发动机",
    "ENGINE AND ENGINE COOLING": "发动机及冷却系统",
    "EQUIPMENT": "车辆附属装备",
    "EXTERIOR LIGHTING": "外部照明",
    "FORWARD COLLISION AVOIDANCE": "前向碰撞避免系统",
    "FUEL SYSTEM, DIESEL": "柴油燃料系统",
    "FUEL SYSTEM, GASOLINE": "汽油燃料系统",
    "FUEL SYSTEM, OTHER": "其他燃料系统",
    "HYBRID PROPULSION SYSTEM": "混合动力推进系统",
    "LANE DEPARTURE": "车道偏离辅助",
    "LATCHES/LOCKS/LINKAGES": "门锁、锁扣及连杆",
    "PARKING BRAKE": "驻车制动",
    "POWER TRAIN": "动力传动系统",
    "SEAT BELTS": "安全带",
    "SEATS": "座椅",
    "SERVICE BRAKES": "行车制动",
    "SERVICE BRAKES, AIR": "气压行车制动",
    "SERVICE BRAKES, HYDRAULIC": "液压行车制动",
    "STEERING": "转向系统",
    "STRUCTURE": "车身结构",
    "SUSPENSION": "悬架",
    "TIRES": "轮胎",
    "TRACTION CONTROL SYSTEM": "牵引力控制系统",
    "TRAILER HITCHES": "拖车挂钩",
    "TETHER, LOWER ANCHOR (ON CAR SEAT OR VEHICLE)": "儿童座椅固定装置",
    "UNKNOWN OR OTHER": "未知或其他",
    "VEHICLE SPEED CONTROL": "车速控制",
    "VISIBILITY": "视野",
    "VISIBILITY/WIPER": "视野/雨刮",
    "WHEELS": "车轮",
}
# Deeper levels that say the most about software recalls.
SUBCOMPONENT_ZH = {
    "ADAS": "高级驾驶辅助系统",
    "AUTONOMOUS/SELF DRIVING": "自动驾驶",
    "SOFTWARE": "软件",
    "INSTRUMENT CLUSTER/PANEL": "仪表盘",
    "CAMERA": "摄像头",
    "DISPLAY": "显示屏",
    "BATTERY": "蓄电池",
    "PROPULSION SYSTEM": "推进系统",
    "CONTROL UNIT/MODULE": "控制模块",
}

REMEDY_ZH = {
    "ota": "通过远程（OTA）软件升级完成修复",
    "ota+dealer": "通过远程（OTA）软件升级或由经销商完成修复",
    "dealer": "由经销商检查或维修",
    "other": "不以维修方式补救",
}
REMEDY_KIND_ZH = {
    "refund": "向车主退款",
    "repurchase": "由厂家回购车辆",
    "replacement_vehicle": "为车主更换车辆",
    "labels_or_manual": "向车主寄送更正后的标签或用户手册内容",
    "not_yet_defined": "补救措施尚在制定中",
}
SOURCE_NOTE_ZH = "本中文说明根据 NHTSA 公开记录的结构化信息编写，完整内容以 NHTSA 英文原文为准。"


def component_zh(component: str) -> str:
    levels = [level.strip() for level in (component or "").split(":") if level.strip()]
    if not levels:
        return "车辆"
    head = COMPONENT_ZH.get(levels[0].upper(), levels[0])
    details = [SUBCOMPONENT_ZH[level.upper()] for level in levels[1:] if level.upper() in SUBCOMPONENT_ZH]
    return f"{head}：{'、'.join(dict.fromkeys(details))}" if details else head


def years_zh(years: list[int] | None) -> str:
    """``[2017, 2018, 2019, 2021]`` -> ``2017–2019、2021年款``; None -> ``全部年款``."""
    if not years:
        return "全部年款"
    spans, start, previous = [], years[0], years[0]
    for year in years[1:] + [None]:
        if year is not None and year == previous + 1:
            previous = year
            continue
        spans.append(str(start) if start == previous else f"{start}–{previous}")
        start = previous = year
    return "、".join(spans) + "年款"


def title_zh(make_zh: str, model_names: list[str], component: str) -> str:
    models = "、".join(model_names[:2]) + (f"等{len(model_names)}款车型" if len(model_names) > 2 else "")
    return f"{make_zh} {models} — {component_zh(component)}"


def text_zh(facts: dict) -> dict[str, str]:
    """Chinese summary/consequence/remedy/notes from the record's structured facts."""
    vehicles = "；".join(f"{facts['make_zh']} {item['name']}（{years_zh(item['years'])}）" for item in facts["vehicles"])
    filer = f"申报企业 {facts['manufacturer']} " if facts["manufacturer"] else ""
    summary = f"{filer}向美国国家公路交通安全管理局（NHTSA）报告召回。涉及车型：{vehicles}。"
    summary += f"涉及部件：{'；'.join(component_zh(part) for part in facts['components']) or '未注明'}。"
    if facts["production"]:
        summary += f"生产日期：{_date(facts['production']['from'])}至{_date(facts['production']['to'])}。"
    if facts["population"]:
        summary += f"涉及车辆约 {facts['population']:,} 辆。"

    consequence = "该缺陷可能造成的安全后果见 NHTSA 英文原文。"
    if facts["park_it"]:
        consequence += "NHTSA 提示：维修完成前请勿驾驶该车辆。"
    if facts["park_outside"]:
        consequence += "NHTSA 提示：维修完成前请将车辆停放在室外，远离建筑物。"

    remedy = f"补救方式：{REMEDY_KIND_ZH.get(facts.get('remedy_kind') or '', REMEDY_ZH[facts['remedy_type']])}"
    remedy += "，车主无需付费。" if "free of charge" in facts["remedy_en"].lower() else "。"
    if facts["remedy_version"]:
        remedy += f"修复所用软件版本：{facts['remedy_version']}。"
    if facts["affected_software"]:
        remedy += f"受影响的软件版本：{facts['affected_software']}。"
    if not facts["remedy_available"]:
        remedy += "截至 NHTSA 记录时，最终补救措施尚未提供，车主会先收到临时通知。"
    return {"summary": summary, "consequence": consequence, "remedy": remedy, "notes": SOURCE_NOTE_ZH}


def _date(value: date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else "未注明"
