"""``ota-portal sync``: keep each published source current (ARCHITECTURE §6b)."""
