"""Atom feeds of new recalls and releases: all, per make, per model and per car (VIN)."""
