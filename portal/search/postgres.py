"""``SEARCH_BACKEND=postgres``: the search seam answered by PostgreSQL full-text search.

The build wrote ``search_documents`` and ``search_words`` into its own schema
(:mod:`indexer.search_tables`); this reads them with the content engine, so a
node holds no index of its own and every node answers from the same tables.
The result has the shape :class:`portal.search.backend.WhooshSearch` gives:

* matching: each typed word may match the English fields (stemmed by
  PostgreSQL's ``english`` configuration), the Chinese fields (jieba words)
  or the ids (one normal form); words are OR-ed, a quoted phrase must appear
  as a phrase; a whole Chinese sentence with no match is read as any of its words;
* ranking: with RUM the index returns candidates in rank order (``<=>``),
  re-ranked with the field weights (:func:`portal.search.pg_schema.rank_weights`);
  without RUM every match is ranked by ``ts_rank``;
* facets: exact counts per value over all matches, one query;
* highlights: ``ts_headline`` on the English body, the shared snippet cutter
  on the Chinese one (PostgreSQL cannot segment Chinese);
* "did you mean": a word the vocabulary lacks is replaced by its nearest
  trigram neighbour (pg_trgm) starting with the same letter;
* exact ids: a recall id or the version of exactly one release redirects.
"""

from __future__ import annotations

import html
import re
from typing import Mapping

from sqlalchemy import Engine, text

from portal.search import ids
from portal.search.analyzers import has_cjk, segment_cjk, stem_word
from portal.search import backend as _backend
from portal.search.backend import Hit, SearchResult, _page
from portal.search.facets import normalise_filters
from portal.search.pg_schema import DOCUMENTS, FACET_COLUMNS, WORDS, id_tokens, rank_weights, zh_tokens
from portal.search.schema import clean_query
from portal.search.snippets import snippet_html

# Candidates fetched in RUM's order and re-ranked with the field weights.
RERANK_CANDIDATES = 200
# "Did you mean": trigram neighbours looked at, and the most edits a correction may make.
SUGGEST_CANDIDATES = 10
SUGGEST_MAX_EDITS = 2
_WORD_RE = re.compile(r"[A-Za-z]{3,}")
_TOKEN_RE = re.compile(r'"([^"]*)"|(\S+)')
_OPERATORS = {"AND", "OR", "NOT"}
_START, _STOP = "\x02", "\x03"
_HEADLINE = f"StartSel={_START}, StopSel={_STOP}, MaxFragments=2, MaxWords=30, MinWords=12, FragmentDelimiter=\x04"


