"""Importers: bring official data into ``content/`` as validated content files.

Each importer parses and checks its whole input first and only then writes, so
a bad file changes nothing; writing the same input twice changes nothing.
"""
