"""Recalls: detail pages, listings and their JSON."""
