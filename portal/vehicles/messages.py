"""Plain-language VIN error messages in English and Simplified Chinese.

An owner who mistyped a VIN needs to know what to fix and where to read the
VIN again, not an error code. Every message therefore names the problem
(with the position when there is one) and ends with where the VIN is printed.
The texts live here, beside the codes, so that the web pages, the JSON API and
the Q&A engine all say the same thing; ``details`` are the ones
``validate_vin`` puts on its ``VinError``.
"""

from __future__ import annotations

from typing import Any

from portal.vehicles.vin import CHECK_DIGIT_MISMATCH, INVALID_CHARACTERS, INVALID_LENGTH, UNKNOWN_MANUFACTURER

LANGUAGES = ("en", "zh")
DEFAULT_LANGUAGE = "en"

WHERE_TO_FIND = {
    "en": "You can find the VIN at the lower-left corner of the windscreen, on the driver's "
    "door pillar, or on the registration or title document.",
    "zh": "车辆识别代号（VIN）可在前挡风玻璃左下角、驾驶员侧门柱或行驶证上找到。",
}

_TEMPLATES: dict[str, dict[str, str]] = {
    INVALID_LENGTH: {
        "en": "A VIN has exactly {expected} letters and digits; this one has {actual}. "
        "Check for a missing or extra character.",
        "zh": "VIN 应为 {expected} 位字母和数字，您输入了 {actual} 位。请检查是否漏输或多输了字符。",
    },
    INVALID_CHARACTERS: {
        "en": "Character {position} (\u201c{character}\u201d) cannot appear in a VIN: only the digits "
        "0-9 and the letters A-Z except I, O and Q are used.",
        "zh": "第 {position} 位（\u201c{character}\u201d）不能出现在 VIN 中：VIN 只使用数字 0-9 和除 I、O、Q 以外的字母。",
    },
    CHECK_DIGIT_MISMATCH: {
        "en": "The VIN does not add up: its check digit (position 9) is {actual}, but the other "
        "characters give {expected}. One character was probably misread or mistyped.",
        "zh": "VIN 校验位（第 9 位）为 {actual}，但按其余字符计算应为 {expected}，可能有字符看错或输错。",
    },
    UNKNOWN_MANUFACTURER: {
        "en": "This VIN is well formed, but we do not know the manufacturer code {wmi} (its first "
        "three characters), so we cannot tell which recalls and updates apply. Please check "
        "the first characters.",
        "zh": "该 VIN 格式正确，但我们无法识别制造厂代码 {wmi}（前三位），因此无法判断适用的召回和升级。请核对前几位字符。",
    },
}

# Added when a suggestion is known (an O typed for a 0, an I for a 1).
_SUGGESTION = {
    "en": " Did you mean \u201c{suggestion}\u201d?",
    "zh": "您是否想输入\u201c{suggestion}\u201d？",
}


class _Blank(dict):
    """Formats a missing detail as "?" so a message never fails to render."""

    def __missing__(self, key: str) -> str:
        return "?"


def error_message(code: str, lang: str = DEFAULT_LANGUAGE, **details: Any) -> str:
    """The message for ``code`` in ``lang`` (``en`` or ``zh``; other values fall back to ``en``).

    Raises ``KeyError`` for an unknown code, so a new code cannot ship without text.
    """
    language = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    values = _Blank(details)
    text = _TEMPLATES[code][language].format_map(values)
    if code == INVALID_CHARACTERS and details.get("suggestion"):
        text += _SUGGESTION[language].format_map(values)
    separator = " " if language == "en" else ""
    return text + separator + WHERE_TO_FIND[language]