class PostgresSearch:
    """Search over the tables one build wrote into ``schema``."""

    def __init__(self, engine: Engine, schema: str):
        self._engine = engine
        self._schema = schema
        self._table = f'"{schema}".{DOCUMENTS}'
        self._words = f'"{schema}".{WORDS}'
        with engine.connect() as conn:
            self.rum = bool(conn.execute(text(
                "SELECT 1 FROM pg_indexes WHERE schemaname = :s AND indexname = 'search_tsv' "
                "AND indexdef ILIKE '%USING rum%'"), {"s": schema}).first())
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
            result.redirect = self._redirect(conn, text_)
            tsquery, params = _tsquery(text_)
            if tsquery is None:
                result.suggestion = self._suggestion(conn, text_)
                return result
            where, params = self._where(tsquery, params, chosen)
            result.facets, result.total = self._facets(conn, where, params)
            if not result.total and has_cjk(text_):  # a whole Chinese sentence: any of its words
                tsquery, params = _tsquery(segment_cjk(text_), any_word=True)
                if tsquery is not None:
                    where, params = self._where(tsquery, params, chosen)
                    result.facets, result.total = self._facets(conn, where, params)
            if result.total and (page - 1) * page_size < result.total:
                result.hits = self._hits(conn, where, tsquery, params, page, sort, lang, text_, page_size)
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

    def _facets(self, conn, where: str, params: dict) -> tuple[dict[str, dict[str, int]], int]:
        parts = []
        for name, (column, is_array) in FACET_COLUMNS.items():
            if is_array:
                parts.append(f"SELECT '{name}', v, count(*) FROM m, unnest(m.{column}) v GROUP BY v")
            else:
                parts.append(f"SELECT '{name}', {column}, count(*) FROM m WHERE {column} IS NOT NULL GROUP BY {column}")
        columns = ", ".join(sorted({column for column, _ in FACET_COLUMNS.values()}))
        sql = (f"WITH m AS MATERIALIZED (SELECT {columns} FROM {self._table} WHERE {where}) "
               + " UNION ALL ".join(parts))
        facets: dict[str, dict[str, int]] = {name: {} for name in FACET_COLUMNS}
        for name, value, count in conn.execute(text(sql), params):
            facets[name][value] = count
        total = sum(facets["type"].values())
        ordered = {name: dict(sorted(values.items(), key=lambda item: (-item[1], item[0])))
                   for name, values in facets.items()}
        return ordered, total

    def _hits(self, conn, where, tsquery, params, page, sort, lang, text_, page_size) -> list[Hit]:
        params = {**params, "limit": page_size, "offset": (page - 1) * page_size, "w": rank_weights()}
        columns = "docnum, id, type, ref, url, title_en, title_zh, body_en, body_zh, make, model, date"
        rank = f"ts_rank(CAST(:w AS real[]), tsv, ({tsquery}))"
        if sort != "relevance":
            order = "date DESC NULLS LAST, docnum" if sort == "newest" else "date ASC NULLS LAST, docnum"
            sql = f"SELECT {columns} FROM {self._table} WHERE {where} ORDER BY {order} LIMIT :limit OFFSET :offset"
        elif self.rum:
            params["candidates"] = max(RERANK_CANDIDATES, page * page_size * 2)
            sql = (f"SELECT {columns} FROM (SELECT {columns}, tsv FROM {self._table} WHERE {where} "
                   f"ORDER BY tsv <=> ({tsquery}) LIMIT :candidates) c "
                   f"ORDER BY {rank} DESC, docnum LIMIT :limit OFFSET :offset")
        else:
            sql = f"SELECT {columns} FROM {self._table} WHERE {where} ORDER BY {rank} DESC, docnum LIMIT :limit OFFSET :offset"
        rows = conn.execute(text(sql), params).mappings().all()
        headlines = self._headlines(conn, [row["docnum"] for row in rows], tsquery, params) if lang == "en" else {}
        terms = _snippet_terms(text_)
        other = "en" if lang == "zh" else "zh"
        hits = []
        for row in rows:
            stored = dict(row)
            snippet = headlines.get(row["docnum"]) or snippet_html(stored, terms, lang)
            when = row["date"]
            hits.append(Hit(
                type=row["type"], id=row["id"], ref=row["ref"],
                title=row[f"title_{lang}"] or row[f"title_{other}"] or "", snippet=snippet, url=row["url"],
                date=when.date().isoformat() if when else None, make=row["make"], model=tuple(row["model"] or ()),
            ))
        return hits

    def _headlines(self, conn, docnums: list[int], tsquery: str, params: dict) -> dict[int, str]:
        if not docnums:
            return {}
        sql = (f"SELECT docnum, ts_headline('english', body_en, ({tsquery}), :opts) FROM {self._table} "
               f"WHERE docnum = ANY(:docnums) AND body_en IS NOT NULL AND tsv @@ ({tsquery})")
        found = {}
        for docnum, headline in conn.execute(text(sql), {**params, "docnums": docnums, "opts": _HEADLINE}):
            if _START in headline:
                found[docnum] = _marked(headline)
        return found

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
        for word in dict.fromkeys(_WORD_RE.findall(text_)):
            lower = word.lower()
            known = conn.execute(text(f"SELECT 1 FROM {self._words} WHERE word = :w"), {"w": lower}).first()
            if known:
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
            params[key] = phrase
            zh = zh_tokens(phrase) if has_cjk(phrase) else []
            options = [f"phraseto_tsquery('english', :{key})"]
            if zh:
                params[key + "z"] = " ".join(zh)
                options.append(f"phraseto_tsquery('simple', :{key}z)")
            parts.append("(" + " || ".join(options) + ")")
            continue
        options = []
        params[key] = word
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
    latin = [word.lower() for word in re.findall(r"[^\W_]+", text_) if not has_cjk(word)]
    return {"body_en": [stem_word(word) for word in latin], "body_zh": zh_tokens(text_)}


def _marked(headline: str) -> str:
    fragments = [fragment.strip() for fragment in headline.split("\x04") if fragment.strip()]
    escaped = " … ".join(html.escape(fragment, quote=False) for fragment in fragments)
    return escaped.replace(_START, "<mark>").replace(_STOP, "</mark>")
