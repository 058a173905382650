"""Write the PostgreSQL search tables of one build (``SEARCH_BACKEND=postgres``).

The same documents the Whoosh index gets (:func:`indexer.search_index.iter_documents`)
go into ``search_documents`` in the build's own schema, with one ``tsvector``
per document built in PostgreSQL from text the indexer has prepared (see
:mod:`portal.search.pg_schema`) into the narrow ``search_match``, and the
English vocabulary goes into ``search_words`` for "did you mean" (pg_trgm).
Indexes are created after the rows are in, which is several times faster than
maintaining them row by row.
The schema is new and private to the build, so a failure leaves nothing that
the build's own clean-up does not drop.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from portal.search.pg_schema import (
    DOCUMENTS,
    MATCH,
    WORDS,
    ddl,
    id_tokens,
    index_ddl,
    lexeme_text,
    word_text,
    zh_tokens,
)

BATCH_SIZE = 1000
_SPELL_RE = re.compile(r"[^\W\d_]{3,}")
_LATIN_RE = re.compile(r"^[a-z]+$")


def extensions(engine: Engine) -> bool:
    """Whether pg_trgm is usable in this database; created here when the role may, else used if present."""
    with engine.connect() as conn:
        present = conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).first()
        available = conn.execute(text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")).first()
    if not present and available:
        try:
            with engine.begin() as conn:
                conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
            present = True
        except SQLAlchemyError:  # not allowed for this role: an administrator must create it
            present = False
    return bool(present)


_INSERT_DOCUMENT = """INSERT INTO "{schema}".{table}
    (docnum, id, type, ref, url, title_en, title_zh, body_en, body_zh, make, model, date, ids)
    VALUES (:docnum, :id, :type, :ref, :url, :title_en, :title_zh, :body_en, :body_zh, :make, :model, :date, :ids)"""
_INSERT_MATCH = """INSERT INTO "{schema}".{table}
    (docnum, date, type, make, model, years, category, remedy_type, authority, year, component, tsv)
    VALUES (:docnum, :date, :type, :make, :model, :years, :category, :remedy_type, :authority, :year, :component,
     setweight(to_tsvector('english', :title_en_t), 'A') || setweight(to_tsvector('simple', :title_zh_t), 'A')
     || setweight(to_tsvector('simple', :ids_t), 'B')
     || setweight(to_tsvector('english', :summary_en_t), 'C') || setweight(to_tsvector('simple', :summary_zh_t), 'C')
     || setweight(to_tsvector('english', :body_en_t), 'D') || setweight(to_tsvector('simple', :body_zh_t), 'D')
     || setweight(to_tsvector('english', :component_en_t), 'D')
     || setweight(to_tsvector('simple', :component_zh_t), 'D'))"""


def row(docnum: int, document: dict) -> dict:
    ids = list(dict.fromkeys(id_tokens(document.get("ids"))))
    return {
        "docnum": docnum, "id": document["id"], "type": document["type"], "ref": document["ref"],
        "url": document["url"], "title_en": document.get("title_en"), "title_zh": document.get("title_zh"),
        "body_en": document.get("body_en"), "body_zh": document.get("body_zh"), "make": document.get("make"),
        "model": [v for v in document.get("model", "").split(",") if v],
        "years": [v for v in document.get("years", "").split(",") if v],
        "category": document.get("category"), "remedy_type": document.get("remedy_type"),
        "authority": document.get("authority"), "year": document.get("year"), "date": document.get("date"),
        "ids": ids,
        "title_en_t": word_text(document.get("title_en")), "body_en_t": word_text(document.get("body_en")),
        "title_zh_t": lexeme_text(zh_tokens(document.get("title_zh"))),
        "body_zh_t": lexeme_text(zh_tokens(document.get("body_zh"))),
        "ids_t": lexeme_text(ids),
        "component": [v for v in document.get("component", "").split(",") if v],
        "summary_en_t": word_text(document.get("summary_en")),
        "component_en_t": word_text(document.get("component_en")),
        "summary_zh_t": lexeme_text(zh_tokens(document.get("summary_zh"))),
        "component_zh_t": lexeme_text(zh_tokens(document.get("component_zh"))),
    }


def write_search_tables(engine: Engine, schema: str, documents: Iterable[dict]) -> int:
    """Create and fill the search tables in ``schema``; return the number of documents."""
    trigram = extensions(engine)
    count, words, batch = 0, set(), []
    inserts = [text(_INSERT_DOCUMENT.format(schema=schema, table=DOCUMENTS)),
               text(_INSERT_MATCH.format(schema=schema, table=MATCH))]
    with engine.begin() as conn:
        for statement in ddl(schema):
            conn.execute(text(statement))
        for document in documents:
            batch.append(row(count, document))
            count += 1
            words.update(word.lower() for word in _SPELL_RE.findall(document.get("spell", "")))
            if len(batch) >= BATCH_SIZE:
                for insert in inserts:
                    conn.execute(insert, batch)
                batch = []
        if batch:
            for insert in inserts:
                conn.execute(insert, batch)
        vocabulary = [{"w": word} for word in sorted(words) if _LATIN_RE.match(word)]
        for start in range(0, len(vocabulary), BATCH_SIZE * 10):
            conn.execute(text(f'INSERT INTO "{schema}".{WORDS} (word) VALUES (:w)'),
                         vocabulary[start:start + BATCH_SIZE * 10])
        for statement in index_ddl(schema, trigram):
            conn.execute(text(statement))
    return count
