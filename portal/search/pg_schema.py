"""The PostgreSQL search tables: their DDL and how text becomes ``tsvector`` lexemes.

Shared by the indexer (which writes the tables into each build's own schema)
and :mod:`portal.search.postgres` (which queries them), so both sides turn
text into lexemes the same way:

* English title and body: PostgreSQL's ``english`` configuration (Snowball
  stemming, stop words) at build time and query time.
* Chinese title and body: segmented with jieba at build time by the same
  analyzer the Whoosh index uses, written space-separated into a ``simple``
  tsvector; a query is segmented the same way in Python.
* Slashes and colons split words on both sides (:func:`word_text`):
  PostgreSQL's parser reads ``SEATS:MID/REAR ASSEMBLY`` as one file-path
  word, so "rear" would not find it; Whoosh's tokenizers split there too.
* Identifiers (recall ids in every typed form, versions, filing numbers):
  reduced to one normal form in Python, ``simple`` tsvector.

Two tables hold a document. ``search_match`` is narrow (document number,
date, facet values, the weighted ``tsvector``) and written newest first, so
a scan of the matches in table order meets them by date and a query can stop
after the first few hundred; its GIN index finds the matches. ``search_documents``
holds what a hit shows (titles, bodies, url) and the ids for the exact-id
shortcuts, read only for the page's hits. Weights mirror the Whoosh field
boosts (:mod:`portal.search.schema`): title ``A``, ids ``B``, a recall's
summary and consequence ``C`` (also in the body), body ``D``. PostgreSQL has
four weights, so component names share ``D``: still below the defect's own
words, as in Whoosh.
"""

from __future__ import annotations

import re
from functools import lru_cache

from portal.search import schema as whoosh_schema
from portal.search.analyzers import chinese_analyzer, identifier_analyzer

DOCUMENTS = "search_documents"
MATCH = "search_match"
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


def ddl(schema: str) -> list[str]:
    q = f'"{schema}"'
    return [
        f"""CREATE TABLE {q}.{DOCUMENTS} (
            docnum integer PRIMARY KEY,
            id text NOT NULL UNIQUE,
            type text NOT NULL, ref text NOT NULL, url text NOT NULL,
            title_en text, title_zh text, body_en text, body_zh text,
            make text, model text[] NOT NULL DEFAULT '{{}}', date timestamp,
            ids text[] NOT NULL DEFAULT '{{}}')""",
        f"""CREATE TABLE {q}.{MATCH} (
            docnum integer PRIMARY KEY, date timestamp,
            type text NOT NULL, make text, model text[] NOT NULL DEFAULT '{{}}',
            years text[] NOT NULL DEFAULT '{{}}', category text, remedy_type text, authority text, year text,
            component text[] NOT NULL DEFAULT '{{}}',
            tsv tsvector NOT NULL)""",
        f"CREATE TABLE {q}.{WORDS} (word text PRIMARY KEY)",
    ]


def index_ddl(schema: str, trigram: bool) -> list[str]:
    """Indexes, made after the rows are in; the match table rewritten newest first."""
    q = f'"{schema}"'
    statements = [
        f"CREATE INDEX search_match_date ON {q}.{MATCH} (date DESC NULLS LAST, docnum)",
        f"CLUSTER {q}.{MATCH} USING search_match_date",
        f"CREATE INDEX search_tsv ON {q}.{MATCH} USING gin (tsv)",
        f"CREATE INDEX search_match_oldest ON {q}.{MATCH} (date ASC NULLS LAST, docnum)",
        f"CREATE INDEX search_ids ON {q}.{DOCUMENTS} USING gin (ids)",
    ]
    if trigram:
        statements.append(f"CREATE INDEX search_words_trgm ON {q}.{WORDS} USING gin (word gin_trgm_ops)")
    statements += [f"ANALYZE {q}.{table}" for table in (DOCUMENTS, MATCH, WORDS)]
    return statements


_SPLIT_RE = re.compile(r"[/:]")


def word_text(text: str | None) -> str:
    """Text for the ``english`` configuration with ``/`` and ``:`` as spaces (``MID/REAR`` is two words)."""
    return _SPLIT_RE.sub(" ", text) if text else ""


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
