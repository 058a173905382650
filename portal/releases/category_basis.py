"""How a release's OTA category was assigned, and what the 2025 Notice itself says.

Makers do not publish the category under which they filed an update, so every
category the portal shows is its own reading of the release notes (by the
import rules, by an editor, or from a recall that names the version). Pages and
the API say so beside the label, with the Notice's own wording for the category
and the document that wording is quoted from, rather than state the label as a
filing fact.
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

# The English article that reports the Notice's four-way split (the Notice, MIIT
# and SAMR, 25 February 2025, is in Chinese; its own page was not read).
NOTICE_SOURCE = {
    "title": "China Issues new Notice on Over-the-Air (OTA) Upgrade Management for Intelligent Connected Vehicles",
    "author": "Sarah Xuan",
    "url": None,
    "date": "2025-03-13",
}
NOTICE_NAME = _l("Notice on Strengthening the Admission, Recall, and Software Over-the-Air Upgrade Management "
                 "of Intelligent Connected Vehicles (MIIT and SAMR, 25 February 2025)")

# The Notice's wording for each category as the cited article reports it (en);
# zh is the portal's translation of that wording.
NOTICE_WORDING = {
    "general": _l("“General upgrades (not involving changes to core technical parameters) may be implemented "
                  "after record filing.”"),
    "technical_parameters": _l("“Upgrades affecting major technical parameters require regulatory approval before "
                               "execution.”"),
    "driving_automation": _l("“Upgrades related to Level 3 or higher autonomous driving functions must obtain "
                             "corresponding admission approval.”"),
    "defect_recall": _l("“OTA recall upgrades must be carried out in accordance with the ‘Administrative Measures "
                        "for the Recall of Defective Automotive Products’.”"),
}

STATEMENTS = {
    "rules": _l("The portal's reading of the release notes under the 2025 Notice, not a filing record: the "
                "portal's rules matched the maker's notes. Makers do not publish the category they filed."),
    "editorial": _l("The portal's reading of the release notes under the 2025 Notice, not a filing record: the "
                    "portal's editors read the maker's notes. Makers do not publish the category they filed."),
    "recall": _l("The portal's reading under the 2025 Notice, not a filing record: a recall names this version as "
                 "its remedy. Makers do not publish the category they filed."),
}
# The portal files Level 2 driver assistance here too; the Notice's permit wording names Level 3 or higher.
LEVEL_NOTE = _l("The Notice's permit requirement names Level 3 or higher automated driving. The portal also files "
                "here releases that change Level 2 driver assistance (such as Autopilot, Highway Assist or "
                "adaptive cruise control), because release notes do not say how the maker filed them.")


def category_basis(category: str, assigned: str, lang: str) -> dict:
    """The ``category_basis`` object of a release, in ``lang``."""
    with force_locale(lang):
        return {
            "assigned_by": assigned,
            "statement": str(STATEMENTS.get(assigned, STATEMENTS["rules"])),
            "level_note": str(LEVEL_NOTE) if category == "driving_automation" else None,
            "notice": {
                "name": str(NOTICE_NAME),
                "wording": str(NOTICE_WORDING[category]),
                # The wording is the cited article's English; other languages get the portal's translation.
                "wording_translated": lang != "en",
                "source": dict(NOTICE_SOURCE),
            },
        }
