"""Cross-record rules and links: makes exist, recalls and remedy releases point at each other.

Links are resolved once here so that the database holds them in both
directions and every page can show them without guessing:

* a release whose notes cite a recall (``remedies`` in its file) *mentions*
  that recall: the notes do not say which point version carries a fix, so a
  mention never makes the release a remedy;
* a recall with a remedy version that a source states (the notice, or
  ``editorial/remedy_versions.yaml``) links to the release that carries that
  version (matched as a point version, else by release family) as its remedy
  (the release becomes a ``defect_recall`` only when that version is the
  release itself, not one of its point versions);
  when no release in the portal carries it, a release record is created from
  the recall itself (the version is real: a source names it) and says that no
  release notes are available.
"""

from __future__ import annotations

from indexer.records import ContentBundle, RecallRecord, ReleaseRecord, SourceRef, VehicleSpec
from indexer.validation import ContentError
from portal.urls import recall_url
from portal.versions import family_of, version_key

# Makers whose release families are ``year.week`` and whose cars install point
# versions under them (Tesla 2023.44 -> 2023.44.30.14).
FAMILY_DEPTH = {"tesla": 2}


def link_bundle(bundle: ContentBundle, errors: list[ContentError]) -> None:
    _check_makes(bundle, errors)
    _check_related(bundle, errors)
    _link_release_remedies(bundle)
    _link_recall_remedy_versions(bundle)
    _check_point_versions(bundle, errors)
    _check_fleet(bundle, errors)


def _check_makes(bundle: ContentBundle, errors: list[ContentError]) -> None:
    for record in [*bundle.recalls.values(), *bundle.releases.values()]:
        if record.make not in bundle.makes:
            errors.append(ContentError(record.path, "make", f"unknown make {record.make!r}: add it to content/makes.yaml"))
        for spec in getattr(record, "vehicles", []):
            if spec.make and spec.make not in bundle.makes:
                errors.append(ContentError(record.path, "vehicles", f"unknown make {spec.make!r}: add it to content/makes.yaml"))


def _check_related(bundle: ContentBundle, errors: list[ContentError]) -> None:
    for recall in bundle.recalls.values():
        for other in recall.related:
            if other not in bundle.recalls:
                errors.append(ContentError(recall.path, "related", f"recall {other} does not exist"))
            elif recall.id not in bundle.recalls[other].related:
                bundle.recalls[other].related.append(recall.id)


def _link_release_remedies(bundle: ContentBundle) -> None:
    for release in bundle.releases.values():
        known = [r for r in release.remedies if r in bundle.recalls]
        for missing in sorted(set(release.remedies) - set(known)):
            bundle.warnings.append(
                f"{release.path}: cites recall {missing}, which is not in the portal's data; link not shown"
            )
        release.mentions = sorted(set(known))
        release.remedies = []


def _find_release(bundle: ContentBundle, make: str, version: str) -> ReleaseRecord | None:
    for release in bundle.releases.values():
        if release.make == make and any(v == version for v, _ in release.point_versions):
            return release
    candidates = [
        r for r in bundle.releases.values()
        if r.make == make and version.startswith(r.version + ".")
    ]
    return max(candidates, key=lambda r: version_key(r.version), default=None)


def _link_recall_remedy_versions(bundle: ContentBundle) -> None:
    for recall in sorted(bundle.recalls.values(), key=lambda r: r.id):
        for stated in recall.remedy_versions:
            _link_stated_version(bundle, recall, stated.version, stated.source.title, stated.line,
                                 firm=stated.reliability == "high")


