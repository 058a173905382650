"""Database models and engine helpers.

Two groups of tables live side by side:

* **content** tables (:mod:`portal.db.content`) are written only by the
  indexer and rebuilt from ``content/`` on every build; the web process reads
  them.
* **runtime** tables (:mod:`portal.db.runtime`) hold what the web process
  itself writes (chat log, unanswered questions, feedback, staff accounts) and
  survive rebuilds.
"""
