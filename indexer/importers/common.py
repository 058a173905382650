"""What every importer shares: the error type, the report and the all-or-nothing writer."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path


class ImportFileError(ValueError):
    """An input file cannot be imported; names the file and, where known, the line."""

    def __init__(self, source: str, message: str, line: int | None = None):
        self.source, self.line, self.message = source, line, message
        where = f"{source}, line {line}" if line else source
        super().__init__(f"{where}: {message}")


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"{len(self.created)} created, {len(self.updated)} updated, {len(self.unchanged)} unchanged"


_preview: ContextVar[bool] = ContextVar("import_preview", default=False)


@contextmanager
def preview():
    """Inside this block :func:`write_all` reports what it would write and writes nothing (``sync --dry-run``)."""
    token = _preview.set(True)
    try:
        yield
    finally:
        _preview.reset(token)


def in_preview() -> bool:
    return _preview.get()


def write_all(files: dict[Path, str], report: ImportReport | None = None) -> ImportReport:
    """Write many files so that either all new contents land or none do.

    Every new content is first written to a temporary file beside its target;
    only when all of them are on disk are they renamed into place (a rename is
    atomic on one file system). Files whose content is unchanged are not touched.
    """
    report = report or ImportReport()
    staged: list[tuple[Path, Path]] = []
    try:
        for target, text in sorted(files.items()):
            if target.exists() and target.read_text(encoding="utf-8") == text:
                report.unchanged.append(str(target))
                continue
            (report.updated if target.exists() else report.created).append(str(target))
            if _preview.get():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            with os.fdopen(handle, "w", encoding="utf-8") as tmp:
                tmp.write(text)
            staged.append((Path(tmp_name), target))
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, target in staged:
        os.replace(tmp, target)
    return report
