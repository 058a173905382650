"""The indexer: the only writer of content-derived rows and of the search index.

It validates ``content/``, writes a complete build (database + Whoosh index +
``manifest.json``) into a fresh location and swaps it in only when complete, so
a failed build never disturbs the build being served.
"""
