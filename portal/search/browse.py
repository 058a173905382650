"""Names for the browse pages' filter options (makes and models in the page's language).

The listing itself, with its facet counts, is :mod:`portal.listing`. No Flask here.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db import content as db


def option_names(session: Session, lang: str, make: str | None) -> dict[str, dict[str, str]]:
    column = "name_zh" if lang == "zh" else "name_en"
    makes = {m.slug: getattr(m, column) or m.name_en for m in session.scalars(select(db.Make))}
    query = select(db.Model) if not make else select(db.Model).where(db.Model.make_slug == make)
    models = {m.slug: getattr(m, column) or m.name_en for m in session.scalars(query)}
    return {"make": makes, "model": models}
