"""Chinese wording for the portal's own English machine strings shown on pages.

Importers record *why* they decided something in English: a recall's
``remedy_type_basis`` ("remedy text names dealer service") and a release's
``category_reason`` ("Touches automated or assisted driving: 'Summon'."). On a
Chinese page those sentences must read in Chinese. The known shapes are
reworded here, with the fixed phrases in ``reason_text_zh.yaml`` beside this
module; names quoted from a maker's notes stay as written and are marked
``translate="no"`` because they are proper names. A reason of a shape this module
does not know is not shown raw in Chinese: the page says in Chinese how
categories are assigned instead.
"""

from __future__ import annotations

import re
from importlib import resources

import yaml
from markupsafe import Markup, escape

WORDING_FILE = "reason_text_zh.yaml"  # package data beside this module: the tables below, read once
_WORDING = yaml.safe_load(resources.files(__package__).joinpath(WORDING_FILE).read_text(encoding="utf-8"))
REMEDY_BASIS_ZH: dict[str, str] = _WORDING["remedy_basis"]
TECH_PARAMETERS_ZH: dict[str, str] = _WORDING["technical_parameters"]
REASON_FALLBACK_ZH: str = _WORDING["reason_fallback"]

_QUOTED_RE = re.compile(r"'((?:[^']|'(?![,.]|\s+and\s+\d+\s+more))+)'")
_MORE_RE = re.compile(r"\band (\d+) more\b")


def remedy_basis_text(basis: str | None, lang: str) -> str:
    """The basis in the page language; in Chinese an unknown basis is left out rather than shown in English."""
    if lang != "zh":
        return basis or ""
    return REMEDY_BASIS_ZH.get((basis or "").strip(), "")


def category_reason_text(reason: str | None, lang: str) -> Markup:
    """The category reason in the page language (HTML: quoted feature names marked as names)."""
    reason = (reason or "").strip()
    if lang != "zh":
        return escape(reason)
    for pattern, wording in _REASONS_ZH:
        match = pattern.match(reason)
        if match:
            return wording(match)
    return escape(REASON_FALLBACK_ZH)


def _names(text: str) -> Markup:
    names = [Markup('<span translate="no">‘{}’</span>').format(name) for name in _QUOTED_RE.findall(text)]
    more = _MORE_RE.search(text)
    joined = Markup("、").join(names)
    return joined + (Markup("等 {} 项").format(int(more.group(1)) + len(names)) if more else Markup(""))


def _parameters(text: str) -> str:
    return "、".join(TECH_PARAMETERS_ZH.get(p.strip(), p.strip()) for p in text.split(","))


_REASONS_ZH = (
    (re.compile(r"No recall remedy, driving-automation or technical-parameter change in the feature titles\.$"),
     lambda m: escape("发布说明的功能标题中没有召回修复、自动驾驶或技术参数方面的变更。")),
    (re.compile(r"Touches automated or assisted driving: (.+)\.$"),
     lambda m: Markup("涉及自动或辅助驾驶功能：{}。").format(_names(m.group(1)))),
    (re.compile(r"Changes main technical parameters \(([^)]*)\): (.+)\.$"),
     lambda m: Markup("改变主要技术参数（{}）：{}。").format(_parameters(m.group(1)), _names(m.group(2)))),
    (re.compile(r"Notes state the update is a recall remedy: (.+)\.$"),
     lambda m: Markup("发布说明称此次更新是召回补救：{}。").format(_names(m.group(1)))),
    (re.compile(r"Remedies recalls? ([^ (]+(?:, [^ (]+)*)(?: \(cited in (.+)\))?\.$"),
     lambda m: Markup("修复召回 {}{}。").format(
         m.group(1).replace(", ", "、"),
         Markup("（见发布说明中的 {}）").format(_names(m.group(2))) if m.group(2) else "")),
    (re.compile(r"No release notes in the portal's sources; point version (\S+) is named as the remedy of recall (\S+), "
                r"which does not make the whole family a recall remedy\.$"),
     lambda m: escape(f"本站数据来源中没有该版本的发布说明；召回 {m.group(2)} 指明的补救版本是其中的 {m.group(1)}，"
                      "这并不使整个版本系列成为召回补救。")),
    (re.compile(r"Named as the remedy software of recall (\S+)\.$"),
     lambda m: escape(f"召回 {m.group(1)} 指明的补救软件。")),
    (re.compile(r"Carries the remedy version (\S+) named by recall (\S+), so it removes a defect"),
     lambda m: escape(f"包含召回 {m.group(2)} 指明的补救版本 {m.group(1)}，即消除缺陷的更新，适用召回规则。")),
)
