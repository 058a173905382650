"""Turn content rows into search documents.

Kept apart from the index writer so the mapping (which text is searchable, in
which language, under which id) can be read and tested without building an
index. Everything a result page shows without a database query (title in both
languages, snippet text, date, make, models) is stored in the document; the
web process answers a search from the index alone, including the highlighted
snippet, which is cut from the stored body text (:mod:`portal.search.snippets`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from portal.db.content import Recall, RecallVehicle, Release, ReleaseChange, ReleaseModel
from portal.recalls.components import component_categories, components_zh
from portal.search import ids
from portal.search.analyzers import has_cjk
from portal.urls import recall_url, release_url
from portal.versions import versions_in_text

_TAG_RE = re.compile(r"<[^>]+>")


@dataclass
class Names:
    """Display names of makes and models in both languages, keyed by slug."""

    makes: dict[str, tuple[str, str]] = field(default_factory=dict)
    models: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)

    def make(self, slug: str) -> tuple[str, str]:
        return self.makes.get(slug, (slug, slug))

    def model(self, make: str, slug: str) -> tuple[str, str]:
        return self.models.get((make, slug), (slug, slug))


def recall_document(recall: Recall, vehicles: Iterable[RecallVehicle], names: Names) -> dict:
    vehicles = list(vehicles)
    models = sorted({v.model_slug for v in vehicles})
    years = sorted({v.year for v in vehicles if v.year is not None})
    make_en, make_zh = names.make(recall.make_slug)
    model_names = [names.model(recall.make_slug, slug) for slug in models]
    body_en = _join(recall.summary_en, recall.consequence_en, recall.remedy_en, recall.notes_en,
                    recall.manufacturer, _plain(recall.body_en),
                    make_en, *(en for en, _ in model_names))
    body_zh = _join(recall.summary_zh, recall.consequence_zh, recall.remedy_zh, recall.notes_zh,
                    _plain(recall.body_zh), make_zh, *(zh for _, zh in model_names))
    versions = [recall.remedy_version or "", *versions_in_text(recall.affected_software or "")]
    when = recall.report_date or recall.announce_date
    return _clean({
        "id": f"recall:{recall.id}",
        "type": "recall",
        "ref": recall.id,
        "url": recall_url(recall.id),
        "title_en": recall.title_en,
        "title_zh": recall.title_zh,
        "body_en": body_en,
        "body_zh": body_zh,
        "summary_en": _join(recall.summary_en, recall.consequence_en),
        "summary_zh": _join(recall.summary_zh, recall.consequence_zh),
        "component_en": recall.component,
        "component_zh": components_zh(recall.component),
        "component": ",".join(component_categories(recall.component)),
        "ids": _join(*ids.recall_id_forms(recall.id), *versions, sep=" "),
        "make": recall.make_slug,
        "model": ",".join(models),
        "years": ",".join(str(year) for year in years),
        "remedy_type": recall.remedy_type,
        "authority": recall.authority,
        "year": str(when.year) if when else None,
        "date": _datetime(when),
        "spell": _join(recall.title_en, body_en),
    })


def release_document(release: Release, versions: Iterable[str], changes: Iterable[ReleaseChange],
                     features: Iterable[str], models: Iterable[ReleaseModel],
                     remedies: Iterable[str], names: Names) -> dict:
    changes, features, models = list(changes), list(features), list(models)
    model_slugs = sorted({m.model_slug for m in models})
    years = sorted({m.year for m in models if m.year is not None})
    make_en, make_zh = names.make(release.make_slug)
    model_names = [names.model(release.make_slug, slug) for slug in model_slugs]
    features_zh = [name for name in features if has_cjk(name)]
    features_en = [name for name in features if not has_cjk(name)]
    body_en = _join(release.summary_en, *(c.text_en for c in changes), *features_en,
                    _plain(release.body_en), make_en, *(en for en, _ in model_names))
    body_zh = _join(release.summary_zh, *(c.text_zh for c in changes), *features_zh,
                    _plain(release.body_zh), make_zh, *(zh for _, zh in model_names))
    recall_forms = [form for recall_id in remedies for form in ids.recall_id_forms(recall_id)]
    when = release.release_date
    return _clean({
        "id": f"release:{release.make_slug}:{release.version}",
        "type": "release",
        "ref": f"{release.make_slug}/{release.version}",
        "url": release_url(release.make_slug, release.version),
        "title_en": release.title_en,
        "title_zh": release.title_zh,
        "body_en": body_en,
        "body_zh": body_zh,
        "ids": _join(release.version, *versions, *recall_forms, release.filing_number, sep=" "),
        "make": release.make_slug,
        "model": ",".join(model_slugs),
        "years": ",".join(str(year) for year in years),
        "category": release.category,
        "year": str(when.year) if when else None,
        "date": _datetime(when),
        "spell": _join(release.title_en, body_en),
    })


def _plain(markup: str | None) -> str:
    """Stored page HTML as plain text: tags would otherwise be searchable words."""
    return html.unescape(_TAG_RE.sub(" ", markup or "")).strip()


def _join(*parts: str | None, sep: str = "\n") -> str:
    return sep.join(part.strip() for part in parts if part and part.strip())


def _datetime(day: date | None) -> datetime | None:
    return datetime(day.year, day.month, day.day) if day else None


def _clean(document: dict) -> dict:
    """Drop empty values: Whoosh rejects None and an empty facet value would be counted."""
    return {key: value for key, value in document.items() if value not in (None, "")}
