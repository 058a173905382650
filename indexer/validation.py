"""Field checks for content files, each error naming the file and the field.

Content is written by importers and by hand; a person fixing a broken file
needs to know exactly where to look, so every check reports
``path: field 'x.y': what is wrong (got ...)`` and the build collects all of
them before failing instead of stopping at the first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from portal.versions import VersionError, VersionRange, is_version

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# The recall type each NHTSA id letter stands for (content field ``recall_type``).
NHTSA_RECALL_TYPES = {"V": "vehicle", "E": "equipment", "T": "tires", "C": "child_seat"}
LANGS = ("en", "zh")
MARKET_RE = re.compile(r"^(?:[A-Z]{2}|GLOBAL)$")


@dataclass(frozen=True)
class ContentError:
    path: str
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"field '{self.field}'" if self.field else "file"
        return f"{self.path}: {where}: {self.message}"


class ContentValidationError(Exception):
    """The content folder has errors; the build writes nothing."""

    def __init__(self, errors: Iterable[ContentError]):
        self.errors = list(errors)
        super().__init__(f"{len(self.errors)} content error(s):\n" + "\n".join(f"  {e}" for e in self.errors))


class FieldReader:
    """Reads typed fields out of one file's mapping, recording errors instead of raising."""

    def __init__(self, path: str, data: dict[str, Any], errors: list[ContentError], prefix: str = ""):
        self.path, self.data, self.errors, self.prefix = path, data, errors, prefix

    def error(self, field: str | None, message: str) -> None:
        name = f"{self.prefix}{field}" if field else (self.prefix.rstrip(".") or None)
        self.errors.append(ContentError(self.path, name, message))

    def child(self, field: str, data: dict[str, Any]) -> FieldReader:
        return FieldReader(self.path, data, self.errors, f"{self.prefix}{field}.")

    def _get(self, field: str, required: bool) -> Any:
        value = self.data.get(field)
        if value is None and required:
            self.error(field, "is required")
        return value

    def text(self, field: str, required: bool = True, default: str = "") -> str:
        value = self._get(field, required)
        if value is None:
            return default
        if isinstance(value, date):  # YAML reads an unquoted ISO date as a date
            return value.isoformat()
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.error(field, f"must be text (got {type(value).__name__})")
            return default
        return str(value).strip()

    def choice(self, field: str, choices: tuple[str, ...], required: bool = True) -> str | None:
        value = self._get(field, required)
        if value is None:
            return None
        if value not in choices:
            self.error(field, f"must be one of {', '.join(choices)} (got {value!r})")
            return None
        return value

    def boolean(self, field: str, default: bool = False) -> bool:
        value = self.data.get(field)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.error(field, f"must be true or false (got {value!r})")
            return default
        return value

    def integer(self, field: str, required: bool = False, minimum: int = 0) -> int | None:
        value = self._get(field, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.error(field, f"must be a whole number >= {minimum} (got {value!r})")
            return None
        return value

    def date(self, field: str, required: bool = False) -> date | None:
        value = self._get(field, required)
        if value is None:
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.error(field, f"must be a date YYYY-MM-DD (got {value!r})")
            return None

    def market(self, field: str, required: bool = True) -> str | None:
        value = self._get(field, required)
        if value is None:
            return None
        if not (isinstance(value, str) and MARKET_RE.match(value)):
            self.error(field, f"must be a two-letter country code such as US or CN, or GLOBAL (got {value!r})")
            return None
        return value

    def slug(self, field: str, required: bool = True) -> str | None:
        value = self._get(field, required)
        if value is None:
            return None
        if not isinstance(value, str) or not SLUG_RE.match(value):
            self.error(field, f"must be a lower-case slug like 'model-3' (got {value!r})")
            return None
        return value

    def version(self, field: str, required: bool = False) -> str | None:
        value = self._get(field, required)
        if value is None:
            return None
        if not is_version(str(value)):
            self.error(field, f"must be a dotted numeric version like 2023.44.30.14 (got {value!r})")
            return None
        return str(value)

    def version_range(self, field: str) -> str | None:
        value = self.data.get(field)
        if value is None:
            return None
        try:
            return str(VersionRange.parse(str(value)))
        except VersionError as exc:
            self.error(field, str(exc))
            return None

    def bilingual(self, field: str, required: bool = True) -> dict[str, str]:
        value = self._get(field, required)
        if value is None:
            return {"en": "", "zh": ""}
        if not isinstance(value, dict):
            self.error(field, "must be a mapping with 'en' and 'zh' text")
            return {"en": "", "zh": ""}
        out = {}
        for lang in LANGS:
            text = value.get(lang)
            if required and not (isinstance(text, str) and text.strip()):
                self.error(f"{field}.{lang}", "is required")
            out[lang] = str(text).strip() if text is not None else ""
        unknown = set(value) - set(LANGS)
        if unknown:
            self.error(field, f"unknown language key(s): {', '.join(sorted(map(str, unknown)))}")
        return out

    def list_of(self, field: str, required: bool = False) -> list[Any]:
        value = self._get(field, required)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(field, f"must be a list (got {type(value).__name__})")
            return []
        return value

    def unknown_fields(self, allowed: Iterable[str]) -> None:
        for field in sorted(set(self.data) - set(allowed)):
            self.error(str(field), "is not a known field (check the spelling; see content/README.md)")
