"""The PostgreSQL search tables: their DDL and how text becomes ``tsvector`` lexemes.

Shared by the indexer (which writes the tables into each build's own schema)
and :mod:`portal.search.postgres` (which queries them), so both sides turn
text into lexemes the same way:

* English title and body: PostgreSQL's ``english`` configuration (Snowball
  stemming, stop words) at build time and query time.
* Chinese title and body: segmented with jieba at build time by the same
  analyzer the Whoosh index uses, written space-separated into a ``simple``
  tsvector; a query is segmented the same way in Python.
* Identifiers (recall ids in every typed form, versions, filing numbers):
  reduced to one normal form in Python, ``simple`` tsvector.

Weights mirror the Whoosh field boosts (:mod:`portal.search.schema`): title
``A``, ids ``B``, a recall's summary and consequence ``C`` (also in the body),
body ``D``. PostgreSQL has four weights, so component names share ``D``: still
below the defect's own words, as in Whoosh. With the RUM extension the index can order by
rank directly (``<=>``); without it a GIN index finds the matches and every
match is ranked, which is slower for broad terms at large sizes.
"""

from __future__ import annotations

from functools import lru_cache

from portal.search import schema as whoosh_schema
from portal.search.analyzers import chinese_analyzer, identifier_analyzer

DOCUMENTS = "search_documents"
WORDS = "search_words"
# Facet name -> (column, is an array column).
FACET_COLUMNS = {
    "type": ("type", False), "make": ("make", False), "model": ("model", True), "year": ("year", False),
    "category": ("category", False), "remedy_type": ("remedy_type", False),
    "authority": ("authority", False), "model_year": ("years", True), "component": ("component", True),
}


def rank_weights() -> list[float]:
    """``{D, C, B, A}`` for ts_rank: body, summary, ids, title, relative to the title boost.

    Read from the Whoosh boosts by name so that a change there moves both backends.
    """
    title = whoosh_schema.TITLE_BOOST
    body = whoosh_schema.BODY_BOOST
    summary = getattr(whoosh_schema, "SUMMARY_BOOST", body)
    ids = whoosh_schema.IDS_BOOST
    return [round(value / title, 4) for value in (body, summary, ids, title)]


def ddl(schema: str, rum: bool, trigram: bool) -> list[str]:
    q = f'"{schema}"'
    statements = [
        f"""CREATE TABLE {q}.{DOCUMENTS} (
            docnum integer PRIMARY KEY,
            id text NOT NULL UNIQUE,
            type text NOT NULL, ref text NOT NULL, url text NOT NULL,
            title_en text, title_zh text, body_en text, body_zh text,
            make text, model text[] NOT NULL DEFAULT '{{}}', years text[] NOT NULL DEFAULT '{{}}',
            category text, remedy_type text, authority text, year text, date timestamp,
            ids text[] NOT NULL DEFAULT '{{}}',
            component text[] NOT NULL DEFAULT '{{}}',
            tsv tsvector NOT NULL)""",
        f"CREATE TABLE {q}.{WORDS} (word text PRIMARY KEY)",
    ]
    return statements


def index_ddl(schema: str, rum: bool, trigram: bool) -> list[str]:
    q = f'"{schema}"'
    method = "rum (tsv rum_tsvector_ops)" if rum else "gin (tsv)"
    statements = [
        f"CREATE INDEX search_tsv ON {q}.{DOCUMENTS} USING {method}",
        f"CREATE INDEX search_ids ON {q}.{DOCUMENTS} USING gin (ids)",
        f"CREATE INDEX search_date ON {q}.{DOCUMENTS} (date DESC NULLS LAST, docnum)",
    ]
    if trigram:
        statements.append(f"CREATE INDEX search_words_trgm ON {q}.{WORDS} USING gin (word gin_trgm_ops)")
    statements.append(f"ANALYZE {q}.{DOCUMENTS}")
    statements.append(f"ANALYZE {q}.{WORDS}")
    return statements


@lru_cache(maxsize=1)
def _zh():
    return chinese_analyzer()


@lru_cache(maxsize=1)
def _ids():
    return identifier_analyzer()


def zh_tokens(text: str | None) -> list[str]:
    """jieba words (search mode), lower case, stop words out, Latin words Porter-stemmed."""
    return [token.text for token in _zh()(text or "")] if text else []


def id_tokens(text: str | None) -> list[str]:
    return [token.text for token in _ids()(text or "")] if text else []


def lexeme_text(tokens: list[str]) -> str:
    """Tokens as text the ``simple`` configuration splits back into the same words."""
    return " ".join(tokens)
