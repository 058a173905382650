"""An owner's stated software version against a recall's stated remedy versions.

"My car is on 2023.44.30.9, is recall 23V838 fixed?" can be answered without
the car's record when a source states the remedy version: the owner's version
is at or after it on the same software line, or it is not (the make's own
numbering, :mod:`portal.versions`). The answer names
the version as the owner's own statement (not verified) and cites the source
of the remedy version. Versions on another line (NIO Aspen vs Alder, a Tesla
year.week version vs a semantic one) are never compared.
"""

from __future__ import annotations

from portal.chat.answers import Context, Responses, fill
from portal.versions import VersionError, at_or_after, parse_owner_version


def stated_at_or_after(make: str | None, stated: str, remedy: str, line: str | None = None) -> bool | None:
    """True / False when comparable; None when malformed for the make or on another software line."""
    if line and not remedy.lower().startswith(line.lower()):
        remedy = f"{line} {remedy}"
    try:
        return at_or_after(parse_owner_version(make, stated), parse_owner_version(make, remedy))
    except VersionError:
        return None


def compare_stated(r: Responses, ctx: Context, stated: str) -> str:
    """One sentence comparing ``stated`` with the recall's remedy versions ("" when nothing compares)."""
    rec = ctx.recall
    if rec is None:
        return ""
    remedies = list(getattr(rec, "remedy_versions", ()) or ())
    if not remedies and rec.remedy_version:
        remedies = [(rec.remedy_version, None, None, None)]
    else:
        remedies = [(v.version, v.source_title, v.source_url, v.line) for v in remedies]
    for version, title, url, line in remedies:
        verdict = stated_at_or_after(rec.make, stated, version, line)
        if verdict is None:
            continue
        source = f" ([{title or url}]({url}))" if url else (f" ({title})" if title else "")
        key = "stated_after" if verdict else "stated_before"
        return fill(r.label(ctx.lang, key), {"stated": stated, "remedy": version, "source": source,
                                             "recall_id": rec.id})
    return fill(r.label(ctx.lang, "stated_no_compare"), {"stated": stated, "recall_id": rec.id})
