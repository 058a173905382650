"""The structured Chinese description of an NHTSA campaign.

NHTSA publishes in English only, and a machine translation of safety text
could say something NHTSA did not. Chinese readers therefore get a description
built only from the structured facts (maker, models and years, component,
population, remedy type and version, advisories), worded by fixed templates,
with a pointer to NHTSA's English original for the full text.
"""

from __future__ import annotations

import re
from datetime import date
from importlib import resources

import yaml

from portal.recalls.components import components_zh, path_zh

# The fixed wording, kept as package data beside this module and read once: the classes of risk
# the English consequence may state (each named only when the English states it, and worded with
# NHTSA's hedge, "may", "increases the risk": never more), the remedy sentences and the brands.
WORDING_FILE = "nhtsa_zh.yaml"
_WORDING = yaml.safe_load(resources.files(__package__).joinpath(WORDING_FILE).read_text(encoding="utf-8"))
RISK_CLASSES: tuple[tuple[str, re.Pattern, str], ...] = tuple(
    (risk["name"], re.compile(risk["pattern"], re.IGNORECASE), risk["zh"]) for risk in _WORDING["risk_classes"])
RISK_INTRO_ZH: str = _WORDING["risk_intro"]
RISK_UNCLASSIFIED_ZH: str = _WORDING["risk_unclassified"]
REMEDY_ZH = {remedy_type: texts["zh"] for remedy_type, texts in _WORDING["remedy_types"].items()}
REMEDY_KIND_ZH: dict[str, str] = _WORDING["remedy_kinds"]
SOURCE_NOTE_ZH: str = _WORDING["source_note"]


def component_zh(component: str) -> str:
    """One NHTSA component path in Chinese (the shared table in :mod:`portal.recalls.components`)."""
    return path_zh(component) or "车辆"


def risk_classes(consequence_en: str) -> list[str]:
    """Names of the risk classes the English consequence states, in table order."""
    return [name for name, pattern, _zh in RISK_CLASSES if pattern.search(consequence_en or "")]


def consequence_zh(consequence_en: str) -> str:
    """The risk in Chinese from the classes the English text states; else a pointer to the notice."""
    names = set(risk_classes(consequence_en))
    if "death" in names:
        names.discard("injury")
    parts = [zh for name, _pattern, zh in RISK_CLASSES if name in names]
    return RISK_INTRO_ZH + "；".join(parts) + "。" if parts else RISK_UNCLASSIFIED_ZH


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


# A risk class as a few words for a title, hedged like the English ("may"); the order of RISK_CLASSES
# decides which one a title names: the most specific class the consequence states.
RISK_SHORT_ZH = {risk["name"]: risk["short_zh"] for risk in _WORDING["risk_classes"]}
REMEDY_SHORT_ZH = {remedy_type: texts["short_zh"] for remedy_type, texts in _WORDING["remedy_types"].items()}
# The most specific risks first; "crash" and "injury" name a title only when nothing else is stated.
_GENERIC_RISKS = ("crash", "injury", "death")
MAX_TITLE_ZH = 45


def _main_risk(consequence_en: str) -> str | None:
    names = risk_classes(consequence_en)
    specific = [name for name in names if name not in _GENERIC_RISKS] or names
    return RISK_SHORT_ZH[specific[0]] if specific else None


_SHORT_PATH = 16  # characters: up to this, three levels still read as one name ("安全带：前部：固定点")


def _part(component: str, levels: int = 2) -> str:
    """The finest levels of the first component path: they name the part; the system above can go.

    Three levels when they are short, so that a qualifier level ("前部", "乘客侧", "其他") keeps
    the system it qualifies; otherwise two.
    """
    first = (component or "").split(";")[0]
    if not first.strip() or first.strip().upper() == "UNKNOWN OR OTHER":
        return "车辆"  # NHTSA names no part
    names = component_zh(first).split("：")
    if levels == 2 and len("：".join(names[-3:])) <= _SHORT_PATH:
        return "：".join(names[-3:])
    return "：".join(names[-levels:])


def title_zh(component: str, consequence_en: str, remedy_type: str) -> str:
    """A title that names the defect, from the component, the stated risk and the remedy type.

    "感知系统：摄像头缺陷，可能影响视野（到店维修）". No prose is translated:
    every part is a fixed wording chosen by a structured fact.
    """
    risk = _main_risk(consequence_en)
    remedy = f"（{REMEDY_SHORT_ZH[remedy_type]}）" if remedy_type in REMEDY_SHORT_ZH else ""
    title = f"{_part(component)}缺陷{'，' + risk if risk else ''}{remedy}"
    return title if len(title) <= MAX_TITLE_ZH else f"{_part(component, 1)}缺陷{'，' + risk if risk else ''}{remedy}"


def defect_sentence_zh(component: str, consequence_en: str) -> str:
    """One sentence: the defective part (every component path) and the main risk the English states."""
    risk = _main_risk(consequence_en)
    return f"本次召回针对{components_zh(component) or '车辆'}的缺陷{'，' + risk if risk else ''}。"


# A maker's other brand, named in the model name ("Lincoln Navigator" in a Ford campaign): said by its own name.
BRANDS_ZH: dict[str, str] = _WORDING["brands"]


def vehicle_zh(make_zh: str, name: str) -> str:
    """``福特 F-150``; a brand's model under its brand's name (``林肯 Navigator``), not the maker's."""
    brand, _, model = name.partition(" ")
    return f"{BRANDS_ZH[brand]} {model}" if brand in BRANDS_ZH and model else f"{make_zh} {name}"


def text_zh(facts: dict) -> dict[str, str]:
    """Chinese summary/consequence/remedy/notes from the record's structured facts."""
    vehicles = "；".join(f"{vehicle_zh(facts['make_zh'], item['name'])}（{years_zh(item['years'])}）"
                         for item in facts["vehicles"])
    filer = f"申报企业 {facts['manufacturer']} " if facts["manufacturer"] else ""
    summary = defect_sentence_zh("; ".join(facts["components"]), facts.get("consequence_en", ""))
    summary += f"{filer}向美国国家公路交通安全管理局（NHTSA）报告召回。涉及车型：{vehicles}。"
    summary += f"涉及部件：{components_zh('; '.join(facts['components'])) or '未注明'}。"
    if facts["production"]:
        summary += f"生产日期：{_date(facts['production']['from'])}至{_date(facts['production']['to'])}。"
    if facts["population"]:
        summary += f"涉及车辆约 {facts['population']:,} 辆。"

    consequence = consequence_zh(facts.get("consequence_en", ""))
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
