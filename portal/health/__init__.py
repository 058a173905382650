"""Health check: the served build's manifest."""