def _link_stated_version(bundle: ContentBundle, recall: RecallRecord, remedy: str, source: str,
                         line: str | None, firm: bool = True) -> None:
    release = _find_release(bundle, recall.make, remedy)
    if release is None:
        release = _release_from_recall(recall, remedy, line, firm)
        bundle.releases[release.key] = release
    if not any(v == remedy for v, _ in release.point_versions):
        release.point_versions.append((remedy, None))
        release.point_versions.sort(key=lambda item: version_key(item[0]))
    if recall.id not in release.remedies:
        release.remedies = sorted({*release.remedies, recall.id})
    # A family is a recall remedy only when the stated version is the release itself; a remedy stated
    # at a point version (2023.32.9) is shown at that version and leaves the family's category to its notes.
    # A version only a fan site states ("medium") links the remedy but does not make the release a recall.
    if release.category != "defect_recall" and release.version == remedy and firm:
        release.category = "defect_recall"
        release.category_assigned = "recall"
        release.category_reason = (
            f"Carries {remedy}, which {source} states as the remedy of recall {recall.id}, so it "
            f"removes a defect and falls under the recall rules. (Before: {release.category_reason})"
        )


def _release_from_recall(recall: RecallRecord, remedy: str, line: str | None = None,
                         firm: bool = True) -> ReleaseRecord:
    depth = FAMILY_DEPTH.get(recall.make)
    version = family_of(remedy, depth) if depth else remedy
    name = f"{line.title()} {version}" if line else version
    # The same rule as for a release with notes: a family is a recall remedy only when the stated version
    # is the family itself and a firm source states it; otherwise no notes say what the family is.
    if version == remedy and firm:
        category, reason, assigned = "defect_recall", f"Named as the remedy software of recall {recall.id}.", "recall"
    else:
        category, assigned = "general", "rules"
        reason = (f"No release notes in the portal's sources; point version {remedy} is named as the remedy "
                  f"of recall {recall.id}, which does not make the whole family a recall remedy.")
    return ReleaseRecord(
        make=recall.make,
        version=version,
        title={"en": f"Software {name}", "zh": f"软件 {name}"},
        markets=[recall.market],
        models=[VehicleSpec(v.model, v.name, None) for v in recall.vehicles],
        point_versions=sorted({(version, None), (remedy, None)}, key=lambda i: version_key(i[0])),
        category=category,
        category_reason=reason,
        category_assigned=assigned,
        sources=[SourceRef(f"Recall {recall.id} ({recall.authority})", recall_url(recall.id), None),
                 *recall.sources],
        path=f"(derived from recall {recall.id})",
        summary={
            "en": f"Known from recall {recall.id}, whose remedy is software {remedy}. "
                  "No release notes for it are in the portal's sources.",
            "zh": f"此版本来自召回 {recall.id} 的补救措施说明（补救软件 {remedy}）。本站数据来源中暂无该版本的更新说明。",
        },
    )


def _check_point_versions(bundle: ContentBundle, errors: list[ContentError]) -> None:
    owner: dict[tuple[str, str], ReleaseRecord] = {}
    for release in bundle.releases.values():
        for version, _share in release.point_versions:
            key = (release.make, version)
            if key in owner and owner[key] is not release:
                errors.append(ContentError(
                    release.path, "point_versions",
                    f"version {version} also belongs to release {owner[key].version} ({owner[key].path})",
                ))
            owner[key] = release


def _check_fleet(bundle: ContentBundle, errors: list[ContentError]) -> None:
    versions = {
        (release.make, version): release
        for release in bundle.releases.values()
        for version, _ in release.point_versions
    }
    for install in bundle.installs:
        vehicle = bundle.vehicles[install.vin]
        release = versions.get((vehicle.make, install.version))
        where = f"install of {install.version} on {install.vin}"
        if release is None:
            errors.append(ContentError("content/fleet/installs.csv", where, "no release of this make has that version"))
        elif release.date and install.installed_at < release.date:
            errors.append(ContentError(
                "content/fleet/installs.csv", where,
                f"installed {install.installed_at} before the release date {release.date}",
            ))
    for vehicle in bundle.vehicles.values():
        if vehicle.make not in bundle.makes:
            errors.append(ContentError("content/fleet/vehicles.csv", vehicle.vin, f"unknown make {vehicle.make!r}"))
