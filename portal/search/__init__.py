"""Full-text search over recalls and releases, in English and Chinese.

The indexer writes the index (:mod:`indexer.search_index`); the web process
reads it only through :class:`SearchBackend`, so routes never see Whoosh and
tests can swap in :class:`NullSearch`.
"""

from portal.search.backend import (
    PAGE_SIZE,
    Hit,
    IndexMissingError,
    NullSearch,
    SearchBackend,
    SearchResult,
    WhooshSearch,
)

__all__ = [
    "PAGE_SIZE",
    "Hit",
    "IndexMissingError",
    "NullSearch",
    "SearchBackend",
    "SearchResult",
    "WhooshSearch",
]
