"""Later compilations of the SAMR fact sheet (``additions_*.yaml`` beside ``recalls.json``).

The fact sheet grows in dated files rather than by rewriting ``recalls.json``:
each additions file may bring new ``records`` (same fields as the sheet), and
``updates_to_existing_records`` that add evidence or date a record that had no
announcement date. Its ``candidates_not_added`` are software recalls whose
over-the-air channel the pages read do not state; they are never imported,
because the portal holds only recalls whose remedy is stated to be OTA.

An update dates a record only through the key it suggests
(``-> id cn-2024-12-tesla-tpms-display``): the fact sheet's keys carry the
announcement year and month by convention, and the day is not known, so the
record keeps ``announced: null`` and gains ``announced_month``.

The compiler says in a comment on ``announced`` when that date is a press
report's, not SAMR's posting date (``announced: 2024-04-30  # date of the first
report found``); a YAML parser drops comments, so they are read from the text and
kept as the record's ``announced_note``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from indexer.importers.common import ImportFileError
from portal.yaml_text import safe_load

ADDITIONS_GLOB = "additions_*.yaml"
_NEW_KEY = re.compile(r"->\s*id\s+(cn-(\d{4})-(\d{2})-[a-z0-9-]+)")
_RECORD_ID_LINE = re.compile(r"^- id:\s*(\S+)")
_ANNOUNCED_COMMENT = re.compile(r"^\s+announced:[^#]*#\s*(.+?)\s*$")


def additions_beside(source: Path) -> list[Path]:
    """The additions files next to the fact sheet, oldest name first."""
    return sorted(source.parent.glob(ADDITIONS_GLOB))


def load(path: Path) -> dict[str, Any]:
    try:
        data = safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ImportFileError(str(path), f"not valid YAML: {exc}", mark.line + 1 if mark else 1) from None
    if not isinstance(data, dict) or not isinstance(data.get("records", []), list):
        raise ImportFileError(str(path), "expected a mapping with a 'records' list", 1)
    notes = announced_comments(path.read_text(encoding="utf-8"))
    for record in data.get("records") or []:
        if isinstance(record, dict) and record.get("id") in notes:
            record["announced_note"] = notes[record["id"]]
    return data


def announced_comments(text: str) -> dict[str, str]:
    """``{record id: the comment written on its announced line}``, in the file's top-level lists."""
    found, current = {}, None
    for line in text.splitlines():
        record = _RECORD_ID_LINE.match(line)
        if record:
            current = record.group(1)
            continue
        comment = _ANNOUNCED_COMMENT.match(line)
        if comment and current:
            found[current] = comment.group(1)
    return found


def _plain(value: Any) -> Any:
    # YAML reads unquoted dates as dates; the fact sheet's JSON has ISO strings.
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _source(entry: dict, date_stated: str | None = None) -> dict:
    return {"url": entry["url"], "date_stated": date_stated, "date_iso": None, "note": entry.get("note")}


def apply(records: list[dict], additions: dict[str, Any], path: Path) -> list[dict]:
    """``records`` with an additions file's new records appended and its updates applied."""
    by_id = {r.get("id"): r for r in records if isinstance(r, dict)}
    for update in additions.get("updates_to_existing_records") or []:
        target = by_id.get(update.get("id"))
        if target is None:
            raise ImportFileError(str(path), f"update for unknown record {update.get('id')!r}", 1)
        _update(target, update)
    return records + [_plain(r) for r in additions.get("records") or []]


def _update(record: dict, update: dict) -> None:
    extra = [_source(e) for e in update.get("evidence_for_year_2024") or []]
    for key in ("full_notice_text_source", "source"):
        if isinstance(update.get(key), dict):
            extra.append(_source(update[key], update[key].get("date_stated")))
    known = {s["url"] for s in record["sources"]}
    record["sources"] = record["sources"] + [s for s in extra if s["url"] not in known]
    match = _NEW_KEY.search(update.get("suggested_change") or "")
    if match and not record.get("announced"):
        record["id"] = match.group(1)
        record["announced_month"] = f"{match.group(2)}-{match.group(3)}"


def candidates(additions: dict[str, Any]) -> list[dict]:
    """The recalls an additions file lists but keeps out (OTA channel not stated)."""
    return list(additions.get("candidates_not_added") or [])


def new_records(records: list[dict], additions: dict[str, Any]) -> list[dict]:
    """The records in ``records`` that came from ``additions`` (matched by id, after :func:`apply`)."""
    ids = {r.get("id") for r in additions.get("records") or [] if isinstance(r, dict)}
    return [r for r in records if isinstance(r, dict) and r.get("id") in ids]
