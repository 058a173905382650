"""Query pieces that recalls and releases share."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select


def covers_model_year(owner_id, link_owner, link_model, link_year, model: str | None,
                      year: int | None) -> ColumnElement[bool]:
    """``owner_id`` is listed in a vehicles table for ``model`` and ``year``.

    A row whose year is NULL covers every model year of its model.
    """
    rows = select(link_owner)
    if model:
        rows = rows.where(link_model == model)
    if year:
        rows = rows.where((link_year == year) | link_year.is_(None))
    return owner_id.in_(rows)
