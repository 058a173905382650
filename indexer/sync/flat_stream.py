"""Import NHTSA's whole flat file in bounded memory.

The published FLAT_RCL.txt holds every campaign since 1966, hundreds of
megabytes; reading it into one string and one list of rows would take
gigabytes. Instead: one pass over the bytes notes where each campaign's rows
are (file offsets) and checks every row with the same parser the importer
uses, in chunks, keeping nothing (so a bad row still stops the import before
anything is written, naming its line); a second pass imports the campaigns a
batch at a time, reading only their rows, through the ordinary NHTSA importer.
"""

from __future__ import annotations

import codecs
from array import array
from pathlib import Path

from indexer.importers.common import ImportFileError, ImportReport
from indexer.importers.nhtsa import import_nhtsa_text
from indexer.importers.nhtsa_formats import parse_flat

CHECK_LINES = 20000  # rows parsed at a time in the checking pass
BATCH = 1000  # campaigns imported at a time


def detect_encoding(path: Path) -> str:
    """``utf-8`` when the whole file decodes as UTF-8 (checked incrementally), else what charset_normalizer says."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    with open(path, "rb") as handle:
        best = from_bytes(handle.read(4 << 20)).best()
    return best.encoding if best is not None else "cp1252"


def import_flat_file(path: Path, source: str, content_dir: Path, cite: dict | None, progress=None,
                     batch: int = BATCH) -> ImportReport:
    encoding = detect_encoding(path)
    offsets = _check_and_index(path, encoding, source)
    report = ImportReport()
    campaigns = sorted(offsets)
    with open(path, "rb") as handle:
        for start in range(0, len(campaigns), batch):
            lines = []
            for campaign in campaigns[start:start + batch]:
                for offset in offsets[campaign]:
                    handle.seek(offset)
                    lines.append(handle.readline().decode(encoding, errors="replace").rstrip("\r\n"))
            part = import_nhtsa_text("\n".join(lines) + "\n", source, content_dir, cite)
            report.created += part.created
            report.updated += part.updated
            report.unchanged += part.unchanged
            if progress:
                progress("import nhtsa-flat", min(start + batch, len(campaigns)), len(campaigns))
    return report


def _check_and_index(path: Path, encoding: str, source: str) -> dict[bytes, array]:
    offsets: dict[bytes, array] = {}
    chunk: list[str] = []
    first_line = 1
    with open(path, "rb") as handle:
        offset = 0
        number = 0
        for raw in handle:
            number += 1
            fields = raw.split(b"\t", 2)
            if number == 1 and b"CAMPNO" in raw.split(b"\t"):
                raise ImportFileError(source, "the published flat file has no header line; this one does", 1)
            if len(fields) >= 2 and fields[1].strip():
                offsets.setdefault(fields[1].strip(), array("q")).append(offset)
            offset += len(raw)
            chunk.append(raw.decode(encoding, errors="replace").rstrip("\r\n"))
            if len(chunk) >= CHECK_LINES:
                _check(chunk, source, first_line)
                first_line += len(chunk)
                chunk = []
    if chunk:
        _check(chunk, source, first_line)
    if not offsets:
        raise ImportFileError(source, "no recall records in the input")
    return offsets


def _check(lines: list[str], source: str, first_line: int) -> None:
    try:
        parse_flat("\n".join(lines) + "\n", source)
    except ImportFileError as exc:
        raise ImportFileError(source, exc.message, (exc.line or 1) + first_line - 1) from None
