"""The data sources and bulk downloads: ``/data``, ``/data/datapackage.json``, ``/data/<file>``."""
