"""Read and write Markdown files with YAML front matter.

Content files are written by importers and by people; both must produce the
same bytes for the same data so that a second import changes nothing. Writing
therefore uses a fixed key order and YAML style.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from portal.yaml_text import safe_load

FENCE = "---"
ZH_MARKER = "<!-- zh -->"


class FrontMatterError(ValueError):
    """A content file's front matter is missing or is not valid YAML."""

    def __init__(self, path: Path | str, message: str, line: int | None = None):
        self.path, self.line, self.message = str(path), line, message
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


@dataclass
class Document:
    meta: dict[str, Any]
    body_en: str = ""
    body_zh: str = ""


def parse(text: str, path: Path | str = "<string>") -> Document:
    lines = text.splitlines()
    if not lines or lines[0].strip() != FENCE:
        raise FrontMatterError(path, "missing front matter: the file must start with a '---' line", 1)
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == FENCE)
    except StopIteration:
        raise FrontMatterError(path, "front matter is not closed by a '---' line", 1) from None
    try:
        meta = safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        raise FrontMatterError(path, f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}", line) from None
    if not isinstance(meta, dict):
        raise FrontMatterError(path, "front matter must be a mapping of field: value", 2)
    body = "\n".join(lines[end + 1 :]).strip("\n")
    body_en, _, body_zh = body.partition(ZH_MARKER)
    return Document(meta, body_en.strip(), body_zh.strip())


def read(path: Path) -> Document:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise FrontMatterError(path, "file is not UTF-8 text") from None
    return parse(text, path)


class _NoAliasDumper(yaml.SafeDumper):
    """Writes repeated values out in full: ``&id001`` anchors confuse people editing content."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=False)


def render(doc: Document) -> str:
    parts = [FENCE, dump_yaml(doc.meta).rstrip("\n"), FENCE]
    if doc.body_en or doc.body_zh:
        parts.append("")
        parts.append(doc.body_en.strip())
        if doc.body_zh:
            parts.extend(["", ZH_MARKER, "", doc.body_zh.strip()])
    return "\n".join(parts) + "\n"
