"""OTA releases: detail pages, listings and their JSON."""
