"""Titles and recall text (en/zh) for SAMR records, built from structured fields.

SAMR notices are not public-domain text and the fact sheet's defect sentences
are not ours, so every sentence shown for a SAMR recall is assembled here from
fields (company, models, production window, count, dates, remedy type, target
version) and the portal's own topic phrases (:mod:`samr_topics`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from indexer.importers.samr_topics import topic_for


def _names(vehicles: list[dict[str, Any]], separator: str = ", ") -> str:
    return separator.join(v["name"] for v in vehicles)


def _count(n: int | None) -> tuple[str, str]:
    return (f"{n:,} vehicles", f"{n}辆") if n else ("vehicles", "车辆")


def title(record: dict, brand: tuple[str, str], vehicles: list[dict]) -> dict[str, str]:
    topic = topic_for(record["id"])
    return {
        "en": f"{brand[0]} {_names(vehicles)}: {topic.system[0]} (China OTA recall)",
        "zh": f"{brand[1]} {_names(vehicles, '、')}：{topic.system[1]}远程升级召回",
    }


def text(
    record: dict, brand: tuple[str, str], vehicles: list[dict], notes: tuple[list[str], list[str]]
) -> dict[str, dict[str, str]]:
    topic = topic_for(record["id"])
    count_en, count_zh = _count(record.get("vehicles"))
    start, end = record.get("production_start"), record.get("production_end")
    made_en = f" made from {start} to {end}" if start and end else ""
    made_zh = f"{_zh_date(start)}至{_zh_date(end)}期间生产的" if start and end else ""
    companies = (record.get("company_en") or record["brand"]).split("; ")
    company_en = " and ".join(companies)
    verb = "are" if len(companies) > 1 else "is"
    # Without a filing company in either language, the brand's Chinese name reads better than an English one.
    company_zh = record.get("company_zh") or (company_en if record.get("company_en") else brand[1])
    models_listed = ", ".join(record.get("models") or [])
    summary = (
        f"{company_en} {verb} recalling {count_en}{made_en} in China. Models: {models_listed}. "
        f"The fault is in the {topic.system[0]}.",
        f"{company_zh}在中国召回{made_zh}{_names(vehicles, '、') or '车辆'}，共{count_zh}。问题出在{topic.system[1]}。",
    )
    remedy = _remedy(record, topic, brand)
    return {
        "en": {"summary": summary[0], "consequence": topic.risk[0], "remedy": remedy[0], "notes": " ".join(notes[0])},
        "zh": {"summary": summary[1], "consequence": topic.risk[1], "remedy": remedy[1], "notes": "".join(notes[1])},
    }


def target_zh(target: str, brand: tuple[str, str]) -> str:
    """The target version in Chinese: maker names translated, "or later" as 或更高版本."""
    later = target.endswith(" or later")
    core = target.removesuffix(" or later")
    if core.startswith(f"{brand[0]} software "):
        core = f"{brand[1]}软件 " + core.removeprefix(f"{brand[0]} software ")
    elif core.startswith(f"{brand[0]} "):
        core = f"{brand[1]} " + core.removeprefix(f"{brand[0]} ")
    return core + (" 或更高版本" if later else "")


def _remedy(record: dict, topic, brand: tuple[str, str]) -> tuple[str, str]:
    target = record.get("ota_target_version")
    to_en = f", bringing the car to {target}" if target else ""
    to_zh = f"，升级至{target_zh(target, brand)}" if target else ""
    en = [f"An over-the-air software update {topic.fix[0]}{to_en}."]
    zh = [f"通过远程升级（OTA）{topic.fix[1]}{to_zh}。"]
    fallback = record.get("in_person_software_fallback_stated")
    if fallback is True:
        en.append("Cars that cannot receive it over the air are updated at a service centre.")
        zh.append("无法远程升级的车辆可到服务网点完成同样的升级。")
    elif fallback is False:
        en.append("No visit to a service centre is needed.")
        zh.append("车主无需到店。")
    if record.get("remedy_type") == "ota+dealer":
        workshop = topic.workshop or ("Some cars also need work at a service centre.", "部分车辆还需到服务网点处理。")
        en.append(workshop[0])
        zh.append(workshop[1])
    if record.get("remedy_start"):
        en.append(f"The recall starts on {record['remedy_start']}.")
        zh.append(f"召回自{_zh_date(record['remedy_start'])}起实施。")
    return " ".join(en), "".join(zh)


def _zh_date(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"


def notes(
    record: dict, versions: list[str], other_models: list[str], make_name: tuple[str, str]
) -> tuple[list[str], list[str]]:
    """Facts a reader needs to interpret the structured fields, as short sentences."""
    en: list[str] = []
    zh: list[str] = []
    if len(versions) > 1:
        en.append(f"The notice names {len(versions)} target versions ({record['ota_target_version']}); "
                  f"the first, {versions[0]}, is recorded as the remedy version.")
        zh.append(f"公告列出{len(versions)}个目标版本（{record['ota_target_version']}），本站记录第一个 {versions[0]} 为整改版本。")
    if other_models:
        en.append(f"The same recall also covers the {' and '.join(other_models)}; "
                  f"the portal files it under {make_name[0]}.")
        zh.append(f"同一召回还涉及{'、'.join(other_models)}；本站将其归入{make_name[1]}。")
    if record.get("samr_investigation_influenced") is True:
        en.append("The recall followed a SAMR defect investigation.")
        zh.append("本次召回系受市场监管总局缺陷调查影响而实施。")
    if not record.get("announced") and record.get("announced_month"):
        month = date.fromisoformat(record["announced_month"] + "-01")
        en.append(f"SAMR published the notice in {month:%B %Y}; the pages read do not print the day.")
        zh.append(f"市场监管总局于{month.year}年{month.month}月发布公告，所查阅的页面未载明具体日期。")
    elif not record.get("announced"):
        en.append("The date SAMR published the notice was not found.")
        zh.append("未查到市场监管总局发布公告的日期。")
    return en, zh
