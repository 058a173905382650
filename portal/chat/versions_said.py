"""An owner's stated software version against a recall's stated remedy versions.

"My car is on 2023.44.30.9, is recall 23V838 fixed?" can be answered without
the car's record when a source states the remedy version: the owner's version
is at or after it on the same software line, or it is not. The answer names
the version as the owner's own statement (not verified) and cites the source
of the remedy version. Versions on another line (NIO Aspen vs Alder, a Tesla
year.week version vs a semantic one) are never compared.
"""

from __future__ import annotations

import re

from portal.chat.answers import Context, Responses, fill
from portal.versions import is_version, version_parts

_LABEL = re.compile(r"^\s*([A-Za-z][A-Za-z ]*?)\s*(?=\d)")


def software_line(version: str) -> tuple[str, bool]:
    """(line name, year-style) — two versions compare only when both agree."""
    label = _LABEL.match(version or "")
    number = version[label.end():] if label else version
    first = number.split(".")[0] if number else ""
    return (label.group(1).lower() if label else ""), first.isdigit() and len(first) == 4


def _numeric(version: str) -> str:
    label = _LABEL.match(version or "")
    return (version[label.end():] if label else version).strip()


def at_or_after(stated: str, remedy: str) -> bool | None:
    """True / False when comparable; None when the versions are on different lines or malformed."""
    if software_line(stated) != software_line(remedy):
        return None
    a, b = _numeric(stated), _numeric(remedy)
    if not (is_version(a) and is_version(b)):
        return None
    return version_parts(a) >= version_parts(b)


def compare_stated(r: Responses, ctx: Context, stated: str) -> str:
    """One sentence comparing ``stated`` with the recall's remedy versions ("" when nothing compares)."""
    rec = ctx.recall
    if rec is None:
        return ""
    remedies = list(getattr(rec, "remedy_versions", ()) or ())
    if not remedies and rec.remedy_version:
        remedies = [(rec.remedy_version, None, None)]
    else:
        remedies = [(v.version, v.source_title, v.source_url) for v in remedies]
    for version, title, url in remedies:
        verdict = at_or_after(stated, version)
        if verdict is None:
            continue
        source = f" ([{title or url}]({url}))" if url else (f" ({title})" if title else "")
        key = "stated_after" if verdict else "stated_before"
        return fill(r.label(ctx.lang, key), {"stated": stated, "remedy": version, "source": source,
                                             "recall_id": rec.id})
    return fill(r.label(ctx.lang, "stated_no_compare"), {"stated": stated, "recall_id": rec.id})
