"""NHTSA component paths in Chinese, level by level, through one translation table.

NHTSA files every campaign under one or more component paths such as
``ELECTRICAL SYSTEM:ADAS:AUTONOMOUS/SELF DRIVING:SOFTWARE`` (several joined by
``; ``). A Chinese reader should not meet these English codes, so every level
any shipped recall uses has a row in ``component_levels_zh.csv`` beside this
module (package data, read once at import); the importer (titles and structured
Chinese text) and the recall pages read the same table. A level missing from
the table is kept in English rather than guessed, and a test lists any shipped
level that has no entry.
"""

from __future__ import annotations

import csv
from importlib import resources

LEVELS_FILE = "component_levels_zh.csv"


def _load_levels() -> dict[str, str]:
    """The table shipped beside this module: one ``level,zh`` row per NHTSA level, in English order."""
    with resources.files(__package__).joinpath(LEVELS_FILE).open(encoding="utf-8", newline="") as rows:
        return {row["level"]: row["zh"] for row in csv.DictReader(rows)}


COMPONENT_LEVEL_ZH: dict[str, str] = _load_levels()
COMPONENT_SEPARATOR = "; "


def component_levels(path: str | None) -> list[str]:
    """``"ELECTRICAL SYSTEM: SOFTWARE"`` -> ``["ELECTRICAL SYSTEM", "SOFTWARE"]`` (spacing normalised)."""
    return [" ".join(level.split()).upper() for level in (path or "").split(":") if level.strip()]


def level_zh(level: str) -> str | None:
    return COMPONENT_LEVEL_ZH.get(" ".join(level.split()).upper())


def path_zh(path: str | None) -> str:
    """One component path in Chinese, levels joined by ``：``; an unknown level stays as listed."""
    return "：".join(dict.fromkeys(level_zh(level) or level for level in component_levels(path)))


def components_zh(component: str | None) -> str:
    """A recall's ``component`` field (paths joined by ``; ``) in Chinese, paths joined by ``；``."""
    return "；".join(path_zh(part) for part in (component or "").split(COMPONENT_SEPARATOR) if part.strip())


def untranslated_levels(component: str | None) -> set[str]:
    """Levels of a component field that the table does not cover."""
    return {level for part in (component or "").split(COMPONENT_SEPARATOR)
            for level in component_levels(part) if level_zh(level) is None}


def component_name(component: str | None, lang: str) -> str:
    """The component as a reader sees it: Chinese through the table, English as NHTSA lists it, in sentence case."""
    if not component:
        return ""
    if lang == "zh":
        return components_zh(component)
    return "; ".join(": ".join(_sentence_case(level) for level in component_levels(part))
                     for part in component.split(COMPONENT_SEPARATOR) if part.strip())


# NHTSA writes every level in capitals; these stay capitals when the rest is sentence case.
ACRONYMS = {"ADAS", "BCM", "BECM", "BMS", "ECM", "ECU", "EGR", "ESC", "HVAC", "OBCM", "PCM", "PCV", "PRNDL",
            "SRS", "TCM", "TECM"}


def _sentence_case(level: str) -> str:
    words = level.capitalize().split(" ")
    return " ".join("/".join(part.upper() if part.strip("()").upper() in ACRONYMS else part
                             for part in word.split("/")) for word in words)


def category_slug(level: str) -> str:
    """``"SERVICE BRAKES, HYDRAULIC"`` -> ``"service-brakes-hydraulic"`` (a facet value: no commas, lower case)."""
    return "-".join("".join(ch if ch.isalnum() else " " for ch in level.lower()).split())


_CATEGORY_BY_SLUG = {category_slug(level): level for level in COMPONENT_LEVEL_ZH}


def component_categories(component: str | None) -> list[str]:
    """The first level of every path as facet values: what system NHTSA filed the recall under."""
    found = [category_slug(component_levels(part)[0]) for part in (component or "").split(COMPONENT_SEPARATOR)
             if component_levels(part)]
    return sorted(dict.fromkeys(found))


def category_label(slug: str, lang: str) -> str:
    """A facet value's display name; an unknown slug is shown as it is."""
    level = _CATEGORY_BY_SLUG.get(slug)
    if level is None:
        return slug
    return level_zh(level) or level if lang == "zh" else _sentence_case(level)
