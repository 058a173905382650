"""Merge the collection-wide editorial recall files: defect titles and Chinese texts.

Two plain YAML files in ``content/editorial/``, each a mapping from recall id:

* ``recall_titles.yaml`` — ``{en, zh?}``: a short own-words title that names the
  defect ("Speed unit may vanish in Track Mode"). It replaces the importer's
  "Make Model — Component" title; without ``zh`` the Chinese title stays the
  generated one. A recall missing here keeps both generated titles.
* ``recall_text_zh.yaml`` — ``{summary, consequence, remedy}``: own-words
  Chinese text for an NHTSA campaign, written from NHTSA's English text. It
  replaces the structured Chinese description, and the Chinese note says so.

One file per collection rather than one per recall, so a writer works through
hundreds of records in one place. Applied after the per-recall editorial files,
so these titles win. Every error names the file and the field (``<id>.en``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from indexer.records import RecallRecord
from indexer.validation import ContentError, FieldReader

TITLES_FILE = "recall_titles.yaml"
TEXT_ZH_FILE = "recall_text_zh.yaml"
TITLE_FIELDS = ("en", "zh")
TEXT_ZH_FIELDS = ("summary", "consequence", "remedy")
# Titles are one line a reader takes in at a glance; longer text belongs in the summary.
MAX_TITLE_CHARS = {"en": 90, "zh": 45}
OWN_WORDS_NOTE_ZH = "本中文说明由本站根据 NHTSA 英文原文撰写，内容以 NHTSA 原文为准。"

ReadYaml = Callable[[Path, list[ContentError]], Any]


def apply_collection_editorial(folder: Path, recalls: dict[str, RecallRecord], read_yaml: ReadYaml,
                               errors: list[ContentError]) -> None:
    for name, apply in ((TITLES_FILE, _apply_title), (TEXT_ZH_FILE, _apply_text_zh)):
        path = folder / name
        if not path.exists():
            continue
        data = read_yaml(path, errors)
        if data is None:
            continue
        if not isinstance(data, dict):
            errors.append(ContentError(str(path), None, "must be a YAML mapping of recall id to entry"))
            continue
        for recall_id, entry in data.items():
            reader = FieldReader(str(path), entry if isinstance(entry, dict) else {}, errors, f"{recall_id}.")
            record = recalls.get(str(recall_id))
            if record is None:
                reader.error(None, f"no recall with id {recall_id} exists in content/recalls/")
            elif not isinstance(entry, dict):
                reader.error(None, "must be a mapping")
            else:
                apply(record, reader)


def _apply_title(record: RecallRecord, reader: FieldReader) -> None:
    reader.unknown_fields(TITLE_FIELDS)
    for lang in TITLE_FIELDS:
        text = reader.text(lang, required=lang == "en")
        if len(text) > MAX_TITLE_CHARS[lang]:
            reader.error(lang, f"is {len(text)} characters; a title has at most {MAX_TITLE_CHARS[lang]}")
        elif text:
            record.title[lang] = text


def _apply_text_zh(record: RecallRecord, reader: FieldReader) -> None:
    reader.unknown_fields(TEXT_ZH_FIELDS)
    if record.authority != "NHTSA":
        reader.error(None, f"is a {record.authority} recall; its Chinese text comes from the notice itself")
        return
    parts = {part: reader.text(part) for part in TEXT_ZH_FIELDS}
    if all(parts.values()):
        record.text["zh"].update(parts, notes=OWN_WORDS_NOTE_ZH)
