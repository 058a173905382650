"""Run one statement against an app's served content database, for tests that compare pages with SQL."""

from __future__ import annotations

from portal.state import state


def content_rows(app, statement) -> list:
    """All rows of ``statement`` on the content database ``app`` serves, the session closed after."""
    with app.app_context():
        session = state(app).content_session()
        try:
            return session.execute(statement).all()
        finally:
            session.close()
