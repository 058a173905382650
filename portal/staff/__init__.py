"""The staff console: sign-in, the queue of questions the assistant could not answer, feedback totals.

``auth`` (argon2 password hashes, accounts) and ``queue`` (the review queue's
queries) are plain Python, shared with the ``ota-portal staff`` command;
``routes`` and ``forms`` are the web side.
"""
