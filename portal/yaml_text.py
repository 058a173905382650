"""YAML read with libyaml's C parser, which PyYAML's wheels ship, falling back to the pure-Python one.

The assistant's rules and vocabularies, the content files and the API description are
several megabytes of YAML. The pure-Python parser takes about half a second for the
rules alone, on every worker start, every build and every engine a test makes; libyaml
reads the same documents into the same values (the safe types only) many times
faster. A PyYAML built without libyaml still works, only slower.
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str | bytes) -> Any:
    """``yaml.safe_load`` with the fastest safe loader at hand."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader, C or Python
