"""Site pages that belong to no single feature: the start page and the data notes."""
