"""``ota-portal import releases FILE``: maker release notes into ``content/releases/``.

The format is recognised from the file itself (Tesla's ``release_families.json``,
Rivian's ``CHANGELOG.md`` or the plain YAML list), so the command needs no
format flag. Everything is parsed, checked and rendered before the first byte
is written; a bad file raises :class:`ImportFileError` with its line and leaves
``content/`` as it was. Rendering is deterministic, so importing the same file
again reports every file unchanged.
"""

from __future__ import annotations

from pathlib import Path

from indexer.frontmatter import render
from indexer.importers import releases_generic, releases_rivian, releases_tesla
from indexer.importers.common import ImportFileError, ImportReport, write_all
from indexer.importers.releases_category import categorise
from indexer.importers.releases_common import ParsedRelease, to_document
from portal.yaml_text import safe_load


def detect_format(text: str) -> str:
    """``tesla``, ``rivian`` or ``generic``, from the content rather than the file name."""
    head = text.lstrip()
    if head.startswith("["):
        return "tesla"
    if releases_generic.looks_like(text):
        return "generic"
    if head.startswith("#") and "\n## " in text:
        return "rivian"
    return "unknown"


def parse_releases(text: str, source: str, make_names: dict[str, dict[str, str]]) -> list[ParsedRelease]:
    kind = detect_format(text)
    if kind == "tesla":
        releases = releases_tesla.parse(text, source)
    elif kind == "rivian":
        releases = releases_rivian.parse(text, source)
    elif kind == "generic":
        releases = releases_generic.parse(text, source, make_names)
    else:
        raise ImportFileError(
            source,
            "unknown release-notes format: expected Tesla release_families.json, Rivian CHANGELOG.md "
            f"or YAML with 'format: {releases_generic.FORMAT}'",
            1,
        )
    seen: dict[tuple[str, str], int | None] = {}
    for release in releases:
        key = (release.make, release.version)
        if key in seen:
            raise ImportFileError(source, f"{release.make} {release.version} is listed twice", release.line)
        if release.make not in make_names:
            raise ImportFileError(source, f"make {release.make!r} is not listed in makes.yaml", release.line)
        seen[key] = release.line
        if release.category is None:
            release.category, release.category_reason = categorise(release.notes, release.remedies)
    return releases


def planned_files(releases: list[ParsedRelease], content_dir: Path) -> dict[Path, str]:
    return {
        content_dir / "releases" / r.make / f"{r.version}.md": render(to_document(r)) for r in releases
    }


def import_releases(source: str, content_dir: Path) -> ImportReport:
    content_dir = Path(content_dir)
    text = _read(source)
    releases = parse_releases(text, source, load_make_names(content_dir))
    return write_all(planned_files(releases, content_dir))


def load_make_names(content_dir: Path) -> dict[str, dict[str, str]]:
    """``{slug: {en, zh}}`` from ``makes.yaml``; imports may only use listed makes."""
    path = Path(content_dir) / "makes.yaml"
    if not path.exists():
        raise ImportFileError(str(path), "makes.yaml is missing from the content folder")
    entries = safe_load(path.read_text(encoding="utf-8")) or []
    return {e["slug"]: {"en": e["en"], "zh": e["zh"]} for e in entries}


def _read(source: str) -> str:
    try:
        return Path(source).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ImportFileError(source, "file not found") from None
    except UnicodeDecodeError:
        raise ImportFileError(source, "file is not UTF-8 text") from None
