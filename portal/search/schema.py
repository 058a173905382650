"""The one search schema for recalls and releases, and how user text becomes a query on it.

Recalls and releases share one index so a single query ranks both and one set
of facet counts covers the whole result. Both languages' fields are searched
whatever the page language: an owner may paste a Chinese notice title into the
English page. The version number below is written into the build manifest; a
change to fields or analyzers must bump it so the web process refuses an index
built by older code.

User text is cleaned (control characters, width forms, length) and parsed by a
forgiving parser; text that does not parse is read again as plain words, so no
query ever fails.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from whoosh import query as wq
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.qparser import (
    BoostPlugin,
    EveryPlugin,
    FieldsPlugin,
    GroupPlugin,
    MultifieldParser,
    OperatorsPlugin,
    OrGroup,
    PhrasePlugin,
    RangePlugin,
    SingleQuotePlugin,
    WildcardPlugin,
)

from portal.search.analyzers import (
    chinese_analyzer,
    english_analyzer,
    identifier_analyzer,
    spelling_analyzer,
)

SEARCH_SCHEMA_VERSION = 3
# Longer input is never a real query; cutting it keeps parsing and scoring cheap.
MAX_QUERY_CHARS = 256
MAX_QUERY_WORDS = 32

# A word in the title names what the record is about; that beats anything else.
# Recall titles name the defect ("Speed unit may vanish in Track Mode").
TITLE_BOOST = 3.0
# The defect's own words (a recall's summary and consequence) say what is wrong;
# they are also part of the body, so a summary word scores DEFECT + BODY and
# ranks just below a title word and well above a word found only in passing.
SUMMARY_BOOST = 2.0
# An id or version match is exact but also appears in cross-references (a release
# lists the recalls it remedies), so it ranks below the title and above prose.
IDS_BOOST = 2.0
# Body text is long and mentions many things in passing.
BODY_BOOST = 1.0
# NHTSA component paths ("ELECTRICAL SYSTEM: INSTRUMENT CLUSTER/PANEL") file a
# recall under a system; hundreds share each word, and a query for "instrument
# cluster" means the defect that names it, not every campaign filed there. Kept
# searchable (and as a facet) but below any word of the defect's own text.
COMPONENT_BOOST = 0.5

FIELD_BOOSTS = {
    "title_en": TITLE_BOOST,
    "title_zh": TITLE_BOOST,
    "ids": IDS_BOOST,
    "summary_en": SUMMARY_BOOST,
    "summary_zh": SUMMARY_BOOST,
    "body_en": BODY_BOOST,
    "body_zh": BODY_BOOST,
    "component_en": COMPONENT_BOOST,
    "component_zh": COMPONENT_BOOST,
}
SEARCH_FIELDS = tuple(FIELD_BOOSTS)

# Documents matching more of the query's words rank higher, but a single word
# still finds something: people type loose phrases, not Boolean expressions.
OR_GROUP_SCALE = 0.9

# Facet name in results -> index field. ``model_year`` counts model years, ``year``
# the report (recall) or release year.
FACET_FIELDS = {
    "type": "type",
    "make": "make",
    "model": "model",
    "year": "year",
    "category": "category",
    "remedy_type": "remedy_type",
    "authority": "authority",
    "model_year": "years",
    "component": "component",
}


def _text(analyzer, stored=True):
    # All tokens of one typed word must appear ("rear-view", "辅助驾驶"); words are OR-ed.
    return TEXT(analyzer=analyzer, stored=stored, multitoken_query="and")


def build_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        type=ID(stored=True),
        ref=ID(stored=True),
        url=STORED,
        title_en=_text(english_analyzer()),
        title_zh=_text(chinese_analyzer()),
        body_en=_text(english_analyzer()),
        body_zh=_text(chinese_analyzer()),
        summary_en=_text(english_analyzer(), stored=False),
        summary_zh=_text(chinese_analyzer(), stored=False),
        component_en=_text(english_analyzer(), stored=False),
        component_zh=_text(chinese_analyzer(), stored=False),
        component=KEYWORD(stored=True, commas=True, scorable=False),
        ids=TEXT(analyzer=identifier_analyzer(), phrase=False, stored=False),
        make=ID(stored=True),
        model=KEYWORD(stored=True, commas=True, scorable=False),
        years=KEYWORD(stored=True, commas=True, scorable=False),
        category=ID(stored=True),
        remedy_type=ID(stored=True),
        authority=ID(stored=True),
        year=ID(stored=True),
        date=DATETIME(stored=True, sortable=True),
        spell=TEXT(analyzer=spelling_analyzer(), phrase=False, stored=False),
    )


# Syntax an owner types by accident, or that is expensive: field prefixes would
# reach internal fields, wildcards and ranges expand to huge term lists, ``^``
# boosts and single quotes are rarely meant. Phrases, groups and AND/OR/NOT stay.
_REMOVED_PLUGINS = (FieldsPlugin, WildcardPlugin, RangePlugin, BoostPlugin, EveryPlugin, SingleQuotePlugin)


def query_parser(schema: Schema, *, syntax: bool = True) -> MultifieldParser:
    """A forgiving parser over the title, body and id fields in both languages.

    With ``syntax=False`` quotes, parentheses and operators are plain words: the
    fallback when the user's text does not parse.
    """
    parser = MultifieldParser(
        SEARCH_FIELDS, schema, fieldboosts=FIELD_BOOSTS, group=OrGroup.factory(OR_GROUP_SCALE)
    )
    for plugin in _REMOVED_PLUGINS:
        parser.remove_plugin_class(plugin)
    if not syntax:
        for plugin in (GroupPlugin, OperatorsPlugin, PhrasePlugin):
            parser.remove_plugin_class(plugin)
    return parser


def clean_query(text: object) -> str:
    """Printable, width-normalised text of bounded length (full-width ＳＵ７ -> SU7)."""
    text = unicodedata.normalize("NFKC", text if isinstance(text, str) else "")
    text = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in text[: MAX_QUERY_CHARS * 4])
    return " ".join(text.split()[:MAX_QUERY_WORDS])[:MAX_QUERY_CHARS].strip()


def parse_user_query(schema, text: str) -> wq.Query:
    """Parse with phrases, groups and AND/OR/NOT; on any failure, as plain words."""
    for syntax in (True, False):
        try:
            parsed = query_parser(schema, syntax=syntax).parse(text)
        except Exception:  # Whoosh raises assorted errors on odd input; plain words never fail
            continue
        if parsed is not wq.NullQuery:
            return parsed.accept(lambda q: _phrase_as_words(schema, q))
    return wq.NullQuery


def _phrase_as_words(schema, query: wq.Query) -> wq.Query:
    """A quoted phrase on a field without positions (``ids``) as all of its words.

    Whoosh refuses a phrase on such a field when it matches, long after parsing;
    the words together are what the user meant there.
    """
    if isinstance(query, wq.Phrase) and not schema[query.fieldname].format.supports("positions"):
        return wq.And([wq.Term(query.fieldname, word) for word in query.words])
    return query


def filter_query(filters: Mapping[str, object]) -> wq.Query | None:
    """``{"make": "tesla", "type": ["recall"]}`` -> a query every hit must also match."""
    clauses = []
    for name, fieldname in FACET_FIELDS.items():
        raw = filters.get(name)
        values = list(raw) if isinstance(raw, (list, tuple, set, frozenset)) else [raw]
        values = [str(value).strip() for value in values if value is not None and str(value).strip()]
        # Index values are slugs and ids in their published case: NHTSA, SAMR, tesla, ota.
        values = [value.upper() if name == "authority" else value.lower() for value in values]
        if values:
            clauses.append(wq.Or([wq.Term(fieldname, value) for value in values]))
    return wq.And(clauses) if clauses else None
