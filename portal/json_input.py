"""Request JSON that cannot crash a view: too deep or not valid Unicode reads as invalid JSON.

Python's parser recurses once per nesting level, so a body nested a thousand
deep raises ``RecursionError`` (not the ``ValueError`` Flask expects from bad
JSON), and ``"\\ud800"`` parses to a string that no database can store. Both
are turned into ``ValueError`` here, which Flask's ``get_json`` treats as
malformed JSON: the API answers 400 with its usual ``invalid_json`` error.
"""

from __future__ import annotations

from flask.json.provider import DefaultJSONProvider

MAX_DEPTH = 32  # no request the API accepts nests more than two or three levels


class JSONTooDeep(ValueError):
    pass


class InvalidUnicode(ValueError):
    pass


def check_value(value, depth: int = 0) -> None:
    """Raise ValueError for nesting past MAX_DEPTH or a string with lone surrogates."""
    if depth > MAX_DEPTH:
        raise JSONTooDeep(f"JSON nested more than {MAX_DEPTH} levels")
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidUnicode("a string holds characters that are not valid Unicode") from None
    elif isinstance(value, dict):
        for key, item in value.items():
            check_value(key, depth + 1)
            check_value(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            check_value(item, depth + 1)


class SafeJSONProvider(DefaultJSONProvider):
    def loads(self, s, **kwargs):
        try:
            value = super().loads(s, **kwargs)
        except RecursionError:
            raise JSONTooDeep("JSON nested too deeply") from None
        check_value(value)
        return value
