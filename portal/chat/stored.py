"""What the owner is told when their question could not be stored.

A fallback answer says the question was passed to support staff; that is only
true once the turn is in the runtime database (a full disk, a read-only
file). When storing failed, the answer gets a line that says so, in the
question's language, so nobody waits for a reply that will never come.
"""

from __future__ import annotations

from dataclasses import replace

from flask_babel import force_locale
from flask_babel import gettext as _

from portal.chat.engine import Answer


def unstored_notice(lang: str) -> str:
    with force_locale(lang):
        return _("Your question could not be saved just now, so it has not reached our staff and this "
                 "conversation will not be remembered. Please try again later.")


def with_storage_outcome(answer: Answer, turn_id: int | None, lang: str) -> Answer:
    """The answer as given when it was stored; with the notice (and not queued) when it was not."""
    if turn_id is not None:
        return answer
    return replace(answer, answer=f"{answer.answer}\n\n{unstored_notice(lang)}", queued=False)
