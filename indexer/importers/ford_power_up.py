"""Ford Power-Up version history (elmedico27/fordpowerup, CC BY-SA 4.0): parsing.

The history is two Markdown tables (``README.md`` from 7.x on, ``Archive.md``
before): version, North-American and European release month, the change
notes, the modules updated and how long the car is unavailable. Facts carry
over (version, months, modules, downtime, the Ford recall numbers a note says
the update completes); the notes' sentences do not, since the licence would
bind the portal's text to CC BY-SA: summaries are written from the facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from .common import ImportFileError, ImportReport, write_all

_MONTH = re.compile(r"^(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{4})$")
# Ford's own recall numbers: year, S (safety) or C (compliance), two digits: 22S41, 25C69.
FORD_RECALL = re.compile(r"\b(\d{2}[SC]\d{2})\b")
_RECALL_CONTEXT = re.compile(r"recall", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


@dataclass
class FordVersion:
    version: str  # as Ford names it: SYNC-25.1.7.10.1, PT-26.13.6, 4.2.6
    versions: list[str]  # every number of a row that names several
    month_na: date | None
    month_eu: date | None
    modules: list[str]
    downtime_minutes: int | None
    unavailable: bool | None
    recalls: list[str]  # Ford recall numbers the notes say the update completes or addresses
    programs: list[str] = field(default_factory=list)  # Customer Satisfaction Programs (not recalls)
    notes_words: int = 0
    line: int = 0
    file: str = ""

    @property
    def month(self) -> date | None:
        months = [m for m in (self.month_na, self.month_eu) if m]
        return min(months) if months else None


def parse_history(texts: list[str], source: str) -> list[FordVersion]:
    """Every table row of the given files, in file order; ImportFileError on a row that cannot be read."""
    versions: list[FordVersion] = []
    for text in texts:
        versions.extend(_parse_one(text, source))
    if not versions:
        raise ImportFileError(source, "no version table (| Version | Release Date NA | …) found")
    return versions


def _parse_one(text: str, source: str) -> list[FordVersion]:
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    rows, header = [], None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("|"):
            header = None if not line.strip() else header
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0].lower() == "version":
            header = [c.lower() for c in cells]
            continue
        if header is None or set(cells[0]) <= set("-: "):
            continue
        if len(cells) < 6:
            raise ImportFileError(source, f"expected 6 columns, found {len(cells)}", number)
        rows.append(_row(cells, source, number))
    return rows


def _row(cells: list[str], source: str, line: int) -> FordVersion:
    names = [_plain(part) for part in re.split(r"<br\s*/?>", cells[0]) if _plain(part)]
    if not names:
        raise ImportFileError(source, "a row has no version", line)
    notes = cells[3]
    plain_notes = _plain(notes.replace("<br>", " "))
    recalls = []
    for sentence in re.split(r"(?<=[.!])\s+|<br>", notes):
        if _RECALL_CONTEXT.search(sentence):
            recalls.extend(FORD_RECALL.findall(sentence))
    programs = re.findall(r"Customer Satisfaction Program (\d{2}[A-Z]\d{2})", notes)
    unavailable, minutes = _downtime(cells[5])
    return FordVersion(
        version=names[0], versions=names, month_na=_month(cells[1], source, line),
        month_eu=_month(cells[2], source, line), modules=_modules(cells[4]), downtime_minutes=minutes,
        unavailable=unavailable, recalls=sorted(set(recalls)), programs=sorted(set(programs)),
        notes_words=len(plain_notes.split()), line=line, file=source,
    )


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", _TAG.sub(" ", text).replace("*", "")).strip()


def _month(cell: str, source: str, line: int) -> date | None:
    text = _plain(cell)
    if not text or text.lower() in ("not available", "n/a", "tbd", "-"):
        return None
    match = _MONTH.match(text)
    if not match:
        return None  # a note instead of a month ("Limited"): no date is stated
    return datetime.strptime(f"{match.group(1)} {match.group(2)}", "%B %Y").date()


def _modules(cell: str) -> list[str]:
    text = _plain(re.sub(r"\*[^*]*:\*", " ", cell))
    parts = re.split(r"[,\s]+", text)
    return sorted({p.strip("_") for p in parts if re.fullmatch(r"[A-Z][A-Z0-9_\[\],]*", p) and p.strip("_")})


def _downtime(cell: str) -> tuple[bool | None, int | None]:
    text = _plain(cell)
    if not text:
        return None, None
    minutes = re.search(r"\((\d+)\)", text)
    if text.lower().startswith(("yes", "y")):
        return True, int(minutes.group(1)) if minutes else None
    if text.lower().startswith(("no", "n")):
        return False, None
    return None, int(minutes.group(1)) if minutes else None


# --- import into content/releases/ford/ -------------------------------------------------------

# A version Ford prints as MODULE-dotted.number (PT-26.13.6, IPMA-DC-24.204.8.27) or a bare dotted
# number (4.2.6); a trailing "(.1.1)" names sub-builds and is dropped. Names that are campaign codes
# (23-PU0924-DLDC, SCCM-25.DC, "Un-numbered") have no number to order or compare, so they are not
# imported as releases; the import report counts them.
_NUMBERED = re.compile(r"^(?:([A-Z]+(?:-[A-Z]+)?)-)?(\d+(?:\.\d+)+)(?:\(.*\))?$")
# NHTSA's remedy text names the maker's own number: "Ford's number for this recall is 25S49."
_FORD_NUMBER_IN_NHTSA = re.compile(r"Ford's number for this recall is (\d{2}[SC]\d{2})")
MACH_E = {"model": "mustang-mach-e", "name": "Mustang Mach-E", "years": None}
REPOSITORY = "https://github.com/elmedico27/fordpowerup"
LICENCE = "CC BY-SA 4.0"


@dataclass
class FordRelease:
    version: str
    line: str | None
    names: list[str]
    month_na: date | None
    month_eu: date | None
    modules: set[str]
    downtime_minutes: int | None
    recalls: set[str]
    point_versions: set[str]


def numbered(name: str) -> tuple[str | None, str] | None:
    """``(line, version)`` of a Ford version name, or None for a campaign code."""
    match = _NUMBERED.match(name.strip())
    if not match:
        return None
    return (match.group(1).lower() if match.group(1) else None), match.group(2)


def ford_recall_campaigns(content_dir: Path) -> dict[str, str]:
    """Ford recall number -> NHTSA campaign, where an NHTSA record in the content states it."""
    mapping: dict[str, str] = {}
    for path in sorted((Path(content_dir) / "recalls" / "nhtsa").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if "\nmake: ford\n" not in text:
            continue
        for number in _FORD_NUMBER_IN_NHTSA.findall(" ".join(text.split())):
            mapping.setdefault(number, path.stem)
    return mapping


def releases_from(versions: list[FordVersion]) -> tuple[list[FordRelease], list[str]]:
    """One release per numbered version (rows of the same version merged); the campaign-code names skipped."""
    by_version: dict[str, FordRelease] = {}
    skipped = []
    for row in versions:
        names = [n.strip() for part in row.versions for n in re.split(r"\s*/\s*", part) if n.strip()]
        first = numbered(names[0])
        if first is None:
            skipped.append(names[0])
            continue
        line, version = first
        release = by_version.get(version)
        if release is None:
            release = by_version[version] = FordRelease(version, line, [], row.month_na, row.month_eu, set(),
                                                        row.downtime_minutes, set(), set())
        else:
            release.month_na = _earliest(release.month_na, row.month_na)
            release.month_eu = _earliest(release.month_eu, row.month_eu)
            release.downtime_minutes = release.downtime_minutes or row.downtime_minutes
        # Other numbers in the same row (2.4.3/2.7.3: one per vehicle line) stay in the title: some
        # are releases of their own elsewhere in the history, so they are not made point versions.
        for name in names:
            if name not in release.names:
                release.names.append(name)
        release.modules.update(row.modules)
        release.recalls.update(row.recalls)
    return list(by_version.values()), skipped


def import_ford_power_up(sources: list[str], content_dir: Path) -> ImportReport:
    """Import README.md and Archive.md of the history into ``content/releases/ford/``."""
    from indexer.frontmatter import Document, render

    texts = []
    for source in sources:
        try:
            texts.append(Path(source).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ImportFileError(source, "file not found") from None
        except UnicodeDecodeError:
            raise ImportFileError(source, "file is not UTF-8 text") from None
    releases, skipped = releases_from(parse_history(texts, sources[0]))
    campaigns = ford_recall_campaigns(content_dir)
    files = {}
    for release in releases:
        linked = sorted({campaigns[n] for n in release.recalls if n in campaigns})
        meta = {
            "make": "ford",
            "version": release.version,
            "title": {"en": f"Ford Power-Up {' / '.join(release.names)}", "zh": f"福特 Power-Up {' / '.join(release.names)}"},
            "date": _earliest(release.month_na, release.month_eu),
            "date_estimated": True,
            "markets": [m for m, month in (("US", release.month_na), ("EU", release.month_eu)) if month] or ["US"],
            "models": [dict(MACH_E)],
            "point_versions": [{"version": v, "fleet_share_pct": None} for v in sorted(release.point_versions)],
            # The update exists to remedy a recall whenever Ford's notes say so, linked or not.
            "category": "defect_recall" if release.recalls else "general",
            "category_reason": (f"Ford's notes say this update remedies Ford recall {', '.join(sorted(release.recalls))}"
                                if release.recalls else "No recall remedy, driving-automation or technical-parameter "
                                                        "change in the facts the history gives."),
            "filing_number": None,
            "remedies": linked,
            "features": [],
            "changes": [],
            "summary": summary(release, campaigns),
            "sources": [{"title": f"Ford Power-Up version history (elmedico27/fordpowerup, {LICENCE})",
                         "url": REPOSITORY, "date": None}],
        }
        path = Path(content_dir) / "releases" / "ford" / f"{release.version}.md"
        files[path] = render(Document(meta, "", ""))
    report = write_all(files) if files else ImportReport()
    report.skipped = skipped  # type: ignore[attr-defined]
    return report


def summary(release: FordRelease, campaigns: dict[str, str]) -> dict[str, str]:
    """The portal's own sentences, built from the facts only (the notes' wording is not carried over)."""
    en, zh = [], []
    modules = ", ".join(sorted(release.modules))
    en.append(f"Over-the-air update {' / '.join(release.names)}" + (f" for the {modules} module{'s' if len(release.modules) > 1 else ''}." if modules else "."))
    zh.append(f"远程升级 {' / '.join(release.names)}" + (f"，更新模块：{'、'.join(sorted(release.modules))}。" if modules else "。"))
    for region_en, region_zh, month in (("North America", "北美", release.month_na), ("Europe", "欧洲", release.month_eu)):
        if month:
            en.append(f"Released in {region_en} in {month.strftime('%B %Y')} (the history gives the month, not the day).")
            zh.append(f"{month.year}年{month.month}月在{region_zh}推送（来源只给出月份）。")
    if release.downtime_minutes:
        en.append(f"The car cannot be used for about {release.downtime_minutes} minutes while it installs.")
        zh.append(f"安装期间车辆约 {release.downtime_minutes} 分钟无法使用。")
    for number in sorted(release.recalls):
        campaign = campaigns.get(number)
        if campaign:
            en.append(f"Ford's notes give it as the remedy for Ford recall {number}, which NHTSA's record gives as "
                      f"campaign {campaign}.")
            zh.append(f"福特的说明称此更新是福特召回 {number} 的补救措施；NHTSA 的记录表明该召回即 NHTSA 召回 {campaign}。")
        else:
            en.append(f"Ford's notes give it as the remedy for Ford recall {number}; no source in the portal gives "
                      "that recall's NHTSA campaign number, so it is not linked.")
            zh.append(f"福特的说明称此更新是福特召回 {number} 的补救措施；本站的来源均未给出该召回的 NHTSA 编号，因此未关联。")
    en.append("The history does not say which models each update reached; the portal lists it for the Mustang Mach-E, "
              "the first car to receive Power-Up updates.")
    zh.append("该历史未说明每次更新推送到哪些车型；本站将其列在最早获得 Power-Up 更新的 Mustang Mach-E 名下。")
    return {"en": " ".join(en), "zh": "".join(zh)}


def _earliest(a: date | None, b: date | None) -> date | None:
    values = [v for v in (a, b) if v]
    return min(values) if values else None
