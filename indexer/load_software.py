"""Read the sourced software facts of recalls and the related-recall pairs (editorial data).

``content/editorial/remedy_versions.yaml`` says, per recall, which software
versions a source names as the remedy (one entry per software line), which
versions brought the defect, and when a release began to deploy — each with
its source and the reliability the compilation gives it. A remedy version read
by an importer from the notice itself becomes the first entry (its source is
the notice), unless the file says that version is not a remedy.

``content/editorial/related_recalls.yaml`` lists pairs of recalls of the same
defect by two authorities, with the portal's reason.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from indexer.records import RecallRecord, RelatedLink, SoftwareFact, SourceRef, StatedVersion
from indexer.validation import ContentError, FieldReader
from portal.versions import SCHEMES, VersionError, VersionRange
from portal.vocab import recall_page_url

REMEDY_FILE = "remedy_versions.yaml"
RELATED_FILE = "related_recalls.yaml"
MATCHES = ("or_later", "branch")
RELIABILITY = ("high", "medium")
FACT_KINDS = ("defect_version", "defect_deploy", "remedy_deploy", "china_notice", "not_remedy",
              "completion", "other_authority")
_ENTRY_FIELDS = ("version", "line", "models", "match", "reliability", "source", "note")
_RECALL_FIELDS = ("remedy_versions", "replaces_notice_version", "affected_ranges", "facts")
# same_defect: the notices describe one defect; likely_same_defect: same maker, component and dates, but
# neither notice names the other, so the pages say it is the portal's reading.
RELATED_BASES = ("same_defect", "likely_same_defect")

ReadYaml = Callable[[Path, list[ContentError]], Any]


def apply_software_editorial(folder: Path, recalls: dict[str, RecallRecord], errors: list[ContentError],
                             read_yaml: ReadYaml) -> None:
    """Attach stated versions and facts to recalls, then the notice's own version; then related pairs."""
    path = folder / REMEDY_FILE
    data = read_yaml(path, errors) if path.exists() else None
    replaced: set[str] = set()
    if data is not None and not isinstance(data, dict):
        errors.append(ContentError(str(path), None, "must be a mapping of recall id to facts"))
    elif data:
        for recall_id, item in data.items():
            recall = recalls.get(str(recall_id))
            reader = FieldReader(str(path), item if isinstance(item, dict) else {}, errors, f"{recall_id}.")
            if recall is None:
                reader.error(None, f"no recall with id {recall_id} exists in content/recalls/")
                continue
            if reader.boolean("replaces_notice_version"):
                replaced.add(recall.id)
            _read_recall_facts(reader, recall)
    for recall in recalls.values():
        _add_notice_version(recall, replace=recall.id in replaced)
    path = folder / RELATED_FILE
    if path.exists():
        _read_related(path, read_yaml(path, errors), recalls, errors)


def _read_recall_facts(reader: FieldReader, recall: RecallRecord) -> None:
    for index, item in enumerate(reader.list_of("remedy_versions")):
        sub = reader.child(f"remedy_versions[{index}]", item if isinstance(item, dict) else {})
        entry = _read_entry(sub, recall)
        if entry is not None:
            recall.remedy_versions.append(entry)
    for index, text in enumerate(reader.list_of("affected_ranges")):
        try:
            recall.affected_ranges.append(str(VersionRange.parse(str(text))))
        except VersionError as exc:
            reader.error(f"affected_ranges[{index}]", str(exc))
    for index, item in enumerate(reader.list_of("facts")):
        sub = reader.child(f"facts[{index}]", item if isinstance(item, dict) else {})
        kind = sub.choice("kind", FACT_KINDS)
        source = _source(sub)
        fact = SoftwareFact(kind or "", sub.bilingual("text"), source or SourceRef(""), sub.date("date"),
                            sub.choice("reliability", RELIABILITY, required=False) or "high")
        sub.unknown_fields(("kind", "text", "source", "date", "reliability"))
        if kind and source:
            recall.software_facts.append(fact)
    reader.unknown_fields(_RECALL_FIELDS)


def _read_entry(sub: FieldReader, recall: RecallRecord) -> StatedVersion | None:
    version = sub.version("version", required=True)
    line = sub.text("line", required=False) or None
    scheme = SCHEMES.get(recall.make)
    if line and not (scheme and line in scheme.lines):
        sub.error("line", f"{recall.make} has no software line {line!r}")
    models = [str(m) for m in sub.list_of("models")]
    source = _source(sub)
    entry = StatedVersion(
        version=version or "", source=source or SourceRef(""), line=line, models=models,
        match=sub.choice("match", MATCHES, required=False) or "or_later",
        reliability=sub.choice("reliability", RELIABILITY, required=False) or "high",
        note=sub.bilingual("note", required=False))
    sub.unknown_fields(_ENTRY_FIELDS)
    return entry if version and source else None


def _source(sub: FieldReader) -> SourceRef | None:
    raw = sub.data.get("source")
    if not isinstance(raw, dict):
        sub.error("source", "is required: a mapping {title, url, date}")
        return None
    src = sub.child("source", raw)
    title, url, when = src.text("title"), src.text("url", required=False) or None, src.text("date", required=False) or None
    if url and not url.startswith(("http://", "https://")):
        src.error("url", f"must be an http(s) URL (got {url!r})")
    src.unknown_fields(("title", "url", "date"))
    return SourceRef(title, url, when) if title else None


def _notice_source(recall: RecallRecord) -> SourceRef:
    first = recall.sources[0] if recall.sources else SourceRef(f"{recall.authority} recall {recall.id}")
    page = recall_page_url(recall.authority, recall.id) if first.url is None else None
    return SourceRef(first.title, page, first.date) if page else first


def _add_notice_version(recall: RecallRecord, replace: bool) -> None:
    """The version the notice names comes first (the contract's ``remedy_version``), unless replaced."""
    notice = recall.remedy_version
    if notice and not replace and not any(e.version == notice for e in recall.remedy_versions):
        note = {"en": "Named in the authority's notice.", "zh": "主管部门公告中写明的版本。"}
        recall.remedy_versions.insert(0, StatedVersion(notice, _notice_source(recall), note=note))
    elif notice and not replace:
        recall.remedy_versions.sort(key=lambda e: e.version != notice)
    recall.remedy_version = recall.remedy_versions[0].version if recall.remedy_versions else None


def _read_related(path: Path, data: Any, recalls: dict[str, RecallRecord], errors: list[ContentError]) -> None:
    if not isinstance(data, list):
        if data is not None:
            errors.append(ContentError(str(path), None, "must be a list of pairs"))
        return
    for index, item in enumerate(data):
        reader = FieldReader(str(path), item if isinstance(item, dict) else {}, errors, f"[{index}].")
        pair = [str(r) for r in reader.list_of("recalls", required=True)]
        reason = reader.bilingual("reason")
        basis = reader.choice("basis", RELATED_BASES) or "same_defect"
        reader.unknown_fields(("recalls", "reason", "basis"))
        if len(pair) != 2 or pair[0] == pair[1]:
            reader.error("recalls", "must name two different recalls")
            continue
        missing = [r for r in pair if r not in recalls]
        if missing:
            reader.error("recalls", f"no recall with id {', '.join(missing)} exists in content/recalls/")
            continue
        for one, other in (pair, pair[::-1]):
            recalls[one].related = sorted({*recalls[one].related, other})
            recalls[one].related_reasons[other] = RelatedLink(other, reason, basis)
