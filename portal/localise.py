"""Pick a row's text in one language, with English as the fallback (no Flask here).

Rows carry ``<field>_en`` and ``<field>_zh`` columns; Chinese text is missing for
some records (NHTSA's own text is English only), so every reader falls back the
same way. The request-aware wrapper is :func:`portal.i18n.localised`.
"""

from __future__ import annotations


def localised_field(obj, field: str, lang: str) -> str:
    """``obj.<field>_<lang>``, or ``obj.<field>_en`` when that is empty."""
    value = getattr(obj, f"{field}_{lang}", None) or ""
    return value or getattr(obj, f"{field}_en", "") or ""
