"""Query-string parsing shared by the browse pages (/recalls, /releases).

Browse pages forgive bad input (a wrong page number shows page 1, an unknown
filter value is ignored) rather than failing, since the values come from
links and forms people edit by hand.
"""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from portal.params import ascii_int

MAX_PAGE = 10_000


def page_number(args: MultiDict) -> int:
    return ascii_int(args.get("page", "1"), 1, MAX_PAGE) or 1


def _year(args: MultiDict, name: str) -> str | None:
    year = ascii_int(args.get(name, ""), 1900, 2100)
    return str(year) if year else None


def _choice(args: MultiDict, name: str, choices: tuple[str, ...]) -> str | None:
    value = args.get(name)
    return value if value in choices else None


def browse_filters(args: MultiDict, date_year: str, **choices: tuple[str, ...]) -> dict:
    """make, model, model_year (``year`` is its older name), the record's own ``date_year``
    (``reported_year`` or ``released_year``), plus one entry per keyword (its allowed values)."""
    filters = {
        "make": args.get("make", "").strip().lower()[:64] or None,
        "model": args.get("model", "").strip().lower()[:128] or None,
        "model_year": _year(args, "model_year") or _year(args, "year"),
        date_year: _year(args, date_year),
    }
    filters.update({name: _choice(args, name, allowed) for name, allowed in choices.items()})
    return filters
