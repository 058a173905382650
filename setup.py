"""Compile the translation catalogues into the package when a wheel is built.

``translations/<locale>/LC_MESSAGES/messages.po`` is the source (committed);
the compiled ``messages.mo`` is never committed. A plain ``pip install .``
must still show Chinese pages, so building the package compiles every
catalogue into ``portal/translations/`` inside the wheel. Everything else
about the package is declared in pyproject.toml.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithCatalogues(build_py):
    def run(self):
        super().run()
        if self.editable_mode:  # an editable install reads translations/ in the checkout
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in sorted((ROOT / "translations").glob("*/LC_MESSAGES/messages.po")):
            locale = po.parent.parent.name
            target = Path(self.build_lib) / "portal" / "translations" / locale / "LC_MESSAGES"
            target.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as source:
                catalog = read_po(source, locale=locale)
            with (target / "messages.mo").open("wb") as out:
                write_mo(out, catalog)


setup(cmdclass={"build_py": BuildWithCatalogues})
