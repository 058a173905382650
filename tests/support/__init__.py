"""Helpers the tests share for what lies outside the Python process.

PostgreSQL, Chromium and a real HTTP server are not always on a developer's
machine. These helpers skip a test that needs one when it is missing, but CI
sets PORTAL_REQUIRE_ALL=1 so that a missing service fails the run instead of
passing it quietly with nothing tested.
"""
