"""Query-string parsing shared by the browse pages (/recalls, /releases).

Browse pages forgive bad input (a wrong page number shows page 1, an unknown
filter value is ignored) rather than failing, since the values come from
links and forms people edit by hand.
"""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

MAX_PAGE = 10_000


def page_number(args: MultiDict) -> int:
    raw = args.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < MAX_PAGE else 1


def _year(args: MultiDict, name: str) -> str | None:
    raw = args.get(name, "").strip()
    return raw if raw.isdigit() and len(raw) == 4 else None


def _choice(args: MultiDict, name: str, choices: tuple[str, ...]) -> str | None:
    value = args.get(name)
    return value if value in choices else None


def browse_filters(args: MultiDict, **choices: tuple[str, ...]) -> dict:
    """make, model, model_year, year, plus one entry per keyword (its allowed values)."""
    filters = {
        "make": args.get("make", "").strip().lower()[:64] or None,
        "model": args.get("model", "").strip().lower()[:128] or None,
        "model_year": _year(args, "model_year"),
        "year": _year(args, "year"),
    }
    filters.update({name: _choice(args, name, allowed) for name, allowed in choices.items()})
    return filters
