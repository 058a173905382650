"""``SEARCH_BACKEND=postgres``: the search seam answered by PostgreSQL full-text search.

The build wrote ``search_match``, ``search_documents`` and ``search_words``
into its own schema (:mod:`indexer.search_tables`); this reads them with the
content engine, so a node holds no index of its own and every node answers
from the same tables. The result has the shape
:class:`portal.search.backend.WhooshSearch` gives:

* matching: each typed word may match the English fields (stemmed by
  PostgreSQL's ``english`` configuration), the Chinese fields (jieba words)
  or the ids (one normal form); words are OR-ed, a quoted phrase must appear
  as a phrase; a whole Chinese sentence with no match is read as any of its words;
* bounded work: one query reads the matches in date order, newest first,
  and stops after :data:`MATCH_CAP`. A narrower query has all its matches
  read, so its count, facets and ranking are exact. A broad one ("recall" at
  100,000 documents matches nearly all of them) reports ``capped``: the count
  shows as "1,000+", and its facets and relevance order cover the newest
  1,000 matches. Counting or ranking every match costs time in proportion to
  the matches (PostgreSQL reads and scores each one), which no index avoids;
* ranking: ``ts_rank`` with the field weights
  (:func:`portal.search.pg_schema.rank_weights`, read from the Whoosh boosts);
* facets: counted over the matches read;
* highlights: the shared snippet cutter (:mod:`portal.search.snippets`) in
  both languages, as the Whoosh backend does (``ts_headline`` parses each
  whole body and cost more than the rest of a query);
* "did you mean": a word the vocabulary lacks is replaced by its nearest
  trigram neighbour (pg_trgm) starting with the same letter;
* exact ids: a recall id or the version of exactly one release redirects.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import chain

from sqlalchemy import Engine, text

from portal.search import backend as _backend
from portal.search import ids
from portal.search.analyzers import has_cjk, segment_cjk, stem_word
from portal.search.backend import Hit, SearchResult, _page
from portal.search.facets import normalise_filters
from portal.search.pg_schema import (
    DOCUMENTS,
    FACET_COLUMNS,
    MATCH,
    WORDS,
    id_tokens,
    rank_weights,
    word_text,
    zh_tokens,
)
from portal.search.schema import clean_query
from portal.search.snippets import snippet_html
from portal.search.synonyms import expand

# Matches read per query, newest first: all of a narrow query's, the newest of a broad one's.
MATCH_CAP = 1000
# Of those, the newest this many are ranked by relevance; any further ones follow newest first.
RANK_CAP = 300
# "Did you mean": trigram neighbours looked at, and the most edits a correction may make.
SUGGEST_CANDIDATES = 10
SUGGEST_MAX_EDITS = 2
_WORD_RE = re.compile(r"[A-Za-z]{3,}")
_TOKEN_RE = re.compile(r'"([^"]*)"|(\S+)')
_OPERATORS = {"AND", "OR", "NOT"}
_FACET_NAMES = tuple(dict.fromkeys(column for column, _ in FACET_COLUMNS.values()))
_FACET_COLUMNS = ", ".join(_FACET_NAMES)
_HIT_COLUMNS = "docnum, id, type, ref, url, title_en, title_zh, body_en, body_zh, make, model, date"


class PostgresSearch:
    """Search over the tables one build wrote into ``schema``."""

    def __init__(self, engine: Engine, schema: str):
        self._engine = engine
        self._schema = schema
        self._table = f'"{schema}".{DOCUMENTS}'
        self._match = f'"{schema}".{MATCH}'
        self._words = f'"{schema}".{WORDS}'
        with engine.connect() as conn:
            self.trigram = bool(conn.execute(text(
                "SELECT 1 FROM pg_indexes WHERE schemaname = :s AND indexname = 'search_words_trgm'"),
                {"s": schema}).first())

    def close(self) -> None:
        pass  # the engine belongs to the instance state

    def ping(self) -> None:
        with self._engine.connect() as conn:
            conn.execute(text(f"SELECT 1 FROM {self._table} LIMIT 1"))

    def search(self, query, filters=None, page=1, lang="en", sort="relevance") -> SearchResult:
        text_, page = clean_query(query), _page(page)
        lang = "zh" if str(lang).lower().startswith("zh") else "en"
        page_size = _backend.PAGE_SIZE
        result = SearchResult(query=text_, page=page, page_size=page_size)
        if not text_:
            return result
        sort = sort if sort in ("newest", "oldest") else "relevance"
        chosen = normalise_filters(filters or {})
        with self._engine.connect() as conn:
            # The just-in-time compiler costs more than these short queries take. Matches are
            # found with the GIN index and read in table order (see _matches); the few rows
            # read by key are found as well through a bitmap.
            conn.exec_driver_sql("SET LOCAL jit = off; SET LOCAL enable_seqscan = off; "
                                 "SET LOCAL enable_indexscan = off")
            result.redirect = self._redirect(conn, text_)
            expanded = expand(text_)
            tsquery, params = _tsquery(expanded)
            if tsquery is None:
                result.suggestion = self._suggestion(conn, text_)
                return result
            where, params = self._where(tsquery, params, chosen)
            rows = self._matches(conn, tsquery, where, params, sort)
            if not rows and has_cjk(text_):  # a whole Chinese sentence: any of its words
                tsquery, params = _tsquery(segment_cjk(expanded), any_word=True)
                if tsquery is not None:
                    where, params = self._where(tsquery, params, chosen)
                    rows = self._matches(conn, tsquery, where, params, sort)
            result.capped = len(rows) > MATCH_CAP
            rows = rows[:MATCH_CAP]
            result.total, result.facets = len(rows), _facets(rows)
            start = (page - 1) * page_size
            if start < result.total:
                docnums = self._page(conn, rows, where, params, sort, result.capped, start, page_size)
                result.hits = self._hits(conn, docnums, lang, expanded)
            result.suggestion = self._suggestion(conn, text_)
        return result

    # -- matching ------------------------------------------------------------
    def _where(self, tsquery: str, params: dict, chosen: dict[str, list[str]]) -> tuple[str, dict]:
        clauses, params = [f"tsv @@ ({tsquery})"], dict(params)
        for name, values in chosen.items():
            column, is_array = FACET_COLUMNS[name]
            params[f"f_{name}"] = values
            clauses.append(f"{column} && CAST(:f_{name} AS text[])" if is_array else f"{column} = ANY(:f_{name})")
        return " AND ".join(clauses), params

    def _matches(self, conn, tsquery: str, where: str, params: dict, sort: str) -> list:
        """Up to one more than :data:`MATCH_CAP` matches, newest first, with facet values and rank.

        The GIN index lists the matches and the heap is read in table order,
        which the build made newest first, stopping at the cap; neither reads
        the ``tsvector`` of a row (for a phrase PostgreSQL checks positions in
        it). Only the newest :data:`RANK_CAP` are ranked: ``ts_rank`` reads the
        whole vector, and that is what a query's time goes on.
        """
        rank = f"ts_rank(CAST(:w AS real[]), m.tsv, ({tsquery}))" if sort == "relevance" else "NULL"
        sql = (f"SELECT m.docnum, m.date, {', '.join('m.' + c for c in _FACET_NAMES)}, "
               f"CASE WHEN m.n <= :rank_cap THEN {rank} END AS rank "
               f"FROM (SELECT docnum, date, {_FACET_COLUMNS}, tsv, row_number() OVER () AS n "
               f"FROM {self._match} WHERE {where} LIMIT :cap) m")
        rows = conn.execute(text(sql), {**params, "w": rank_weights(), "cap": MATCH_CAP + 1,
                                        "rank_cap": RANK_CAP}).all()
        return sorted(map(tuple, rows), key=_newest_first)

    def _page(self, conn, rows: list, where: str, params: dict, sort: str, capped: bool,
              start: int, size: int) -> list[int]:
        """Document numbers of one page, in the order asked for."""
        if sort == "newest":
            return [row[0] for row in rows[start:start + size]]
        if sort == "oldest":
            if capped:  # the oldest matches are not among the newest read: walk the date index
                conn.exec_driver_sql("SET LOCAL enable_indexscan = on")
                sql = (f"SELECT docnum FROM {self._match} WHERE {where} "
                       "ORDER BY date ASC NULLS LAST, docnum LIMIT :limit OFFSET :offset")
                return list(conn.execute(text(sql), {**params, "limit": size, "offset": start}).scalars())
            ordered = sorted(rows, key=lambda row: (row[1] is None, row[1] or 0, row[0]))
            return [row[0] for row in ordered[start:start + size]]
        ranked = sorted((row for row in rows if row[-1] is not None), key=lambda row: (-row[-1], row[0]))
        ordered = ranked + [row for row in rows if row[-1] is None]  # beyond the ranked: newest first
        return [row[0] for row in ordered[start:start + size]]

    def _hits(self, conn, docnums: list[int], lang: str, text_: str) -> list[Hit]:
        if not docnums:
            return []
        sql = f"SELECT {_HIT_COLUMNS} FROM {self._table} WHERE docnum = ANY(:docnums)"
        found = {row["docnum"]: row for row in conn.execute(text(sql), {"docnums": docnums}).mappings()}
        terms = _snippet_terms(text_)
        other = "en" if lang == "zh" else "zh"
        hits = []
        for docnum in docnums:
            row = found[docnum]
            when = row["date"]
            hits.append(Hit(
                type=row["type"], id=row["id"], ref=row["ref"],
                title=row[f"title_{lang}"] or row[f"title_{other}"] or "", snippet=snippet_html(row, terms, lang),
                url=row["url"], date=when.date().isoformat() if when else None, make=row["make"],
                model=tuple(row["model"] or ()),
            ))
        return hits

    # -- shortcuts ------------------------------------------------------------
    def _redirect(self, conn, text_: str) -> str | None:
        """The page for an exact recall id or the version of exactly one release."""
        candidates = [c for c in (ids.normalise_recall_id(text_), text_, text_.lower()) if c and " " not in c]
        if candidates:
            found = conn.execute(text(f"SELECT url FROM {self._table} WHERE id = ANY(:ids) LIMIT 1"),
                                 {"ids": [f"recall:{c}" for c in candidates]}).scalar()
            if found:
                return found
        version = ids.normalise_version(text_)
        if version:
            rows = conn.execute(text(f"SELECT url FROM {self._table} WHERE type = 'release' "
                                     "AND ids @> ARRAY[CAST(:v AS text)] LIMIT 2"), {"v": version}).all()
            if len(rows) == 1:
                return rows[0][0]
        return None

    def _suggestion(self, conn, text_: str) -> str | None:
        """Replace words the vocabulary has never seen with the closest word it has."""
        if not self.trigram:
            return None
        changed, suggestion = False, text_
        words = list(dict.fromkeys(_WORD_RE.findall(text_)))
        if not words:
            return None
        known = set(conn.execute(text(f"SELECT word FROM {self._words} WHERE word = ANY(:w)"),
                                 {"w": [word.lower() for word in words]}).scalars())
        for word in words:
            lower = word.lower()
            if lower in known:
                continue
            near = conn.execute(text(
                f"SELECT word FROM {self._words} WHERE word % :w AND left(word, 1) = left(:w, 1) "
                "ORDER BY similarity(word, :w) DESC, word LIMIT :n"), {"w": lower, "n": SUGGEST_CANDIDATES}).scalars()
            # Trigrams find neighbours fast; the edit distance (as Whoosh's suggester uses) picks among them.
            scored = sorted((distance, rank, word) for rank, word in enumerate(near)
                            if (distance := _edit_distance(lower, word)) <= SUGGEST_MAX_EDITS)
            candidate = scored[0][2] if scored else None
            if candidate and candidate != lower:
                suggestion = re.sub(rf"\b{re.escape(word)}\b", candidate, suggestion)
                changed = True
        return suggestion if changed else None


def _tsquery(text_: str, any_word: bool = False) -> tuple[str | None, dict]:
    """SQL for the tsquery of the user's text (words OR-ed, quoted phrases kept), and its parameters."""
    parts, params = [], {}
    for n, match in enumerate(_TOKEN_RE.finditer(text_)):
        phrase, word = match.group(1), match.group(2)
        if word is not None:
            word = word.strip("()")
            if not word or word in _OPERATORS:
                continue
        key = f"q{n}"
        if phrase is not None:
            if not phrase.strip():
                continue
            params[key] = word_text(phrase)
            zh = zh_tokens(phrase) if has_cjk(phrase) else []
            options = [f"phraseto_tsquery('english', :{key})"]
            if zh:
                params[key + "z"] = " ".join(zh)
                options.append(f"phraseto_tsquery('simple', :{key}z)")
            parts.append("(" + " || ".join(options) + ")")
            continue
        options = []
        params[key] = word_text(word)
        if not has_cjk(word):
            options.append(f"plainto_tsquery('english', :{key})")
        zh = zh_tokens(word)
        if zh and any_word:
            for i, token in enumerate(zh):
                params[f"{key}z{i}"] = token
                options.append(f"plainto_tsquery('simple', :{key}z{i})")
        elif zh:  # all jieba words of one typed word must appear, as in the Whoosh index
            params[key + "z"] = " ".join(zh)
            options.append(f"plainto_tsquery('simple', :{key}z)")
        identifiers = [token for token in id_tokens(word) if token]
        if identifiers:
            params[key + "i"] = identifiers[0]
            options.append(f"plainto_tsquery('simple', :{key}i)")
        if options:
            parts.append("(" + " || ".join(options) + ")")
    if not parts:
        return None, {}
    return " || ".join(parts), params


def _newest_first(row: tuple) -> tuple:
    when = row[1]
    return (when is None, -when.timestamp() if when else 0.0, row[0])


def _facets(rows: list[tuple]) -> dict[str, dict[str, int]]:
    """Count per facet value over the matches read; most frequent first, as the Whoosh backend orders them."""
    facets = {}
    for name, (column, is_array) in FACET_COLUMNS.items():
        at = 2 + _FACET_NAMES.index(column)  # rows are (docnum, date, *facet columns, rank)
        values = [row[at] for row in rows]
        counts = Counter(chain.from_iterable(values) if is_array else values)
        counts.pop(None, None)
        facets[name] = dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    return facets


def _edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (a swap of two neighbours counts as one edit)."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def _snippet_terms(text_: str) -> dict[str, list[str]]:
    """The query's words in each body field's normal form, for the shared snippet cutter."""
    latin = [word.lower() for word in re.findall(r"[^\W_]+", text_) if not has_cjk(word) and word not in _OPERATORS]
    return {"body_en": [stem_word(word) for word in latin], "body_zh": zh_tokens(text_)}
