"""Entries -> an Atom document (RFC 4287) with feedgen.

Entry ids are ``tag:`` URIs built from the public id, so a reader keeps an
entry's identity whatever host or language the feed was fetched from.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from feedgen.feed import FeedGenerator

from portal.feeds.service import Entry

TAG_AUTHORITY = "tag:ota-transparency-portal,2025"
AUTHOR = "OTA Transparency Portal"


def _moment(day: date | None, fallback: datetime) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC) if day else fallback


def build_atom(*, feed_key: str, title: str, subtitle: str, self_url: str, alternate_url: str,
               base_url: str, lang: str, entries: list[Entry], built_at: datetime) -> bytes:
    fg = FeedGenerator()
    fg.id(f"{TAG_AUTHORITY}:feed/{feed_key}")
    fg.title(title)
    fg.subtitle(subtitle)
    fg.author({"name": AUTHOR})
    fg.link(href=self_url, rel="self", type="application/atom+xml")
    fg.link(href=alternate_url, rel="alternate", type="text/html")
    fg.language("zh-Hans" if lang == "zh" else "en")
    newest = max((_moment(e.updated, built_at) for e in entries), default=built_at)
    fg.updated(newest)
    suffix = "?lang=zh" if lang == "zh" else ""
    for entry in entries:
        item = fg.add_entry(order="append")
        item.id(f"{TAG_AUTHORITY}:{entry.kind}/{entry.key}")
        item.title(entry.title)
        item.updated(_moment(entry.updated, built_at))
        if entry.updated:
            item.published(_moment(entry.updated, built_at))
        item.link(href=f"{base_url}{entry.path}{suffix}", rel="alternate", type="text/html")
        item.summary(entry.summary or entry.title)
    return fg.atom_str(pretty=True)


def parse_built_at(value: str | None) -> datetime:
    try:
        moment = datetime.fromisoformat(value) if value else None
    except ValueError:
        moment = None
    if moment is None:
        return datetime(2000, 1, 1, tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
